#include "http/message.h"

namespace kinship::http {

std::string Request::Header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  return it == headers.end() ? std::string() : it->second;
}

std::string Request::Query(std::string_view name) const {
  auto it = query.find(std::string(name));
  return it == query.end() ? std::string() : it->second;
}

std::string Request::Cookie(std::string_view name) const {
  const std::string all = Header("cookie");
  size_t pos = 0;
  while (pos < all.size()) {
    size_t end = all.find(';', pos);
    if (end == std::string::npos) end = all.size();
    std::string_view part(all.data() + pos, end - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    const size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) {
      return std::string(part.substr(eq + 1));
    }
    pos = end + 1;
  }
  return {};
}

std::string ClientAddress(const Request& req, bool trust_proxy) {
  if (!trust_proxy) return req.remote_address;
  const std::string forwarded = req.Header("x-forwarded-for");
  if (forwarded.empty()) return req.remote_address;
  // The rightmost entry is the one our own proxy added; earlier ones are the client's claims.
  std::string last = forwarded.substr(forwarded.rfind(',') == std::string::npos ? 0 : forwarded.rfind(',') + 1);
  const auto first = last.find_first_not_of(" \t");
  const auto end = last.find_last_not_of(" \t");
  if (first == std::string::npos) return req.remote_address;
  last = last.substr(first, end - first + 1);
  return last.size() <= 64 ? last : req.remote_address;
}

static int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool PercentDecode(std::string_view in, std::string* out, bool plus_is_space) {
  out->clear();
  out->reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      const int hi = HexValue(in[i + 1]);
      const int lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (c == '\0') return false;
    out->push_back(c);
  }
  return true;
}

bool ParseTarget(std::string_view target, std::string* path,
                 std::multimap<std::string, std::string>* query) {
  if (target.empty() || target.front() != '/') return false;
  const size_t q = target.find('?');
  if (!PercentDecode(target.substr(0, q), path, false)) return false;
  query->clear();
  if (q == std::string_view::npos) return true;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    const size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    std::string key, value;
    if (!PercentDecode(pair.substr(0, eq), &key, true)) return false;
    if (eq != std::string_view::npos && !PercentDecode(pair.substr(eq + 1), &value, true)) return false;
    query->emplace(std::move(key), std::move(value));
  }
  return true;
}

}  // namespace kinship::http

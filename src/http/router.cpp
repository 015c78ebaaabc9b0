#include "http/router.h"

#include "core/ids.h"

namespace kinship::http {

namespace {
std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> out;
  size_t pos = 1;
  while (pos <= path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    out.push_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

bool MatchPattern(std::string_view pattern, std::string_view path, std::map<std::string, std::string>* params) {
  const auto ps = Split(pattern);
  const auto xs = Split(path);
  if (ps.size() != xs.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < ps.size(); ++i) {
    const auto p = ps[i];
    if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
      const std::string name(p.substr(1, p.size() - 2));
      if (xs[i].empty()) return false;
      if ((name == "id" || name.ends_with("_id")) && !IsValidId(xs[i])) return false;
      found[name] = std::string(xs[i]);
    } else if (p != xs[i]) {
      return false;
    }
  }
  *params = std::move(found);
  return true;
}
}  // namespace

void Router::Add(Route route) { routes_.push_back(std::move(route)); }

Router::Outcome Router::Match(const std::string& method, const std::string& path, const Route** route,
                              std::map<std::string, std::string>* params, std::string* allow) const {
  bool path_matched = false;
  allow->clear();
  for (const auto& r : routes_) {
    std::map<std::string, std::string> p;
    if (!MatchPattern(r.pattern, path, &p)) continue;
    const bool same = r.method == method || (method == "HEAD" && r.method == "GET");
    if (same) {
      *route = &r;
      *params = std::move(p);
      return Outcome::kMatched;
    }
    path_matched = true;
    *allow += (allow->empty() ? "" : ", ") + r.method;
  }
  return path_matched ? Outcome::kMethodNotAllowed : Outcome::kNotFound;
}

}  // namespace kinship::http

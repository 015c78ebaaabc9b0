#include "supplies/query_reader.h"

#include <algorithm>
#include <charconv>

#include "core/ids.h"

namespace kinship::supplies {

bool QueryReader::Flag(std::string_view name) {
  const std::string v = req_.Query(name);
  if (!req_.HasQuery(name) || v == "false") return false;
  if (v == "true") return true;
  errors_.push_back({std::string(name), "must be true or false"});
  return false;
}

std::string QueryReader::Id(std::string_view name) {
  if (!req_.HasQuery(name)) return {};
  std::string v = req_.Query(name);
  if (!IsValidId(v)) {
    errors_.push_back({std::string(name), "must be an id"});
    return {};
  }
  std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return v;
}

std::optional<int64_t> QueryReader::Int(std::string_view name, int64_t min, int64_t max) {
  if (!req_.HasQuery(name)) return std::nullopt;
  const std::string v = req_.Query(name);
  int64_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (v.empty() || ec != std::errc() || end != v.data() + v.size() || n < min || n > max) {
    errors_.push_back({std::string(name), "must be a whole number from " + std::to_string(min) + " to " +
                                              std::to_string(max)});
    return std::nullopt;
  }
  return n;
}

std::string QueryReader::Enum(std::string_view name, const std::vector<std::string_view>& choices) {
  if (!req_.HasQuery(name)) return {};
  const std::string v = req_.Query(name);
  if (std::find(choices.begin(), choices.end(), v) == choices.end()) {
    std::string list;
    for (auto c : choices) list += (list.empty() ? "" : ", ") + std::string(c);
    errors_.push_back({std::string(name), "must be one of: " + list});
    return {};
  }
  return v;
}

void QueryReader::Require(std::string_view name) {
  if (!req_.HasQuery(name)) errors_.push_back({std::string(name), "is required"});
}

Status QueryReader::Finish() { return errors_.empty() ? Status::Ok() : ValidationFailed(errors_); }

}  // namespace kinship::supplies

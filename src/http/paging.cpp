#include "http/paging.h"

#include <charconv>

#include "core/ids.h"

namespace kinship::http {

Result<Paging> ParsePaging(const Request& req) {
  Paging p;
  std::vector<FieldError> errors;
  if (req.HasQuery("limit")) {
    const std::string s = req.Query("limit");
    int n = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc() || end != s.data() + s.size() || n < 1 || n > 500) {
      errors.push_back({"limit", "must be a whole number from 1 to 500"});
    } else {
      p.limit = n;
    }
  }
  if (req.HasQuery("after")) {
    p.after = req.Query("after");
    if (!IsValidId(p.after)) errors.push_back({"after", "must be an id"});
  }
  if (!errors.empty()) return ValidationFailed(errors);
  return p;
}

nlohmann::json ListEnvelope(nlohmann::json items, const Paging& paging) {
  nlohmann::json next = nullptr;
  if (static_cast<int>(items.size()) == paging.limit && !items.empty()) next = items.back()["id"];
  return {{"items", std::move(items)}, {"next_after", next}};
}

}  // namespace kinship::http

#include "audit/audit_routes.h"

#include <charconv>

#include "audit/audit_log.h"
#include "http/problem.h"

namespace kinship::audit {

http::Response HandleListAudit(http::Context& ctx) {
  int limit = 100;
  int64_t before = 0;
  std::vector<FieldError> errors;
  auto parse = [&](const char* name, int64_t min, int64_t max, int64_t* out) {
    if (!ctx.req.HasQuery(name)) return;
    const std::string s = ctx.req.Query(name);
    int64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || v < min || v > max) {
      errors.push_back({name, "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max)});
    } else {
      *out = v;
    }
  };
  int64_t lim = limit;
  parse("limit", 1, 500, &lim);
  parse("before", 1, INT64_MAX, &before);
  if (!errors.empty()) return http::ProblemFromStatus(ValidationFailed(errors));
  limit = static_cast<int>(lim);
  nlohmann::json items = nlohmann::json::array();
  Status s = ctx.services.db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(auto list, ctx.services.audit.List(tx, ctx.program_id(), before, limit));
    for (const auto& e : list) items.push_back(ToJson(e));
    return Status::Ok();
  });
  if (!s.ok()) return http::ProblemFromStatus(s);
  nlohmann::json next = nullptr;
  if (static_cast<int>(items.size()) == limit) next = items.back()["seq"];
  return http::Json(200, {{"items", items}, {"next_before", next}});
}

http::Response HandleVerifyAudit(http::Context& ctx) {
  auto report = ctx.services.audit.Verify(ctx.services.db, ctx.program_id());
  if (!report.ok()) return http::ProblemFromStatus(report.status());
  nlohmann::json out = {{"ok", report->ok}, {"checked", report->checked}};
  if (!report->ok) {
    out["first_broken_seq"] = report->first_broken_seq;
    out["reason"] = report->reason;
  }
  return http::Json(200, out);
}

}  // namespace kinship::audit

#include "referrals/referral_routes.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "core/clock.h"
#include "core/ids.h"
#include "http/json_body.h"
#include "http/paging.h"
#include "http/problem.h"
#include "referrals/referral.h"
#include "referrals/referral_service.h"
#include "referrals/referral_store.h"

namespace kinship::referrals {

namespace {

// A query parameter that must be an id when given.
Status QueryId(const http::Context& ctx, const char* name, std::string* out) {
  *out = ctx.req.Query(name);
  if (!out->empty() && !IsValidId(*out)) return FieldInvalid(name, "must be an id");
  return Status::Ok();
}

bool IsDay(const std::string& s) {
  int y = 0;
  unsigned m = 0, d = 0;
  char tail = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  if (std::sscanf(s.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3) return false;
  return y >= 1900 && y <= 2999 && std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m},
                                                                std::chrono::day{d}}.ok();
}

}  // namespace

http::Response HandleListReferrals(http::Context& ctx) {
  auto paging = http::ParsePaging(ctx.req);
  if (!paging.ok()) return http::ProblemFromStatus(paging.status());
  ReferralFilter f;
  f.status = ctx.req.Query("status");
  if (!f.status.empty() &&
      std::find(kReferralStatuses.begin(), kReferralStatuses.end(), f.status) == kReferralStatuses.end()) {
    return http::ProblemFromStatus(
        FieldInvalid("status", "must be one of: made, accepted, attended, not_attended, closed"));
  }
  for (auto [name, out] : {std::pair{"participant_id", &f.participant_id}, std::pair{"resource_id", &f.resource_id},
                           std::pair{"encounter_id", &f.encounter_id}}) {
    if (Status s = QueryId(ctx, name, out); !s.ok()) return http::ProblemFromStatus(s);
  }
  f.older_than = paging->after;
  f.newest_first = true;
  f.limit = paging->limit;
  nlohmann::json items = nlohmann::json::array();
  Status s = ctx.services.db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(auto list, QueryReferrals(tx, ctx.program_id(), f));
    for (const auto& r : list) items.push_back(ToJson(r));
    return Status::Ok();
  });
  if (!s.ok()) return http::ProblemFromStatus(s);
  return http::Json(200, http::ListEnvelope(std::move(items), *paging));
}

http::Response HandleGetReferral(http::Context& ctx) {
  nlohmann::json out;
  Status s = ctx.services.db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(Referral r, FindReferral(tx, ctx.program_id(), ctx.Param("id")));
    out = ToJson(r);
    return Status::Ok();
  });
  if (!s.ok()) return http::ProblemFromStatus(s);
  return http::Json(200, out);
}

http::Response HandleCreateReferral(http::Context& ctx) {
  http::BodyReader body(ctx.req.body);
  NewReferral in;
  in.resource_id = body.Id("resource_id");
  in.participant_id = body.OptionalId("participant_id");
  in.encounter_id = body.OptionalId("encounter_id");
  in.follow_up_on = body.OptionalDate("follow_up_on");
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  auto r = MakeReferral(ctx.services.db, ctx.services.audit, ctx.who(), in);
  if (!r.ok()) return http::ProblemFromStatus(r.status());
  auto resp = http::Json(201, *r);
  resp.SetHeader("Location", "/api/v1/referrals/" + (*r)["id"].get<std::string>());
  return resp;
}

http::Response HandlePatchReferral(http::Context& ctx) {
  http::BodyReader body(ctx.req.body);
  ReferralChange change;
  change.status = body.OptionalEnum("status", kReferralStatuses);
  change.follow_up_on = body.OptionalDate("follow_up_on", &change.follow_up_present);
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  auto r = ChangeReferral(ctx.services.db, ctx.services.audit, ctx.who(), ctx.Param("id"), change);
  if (!r.ok()) return http::ProblemFromStatus(r.status());
  return http::Json(200, *r);
}

http::Response HandleReferralBoard(http::Context& ctx) {
  auto paging = http::ParsePaging(ctx.req);
  if (!paging.ok()) return http::ProblemFromStatus(paging.status());
  auto board = FollowUpBoard(ctx.services.db, ctx.who(), *paging);
  if (!board.ok()) return http::ProblemFromStatus(board.status());
  return http::Json(200, *board);
}

http::Response HandleReferralFunnel(http::Context& ctx) {
  std::string to = ctx.req.Query("to");
  std::string from = ctx.req.Query("from");
  std::vector<FieldError> errors;
  if (!to.empty() && !IsDay(to)) errors.push_back({"to", "must be a date as YYYY-MM-DD"});
  if (!from.empty() && !IsDay(from)) errors.push_back({"from", "must be a date as YYYY-MM-DD"});
  if (!errors.empty()) return http::ProblemFromStatus(ValidationFailed(std::move(errors)));
  if (to.empty()) to = NowIso().substr(0, 10);
  if (from.empty()) from = AddDays(to, -29);
  if (from > to) return http::ProblemFromStatus(FieldInvalid("from", "must not be after to"));
  auto funnel = ReferralFunnel(ctx.services.db, ctx.who(), from, to);
  if (!funnel.ok()) return http::ProblemFromStatus(funnel.status());
  return http::Json(200, *funnel);
}

}  // namespace kinship::referrals

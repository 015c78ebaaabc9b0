#include "encounters/encounter_routes.h"

#include "core/clock.h"
#include "core/ids.h"
#include "encounters/calendar.h"
#include "encounters/dashboard.h"
#include "encounters/encounter_csv.h"
#include "encounters/encounter_service.h"
#include "http/json_body.h"
#include "http/paging.h"
#include "http/problem.h"

namespace kinship::encounters {

namespace {

constexpr http::StringRule kArea{.min = 0, .max = kMaxAreaChars};
constexpr http::StringRule kVoidReason{.min = 1, .max = 200};

// Reads the fields POST and PATCH share. For PATCH (editing) nothing is required.
EncounterInput ReadEncounterBody(http::BodyReader& body, bool editing) {
  EncounterInput in;
  if (!editing || body.has("site_id")) in.site_id = body.Id("site_id");
  in.mode = body.OptionalEnum("mode", kModes);
  in.area = body.OptionalString("area", kArea, &in.area_present);
  if (in.area && in.area->empty()) in.area.reset();
  in.occurred_at = body.OptionalTime("occurred_at");
  in.participant_present = body.has("participant_id");
  in.participant_id = body.OptionalId("participant_id");
  in.kit_present = body.has("kit_id");
  in.kit_id = body.OptionalId("kit_id");
  bool items_present = false;
  const auto items = body.Array("items", kMaxItemLines, &items_present);
  if (items_present) {
    in.items.emplace();
    for (size_t i = 0; i < items.size(); ++i) {
      http::BodyReader line(items[i], body.Element("items", i));
      ItemLine l;
      l.field = body.Element("items", i);
      l.item_id = line.Id("item_id");
      l.quantity = line.Int("quantity", 1, kMaxQuantity);
      l.for_others = line.OptionalInt("for_others", 0, kMaxQuantity).value_or(0);
      body.Absorb(line);
      in.items->push_back(std::move(l));
    }
  } else if (body.has("items")) {
    body.AddError("items", "must be an array");
  } else if (!editing) {
    body.AddError("items", "is required (an empty array when only services were given)");
  }
  in.returned_syringes = body.OptionalInt("returned_syringes", 0, kMaxReturned);
  in.returned_containers = body.OptionalInt("returned_containers", 0, kMaxReturned);
  in.for_others_people = body.OptionalInt("for_others_people", 0, kMaxForOthersPeople);
  const bool services_present = body.has("services");
  auto services = body.EnumArray("services", kServices);
  if (services_present) in.services = std::move(services);
  in.use_expired = body.OptionalBool("use_expired").value_or(false);
  return in;
}

// "from"/"to" days of a query; to must not be before from.
Status ReadDays(const http::Request& req, std::optional<std::string>* from, std::optional<std::string>* to) {
  std::vector<FieldError> errors;
  for (auto [name, out] : {std::pair{"from", from}, std::pair{"to", to}}) {
    if (!req.HasQuery(name)) continue;
    const std::string v = req.Query(name);
    if (!ParseDay(v)) {
      errors.push_back({name, "must be a date as YYYY-MM-DD"});
    } else {
      *out = v;
    }
  }
  if (*from && *to && **to < **from) errors.push_back({"to", "must not be before from"});
  if (!errors.empty()) return ValidationFailed(std::move(errors));
  return Status::Ok();
}

Status ReadIdQuery(const http::Request& req, const char* name, std::optional<std::string>* out) {
  if (!req.HasQuery(name)) return Status::Ok();
  const std::string v = req.Query(name);
  if (!IsValidId(v)) return FieldInvalid(name, "must be an id");
  *out = v;
  return Status::Ok();
}

}  // namespace

http::Response HandleCreateEncounter(http::Context& ctx) {
  http::BodyReader body(ctx.req.body);
  EncounterInput in = ReadEncounterBody(body, false);
  const auto referrals = body.Array("referrals", kMaxReferrals);
  for (size_t i = 0; i < referrals.size(); ++i) {
    http::BodyReader r(referrals[i], body.Element("referrals", i));
    ReferralRequest req;
    req.resource_id = r.Id("resource_id");
    req.follow_up_on = r.OptionalDate("follow_up_on");
    body.Absorb(r);
    in.referrals.push_back(std::move(req));
  }
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  auto view = CreateEncounter(ctx.services.db, ctx.services.audit, ctx.who(), in);
  if (!view.ok()) return http::ProblemFromStatus(view.status());
  auto r = http::Json(201, ToJson(*view, true));
  r.SetHeader("Location", "/api/v1/encounters/" + view->encounter.id);
  return r;
}

http::Response HandlePatchEncounter(http::Context& ctx) {
  http::BodyReader body(ctx.req.body);
  EncounterInput in = ReadEncounterBody(body, true);
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  auto view = EditEncounter(ctx.services.db, ctx.services.audit, ctx.who(), ctx.Param("id"), in);
  if (!view.ok()) return http::ProblemFromStatus(view.status());
  return http::Json(200, ToJson(*view, true));
}

http::Response HandleVoidEncounter(http::Context& ctx) {
  http::BodyReader body(ctx.req.body);
  const std::string reason = body.String("reason", kVoidReason);
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  auto view = VoidEncounter(ctx.services.db, ctx.services.audit, ctx.who(), ctx.Param("id"), reason);
  if (!view.ok()) return http::ProblemFromStatus(view.status());
  return http::Json(200, ToJson(*view));
}

http::Response HandleGetEncounter(http::Context& ctx) {
  auto view = ReadEncounter(ctx.services.db, ctx.program_id(), ctx.Param("id"));
  if (!view.ok()) return http::ProblemFromStatus(view.status());
  return http::Json(200, ToJson(*view));
}

http::Response HandleListEncounters(http::Context& ctx) {
  auto paging = http::ParsePaging(ctx.req);
  if (!paging.ok()) return http::ProblemFromStatus(paging.status());
  EncounterFilter filter;
  std::optional<std::string> from, to;
  // worker_id=me: the caller's own encounters (a peer's "my recent encounters").
  const bool mine = ctx.req.HasQuery("worker_id") && ctx.req.Query("worker_id") == "me";
  for (Status s : {ReadIdQuery(ctx.req, "site_id", &filter.site_id),
                   ReadIdQuery(ctx.req, "participant_id", &filter.participant_id),
                   mine ? Status::Ok() : ReadIdQuery(ctx.req, "worker_id", &filter.worker_id),
                   ReadDays(ctx.req, &from, &to)}) {
    if (!s.ok()) return http::ProblemFromStatus(s);
  }
  if (mine) filter.worker_id = ctx.who().user_id;
  if (from) filter.from_time = *from + "T00:00:00.000Z";
  if (to) filter.until_time = AddDays(*to, 1) + "T00:00:00.000Z";
  if (!paging->after.empty()) filter.after_id = paging->after;
  filter.limit = paging->limit;
  auto list = ReadEncounters(ctx.services.db, ctx.program_id(), filter);
  if (!list.ok()) return http::ProblemFromStatus(list.status());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& v : *list) items.push_back(ToJson(v));
  return http::Json(200, http::ListEnvelope(std::move(items), *paging));
}

http::Response HandleExportEncounters(http::Context& ctx) {
  std::optional<std::string> from, to;
  if (Status s = ReadDays(ctx.req, &from, &to); !s.ok()) return http::ProblemFromStatus(s);
  auto csv = ExportEncountersCsv(ctx.services.db, ctx.program_id(), from, to);
  if (!csv.ok()) return http::ProblemFromStatus(csv.status());
  return http::Csv(std::move(*csv), "encounters.csv");
}

http::Response HandleImportEncounters(http::Context& ctx) {
  auto imported = ImportEncountersCsv(ctx.services.db, ctx.services.audit, ctx.who(), ctx.req.body);
  if (!imported.ok()) return http::ProblemFromStatus(imported.status());
  return http::Json(200, {{"imported", *imported}});
}

http::Response HandleDashboard(http::Context& ctx) {
  DashboardRequest req;
  std::vector<FieldError> errors;
  if (ctx.req.HasQuery("period")) {
    req.period = ctx.req.Query("period");
    if (std::find(kDashboardPeriods.begin(), kDashboardPeriods.end(), req.period) == kDashboardPeriods.end()) {
      errors.push_back({"period", "must be one of: today, week, month"});
    }
  }
  if (Status s = ReadIdQuery(ctx.req, "site_id", &req.site_id); !s.ok()) {
    for (const auto& e : s.field_errors()) errors.push_back(e);
  }
  if (!errors.empty()) return http::ProblemFromStatus(ValidationFailed(std::move(errors)));
  req.today = DayOf(NowIso());
  // Researchers see aggregates only, with small cells suppressed.
  req.suppress_small_cells = ctx.who().role == "researcher";
  auto out = BuildDashboard(ctx.services.db, ctx.program_id(), req);
  if (!out.ok()) return http::ProblemFromStatus(out.status());
  return http::Json(200, *out);
}

}  // namespace kinship::encounters

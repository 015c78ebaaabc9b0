#include "programs/settings_routes.h"

#include "audit/audit_log.h"
#include "core/clock.h"
#include "http/json_body.h"
#include "http/problem.h"
#include "programs/program_settings.h"
#include "store/database.h"

namespace kinship::programs {

namespace {
// Whether the body's uic_formula is an array within the length BodyReader accepts.
bool FormulaIsReadableArray(std::string_view body) {
  try {
    const auto doc = nlohmann::json::parse(body, nullptr, false);
    if (!doc.is_object()) return false;
    const auto it = doc.find("uic_formula");
    return it != doc.end() && it->is_array() && it->size() <= 8;
  } catch (const nlohmann::json::exception&) {
    return false;
  }
}
}  // namespace

http::Response HandleGetSettings(http::Context& ctx) {
  ProgramSettings s;
  Status st = ctx.services.db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(s, LoadSettings(tx, ctx.program_id()));
    return Status::Ok();
  });
  if (!st.ok()) return http::ProblemFromStatus(st);
  return http::Json(200, ToJson(s));
}

http::Response HandlePatchSettings(http::Context& ctx) {
  http::BodyReader body(ctx.req.body);
  const auto code_mode = body.OptionalEnum("code_mode", kCodeModes);
  bool formula_present = false;
  std::vector<UicPart> formula;
  for (const auto& part : body.Array("uic_formula", 8, &formula_present)) {
    http::BodyReader p(part, body.Element("uic_formula", formula.size()));
    formula.push_back({p.String("answer", {.min = 1, .max = 40}), p.String("take", {.min = 1, .max = 20})});
    body.Absorb(p);
  }
  bool attributes_present = body.has("attributes");
  const auto attributes = body.EnumArray("attributes", kParticipantAttributes);
  const auto edit_window = body.OptionalInt("edit_window_hours", 0, 24 * 90);
  const auto allow_expired = body.OptionalBool("allow_expired_dispense");
  const auto expiring_days = body.OptionalInt("expiring_soon_days", 1, 730);
  const auto follow_up_days = body.OptionalInt("follow_up_days", 0, 365);
  // The rules of a formula apply only to an array BodyReader could read (else it has said why).
  if (formula_present && FormulaIsReadableArray(ctx.req.body)) {
    for (auto& e : CheckFormula(formula, "uic_formula")) body.AddError(e.field, e.message);
  }
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);

  ProgramSettings out;
  Status st = ctx.services.db.Write([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(ProgramSettings s, LoadSettings(tx, ctx.program_id()));
    nlohmann::json diff = nlohmann::json::object();
    if (formula_present) {
      bool same = formula.size() == s.uic_formula.size();
      for (size_t i = 0; same && i < formula.size(); ++i) {
        same = formula[i].answer == s.uic_formula[i].answer && formula[i].take == s.uic_formula[i].take;
      }
      if (!same) {
        // Codes are hashes of the formula's output: a new formula would orphan every code.
        KINSHIP_ASSIGN_OR_RETURN(
            store::Rows n, tx.Query("SELECT COUNT(*) FROM participant_keys WHERE program_id = $1 AND kind = 'uic'",
                                    {ctx.program_id()}));
        if (!n.empty() && n[0].Int(0) > 0) {
          return Status(StatusCode::kFailedPrecondition,
                        "The code formula cannot change once participant codes exist: the codes already made "
                        "would no longer be found.",
                        {{"uic_formula", "cannot change once participant codes exist"}});
        }
        s.uic_formula = formula;
        diff["uic_formula"] = "changed";
      }
    }
    if (code_mode && *code_mode != s.code_mode) diff["code_mode"] = s.code_mode = *code_mode;
    if (attributes_present && attributes != s.attributes) diff["attributes"] = s.attributes = attributes;
    if (edit_window) diff["edit_window_hours"] = s.edit_window_hours = static_cast<int>(*edit_window);
    if (allow_expired) diff["allow_expired_dispense"] = s.allow_expired_dispense = *allow_expired;
    if (expiring_days) diff["expiring_soon_days"] = s.expiring_soon_days = static_cast<int>(*expiring_days);
    if (follow_up_days) diff["follow_up_days"] = s.follow_up_days = static_cast<int>(*follow_up_days);
    s.updated_at = NowIso();
    KINSHIP_RETURN_IF_ERROR(SaveSettings(tx, ctx.program_id(), s));
    out = s;
    return ctx.services.audit.Append(tx, {ctx.program_id(), ctx.who().user_id, "settings", ctx.program_id(),
                                          "update", diff});
  });
  if (!st.ok()) return http::ProblemFromStatus(st);
  return http::Json(200, ToJson(out));
}

}  // namespace kinship::programs

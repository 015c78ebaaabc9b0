#include "referrals/referral_service.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "core/clock.h"
#include "core/ids.h"
#include "programs/program_settings.h"
#include "referrals/referral.h"
#include "referrals/referral_store.h"
#include "referrals/resource.h"
#include "referrals/resource_store.h"

namespace kinship::referrals {

namespace {

std::string Today() { return NowIso().substr(0, 10); }

std::string Field(const std::string& prefix, const char* name) {
  return prefix.empty() ? std::string(name) : prefix + "." + name;
}

nlohmann::json ToJsonList(const std::vector<Referral>& list) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : list) out.push_back(ToJson(r));
  return out;
}

// A count as shown to the caller: researchers see 1–4 as "<5", and a complementary cell
// (hidden so a small one cannot be worked out from the total) reads "<5" as well, as the
// dashboard's do.
struct Cell {
  int64_t n = 0;
  bool hidden = false;
  bool complementary = false;
  nlohmann::json Json() const {
    if (hidden || complementary) return "<5";
    return n;
  }
};

Cell Count(int64_t n, bool suppress) { return {n, suppress && n >= 1 && n <= 4, false}; }

// Within one column of by_kind: a single hidden cell would be the total minus the others, so
// hide the next smallest shown cell too.
void SuppressComplement(std::vector<Cell*>& column) {
  const auto hidden = std::count_if(column.begin(), column.end(), [](const Cell* c) { return c->hidden; });
  if (hidden != 1) return;
  Cell* smallest = nullptr;
  for (Cell* c : column) {
    if (c->hidden || c->n == 0) continue;
    if (smallest == nullptr || c->n < smallest->n) smallest = c;
  }
  if (smallest != nullptr) smallest->complementary = true;
}

}  // namespace

std::string AddDays(const std::string& day, int days) {
  int y = 0, m = 0, d = 0;
  if (std::sscanf(day.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) return day;
  using namespace std::chrono;
  const year_month_day ymd{sys_days{year{y} / month{static_cast<unsigned>(m)} / static_cast<unsigned>(d)} +
                           std::chrono::days{days}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

Result<nlohmann::json> MakeReferralInTx(store::Tx& tx, const audit::Recorder& audit, const auth::Principal& actor,
                                        const NewReferral& in, const std::string& field_prefix) {
  const std::string& program_id = actor.program_id;
  std::vector<FieldError> errors;
  Referral r;
  auto resource = FindResource(tx, program_id, in.resource_id);
  if (!resource.ok() && resource.status().code() != StatusCode::kNotFound) return resource.status();
  if (!resource.ok()) {
    errors.push_back({Field(field_prefix, "resource_id"), "is not a resource of this program"});
  } else if (resource->archived) {
    errors.push_back({Field(field_prefix, "resource_id"), "is archived"});
  }
  if (in.participant_id) {
    KINSHIP_ASSIGN_OR_RETURN(r.participant_id, ReferableParticipant(tx, program_id, *in.participant_id));
    if (!r.participant_id) {
      errors.push_back({Field(field_prefix, "participant_id"), "is not a participant of this program"});
    }
  }
  if (in.encounter_id) {
    KINSHIP_ASSIGN_OR_RETURN(bool exists, EncounterExists(tx, program_id, *in.encounter_id));
    if (!exists) errors.push_back({Field(field_prefix, "encounter_id"), "is not an encounter of this program"});
  }
  if (!errors.empty()) return ValidationFailed(std::move(errors));

  r.program_id = program_id;
  r.id = NewId();
  r.resource_id = in.resource_id;
  r.encounter_id = in.encounter_id;
  r.status = "made";
  r.made_at = r.updated_at = NowIso();
  r.made_by = actor.user_id;
  r.follow_up_on = in.follow_up_on;
  if (!r.follow_up_on) {
    KINSHIP_ASSIGN_OR_RETURN(programs::ProgramSettings s, programs::LoadSettings(tx, program_id));
    r.follow_up_on = AddDays(r.made_at.substr(0, 10), s.follow_up_days);
  }
  KINSHIP_RETURN_IF_ERROR(InsertReferral(tx, r));
  const ReferralEvent first{"made", r.made_at, actor.user_id};
  KINSHIP_RETURN_IF_ERROR(InsertEvent(tx, program_id, r.id, first));
  KINSHIP_RETURN_IF_ERROR(audit.Append(tx, {program_id, actor.user_id, "referral", r.id, "create",
                                            {{"resource_id", r.resource_id},
                                             {"encounter_id", in.encounter_id ? nlohmann::json(*in.encounter_id)
                                                                              : nlohmann::json(nullptr)},
                                             {"with_participant", r.participant_id.has_value()}}}));
  KINSHIP_ASSIGN_OR_RETURN(Referral stored, FindReferral(tx, program_id, r.id));
  return ToJson(stored);
}

Result<nlohmann::json> ReferralsOfEncounter(store::Tx& tx, const std::string& program_id,
                                            const std::string& encounter_id) {
  ReferralFilter f;
  f.encounter_id = encounter_id;
  f.limit = 1000;
  KINSHIP_ASSIGN_OR_RETURN(std::vector<Referral> list, QueryReferrals(tx, program_id, f));
  std::sort(list.begin(), list.end(),
            [](const Referral& a, const Referral& b) { return std::tie(a.made_at, a.id) < std::tie(b.made_at, b.id); });
  return ToJsonList(list);
}

Result<nlohmann::json> ReferralsOfParticipant(store::Tx& tx, const std::string& program_id,
                                              const std::string& participant_id, int limit) {
  ReferralFilter f;
  f.of_participant = participant_id;
  f.newest_first = true;
  f.limit = limit;
  KINSHIP_ASSIGN_OR_RETURN(std::vector<Referral> list, QueryReferrals(tx, program_id, f));
  return ToJsonList(list);
}

Result<nlohmann::json> MakeReferral(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                                    const NewReferral& in) {
  nlohmann::json out;
  Status st = db.Write([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(out, MakeReferralInTx(tx, audit, actor, in, ""));
    if (!in.encounter_id) return Status::Ok();
    // Referrals made from an encounter count on the dashboard's day and site of that
    // encounter; voiding or editing it later takes them all off again.
    return tx
        .Exec("UPDATE daily_site_stats SET referrals = referrals + 1 WHERE program_id = $1 AND (day, site_id) = "
              "(SELECT day, site_id FROM encounters WHERE program_id = $1 AND id = $2 AND voided = 0)",
              {actor.program_id, *in.encounter_id})
        .status();
  });
  if (!st.ok()) return st;
  return out;
}

Result<nlohmann::json> ChangeReferral(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                                      const std::string& id, const ReferralChange& change) {
  nlohmann::json out;
  Status st = db.Write([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(Referral r, FindReferral(tx, actor.program_id, id));
    nlohmann::json diff = nlohmann::json::object();
    const std::string now = NowIso();
    if (change.status && *change.status != r.status) {
      if (!CanMove(r.status, *change.status)) {
        return Status(StatusCode::kFailedPrecondition,
                      r.status == "closed" ? "This referral is closed; its status cannot change."
                                           : "A referral's status only moves forward: made, accepted, attended or "
                                             "not attended, closed.",
                      {{"status", "cannot go from " + r.status + " to " + *change.status}});
      }
      diff["status"] = {r.status, *change.status};
      r.status = *change.status;
      if (r.status == "closed") r.closed_at = now;
      KINSHIP_RETURN_IF_ERROR(InsertEvent(tx, r.program_id, r.id, {r.status, now, actor.user_id}));
    }
    if (change.follow_up_present && change.follow_up_on != r.follow_up_on) {
      if (r.status == "closed" && !diff.contains("status")) {
        return Status(StatusCode::kFailedPrecondition, "This referral is closed; it has no follow-up to move.",
                      {{"follow_up_on", "cannot change on a closed referral"}});
      }
      r.follow_up_on = change.follow_up_on;
      diff["follow_up_on"] = "changed";
    }
    r.updated_at = now;
    KINSHIP_RETURN_IF_ERROR(UpdateReferral(tx, r));
    const char* action = r.status == "closed" && diff.contains("status") ? "close" : "update";
    KINSHIP_RETURN_IF_ERROR(audit.Append(tx, {r.program_id, actor.user_id, "referral", r.id, action, diff}));
    KINSHIP_ASSIGN_OR_RETURN(Referral stored, FindReferral(tx, actor.program_id, id));
    out = ToJson(stored);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<nlohmann::json> FollowUpBoard(store::Database& db, const auth::Principal& actor, const http::Paging& paging) {
  nlohmann::json out;
  Status st = db.Read([&](store::Tx& tx) -> Status {
    ReferralFilter f;
    f.due_by = Today();
    f.limit = paging.limit;
    if (!paging.after.empty()) {
      auto cursor = FindReferral(tx, actor.program_id, paging.after);
      if (!cursor.ok() && cursor.status().code() == StatusCode::kNotFound) {
        return FieldInvalid("after", "is not a referral of this program");
      }
      if (!cursor.ok()) return cursor.status();
      f.due_after = std::move(*cursor);
    }
    std::vector<Referral> list;
    // A cursor that has since left the board (closed, or its follow-up cleared) ends the list.
    if (!f.due_after || f.due_after->follow_up_on) {
      KINSHIP_ASSIGN_OR_RETURN(list, QueryReferrals(tx, actor.program_id, f));
    }
    out = http::ListEnvelope(ToJsonList(list), paging);
    out["today"] = f.due_by;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<nlohmann::json> ReferralFunnel(store::Database& db, const auth::Principal& actor, const std::string& from,
                                      const std::string& to) {
  std::vector<FunnelRow> rows;
  Status st = db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(rows, FunnelByKind(tx, actor.program_id, from + "T00:00:00.000Z",
                                                AddDays(to, 1) + "T00:00:00.000Z"));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  // Kinds in the directory's order.
  std::sort(rows.begin(), rows.end(), [](const FunnelRow& a, const FunnelRow& b) {
    const auto rank = [](const std::string& k) {
      return std::find(kResourceKinds.begin(), kResourceKinds.end(), k) - kResourceKinds.begin();
    };
    return rank(a.kind) < rank(b.kind);
  });
  const bool suppress = actor.role == "researcher";
  FunnelRow total;
  for (const auto& r : rows) {
    total.made += r.made, total.accepted += r.accepted, total.attended += r.attended;
    total.not_attended += r.not_attended, total.closed += r.closed;
  }
  constexpr int kColumns = 5;
  const auto cells = [&](const FunnelRow& r) {
    return std::vector<Cell>{Count(r.made, suppress), Count(r.accepted, suppress), Count(r.attended, suppress),
                             Count(r.not_attended, suppress), Count(r.closed, suppress)};
  };
  std::vector<std::vector<Cell>> by_kind;
  for (const auto& r : rows) by_kind.push_back(cells(r));
  if (suppress) {
    for (int c = 0; c < kColumns; ++c) {
      std::vector<Cell*> column;
      for (auto& row : by_kind) column.push_back(&row[c]);
      SuppressComplement(column);
    }
  }
  static const char* kNames[kColumns] = {"made", "accepted", "attended", "not_attended", "closed"};
  const std::vector<Cell> overall = cells(total);
  nlohmann::json out = {{"from", from}, {"to", to}, {"suppressed", suppress}};
  for (int c = 0; c < kColumns; ++c) out[kNames[c]] = overall[c].Json();
  nlohmann::json kinds = nlohmann::json::array();
  for (size_t i = 0; i < rows.size(); ++i) {
    nlohmann::json k = {{"kind", rows[i].kind}};
    for (int c = 0; c < kColumns; ++c) k[kNames[c]] = by_kind[i][c].Json();
    kinds.push_back(k);
  }
  out["by_kind"] = kinds;
  return out;
}

}  // namespace kinship::referrals

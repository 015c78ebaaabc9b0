#include "referrals/referral_store.h"

#include <map>

#include "core/ids.h"

namespace kinship::referrals {

namespace {
constexpr const char* kSelect =
    "SELECT r.program_id, r.id, r.resource_id, COALESCE(res.name, ''), COALESCE(res.kind, ''), r.encounter_id, "
    "r.participant_id, p.display_code, r.status, r.made_at, r.made_by, r.follow_up_on, r.closed_at, r.updated_at "
    "FROM referrals r "
    "LEFT JOIN resources res ON res.program_id = r.program_id AND res.id = r.resource_id "
    "LEFT JOIN participants p ON p.program_id = r.program_id AND p.id = r.participant_id ";

Referral FromRow(const store::Row& row) {
  Referral r;
  r.program_id = row.Text(0);
  r.id = row.Text(1);
  r.resource_id = row.Text(2);
  r.resource_name = row.Text(3);
  r.resource_kind = row.Text(4);
  r.encounter_id = row.OptText(5);
  r.participant_id = row.OptText(6);
  r.display_code = row.OptText(7);
  r.status = row.Text(8);
  r.made_at = row.Text(9);
  r.made_by = row.Text(10);
  r.follow_up_on = row.OptText(11);
  r.closed_at = row.OptText(12);
  r.updated_at = row.Text(13);
  return r;
}

// Reads the events of every referral in list, in one statement per 400 referrals.
Status LoadHistories(store::Tx& tx, const std::string& program_id, std::vector<Referral>* list) {
  std::map<std::string, Referral*> by_id;
  for (auto& r : *list) by_id[r.id] = &r;
  constexpr size_t kChunk = 400;
  for (size_t start = 0; start < list->size(); start += kChunk) {
    store::Params params = {program_id};
    std::string in;
    for (size_t i = start; i < list->size() && i < start + kChunk; ++i) {
      in += (in.empty() ? "$" : ", $") + std::to_string(params.size() + 1);
      params.emplace_back((*list)[i].id);
    }
    KINSHIP_ASSIGN_OR_RETURN(store::Rows rows,
                             tx.Query("SELECT referral_id, status, at, user_id FROM referral_events "
                                      "WHERE program_id = $1 AND referral_id IN (" + in + ") ORDER BY at, id",
                                      params));
    for (const auto& row : rows) {
      auto it = by_id.find(row.Text(0));
      if (it != by_id.end()) it->second->history.push_back({row.Text(1), row.Text(2), row.OptText(3)});
    }
  }
  return Status::Ok();
}
}  // namespace

Status InsertReferral(store::Tx& tx, const Referral& r) {
  return tx
      .Exec("INSERT INTO referrals (program_id, id, resource_id, encounter_id, participant_id, status, made_at, "
            "made_by, follow_up_on, closed_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            {r.program_id, r.id, r.resource_id, r.encounter_id, r.participant_id, r.status, r.made_at, r.made_by,
             r.follow_up_on, r.closed_at, r.updated_at})
      .status();
}

Status UpdateReferral(store::Tx& tx, const Referral& r) {
  KINSHIP_ASSIGN_OR_RETURN(
      int64_t n, tx.Exec("UPDATE referrals SET status = $3, follow_up_on = $4, closed_at = $5, updated_at = $6 "
                         "WHERE program_id = $1 AND id = $2",
                         {r.program_id, r.id, r.status, r.follow_up_on, r.closed_at, r.updated_at}));
  return n == 0 ? NotFound("referral not found") : Status::Ok();
}

Status InsertEvent(store::Tx& tx, const std::string& program_id, const std::string& referral_id,
                   const ReferralEvent& e) {
  return tx
      .Exec("INSERT INTO referral_events (program_id, id, referral_id, status, at, user_id) "
            "VALUES ($1, $2, $3, $4, $5, $6)",
            {program_id, NewId(), referral_id, e.status, e.at, e.user_id})
      .status();
}

Result<Referral> FindReferral(store::Tx& tx, const std::string& program_id, const std::string& id) {
  KINSHIP_ASSIGN_OR_RETURN(store::Rows rows,
                           tx.Query(std::string(kSelect) + "WHERE r.program_id = $1 AND r.id = $2", {program_id, id}));
  if (rows.empty()) return NotFound("referral not found");
  std::vector<Referral> one = {FromRow(rows[0])};
  KINSHIP_RETURN_IF_ERROR(LoadHistories(tx, program_id, &one));
  return one[0];
}

Result<std::vector<Referral>> QueryReferrals(store::Tx& tx, const std::string& program_id, const ReferralFilter& f) {
  store::Params params = {program_id};
  std::string where = "WHERE r.program_id = $1";
  const auto add = [&](const std::string& sql_before, const std::string& value, const std::string& sql_after = "") {
    params.emplace_back(value);
    where += " AND " + sql_before + "$" + std::to_string(params.size()) + sql_after;
  };
  if (!f.status.empty()) add("r.status = ", f.status);
  if (!f.participant_id.empty()) add("r.participant_id = ", f.participant_id);
  if (!f.resource_id.empty()) add("r.resource_id = ", f.resource_id);
  if (!f.encounter_id.empty()) add("r.encounter_id = ", f.encounter_id);
  if (!f.of_participant.empty()) {
    params.emplace_back(f.of_participant);
    const std::string n = "$" + std::to_string(params.size());
    where += " AND (r.participant_id = " + n + " OR r.encounter_id IN (SELECT e.id FROM encounters e "
             "WHERE e.program_id = $1 AND e.participant_id = " + n + "))";
  }
  if (!f.due_by.empty()) add("r.status <> 'closed' AND r.follow_up_on <= ", f.due_by);
  if (f.due_after && f.due_after->follow_up_on) {
    params.insert(params.end(), {*f.due_after->follow_up_on, f.due_after->made_at, f.due_after->id});
    const auto n = [&](size_t back) { return "$" + std::to_string(params.size() - back); };
    where += " AND (r.follow_up_on > " + n(2) + " OR (r.follow_up_on = " + n(2) + " AND (r.made_at > " + n(1) +
             " OR (r.made_at = " + n(1) + " AND r.id > " + n(0) + "))))";
  }
  if (!f.older_than.empty()) add("r.id < ", f.older_than);
  // Ids are UUIDv7, so id order is the order referrals were made in.
  std::string order = f.newest_first ? " ORDER BY r.id DESC" : " ORDER BY r.id";
  if (!f.of_participant.empty()) order = " ORDER BY r.made_at DESC, r.id DESC";
  if (!f.due_by.empty()) order = " ORDER BY r.follow_up_on, r.made_at, r.id";
  params.emplace_back(static_cast<int64_t>(f.limit));
  KINSHIP_ASSIGN_OR_RETURN(
      store::Rows rows, tx.Query(std::string(kSelect) + where + order + " LIMIT $" + std::to_string(params.size()),
                                 params));
  std::vector<Referral> out;
  for (const auto& row : rows) out.push_back(FromRow(row));
  KINSHIP_RETURN_IF_ERROR(LoadHistories(tx, program_id, &out));
  return out;
}

Result<std::optional<std::string>> ReferableParticipant(store::Tx& tx, const std::string& program_id,
                                                        const std::string& id) {
  KINSHIP_ASSIGN_OR_RETURN(store::Rows rows,
                           tx.Query("SELECT id, merged_into FROM participants WHERE program_id = $1 AND id = $2",
                                    {program_id, id}));
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows[0].IsNull(1) ? rows[0].Text(0) : rows[0].Text(1));
}

Result<bool> EncounterExists(store::Tx& tx, const std::string& program_id, const std::string& id) {
  KINSHIP_ASSIGN_OR_RETURN(store::Rows rows,
                           tx.Query("SELECT 1 FROM encounters WHERE program_id = $1 AND id = $2", {program_id, id}));
  return !rows.empty();
}

Result<std::vector<FunnelRow>> FunnelByKind(store::Tx& tx, const std::string& program_id,
                                            const std::string& from_time, const std::string& to_time) {
  // One row per referral first (which stages it reached), then the counts per resource kind.
  KINSHIP_ASSIGN_OR_RETURN(
      store::Rows rows,
      tx.Query("SELECT kind, COUNT(*), SUM(accepted), SUM(attended), SUM(not_attended), SUM(closed) FROM ("
               "SELECT r.id AS id, res.kind AS kind, "
               "MAX(CASE WHEN e.status IN ('accepted', 'attended', 'not_attended') THEN 1 ELSE 0 END) AS accepted, "
               "MAX(CASE WHEN e.status = 'attended' THEN 1 ELSE 0 END) AS attended, "
               "MAX(CASE WHEN e.status = 'not_attended' THEN 1 ELSE 0 END) AS not_attended, "
               "MAX(CASE WHEN r.status = 'closed' THEN 1 ELSE 0 END) AS closed "
               "FROM referrals r "
               "JOIN resources res ON res.program_id = r.program_id AND res.id = r.resource_id "
               "LEFT JOIN referral_events e ON e.program_id = r.program_id AND e.referral_id = r.id "
               "WHERE r.program_id = $1 AND r.made_at >= $2 AND r.made_at < $3 "
               "GROUP BY r.id, res.kind) per_referral GROUP BY kind ORDER BY kind",
               {program_id, from_time, to_time}));
  std::vector<FunnelRow> out;
  for (const auto& row : rows) {
    out.push_back({row.Text(0), row.Int(1), row.Int(2), row.Int(3), row.Int(4), row.Int(5)});
  }
  return out;
}

}  // namespace kinship::referrals

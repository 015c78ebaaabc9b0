#include "participants/participant_store.h"

namespace kinship::participants {

namespace {
constexpr const char* kColumns =
    "p.program_id, p.id, p.display_code, p.code_kind, p.age_band, p.gender, p.housing, p.main_route, "
    "p.merged_into, p.first_seen_at, p.last_seen_at, p.encounter_count, p.created_at, p.updated_at ";

Participant FromRow(const store::Row& r) {
  Participant p;
  p.program_id = r.Text(0);
  p.id = r.Text(1);
  p.display_code = r.Text(2);
  p.code_kind = r.Text(3);
  p.age_band = r.OptText(4);
  p.gender = r.OptText(5);
  p.housing = r.OptText(6);
  p.main_route = r.OptText(7);
  p.merged_into = r.OptText(8);
  p.first_seen_at = r.OptText(9);
  p.last_seen_at = r.OptText(10);
  p.encounter_count = r.Int(11);
  p.created_at = r.Text(12);
  p.updated_at = r.Text(13);
  return p;
}

Result<std::vector<Participant>> Many(store::Tx& tx, const std::string& sql, const store::Params& params) {
  KINSHIP_ASSIGN_OR_RETURN(store::Rows rows, tx.Query(sql, params));
  std::vector<Participant> out;
  for (const auto& r : rows) out.push_back(FromRow(r));
  return out;
}
}  // namespace

Status InsertParticipant(store::Tx& tx, const Participant& p) {
  return tx
      .Exec("INSERT INTO participants (program_id, id, display_code, code_kind, age_band, gender, housing, main_route, "
            "merged_into, first_seen_at, last_seen_at, encounter_count, created_at, updated_at) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
            {p.program_id, p.id, p.display_code, p.code_kind, p.age_band, p.gender, p.housing, p.main_route,
             p.merged_into, p.first_seen_at, p.last_seen_at, p.encounter_count, p.created_at, p.updated_at})
      .status();
}

Status UpdateParticipant(store::Tx& tx, const Participant& p) {
  KINSHIP_ASSIGN_OR_RETURN(
      int64_t n, tx.Exec("UPDATE participants SET age_band = $3, gender = $4, housing = $5, main_route = $6, "
                         "merged_into = $7, first_seen_at = $8, last_seen_at = $9, encounter_count = $10, "
                         "updated_at = $11 WHERE program_id = $1 AND id = $2",
                         {p.program_id, p.id, p.age_band, p.gender, p.housing, p.main_route, p.merged_into,
                          p.first_seen_at, p.last_seen_at, p.encounter_count, p.updated_at}));
  return n == 0 ? NotFound("participant not found") : Status::Ok();
}

Result<Participant> FindParticipant(store::Tx& tx, const std::string& program_id, const std::string& id) {
  KINSHIP_ASSIGN_OR_RETURN(auto list, Many(tx, std::string("SELECT ") + kColumns +
                                                   "FROM participants p WHERE p.program_id = $1 AND p.id = $2",
                                           {program_id, id}));
  if (list.empty()) return NotFound("participant not found");
  return list[0];
}

Result<Participant> FindResolved(store::Tx& tx, const std::string& program_id, const std::string& id) {
  KINSHIP_ASSIGN_OR_RETURN(Participant p, FindParticipant(tx, program_id, id));
  // Merges never chain (a merged code cannot be merged into), but follow a few steps anyway.
  for (int step = 0; step < 8 && p.merged_into; ++step) {
    KINSHIP_ASSIGN_OR_RETURN(p, FindParticipant(tx, program_id, *p.merged_into));
  }
  return p;
}

Result<std::optional<std::string>> FindCodeOwner(store::Tx& tx, const std::string& program_id,
                                                 const std::string& hash) {
  KINSHIP_ASSIGN_OR_RETURN(
      store::Rows rows,
      tx.Query("SELECT participant_id FROM participant_keys WHERE program_id = $1 AND hash = $2 "
               "AND kind IN ('uic', 'card')",
               {program_id, hash}));
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows[0].Text(0));
}

Status InsertKey(store::Tx& tx, const std::string& program_id, const std::string& kind, const std::string& hash,
                 const std::string& participant_id) {
  return tx
      .Exec("INSERT INTO participant_keys (program_id, kind, hash, participant_id) VALUES ($1, $2, $3, $4)",
            {program_id, kind, hash, participant_id})
      .status();
}

Result<bool> DisplayCodeTaken(store::Tx& tx, const std::string& program_id, const std::string& display_code) {
  KINSHIP_ASSIGN_OR_RETURN(store::Rows rows,
                           tx.Query("SELECT 1 FROM participants WHERE program_id = $1 AND display_code = $2",
                                    {program_id, display_code}));
  return !rows.empty();
}

Result<std::vector<Participant>> FindByNearKeys(store::Tx& tx, const std::string& program_id,
                                                const std::vector<std::pair<std::string, std::string>>& keys,
                                                const std::string& exclude_id) {
  if (keys.empty()) return std::vector<Participant>();
  store::Params params = {program_id, exclude_id};
  std::string any;
  for (const auto& [kind, hash] : keys) {
    any += any.empty() ? "" : " OR ";
    any += "(k.kind = $" + std::to_string(params.size() + 1) + " AND k.hash = $" + std::to_string(params.size() + 2) +
           ")";
    params.emplace_back(kind);
    params.emplace_back(hash);
  }
  return Many(tx,
              std::string("SELECT ") + kColumns +
                  "FROM participants p WHERE p.program_id = $1 AND p.id <> $2 AND p.merged_into IS NULL "
                  "AND p.id IN (SELECT k.participant_id FROM participant_keys k WHERE k.program_id = $1 AND (" +
                  any + ")) ORDER BY p.id LIMIT 50",
              params);
}

Result<std::vector<Participant>> ListParticipants(store::Tx& tx, const std::string& program_id,
                                                  const std::string& code_prefix, const std::string& after,
                                                  int limit) {
  // The prefix holds only Crockford letters and digits (checked by the caller), so it needs no LIKE escaping.
  return Many(tx,
              std::string("SELECT ") + kColumns +
                  "FROM participants p WHERE p.program_id = $1 AND p.id > $2 "
                  "AND (CAST($3 AS TEXT) = '' OR REPLACE(p.display_code, '-', '') LIKE CAST($3 AS TEXT) || '%') "
                  "ORDER BY p.id LIMIT $4",
              {program_id, after, code_prefix, limit});
}

Result<std::vector<std::pair<std::string, std::string>>> DuplicatePairs(store::Tx& tx, const std::string& program_id,
                                                                        int limit) {
  KINSHIP_ASSIGN_OR_RETURN(
      store::Rows rows,
      tx.Query("SELECT DISTINCT a.participant_id, b.participant_id FROM participant_keys a "
               "JOIN participant_keys b ON b.program_id = a.program_id AND b.kind = a.kind AND b.hash = a.hash "
               "AND b.participant_id > a.participant_id "
               "JOIN participants pa ON pa.program_id = a.program_id AND pa.id = a.participant_id "
               "JOIN participants pb ON pb.program_id = b.program_id AND pb.id = b.participant_id "
               "WHERE a.program_id = $1 AND a.kind LIKE 'near%' AND pa.merged_into IS NULL "
               "AND pb.merged_into IS NULL ORDER BY b.participant_id DESC, a.participant_id DESC LIMIT $2",
               {program_id, limit}));
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : rows) out.emplace_back(r.Text(0), r.Text(1));
  return out;
}

Status MoveParticipantRows(store::Tx& tx, const std::string& program_id, const std::string& from_id,
                           const std::string& to_id) {
  const store::Params ids = {program_id, from_id, to_id};
  KINSHIP_RETURN_IF_ERROR(
      tx.Exec("UPDATE encounters SET participant_id = $3 WHERE program_id = $1 AND participant_id = $2", ids)
          .status());
  KINSHIP_RETURN_IF_ERROR(
      tx.Exec("UPDATE referrals SET participant_id = $3 WHERE program_id = $1 AND participant_id = $2", ids)
          .status());
  // Code keys are unique by hash, so they move in place; near keys the kept code already holds are dropped.
  KINSHIP_RETURN_IF_ERROR(tx.Exec("UPDATE participant_keys SET participant_id = $3 WHERE program_id = $1 "
                                  "AND participant_id = $2 AND kind IN ('uic', 'card')",
                                  ids)
                              .status());
  KINSHIP_RETURN_IF_ERROR(tx.Exec("INSERT INTO participant_keys (program_id, kind, hash, participant_id) "
                                  "SELECT program_id, kind, hash, $3 FROM participant_keys "
                                  "WHERE program_id = $1 AND participant_id = $2 ON CONFLICT DO NOTHING",
                                  ids)
                              .status());
  KINSHIP_RETURN_IF_ERROR(
      tx.Exec("DELETE FROM participant_keys WHERE program_id = $1 AND participant_id = $2", {program_id, from_id})
          .status());
  KINSHIP_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO participant_periods (program_id, period, participant_id, encounters) "
              "SELECT program_id, period, $3, encounters FROM participant_periods "
              "WHERE program_id = $1 AND participant_id = $2 "
              "ON CONFLICT (program_id, period, participant_id) "
              "DO UPDATE SET encounters = participant_periods.encounters + excluded.encounters",
              ids)
          .status());
  return tx.Exec("DELETE FROM participant_periods WHERE program_id = $1 AND participant_id = $2",
                 {program_id, from_id})
      .status();
}

}  // namespace kinship::participants

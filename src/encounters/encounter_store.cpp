#include "encounters/encounter_store.h"

#include <algorithm>

#include "encounters/calendar.h"

namespace kinship::encounters {

namespace {

constexpr const char* kSelectEncounter =
    "SELECT e.id, e.occurred_at, e.day, e.site_id, e.mode, e.area, e.worker_id, e.participant_id, p.display_code, "
    "e.kit_id, e.returned_syringes, e.returned_containers, e.services, e.for_others_people, e.voided, "
    "e.void_reason, e.created_at, e.updated_at, e.program_id "
    "FROM encounters e LEFT JOIN participants p ON p.program_id = e.program_id AND p.id = e.participant_id ";

Encounter FromRow(const store::Row& r) {
  Encounter e;
  e.id = r.Text(0);
  e.occurred_at = r.Text(1);
  e.day = r.Text(2);
  e.site_id = r.Text(3);
  e.mode = r.Text(4);
  e.area = r.OptText(5);
  e.worker_id = r.Text(6);
  e.participant_id = r.OptText(7);
  e.display_code = r.OptText(8);
  e.kit_id = r.OptText(9);
  e.returned_syringes = r.Int(10);
  e.returned_containers = r.Int(11);
  e.services = SplitServices(r.Text(12));
  e.for_others_people = r.Int(13);
  e.voided = r.Bool(14);
  e.void_reason = r.OptText(15);
  e.created_at = r.Text(16);
  e.updated_at = r.Text(17);
  e.program_id = r.Text(18);
  return e;
}

ItemFacts ItemFromRow(const store::Row& r) {
  ItemFacts f{r.Text(0), r.Text(1), r.Text(2), r.Text(3), std::nullopt, r.Bool(5)};
  if (!r.IsNull(4)) f.soft_limit = r.Int(4);
  return f;
}

constexpr const char* kSelectItem =
    "SELECT id, name, unit, category, soft_limit, archived FROM items WHERE program_id = $1 ";

// "$first, $first+1, ..." for n parameters.
std::string Placeholders(size_t first, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += (i ? ", $" : "$") + std::to_string(first + i);
  return out;
}

// "($first, ..., $first+cols-1), (...)" for rows rows of cols parameters each: one
// multi-row INSERT instead of a statement per row.
std::string ValueRows(size_t first, size_t rows, size_t cols) {
  std::string out;
  for (size_t r = 0; r < rows; ++r) out += (r ? ", (" : "(") + Placeholders(first + r * cols, cols) + ")";
  return out;
}

// Loads the item lines of the given encounters into them: one query per 500 encounters
// (a page is one query; an export stays under the backends' parameter limits).
Status LoadItems(store::Tx& tx, const std::string& program_id, std::vector<Encounter>& list) {
  constexpr size_t kChunk = 500;
  std::map<std::string, Encounter*> by_id;
  for (auto& e : list) by_id[e.id] = &e;
  for (size_t start = 0; start < list.size(); start += kChunk) {
    const size_t n = std::min(kChunk, list.size() - start);
    store::Params params{program_id};
    for (size_t i = start; i < start + n; ++i) params.emplace_back(list[i].id);
    KINSHIP_ASSIGN_OR_RETURN(
        store::Rows rows,
        tx.Query("SELECT ei.encounter_id, ei.item_id, i.name, ei.quantity, ei.for_others FROM encounter_items ei "
                 "JOIN items i ON i.program_id = ei.program_id AND i.id = ei.item_id "
                 "WHERE ei.program_id = $1 AND ei.encounter_id IN (" + Placeholders(2, n) + ") "
                 "ORDER BY ei.encounter_id, i.name",
                 params));
    for (const auto& r : rows) {
      auto it = by_id.find(r.Text(0));
      if (it != by_id.end()) it->second->items.push_back({r.Text(1), r.Text(2), r.Int(3), r.Int(4)});
    }
  }
  return Status::Ok();
}

Status AddParticipantCounters(store::Tx& tx, const Encounter& e, const std::string& now) {
  return tx.Exec("UPDATE participants SET encounter_count = encounter_count + 1, "
                 "first_seen_at = CASE WHEN first_seen_at IS NULL OR first_seen_at > $3 THEN $3 "
                 "ELSE first_seen_at END, "
                 "last_seen_at = CASE WHEN last_seen_at IS NULL OR last_seen_at < $3 THEN $3 ELSE last_seen_at END, "
                 "updated_at = $4 WHERE program_id = $1 AND id = $2",
                 {e.program_id, *e.participant_id, e.occurred_at, now})
      .status();
}

// Takes the encounter away from the participant's counters; first and last seen come from
// the participant's other live encounters (the encounters_participant index).
Status SubtractParticipantCounters(store::Tx& tx, const Encounter& e, const std::string& now) {
  const char* others =
      "FROM encounters o WHERE o.program_id = $1 AND o.participant_id = $2 AND o.voided = 0 AND o.id <> $3";
  return tx.Exec(std::string("UPDATE participants SET encounter_count = encounter_count - 1, "
                             "first_seen_at = (SELECT MIN(o.occurred_at) ") + others + "), " +
                     "last_seen_at = (SELECT MAX(o.occurred_at) " + others + "), " +
                     "updated_at = $4 WHERE program_id = $1 AND id = $2 AND encounter_count > 0",
                 {e.program_id, *e.participant_id, e.id, now})
      .status();
}

}  // namespace

Result<std::map<std::string, ItemFacts>> FindItems(store::Tx& tx, const std::string& program_id,
                                                   const std::vector<std::string>& ids) {
  std::map<std::string, ItemFacts> out;
  if (ids.empty()) return out;
  store::Params params{program_id};
  for (const auto& id : ids) params.emplace_back(id);
  KINSHIP_ASSIGN_OR_RETURN(store::Rows rows,
                           tx.Query(std::string(kSelectItem) + "AND id IN (" + Placeholders(2, ids.size()) + ")",
                                    params));
  for (const auto& r : rows) {
    ItemFacts f = ItemFromRow(r);
    out.emplace(f.id, std::move(f));
  }
  return out;
}

Result<std::vector<ItemFacts>> ListItems(store::Tx& tx, const std::string& program_id) {
  KINSHIP_ASSIGN_OR_RETURN(store::Rows rows, tx.Query(std::string(kSelectItem) + "ORDER BY name", {program_id}));
  std::vector<ItemFacts> out;
  for (const auto& r : rows) out.push_back(ItemFromRow(r));
  return out;
}

Result<bool> KitExists(store::Tx& tx, const std::string& program_id, const std::string& kit_id) {
  KINSHIP_ASSIGN_OR_RETURN(store::Rows rows,
                           tx.Query("SELECT 1 FROM kits WHERE program_id = $1 AND id = $2", {program_id, kit_id}));
  return !rows.empty();
}

Result<std::string> ResolveParticipant(store::Tx& tx, const std::string& program_id, const std::string& id,
                                       std::optional<std::string>* display_code) {
  std::string current = id;
  for (int hops = 0; hops < 32; ++hops) {
    KINSHIP_ASSIGN_OR_RETURN(store::Rows rows,
                             tx.Query("SELECT merged_into, display_code FROM participants WHERE program_id = $1 AND id = $2",
                                      {program_id, current}));
    if (rows.empty()) return NotFound("participant not found");
    if (rows[0].IsNull(0)) {
      if (display_code != nullptr) *display_code = rows[0].OptText(1);
      return current;
    }
    current = rows[0].Text(0);
  }
  return Internal("store: participant merges form a chain longer than 32 or a loop");
}

Result<std::string> ParticipantByDisplayCode(store::Tx& tx, const std::string& program_id, const std::string& code) {
  KINSHIP_ASSIGN_OR_RETURN(
      store::Rows rows,
      tx.Query("SELECT id FROM participants WHERE program_id = $1 AND display_code = $2", {program_id, code}));
  if (rows.empty()) return NotFound("participant not found");
  return ResolveParticipant(tx, program_id, rows[0].Text(0));
}

Status InsertEncounter(store::Tx& tx, const Encounter& e) {
  return tx.Exec("INSERT INTO encounters (program_id, id, occurred_at, day, site_id, mode, area, worker_id, "
                 "participant_id, kit_id, returned_syringes, returned_containers, services, for_others_people, "
                 "voided, void_reason, created_at, updated_at) "
                 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
                 {e.program_id, e.id, e.occurred_at, e.day, e.site_id, e.mode, e.area, e.worker_id, e.participant_id,
                  e.kit_id, e.returned_syringes, e.returned_containers, JoinServices(e.services),
                  e.for_others_people, e.voided, e.void_reason, e.created_at, e.updated_at})
      .status();
}

Status UpdateEncounter(store::Tx& tx, const Encounter& e) {
  KINSHIP_ASSIGN_OR_RETURN(
      int64_t n,
      tx.Exec("UPDATE encounters SET occurred_at = $3, day = $4, site_id = $5, mode = $6, area = $7, "
              "participant_id = $8, kit_id = $9, returned_syringes = $10, returned_containers = $11, "
              "services = $12, for_others_people = $13, voided = $14, void_reason = $15, updated_at = $16 "
              "WHERE program_id = $1 AND id = $2",
              {e.program_id, e.id, e.occurred_at, e.day, e.site_id, e.mode, e.area, e.participant_id, e.kit_id,
               e.returned_syringes, e.returned_containers, JoinServices(e.services), e.for_others_people, e.voided,
               e.void_reason, e.updated_at}));
  return n == 0 ? NotFound("encounter not found") : Status::Ok();
}

Status ReplaceEncounterItems(store::Tx& tx, const Encounter& e, bool had_items) {
  if (had_items) {
    KINSHIP_RETURN_IF_ERROR(
        tx.Exec("DELETE FROM encounter_items WHERE program_id = $1 AND encounter_id = $2", {e.program_id, e.id})
            .status());
  }
  if (e.items.empty()) return Status::Ok();
  store::Params params;
  for (const auto& i : e.items) {
    params.insert(params.end(), {e.program_id, e.id, i.item_id, i.quantity, i.for_others});
  }
  return tx.Exec("INSERT INTO encounter_items (program_id, encounter_id, item_id, quantity, for_others) VALUES " +
                     ValueRows(1, e.items.size(), 5),
                 params)
      .status();
}

Status LockEncounter(store::Tx& tx, const std::string& program_id, const std::string& id) {
  if (tx.backend() != store::Backend::kPostgres) return Status::Ok();
  return tx.Query("SELECT id FROM encounters WHERE program_id = $1 AND id = $2 FOR UPDATE", {program_id, id})
      .status();
}

Result<Encounter> FindEncounter(store::Tx& tx, const std::string& program_id, const std::string& id) {
  KINSHIP_ASSIGN_OR_RETURN(store::Rows rows,
                           tx.Query(std::string(kSelectEncounter) + "WHERE e.program_id = $1 AND e.id = $2",
                                    {program_id, id}));
  if (rows.empty()) return NotFound("encounter not found");
  std::vector<Encounter> one{FromRow(rows[0])};
  KINSHIP_RETURN_IF_ERROR(LoadItems(tx, program_id, one));
  return std::move(one[0]);
}

Result<std::vector<Encounter>> ListEncounters(store::Tx& tx, const std::string& program_id,
                                              const EncounterFilter& f) {
  std::string sql = std::string(kSelectEncounter) + "WHERE e.program_id = $1";
  store::Params params{program_id};
  const auto bind = [&](const std::string& value) {
    params.emplace_back(value);
    return "$" + std::to_string(params.size());
  };
  if (f.site_id) sql += " AND e.site_id = " + bind(*f.site_id);
  if (f.participant_id) sql += " AND e.participant_id = " + bind(*f.participant_id);
  if (f.worker_id) sql += " AND e.worker_id = " + bind(*f.worker_id);
  if (f.from_time) sql += " AND e.occurred_at >= " + bind(*f.from_time);
  if (f.until_time) sql += " AND e.occurred_at < " + bind(*f.until_time);
  if (f.after_id && f.after_time) {
    // Written so the (program_id, [site_id,] occurred_at) index bounds the scan.
    const std::string t = bind(*f.after_time);
    const std::string id = bind(*f.after_id);
    sql += " AND e.occurred_at <= " + t + " AND (e.occurred_at < " + t + " OR e.id < " + id + ")";
  }
  params.emplace_back(f.limit);
  sql += " ORDER BY e.occurred_at DESC, e.id DESC LIMIT $" + std::to_string(params.size());
  KINSHIP_ASSIGN_OR_RETURN(store::Rows rows, tx.Query(sql, params));
  std::vector<Encounter> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(FromRow(r));
  KINSHIP_RETURN_IF_ERROR(LoadItems(tx, program_id, out));
  return out;
}

Result<std::string> EncounterTime(store::Tx& tx, const std::string& program_id, const std::string& id) {
  KINSHIP_ASSIGN_OR_RETURN(
      store::Rows rows,
      tx.Query("SELECT occurred_at FROM encounters WHERE program_id = $1 AND id = $2", {program_id, id}));
  if (rows.empty()) return NotFound("encounter not found");
  return rows[0].Text(0);
}

Result<std::set<std::string>> EncountersWithReferrals(store::Tx& tx, const std::string& program_id,
                                                      const std::vector<std::string>& encounter_ids) {
  std::set<std::string> out;
  if (encounter_ids.empty()) return out;
  store::Params params{program_id};
  for (const auto& id : encounter_ids) params.emplace_back(id);
  KINSHIP_ASSIGN_OR_RETURN(store::Rows rows,
                           tx.Query("SELECT DISTINCT encounter_id FROM referrals WHERE program_id = $1 AND "
                                    "encounter_id IN (" + Placeholders(2, encounter_ids.size()) + ")",
                                    params));
  for (const auto& r : rows) out.insert(r.Text(0));
  return out;
}

Status ApplyRollups(store::Tx& tx, const Encounter& e, int sign, int64_t referrals, const std::string& now) {
  const int64_t s = sign;
  KINSHIP_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO daily_site_stats (program_id, day, site_id, encounters, with_code, returned_syringes, "
              "returned_containers, for_others_people, referrals) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
              "ON CONFLICT (program_id, day, site_id) DO UPDATE SET "
              "encounters = daily_site_stats.encounters + excluded.encounters, "
              "with_code = daily_site_stats.with_code + excluded.with_code, "
              "returned_syringes = daily_site_stats.returned_syringes + excluded.returned_syringes, "
              "returned_containers = daily_site_stats.returned_containers + excluded.returned_containers, "
              "for_others_people = daily_site_stats.for_others_people + excluded.for_others_people, "
              "referrals = daily_site_stats.referrals + excluded.referrals",
              {e.program_id, e.day, e.site_id, s, e.participant_id ? s : int64_t{0}, s * e.returned_syringes,
               s * e.returned_containers, s * e.for_others_people, s * referrals})
          .status());
  if (!e.items.empty()) {
    store::Params params;
    for (const auto& i : e.items) {
      params.insert(params.end(), {e.program_id, e.day, e.site_id, i.item_id, s * i.quantity, s * i.for_others});
    }
    KINSHIP_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO daily_item_stats (program_id, day, site_id, item_id, quantity, for_others) VALUES " +
                    ValueRows(1, e.items.size(), 6) +
                    " ON CONFLICT (program_id, day, site_id, item_id) DO UPDATE SET "
                    "quantity = daily_item_stats.quantity + excluded.quantity, "
                    "for_others = daily_item_stats.for_others + excluded.for_others",
                params)
            .status());
  }
  if (!e.participant_id) return Status::Ok();
  const auto periods = PeriodKeys(e.day);
  store::Params params{e.program_id, *e.participant_id, s};
  for (const auto& key : periods) params.emplace_back(key);
  KINSHIP_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO participant_periods (program_id, period, participant_id, encounters) "
              "VALUES ($1, $4, $2, $3), ($1, $5, $2, $3), ($1, $6, $2, $3) "
              "ON CONFLICT (program_id, period, participant_id) DO UPDATE SET "
              "encounters = participant_periods.encounters + excluded.encounters",
              params)
          .status());
  return sign > 0 ? AddParticipantCounters(tx, e, now) : SubtractParticipantCounters(tx, e, now);
}

}  // namespace kinship::encounters

#include "referrals/resource_store.h"

namespace kinship::referrals {

namespace {
constexpr const char* kSelect =
    "SELECT program_id, id, name, kind, hours, eligibility, how_to_refer, contact, area, archived, created_at, "
    "updated_at FROM resources ";

Resource FromRow(const store::Row& r) {
  return {r.Text(0),    r.Text(1),    r.Text(2), r.Text(3),  r.OptText(4), r.OptText(5),
          r.OptText(6), r.OptText(7), r.OptText(8), r.Bool(9), r.Text(10),   r.Text(11)};
}

Status NameTaken(Status s) {
  if (s.code() == StatusCode::kAlreadyExists) return FieldInvalid("name", "a resource with this name already exists");
  return s;
}

nlohmann::json OrNull(const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }
}  // namespace

nlohmann::json ToJson(const Resource& r) {
  return {{"id", r.id},
          {"program_id", r.program_id},
          {"name", r.name},
          {"kind", r.kind},
          {"hours", OrNull(r.hours)},
          {"eligibility", OrNull(r.eligibility)},
          {"how_to_refer", OrNull(r.how_to_refer)},
          {"contact", OrNull(r.contact)},
          {"area", OrNull(r.area)},
          {"archived", r.archived},
          {"created_at", r.created_at},
          {"updated_at", r.updated_at}};
}

Status InsertResource(store::Tx& tx, const Resource& r) {
  return NameTaken(tx.Exec("INSERT INTO resources (program_id, id, name, kind, hours, eligibility, how_to_refer, "
                           "contact, area, archived, created_at, updated_at) "
                           "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                           {r.program_id, r.id, r.name, r.kind, r.hours, r.eligibility, r.how_to_refer, r.contact,
                            r.area, r.archived, r.created_at, r.updated_at})
                       .status());
}

Status UpdateResource(store::Tx& tx, const Resource& r) {
  auto n = tx.Exec(
      "UPDATE resources SET name = $3, kind = $4, hours = $5, eligibility = $6, how_to_refer = $7, contact = $8, "
      "area = $9, archived = $10, updated_at = $11 WHERE program_id = $1 AND id = $2",
      {r.program_id, r.id, r.name, r.kind, r.hours, r.eligibility, r.how_to_refer, r.contact, r.area, r.archived,
       r.updated_at});
  if (!n.ok()) return NameTaken(n.status());
  return *n == 0 ? NotFound("resource not found") : Status::Ok();
}

Result<Resource> FindResource(store::Tx& tx, const std::string& program_id, const std::string& id) {
  KINSHIP_ASSIGN_OR_RETURN(store::Rows rows,
                           tx.Query(std::string(kSelect) + "WHERE program_id = $1 AND id = $2", {program_id, id}));
  if (rows.empty()) return NotFound("resource not found");
  return FromRow(rows[0]);
}

Result<std::vector<Resource>> ListResources(store::Tx& tx, const std::string& program_id, const std::string& kind,
                                            bool include_archived, const std::string& after, int limit) {
  KINSHIP_ASSIGN_OR_RETURN(
      store::Rows rows,
      tx.Query(std::string(kSelect) +
                   "WHERE program_id = $1 AND id > $2 AND (archived = 0 OR archived = $3) "
                   "AND (CAST($4 AS TEXT) = '' OR kind = CAST($4 AS TEXT)) ORDER BY id LIMIT $5",
               {program_id, after, include_archived ? 1 : 0, kind, limit}));
  std::vector<Resource> out;
  for (const auto& r : rows) out.push_back(FromRow(r));
  return out;
}

}  // namespace kinship::referrals

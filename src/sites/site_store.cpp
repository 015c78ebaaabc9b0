#include "sites/site_store.h"

namespace kinship::sites {

namespace {
constexpr const char* kSelect =
    "SELECT id, program_id, name, kind, area, archived, created_at, updated_at FROM sites ";
Site FromRow(const store::Row& r) {
  return {r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.OptText(4), r.Bool(5), r.Text(6), r.Text(7)};
}
Status NameTaken(Status s) {
  if (s.code() == StatusCode::kAlreadyExists) return FieldInvalid("name", "a site with this name already exists");
  return s;
}
}  // namespace

nlohmann::json ToJson(const Site& s) {
  return {{"id", s.id},
          {"program_id", s.program_id},
          {"name", s.name},
          {"kind", s.kind},
          {"area", s.area ? nlohmann::json(*s.area) : nlohmann::json(nullptr)},
          {"archived", s.archived},
          {"created_at", s.created_at},
          {"updated_at", s.updated_at}};
}

Status InsertSite(store::Tx& tx, const Site& s) {
  return NameTaken(tx.Exec("INSERT INTO sites (program_id, id, name, kind, area, archived, created_at, updated_at) "
                           "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                           {s.program_id, s.id, s.name, s.kind, s.area, s.archived, s.created_at, s.updated_at})
                       .status());
}

Status UpdateSite(store::Tx& tx, const Site& s) {
  auto r = tx.Exec(
      "UPDATE sites SET name = $3, kind = $4, area = $5, archived = $6, updated_at = $7 "
      "WHERE program_id = $1 AND id = $2",
      {s.program_id, s.id, s.name, s.kind, s.area, s.archived, s.updated_at});
  if (!r.ok()) return NameTaken(r.status());
  return *r == 0 ? NotFound("site not found") : Status::Ok();
}

Result<Site> FindSite(store::Tx& tx, const std::string& program_id, const std::string& id) {
  auto rows = tx.Query(std::string(kSelect) + "WHERE program_id = $1 AND id = $2", {program_id, id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return NotFound("site not found");
  return FromRow((*rows)[0]);
}

Result<std::vector<Site>> ListSites(store::Tx& tx, const std::string& program_id, bool include_archived,
                                    const std::string& after, int limit) {
  auto rows = tx.Query(std::string(kSelect) +
                           "WHERE program_id = $1 AND id > $2 AND (archived = 0 OR archived = $3) "
                           "ORDER BY id LIMIT $4",
                       {program_id, after, include_archived ? 1 : 0, limit});
  if (!rows.ok()) return rows.status();
  std::vector<Site> out;
  for (const auto& r : *rows) out.push_back(FromRow(r));
  return out;
}

}  // namespace kinship::sites

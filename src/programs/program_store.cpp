#include "programs/program_store.h"

#include "core/clock.h"

namespace kinship::programs {

namespace {
constexpr const char* kSelect = "SELECT id, network_id, name, slug, created_at, updated_at FROM programs ";
Program FromRow(const store::Row& r) {
  return {r.Text(0), r.OptText(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5)};
}
}  // namespace

nlohmann::json ToJson(const Program& p) {
  return {{"id", p.id},
          {"network_id", p.network_id ? nlohmann::json(*p.network_id) : nlohmann::json(nullptr)},
          {"name", p.name},
          {"slug", p.slug},
          {"created_at", p.created_at},
          {"updated_at", p.updated_at}};
}

Status InsertNetwork(store::Tx& tx, const std::string& id, const std::string& name) {
  return tx.Exec("INSERT INTO networks (id, name, created_at) VALUES ($1, $2, $3)", {id, name, NowIso()})
      .status();
}

Status InsertProgram(store::Tx& tx, const Program& p) {
  auto r = tx.Exec(
      "INSERT INTO programs (id, network_id, name, slug, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $5)",
      {p.id, p.network_id, p.name, p.slug, p.created_at});
  if (r.status().code() == StatusCode::kAlreadyExists) return FieldInvalid("slug", "is already taken");
  return r.status();
}

Status UpdateProgramName(store::Tx& tx, const std::string& id, const std::string& name) {
  auto r = tx.Exec("UPDATE programs SET name = $2, updated_at = $3 WHERE id = $1", {id, name, NowIso()});
  if (!r.ok()) return r.status();
  return *r == 0 ? NotFound("program not found") : Status::Ok();
}

Result<Program> FindProgram(store::Tx& tx, const std::string& id) {
  auto rows = tx.Query(std::string(kSelect) + "WHERE id = $1", {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return NotFound("program not found");
  return FromRow((*rows)[0]);
}

Result<Program> FindProgramBySlug(store::Tx& tx, const std::string& slug) {
  auto rows = tx.Query(std::string(kSelect) + "WHERE slug = $1", {slug});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return NotFound("program not found");
  return FromRow((*rows)[0]);
}

Result<std::vector<Program>> ListAllPrograms(store::Tx& tx) {
  auto rows = tx.Query(std::string(kSelect) + "ORDER BY slug");
  if (!rows.ok()) return rows.status();
  std::vector<Program> out;
  for (const auto& r : *rows) out.push_back(FromRow(r));
  return out;
}

Result<std::vector<Program>> ListNetworkPrograms(store::Tx& tx, const std::string& network_id) {
  auto rows = tx.Query(std::string(kSelect) + "WHERE network_id = $1 ORDER BY name", {network_id});
  if (!rows.ok()) return rows.status();
  std::vector<Program> out;
  for (const auto& r : *rows) out.push_back(FromRow(r));
  return out;
}

}  // namespace kinship::programs

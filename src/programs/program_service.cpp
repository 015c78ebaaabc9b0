#include "programs/program_service.h"

#include <algorithm>

#include "core/clock.h"
#include "core/ids.h"
#include "core/text.h"
#include "programs/program_settings.h"
#include "programs/program_store.h"
#include "supplies/default_catalog.h"

namespace kinship::programs {

Result<Program> CreateProgram(store::Database& db, const audit::Recorder& audit,
                              const std::string& actor_user_id, const std::string& name,
                              const std::string& slug, const std::optional<std::string>& network_id) {
  std::vector<FieldError> errors;
  const size_t chars = Utf8Length(name);
  if (chars < 1 || chars > 120) errors.push_back({"name", "must be 1 to 120 characters"});
  const bool slug_ok = slug.size() >= 2 && slug.size() <= 64 &&
                       std::all_of(slug.begin(), slug.end(), [](char c) {
                         return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                       });
  if (!slug_ok) errors.push_back({"slug", "must be 2 to 64 characters: lower-case letters, digits or '-'"});
  if (!errors.empty()) return ValidationFailed(errors);
  Program p{NewId(), network_id, name, slug, NowIso(), NowIso()};
  Status s = db.Write([&](store::Tx& tx) -> Status {
    KINSHIP_RETURN_IF_ERROR(InsertProgram(tx, p));
    KINSHIP_RETURN_IF_ERROR(audit.StartChain(tx, p.id));
    KINSHIP_RETURN_IF_ERROR(SetUpProgramDefaults(tx, p.id));
    return audit.Append(tx, {p.id, actor_user_id, "program", p.id, "create", {{"slug", slug}}});
  });
  if (!s.ok()) return s;
  return p;
}

Status SetUpProgramDefaults(store::Tx& tx, const std::string& program_id) {
  KINSHIP_RETURN_IF_ERROR(EnsureSettings(tx, program_id));
  return supplies::SeedDefaultCatalog(tx, program_id);
}

Status EnsureProgramDefaults(store::Database& db) {
  return db.Write([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(
        store::Rows rows,
        tx.Query("SELECT id FROM programs WHERE id NOT IN (SELECT program_id FROM program_settings)"));
    for (const auto& r : rows) KINSHIP_RETURN_IF_ERROR(SetUpProgramDefaults(tx, r.Text(0)));
    return Status::Ok();
  });
}

Result<std::vector<Program>> VisiblePrograms(store::Tx& tx, const auth::Principal& who) {
  KINSHIP_ASSIGN_OR_RETURN(Program home, FindProgram(tx, who.home_program_id));
  if (who.role == "network" && home.network_id) return ListNetworkPrograms(tx, *home.network_id);
  return std::vector<Program>{home};
}

Result<Program> VisibleProgram(store::Tx& tx, const auth::Principal& who, const std::string& id) {
  KINSHIP_ASSIGN_OR_RETURN(std::vector<Program> all, VisiblePrograms(tx, who));
  for (auto& p : all) {
    if (p.id == id) return p;
  }
  return NotFound("program not found");
}

}  // namespace kinship::programs

// Programs and the rule that decides which programs a user may act on: their own, or for
// a network user every program of their program's network.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "auth/principal.h"
#include "core/status.h"
#include "programs/program.h"
#include "store/database.h"

namespace kinship::programs {

// Creates a program (and its audit chain) in network_id (may be empty). kValidation for a
// bad name or slug (2–64 of a-z 0-9 -) or a taken slug.
Result<Program> CreateProgram(store::Database& db, const audit::Recorder& audit,
                              const std::string& actor_user_id, const std::string& name,
                              const std::string& slug, const std::optional<std::string>& network_id);

// Programs the principal may act on, by name.
// What every program starts with, in the transaction that creates it: its settings row
// (with the secret salt for participant codes) and the default supply catalog and kits.
Status SetUpProgramDefaults(store::Tx& tx, const std::string& program_id);
// The same for programs created before these existed (run after migrating).
Status EnsureProgramDefaults(store::Database& db);

Result<std::vector<Program>> VisiblePrograms(store::Tx& tx, const auth::Principal& who);

// The program if the principal may act on it; kNotFound otherwise (never revealing that a
// program outside their reach exists).
Result<Program> VisibleProgram(store::Tx& tx, const auth::Principal& who, const std::string& id);

}  // namespace kinship::programs

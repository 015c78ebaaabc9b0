// SQL for networks and programs.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "programs/program.h"
#include "store/database.h"

namespace kinship::programs {

Status InsertNetwork(store::Tx& tx, const std::string& id, const std::string& name);
// kValidation (slug taken) when the slug exists.
Status InsertProgram(store::Tx& tx, const Program& p);
Status UpdateProgramName(store::Tx& tx, const std::string& id, const std::string& name);
// kNotFound when absent.
Result<Program> FindProgram(store::Tx& tx, const std::string& id);
Result<Program> FindProgramBySlug(store::Tx& tx, const std::string& slug);
// Every program of the installation, by slug (command-line administration only).
Result<std::vector<Program>> ListAllPrograms(store::Tx& tx);
Result<std::vector<Program>> ListNetworkPrograms(store::Tx& tx, const std::string& network_id);

}  // namespace kinship::programs

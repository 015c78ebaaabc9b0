// What the subcommands share: config flags from the option table, and opening the
// database (migrated), the master key and the audit recorder in one step.
#pragma once

#include <CLI/CLI.hpp>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "auth/principal.h"
#include "core/config.h"
#include "core/crypto.h"
#include "store/database.h"

namespace kinship::cli {

// Flags set on the command line, by option name.
using FlagValues = std::map<std::string, std::string>;

// Adds --name flags for the named options of the option table to cmd.
void AddConfigFlags(CLI::App* cmd, const std::vector<std::string>& names, FlagValues* values);

// Loads the configuration or prints why not. Returns nullopt on error.
std::optional<Config> LoadConfig(const FlagValues& flags);

struct Environment {
  Config config;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<audit::Recorder> audit;
  crypto::Key code_key{};  // participant codes: see participants/codes.h
};

// Opens the database, applies pending migrations (if migrate) and loads the key file
// (creating it if create_key). Prints the reason and returns an exit code on failure.
int OpenEnvironment(const Config& config, bool migrate, bool create_key, Environment* env);

// Prints "error: <message>" to stderr and returns code.
int Fail(int code, const std::string& message);

}  // namespace kinship::cli

namespace kinship::cli {
// Serves until stopped (serve.cpp); demo --serve uses it too. announce: also print the
// address for a person once it is bound.
int Serve(const Config& config, bool announce);
// A principal for work done from the command line in program_id (acts as the system).
auth::Principal SystemActor(const std::string& program_id);
}  // namespace kinship::cli

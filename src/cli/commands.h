// Each subcommand registers itself on the root app; the callback stores the exit code.
#pragma once

#include <CLI/CLI.hpp>

namespace kinship::cli {

void AddServe(CLI::App& app, int* exit_code);
void AddInit(CLI::App& app, int* exit_code);
void AddDemo(CLI::App& app, int* exit_code);
void AddUser(CLI::App& app, int* exit_code);
void AddMigrate(CLI::App& app, int* exit_code);
void AddBackup(CLI::App& app, int* exit_code);
void AddRestore(CLI::App& app, int* exit_code);
void AddAudit(CLI::App& app, int* exit_code);
void AddVersion(CLI::App& app, int* exit_code);
void AddConfig(CLI::App& app, int* exit_code);
void AddStats(CLI::App& app, int* exit_code);

}  // namespace kinship::cli

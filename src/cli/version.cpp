#include <iostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "store/migrations.h"

namespace kinship::cli {

void AddVersion(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("version", "Print the version and the schema version this binary knows");
  cmd->callback([exit_code] {
    std::cout << "kinship " << KINSHIP_VERSION << " (schema " << store::LatestSchemaVersion() << ")\n";
    *exit_code = kExitOk;
  });
}

}  // namespace kinship::cli

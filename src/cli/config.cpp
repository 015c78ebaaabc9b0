#include <iostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/common.h"

namespace kinship::cli {

void AddConfig(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand(
      "config", "Print the effective configuration and where each value came from (secrets hidden)");
  static FlagValues flags;
  std::vector<std::string> all;
  for (const auto& spec : OptionTable()) all.emplace_back(spec.name);
  AddConfigFlags(cmd, all, &flags);
  cmd->callback([exit_code] {
    auto config = LoadConfig(flags);
    if (!config) {
      *exit_code = kExitUsage;
      return;
    }
    std::cout << config->Describe();
    *exit_code = kExitOk;
  });
}

}  // namespace kinship::cli

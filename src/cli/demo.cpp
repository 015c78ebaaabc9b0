#include <iostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "demo/demo_data.h"

namespace kinship::cli {

namespace {

struct DemoArgs {
  uint64_t seed = 1;
  int scale = 1;
  bool serve = false;
};

int Demo(const Config& config, const DemoArgs& args) {
  Environment env;
  if (int rc = OpenEnvironment(config, true, true, &env); rc != 0) return rc;
  auto summary = demo::CreateDemoData(*env.db, *env.audit, args.seed, args.scale);
  if (!summary.ok()) return Fail(kExitFailure, summary.status().message());
  std::cout << "Demo data created in " << env.db->Describe() << " (seed " << args.seed << "): "
            << summary->programs << " programs, " << summary->sites << " sites, " << summary->users << " users.\n\n"
            << "Demo logins (every password is '" << demo::kDemoPassword << "'):\n";
  for (const auto& l : summary->logins) {
    std::cout << "  " << l.username << std::string(16 - std::min<size_t>(15, l.username.size()), ' ') << l.role
              << std::string(14 - std::min<size_t>(13, l.role.size()), ' ') << l.program << "\n";
  }
  std::cout << std::flush;
  env.db->Close();
  if (!args.serve) return kExitOk;
  return Serve(config, true);
}

}  // namespace

void AddDemo(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("demo", "Create a database with synthetic demo data and print the logins");
  static FlagValues flags;
  static DemoArgs args;
  AddConfigFlags(cmd, {"config", "db", "key_file", "listen", "port_file", "ui_dir", "log_level", "workers", "db_pool"},
                 &flags);
  cmd->add_option("--seed", args.seed, "Seed for the generator (same seed, same data)")->capture_default_str();
  cmd->add_option("--scale", args.scale, "Multiply the amount of data (for benchmarks)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cmd->add_flag("--serve", args.serve, "Serve the app after creating the data");
  cmd->callback([exit_code] {
    auto config = LoadConfig(flags);
    *exit_code = config ? Demo(*config, args) : kExitUsage;
  });
}

}  // namespace kinship::cli

#include <iostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "store/migrations.h"

namespace kinship::cli {

namespace {
int Migrate(const Config& config, bool check) {
  auto db = store::Open(config.String("db"));
  if (!db.ok()) return Fail(kExitDatabase, db.status().message());
  auto before = store::SchemaVersion(**db);
  if (!before.ok()) return Fail(kExitDatabase, before.status().message());
  const int latest = store::LatestSchemaVersion();
  if (check) {
    std::cout << "schema version " << *before << "; this binary knows " << latest << "\n";
    return *before == latest ? kExitOk : kExitDatabase;
  }
  if (Status s = store::Migrate(**db); !s.ok()) return Fail(kExitDatabase, s.message());
  std::cout << "schema version " << *before << " -> " << latest
            << (*before == latest ? " (already up to date)" : "") << "\n";
  return kExitOk;
}
}  // namespace

void AddMigrate(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("migrate", "Apply pending schema migrations (serve also does this at start)");
  static FlagValues flags;
  static bool check = false;
  AddConfigFlags(cmd, {"config", "db", "log_level"}, &flags);
  cmd->add_flag("--check", check, "Only report; exit 3 when migrations are pending");
  cmd->callback([exit_code] {
    auto config = LoadConfig(flags);
    *exit_code = config ? Migrate(*config, check) : kExitUsage;
  });
}

}  // namespace kinship::cli

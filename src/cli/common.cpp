#include "cli/common.h"

#include "programs/program_service.h"

#include <algorithm>
#include <iostream>

#include "core/log.h"
#include "store/migrations.h"

namespace kinship::cli {

void AddConfigFlags(CLI::App* cmd, const std::vector<std::string>& names, FlagValues* values) {
  for (const auto& spec : OptionTable()) {
    const std::string name(spec.name);
    if (std::find(names.begin(), names.end(), name) == names.end()) continue;
    std::string flag = "--" + name;
    std::replace(flag.begin(), flag.end(), '_', '-');
    std::string help = std::string(spec.help) + " [env " + std::string(spec.env) + "]";
    if (!spec.default_value.empty() && !spec.secret) help += " (default " + std::string(spec.default_value) + ")";
    cmd->add_option_function<std::string>(
        flag, [values, name](const std::string& v) { (*values)[name] = v; }, help);
  }
}

int Fail(int code, const std::string& message) {
  std::cerr << "error: " << message << "\n";
  return code;
}

std::optional<Config> LoadConfig(const FlagValues& flags) {
  auto config = Config::Load(flags, Config::ProcessEnvironment());
  if (!config.ok()) {
    Fail(2, config.status().message());
    return std::nullopt;
  }
  log::SetLevel(config->String("log_level"));
  return std::move(*config);
}

int OpenEnvironment(const Config& config, bool migrate, bool create_key, Environment* env) {
  env->config = config;
  store::OpenOptions options;
  options.pool_size = static_cast<int>(config.Int("db_pool"));
  if (config.String("db").rfind("sqlite:", 0) == 0) {
    // SQLite readers are cheap but opening one per request is not: keep one per worker, so
    // a read never has to open a connection (bench/RESULTS.md measured 1.6x more reads/s).
    options.pool_size = std::max(options.pool_size, static_cast<int>(config.Int("workers")));
  }
  auto db = store::Open(config.String("db"), options);
  if (!db.ok()) return Fail(3, db.status().message());
  env->db = std::move(*db);
  if (migrate) {
    Status s = store::Migrate(*env->db);
    if (s.ok()) s = programs::EnsureProgramDefaults(*env->db);  // programs made before migration 2
    if (!s.ok()) return Fail(3, s.message());
  } else {
    auto version = store::SchemaVersion(*env->db);
    if (!version.ok()) return Fail(3, version.status().message());
    const int latest = store::LatestSchemaVersion();
    if (*version > latest) {
      return Fail(3, "the database schema is at version " + std::to_string(*version) +
                         " but this kinship binary knows only up to version " + std::to_string(latest) +
                         "; upgrade kinship before using this database");
    }
    if (*version < latest) {
      return Fail(3, "the database schema is at version " + std::to_string(*version) + ", this binary expects " +
                         std::to_string(latest) + "; run `kinship migrate` first");
    }
  }
  auto key = crypto::MasterKey::Load(config.KeyFilePath(), create_key);
  if (!key.ok()) {
    return Fail(1, key.status().message() + " (set --key-file or KINSHIP_KEY_FILE; `kinship init` creates one)");
  }
  env->audit = std::make_unique<audit::Recorder>(key->Derive("audit"));
  env->code_key = key->Derive("codes");
  return 0;
}

}  // namespace kinship::cli

namespace kinship::cli {
auth::Principal SystemActor(const std::string& program_id) {
  auth::Principal p;
  p.role = "network";
  p.program_id = p.home_program_id = program_id;
  return p;
}
}  // namespace kinship::cli

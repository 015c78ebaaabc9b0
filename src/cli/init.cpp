#include <fstream>
#include <iostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "core/crypto.h"
#include "programs/program_service.h"
#include "users/user_service.h"
#include "users/user_store.h"

namespace kinship::cli {

namespace {

struct InitArgs {
  std::string program_name = "My Program";
  std::string program_slug = "my-program";
  std::string admin_username = "admin";
  std::string admin_display_name = "Administrator";
  std::string password_file;
};

int Init(const Config& config, const InitArgs& args) {
  Environment env;
  if (int rc = OpenEnvironment(config, true, true, &env); rc != 0) return rc;
  int64_t existing = 0;
  Status s = env.db->Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(existing, users::CountUsers(tx));
    return Status::Ok();
  });
  if (!s.ok()) return Fail(kExitDatabase, s.message());
  if (existing > 0) {
    return Fail(kExitFailure, "this database already has users; use `kinship user add` to add more");
  }
  std::string password;
  bool generated = false;
  if (!args.password_file.empty()) {
    std::ifstream in(args.password_file);
    if (!in || !std::getline(in, password)) return Fail(kExitUsage, "cannot read " + args.password_file);
  } else if (const char* p = std::getenv("KINSHIP_ADMIN_PASSWORD"); p && *p) {
    password = p;
  } else {
    password = crypto::RandomToken("");
    generated = true;
  }
  auto program = programs::CreateProgram(*env.db, *env.audit, "", args.program_name, args.program_slug, std::nullopt);
  if (!program.ok()) return Fail(kExitUsage, program.status().ToString());
  auto user = users::CreateUser(*env.db, *env.audit, SystemActor(program->id),
                                {args.admin_username, args.admin_display_name, "admin", password});
  if (!user.ok()) return Fail(kExitUsage, user.status().ToString());
  std::cout << "Created program '" << program->name << "' and its administrator.\n"
            << "  database: " << env.db->Describe() << "\n"
            << "  key file: " << config.KeyFilePath() << " (keep it safe and back it up; it is not in the database)\n"
            << "  username: " << user->username << "\n";
  if (generated) std::cout << "  password: " << password << "   (shown once; change it after logging in)\n";
  return kExitOk;
}

}  // namespace

void AddInit(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("init", "Create a database with a first program and its administrator");
  static FlagValues flags;
  static InitArgs args;
  AddConfigFlags(cmd, {"config", "db", "key_file", "log_level"}, &flags);
  cmd->add_option("--program-name", args.program_name, "Name of the first program")->capture_default_str();
  cmd->add_option("--program-slug", args.program_slug, "Short name (a-z, 0-9, -)")->capture_default_str();
  cmd->add_option("--admin-username", args.admin_username, "Administrator's username")->capture_default_str();
  cmd->add_option("--admin-display-name", args.admin_display_name, "Administrator's display name");
  cmd->add_option("--admin-password-file", args.password_file,
                  "File whose first line is the password (else KINSHIP_ADMIN_PASSWORD, else one is generated)");
  cmd->callback([exit_code] {
    auto config = LoadConfig(flags);
    *exit_code = config ? Init(*config, args) : kExitUsage;
  });
}

}  // namespace kinship::cli

// `kinship user`: manage staff accounts from the command line (add, list, set-role,
// reset-password, disable, enable). Every change goes through the users service as the
// system actor of the user's program, so it is validated and audited like one made in the
// web app. Passwords are never taken as flag values (they would show in `ps` and shell
// history): they come from a file, from standard input, or are generated and shown once.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <tuple>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "core/crypto.h"
#include "programs/program_store.h"
#include "users/user_service.h"
#include "users/user_store.h"

namespace kinship::cli {

namespace {

struct UserArgs {
  std::string program;
  std::string username;
  std::string display_name;
  std::string role;
  std::string password_file;
  bool password_stdin = false;
};

// Prints why a service call failed and returns the exit code for it.
int ServiceFailure(const Status& s) {
  if (s.code() == StatusCode::kValidation) {
    for (const auto& e : s.field_errors()) std::cerr << "error: " << e.field << ": " << e.message << "\n";
    if (s.field_errors().empty()) std::cerr << "error: " << s.message() << "\n";
    return kExitUsage;
  }
  if (s.code() == StatusCode::kUnavailable || s.code() == StatusCode::kInternal) {
    return Fail(kExitDatabase, s.message());
  }
  return Fail(kExitFailure, s.message());
}

// Reads the password from --password-file or standard input; false (after printing why)
// when it cannot be read. *given is false when neither option was used.
bool ReadPassword(const UserArgs& args, std::string* password, bool* given) {
  *given = args.password_stdin || !args.password_file.empty();
  if (!*given) return true;
  bool ok = false;
  if (args.password_stdin) {
    ok = static_cast<bool>(std::getline(std::cin, *password));
    if (!ok) Fail(kExitUsage, "no password on standard input");
  } else {
    std::ifstream in(args.password_file);
    ok = in && std::getline(in, *password);
    if (!ok) Fail(kExitUsage, "cannot read a password from " + args.password_file);
  }
  if (ok && !password->empty() && password->back() == '\r') password->pop_back();
  return ok;
}

int FindProgram(store::Database& db, const std::string& slug, programs::Program* out) {
  Status s = db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(*out, programs::FindProgramBySlug(tx, slug));
    return Status::Ok();
  });
  if (s.code() == StatusCode::kNotFound) return Fail(kExitFailure, "no program with the slug '" + slug + "'");
  if (!s.ok()) return Fail(kExitDatabase, s.message());
  return kExitOk;
}

int FindUser(store::Database& db, const std::string& username, users::User* out) {
  Status s = db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(*out, users::FindUserByUsername(tx, username));
    return Status::Ok();
  });
  if (s.code() == StatusCode::kNotFound) return Fail(kExitFailure, "no user with the username '" + username + "'");
  if (!s.ok()) return Fail(kExitDatabase, s.message());
  return kExitOk;
}

int Add(Environment& env, const UserArgs& args) {
  programs::Program program;
  if (int rc = FindProgram(*env.db, args.program, &program); rc != kExitOk) return rc;
  std::string password;
  bool given = false;
  if (!ReadPassword(args, &password, &given)) return kExitUsage;
  if (!given) password = crypto::RandomToken("");
  auto user = users::CreateUser(*env.db, *env.audit, SystemActor(program.id),
                                {args.username, args.display_name, args.role, password});
  if (!user.ok()) return ServiceFailure(user.status());
  std::cout << "Created user '" << user->username << "' (" << user->role << ") in program '" << program.slug
            << "'.\n";
  if (!given) std::cout << "  password: " << password << "   (shown once; they can change it after logging in)\n";
  return kExitOk;
}

struct ListedUser {
  users::User user;
  std::string program_slug;
};

int List(Environment& env, const UserArgs& args) {
  std::vector<ListedUser> listed;
  Status s = env.db->Read([&](store::Tx& tx) -> Status {
    std::vector<std::pair<std::string, std::string>> programs;  // id, slug
    if (!args.program.empty()) {
      KINSHIP_ASSIGN_OR_RETURN(auto p, programs::FindProgramBySlug(tx, args.program));
      programs.emplace_back(p.id, p.slug);
    } else {
      KINSHIP_ASSIGN_OR_RETURN(auto all, programs::ListAllPrograms(tx));
      for (const auto& p : all) programs.emplace_back(p.id, p.slug);
    }
    for (const auto& [id, slug] : programs) {
      std::string after;
      for (;;) {
        KINSHIP_ASSIGN_OR_RETURN(auto page, users::ListUsers(tx, id, after, 500));
        for (auto& u : page) listed.push_back({std::move(u), slug});
        if (page.size() < 500) break;
        after = listed.back().user.id;
      }
    }
    return Status::Ok();
  });
  if (s.code() == StatusCode::kNotFound) return Fail(kExitFailure, "no program with the slug '" + args.program + "'");
  if (!s.ok()) return Fail(kExitDatabase, s.message());
  std::stable_sort(listed.begin(), listed.end(), [](const ListedUser& a, const ListedUser& b) {
    return std::tie(a.program_slug, a.user.username) < std::tie(b.program_slug, b.user.username);
  });
  std::vector<std::vector<std::string>> table = {{"USERNAME", "ROLE", "PROGRAM", "DISABLED", "LAST LOGIN"}};
  for (const auto& l : listed) {
    table.push_back({l.user.username, l.user.role, l.program_slug, l.user.disabled ? "yes" : "no",
                     l.user.last_login_at.value_or("never")});
  }
  std::vector<size_t> width(table[0].size(), 0);
  for (const auto& row : table) {
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  for (const auto& row : table) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(width[i] - row[i].size() + 2, ' ');
    }
    std::cout << line << "\n";
  }
  std::cout << listed.size() << (listed.size() == 1 ? " user\n" : " users\n");
  return kExitOk;
}

int Change(Environment& env, const UserArgs& args, const users::UserChange& change, const std::string& done) {
  users::User user;
  if (int rc = FindUser(*env.db, args.username, &user); rc != kExitOk) return rc;
  auto changed = users::ChangeUser(*env.db, *env.audit, SystemActor(user.program_id), user.id, change);
  if (!changed.ok()) return ServiceFailure(changed.status());
  std::cout << "User '" << changed->username << "' " << done << ".\n";
  return kExitOk;
}

int ResetPassword(Environment& env, const UserArgs& args) {
  std::string password;
  bool given = false;
  if (!ReadPassword(args, &password, &given)) return kExitUsage;
  if (!given) return Fail(kExitUsage, "give the new password with --password-file FILE or --password-stdin");
  users::User user;
  if (int rc = FindUser(*env.db, args.username, &user); rc != kExitOk) return rc;
  Status s = users::ResetPassword(*env.db, *env.audit, SystemActor(user.program_id), user.id, password);
  if (!s.ok()) return ServiceFailure(s);
  std::cout << "Password of '" << user.username << "' reset; their sessions and API tokens were ended.\n";
  return kExitOk;
}

// Loads the config, opens the database (which must be at this binary's schema version) and
// the key file, then runs fn.
template <typename Fn>
int WithEnvironment(const FlagValues& flags, Fn fn) {
  auto config = LoadConfig(flags);
  if (!config) return kExitUsage;
  Environment env;
  if (int rc = OpenEnvironment(*config, false, false, &env); rc != 0) return rc;
  const int rc = fn(env);
  env.db->Close();
  return rc;
}

void AddPasswordOptions(CLI::App* cmd, UserArgs* args, const std::string& whose) {
  auto* file = cmd->add_option("--password-file", args->password_file,
                               "File whose first line is " + whose + " password");
  auto* in = cmd->add_flag("--password-stdin", args->password_stdin,
                           "Read " + whose + " password from the first line of standard input");
  file->excludes(in);
}

}  // namespace

void AddUser(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("user", "Manage staff accounts: add, list, set-role, reset-password, disable, enable");
  cmd->require_subcommand(1);
  static FlagValues flags;
  static UserArgs args;
  const std::vector<std::string> config_flags = {"config", "db", "key_file", "log_level"};

  auto* add = cmd->add_subcommand(
      "add", "Add a user to a program. Without --password-file or --password-stdin a password is generated and "
             "printed once");
  AddConfigFlags(add, config_flags, &flags);
  add->add_option("--program", args.program, "The program's slug")->required();
  add->add_option("--username", args.username, "Username (3-64 of a-z 0-9 . _ -)")->required();
  add->add_option("--display-name", args.display_name, "Name shown in the app")->required();
  add->add_option("--role", args.role, "peer, coordinator, admin, researcher or network")->required();
  AddPasswordOptions(add, &args, "the");
  add->callback([exit_code] { *exit_code = WithEnvironment(flags, [](Environment& env) { return Add(env, args); }); });

  auto* list = cmd->add_subcommand("list", "List users: username, role, program, disabled, last login");
  AddConfigFlags(list, config_flags, &flags);
  list->add_option("--program", args.program, "Only this program (its slug)");
  list->callback([exit_code] { *exit_code = WithEnvironment(flags, [](Environment& env) { return List(env, args); }); });

  auto* set_role = cmd->add_subcommand("set-role", "Change a user's role");
  AddConfigFlags(set_role, config_flags, &flags);
  set_role->add_option("--username", args.username, "The user")->required();
  set_role->add_option("--role", args.role, "peer, coordinator, admin, researcher or network")->required();
  set_role->callback([exit_code] {
    *exit_code = WithEnvironment(flags, [](Environment& env) {
      users::UserChange change;
      change.role = args.role;
      return Change(env, args, change, "now has the role " + args.role);
    });
  });

  auto* reset = cmd->add_subcommand(
      "reset-password", "Set a new password for a user and end their sessions and API tokens");
  AddConfigFlags(reset, config_flags, &flags);
  reset->add_option("--username", args.username, "The user")->required();
  AddPasswordOptions(reset, &args, "the new");
  reset->callback(
      [exit_code] { *exit_code = WithEnvironment(flags, [](Environment& env) { return ResetPassword(env, args); }); });

  for (const bool disable : {true, false}) {
    auto* sub = cmd->add_subcommand(disable ? "disable" : "enable",
                                    disable ? "Stop a user from logging in and end their sessions"
                                            : "Let a disabled user log in again");
    AddConfigFlags(sub, config_flags, &flags);
    sub->add_option("--username", args.username, "The user")->required();
    sub->callback([exit_code, disable] {
      *exit_code = WithEnvironment(flags, [disable](Environment& env) {
        users::UserChange change;
        change.disabled = disable;
        return Change(env, args, change, disable ? "is disabled" : "is enabled");
      });
    });
  }
}

}  // namespace kinship::cli

#include <iostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "programs/program_store.h"

namespace kinship::cli {

namespace {
int Verify(const Config& config, const std::string& slug) {
  Environment env;
  if (int rc = OpenEnvironment(config, false, false, &env); rc != 0) return rc;
  std::string program_id;
  if (!slug.empty()) {
    Status s = env.db->Read([&](store::Tx& tx) -> Status {
      KINSHIP_ASSIGN_OR_RETURN(auto p, programs::FindProgramBySlug(tx, slug));
      program_id = p.id;
      return Status::Ok();
    });
    if (s.code() == StatusCode::kNotFound) return Fail(kExitFailure, "no program with the slug '" + slug + "'");
    if (!s.ok()) return Fail(kExitDatabase, s.message());
  }
  auto report = env.audit->Verify(*env.db, program_id);
  if (!report.ok()) return Fail(kExitDatabase, report.status().message());
  if (report->ok) {
    std::cout << "audit log intact: " << report->checked << " entries checked\n";
    return kExitOk;
  }
  std::cout << "audit log BROKEN: program " << report->program_id << ", first broken link at entry "
            << report->first_broken_seq << ": " << report->reason << " (" << report->checked
            << " entries verified before it)\n";
  return kExitVerify;
}
}  // namespace

void AddAudit(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("audit", "Work with the tamper-evident audit log");
  cmd->require_subcommand(1);
  auto* verify = cmd->add_subcommand("verify", "Check the hash chain; exit 4 and name the first broken link if any");
  static FlagValues flags;
  static std::string slug;
  AddConfigFlags(verify, {"config", "db", "key_file", "log_level"}, &flags);
  verify->add_option("--program", slug, "Only this program (its slug)");
  verify->callback([exit_code] {
    auto config = LoadConfig(flags);
    *exit_code = config ? Verify(*config, slug) : kExitUsage;
  });
}

}  // namespace kinship::cli

#include "cli/cli.h"

#include <iostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "core/crypto.h"
#include "core/log.h"

namespace kinship::cli {

int Run(int argc, char** argv) {
  if (!crypto::Init().ok()) return Fail(kExitFailure, "libsodium could not be initialised");
  CLI::App app{"Kinship: a self-hosted platform for peer-led harm reduction programs", "kinship"};
  app.require_subcommand(1);
  int exit_code = kExitOk;
  AddServe(app, &exit_code);
  AddInit(app, &exit_code);
  AddDemo(app, &exit_code);
  AddUser(app, &exit_code);
  AddMigrate(app, &exit_code);
  AddBackup(app, &exit_code);
  AddRestore(app, &exit_code);
  AddAudit(app, &exit_code);
  AddVersion(app, &exit_code);
  AddConfig(app, &exit_code);
  AddStats(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  } catch (const std::exception& e) {
    log::Error("cli: command failed", {{"error", e.what()}});
    return Fail(kExitFailure, e.what());
  }
  return exit_code;
}

}  // namespace kinship::cli

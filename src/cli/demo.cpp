#include <chrono>
#include <iostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "demo/demo_data.h"
#include "encounters/calendar.h"

namespace kinship::cli {

namespace {

struct DemoArgs {
  uint64_t seed = 1;
  int scale = 1;
  std::string size = "full";
  int64_t encounters = -1;
  std::string now;
  bool serve = false;
};

void PrintActivity(const demo::DemoSummary& s, double seconds) {
  const auto& a = s.activity;
  std::cout << "Two years of daily work, ending now: " << a.encounters << " encounters (" << a.with_code
            << " with a participant code, " << a.voided << " voided), " << a.participants << " participants, "
            << a.lots << " lots, " << a.movements << " stock movements (" << a.transfers << " transfers), "
            << a.resources << " resources, " << a.referrals << " referrals (made " << a.referrals_by_status[0]
            << ", accepted " << a.referrals_by_status[1] << ", attended " << a.referrals_by_status[2]
            << ", not attended " << a.referrals_by_status[3] << ", closed " << a.referrals_by_status[4] << "); "
            << s.rows << " rows in " << static_cast<int64_t>(seconds * 10) / 10.0 << " s.\n";
}

int Demo(const Config& config, const DemoArgs& args) {
  demo::DemoOptions options;
  options.seed = args.seed;
  options.scale = args.scale;
  options.size = args.size == "tiny" ? demo::DemoSize::kTiny : demo::DemoSize::kFull;
  options.encounters = args.encounters;
  if (!args.now.empty()) {
    const auto t = encounters::ParseTime(args.now);
    if (!t) return Fail(kExitUsage, "--now must be a UTC time like 2026-11-23T10:15:00Z");
    options.now_ms = ToUnixMillis(*t);
  }
  Environment env;
  if (int rc = OpenEnvironment(config, true, true, &env); rc != 0) return rc;
  const auto start = std::chrono::steady_clock::now();
  auto summary = demo::CreateDemoData(*env.db, *env.audit, env.code_key, options);
  if (!summary.ok()) return Fail(kExitFailure, summary.status().message());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "Demo data created in " << env.db->Describe() << " (seed " << args.seed << "): "
            << summary->programs << " programs, " << summary->sites << " sites, " << summary->users << " users.\n";
  if (options.size == demo::DemoSize::kFull) PrintActivity(*summary, seconds);
  std::cout << "\nDemo logins (every password is '" << demo::kDemoPassword << "'):\n";
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
  cmd->add_option("--scale", args.scale,
                  "Multiply participants, encounters and peer accounts (for benchmarks: 100 = 10 million encounters)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cmd->add_option("--size", args.size,
                  "full: two years of daily work (about 100,000 encounters per scale); tiny: programs, sites, users "
                  "and the catalog only (what the API tests start from)")
      ->check(CLI::IsMember({"full", "tiny"}))
      ->capture_default_str();
  cmd->add_option("--encounters", args.encounters, "About this many encounters instead of 100,000 × scale")
      ->check(CLI::Range(int64_t{0}, int64_t{2'000'000'000}));
  cmd->add_option("--now", args.now, "Pretend it is this UTC time: the two years end here (default: now)");
  cmd->add_flag("--serve", args.serve, "Serve the app after creating the data");
  cmd->callback([exit_code] {
    auto config = LoadConfig(flags);
    *exit_code = config ? Demo(*config, args) : kExitUsage;
  });
}

}  // namespace kinship::cli

// Synthetic, reproducible demo data: a network of three programs with their sites and
// staff, and (full size) two years of their daily work ending now — participants, encounters,
// stock received, moved and handed out, referrals and the roll-ups — with weekly and seasonal
// patterns. The same seed and the same --now give the same rows, ids included (the programs,
// sites, users and catalog keep the random ids their services give them). Every login shares
// one demo password.
//
//   DemoOptions o;                       // full size: about 100,000 encounters
//   o.size = DemoSize::kTiny;            // structure only: what the API tests start from
//   auto summary = CreateDemoData(db, audit, code_key, o);
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "core/crypto.h"
#include "core/status.h"
#include "demo/demo_activity.h"
#include "store/database.h"

namespace kinship::demo {

inline constexpr const char* kDemoPassword = "kinship-demo";
inline constexpr int64_t kEncountersPerScale = 100000;
inline constexpr int kParticipantsPerScale = 2000;

struct DemoLogin {
  std::string username;
  std::string role;
  std::string program;
};

enum class DemoSize {
  kTiny,  // programs, sites, users, settings and the default catalog; nothing else
  kFull,  // and two years of daily work
};

struct DemoOptions {
  uint64_t seed = 1;
  int scale = 1;                       // multiplies participants, encounters and peer accounts
  DemoSize size = DemoSize::kFull;
  int64_t encounters = -1;             // about this many; -1: kEncountersPerScale × scale
  int64_t now_ms = 0;                  // the end of the two years (ms since the epoch); 0: now
};

struct DemoSummary {
  int programs = 0;
  int sites = 0;
  int users = 0;
  std::vector<DemoLogin> logins;  // the named logins to print
  ActivityCounts activity;        // summed over the programs (zero when tiny)
  int64_t rows = 0;               // rows written by the generator
};

// Fills an empty, migrated database. kFailedPrecondition when it already has programs;
// the store's error when a write fails.
Result<DemoSummary> CreateDemoData(store::Database& db, const audit::Recorder& audit, const crypto::Key& code_key,
                                   const DemoOptions& options);
// The structure only (DemoSize::kTiny) with that seed and scale.
Result<DemoSummary> CreateDemoData(store::Database& db, const audit::Recorder& audit, uint64_t seed, int scale);

}  // namespace kinship::demo

// Synthetic, reproducible demo data: a network of three programs with their sites and
// staff. The same seed gives the same data. Every login shares one demo password.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "core/status.h"
#include "store/database.h"

namespace kinship::demo {

inline constexpr const char* kDemoPassword = "kinship-demo";

struct DemoLogin {
  std::string username;
  std::string role;
  std::string program;
};

struct DemoSummary {
  int programs = 0;
  int sites = 0;
  int users = 0;
  std::vector<DemoLogin> logins;  // the named logins to print
};

// Fills an empty, migrated database. kFailedPrecondition when it already has programs.
Result<DemoSummary> CreateDemoData(store::Database& db, const audit::Recorder& audit, uint64_t seed, int scale);

}  // namespace kinship::demo

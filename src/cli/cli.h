// The `kinship` command line: one file per subcommand (serve, init, demo, user, migrate,
// backup, restore, audit, config, version). Exit codes: 0 success, 1 failure, 2 usage error,
// 3 the database is not usable (unreachable, or its schema is newer than this binary),
// 4 a verification failed (audit chain broken, backup does not verify).
#pragma once

namespace kinship::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitDatabase = 3;
inline constexpr int kExitVerify = 4;

int Run(int argc, char** argv);

}  // namespace kinship::cli

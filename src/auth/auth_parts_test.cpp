#include <gtest/gtest.h>

#include "auth/permissions.h"
#include "auth/throttle.h"

namespace kinship::auth {
namespace {

TEST(Permissions, MatrixAsDocumented) {
  struct Row {
    const char* role;
    const char* permission;
    bool allowed;
  };
  const Row rows[] = {
      {"peer", "sites.read", true},         {"peer", "sites.write", false},      {"peer", "users.read", false},
      {"peer", "audit.read", false},        {"researcher", "sites.write", false}, {"researcher", "users.read", false},
      {"coordinator", "sites.write", true}, {"coordinator", "users.read", true},  {"coordinator", "users.write", false},
      {"coordinator", "audit.read", false}, {"admin", "users.write", true},       {"admin", "audit.read", true},
      {"admin", "programs.switch", false},  {"admin", "programs.create", false},  {"network", "programs.switch", true},
      {"network", "programs.create", true}, {"nobody", "sites.read", false},      {"", "sites.read", false},
  };
  for (const auto& r : rows) {
    EXPECT_EQ(HasPermission(r.role, r.permission), r.allowed) << r.role << " " << r.permission;
  }
}

TEST(Permissions, WhoMayGrantWhichRole) {
  EXPECT_TRUE(MayGrantRole("admin", "coordinator"));
  EXPECT_FALSE(MayGrantRole("admin", "network"));
  EXPECT_TRUE(MayGrantRole("network", "network"));
  EXPECT_FALSE(MayGrantRole("coordinator", "peer"));
  EXPECT_FALSE(MayGrantRole("network", "superuser"));
}

TEST(Throttle, BlocksAfterLimitPerAccountAndPerAddress) {
  LoginThrottle t(3, 5, std::chrono::minutes(15));
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(t.RetryAfter("ana", "10.0.0.1"), 0);
    t.RecordFailure("ana", "10.0.0.1");
  }
  EXPECT_GT(t.RetryAfter("ana", "10.0.0.2"), 0);  // the account is paused from anywhere
  EXPECT_EQ(t.RetryAfter("bo", "10.0.0.2"), 0);
  t.RecordFailure("bo", "10.0.0.1");
  t.RecordFailure("cy", "10.0.0.1");
  EXPECT_GT(t.RetryAfter("dee", "10.0.0.1"), 0);  // the address made 5 failures
  EXPECT_LE(t.RetryAfter("dee", "10.0.0.1"), 15 * 60);
}

TEST(Throttle, SuccessClearsTheAccount) {
  LoginThrottle t(2, 100, std::chrono::minutes(15));
  t.RecordFailure("ana", "a");
  t.RecordSuccess("ana");
  t.RecordFailure("ana", "a");
  EXPECT_EQ(t.RetryAfter("ana", "a"), 0);
}

}  // namespace
}  // namespace kinship::auth

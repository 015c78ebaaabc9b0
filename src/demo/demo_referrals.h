// The referral directory of a demo program (6 to 10 local resources; together the three
// programs have every kind) and its referrals, each followed up as peers do: accepted a few
// days later or not, then attended or not, then closed — every step an event, none after
// now. Recent referrals are still open with their follow-up date passed, so the follow-up
// board has work today.
#pragma once

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "demo/bulk_writer.h"
#include "demo/demo_ids.h"
#include "demo/demo_tables.h"
#include "demo/demo_world.h"

namespace kinship::demo {

class ReferralBook {
 public:
  ReferralBook(const ProgramWorld& world, BulkWriter& out, const DemoTables& tables, IdMaker& ids, int64_t now_ms);

  // Queues the program's resources, created at created_ms.
  void WriteResources(int64_t created_ms);
  // A referral made at made_ms by worker (in an encounter when encounter_id is set) and
  // everything that happened to it up to now.
  void Make(int64_t made_ms, const std::string& worker, const std::string* encounter_id,
            const std::string* participant_id, std::mt19937_64& rng);

  int64_t made() const { return made_; }
  size_t resources() const { return resource_ids_.size(); }
  // Referrals now in each status, in the order made, accepted, attended, not_attended, closed.
  const std::array<int64_t, 5>& by_status() const { return by_status_; }

 private:
  const ProgramWorld& world_;
  BulkWriter& out_;
  const DemoTables& tables_;
  IdMaker& ids_;
  int64_t now_ms_;
  std::vector<std::string> resource_ids_;
  std::vector<double> resource_weights_;
  int64_t made_ = 0;
  std::array<int64_t, 5> by_status_{};
};

}  // namespace kinship::demo

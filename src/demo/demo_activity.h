// Two years of one demo program's daily work, generated day by day in time order and
// written as the services would have written it: encounters with their item lines, a
// `dispense` movement per lot touched (first expiry first out), monthly deliveries of new
// lots to every site that needs them, transfers from the fixed site to the outreach sites,
// stock counts, disposals and expiries, a few encounters voided right after they were
// logged, referrals, and the roll-ups (daily_site_stats, daily_item_stats,
// participant_periods and the participants' counters).
#pragma once

#include <cstdint>

#include "core/crypto.h"
#include "core/status.h"
#include "demo/bulk_writer.h"
#include "demo/demo_tables.h"
#include "demo/demo_world.h"

namespace kinship::demo {

struct ActivityPlan {
  uint64_t seed = 1;
  int64_t encounters = 0;  // about this many over the whole period
  int participants = 0;
  int64_t first_day = 0;  // the period: first_day 00:00 UTC up to now_ms
  int64_t now_ms = 0;
};

struct ActivityCounts {
  int64_t encounters = 0, voided = 0, with_code = 0, participants = 0, lots = 0, movements = 0, transfers = 0,
          urgent_orders = 0, referrals = 0, resources = 0;
  int64_t referrals_by_status[5] = {};  // made, accepted, attended, not_attended, closed
};

// Generates and queues everything for world into out (flushing as it goes). Returns the
// store's error if a write fails.
Result<ActivityCounts> GenerateActivity(const ProgramWorld& world, const crypto::Key& code_key,
                                        const ActivityPlan& plan, BulkWriter& out, const DemoTables& tables);

}  // namespace kinship::demo

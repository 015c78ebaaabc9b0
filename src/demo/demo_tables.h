// The tables the generator fills, declared once in the bulk writer, with their columns in
// the order the generator passes values.
#pragma once

#include "demo/bulk_writer.h"

namespace kinship::demo {

struct DemoTables {
  int lots, movements, stock, stock_totals;
  int participants, participant_keys;
  int encounters, encounter_items, daily_site_stats, daily_item_stats, participant_periods;
  int resources, referrals, referral_events;
};

DemoTables DeclareTables(BulkWriter& out);

}  // namespace kinship::demo

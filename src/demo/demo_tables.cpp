#include "demo/demo_tables.h"

namespace kinship::demo {

DemoTables DeclareTables(BulkWriter& out) {
  DemoTables t;
  t.lots = out.Table("lots", {"program_id", "id", "item_id", "lot_number", "expires_on", "created_at"});
  t.movements = out.Table("movements", {"program_id", "id", "site_id", "item_id", "lot_id", "kind", "quantity",
                                        "balance_after", "lot_balance_after", "occurred_at", "reason",
                                        "encounter_id", "transfer_id", "user_id", "created_at"});
  t.stock = out.Table("stock", {"program_id", "site_id", "lot_id", "item_id", "expires_on", "quantity"});
  t.stock_totals = out.Table("stock_totals", {"program_id", "site_id", "item_id", "quantity", "updated_at"});
  t.participants = out.Table("participants", {"program_id", "id", "display_code", "code_kind", "age_band", "gender",
                                              "housing", "main_route", "merged_into", "first_seen_at",
                                              "last_seen_at", "encounter_count", "created_at", "updated_at"});
  t.participant_keys = out.Table("participant_keys", {"program_id", "kind", "hash", "participant_id"});
  t.encounters = out.Table("encounters", {"program_id", "id", "occurred_at", "day", "site_id", "mode", "area",
                                          "worker_id", "participant_id", "kit_id", "returned_syringes",
                                          "returned_containers", "services", "for_others_people", "voided",
                                          "void_reason", "created_at", "updated_at"});
  t.encounter_items =
      out.Table("encounter_items", {"program_id", "encounter_id", "item_id", "quantity", "for_others"});
  t.daily_site_stats = out.Table("daily_site_stats", {"program_id", "day", "site_id", "encounters", "with_code",
                                                      "returned_syringes", "returned_containers",
                                                      "for_others_people", "referrals"});
  t.daily_item_stats =
      out.Table("daily_item_stats", {"program_id", "day", "site_id", "item_id", "quantity", "for_others"});
  t.participant_periods =
      out.Table("participant_periods", {"program_id", "period", "participant_id", "encounters"});
  t.resources = out.Table("resources", {"program_id", "id", "name", "kind", "hours", "eligibility", "how_to_refer",
                                        "contact", "area", "archived", "created_at", "updated_at"});
  t.referrals = out.Table("referrals", {"program_id", "id", "resource_id", "encounter_id", "participant_id", "status",
                                        "made_at", "made_by", "follow_up_on", "closed_at", "updated_at"});
  t.referral_events = out.Table("referral_events", {"program_id", "id", "referral_id", "status", "at", "user_id"});
  return t;
}

}  // namespace kinship::demo

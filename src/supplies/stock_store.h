// SQL for reading stock: what each site holds, what is low, what expires soon, the stock
// card of one item at one site, and stock on hand per lot for the CSV export. Every
// statement is scoped by program_id. (Writes go through the ledger, ledger.h.)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/database.h"
#include "supplies/ledger.h"

namespace kinship::supplies {

struct StockLot {
  std::string lot_id;
  std::string lot_number;
  std::optional<std::string> expires_on;
  int64_t quantity = 0;
};

// One item at one site.
struct StockLine {
  std::string site_id;
  std::string site_name;
  std::string item_id;
  std::string item_name;
  std::string unit;
  std::string category;
  int64_t quantity = 0;
  int64_t reorder_threshold = 0;
  std::vector<StockLot> lots;  // with stock, first expiry first
};

// One lot at one site (expiring lists, the lots CSV export, expiring stock).
struct LotOnHand {
  std::string site_id;
  std::string site_name;
  std::string item_id;
  std::string item_name;
  std::string lot_id;
  std::string lot_number;
  std::optional<std::string> expires_on;
  int64_t quantity = 0;
};

// Every item a site holds or has held (site_id empty: every site), by site and item name.
// Lines of archived items or sites are left out once they hold nothing.
Result<std::vector<StockLine>> ListStock(store::Tx& tx, const std::string& program_id, const std::string& site_id);
// Items below their reorder threshold at live sites (no lots filled in).
Result<std::vector<StockLine>> LowStock(store::Tx& tx, const std::string& program_id);
// Lots with stock that expire on or before `until` (site_id empty: every site), soonest first.
Result<std::vector<LotOnHand>> ExpiringStock(store::Tx& tx, const std::string& program_id, const std::string& until,
                                             const std::string& site_id);
// Lots with stock that expired before today (site_id empty: every site).
Result<std::vector<LotOnHand>> ExpiredStock(store::Tx& tx, const std::string& program_id, const std::string& site_id);
// Every lot with stock at every site, by item, lot and site name.
Result<std::vector<LotOnHand>> StockOnHand(store::Tx& tx, const std::string& program_id);

// What one lot holds at one site (0 when never stocked there). lock: FOR UPDATE on PostgreSQL.
Result<int64_t> LotQuantityAt(store::Tx& tx, const std::string& program_id, const std::string& site_id,
                              const std::string& lot_id, bool lock);
// What an item totals at a site (0 when never stocked there).
Result<int64_t> ItemQuantityAt(store::Tx& tx, const std::string& program_id, const std::string& site_id,
                               const std::string& item_id);
// The stock card: movements of the item at the site with id < before (empty: from the
// newest), newest first. Walks the movements_card index backwards, so it stays fast however
// long the history.
Result<std::vector<Movement>> CardPage(store::Tx& tx, const std::string& program_id, const std::string& site_id,
                                       const std::string& item_id, const std::string& before, int limit);

}  // namespace kinship::supplies

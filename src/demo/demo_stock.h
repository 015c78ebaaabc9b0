// The stock ledger of one demo program, kept in memory while the generator walks through
// time: lots, the quantity of every lot at every site, and the item totals per site. Every
// change becomes a movement row written exactly as supplies/ledger.cpp writes it (signed
// quantity, the item's balance at the site and the lot's balance after it, ids increasing in
// the order the balances were computed), and it never lets stock go below zero. At the end
// the `stock` and `stock_totals` rows are written from the final balances, so they equal
// the sum of the movements.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "demo/bulk_writer.h"
#include "demo/demo_ids.h"
#include "demo/demo_tables.h"
#include "demo/demo_world.h"

namespace kinship::demo {

inline constexpr int64_t kNoExpiry = std::numeric_limits<int64_t>::max();

// Who moved stock, when, and why; shared by the movements of one request.
struct MovementWho {
  int64_t occurred_ms = 0;
  int64_t created_ms = 0;
  const std::string* user_id = nullptr;
  const char* reason = nullptr;
  const std::string* encounter_id = nullptr;
  const std::string* transfer_id = nullptr;
};

struct LotInfo {
  int item = 0;
  std::string id, number, expires_on;  // expires_on "" when the lot has no expiry date
  int64_t expires_day = kNoExpiry;
};

class StockBook {
 public:
  StockBook(const ProgramWorld& world, IdMaker& ids, BulkWriter& out, const DemoTables& tables);

  // A new lot of item (writes its `lots` row). Returns its index.
  int NewLot(int item, std::string number, int64_t expires_day, int64_t created_ms);
  const LotInfo& lot(int lot) const { return lots_[static_cast<size_t>(lot)]; }

  // Adds quantity (> 0) of lot at site: receive, transfer_in, adjust up.
  void Put(int site, int lot, int64_t quantity, std::string_view kind, const MovementWho& who);
  // Removes quantity (> 0) of lot at site: dispose, expire, adjust down. False (and nothing
  // written) when the lot holds less there.
  bool TakeLot(int site, int lot, int64_t quantity, std::string_view kind, const MovementWho& who);
  // Removes quantity of item at site first-expiry-first-out from the lots usable on day
  // (expires_on on or after day), one movement per lot; the lots and amounts taken are added
  // to taken. False (and nothing written) when the usable stock is short.
  bool Take(int site, int item, int64_t quantity, int64_t day, std::string_view kind, const MovementWho& who,
            std::vector<std::pair<int, int64_t>>* taken = nullptr);

  // Stock of item at site in lots that are still usable on day.
  int64_t Usable(int site, int item, int64_t day) const;
  int64_t Total(int site, int item) const { return totals_[Key(site, item)].quantity; }
  int64_t LotQuantity(int site, int lot) const;
  // Lots of item at site holding stock, first expiry first.
  std::vector<int> LotsWithStock(int site, int item) const;
  // Lots at site holding stock whose expiry date is before day.
  std::vector<int> ExpiredWithStock(int site, int64_t day) const;

  int64_t movements() const { return movements_; }
  size_t lot_count() const { return lots_.size(); }

  // Queues the final `stock` and `stock_totals` rows.
  void WriteBalances();

 private:
  struct ItemTotal {
    int64_t quantity = 0;
    int64_t updated_ms = 0;
    bool row = false;
  };
  size_t Key(int site, int item) const { return static_cast<size_t>(site) * items_ + static_cast<size_t>(item); }
  int64_t& Slot(int site, int lot);
  void Write(int site, int lot, int64_t quantity, std::string_view kind, const MovementWho& who);

  const ProgramWorld& world_;
  IdMaker& ids_;
  BulkWriter& out_;
  const DemoTables& tables_;
  size_t items_;
  std::vector<LotInfo> lots_;
  std::vector<std::vector<int64_t>> at_site_;  // [site][lot]: quantity, -1 when the site never had the lot
  std::vector<std::vector<int>> fefo_;         // [site*items+item]: lots ever held there, first expiry first
  std::vector<ItemTotal> totals_;
  int64_t movements_ = 0;
};

}  // namespace kinship::demo

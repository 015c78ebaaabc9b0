// Business rules for moving stock by hand: receiving a delivery, transferring between sites,
// adjusting, disposing, expiring and counting. Every change goes through the ledger
// (ledger.h), so stock never goes negative and the stock card keeps its running balance;
// each request is one transaction with one audit entry (entity "stock").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "auth/principal.h"
#include "core/status.h"
#include "store/database.h"
#include "supplies/item.h"
#include "supplies/ledger.h"

namespace kinship::supplies {

struct StockResult {
  std::optional<std::string> transfer_id;
  std::vector<Movement> movements;
};

struct ReceiveInput {
  std::string site_id;
  std::string item_id;
  std::string lot_number;
  std::optional<std::string> expires_on;
  int64_t quantity = 0;
  std::optional<std::string> reason;
};

struct TransferInput {
  std::string from_site_id;
  std::string to_site_id;
  std::string item_id;
  int64_t quantity = 0;
  std::optional<std::string> lot_id;  // none: first-expiry-first-out (expired lots skipped)
  std::optional<std::string> reason;
};

// One lot at one site: adjust (signed quantity) and dispose (quantity taken away).
struct LotChangeInput {
  std::string site_id;
  std::string lot_id;
  int64_t quantity = 0;
  std::string reason;
};

struct LotCount {
  std::string lot_id;
  int64_t counted = 0;
};

struct CountInput {
  std::string site_id;
  std::string item_id;
  std::vector<LotCount> counts;
};

// Every function: kValidation (422) for a site, item or lot that is not a live row of the
// actor's program; kFailedPrecondition (409, with {item_id, site_id, requested, available})
// when stock would go negative. Nothing is written on failure.

// Makes the lot when the item has no lot of that number yet (422 when the number exists
// with another expiry date).
Result<StockResult> ReceiveStock(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                                 const ReceiveInput& input);
// The same inside an open transaction, without the audit entry of the receive (CSV import).
Result<Movement> ReceiveIn(store::Tx& tx, const audit::Recorder& audit, const auth::Principal& actor,
                           const std::string& site_id, const Item& item, const std::string& lot_number,
                           const std::optional<std::string>& expires_on, int64_t quantity,
                           const std::optional<std::string>& reason, const std::string& expires_field);
// Answers a transfer_id shared by the transfer_out and transfer_in movements.
Result<StockResult> TransferStock(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                                  const TransferInput& input);
Result<StockResult> AdjustStock(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                                const LotChangeInput& input);
Result<StockResult> DisposeStock(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                                 const LotChangeInput& input);
// Takes every expired lot with stock (at site_id, or every site) out as `expire` movements.
Result<StockResult> ExpireStock(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                                const std::optional<std::string>& site_id);
// Sets each counted lot to what was counted, as an `adjust` with reason "physical count"
// where it differs. Lots of the item that are not listed are left as they are.
Result<StockResult> CountStock(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                               const CountInput& input);

}  // namespace kinship::supplies

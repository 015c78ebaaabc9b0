// The stock ledger: every change of stock is a movement row, and `stock` (per site and
// lot) and `stock_totals` (per site and item) are kept equal to the sum of movements in the
// same transaction. CHECK (quantity >= 0) on both tables is the last line of defence; the
// functions here check first so the caller gets a 409 that says what is available.
// Encounters dispense through Dispense() and put stock back with ReverseEncounter().
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace kinship::supplies {

struct Movement {
  std::string id;
  std::string program_id;
  std::string site_id;
  std::string item_id;
  std::string lot_id;
  std::string lot_number;
  std::string kind;  // receive | dispense | dispense_reversal | transfer_out | transfer_in | adjust | dispose | expire
  int64_t quantity = 0;  // signed: negative takes stock away
  int64_t balance_after = 0;      // the item at the site, after this movement
  int64_t lot_balance_after = 0;  // the lot at the site, after this movement
  std::string occurred_at;
  std::optional<std::string> reason;
  std::optional<std::string> encounter_id;
  std::optional<std::string> transfer_id;
  std::optional<std::string> user_id;
  std::string created_at;
};

// Who and when, shared by the movements of one request.
struct MovementContext {
  std::string program_id;
  std::string user_id;      // empty for the system
  std::string occurred_at;  // ISO time
  std::optional<std::string> encounter_id;
  std::optional<std::string> reason;
};

// Takes quantity of item_id from site_id, first-expiry-first-out (lots without an expiry
// last). Expired lots (expires_on before today) are skipped unless use_expired, which the
// caller may only pass when the program's settings allow it. Returns one `dispense`
// movement per lot touched. When the site holds less than quantity of usable stock,
// returns kFailedPrecondition (409) whose extra() carries {item_id, site_id, requested,
// available} and whose message names the item and site; nothing is written.
Result<std::vector<Movement>> Dispense(store::Tx& tx, const MovementContext& ctx, const std::string& site_id,
                                       const std::string& item_id, int64_t quantity, bool use_expired);

// Puts back every `dispense` movement of encounter_id not yet reversed, as
// `dispense_reversal` movements to the same lots (voiding or editing an encounter).
Result<std::vector<Movement>> ReverseEncounter(store::Tx& tx, const MovementContext& ctx,
                                               const std::string& encounter_id);

nlohmann::json ToJson(const Movement& m);

// ---- The primitives the stock routes (receive, transfer, adjust, ...) build on. ----

// One lot as the ledger needs it.
struct LotRef {
  std::string id;
  std::string item_id;
  std::string lot_number;
  std::optional<std::string> expires_on;
};

// kNotFound when the lot is not in the program.
Result<LotRef> FindLotRef(store::Tx& tx, const std::string& program_id, const std::string& lot_id);

// Applies a signed quantity of one lot at one site: moves `stock` (site, lot) and
// `stock_totals` (site, item) and writes the movement with both balances after it. A
// negative quantity larger than the lot holds at the site is kFailedPrecondition (409) with
// extra {item_id, site_id, lot_id, requested, available}; nothing is written then. The
// decrement is one conditional UPDATE, so concurrent requests on PostgreSQL cannot oversell.
Result<Movement> ApplyMovement(store::Tx& tx, const MovementContext& ctx, const std::string& site_id,
                               const LotRef& lot, std::string_view kind, int64_t quantity,
                               const std::optional<std::string>& transfer_id = std::nullopt);

// Dispense() with a chosen movement kind (e.g. `transfer_out`): takes quantity of item_id
// from site_id first-expiry-first-out. Same errors as Dispense().
Result<std::vector<Movement>> TakeFirstExpiryFirst(store::Tx& tx, const MovementContext& ctx,
                                                   const std::string& site_id, const std::string& item_id,
                                                   int64_t quantity, bool use_expired, std::string_view kind,
                                                   const std::optional<std::string>& transfer_id = std::nullopt);

// Today's date in UTC, "YYYY-MM-DD": lots that expire before it are expired.
std::string TodayUtc();

}  // namespace kinship::supplies

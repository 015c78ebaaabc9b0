#include "supplies/ledger.h"

#include <mutex>

#include "core/clock.h"
#include "core/ids.h"

namespace kinship::supplies {

namespace {

store::Value OrNull(const std::string& s) { return s.empty() ? store::Value() : store::Value(s); }
nlohmann::json OrNull(const std::optional<std::string>& s) { return s ? nlohmann::json(*s) : nlohmann::json(); }

// Movement ids order the stock card. UUIDv7 is only ordered to the millisecond, so within
// one process each new id is made strictly greater than the last one. It is taken while the
// movement holds the lock on its stock_totals row, so for one item at one site id order is
// the order in which the balances were computed.
std::string NextMovementId() {
  static std::mutex mu;
  static std::string last;
  std::string id = NewId();
  std::lock_guard<std::mutex> lock(mu);
  if (id <= last) {
    id = last;
    for (size_t i = id.size(); i-- > 24;) {  // the last 12 hex digits
      if (id[i] == 'f') {
        id[i] = '0';
        continue;
      }
      id[i] = id[i] == '9' ? 'a' : static_cast<char>(id[i] + 1);
      break;
    }
  }
  last = id;
  return id;
}

Result<std::string> NameOf(store::Tx& tx, const char* table, const std::string& program_id, const std::string& id) {
  const std::string sql = std::string("SELECT name FROM ") + table + " WHERE program_id = $1 AND id = $2";
  KINSHIP_ASSIGN_OR_RETURN(store::Rows rows, tx.Query(sql, {program_id, id}));
  return rows.empty() ? std::string("this item") : rows[0].Text(0);
}

// The 409 for a request that would overdraw stock. lot_number is set when one lot was asked for.
Status Shortage(store::Tx& tx, const std::string& program_id, const std::string& item_id, const std::string& site_id,
                int64_t requested, int64_t available, const LotRef* lot) {
  auto item = NameOf(tx, "items", program_id, item_id);
  auto site = NameOf(tx, "sites", program_id, site_id);
  if (!item.ok()) return item.status();
  if (!site.ok()) return site.status();
  std::string message = "Only " + std::to_string(available) + " " + *item;
  if (lot != nullptr) message += " (lot " + lot->lot_number + ")";
  message += " in stock at " + *site + ".";
  nlohmann::json extra = {
      {"item_id", item_id}, {"site_id", site_id}, {"requested", requested}, {"available", available}};
  if (lot != nullptr) extra["lot_id"] = lot->id;
  return Status(StatusCode::kFailedPrecondition, message).WithExtra(extra.dump());
}

Result<int64_t> LotQuantity(store::Tx& tx, const std::string& program_id, const std::string& site_id,
                            const std::string& lot_id) {
  KINSHIP_ASSIGN_OR_RETURN(store::Rows rows,
                           tx.Query("SELECT quantity FROM stock WHERE program_id = $1 AND site_id = $2 AND lot_id = $3",
                                    {program_id, site_id, lot_id}));
  return rows.empty() ? int64_t{0} : rows[0].Int(0);
}

}  // namespace

std::string TodayUtc() { return NowIso().substr(0, 10); }

nlohmann::json ToJson(const Movement& m) {
  return {{"id", m.id},
          {"site_id", m.site_id},
          {"item_id", m.item_id},
          {"lot_id", m.lot_id},
          {"lot_number", m.lot_number},
          {"kind", m.kind},
          {"quantity", m.quantity},
          {"balance_after", m.balance_after},
          {"lot_balance_after", m.lot_balance_after},
          {"occurred_at", m.occurred_at},
          {"reason", OrNull(m.reason)},
          {"encounter_id", OrNull(m.encounter_id)},
          {"transfer_id", OrNull(m.transfer_id)},
          {"user_id", OrNull(m.user_id)},
          {"created_at", m.created_at}};
}

Result<LotRef> FindLotRef(store::Tx& tx, const std::string& program_id, const std::string& lot_id) {
  KINSHIP_ASSIGN_OR_RETURN(
      store::Rows rows,
      tx.Query("SELECT id, item_id, lot_number, expires_on FROM lots WHERE program_id = $1 AND id = $2",
               {program_id, lot_id}));
  if (rows.empty()) return NotFound("lot not found");
  return LotRef{rows[0].Text(0), rows[0].Text(1), rows[0].Text(2), rows[0].OptText(3)};
}

Result<Movement> ApplyMovement(store::Tx& tx, const MovementContext& ctx, const std::string& site_id,
                               const LotRef& lot, std::string_view kind, int64_t quantity,
                               const std::optional<std::string>& transfer_id) {
  if (quantity == 0) return Internal("ledger: a movement needs a quantity other than 0");
  const std::string now = NowIso();
  int64_t lot_balance = 0;
  if (quantity < 0) {
    // One conditional statement: under concurrency the second request sees the first one's
    // decrement (PostgreSQL re-checks the WHERE after the row lock) and changes nothing.
    auto rows = tx.Query("UPDATE stock SET quantity = quantity - $4 "
                         "WHERE program_id = $1 AND site_id = $2 AND lot_id = $3 AND quantity >= $4 "
                         "RETURNING quantity",
                         {ctx.program_id, site_id, lot.id, -quantity});
    if (!rows.ok() && rows.status().code() != StatusCode::kFailedPrecondition) return rows.status();
    if (!rows.ok() || rows->empty()) {
      KINSHIP_ASSIGN_OR_RETURN(int64_t available, LotQuantity(tx, ctx.program_id, site_id, lot.id));
      return Shortage(tx, ctx.program_id, lot.item_id, site_id, -quantity, available, &lot);
    }
    lot_balance = (*rows)[0].Int(0);
  } else {
    KINSHIP_ASSIGN_OR_RETURN(
        store::Rows rows,
        tx.Query("INSERT INTO stock (program_id, site_id, lot_id, item_id, expires_on, quantity) "
                 "VALUES ($1, $2, $3, $4, $5, $6) "
                 "ON CONFLICT (program_id, site_id, lot_id) "
                 "DO UPDATE SET quantity = stock.quantity + excluded.quantity "
                 "RETURNING quantity",
                 {ctx.program_id, site_id, lot.id, lot.item_id, lot.expires_on, quantity}));
    if (rows.empty()) return Internal("ledger: the stock upsert returned no row");
    lot_balance = rows[0].Int(0);
  }

  int64_t balance = 0;
  {
    auto rows = quantity < 0
                    ? tx.Query("UPDATE stock_totals SET quantity = quantity + $4, updated_at = $5 "
                               "WHERE program_id = $1 AND site_id = $2 AND item_id = $3 RETURNING quantity",
                               {ctx.program_id, site_id, lot.item_id, quantity, now})
                    : tx.Query("INSERT INTO stock_totals (program_id, site_id, item_id, quantity, updated_at) "
                               "VALUES ($1, $2, $3, $4, $5) "
                               "ON CONFLICT (program_id, site_id, item_id) DO UPDATE SET "
                               "quantity = stock_totals.quantity + excluded.quantity, updated_at = excluded.updated_at "
                               "RETURNING quantity",
                               {ctx.program_id, site_id, lot.item_id, quantity, now});
    if (!rows.ok() && rows.status().code() == StatusCode::kFailedPrecondition) {
      // The totals disagree with the lots: the CHECK constraint refused, so refuse with the 409.
      KINSHIP_ASSIGN_OR_RETURN(int64_t available, LotQuantity(tx, ctx.program_id, site_id, lot.id));
      return Shortage(tx, ctx.program_id, lot.item_id, site_id, -quantity, available, &lot);
    }
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return Internal("ledger: no stock total for an item that has stock at the site");
    balance = (*rows)[0].Int(0);
  }

  Movement m;
  m.id = NextMovementId();
  m.program_id = ctx.program_id;
  m.site_id = site_id;
  m.item_id = lot.item_id;
  m.lot_id = lot.id;
  m.lot_number = lot.lot_number;
  m.kind = std::string(kind);
  m.quantity = quantity;
  m.balance_after = balance;
  m.lot_balance_after = lot_balance;
  m.occurred_at = ctx.occurred_at.empty() ? now : ctx.occurred_at;
  m.reason = ctx.reason;
  m.encounter_id = ctx.encounter_id;
  m.transfer_id = transfer_id;
  if (!ctx.user_id.empty()) m.user_id = ctx.user_id;
  m.created_at = now;
  KINSHIP_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO movements (program_id, id, site_id, item_id, lot_id, kind, quantity, balance_after, "
              "lot_balance_after, occurred_at, reason, encounter_id, transfer_id, user_id, created_at) "
              "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
              {m.program_id, m.id, m.site_id, m.item_id, m.lot_id, m.kind, m.quantity, m.balance_after,
               m.lot_balance_after, m.occurred_at, m.reason, m.encounter_id, m.transfer_id, OrNull(ctx.user_id),
               m.created_at})
          .status());
  return m;
}

namespace {

// The lots of an item at a site that hold stock, first to expire first (never-expiring lots
// last), read through the stock_fefo index; limit 0 reads them all.
Result<store::Rows> LotsInStock(store::Tx& tx, const MovementContext& ctx, const std::string& site_id,
                                const std::string& item_id, bool use_expired, int limit) {
  std::string sql =
      "SELECT s.lot_id, s.quantity, l.lot_number, l.expires_on FROM stock s "
      "JOIN lots l ON l.program_id = s.program_id AND l.id = s.lot_id "
      "WHERE s.program_id = $1 AND s.site_id = $2 AND s.item_id = $3 AND s.quantity > 0 "
      "AND ($4 = 1 OR COALESCE(s.expires_on, '9999-12-31') >= $5) "
      "ORDER BY COALESCE(s.expires_on, '9999-12-31'), s.lot_id";
  store::Params params{ctx.program_id, site_id, item_id, use_expired ? 1 : 0, TodayUtc()};
  if (limit > 0) {
    sql += " LIMIT $6";
    params.emplace_back(limit);
  }
  // On PostgreSQL the rows are locked as they are read, so a concurrent request waits and
  // then sees what is left; SQLite has one writer, so its read is already current.
  if (tx.backend() == store::Backend::kPostgres) sql += " FOR UPDATE OF s";
  return tx.Query(sql, params);
}

int64_t SumOfQuantities(const store::Rows& rows) {
  int64_t sum = 0;
  for (const auto& r : rows) sum += r.Int(1);
  return sum;
}

}  // namespace

Result<std::vector<Movement>> TakeFirstExpiryFirst(store::Tx& tx, const MovementContext& ctx,
                                                   const std::string& site_id, const std::string& item_id,
                                                   int64_t quantity, bool use_expired, std::string_view kind,
                                                   const std::optional<std::string>& transfer_id) {
  if (quantity <= 0) return Internal("ledger: a quantity to take must be positive");
  // Most takes are covered by the first lots to expire: read a few, and all of them only
  // when those are not enough (to take the rest, or to say how much there is).
  constexpr int kFirstLots = 4;
  KINSHIP_ASSIGN_OR_RETURN(store::Rows rows, LotsInStock(tx, ctx, site_id, item_id, use_expired, kFirstLots));
  int64_t available = SumOfQuantities(rows);
  if (available < quantity && rows.size() == static_cast<size_t>(kFirstLots)) {
    KINSHIP_ASSIGN_OR_RETURN(rows, LotsInStock(tx, ctx, site_id, item_id, use_expired, 0));
    available = SumOfQuantities(rows);
  }
  if (available < quantity) return Shortage(tx, ctx.program_id, item_id, site_id, quantity, available, nullptr);

  std::vector<Movement> out;
  int64_t left = quantity;
  for (const auto& r : rows) {
    if (left == 0) break;
    const int64_t take = std::min(left, r.Int(1));
    LotRef lot{r.Text(0), item_id, r.Text(2), r.OptText(3)};
    auto m = ApplyMovement(tx, ctx, site_id, lot, kind, -take, transfer_id);
    if (!m.ok()) {
      // Only reachable if the lot changed under us: report what the site holds for the item.
      if (m.status().code() != StatusCode::kFailedPrecondition) return m.status();
      return Shortage(tx, ctx.program_id, item_id, site_id, quantity, available - take, nullptr);
    }
    out.push_back(std::move(*m));
    left -= take;
  }
  return out;
}

Result<std::vector<Movement>> Dispense(store::Tx& tx, const MovementContext& ctx, const std::string& site_id,
                                       const std::string& item_id, int64_t quantity, bool use_expired) {
  return TakeFirstExpiryFirst(tx, ctx, site_id, item_id, quantity, use_expired, "dispense");
}

Result<std::vector<Movement>> ReverseEncounter(store::Tx& tx, const MovementContext& ctx,
                                               const std::string& encounter_id) {
  KINSHIP_ASSIGN_OR_RETURN(
      store::Rows rows,
      tx.Query("SELECT m.site_id, m.lot_id, l.item_id, l.lot_number, l.expires_on, SUM(m.quantity) FROM movements m "
               "JOIN lots l ON l.program_id = m.program_id AND l.id = m.lot_id "
               "WHERE m.program_id = $1 AND m.encounter_id = $2 AND m.kind IN ('dispense', 'dispense_reversal') "
               "GROUP BY m.site_id, m.lot_id, l.item_id, l.lot_number, l.expires_on "
               "HAVING SUM(m.quantity) < 0 ORDER BY m.site_id, m.lot_id",
               {ctx.program_id, encounter_id}));
  MovementContext c = ctx;
  c.encounter_id = encounter_id;
  std::vector<Movement> out;
  for (const auto& r : rows) {
    LotRef lot{r.Text(1), r.Text(2), r.Text(3), r.OptText(4)};
    KINSHIP_ASSIGN_OR_RETURN(Movement m, ApplyMovement(tx, c, r.Text(0), lot, "dispense_reversal", -r.Int(5)));
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace kinship::supplies

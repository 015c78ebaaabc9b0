#include "supplies/stock_store.h"

#include <map>

namespace kinship::supplies {

namespace {

constexpr const char* kLotOnHandSelect =
    "SELECT st.site_id, s.name, st.item_id, i.name, st.lot_id, l.lot_number, st.expires_on, st.quantity FROM stock st "
    "JOIN sites s ON s.program_id = st.program_id AND s.id = st.site_id "
    "JOIN items i ON i.program_id = st.program_id AND i.id = st.item_id "
    "JOIN lots l ON l.program_id = st.program_id AND l.id = st.lot_id ";

LotOnHand LotFromRow(const store::Row& r) {
  return {r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.OptText(6), r.Int(7)};
}

Result<std::vector<LotOnHand>> Lots(store::Tx& tx, const std::string& sql, const store::Params& params) {
  KINSHIP_ASSIGN_OR_RETURN(store::Rows rows, tx.Query(sql, params));
  std::vector<LotOnHand> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(LotFromRow(r));
  return out;
}

constexpr const char* kLineSelect =
    "SELECT t.site_id, s.name, t.item_id, i.name, i.unit, i.category, t.quantity, i.reorder_threshold "
    "FROM stock_totals t "
    "JOIN sites s ON s.program_id = t.program_id AND s.id = t.site_id "
    "JOIN items i ON i.program_id = t.program_id AND i.id = t.item_id ";

StockLine LineFromRow(const store::Row& r) {
  StockLine l;
  l.site_id = r.Text(0);
  l.site_name = r.Text(1);
  l.item_id = r.Text(2);
  l.item_name = r.Text(3);
  l.unit = r.Text(4);
  l.category = r.Text(5);
  l.quantity = r.Int(6);
  l.reorder_threshold = r.Int(7);
  return l;
}

}  // namespace

Result<std::vector<StockLine>> ListStock(store::Tx& tx, const std::string& program_id, const std::string& site_id) {
  KINSHIP_ASSIGN_OR_RETURN(
      store::Rows rows,
      tx.Query(std::string(kLineSelect) +
                   "WHERE t.program_id = $1 AND ($2 = '' OR t.site_id = $2) "
                   "AND (t.quantity > 0 OR (i.archived = 0 AND s.archived = 0)) ORDER BY s.name, i.name",
               {program_id, site_id}));
  std::vector<StockLine> out;
  std::map<std::pair<std::string, std::string>, size_t> index;
  for (const auto& r : rows) {
    out.push_back(LineFromRow(r));
    index[{out.back().site_id, out.back().item_id}] = out.size() - 1;
  }
  KINSHIP_ASSIGN_OR_RETURN(
      store::Rows lots,
      tx.Query("SELECT st.site_id, st.item_id, st.lot_id, l.lot_number, st.expires_on, st.quantity FROM stock st "
               "JOIN lots l ON l.program_id = st.program_id AND l.id = st.lot_id "
               "WHERE st.program_id = $1 AND ($2 = '' OR st.site_id = $2) AND st.quantity > 0 "
               "ORDER BY st.expires_on NULLS LAST, st.lot_id",
               {program_id, site_id}));
  for (const auto& r : lots) {
    auto it = index.find({r.Text(0), r.Text(1)});
    if (it != index.end()) out[it->second].lots.push_back({r.Text(2), r.Text(3), r.OptText(4), r.Int(5)});
  }
  return out;
}

Result<std::vector<StockLine>> LowStock(store::Tx& tx, const std::string& program_id) {
  KINSHIP_ASSIGN_OR_RETURN(store::Rows rows,
                           tx.Query(std::string(kLineSelect) +
                                        "WHERE t.program_id = $1 AND t.quantity < i.reorder_threshold "
                                        "AND i.archived = 0 AND s.archived = 0 ORDER BY s.name, i.name",
                                    {program_id}));
  std::vector<StockLine> out;
  for (const auto& r : rows) out.push_back(LineFromRow(r));
  return out;
}

Result<std::vector<LotOnHand>> ExpiringStock(store::Tx& tx, const std::string& program_id, const std::string& until,
                                             const std::string& site_id) {
  return Lots(tx,
              std::string(kLotOnHandSelect) +
                  "WHERE st.program_id = $1 AND st.quantity > 0 AND st.expires_on IS NOT NULL AND st.expires_on <= $2 "
                  "AND ($3 = '' OR st.site_id = $3) ORDER BY st.expires_on, s.name, i.name, l.lot_number",
              {program_id, until, site_id});
}

Result<std::vector<LotOnHand>> ExpiredStock(store::Tx& tx, const std::string& program_id, const std::string& site_id) {
  return Lots(tx,
              std::string(kLotOnHandSelect) +
                  "WHERE st.program_id = $1 AND st.quantity > 0 AND st.expires_on < $2 "
                  "AND ($3 = '' OR st.site_id = $3) ORDER BY s.name, i.name, st.expires_on, l.lot_number",
              {program_id, TodayUtc(), site_id});
}

Result<std::vector<LotOnHand>> StockOnHand(store::Tx& tx, const std::string& program_id) {
  return Lots(tx,
              std::string(kLotOnHandSelect) +
                  "WHERE st.program_id = $1 AND st.quantity > 0 ORDER BY i.name, l.lot_number, s.name",
              {program_id});
}

Result<int64_t> LotQuantityAt(store::Tx& tx, const std::string& program_id, const std::string& site_id,
                              const std::string& lot_id, bool lock) {
  std::string sql = "SELECT quantity FROM stock WHERE program_id = $1 AND site_id = $2 AND lot_id = $3";
  if (lock && tx.backend() == store::Backend::kPostgres) sql += " FOR UPDATE";
  KINSHIP_ASSIGN_OR_RETURN(store::Rows rows, tx.Query(sql, {program_id, site_id, lot_id}));
  return rows.empty() ? int64_t{0} : rows[0].Int(0);
}

Result<int64_t> ItemQuantityAt(store::Tx& tx, const std::string& program_id, const std::string& site_id,
                               const std::string& item_id) {
  KINSHIP_ASSIGN_OR_RETURN(
      store::Rows rows,
      tx.Query("SELECT quantity FROM stock_totals WHERE program_id = $1 AND site_id = $2 AND item_id = $3",
               {program_id, site_id, item_id}));
  return rows.empty() ? int64_t{0} : rows[0].Int(0);
}

Result<std::vector<Movement>> CardPage(store::Tx& tx, const std::string& program_id, const std::string& site_id,
                                       const std::string& item_id, const std::string& before, int limit) {
  // Two statements rather than a sentinel for "no before": text order under a PostgreSQL
  // collation need not put any sentinel after every id.
  static constexpr const char* kSelect =
      "SELECT m.id, m.site_id, m.item_id, m.lot_id, l.lot_number, m.kind, m.quantity, m.balance_after, "
      "m.lot_balance_after, m.occurred_at, m.reason, m.encounter_id, m.transfer_id, m.user_id, m.created_at "
      "FROM movements m JOIN lots l ON l.program_id = m.program_id AND l.id = m.lot_id "
      "WHERE m.program_id = $1 AND m.site_id = $2 AND m.item_id = $3 ";
  // (PostgreSQL refuses a parameter the statement does not use, so each gets its own list.)
  const std::string order = "ORDER BY m.id DESC LIMIT $4";
  auto rows = before.empty()
                  ? tx.Query(kSelect + order, {program_id, site_id, item_id, limit})
                  : tx.Query(kSelect + ("AND m.id < $5 " + order), {program_id, site_id, item_id, limit, before});
  if (!rows.ok()) return rows.status();
  std::vector<Movement> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) {
    Movement m;
    m.id = r.Text(0);
    m.program_id = program_id;
    m.site_id = r.Text(1);
    m.item_id = r.Text(2);
    m.lot_id = r.Text(3);
    m.lot_number = r.Text(4);
    m.kind = r.Text(5);
    m.quantity = r.Int(6);
    m.balance_after = r.Int(7);
    m.lot_balance_after = r.Int(8);
    m.occurred_at = r.Text(9);
    m.reason = r.OptText(10);
    m.encounter_id = r.OptText(11);
    m.transfer_id = r.OptText(12);
    m.user_id = r.OptText(13);
    m.created_at = r.Text(14);
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace kinship::supplies

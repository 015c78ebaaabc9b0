#include "demo/demo_stock.h"

#include <algorithm>

namespace kinship::demo {

namespace {
store::Value OrNull(const std::string* s) { return s ? store::Value(*s) : store::Value(); }
}  // namespace

StockBook::StockBook(const ProgramWorld& world, IdMaker& ids, BulkWriter& out, const DemoTables& tables)
    : world_(world), ids_(ids), out_(out), tables_(tables), items_(world.items.size()) {
  at_site_.resize(world.sites.size());
  fefo_.resize(world.sites.size() * items_);
  totals_.resize(world.sites.size() * items_);
}

int StockBook::NewLot(int item, std::string number, int64_t expires_day, int64_t created_ms) {
  LotInfo lot;
  lot.item = item;
  lot.id = ids_.At(created_ms);
  lot.number = std::move(number);
  lot.expires_day = expires_day;
  if (expires_day != kNoExpiry) lot.expires_on = IsoDay(expires_day);
  out_.Add(tables_.lots, world_.id, lot.id, world_.items[static_cast<size_t>(item)].id, lot.number,
           lot.expires_on.empty() ? store::Value() : store::Value(lot.expires_on), IsoTime(created_ms));
  lots_.push_back(std::move(lot));
  return static_cast<int>(lots_.size() - 1);
}

int64_t& StockBook::Slot(int site, int lot) {
  auto& v = at_site_[static_cast<size_t>(site)];
  if (v.size() <= static_cast<size_t>(lot)) v.resize(lots_.size(), -1);
  int64_t& q = v[static_cast<size_t>(lot)];
  if (q < 0) {  // first time at this site: the stock row appears, in first-expiry-first-out place
    q = 0;
    auto& order = fefo_[Key(site, lots_[static_cast<size_t>(lot)].item)];
    const auto before = [&](int a, int b) {
      const LotInfo& x = lots_[static_cast<size_t>(a)];
      const LotInfo& y = lots_[static_cast<size_t>(b)];
      return x.expires_day != y.expires_day ? x.expires_day < y.expires_day : x.id < y.id;
    };
    order.insert(std::upper_bound(order.begin(), order.end(), lot, before), lot);
  }
  return q;
}

int64_t StockBook::LotQuantity(int site, int lot) const {
  const auto& v = at_site_[static_cast<size_t>(site)];
  return static_cast<size_t>(lot) < v.size() ? std::max<int64_t>(0, v[static_cast<size_t>(lot)]) : 0;
}

void StockBook::Write(int site, int lot, int64_t quantity, std::string_view kind, const MovementWho& who) {
  const LotInfo& l = lots_[static_cast<size_t>(lot)];
  int64_t& q = Slot(site, lot);
  q += quantity;
  ItemTotal& total = totals_[Key(site, l.item)];
  total.quantity += quantity;
  total.updated_ms = who.created_ms;
  total.row = true;
  ++movements_;
  out_.Add(tables_.movements, world_.id, ids_.Next(who.created_ms), world_.sites[static_cast<size_t>(site)].id,
           world_.items[static_cast<size_t>(l.item)].id, l.id, std::string(kind), quantity, total.quantity, q,
           IsoTime(who.occurred_ms), who.reason ? store::Value(who.reason) : store::Value(), OrNull(who.encounter_id),
           OrNull(who.transfer_id), OrNull(who.user_id), IsoTime(who.created_ms));
}

void StockBook::Put(int site, int lot, int64_t quantity, std::string_view kind, const MovementWho& who) {
  if (quantity > 0) Write(site, lot, quantity, kind, who);
}

bool StockBook::TakeLot(int site, int lot, int64_t quantity, std::string_view kind, const MovementWho& who) {
  if (quantity <= 0 || LotQuantity(site, lot) < quantity) return false;
  Write(site, lot, -quantity, kind, who);
  return true;
}

int64_t StockBook::Usable(int site, int item, int64_t day) const {
  int64_t sum = 0;
  for (int lot : fefo_[Key(site, item)]) {
    if (lots_[static_cast<size_t>(lot)].expires_day >= day) sum += LotQuantity(site, lot);
  }
  return sum;
}

bool StockBook::Take(int site, int item, int64_t quantity, int64_t day, std::string_view kind,
                     const MovementWho& who, std::vector<std::pair<int, int64_t>>* taken) {
  if (quantity <= 0 || Usable(site, item, day) < quantity) return false;
  int64_t left = quantity;
  const std::vector<int> order = fefo_[Key(site, item)];  // Write() may insert into the live list
  for (int lot : order) {
    if (left == 0) break;
    if (lots_[static_cast<size_t>(lot)].expires_day < day) continue;
    const int64_t take = std::min(left, LotQuantity(site, lot));
    if (take == 0) continue;
    Write(site, lot, -take, kind, who);
    if (taken) taken->emplace_back(lot, take);
    left -= take;
  }
  return true;
}

std::vector<int> StockBook::LotsWithStock(int site, int item) const {
  std::vector<int> out;
  for (int lot : fefo_[Key(site, item)]) {
    if (LotQuantity(site, lot) > 0) out.push_back(lot);
  }
  return out;
}

std::vector<int> StockBook::ExpiredWithStock(int site, int64_t day) const {
  std::vector<int> out;
  for (size_t item = 0; item < items_; ++item) {
    for (int lot : fefo_[Key(site, static_cast<int>(item))]) {
      if (lots_[static_cast<size_t>(lot)].expires_day < day && LotQuantity(site, lot) > 0) out.push_back(lot);
    }
  }
  return out;
}

void StockBook::WriteBalances() {
  for (size_t site = 0; site < at_site_.size(); ++site) {
    const std::string& site_id = world_.sites[site].id;
    for (size_t lot = 0; lot < at_site_[site].size(); ++lot) {
      const int64_t q = at_site_[site][lot];
      if (q < 0) continue;
      const LotInfo& l = lots_[lot];
      out_.Add(tables_.stock, world_.id, site_id, l.id, world_.items[static_cast<size_t>(l.item)].id,
               l.expires_on.empty() ? store::Value() : store::Value(l.expires_on), q);
    }
    for (size_t item = 0; item < items_; ++item) {
      const ItemTotal& t = totals_[site * items_ + item];
      if (!t.row) continue;
      out_.Add(tables_.stock_totals, world_.id, site_id, world_.items[item].id, t.quantity, IsoTime(t.updated_ms));
    }
  }
}

}  // namespace kinship::demo

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <unordered_map>

#include "demo/demo_generator.h"
#include "encounters/calendar.h"

namespace kinship::demo {

namespace {

// Deliveries come in whole packs.
int64_t PackSize(const ItemInfo& item) {
  static const std::unordered_map<std::string_view, int64_t> kPacks = {
      {"syringe", 100}, {"needle", 100}, {"cooker", 100}, {"filter", 100},   {"vial", 50},     {"swab", 200},
      {"tourniquet", 10}, {"sheet", 100}, {"pipe", 24},  {"mouthpiece", 50}, {"strip", 100},  {"ampoule", 10},
      {"device", 12},   {"condom", 144}, {"sachet", 50}, {"container", 12},  {"kit", 10}};
  auto it = kPacks.find(item.unit);
  return it == kPacks.end() ? 10 : it->second;
}

int64_t RoundUp(int64_t n, int64_t pack) { return n <= 0 ? 0 : (n + pack - 1) / pack * pack; }

const char* LotPrefix(std::string_view category) {
  if (category == "injecting") return "IJ";
  if (category == "smoking") return "SM";
  if (category == "snorting") return "SN";
  if (category == "drug_checking") return "DC";
  if (category == "naloxone") return "NX";
  if (category == "safer_sex") return "SS";
  if (category == "disposal") return "DP";
  if (category == "wound_care") return "WC";
  return "OT";
}

}  // namespace

MovementWho ActivityGenerator::Who(int64_t ms, const char* reason) const {
  MovementWho who;
  who.occurred_ms = who.created_ms = ms;
  who.user_id = &w_.coordinator;
  who.reason = reason;
  return who;
}

int ActivityGenerator::MonthLot(int item, int64_t day, int64_t ms) {
  int y = 0, m = 0, d = 0;
  encounters::CivilFromDays(day, &y, &m, &d);
  const int64_t key = static_cast<int64_t>(item) * 100000 + y * 12 + m;
  auto it = month_lots_.find(key);
  if (it != month_lots_.end()) return it->second;
  const ItemInfo& info = w_.items[static_cast<size_t>(item)];
  // Drawn from the item and month, not the random stream: an urgent order may make the
  // month's lot first, in item id order, which differs from run to run.
  const uint64_t draw = static_cast<uint64_t>(key) * 7919 + plan_.seed;
  char number[32];
  std::snprintf(number, sizeof(number), "%s%02d%02d-%03d", LotPrefix(info.category), y % 100, m,
                static_cast<int>(Unit(draw, 1) * 1000));
  // One to three years out; naloxone, test strips and wound care keep only a year or a little more.
  const bool short_life =
      info.category == "naloxone" || info.category == "drug_checking" || info.category == "wound_care";
  const int64_t expires = day + 365 + static_cast<int64_t>(Unit(draw, 2) * (short_life ? 92 : 731));
  const int lot = stock_.NewLot(item, number, expires, ms);
  ++counts_.lots;
  month_lots_[key] = lot;
  return lot;
}

void ActivityGenerator::Sweep(int64_t day) {
  // The coordinator clears expired lots on the first of the month, except lately: some
  // expired stock is still on the shelves today.
  const int64_t ms = day * kMsPerDay + 7 * kHour + 30 * kMinute;
  if (day <= plan_.first_day || day > today_ - 75 || ms > plan_.now_ms) return;
  for (size_t s = 0; s < w_.sites.size(); ++s) {
    for (int lot : stock_.ExpiredWithStock(static_cast<int>(s), day)) {
      stock_.TakeLot(static_cast<int>(s), lot, stock_.LotQuantity(static_cast<int>(s), lot), "expire",
                     Who(ms, "expired"));
    }
  }
}

void ActivityGenerator::Restock(int64_t from_day, int64_t to_day, const std::vector<Planned>& plan) {
  std::fill(remaining_.begin(), remaining_.end(), 0);
  for (const auto& p : plan) {
    for (const auto& l : p.visit.lines) {
      remaining_[static_cast<size_t>(p.site) * items_ + static_cast<size_t>(l.item)] += l.quantity;
    }
  }
  month_demand_ = remaining_;
  const int64_t ms = from_day * kMsPerDay + 8 * kHour;
  if (ms > plan_.now_ms) return;
  for (size_t s = 0; s < w_.sites.size(); ++s) {
    for (size_t i = 0; i < items_; ++i) {
      const int64_t demand = remaining_[s * items_ + i];
      double target = 1.3 * static_cast<double>(demand);
      if (static_cast<int>(s) == source_) {  // the fixed site also tops up outreach and the van
        for (size_t o = 0; o < w_.sites.size(); ++o) {
          if (w_.sites[o].kind == "outreach" || w_.sites[o].kind == "mobile") {
            target += 0.3 * static_cast<double>(remaining_[o * items_ + i]);
          }
        }
      }
      const int64_t usable = stock_.Usable(static_cast<int>(s), static_cast<int>(i), to_day);
      const int64_t pack = PackSize(w_.items[i]);
      int64_t order = RoundUp(static_cast<int64_t>(std::ceil(target)) - usable, pack);
      // Slow movers come as a standing monthly allocation of one pack (naloxone even where
      // nobody asks for it): more than is handed out, so some of it expires on the shelf.
      const bool slow = 2 * demand < pack;
      if (slow && (demand > 0 || w_.items[i].category == "naloxone")) order = pack;
      if (order <= 0) continue;
      const int lot = MonthLot(static_cast<int>(i), from_day, ms);
      stock_.Put(static_cast<int>(s), lot, order, "receive",
                 Who(ms + static_cast<int64_t>(s * items_ + i) * kSecond, "monthly delivery"));
    }
  }
}

void ActivityGenerator::Donations(int64_t day) {
  // Two short-dated donations near the end, so the expiry report always has something to
  // show: naloxone that expired three weeks ago with some left, and test strips expiring soon.
  const int64_t ms = day * kMsPerDay + 8 * kHour + 15 * kMinute;
  const bool naloxone = day == today_ - 100, strips = day == today_ - 40;
  if ((!naloxone && !strips) || ms > plan_.now_ms) return;
  const int item = w_.Item(naloxone ? "Naloxone nasal spray 4 mg" : "Fentanyl test strip");
  if (item < 0) return;
  // More than the site can hand out before the expiry date.
  const int64_t demand = month_demand_[static_cast<size_t>(source_) * items_ + static_cast<size_t>(item)];
  const int64_t quantity = RoundUp(std::max<int64_t>(24, naloxone ? 4 * demand : 3 * demand), 12);
  char number[32];
  std::snprintf(number, sizeof(number), "DON-%s-%03d", naloxone ? "NX" : "DC", static_cast<int>(rng_() % 1000));
  const int lot = stock_.NewLot(item, number, naloxone ? today_ - 20 : today_ + 30, ms);
  ++counts_.lots;
  stock_.Put(source_, lot, quantity, "receive", Who(ms, "donation, short-dated"));
}

void ActivityGenerator::Transfers(int64_t day) {
  const int64_t ms = day * kMsPerDay + 8 * kHour + 30 * kMinute;
  if (ms > plan_.now_ms) return;
  for (size_t s = 0; s < w_.sites.size(); ++s) {
    if (w_.sites[s].kind != "outreach" && w_.sites[s].kind != "mobile") continue;
    // The three items the site will hand out most in the rest of the month.
    std::vector<size_t> order(items_);
    for (size_t i = 0; i < items_; ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return remaining_[s * items_ + a] > remaining_[s * items_ + b];
    });
    for (size_t k = 0; k < 3 && k < order.size(); ++k) {
      const size_t i = order[k];
      const int item = static_cast<int>(i);
      const int64_t quantity = RoundUp(remaining_[s * items_ + i] / 3, PackSize(w_.items[i]) / 2);
      const int64_t own = remaining_[static_cast<size_t>(source_) * items_ + i];
      const int64_t spare = stock_.Usable(source_, item, day) - static_cast<int64_t>(1.2 * static_cast<double>(own));
      if (quantity <= 0 || spare < quantity) continue;
      const std::string transfer_id = ids_.At(ms);
      MovementWho who = Who(ms + static_cast<int64_t>(s * 10 + k) * kSecond);
      who.transfer_id = &transfer_id;
      std::vector<std::pair<int, int64_t>> taken;
      if (!stock_.Take(source_, item, quantity, day, "transfer_out", who, &taken)) continue;
      for (const auto& [lot, q] : taken) stock_.Put(static_cast<int>(s), lot, q, "transfer_in", who);
      ++counts_.transfers;
    }
  }
}

void ActivityGenerator::Chores(int64_t day) {
  static const char* kDisposal[] = {"damaged packaging", "water damage", "dropped and broken", "recalled by supplier"};
  const int64_t ms = day * kMsPerDay + 8 * kHour + 45 * kMinute;
  if (ms > plan_.now_ms) return;
  std::uniform_real_distribution<double> unit(0, 1);
  for (size_t s = 0; s < w_.sites.size(); ++s) {
    const bool count = unit(rng_) < 0.35 / 30, dispose = unit(rng_) < 0.12 / 30;
    if (!count && !dispose) continue;
    const int item = static_cast<int>(rng_() % items_);
    const auto lots = stock_.LotsWithStock(static_cast<int>(s), item);
    if (lots.empty()) continue;
    const int lot = lots[rng_() % lots.size()];
    const int64_t held = stock_.LotQuantity(static_cast<int>(s), lot);
    if (count) {  // a physical count that differs by a few
      const int64_t delta = static_cast<int64_t>(rng_() % 3) + 1;
      if (unit(rng_) < 0.4) {
        stock_.Put(static_cast<int>(s), lot, delta, "adjust", Who(ms, "physical count"));
      } else {
        stock_.TakeLot(static_cast<int>(s), lot, std::min(delta, held), "adjust", Who(ms, "physical count"));
      }
    } else {
      stock_.TakeLot(static_cast<int>(s), lot, std::min<int64_t>(held, 1 + static_cast<int64_t>(rng_() % 10)),
                     "dispose", Who(ms + kSecond, kDisposal[rng_() % 4]));
    }
  }
}

void ActivityGenerator::UrgentOrder(int site, int item, int64_t missing, int64_t before_ms) {
  const int64_t day = before_ms / kMsPerDay;
  const int64_t at = std::max(day * kMsPerDay, before_ms - 10 * kMinute);
  const int lot = MonthLot(item, day, at);
  stock_.Put(site, lot, RoundUp(missing + 1, PackSize(w_.items[static_cast<size_t>(item)])), "receive",
             Who(at, "urgent order"));
  ++counts_.urgent_orders;
}

}  // namespace kinship::demo

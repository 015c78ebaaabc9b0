#include "demo/demo_activity.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <random>
#include <unordered_map>

#include "demo/demo_people.h"
#include "demo/demo_referrals.h"
#include "demo/demo_schedule.h"
#include "demo/demo_stock.h"
#include "demo/demo_visits.h"
#include "encounters/calendar.h"
#include "encounters/encounter.h"

namespace kinship::demo {

namespace {

constexpr int64_t kSecond = 1000, kMinute = 60 * kSecond, kHour = 60 * kMinute;

// One encounter as planned for its month: when, where, who and what.
struct Planned {
  int64_t ms = 0;          // occurred_at
  int64_t created_ms = 0;  // when it was logged (the request)
  int site = 0, person = -1;
  const std::string* worker = nullptr;
  Visit visit;
  bool referral = false;
  int64_t void_ms = -1;  // voided then, by the same worker; -1 when it stands
};

struct SiteDay {
  int64_t encounters = 0, with_code = 0, returned_syringes = 0, returned_containers = 0, for_others_people = 0,
          referrals = 0;
  bool row = false;
};

struct ItemDay {
  int64_t quantity = 0, for_others = 0;
  bool row = false;
};

// How busy a site of this kind is on an open day, relative to a fixed site.
double KindFactor(std::string_view kind) {
  if (kind == "fixed") return 1.0;
  if (kind == "outreach") return 0.9;
  if (kind == "mobile") return 0.8;
  return 0.6;  // mail_hub
}

// Share of encounters logged with a participant code.
double CodeShare(std::string_view kind) {
  if (kind == "fixed") return 0.75;
  if (kind == "mail_hub") return 0.9;
  return 0.6;
}

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

class Generator {
 public:
  Generator(const ProgramWorld& world, const crypto::Key& code_key, const ActivityPlan& plan, BulkWriter& out,
            const DemoTables& tables)
      : w_(world),
        plan_(plan),
        out_(out),
        t_(tables),
        rng_(plan.seed),
        ids_(plan.seed ^ 0x5DEECE66Dull),
        movement_ids_(plan.seed ^ 0xB5297A4Dull),
        stock_(world, movement_ids_, out, tables),
        visits_(world),
        referrals_(world, out, tables, ids_, plan.now_ms),
        today_(plan.now_ms / kMsPerDay),
        items_(world.items.size()),
        site_day_(world.sites.size()),
        item_day_(world.sites.size() * items_),
        remaining_(world.sites.size() * items_) {
    for (size_t s = 0; s < w_.sites.size(); ++s) {
      salts_.push_back(plan.seed * 1000003 + static_cast<uint64_t>(w_.index) * 101 + s);
      if (source_ < 0 && w_.sites[s].kind == "fixed") source_ = static_cast<int>(s);
    }
    if (source_ < 0) source_ = 0;
    for (size_t s = 0; s < w_.sites.size(); ++s) {
      site_weights_.push_back(KindFactor(w_.sites[s].kind) * (w_.sites[s].kind == "outreach" ? 0.5 : 1.0));
    }
    people_.emplace(world, code_key, plan.participants, plan.first_day, today_, site_weights_, plan.seed ^ 0xC0DE);
  }

  Result<ActivityCounts> Run();

 private:
  double DayWeight(size_t site, int64_t day, OpenHours* hours) const;
  void Calibrate();
  std::vector<Planned> PlanMonth(int64_t from_day, int64_t to_day);
  Planned PlanOne(size_t site, int64_t day, const OpenHours& h);
  MovementWho Who(int64_t ms, const char* reason = nullptr) const;
  int MonthLot(int item, int64_t day, int64_t ms);
  void Sweep(int64_t day);
  void Restock(int64_t from_day, int64_t to_day, const std::vector<Planned>& plan);
  void Donations(int64_t day);
  void Transfers(int64_t day);
  void Chores(int64_t day);
  void Log(Planned& p, std::vector<std::pair<int, int64_t>>* taken);
  void Void(const Planned& p, const std::string& id, std::vector<std::pair<int, int64_t>> taken);
  void CloseDay(int64_t day);
  void WritePeriod(std::unordered_map<int, int64_t>& counts, const std::string& key);

  const ProgramWorld& w_;
  const ActivityPlan& plan_;
  BulkWriter& out_;
  const DemoTables& t_;
  std::mt19937_64 rng_;
  IdMaker ids_, movement_ids_;
  StockBook stock_;
  VisitMaker visits_;
  ReferralBook referrals_;
  std::optional<People> people_;
  int64_t today_;
  size_t items_;
  std::vector<uint64_t> salts_;
  std::vector<double> site_weights_;
  int source_ = -1;  // the fixed site that supplies the others
  double base_ = 0;  // encounters per unit of DayWeight
  std::vector<SiteDay> site_day_;
  std::vector<ItemDay> item_day_;
  std::vector<int64_t> remaining_;  // [site*items+item]: still to hand out this month, as planned
  std::vector<int64_t> month_demand_;  // [site*items+item]: to hand out this whole month
  std::unordered_map<int, int64_t> period_day_, period_week_, period_month_;
  std::unordered_map<int64_t, int> month_lots_;  // item * 100000 + month number -> lot
  ActivityCounts counts_;
};

double Generator::DayWeight(size_t site, int64_t day, OpenHours* hours) const {
  *hours = SiteHours(w_.sites[site].kind, day, salts_[site]);
  if (!hours->open) return 0;
  const double span = static_cast<double>(std::max<int64_t>(1, today_ - plan_.first_day));
  const double trend = 0.85 + 0.3 * static_cast<double>(day - plan_.first_day) / span;
  return KindFactor(w_.sites[site].kind) * hours->weight * SeasonFactor(day) * trend;
}

void Generator::Calibrate() {
  double total = 0;
  OpenHours h;
  for (int64_t day = plan_.first_day; day <= today_; ++day) {
    for (size_t s = 0; s < w_.sites.size(); ++s) total += DayWeight(s, day, &h);
  }
  base_ = total > 0 ? static_cast<double>(plan_.encounters) / total : 0;
}

Planned Generator::PlanOne(size_t site, int64_t day, const OpenHours& h) {
  std::uniform_real_distribution<double> unit(0, 1);
  const SiteInfo& info = w_.sites[site];
  Planned p;
  p.site = static_cast<int>(site);
  const int64_t day_ms = day * kMsPerDay;
  p.ms = day_ms + h.from_minute * kMinute +
         static_cast<int64_t>(unit(rng_) * static_cast<double>((h.to_minute - h.from_minute) * kMinute));
  // Most are logged within two minutes; some after the shift, but the same day.
  const int64_t lag = unit(rng_) < 0.85 ? 10 * kSecond + static_cast<int64_t>(unit(rng_) * 110 * kSecond)
                                        : kHour + static_cast<int64_t>(unit(rng_) * 3 * kHour);
  p.created_ms = std::min({p.ms + lag, day_ms + kMsPerDay - kSecond, std::max(p.ms, plan_.now_ms)});
  if (unit(rng_) < CodeShare(info.kind)) p.person = people_->Pick(p.site, day, rng_);
  const Route route = p.person >= 0 ? (*people_)[p.person].route : Route::kUnknown;
  p.visit = visits_.Make(route, info.kind, rng_);
  // One or two peers work a site on a day.
  const size_t first = static_cast<size_t>(Unit(salts_[site], static_cast<uint64_t>(day)) * w_.peers.size());
  p.worker = &w_.peers[(first + (unit(rng_) < 0.3 ? 1 : 0)) % w_.peers.size()];
  if (p.person >= 0) p.referral = unit(rng_) < 0.035;
  if (p.person < 0 && unit(rng_) < 0.004) {
    const int64_t at = p.created_ms + 2 * kMinute + static_cast<int64_t>(unit(rng_) * 18 * kMinute);
    if (at < day_ms + kMsPerDay && at <= plan_.now_ms) p.void_ms = at;
  }
  return p;
}

std::vector<Planned> Generator::PlanMonth(int64_t from_day, int64_t to_day) {
  std::vector<Planned> plan;
  OpenHours h;
  for (int64_t day = from_day; day <= to_day; ++day) {
    for (size_t s = 0; s < w_.sites.size(); ++s) {
      const double weight = DayWeight(s, day, &h);
      if (weight <= 0) continue;
      const int n = std::poisson_distribution<int>(base_ * weight)(rng_);
      for (int k = 0; k < n; ++k) {
        Planned p = PlanOne(s, day, h);
        if (p.ms <= plan_.now_ms) plan.push_back(std::move(p));
      }
    }
  }
  // In the order they were logged: that is the order the ledger saw them.
  std::stable_sort(plan.begin(), plan.end(), [](const Planned& a, const Planned& b) {
    return a.created_ms < b.created_ms;
  });
  return plan;
}

MovementWho Generator::Who(int64_t ms, const char* reason) const {
  MovementWho who;
  who.occurred_ms = who.created_ms = ms;
  who.user_id = &w_.coordinator;
  who.reason = reason;
  return who;
}

int Generator::MonthLot(int item, int64_t day, int64_t ms) {
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

void Generator::Sweep(int64_t day) {
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

void Generator::Restock(int64_t from_day, int64_t to_day, const std::vector<Planned>& plan) {
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
      stock_.Put(static_cast<int>(s), lot, order, "receive", Who(ms + static_cast<int64_t>(s * items_ + i) * kSecond));
    }
  }
}

void Generator::Donations(int64_t day) {
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

void Generator::Transfers(int64_t day) {
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

void Generator::Chores(int64_t day) {
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

void Generator::Log(Planned& p, std::vector<std::pair<int, int64_t>>* taken) {
  const int64_t day = p.ms / kMsPerDay;
  const std::string id = ids_.At(p.created_ms);
  const std::string* participant = nullptr;
  if (p.person >= 0) participant = &people_->Arrive(p.person, p.created_ms - 45 * kSecond, ids_);
  // Lines in item id order, as the encounter service dispenses them.
  std::sort(p.visit.lines.begin(), p.visit.lines.end(), [&](const VisitLine& a, const VisitLine& b) {
    return w_.items[static_cast<size_t>(a.item)].id < w_.items[static_cast<size_t>(b.item)].id;
  });
  MovementWho who;
  who.occurred_ms = p.ms;
  who.created_ms = p.created_ms;
  who.user_id = p.worker;
  who.encounter_id = &id;
  for (const auto& l : p.visit.lines) {
    const int64_t usable = stock_.Usable(p.site, l.item, day);
    if (usable < l.quantity) {  // ran out: an urgent delivery just before
      const int64_t at = std::max(day * kMsPerDay, p.created_ms - 10 * kMinute);
      const int lot = MonthLot(l.item, day, at);
      stock_.Put(p.site, lot, RoundUp(l.quantity - usable + 1, PackSize(w_.items[static_cast<size_t>(l.item)])),
                 "receive", Who(at, "urgent order"));
      ++counts_.urgent_orders;
    }
    stock_.Take(p.site, l.item, l.quantity, day, "dispense", who, taken);
    remaining_[static_cast<size_t>(p.site) * items_ + static_cast<size_t>(l.item)] -= l.quantity;
  }
  const SiteInfo& site = w_.sites[static_cast<size_t>(p.site)];
  const Visit& v = p.visit;
  const bool voided = p.void_ms >= 0;
  out_.Add(t_.encounters, w_.id, id, IsoTime(p.ms), IsoDay(day), site.id, encounters::DefaultModeFor(site.kind),
           site.area.empty() ? store::Value() : store::Value(site.area), *p.worker,
           participant ? store::Value(*participant) : store::Value(),
           v.kit >= 0 ? store::Value(w_.kits[static_cast<size_t>(v.kit)].id) : store::Value(), v.returned_syringes,
           v.returned_containers, v.services, v.for_others_people, voided ? 1 : 0,
           voided ? store::Value("logged twice by mistake") : store::Value(), IsoTime(p.created_ms),
           IsoTime(voided ? p.void_ms : p.created_ms));
  for (const auto& l : v.lines) {
    out_.Add(t_.encounter_items, w_.id, id, w_.items[static_cast<size_t>(l.item)].id, l.quantity, l.for_others);
  }
  ++counts_.encounters;
  // A voided encounter leaves its roll-up rows behind at zero, as adding and subtracting does.
  SiteDay& sd = site_day_[static_cast<size_t>(p.site)];
  sd.row = true;
  for (const auto& l : v.lines) {
    item_day_[static_cast<size_t>(p.site) * items_ + static_cast<size_t>(l.item)].row = true;
  }
  if (voided) {
    Void(p, id, *taken);
    return;
  }
  sd.encounters += 1;
  sd.returned_syringes += v.returned_syringes;
  sd.returned_containers += v.returned_containers;
  sd.for_others_people += v.for_others_people;
  for (const auto& l : v.lines) {
    ItemDay& d = item_day_[static_cast<size_t>(p.site) * items_ + static_cast<size_t>(l.item)];
    d.quantity += l.quantity;
    d.for_others += l.for_others;
  }
  if (!participant) return;
  ++counts_.with_code;
  sd.with_code += 1;
  people_->Count(p.person, p.ms, p.created_ms);
  ++period_day_[p.person];
  ++period_week_[p.person];
  ++period_month_[p.person];
  if (p.referral) {
    sd.referrals += 1;
    referrals_.Make(p.created_ms, *p.worker, &id, participant, rng_);
  }
  if (std::uniform_real_distribution<double>(0, 1)(rng_) < 0.004) {  // a coordinator follows up by phone next day
    referrals_.Make((day + 1) * kMsPerDay + 10 * kHour, w_.coordinator, nullptr, participant, rng_);
  }
}

void Generator::Void(const Planned& p, const std::string& id, std::vector<std::pair<int, int64_t>> taken) {
  // ReverseEncounter: one dispense_reversal per lot, in lot id order.
  std::sort(taken.begin(), taken.end(), [&](const auto& a, const auto& b) {
    return stock_.lot(a.first).id < stock_.lot(b.first).id;
  });
  MovementWho who;
  who.occurred_ms = who.created_ms = p.void_ms;
  who.user_id = p.worker;
  who.reason = "encounter void";
  who.encounter_id = &id;
  for (size_t i = 0; i < taken.size(); ++i) {
    int64_t quantity = taken[i].second;
    while (i + 1 < taken.size() && taken[i + 1].first == taken[i].first) quantity += taken[++i].second;
    stock_.Put(p.site, taken[i].first, quantity, "dispense_reversal", who);
  }
  ++counts_.voided;
}

void Generator::WritePeriod(std::unordered_map<int, int64_t>& counts, const std::string& key) {
  std::vector<std::pair<int, int64_t>> sorted(counts.begin(), counts.end());
  std::sort(sorted.begin(), sorted.end());
  for (const auto& [person, n] : sorted) out_.Add(t_.participant_periods, w_.id, key, (*people_)[person].id, n);
  counts.clear();
}

void Generator::CloseDay(int64_t day) {
  const std::string d = IsoDay(day);
  for (size_t s = 0; s < w_.sites.size(); ++s) {
    SiteDay& sd = site_day_[s];
    if (sd.row) {
      out_.Add(t_.daily_site_stats, w_.id, d, w_.sites[s].id, sd.encounters, sd.with_code, sd.returned_syringes,
               sd.returned_containers, sd.for_others_people, sd.referrals);
    }
    sd = SiteDay{};
    for (size_t i = 0; i < items_; ++i) {
      ItemDay& id = item_day_[s * items_ + i];
      if (id.row) out_.Add(t_.daily_item_stats, w_.id, d, w_.sites[s].id, w_.items[i].id, id.quantity, id.for_others);
      id = ItemDay{};
    }
  }
  WritePeriod(period_day_, encounters::DayKey(d));
  if (Weekday(day) == 6 || day == today_) WritePeriod(period_week_, encounters::WeekKey(d));
  if (encounters::LastDayOfMonth(d) == d || day == today_) WritePeriod(period_month_, encounters::MonthKey(d));
}

Result<ActivityCounts> Generator::Run() {
  Calibrate();
  referrals_.WriteResources(plan_.first_day * kMsPerDay + 7 * kHour);
  for (int64_t from = plan_.first_day; from <= today_;) {
    const int64_t to = std::min(today_, *encounters::ParseDay(encounters::LastDayOfMonth(IsoDay(from))));
    std::vector<Planned> plan = PlanMonth(from, to);
    Sweep(from);
    Restock(from, to, plan);
    size_t next = 0;
    for (int64_t day = from; day <= to; ++day) {
      Donations(day);
      if (day - from == 14) Transfers(day);
      Chores(day);
      for (; next < plan.size() && plan[next].created_ms < (day + 1) * kMsPerDay; ++next) {
        std::vector<std::pair<int, int64_t>> taken;
        Log(plan[next], &taken);
      }
      CloseDay(day);
      KINSHIP_RETURN_IF_ERROR(out_.MaybeFlush());
    }
    from = to + 1;
  }
  people_->Write(out_, t_, ids_);
  stock_.WriteBalances();
  KINSHIP_RETURN_IF_ERROR(out_.Flush());
  counts_.participants = static_cast<int64_t>(people_->size());
  counts_.movements = stock_.movements();
  counts_.referrals = referrals_.made();
  counts_.resources = static_cast<int64_t>(referrals_.resources());
  for (size_t i = 0; i < 5; ++i) counts_.referrals_by_status[i] = referrals_.by_status()[i];
  return counts_;
}

}  // namespace

Result<ActivityCounts> GenerateActivity(const ProgramWorld& world, const crypto::Key& code_key,
                                        const ActivityPlan& plan, BulkWriter& out, const DemoTables& tables) {
  Generator g(world, code_key, plan, out, tables);
  return g.Run();
}

}  // namespace kinship::demo

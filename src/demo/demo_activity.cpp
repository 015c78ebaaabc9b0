#include "demo/demo_activity.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <random>
#include <string_view>
#include <unordered_map>

#include "demo/demo_generator.h"
#include "encounters/calendar.h"
#include "encounters/encounter.h"

namespace kinship::demo {

namespace {

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

}  // namespace

ActivityGenerator::ActivityGenerator(const ProgramWorld& world, const crypto::Key& code_key, const ActivityPlan& plan,
                                     BulkWriter& out, const DemoTables& tables)
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

double ActivityGenerator::DayWeight(size_t site, int64_t day, OpenHours* hours) const {
  *hours = SiteHours(w_.sites[site].kind, day, salts_[site]);
  if (!hours->open) return 0;
  const double span = static_cast<double>(std::max<int64_t>(1, today_ - plan_.first_day));
  const double trend = 0.85 + 0.3 * static_cast<double>(day - plan_.first_day) / span;
  return KindFactor(w_.sites[site].kind) * hours->weight * SeasonFactor(day) * trend;
}

void ActivityGenerator::Calibrate() {
  double total = 0;
  OpenHours h;
  for (int64_t day = plan_.first_day; day <= today_; ++day) {
    for (size_t s = 0; s < w_.sites.size(); ++s) total += DayWeight(s, day, &h);
  }
  base_ = total > 0 ? static_cast<double>(plan_.encounters) / total : 0;
}

Planned ActivityGenerator::PlanOne(size_t site, int64_t day, const OpenHours& h) {
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

std::vector<Planned> ActivityGenerator::PlanMonth(int64_t from_day, int64_t to_day) {
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

std::string ActivityGenerator::Log(Planned& p, std::vector<std::pair<int, int64_t>>* taken) {
  const std::string id = ids_.At(p.created_ms);
  const std::string* participant = nullptr;
  if (p.person >= 0) participant = &people_->Arrive(p.person, p.created_ms - 45 * kSecond, ids_);
  DispenseLines(p, id, taken);
  const SiteInfo& site = w_.sites[static_cast<size_t>(p.site)];
  const Visit& v = p.visit;
  const bool voided = p.void_ms >= 0;
  out_.Add(t_.encounters, w_.id, id, IsoTime(p.ms), IsoDay(p.ms / kMsPerDay), site.id,
           encounters::DefaultModeFor(site.kind), site.area.empty() ? store::Value() : store::Value(site.area),
           *p.worker, participant ? store::Value(*participant) : store::Value(),
           v.kit >= 0 ? store::Value(w_.kits[static_cast<size_t>(v.kit)].id) : store::Value(), v.returned_syringes,
           v.returned_containers, v.services, v.for_others_people, voided ? 1 : 0,
           voided ? store::Value("logged twice by mistake") : store::Value(), IsoTime(p.created_ms),
           IsoTime(voided ? p.void_ms : p.created_ms));
  for (const auto& l : v.lines) {
    out_.Add(t_.encounter_items, w_.id, id, w_.items[static_cast<size_t>(l.item)].id, l.quantity, l.for_others);
  }
  ++counts_.encounters;
  CountEncounter(p, id, participant);
  return id;
}

void ActivityGenerator::DispenseLines(Planned& p, const std::string& id, std::vector<std::pair<int, int64_t>>* taken) {
  const int64_t day = p.ms / kMsPerDay;
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
    if (usable < l.quantity) UrgentOrder(p.site, l.item, l.quantity - usable, p.created_ms);
    stock_.Take(p.site, l.item, l.quantity, day, "dispense", who, taken);
    remaining_[static_cast<size_t>(p.site) * items_ + static_cast<size_t>(l.item)] -= l.quantity;
  }
}

void ActivityGenerator::CountEncounter(const Planned& p, const std::string& id, const std::string* participant) {
  const Visit& v = p.visit;
  // A voided encounter leaves its roll-up rows behind at zero, as adding and subtracting does.
  SiteDay& sd = site_day_[static_cast<size_t>(p.site)];
  sd.row = true;
  for (const auto& l : v.lines) {
    item_day_[static_cast<size_t>(p.site) * items_ + static_cast<size_t>(l.item)].row = true;
  }
  if (p.void_ms >= 0) return;
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
    const int64_t day = p.ms / kMsPerDay;
    referrals_.Make((day + 1) * kMsPerDay + 10 * kHour, w_.coordinator, nullptr, participant, rng_);
  }
}

void ActivityGenerator::Void(const Planned& p, const std::string& id, std::vector<std::pair<int, int64_t>> taken) {
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

void ActivityGenerator::WritePeriod(std::unordered_map<int, int64_t>& counts, const std::string& key) {
  std::vector<std::pair<int, int64_t>> sorted(counts.begin(), counts.end());
  std::sort(sorted.begin(), sorted.end());
  for (const auto& [person, n] : sorted) out_.Add(t_.participant_periods, w_.id, key, (*people_)[person].id, n);
  counts.clear();
}

void ActivityGenerator::CloseDay(int64_t day) {
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

void ActivityGenerator::LogDay(int64_t day, std::vector<Planned>& plan, size_t* next) {
  // Voids happen minutes after their encounter was logged, between the next ones.
  struct PendingVoid {
    size_t index;
    std::string id;
    std::vector<std::pair<int, int64_t>> taken;
  };
  std::vector<PendingVoid> voids;
  const auto void_until = [&](int64_t ms) {
    for (auto it = voids.begin(); it != voids.end();) {
      if (plan[it->index].void_ms > ms) {
        ++it;
        continue;
      }
      Void(plan[it->index], it->id, std::move(it->taken));
      it = voids.erase(it);
    }
  };
  for (; *next < plan.size() && plan[*next].created_ms < (day + 1) * kMsPerDay; ++*next) {
    Planned& p = plan[*next];
    void_until(p.created_ms);
    std::vector<std::pair<int, int64_t>> taken;
    std::string id = Log(p, &taken);
    if (p.void_ms >= 0) voids.push_back({*next, std::move(id), std::move(taken)});
  }
  void_until(std::numeric_limits<int64_t>::max());
}

Result<ActivityCounts> ActivityGenerator::Run() {
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
      LogDay(day, plan, &next);
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


Result<ActivityCounts> GenerateActivity(const ProgramWorld& world, const crypto::Key& code_key,
                                        const ActivityPlan& plan, BulkWriter& out, const DemoTables& tables) {
  ActivityGenerator g(world, code_key, plan, out, tables);
  return g.Run();
}

}  // namespace kinship::demo

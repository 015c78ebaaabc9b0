#include "demo/demo_visits.h"

#include <algorithm>

namespace kinship::demo {

VisitMaker::VisitMaker(const ProgramWorld& world)
    : world_(world),
      injection_kit_(world.Kit("Injection kit")),
      smoking_kit_(world.Kit("Smoking kit")),
      naloxone_kit_(world.Kit("Naloxone kit")),
      syringe_29g_(world.Item("Syringe 1 mL 29G")),
      syringe_27g_(world.Item("Syringe 1 mL 27G")),
      syringe_3ml_(world.Item("Syringe 3 mL 25G")),
      needle_27g_(world.Item("Needle 27G 1/2\"")),
      tourniquet_(world.Item("Tourniquet")),
      strips_(world.Item("Fentanyl test strip")),
      sharps_(world.Item("Sharps container 1 L")),
      wound_kit_(world.Item("Wound care kit")),
      snort_kit_(world.Item("Snorting kit")),
      condom_(world.Item("Condom")),
      lube_(world.Item("Lubricant sachet")),
      naloxone_injectable_(world.Item("Naloxone injectable 0.4 mg/mL")) {}

void VisitMaker::Add(Visit& v, int item, int64_t quantity) const {
  if (item < 0 || quantity <= 0) return;
  for (auto& l : v.lines) {
    if (l.item == item) {
      l.quantity += quantity;
      return;
    }
  }
  v.lines.push_back({item, quantity, 0});
}

void VisitMaker::AddKit(Visit& v, int kit, int64_t times) const {
  if (kit < 0) return;
  if (v.kit < 0) v.kit = kit;
  for (const auto& [item, quantity] : world_.kits[static_cast<size_t>(kit)].items) Add(v, item, quantity * times);
}

Visit VisitMaker::Make(Route route, std::string_view site_kind, std::mt19937_64& rng) const {
  std::uniform_real_distribution<double> unit(0, 1);
  const auto chance = [&](double p) { return unit(rng) < p; };
  const bool post = site_kind == "mail_hub";
  if (route == Route::kUnknown || route == Route::kOther) {
    const double u = unit(rng);
    route = u < 0.45 ? Route::kInjecting : u < 0.80 ? Route::kSmoking : u < 0.88 ? Route::kSnorting : Route::kOther;
  }
  Visit v;
  const int64_t kits = post ? 2 + static_cast<int64_t>(unit(rng) * 4) : chance(0.7) ? 1 : chance(0.75) ? 2 : 3;
  switch (route) {
    case Route::kInjecting:
      AddKit(v, injection_kit_, kits);
      if (chance(0.2) && syringe_29g_ >= 0 && syringe_27g_ >= 0) {  // prefers 27G: swap the kit's syringes
        for (auto& l : v.lines) {
          if (l.item == syringe_29g_) l.item = syringe_27g_;
        }
      }
      if (chance(0.12)) Add(v, tourniquet_, 1);
      if (chance(0.06)) Add(v, syringe_3ml_, 5 * kits);
      if (chance(0.08)) Add(v, needle_27g_, 10 * kits);
      if (chance(post ? 0.6 : 0.18)) Add(v, sharps_, 1);
      if (chance(0.5)) v.returned_syringes = static_cast<int64_t>((0.3 + unit(rng)) * 10 * static_cast<double>(kits));
      if (chance(0.08)) v.returned_containers = 1;
      break;
    case Route::kSmoking:
      AddKit(v, smoking_kit_, std::min<int64_t>(kits, 2));
      if (chance(0.1)) Add(v, condom_, 10);
      break;
    case Route::kSnorting:
      Add(v, snort_kit_, kits);
      break;
    default:
      if (chance(0.5)) {
        Add(v, condom_, 12 + static_cast<int64_t>(unit(rng) * 24));
        Add(v, lube_, 6);
      } else {
        Add(v, strips_, 5);
      }
  }
  if (chance(0.22)) Add(v, strips_, chance(0.5) ? 5 : 10);
  std::vector<std::string> services;
  if (chance(0.05)) {
    AddKit(v, naloxone_kit_, 1);
    if (chance(0.4)) services.push_back("naloxone_training");
  }
  if (chance(0.005)) Add(v, naloxone_injectable_, 2);
  if (chance(0.04)) services.push_back("wound_care"), Add(v, wound_kit_, 1);
  if (chance(0.08)) services.insert(services.begin(), "education");
  if (chance(0.02)) services.push_back("testing");
  if (chance(0.04)) services.push_back("counselling");
  if (chance(0.03)) services.push_back("drug_checking");
  if (chance(0.01)) services.push_back("other");
  for (const auto& s : services) v.services += (v.services.empty() ? "" : ",") + s;
  // Secondary distribution: supplies taken on to friends who do not come themselves.
  if (chance(post ? 0.4 : 0.15)) {
    v.for_others_people = 1 + static_cast<int64_t>(unit(rng) * 3);
    const double share = static_cast<double>(v.for_others_people) / static_cast<double>(v.for_others_people + 1);
    for (auto& l : v.lines) l.for_others = static_cast<int64_t>(static_cast<double>(l.quantity) * share);
  }
  if (v.lines.empty()) Add(v, strips_, 5);
  return v;
}

}  // namespace kinship::demo

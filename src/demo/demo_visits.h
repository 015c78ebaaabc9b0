// What one synthetic encounter hands out and takes back, from the person's main route of
// use and the kind of site: mostly the program's kits (an injection kit with its five items,
// a smoking kit), sometimes two or three of them, extras such as test strips, naloxone or a
// sharps container, used syringes returned, the odd service, and a share taken for others.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "demo/demo_people.h"
#include "demo/demo_world.h"

namespace kinship::demo {

struct VisitLine {
  int item = 0;
  int64_t quantity = 0;
  int64_t for_others = 0;
};

struct Visit {
  int kit = -1;
  std::vector<VisitLine> lines;  // one per item
  int64_t returned_syringes = 0, returned_containers = 0, for_others_people = 0;
  std::string services;  // as stored: comma-separated
};

class VisitMaker {
 public:
  explicit VisitMaker(const ProgramWorld& world);
  // route kUnknown for an anonymous person (their route is drawn).
  Visit Make(Route route, std::string_view site_kind, std::mt19937_64& rng) const;

 private:
  void AddKit(Visit& v, int kit, int64_t times) const;
  void Add(Visit& v, int item, int64_t quantity) const;

  const ProgramWorld& world_;
  int injection_kit_, smoking_kit_, naloxone_kit_;
  int syringe_29g_, syringe_27g_, syringe_3ml_, needle_27g_, tourniquet_, strips_, sharps_, wound_kit_, snort_kit_,
      condom_, lube_, naloxone_injectable_;
};

}  // namespace kinship::demo

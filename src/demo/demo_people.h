// The demo participants of one program: each is a code (a UIC made from synthetic answers
// with the program's formula and salt, or a card code), a few attributes, the day they first
// came, a home site and how often they come. A few are deliberate near-duplicates (the same
// answers but a mistyped birth day) so the merge screen has work. Codes are made with the
// real functions of participants/codes.h, so looking a demo participant up by answers works.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/crypto.h"
#include "demo/bulk_writer.h"
#include "demo/demo_ids.h"
#include "demo/demo_tables.h"
#include "demo/demo_world.h"

namespace kinship::demo {

enum class Route { kInjecting, kSmoking, kSnorting, kOral, kOther, kUnknown };

struct Person {
  std::string code_kind, display_code;
  std::vector<std::pair<std::string, std::string>> keys;  // participant_keys: kind, hash
  const char* age_band = nullptr;
  const char* gender = nullptr;
  const char* housing = nullptr;
  const char* main_route = nullptr;
  Route route = Route::kUnknown;
  int64_t start_day = 0;
  int home_site = 0;
  double weight = 1;
  // Filled in as encounters are logged.
  std::string id;
  int64_t created_ms = -1, updated_ms = -1, first_ms = -1, last_ms = -1, count = 0;
};

class People {
 public:
  // Makes count participants whose first visits fall in [first_day, last_day]; home sites
  // are drawn in proportion to site_weights.
  People(const ProgramWorld& world, const crypto::Key& code_key, int count, int64_t first_day, int64_t last_day,
         const std::vector<double>& site_weights, uint64_t seed);

  // Someone who comes to site on day: first the people whose home site it is and who have
  // not come yet, once their first day has come; then mostly people of that home site. -1
  // when nobody fits.
  int Pick(int site, int64_t day, std::mt19937_64& rng);
  Person& operator[](int i) { return people_[static_cast<size_t>(i)]; }
  size_t size() const { return people_.size(); }

  // The participant's id; the first call makes it, as if the code was registered at created_ms.
  const std::string& Arrive(int i, int64_t created_ms, IdMaker& ids);
  // Counts an encounter at occurred_ms logged at request_ms.
  void Count(int i, int64_t occurred_ms, int64_t request_ms);

  // Queues the participants and participant_keys rows (people never seen are registered on
  // their first day).
  void Write(BulkWriter& out, const DemoTables& tables, IdMaker& ids);

 private:
  void MakeUic(Person& p, const nlohmann::json& answers, std::mt19937_64& rng);
  void MakeCard(Person& p, std::mt19937_64& rng);
  bool TakeDisplayCode(Person& p, const std::string& hash);

  const ProgramWorld& world_;
  const crypto::Key& code_key_;
  std::vector<Person> people_;
  std::vector<std::vector<int>> newcomers_;  // [site]: people of that home site by first day
  std::vector<size_t> next_newcomer_;
  std::vector<double> alias_prob_;
  std::vector<int> alias_;
  std::unordered_set<std::string> used_codes_, used_hashes_;
};

}  // namespace kinship::demo

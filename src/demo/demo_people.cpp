#include "demo/demo_people.h"

#include <algorithm>
#include <cmath>

#include "demo/demo_schedule.h"
#include "encounters/calendar.h"
#include "participants/codes.h"

namespace kinship::demo {

namespace {

const char* kMotherNames[] = {
    "Maria",   "Ana",     "Fatima", "Mary",    "Linda",   "Susan",  "Grace",    "Aroha",  "Mere",    "Nadia",
    "Elena",   "Sofia",   "Amina",  "Lucia",   "Rosa",    "Joan",   "Carol",    "Helen",  "Teresa",  "Irene",
    "Mei",     "Yuki",    "Priya",  "Sunita",  "Leila",   "Zainab", "Olga",     "Ingrid", "Hannah",  "Ruth",
    "Dorothy", "Barbara", "Nancy",  "Karen",   "Wanda",   "Gloria", "Beatriz",  "Carmen", "Dolores", "Esperanza",
    "Kiri",    "Tui",     "Ngaire", "Aiyana",  "Winona",  "Dakota", "Siobhan",  "Niamh",  "Brigid",  "Agnes",
    "Zoë",     "Chloé",   "Anaïs",  "Małgorzata", "Ewa",  "Dorota", "Jadwiga",  "Ioana",  "Ștefania", "Ilinca"};
const char* kFatherNames[] = {"John", "Jose", "Mohammed", "Wiremu", "Peter", "Juan", "Ahmed", "Tane", "David",
                              "Luis", "Ivan", "Piotr", "Sean", "Ravi", "Kenji", "Tomas", "Michael", "Hemi"};

template <size_t N>
const char* PickFrom(const char* const (&list)[N], std::mt19937_64& rng) {
  return list[std::uniform_int_distribution<size_t>(0, N - 1)(rng)];
}

// value i of values with probability weights[i].
template <size_t N>
const char* Weighted(const char* const (&values)[N], const double (&weights)[N], std::mt19937_64& rng) {
  double u = std::uniform_real_distribution<double>(0, 1)(rng);
  for (size_t i = 0; i < N; ++i) {
    if ((u -= weights[i]) < 0) return values[i];
  }
  return values[N - 1];
}

constexpr const char* kAgeBands[] = {"under_18", "18-24", "25-34", "35-44", "45-54", "55-64", "65+"};
constexpr double kAgeWeights[] = {0.01, 0.08, 0.28, 0.30, 0.20, 0.10, 0.03};
constexpr int kAgeFrom[] = {16, 18, 25, 35, 45, 55, 65};
constexpr const char* kGenders[] = {"man",       "woman",      "non_binary", "trans_woman",
                                    "trans_man", "two_spirit", "other",      "prefer_not_to_say"};
constexpr double kGenderWeights[] = {0.60, 0.32, 0.025, 0.015, 0.008, 0.007, 0.005, 0.02};
constexpr const char* kHousing[] = {"housed", "unstably_housed", "shelter", "unsheltered", "prefer_not_to_say"};
constexpr double kHousingWeights[] = {0.35, 0.25, 0.15, 0.20, 0.05};
constexpr const char* kRoutes[] = {"injecting", "smoking", "snorting", "oral", "other", "prefer_not_to_say"};
constexpr double kRouteWeights[] = {0.48, 0.36, 0.07, 0.04, 0.02, 0.03};

Route RouteOf(const char* r) {
  const std::string_view v = r ? r : "";
  if (v == "injecting") return Route::kInjecting;
  if (v == "smoking") return Route::kSmoking;
  if (v == "snorting") return Route::kSnorting;
  if (v == "oral") return Route::kOral;
  if (v == "other") return Route::kOther;
  return Route::kUnknown;
}

std::string GenderLetter(const char* gender) {
  const std::string_view g = gender ? gender : "";
  if (g == "woman" || g == "trans_woman") return "F";
  if (g == "man" || g == "trans_man") return "M";
  return "X";
}

}  // namespace

People::People(const ProgramWorld& world, const crypto::Key& code_key, int count, int64_t first_day,
               int64_t last_day, const std::vector<double>& site_weights, uint64_t seed)
    : world_(world), code_key_(code_key) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0, 1);
  std::discrete_distribution<int> home(site_weights.begin(), site_weights.end());
  std::lognormal_distribution<double> activity(0, 0.9);
  int year = 0, month = 0, day = 0;
  encounters::CivilFromDays(last_day, &year, &month, &day);
  std::vector<nlohmann::json> answers_of;
  people_.reserve(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    Person p;
    p.age_band = Weighted(kAgeBands, kAgeWeights, rng);
    p.gender = Weighted(kGenders, kGenderWeights, rng);
    p.housing = Weighted(kHousing, kHousingWeights, rng);
    p.main_route = Weighted(kRoutes, kRouteWeights, rng);
    p.route = RouteOf(p.main_route);
    // Not everyone answers every question.
    if (unit(rng) < 0.06) p.housing = nullptr;
    if (unit(rng) < 0.04) p.main_route = nullptr;
    if (unit(rng) < 0.03) p.age_band = nullptr;
    const double span = static_cast<double>(last_day - first_day);
    p.start_day = unit(rng) < 0.35 ? first_day : first_day + static_cast<int64_t>(unit(rng) * span);
    p.home_site = home(rng);
    p.weight = std::min(8.0, activity(rng));  // nobody comes more than about daily
    const size_t band = p.age_band ? static_cast<size_t>(std::find_if(std::begin(kAgeBands), std::end(kAgeBands),
                                                                       [&](const char* b) { return b == p.age_band; }) -
                                                         std::begin(kAgeBands))
                                   : 3;
    nlohmann::json all = {{"mother_first_name", PickFrom(kMotherNames, rng)},
                          {"father_first_name", PickFrom(kFatherNames, rng)},
                          {"birth_day", std::uniform_int_distribution<int>(1, 28)(rng)},
                          {"birth_month", std::uniform_int_distribution<int>(1, 12)(rng)},
                          {"birth_year", year - kAgeFrom[band] - std::uniform_int_distribution<int>(0, 9)(rng)},
                          {"gender", GenderLetter(p.gender)}};
    // About 1.5% are a second code of someone already registered, with the birth day mistyped.
    if (!answers_of.empty() && unit(rng) < 0.015) {
      all = answers_of[std::uniform_int_distribution<size_t>(0, answers_of.size() - 1)(rng)];
      all["birth_day"] = all["birth_day"].get<int>() % 28 + 1;
    }
    if (world_.settings.code_mode == "card" || unit(rng) < 0.08) {
      MakeCard(p, rng);
    } else {
      MakeUic(p, all, rng);
    }
    answers_of.push_back(std::move(all));
    people_.push_back(std::move(p));
  }
  // Everyone comes a first time, at their home site, from their first day on.
  newcomers_.resize(site_weights.size());
  for (size_t i = 0; i < people_.size(); ++i) {
    newcomers_[static_cast<size_t>(people_[i].home_site)].push_back(static_cast<int>(i));
  }
  for (auto& queue : newcomers_) {
    std::stable_sort(queue.begin(), queue.end(), [&](int a, int b) {
      return people_[static_cast<size_t>(a)].start_day < people_[static_cast<size_t>(b)].start_day;
    });
  }
  next_newcomer_.assign(newcomers_.size(), 0);
  // Walker's alias table over the activity weights, for Pick().
  const size_t n = people_.size();
  alias_prob_.assign(n, 0);
  alias_.assign(n, 0);
  double total = 0;
  for (const auto& p : people_) total += p.weight;
  std::vector<double> scaled(n);
  std::vector<int> small, large;
  for (size_t i = 0; i < n; ++i) {
    scaled[i] = people_[i].weight * static_cast<double>(n) / total;
    (scaled[i] < 1 ? small : large).push_back(static_cast<int>(i));
  }
  while (!small.empty() && !large.empty()) {
    const int s = small.back(), l = large.back();
    small.pop_back();
    alias_prob_[static_cast<size_t>(s)] = scaled[static_cast<size_t>(s)];
    alias_[static_cast<size_t>(s)] = l;
    scaled[static_cast<size_t>(l)] += scaled[static_cast<size_t>(s)] - 1;
    if (scaled[static_cast<size_t>(l)] < 1) {
      large.pop_back();
      small.push_back(l);
    }
  }
  for (int i : large) alias_prob_[static_cast<size_t>(i)] = 1;
  for (int i : small) alias_prob_[static_cast<size_t>(i)] = 1;
}

bool People::TakeDisplayCode(Person& p, const std::string& hash) {
  for (int attempt = 0; attempt < 8; ++attempt) {
    std::string code = participants::DisplayCodeFromHash(hash, attempt);
    if (used_codes_.insert(code).second) {
      p.display_code = std::move(code);
      return true;
    }
  }
  return false;
}

void People::MakeUic(Person& p, const nlohmann::json& all, std::mt19937_64& rng) {
  nlohmann::json answers = nlohmann::json::object();
  for (const auto& part : world_.settings.uic_formula) answers[part.answer] = all.at(part.answer);
  auto parts = participants::UicParts(answers, world_.settings.uic_formula);
  if (!parts.ok()) return MakeCard(p, rng);
  const std::string& salt = world_.settings.code_salt;
  std::string hash = participants::CodeHash(code_key_, salt, "uic", participants::UicString(*parts));
  // Two people with the same answers would be one code: the second gets a card instead.
  if (used_hashes_.count(hash) || !TakeDisplayCode(p, hash)) return MakeCard(p, rng);
  used_hashes_.insert(hash);
  p.code_kind = "uic";
  p.keys.emplace_back("uic", std::move(hash));
  for (auto& near : participants::NearKeys(code_key_, salt, *parts)) p.keys.push_back(std::move(near));
}

void People::MakeCard(Person& p, std::mt19937_64& rng) {
  for (;;) {
    std::string code = "C-";
    for (int i = 0; i < 8; ++i) {
      if (i == 4) code += '-';
      code += participants::kCrockford[rng() % participants::kCrockford.size()];
    }
    if (!used_codes_.insert(code).second) continue;
    p.code_kind = "card";
    p.display_code = code;
    std::string hash = participants::CodeHash(code_key_, world_.settings.code_salt, "card", code);
    used_hashes_.insert(hash);
    p.keys.emplace_back("card", std::move(hash));
    return;
  }
}

int People::Pick(int site, int64_t day, std::mt19937_64& rng) {
  if (people_.empty()) return -1;
  auto& queue = newcomers_[static_cast<size_t>(site)];
  size_t& next = next_newcomer_[static_cast<size_t>(site)];
  if (next < queue.size() && people_[static_cast<size_t>(queue[next])].start_day <= day) return queue[next++];
  std::uniform_int_distribution<size_t> any(0, people_.size() - 1);
  std::uniform_real_distribution<double> unit(0, 1);
  for (int attempt = 0; attempt < 40; ++attempt) {
    const size_t i = any(rng);
    const int who = unit(rng) < alias_prob_[i] ? static_cast<int>(i) : alias_[i];
    const Person& p = people_[static_cast<size_t>(who)];
    if (p.start_day > day) continue;
    if (p.home_site == site || unit(rng) < 0.08) return who;
  }
  return -1;
}

const std::string& People::Arrive(int i, int64_t created_ms, IdMaker& ids) {
  Person& p = people_[static_cast<size_t>(i)];
  if (p.id.empty()) {
    p.id = ids.At(created_ms);
    p.created_ms = p.updated_ms = created_ms;
  }
  return p.id;
}

void People::Count(int i, int64_t occurred_ms, int64_t request_ms) {
  Person& p = people_[static_cast<size_t>(i)];
  ++p.count;
  if (p.first_ms < 0 || occurred_ms < p.first_ms) p.first_ms = occurred_ms;
  if (occurred_ms > p.last_ms) p.last_ms = occurred_ms;
  p.updated_ms = request_ms;
}

void People::Write(BulkWriter& out, const DemoTables& tables, IdMaker& ids) {
  const auto text = [](const char* s) { return s ? store::Value(s) : store::Value(); };
  const auto time = [](int64_t ms) { return ms < 0 ? store::Value() : store::Value(IsoTime(ms)); };
  for (size_t i = 0; i < people_.size(); ++i) {
    Person& p = people_[i];
    if (p.id.empty()) Arrive(static_cast<int>(i), p.start_day * kMsPerDay + 12 * 3'600'000, ids);
    out.Add(tables.participants, world_.id, p.id, p.display_code, p.code_kind, text(p.age_band), text(p.gender),
            text(p.housing), text(p.main_route), store::Value(), time(p.first_ms), time(p.last_ms), p.count,
            IsoTime(p.created_ms), IsoTime(p.updated_ms));
    for (const auto& [kind, hash] : p.keys) out.Add(tables.participant_keys, world_.id, kind, hash, p.id);
  }
}

}  // namespace kinship::demo

// An encounter: one contact between a peer worker and a participant (or an anonymous
// person) — supplies handed out, used supplies taken back, services, referrals and what was
// taken for others. The participant code is optional: anonymous encounters count too.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kinship::encounters {

inline const std::vector<std::string_view> kModes = {"fixed", "outreach", "mobile", "delivery"};
inline const std::vector<std::string_view> kServices = {"education", "naloxone_training", "wound_care", "testing",
                                                        "counselling", "drug_checking", "other"};

// Limits of one encounter (docs/API.md "Encounters").
inline constexpr size_t kMaxItemLines = 50;
inline constexpr int64_t kMaxQuantity = 100000;
inline constexpr int64_t kMaxReturned = 100000;
inline constexpr int64_t kMaxForOthersPeople = 1000;
inline constexpr size_t kMaxReferrals = 10;
inline constexpr size_t kMaxAreaChars = 120;
inline constexpr int kMaxDaysBack = 30;
inline constexpr int kClockSkewMinutes = 5;

struct EncounterItem {
  std::string item_id;
  std::string item_name;
  int64_t quantity = 0;
  int64_t for_others = 0;
};

struct Encounter {
  std::string program_id;
  std::string id;
  std::string occurred_at;
  std::string day;
  std::string site_id;
  std::string mode;
  std::optional<std::string> area;
  std::string worker_id;
  std::optional<std::string> participant_id;
  std::optional<std::string> display_code;  // read from the participant, not stored here
  std::optional<std::string> kit_id;
  std::vector<EncounterItem> items;
  int64_t returned_syringes = 0;
  int64_t returned_containers = 0;
  std::vector<std::string> services;
  int64_t for_others_people = 0;
  bool voided = false;
  std::optional<std::string> void_reason;
  std::string created_at;
  std::string updated_at;
};

// Services are stored as one comma-separated TEXT column.
std::string JoinServices(const std::vector<std::string>& services);
std::vector<std::string> SplitServices(std::string_view text);

// The site kind's usual way of working: fixed → fixed, outreach → outreach, mobile →
// mobile, mail_hub → delivery.
std::string DefaultModeFor(std::string_view site_kind);

// The API object. referrals is a JSON array (the referrals made in the encounter);
// editable_until is created_at plus the program's edit window.
nlohmann::json ToJson(const Encounter& e, const nlohmann::json& referrals, const std::string& editable_until);

}  // namespace kinship::encounters

// A program's own choices for the daily work: how participant codes are made, which
// optional attributes it records, how long an encounter stays editable, whether expired
// lots may ever be handed out, and when stock counts as expiring soon. One row per program
// (program_settings), JSON in `data`, with the secret salt for participant codes beside it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace kinship::programs {

// One part of the unique identifier code: which answer, and what is taken from it.
//   answer: mother_first_name | father_first_name | birth_day | birth_month | birth_year | gender
//   take:   first1 | first2 | first3 | last2 (names), 2digits (day, month), last2 | 4digits
//           (year), letter (gender)
struct UicPart {
  std::string answer;
  std::string take;
};

inline const std::vector<std::string_view> kUicAnswers = {"mother_first_name", "father_first_name", "birth_day",
                                                          "birth_month",       "birth_year",        "gender"};
inline const std::vector<std::string_view> kParticipantAttributes = {"age_band", "gender", "housing", "main_route"};
inline const std::vector<std::string_view> kCodeModes = {"uic", "card"};

struct ProgramSettings {
  std::string code_mode = "uic";  // how new codes are made: "uic" (answers) or "card" (random card code)
  std::vector<UicPart> uic_formula = {
      {"mother_first_name", "first2"}, {"birth_day", "2digits"}, {"birth_year", "last2"}, {"gender", "letter"}};
  std::vector<std::string> attributes = {"age_band", "gender", "housing", "main_route"};
  int edit_window_hours = 48;        // encounters may be edited or voided this long after they are saved
  bool allow_expired_dispense = false;  // an encounter may then ask for expired lots explicitly
  int expiring_soon_days = 60;
  int follow_up_days = 7;            // default follow-up date for a new referral, from today
  std::string code_salt;             // secret; never leaves the server
  std::string updated_at;
};

// The defaults, with a fresh random salt.
ProgramSettings DefaultSettings();

// Validates a UIC formula: 1–8 parts, known answers, takes that fit the answer, no repeats.
// Returns the field errors under `field` (e.g. "uic_formula[1].take").
std::vector<FieldError> CheckFormula(const std::vector<UicPart>& formula, const std::string& field);

// Loads a program's settings; a program without a row gets the defaults (and no salt:
// EnsureSettings writes one).
Result<ProgramSettings> LoadSettings(store::Tx& tx, const std::string& program_id);
// Creates the row with defaults when missing (program creation, first start after migrating).
Status EnsureSettings(store::Tx& tx, const std::string& program_id);
Status SaveSettings(store::Tx& tx, const std::string& program_id, const ProgramSettings& s);

// The API view (without the salt).
nlohmann::json ToJson(const ProgramSettings& s);

}  // namespace kinship::programs

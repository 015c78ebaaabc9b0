#include "programs/program_settings.h"

#include <algorithm>

#include "core/clock.h"
#include "core/crypto.h"

namespace kinship::programs {

namespace {

bool TakeFits(std::string_view answer, std::string_view take) {
  if (answer == "mother_first_name" || answer == "father_first_name") {
    return take == "first1" || take == "first2" || take == "first3" || take == "last2";
  }
  if (answer == "birth_day" || answer == "birth_month") return take == "2digits";
  if (answer == "birth_year") return take == "last2" || take == "4digits";
  if (answer == "gender") return take == "letter";
  return false;
}

nlohmann::json DataJson(const ProgramSettings& s) {
  nlohmann::json formula = nlohmann::json::array();
  for (const auto& p : s.uic_formula) formula.push_back({{"answer", p.answer}, {"take", p.take}});
  return {{"code_mode", s.code_mode},
          {"uic_formula", formula},
          {"attributes", s.attributes},
          {"edit_window_hours", s.edit_window_hours},
          {"allow_expired_dispense", s.allow_expired_dispense},
          {"expiring_soon_days", s.expiring_soon_days},
          {"follow_up_days", s.follow_up_days}};
}

}  // namespace

ProgramSettings DefaultSettings() {
  ProgramSettings s;
  s.code_salt = crypto::RandomHex(16);
  s.updated_at = NowIso();
  return s;
}

std::vector<FieldError> CheckFormula(const std::vector<UicPart>& formula, const std::string& field) {
  std::vector<FieldError> errors;
  if (formula.empty() || formula.size() > 8) errors.push_back({field, "must have 1 to 8 parts"});
  for (size_t i = 0; i < formula.size(); ++i) {
    const std::string at = field + "[" + std::to_string(i) + "]";
    const auto& p = formula[i];
    if (std::find(kUicAnswers.begin(), kUicAnswers.end(), p.answer) == kUicAnswers.end()) {
      errors.push_back({at + ".answer",
                        "must be one of: mother_first_name, father_first_name, birth_day, birth_month, "
                        "birth_year, gender"});
      continue;
    }
    if (!TakeFits(p.answer, p.take)) {
      errors.push_back({at + ".take", "does not fit " + p.answer +
                                          " (names: first1, first2, first3, last2; day and month: 2digits; "
                                          "year: last2, 4digits; gender: letter)"});
    }
    for (size_t j = 0; j < i; ++j) {
      if (formula[j].answer == p.answer) errors.push_back({at + ".answer", "is used twice"});
    }
  }
  return errors;
}

Result<ProgramSettings> LoadSettings(store::Tx& tx, const std::string& program_id) {
  KINSHIP_ASSIGN_OR_RETURN(store::Rows rows,
                           tx.Query("SELECT data, code_salt, updated_at FROM program_settings WHERE program_id = $1",
                                    {program_id}));
  ProgramSettings s;
  if (rows.empty()) return s;
  s.code_salt = rows[0].Text(1);
  s.updated_at = rows[0].Text(2);
  auto data = nlohmann::json::parse(rows[0].Text(0), nullptr, false);
  if (!data.is_object()) return Internal("program_settings: stored data is not a JSON object");
  s.code_mode = data.value("code_mode", s.code_mode);
  if (data.contains("uic_formula") && data["uic_formula"].is_array()) {
    s.uic_formula.clear();
    for (const auto& p : data["uic_formula"]) {
      s.uic_formula.push_back({p.value("answer", ""), p.value("take", "")});
    }
  }
  if (data.contains("attributes") && data["attributes"].is_array()) {
    s.attributes = data["attributes"].get<std::vector<std::string>>();
  }
  s.edit_window_hours = data.value("edit_window_hours", s.edit_window_hours);
  s.allow_expired_dispense = data.value("allow_expired_dispense", s.allow_expired_dispense);
  s.expiring_soon_days = data.value("expiring_soon_days", s.expiring_soon_days);
  s.follow_up_days = data.value("follow_up_days", s.follow_up_days);
  return s;
}

Status EnsureSettings(store::Tx& tx, const std::string& program_id) {
  KINSHIP_ASSIGN_OR_RETURN(store::Rows rows,
                           tx.Query("SELECT 1 FROM program_settings WHERE program_id = $1", {program_id}));
  if (!rows.empty()) return Status::Ok();
  const ProgramSettings s = DefaultSettings();
  return tx
      .Exec("INSERT INTO program_settings (program_id, data, code_salt, updated_at) VALUES ($1, $2, $3, $4)",
            {program_id, DataJson(s).dump(), s.code_salt, s.updated_at})
      .status();
}

Status SaveSettings(store::Tx& tx, const std::string& program_id, const ProgramSettings& s) {
  KINSHIP_RETURN_IF_ERROR(EnsureSettings(tx, program_id));
  return tx
      .Exec("UPDATE program_settings SET data = $2, updated_at = $3 WHERE program_id = $1",
            {program_id, DataJson(s).dump(), s.updated_at})
      .status();
}

nlohmann::json ToJson(const ProgramSettings& s) {
  nlohmann::json j = DataJson(s);
  j["updated_at"] = s.updated_at.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.updated_at);
  return j;
}

}  // namespace kinship::programs

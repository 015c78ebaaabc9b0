#include "http/json_body.h"

#include <algorithm>

namespace kinship::http {

static std::string Trim(std::string s) {
  const auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

static bool HasControlCharacters(std::string_view s, bool multiline) {
  return std::any_of(s.begin(), s.end(), [multiline](char c) {
    const auto u = static_cast<unsigned char>(c);
    if (multiline && (c == '\n' || c == '\r' || c == '\t')) return false;
    return u < 0x20 || u == 0x7F;
  });
}

BodyReader::BodyReader(std::string_view body) {
  if (body.empty()) {
    parse_error_ = InvalidArgument("The request body is empty; send a JSON object.");
    return;
  }
  try {
    doc_ = nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& e) {
    std::string why = e.what();
    if (why.find("UTF-8") != std::string::npos || why.find("utf-8") != std::string::npos) {
      parse_error_ = InvalidArgument("The request body is not valid UTF-8.");
    } else {
      parse_error_ = InvalidArgument("The request body is not valid JSON (at byte " +
                                     std::to_string(e.byte) + ").");
    }
    return;
  } catch (const nlohmann::json::exception& e) {
    // Out-of-range numbers (e.g. 2e365) and other parser limits: still the client's input.
    parse_error_ = InvalidArgument("The request body is not valid JSON (a number is out of range).");
    return;
  }
  if (!doc_.is_object()) parse_error_ = InvalidArgument("The request body must be a JSON object.");
}

BodyReader::BodyReader(const nlohmann::json& object, std::string prefix) : prefix_(std::move(prefix)) {
  if (!object.is_object()) {
    errors_.push_back({prefix_, "must be an object"});
    doc_ = nlohmann::json::object();
    return;
  }
  doc_ = object;
}

std::string BodyReader::Name(std::string_view field) const {
  if (prefix_.empty()) return std::string(field);
  return prefix_ + "." + std::string(field);
}

std::string BodyReader::Element(std::string_view field, size_t i) const {
  return Name(field) + "[" + std::to_string(i) + "]";
}

void BodyReader::Absorb(BodyReader& child) {
  for (auto it = child.doc_.begin(); child.doc_.is_object() && it != child.doc_.end(); ++it) {
    if (!child.seen_.count(it.key())) child.AddError(it.key(), "is not a known field");
  }
  child.seen_.clear();
  child.doc_ = nlohmann::json::object();
  for (auto& e : child.errors_) errors_.push_back(std::move(e));
  child.errors_.clear();
}

const nlohmann::json* BodyReader::Get(std::string_view field) {
  seen_.emplace(field);
  if (!parse_error_.ok() || !doc_.is_object()) return nullptr;
  auto it = doc_.find(std::string(field));
  return it == doc_.end() ? nullptr : &*it;
}

bool BodyReader::has(std::string_view field) const {
  return parse_error_.ok() && doc_.is_object() && doc_.contains(std::string(field));
}

void BodyReader::AddError(std::string field, std::string message) {
  errors_.push_back({Name(field), std::move(message)});
}

static std::optional<std::string> CheckString(BodyReader& r, std::string_view field,
                                              const nlohmann::json& v, const StringRule& rule) {
  if (!v.is_string()) {
    r.AddError(std::string(field), "must be a string");
    return std::nullopt;
  }
  std::string s = v.get<std::string>();
  if (rule.trim) s = Trim(std::move(s));
  if (HasControlCharacters(s, rule.multiline)) {
    r.AddError(std::string(field), "must not contain control characters");
    return std::nullopt;
  }
  const size_t len = Utf8Length(s);
  if (len < rule.min) {
    r.AddError(std::string(field), rule.min == 1 ? "must not be empty"
                                                 : "must be at least " + std::to_string(rule.min) + " characters");
    return std::nullopt;
  }
  if (len > rule.max) {
    r.AddError(std::string(field), "must be at most " + std::to_string(rule.max) + " characters");
    return std::nullopt;
  }
  return s;
}

std::string BodyReader::String(std::string_view field, StringRule rule) {
  const auto* v = Get(field);
  if (!parse_error_.ok()) return {};
  if (v == nullptr || v->is_null()) {
    AddError(std::string(field), "is required");
    return {};
  }
  return CheckString(*this, field, *v, rule).value_or("");
}

std::optional<std::string> BodyReader::OptionalString(std::string_view field, StringRule rule,
                                                      bool* present) {
  const auto* v = Get(field);
  if (present) *present = v != nullptr;
  if (v == nullptr || v->is_null()) return std::nullopt;
  return CheckString(*this, field, *v, rule);
}

static std::string ChoiceList(const std::vector<std::string_view>& choices) {
  std::string out;
  for (auto c : choices) out += (out.empty() ? "" : ", ") + std::string(c);
  return out;
}

std::string BodyReader::Enum(std::string_view field, const std::vector<std::string_view>& choices) {
  const auto* v = Get(field);
  if (!parse_error_.ok()) return {};
  if (v == nullptr || v->is_null()) {
    AddError(std::string(field), "is required (one of: " + ChoiceList(choices) + ")");
    return {};
  }
  auto value = OptionalEnum(field, choices);
  return value.value_or("");
}

std::optional<std::string> BodyReader::OptionalEnum(std::string_view field,
                                                    const std::vector<std::string_view>& choices) {
  const auto* v = Get(field);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_string() ||
      std::find(choices.begin(), choices.end(), v->get<std::string>()) == choices.end()) {
    AddError(std::string(field), "must be one of: " + ChoiceList(choices));
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::optional<bool> BodyReader::OptionalBool(std::string_view field) {
  const auto* v = Get(field);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_boolean()) {
    AddError(std::string(field), "must be true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<int64_t> BodyReader::OptionalInt(std::string_view field, int64_t min, int64_t max) {
  const auto* v = Get(field);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_number_integer()) {
    AddError(std::string(field), "must be a whole number");
    return std::nullopt;
  }
  if (v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(max)) {
    AddError(std::string(field), "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  const int64_t n = v->get<int64_t>();
  if (n < min || n > max) {
    AddError(std::string(field), "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return n;
}

std::optional<double> BodyReader::OptionalNumber(std::string_view field, double min, double max) {
  const auto* v = Get(field);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_number()) {
    AddError(std::string(field), "must be a number");
    return std::nullopt;
  }
  const double n = v->get<double>();
  if (!(n >= min && n <= max)) {
    AddError(std::string(field), "must be between " + FormatNumber(min) + " and " + FormatNumber(max));
    return std::nullopt;
  }
  return n;
}

std::string BodyReader::Id(std::string_view field) {
  std::string s = String(field, {.min = 1, .max = 64});
  if (!s.empty() && !(s.size() == 36 && std::all_of(s.begin(), s.end(), [](char c) {
        return std::isxdigit(static_cast<unsigned char>(c)) || c == '-';
      }))) {
    AddError(std::string(field), "must be an id");
    return {};
  }
  return s;
}

std::optional<std::string> BodyReader::OptionalId(std::string_view field) {
  const auto* v = Get(field);
  if (v == nullptr || v->is_null()) return std::nullopt;
  std::string s = Id(field);
  if (s.empty()) return std::nullopt;
  return s;
}

int64_t BodyReader::Int(std::string_view field, int64_t min, int64_t max) {
  const auto* v = Get(field);
  if (!parse_error_.ok()) return 0;
  if (v == nullptr || v->is_null()) {
    AddError(std::string(field), "is required");
    return 0;
  }
  return OptionalInt(field, min, max).value_or(0);
}

static bool Digits(std::string_view s, size_t pos, size_t n) {
  for (size_t i = pos; i < pos + n; ++i) {
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

static int Number(std::string_view s, size_t pos, size_t n) {
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

static bool ValidDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !Digits(s, 0, 4) || !Digits(s, 5, 2) || !Digits(s, 8, 2)) {
    return false;
  }
  const int y = Number(s, 0, 4), m = Number(s, 5, 2), d = Number(s, 8, 2);
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

std::optional<std::string> BodyReader::OptionalDate(std::string_view field, bool* present) {
  const auto* v = Get(field);
  if (present) *present = v != nullptr;
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_string() || !ValidDate(v->get<std::string>())) {
    AddError(std::string(field), "must be a date as YYYY-MM-DD");
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::optional<std::string> BodyReader::OptionalTime(std::string_view field) {
  const auto* v = Get(field);
  if (v == nullptr || v->is_null()) return std::nullopt;
  const std::string s = v->is_string() ? v->get<std::string>() : std::string();
  // YYYY-MM-DDTHH:MM:SS, optional .fraction (1-9 digits), then Z.
  bool ok = s.size() >= 20 && ValidDate(std::string_view(s).substr(0, 10)) && s[10] == 'T' && s[13] == ':' &&
            s[16] == ':' && Digits(s, 11, 2) && Digits(s, 14, 2) && Digits(s, 17, 2) && s.back() == 'Z' &&
            Number(s, 11, 2) < 24 && Number(s, 14, 2) < 60 && Number(s, 17, 2) < 60;
  std::string millis = "000";
  if (ok && s.size() > 20) {
    const size_t frac = s.size() - 21;  // digits between '.' and 'Z'
    ok = s[19] == '.' && frac >= 1 && frac <= 9 && Digits(s, 20, frac);
    if (ok) millis = (s.substr(20, frac) + "00").substr(0, 3);
  }
  if (!ok) {
    AddError(std::string(field), "must be a UTC time as YYYY-MM-DDTHH:MM:SSZ");
    return std::nullopt;
  }
  return s.substr(0, 19) + "." + millis + "Z";
}

std::vector<nlohmann::json> BodyReader::Array(std::string_view field, size_t max, bool* present) {
  const auto* v = Get(field);
  if (present) *present = v != nullptr && !v->is_null();
  if (v == nullptr || v->is_null()) return {};
  if (!v->is_array()) {
    AddError(std::string(field), "must be an array");
    return {};
  }
  if (v->size() > max) {
    AddError(std::string(field), "must have at most " + std::to_string(max) + " entries");
    return {};
  }
  return std::vector<nlohmann::json>(v->begin(), v->end());
}

std::vector<std::string> BodyReader::EnumArray(std::string_view field, const std::vector<std::string_view>& choices) {
  std::vector<std::string> out;
  const auto values = Array(field, choices.size() * 2 + 8);
  for (size_t i = 0; i < values.size(); ++i) {
    const auto& v = values[i];
    if (!v.is_string() || std::find(choices.begin(), choices.end(), v.get<std::string>()) == choices.end()) {
      AddError(Element(field, i).substr(prefix_.empty() ? 0 : prefix_.size() + 1),
               "must be one of: " + ChoiceList(choices));
      continue;
    }
    if (std::find(out.begin(), out.end(), v.get<std::string>()) != out.end()) {
      AddError(Element(field, i).substr(prefix_.empty() ? 0 : prefix_.size() + 1), "is listed twice");
      continue;
    }
    out.push_back(v.get<std::string>());
  }
  return out;
}

Status BodyReader::Finish() {
  if (!parse_error_.ok()) return parse_error_;
  for (auto it = doc_.begin(); it != doc_.end(); ++it) {
    if (!seen_.count(it.key())) AddError(it.key(), "is not a known field");
  }
  if (!errors_.empty()) return ValidationFailed(errors_);
  return Status::Ok();
}

}  // namespace kinship::http

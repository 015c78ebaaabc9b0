#include "http/json_body.h"

#include <algorithm>

namespace kinship::http {

static std::string Trim(std::string s) {
  const auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

static bool HasControlCharacters(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
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
  errors_.push_back({std::move(field), std::move(message)});
}

static std::optional<std::string> CheckString(BodyReader& r, std::string_view field,
                                              const nlohmann::json& v, const StringRule& rule) {
  if (!v.is_string()) {
    r.AddError(std::string(field), "must be a string");
    return std::nullopt;
  }
  std::string s = v.get<std::string>();
  if (rule.trim) s = Trim(std::move(s));
  if (HasControlCharacters(s)) {
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

Status BodyReader::Finish() {
  if (!parse_error_.ok()) return parse_error_;
  for (auto it = doc_.begin(); it != doc_.end(); ++it) {
    if (!seen_.count(it.key())) AddError(it.key(), "is not a known field");
  }
  if (!errors_.empty()) return ValidationFailed(errors_);
  return Status::Ok();
}

}  // namespace kinship::http

#include "participants/codes.h"

#include <algorithm>
#include <cstdint>

#include "core/text.h"

namespace kinship::participants {

namespace {

// ASCII for U+00C0..U+00FF ("" for × and ÷, which are not letters).
constexpr const char* kLatin1[64] = {
    "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I",   // C0..CF
    "D", "N", "O", "O", "O", "O", "O",  "",  "O", "U", "U", "U", "U", "Y", "TH", "SS",  // D0..DF
    "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I",   // E0..EF
    "D", "N", "O", "O", "O", "O", "O",  "",  "O", "U", "U", "U", "U", "Y", "TH", "Y"};  // F0..FF

// ASCII for U+0100..U+017F, one letter each; '?' marks the ligatures handled apart (Ĳ ĳ Œ œ).
constexpr std::string_view kLatinExtendedA =
    "AAAAAACCCCCCCCDDDDEEEEEEEEEEGGGGGGGGHHHHIIIIIIIIII??JJKKKLLLLLLLLLLNNNNNNNNNOOOOOO??RRRRRRSSSSSSSSTTTTTTUUUUUUUUU"
    "UUUWWYYYZZZZZZS";
static_assert(kLatinExtendedA.size() == 128);

// Appends the ASCII letters for one code point (nothing for a non-letter).
void FoldCodePoint(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    const char c = static_cast<char>(cp);
    if (c >= 'a' && c <= 'z') out->push_back(static_cast<char>(c - 'a' + 'A'));
    if (c >= 'A' && c <= 'Z') out->push_back(c);
    return;
  }
  if (cp >= 0xC0 && cp <= 0xFF) {
    out->append(kLatin1[cp - 0xC0]);
    return;
  }
  if (cp >= 0x100 && cp <= 0x17F) {
    if (cp == 0x132 || cp == 0x133) {
      out->append("IJ");
    } else if (cp == 0x152 || cp == 0x153) {
      out->append("OE");
    } else {
      out->push_back(kLatinExtendedA[cp - 0x100]);
    }
    return;
  }
  if (cp == 0x218 || cp == 0x219) return out->push_back('S');  // Ș ș
  if (cp == 0x21A || cp == 0x21B) return out->push_back('T');  // Ț ț
}

std::string Trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

bool HasControlCharacters(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7F;
  });
}

bool IsName(std::string_view answer) { return answer == "mother_first_name" || answer == "father_first_name"; }

std::string Pad(std::string s, size_t width) {
  s.resize(width, '9');
  return s;
}

std::string TwoDigits(int64_t n) {
  std::string s = std::to_string(n % 100);
  return s.size() == 1 ? "0" + s : s;
}

// The part's text from a validated answer; letters is NormaliseName of a name answer.
std::string TakeFrom(const programs::UicPart& part, const nlohmann::json& value) {
  if (IsName(part.answer)) {
    const std::string letters = NormaliseName(value.get<std::string>());
    if (part.take == "first1") return Pad(letters.substr(0, 1), 1);
    if (part.take == "first2") return Pad(letters.substr(0, 2), 2);
    if (part.take == "first3") return Pad(letters.substr(0, 3), 3);
    return Pad(letters.size() >= 2 ? letters.substr(letters.size() - 2) : letters, 2);  // last2
  }
  if (part.answer == "gender") return NormaliseName(value.get<std::string>());
  const int64_t n = value.get<int64_t>();
  if (part.answer == "birth_year" && part.take == "4digits") return std::to_string(n);
  return TwoDigits(n);  // day, month, or the year's last two digits
}

// Returns the error message for one answer's value, or "" when it is valid.
std::string CheckAnswer(std::string_view answer, const nlohmann::json& v) {
  if (v.is_null()) return "is required";
  if (IsName(answer) || answer == "gender") {
    if (!v.is_string()) return "must be a string";
    const std::string s = Trim(v.get<std::string>());
    if (HasControlCharacters(s)) return "must not contain control characters";
    if (answer == "gender") {
      return Utf8Length(s) == 1 && NormaliseName(s).size() == 1 ? "" : "must be exactly one letter";
    }
    if (s.empty()) return "must not be empty";
    if (Utf8Length(s) > 60) return "must be at most 60 characters";
    return "";
  }
  int64_t min = 1, max = 31;
  if (answer == "birth_month") max = 12;
  if (answer == "birth_year") min = 1900, max = 2100;
  const std::string range = "must be between " + std::to_string(min) + " and " + std::to_string(max);
  if (!v.is_number_integer()) return "must be a whole number";
  if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(max)) return range;
  const int64_t n = v.get<int64_t>();
  return n < min || n > max ? range : "";
}

}  // namespace

std::string NormaliseName(std::string_view name) {
  std::string out;
  size_t i = 0;
  while (i < name.size()) {
    const auto c = static_cast<unsigned char>(name[i]);
    size_t n = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      n = 0, cp = c;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3, cp = c & 0x07;
    } else {
      ++i;  // a stray continuation byte: not a letter
      continue;
    }
    if (i + n >= name.size()) break;  // a truncated sequence at the end
    for (size_t k = 1; k <= n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(name[i + k]) & 0x3F);
    FoldCodePoint(cp, &out);
    i += n + 1;
  }
  return out;
}

Result<std::vector<std::string>> UicParts(const nlohmann::json& answers, const std::vector<programs::UicPart>& formula,
                                          const std::string& prefix) {
  if (!answers.is_object()) return FieldInvalid(prefix, "must be an object");
  std::vector<FieldError> errors;
  std::vector<std::string> parts;
  for (const auto& part : formula) {
    auto it = answers.find(part.answer);
    const std::string message = it == answers.end() ? "is required" : CheckAnswer(part.answer, *it);
    if (!message.empty()) {
      errors.push_back({prefix + "." + part.answer, message});
      continue;
    }
    parts.push_back(TakeFrom(part, *it));
  }
  for (auto it = answers.begin(); it != answers.end(); ++it) {
    const bool used = std::any_of(formula.begin(), formula.end(), [&](const auto& p) { return p.answer == it.key(); });
    if (used) continue;
    const bool known = std::find(programs::kUicAnswers.begin(), programs::kUicAnswers.end(), it.key()) !=
                       programs::kUicAnswers.end();
    errors.push_back({prefix + "." + it.key(), known ? "is not part of this program's code" : "is not a known field"});
  }
  if (!errors.empty()) return ValidationFailed(std::move(errors));
  return parts;
}

std::string UicString(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += p;
  return out;
}

std::string MaskedUic(const std::vector<std::string>& parts, size_t i) {
  std::string out;
  for (size_t k = 0; k < parts.size(); ++k) out += k == i ? std::string(parts[k].size(), '*') : parts[k];
  return out;
}

std::string CodeHash(const crypto::Key& key, std::string_view salt, std::string_view kind, std::string_view code) {
  std::string data;
  data.reserve(salt.size() + kind.size() + code.size() + 2);
  data.append(salt).append("|").append(kind).append("|").append(code);
  return crypto::KeyedHash(key, data);
}

std::vector<std::pair<std::string, std::string>> NearKeys(const crypto::Key& key, std::string_view salt,
                                                          const std::vector<std::string>& parts) {
  std::vector<std::pair<std::string, std::string>> out;
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string kind = "near" + std::to_string(i);
    out.emplace_back(kind, CodeHash(key, salt, kind, MaskedUic(parts, i)));
  }
  return out;
}

std::string DisplayCodeFromHash(std::string_view hash_hex, int attempt) {
  const auto nibble = [&](size_t i) -> unsigned {
    if (i >= hash_hex.size()) return 0;
    const char c = hash_hex[i];
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return 0;
  };
  const auto bit = [&](size_t b) { return (nibble(b / 4) >> (3 - b % 4)) & 1u; };
  std::string out;
  const size_t start = static_cast<size_t>(attempt) * 30;
  for (size_t ch = 0; ch < 6; ++ch) {
    unsigned v = 0;
    for (size_t k = 0; k < 5; ++k) v = (v << 1) | bit(start + ch * 5 + k);
    if (ch == 3) out.push_back('-');
    out.push_back(kCrockford[v]);
  }
  return out;
}

std::string NewCardCode() {
  const std::string hex = crypto::RandomHex(5);  // 40 bits: 8 base32 characters
  uint64_t bits = 0;
  for (char c : hex) bits = (bits << 4) | static_cast<uint64_t>(c <= '9' ? c - '0' : c - 'a' + 10);
  std::string chars;
  for (int i = 7; i >= 0; --i) chars.push_back(kCrockford[(bits >> (i * 5)) & 31u]);
  return "C-" + chars.substr(0, 4) + "-" + chars.substr(4);
}

std::optional<std::string> ParseCardCode(std::string_view typed) {
  // "C-" or "C " before the rest means the prefix was typed: the rest must then be whole.
  bool prefixed = typed.size() >= 2 && (typed[0] == 'C' || typed[0] == 'c') && (typed[1] == '-' || typed[1] == ' ');
  if (prefixed) typed.remove_prefix(2);
  std::string s;
  for (char c : typed) {
    if (c == '-' || c == ' ') continue;
    if (s.size() > 16) return std::nullopt;
    s.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  if (!prefixed && s.size() == 9 && s[0] == 'C') s.erase(0, 1);
  if (s.size() != 8) return std::nullopt;
  for (char& c : s) {
    if (c == 'I' || c == 'L') c = '1';
    if (c == 'O') c = '0';
    if (kCrockford.find(c) == std::string_view::npos) return std::nullopt;
  }
  return "C-" + s.substr(0, 4) + "-" + s.substr(4);
}

}  // namespace kinship::participants

// Participant codes without names: the unique identifier code (UIC) built from a few answers
// a person can give the same way every visit, and random card codes. Everything here is pure
// (no I/O): the store keeps only keyed hashes of what these functions build.
//
// A UIC is the concatenation of the program's formula parts, each of a fixed width, e.g. the
// default formula (mother's first name first2, birth_day 2digits, birth_year last2, gender
// letter) gives "MA0785F" for Maria / 7 / 1985 / F. Names are folded to ASCII (É → E, ß → SS,
// Ø → O), reduced to their letters and upper-cased; a name with fewer letters than a part takes
// is padded with '9' ("Al" with first3 → "AL9", a name with no Latin letters → "999"), the
// "unknown" filler many UIC schemes use, so every part keeps its width and parts never shift.
//
//   auto parts = UicParts(answers_json, settings.uic_formula);   // field errors name the answer
//   std::string hash = CodeHash(key, salt, "uic", UicString(*parts));
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.h"
#include "core/status.h"
#include "programs/program_settings.h"

namespace kinship::participants {

// Folds accented Latin letters (Latin-1 Supplement, Latin Extended-A, and Romanian ș/ț) to
// ASCII, drops everything that is not a letter A–Z, and upper-cases: "Zoë-Ànne" → "ZOEANNE".
std::string NormaliseName(std::string_view name);

// Validates the answers object against the formula and returns the formula's parts in order
// (each part's text, fixed width). kValidation with one error per bad answer, named
// "<prefix>.<answer>" ("answers.birth_day: must be between 1 and 31"), never quoting a value:
// a missing answer is "is required", an answer the formula does not use "is not part of this
// program's code". kValidation on prefix itself when answers is not an object.
Result<std::vector<std::string>> UicParts(const nlohmann::json& answers, const std::vector<programs::UicPart>& formula,
                                          const std::string& prefix = "answers");

// The UIC: the parts concatenated.
std::string UicString(const std::vector<std::string>& parts);

// The UIC with part i masked by '*' (same width): two codes whose answers differ only in part
// i share it.
std::string MaskedUic(const std::vector<std::string>& parts, size_t i);

// The stored key of a code: keyed BLAKE2b of salt + "|" + kind + "|" + code, in hex. kind is
// "uic", "card" or "near<i>" (for MaskedUic(parts, i)).
std::string CodeHash(const crypto::Key& key, std::string_view salt, std::string_view kind, std::string_view code);

// The near keys of a UIC, one per part: {"near0", hash}, {"near1", hash}, ...
std::vector<std::pair<std::string, std::string>> NearKeys(const crypto::Key& key, std::string_view salt,
                                                          const std::vector<std::string>& parts);

// The short code shown for a UIC participant, "K7Q-3FX": 6 Crockford base32 characters taken
// from the code's hash (hex). attempt 0 uses the first 30 bits, attempt n the n-th next 30 bits,
// so a rare collision with another participant's display code is resolved deterministically.
// attempt must be below 8.
std::string DisplayCodeFromHash(std::string_view hash_hex, int attempt = 0);

// A new random card code "C-XXXX-XXXX" (8 Crockford base32 characters, 40 random bits).
std::string NewCardCode();
// A card code as typed: case-insensitive, dashes and spaces optional, the "C" prefix optional
// (but when typed as "C-" the 8 characters after it must all be there),
// and the Crockford look-alikes I/L read as 1 and O as 0. Returns the canonical "C-XXXX-XXXX",
// or nullopt when it cannot be one.
std::optional<std::string> ParseCardCode(std::string_view typed);

// The Crockford base32 alphabet (no I, L, O, U).
inline constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

}  // namespace kinship::participants

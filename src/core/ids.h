// Identifiers: UUIDv7 strings (time-ordered, so they sort by creation and a phone can make
// them offline) and a validator for ids that arrive from outside.
#pragma once

#include <string>
#include <string_view>

namespace kinship {

// Returns a new random UUIDv7 in lower-case canonical form, e.g.
// "019372a4-5c1e-7d2a-9b3c-1f2e3d4c5b6a".
std::string NewId();

// True when s is a canonical lower- or upper-case UUID (any version) of 36 characters.
bool IsValidId(std::string_view s);

}  // namespace kinship

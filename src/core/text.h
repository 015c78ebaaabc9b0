// Small text helpers shared by validation code in every layer.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace kinship {

// Number of Unicode code points in valid UTF-8 text (what a person counts as characters).
inline size_t Utf8Length(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace kinship

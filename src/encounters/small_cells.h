// Small-cell suppression for aggregates shown to researchers: a count from 1 to 4 could point
// at a person, so it is shown as the string "<5" instead. Within a group of cells whose
// total is shown too (sites of a dashboard, days of a week), one suppressed cell could be
// recovered by subtraction, so the smallest other non-zero cell is suppressed with it
// (complementary suppression).
//
//   SuppressInGroup({12, 3, 9})  // {false, true, true}: 3 is small, 9 hides it
//   SmallCell(3, true)           // "<5"
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

namespace kinship::encounters {

inline constexpr int64_t kSmallCellThreshold = 5;

// True for a count that must not be shown (1 to threshold - 1).
inline bool IsSmallCell(int64_t n) { return n > 0 && n < kSmallCellThreshold; }

// n as JSON: the number, or "<5" when suppress is set.
nlohmann::json SmallCell(int64_t n, bool suppress);

// Which cells of a group to suppress: every small cell, and, when exactly one cell is
// suppressed that way, the smallest other non-zero cell as well.
std::vector<bool> SuppressInGroup(const std::vector<int64_t>& cells);

}  // namespace kinship::encounters

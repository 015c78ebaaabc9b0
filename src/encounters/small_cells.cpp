#include "encounters/small_cells.h"

namespace kinship::encounters {

nlohmann::json SmallCell(int64_t n, bool suppress) {
  if (suppress) return "<" + std::to_string(kSmallCellThreshold);
  return n;
}

std::vector<bool> SuppressInGroup(const std::vector<int64_t>& cells) {
  std::vector<bool> out(cells.size(), false);
  size_t suppressed = 0;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (IsSmallCell(cells[i])) out[i] = true, ++suppressed;
  }
  if (suppressed != 1) return out;
  size_t pick = cells.size();
  for (size_t i = 0; i < cells.size(); ++i) {
    if (out[i] || cells[i] <= 0) continue;
    if (pick == cells.size() || cells[i] < cells[pick]) pick = i;
  }
  if (pick < cells.size()) out[pick] = true;
  return out;
}

}  // namespace kinship::encounters

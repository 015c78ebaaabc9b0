// libFuzzer target: the CSV parser behind every import. It must never crash or hang, and
// whatever it accepts must survive a round trip through the writer.
#include <cstdint>
#include <string_view>

#include "core/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto table = kinship::ParseCsv(text, {.max_rows = 200, .max_columns = 20, .max_cell_chars = 200});
  if (!table.ok()) return 0;
  for (const auto& row : table->rows) {
    if (row.cells.size() != table->header.size()) __builtin_trap();
  }
  // The writer defuses formulas by putting ' before =, +, -, @, tab or CR, so "+x" and "'+x"
  // both write as "'+x": header names that start so may collide on the way back (a table the
  // parser rightly refuses). Kinship's own headers never start so (fixed names, "item:...").
  for (const auto& name : table->header) {
    if (!name.empty() && std::string_view("=+-@\t\r'").find(name[0]) != std::string_view::npos) return 0;
  }
  kinship::CsvWriter w;
  w.Row(table->header);
  for (const auto& row : table->rows) w.Row(row.cells);
  auto again = kinship::ParseCsv(w.text(), {.max_rows = 200, .max_columns = 20, .max_cell_chars = 1000});
  if (!again.ok() || again->rows.size() != table->rows.size()) __builtin_trap();
  return 0;
}

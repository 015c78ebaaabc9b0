// CSV as RFC 4180 describes it: the importers (catalog, lots, encounters) and the stats
// CLI read it with ParseCsv, the exporters write it with CsvWriter.
//
//   auto table = ParseCsv(text, {.max_rows = 100000});
//   if (!table.ok()) return table.status();        // names the line and why
//   for (const auto& row : table->rows) Use(row.line, row.cells);
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace kinship {

struct CsvLimits {
  size_t max_rows = 100000;      // data rows, header excluded
  size_t max_columns = 200;
  size_t max_cell_chars = 2000;  // bytes
};

struct CsvRow {
  size_t line = 0;  // 1-based line in the text where the row starts (the header is line 1)
  std::vector<std::string> cells;
};

struct CsvTable {
  std::vector<std::string> header;  // trimmed
  std::vector<CsvRow> rows;         // blank lines skipped
  // Index of a header column (case-insensitive), or -1.
  int Column(std::string_view name) const;
};

// Parses text with a header row. Accepts LF or CRLF, a UTF-8 byte-order mark, quoted cells
// with "" for a quote and embedded newlines. kInvalidArgument naming the line for an
// unterminated quote, invalid UTF-8, a row with a different number of cells than the
// header, duplicate or empty header names, or a limit exceeded.
Result<CsvTable> ParseCsv(std::string_view text, const CsvLimits& limits = {});

// Writes CSV with CRLF line ends. Text cells that a spreadsheet would run as a formula
// (starting with =, +, -, @, tab or CR) are prefixed with ' so exports cannot carry one.
class CsvWriter {
 public:
  void Row(const std::vector<std::string>& cells);
  // A number cell is written as is (negative numbers keep their sign).
  static std::string Number(long long n) { return std::to_string(n); }
  const std::string& text() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

// The text cell as CsvWriter would write it (quoted when needed, formulas defused).
std::string CsvCell(std::string_view cell);

}  // namespace kinship

#include "core/csv.h"

#include <algorithm>
#include <cctype>

#include "core/text.h"

namespace kinship {

namespace {

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return std::string(s.substr(b, e - b));
}

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Status LineError(size_t line, const std::string& why) {
  return InvalidArgument("CSV line " + std::to_string(line) + ": " + why);
}

bool IsNumber(std::string_view s) {
  if (s.empty()) return false;
  size_t i = s[0] == '-' ? 1 : 0;
  if (i == s.size()) return false;
  bool dot = false;
  for (; i < s.size(); ++i) {
    if (s[i] == '.' && !dot) {
      dot = true;
    } else if (!std::isdigit(static_cast<unsigned char>(s[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

int CsvTable::Column(std::string_view name) const {
  const std::string want = Lower(std::string(name));
  for (size_t i = 0; i < header.size(); ++i) {
    if (Lower(header[i]) == want) return static_cast<int>(i);
  }
  return -1;
}

Result<CsvTable> ParseCsv(std::string_view text, const CsvLimits& limits) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (!IsValidUtf8(text)) return InvalidArgument("CSV: the text is not valid UTF-8");
  CsvTable table;
  std::vector<std::vector<std::string>> records;
  std::vector<size_t> starts;
  std::vector<std::string> cells;
  std::string cell;
  size_t line = 1, record_line = 1;
  size_t i = 0;
  bool any = false;     // the current record has content
  bool quoted = false;  // the current record has a quoted cell
  const auto end_cell = [&]() -> Status {
    if (cell.size() > limits.max_cell_chars) {
      return LineError(record_line, "a cell is longer than " + std::to_string(limits.max_cell_chars) + " bytes");
    }
    cells.push_back(std::move(cell));
    cell.clear();
    if (cells.size() > limits.max_columns) {
      return LineError(record_line, "more than " + std::to_string(limits.max_columns) + " columns");
    }
    return Status::Ok();
  };
  const auto end_record = [&]() -> Status {
    KINSHIP_RETURN_IF_ERROR(end_cell());
    // A line of nothing but spaces is blank too (a quoted "" is a real, empty cell).
    const bool blank = cells.size() == 1 && !quoted && Trim(cells[0]).empty();
    if (!blank) {
      if (records.size() > limits.max_rows) {
        return InvalidArgument("CSV: more than " + std::to_string(limits.max_rows) + " rows");
      }
      records.push_back(std::move(cells));
      starts.push_back(record_line);
    }
    cells.clear();
    any = false;
    quoted = false;
    return Status::Ok();
  };
  while (i < text.size()) {
    const char c = text[i];
    if (c == '"' && cell.empty()) {
      // A quoted cell.
      any = quoted = true;
      ++i;
      for (;;) {
        if (i >= text.size()) return LineError(record_line, "a quoted cell is not closed");
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            cell.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (text[i] == '\n') ++line;
        cell.push_back(text[i++]);
        if (cell.size() > limits.max_cell_chars) {
          return LineError(record_line, "a cell is longer than " + std::to_string(limits.max_cell_chars) + " bytes");
        }
      }
      // After the closing quote: spaces, then a separator or the end of the line.
      while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
      if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
        return LineError(record_line, "text after a closing quote");
      }
      continue;
    }
    if (c == ',') {
      any = true;
      KINSHIP_RETURN_IF_ERROR(end_cell());
      ++i;
    } else if (c == '\r' || c == '\n') {
      KINSHIP_RETURN_IF_ERROR(end_record());
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++i;
      ++line;
      record_line = line;
    } else {
      any = true;
      cell.push_back(c);
      ++i;
    }
  }
  if (any || !cell.empty() || !cells.empty()) KINSHIP_RETURN_IF_ERROR(end_record());
  if (records.empty()) return InvalidArgument("CSV: there is no header row");
  for (auto& h : records[0]) table.header.push_back(Trim(h));
  // Byte-order marks (spreadsheets write one) belong to no column name.
  while (table.header[0].rfind("\xEF\xBB\xBF", 0) == 0) table.header[0] = Trim(table.header[0].substr(3));
  for (size_t c = 0; c < table.header.size(); ++c) {
    if (table.header[c].empty()) return LineError(starts[0], "column " + std::to_string(c + 1) + " has no name");
    for (size_t d = 0; d < c; ++d) {
      if (Lower(table.header[d]) == Lower(table.header[c])) {
        return LineError(starts[0], "the column \"" + table.header[c] + "\" appears twice");
      }
    }
  }
  for (size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() != table.header.size()) {
      return LineError(starts[r], "has " + std::to_string(records[r].size()) + " cells but the header has " +
                                      std::to_string(table.header.size()));
    }
    CsvRow row{starts[r], {}};
    for (auto& v : records[r]) row.cells.push_back(Trim(v));
    table.rows.push_back(std::move(row));
  }
  return table;
}

std::string CsvCell(std::string_view cell) {
  std::string s(cell);
  if (!s.empty() && !IsNumber(s) && std::string_view("=+-@\t\r").find(s[0]) != std::string_view::npos) {
    s.insert(s.begin(), '\'');
  }
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

void CsvWriter::Row(const std::vector<std::string>& cells) {
  if (cells.size() == 1 && cells[0].empty()) {
    out_ += "\"\"\r\n";  // an empty one-cell row must not read back as a blank line
    return;
  }
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) out_.push_back(',');
    out_ += CsvCell(cells[i]);
  }
  out_ += "\r\n";
}

}  // namespace kinship

#include "research/stats_rows.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/csv.h"
#include "core/text.h"

namespace kinship::research {
namespace {

bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

StatsRows StatsRows::FromJson(const std::vector<nlohmann::json>& elements, std::string name) {
  StatsRows rows;
  rows.name_ = std::move(name);
  for (const nlohmann::json& element : elements) {
    rows.rows_.push_back(element.is_object() ? element : nlohmann::json::object());
    if (!element.is_object()) continue;
    for (const auto& [key, value] : element.items()) {
      if (!rows.HasColumn(key)) rows.columns_.push_back(key);
    }
  }
  return rows;
}

StatsRows StatsRows::FromCsv(std::string_view text, std::vector<FieldError>& errors) {
  StatsRows rows;
  rows.from_csv_ = true;
  rows.name_ = "csv";
  Result<CsvTable> table = ParseCsv(text, {.max_rows = 100000, .max_columns = 100, .max_cell_chars = 200});
  if (!table.ok()) {
    errors.push_back({"csv", table.status().message()});
    return rows;
  }
  rows.columns_ = table->header;
  for (const CsvRow& row : table->rows) {
    nlohmann::json object = nlohmann::json::object();
    for (std::size_t c = 0; c < row.cells.size() && c < rows.columns_.size(); ++c) {
      object[rows.columns_[c]] = std::string(TrimView(row.cells[c]));
    }
    rows.rows_.push_back(std::move(object));
    rows.lines_.push_back(row.line);
  }
  return rows;
}

bool StatsRows::HasColumn(std::string_view column) const {
  return std::any_of(columns_.begin(), columns_.end(), [&](const std::string& c) { return SameName(c, column); });
}

const nlohmann::json* StatsRows::Cell(std::size_t row, std::string_view column) const {
  for (const auto& [key, value] : rows_[row].items()) {
    if (SameName(key, column)) return &value;
  }
  return nullptr;
}

std::string StatsRows::Where(std::size_t row) const {
  if (from_csv_) return "line " + std::to_string(lines_[row]);
  return name_ + "[" + std::to_string(row) + "]";
}

void StatsRows::AddError(std::size_t row, std::string_view column, std::string message,
                         std::vector<FieldError>& errors) const {
  if (errors.size() >= 50) return;  // enough to fix a file; the rest would only repeat
  if (from_csv_) {
    errors.push_back({"csv", "line " + std::to_string(lines_[row]) + ", column " + std::string(column) + ": " + message});
  } else {
    errors.push_back({Where(row) + "." + std::string(column), std::move(message)});
  }
}

FieldError StatsRows::Translate(const FieldError& e, std::string_view library_prefix) const {
  // "studies[12].events" → row 12, column "events".
  const std::string prefix = std::string(library_prefix) + "[";
  if (e.field.rfind(prefix, 0) != 0) return e;
  const std::size_t close = e.field.find(']', prefix.size());
  const std::size_t dot = e.field.find('.', close == std::string::npos ? 0 : close);
  if (close == std::string::npos || dot == std::string::npos) return e;
  std::size_t row = 0;
  const char* first = e.field.data() + prefix.size();
  if (std::from_chars(first, e.field.data() + close, row).ec != std::errc() || row >= rows_.size()) return e;
  std::vector<FieldError> one;
  AddError(row, e.field.substr(dot + 1), e.message, one);
  return one.empty() ? e : one.front();
}

std::optional<long long> StatsRows::Count(std::size_t row, std::string_view column,
                                          std::vector<FieldError>& errors) const {
  const nlohmann::json* cell = Cell(row, column);
  if (cell == nullptr || cell->is_null() || (cell->is_string() && cell->get<std::string>().empty())) {
    AddError(row, column, "is required", errors);
    return std::nullopt;
  }
  long long value = -1;
  bool ok = false;
  if (cell->is_number_integer()) {
    ok = !cell->is_number_unsigned() || cell->get<unsigned long long>() <= 1'000'000'000'000ULL;
    if (ok) value = cell->get<long long>();
  } else if (cell->is_string()) {
    const std::string& s = cell->get_ref<const std::string&>();
    const auto result = std::from_chars(s.data(), s.data() + s.size(), value);
    ok = result.ec == std::errc() && result.ptr == s.data() + s.size();
  }
  if (!ok) {
    AddError(row, column, "must be a whole number", errors);
    return std::nullopt;
  }
  if (value < 0) {
    AddError(row, column, "must not be negative", errors);
    return std::nullopt;
  }
  if (value > 1'000'000'000'000LL) {
    AddError(row, column, "is too large (at most 10^12)", errors);
    return std::nullopt;
  }
  return value;
}

std::optional<double> StatsRows::Number(std::size_t row, std::string_view column, bool required,
                                        std::vector<FieldError>& errors) const {
  const nlohmann::json* cell = Cell(row, column);
  if (cell == nullptr || cell->is_null() || (cell->is_string() && cell->get<std::string>().empty())) {
    if (required) AddError(row, column, "is required", errors);
    return std::nullopt;
  }
  double value = 0;
  bool ok = false;
  if (cell->is_number()) {
    value = cell->get<double>();
    ok = true;
  } else if (cell->is_string()) {
    const std::string& s = cell->get_ref<const std::string&>();
    const auto result = std::from_chars(s.data(), s.data() + s.size(), value);
    ok = result.ec == std::errc() && result.ptr == s.data() + s.size();
  }
  if (!ok || !std::isfinite(value)) {
    AddError(row, column, "must be a number", errors);
    return std::nullopt;
  }
  return value;
}

std::string StatsRows::Text(std::size_t row, std::string_view column) const {
  const nlohmann::json* cell = Cell(row, column);
  if (cell == nullptr || cell->is_null()) return "";
  if (cell->is_string()) return cell->get<std::string>();
  if (cell->is_number_integer()) return std::to_string(cell->get<long long>());
  if (cell->is_number()) return FormatNumber(cell->get<double>());
  return cell->dump();
}

}  // namespace kinship::research

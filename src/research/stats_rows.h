// The rows of a statistics request, from either of its two forms: a JSON array of objects
// (`"studies": [{"study": "A", "events": 3, "total": 17}]`) or CSV text with a header row
// (`"csv": "study,events,total\nA,3,17"`). Readers take a row's cell by column name and
// record errors that name the array element ("studies[2].events") or the CSV line and
// column ("csv": "line 4, column events: …").
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace kinship::research {

class StatsRows {
 public:
  // From a JSON array field `name` (each element an object); errors go to `errors`.
  static StatsRows FromJson(const std::vector<nlohmann::json>& elements, std::string name);
  // From CSV text; a CSV that cannot be parsed is one error on "csv".
  static StatsRows FromCsv(std::string_view text, std::vector<FieldError>& errors);

  std::size_t size() const { return rows_.size(); }
  bool from_csv() const { return from_csv_; }
  // Column names: the CSV header, or the keys of the JSON objects in order of first use.
  const std::vector<std::string>& columns() const { return columns_; }
  bool HasColumn(std::string_view column) const;

  // A whole number ≥ 0 (JSON integer, or CSV digits); nullopt and an error otherwise.
  std::optional<long long> Count(std::size_t row, std::string_view column, std::vector<FieldError>& errors) const;
  // A finite number; empty cell / absent → nullopt without error when optional.
  std::optional<double> Number(std::size_t row, std::string_view column, bool required,
                               std::vector<FieldError>& errors) const;
  // The cell as text ("" when absent); numbers are written as they were given.
  std::string Text(std::size_t row, std::string_view column) const;
  // Where a row is, for messages: "studies[2]" or "line 4".
  std::string Where(std::size_t row) const;
  // Adds an error about a row's column.
  void AddError(std::size_t row, std::string_view column, std::string message, std::vector<FieldError>& errors) const;
  // Maps a library error like "studies[2].events" to this row's field ("csv" with the line).
  FieldError Translate(const FieldError& e, std::string_view library_prefix) const;

 private:
  const nlohmann::json* Cell(std::size_t row, std::string_view column) const;

  bool from_csv_ = false;
  std::string name_;                   // the JSON array field, e.g. "studies"
  std::vector<nlohmann::json> rows_;   // objects; CSV cells are strings
  std::vector<std::size_t> lines_;     // CSV line of each row
  std::vector<std::string> columns_;
};

}  // namespace kinship::research

#include "stats/contingency.h"

#include <algorithm>
#include <cmath>

#include "stats/distributions.h"
#include "stats/noncentral_hypergeometric.h"
#include "stats/proportion.h"

namespace kinship::stats {
namespace {

constexpr long long kMaxFisherTotal = 1'000'000;

// The table's margins, computed while checking it (one pass over the cells).
struct Margins {
  std::vector<long long> rows;
  std::vector<long long> columns;
  long long total = 0;
};

Result<Margins> CheckTable(const CountTable& table) {
  if (table.size() < 2) return FieldInvalid("table", "needs at least 2 rows");
  const std::size_t columns = table.front().size();
  if (columns < 2) return FieldInvalid("table", "needs at least 2 columns");
  Margins m;
  m.rows.resize(table.size(), 0);
  m.columns.resize(columns, 0);
  for (std::size_t r = 0; r < table.size(); ++r) {
    const std::vector<long long>& row = table[r];
    if (row.size() != columns) {
      return FieldInvalid("table", "row " + std::to_string(r + 1) + " has " + std::to_string(row.size()) +
                                       " counts; every row needs " + std::to_string(columns));
    }
    long long row_total = 0;
    bool negative = false;
    for (std::size_t c = 0; c < columns; ++c) {
      negative = negative || row[c] < 0;
      row_total += row[c];
      m.columns[c] += row[c];
    }
    if (negative) return FieldInvalid("table", "counts must not be negative");
    if (row_total == 0) return FieldInvalid("table", "row " + std::to_string(r + 1) + " has no counts");
    m.rows[r] = row_total;
    m.total += row_total;
  }
  for (std::size_t c = 0; c < columns; ++c) {
    if (m.columns[c] == 0) return FieldInvalid("table", "column " + std::to_string(c + 1) + " has no counts");
  }
  return m;
}

}  // namespace

Result<ChiSquareResult> ChiSquareTest(const CountTable& table, bool yates) {
  KINSHIP_ASSIGN_OR_RETURN(const Margins margins, CheckTable(table));
  const std::size_t rows = table.size();
  const std::size_t columns = table.front().size();
  const auto n = static_cast<double>(margins.total);
  std::vector<double> column_totals(columns), inverse_columns(columns);
  for (std::size_t c = 0; c < columns; ++c) {
    column_totals[c] = static_cast<double>(margins.columns[c]);
    inverse_columns[c] = 1 / column_totals[c];
  }
  ChiSquareResult out;
  out.df = static_cast<int>((rows - 1) * (columns - 1));
  out.expected.resize(rows);
  // R: YATES = min(0.5, |O − E|); in a 2×2 table |O − E| is the same in every cell.
  double correction = 0;
  if (yates && rows == 2 && columns == 2) {
    out.yates = true;
    const double e00 = static_cast<double>(margins.rows[0]) * column_totals[0] / n;
    correction = std::min(0.5, std::fabs(static_cast<double>(table[0][0]) - e00));
  }
  // E = row total × column total / n as R computes it; (|O − E| − c)² / E with
  // 1/E = n / (row total × column total): no division per cell.
  bool small = false;
  double statistic = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    const auto row_total = static_cast<double>(margins.rows[r]);
    const double row_factor = n / row_total;
    const std::vector<long long>& observed = table[r];
    std::vector<double>& expected = out.expected[r];
    expected.resize(columns);
    double row_sum = 0;
    for (std::size_t c = 0; c < columns; ++c) {
      const double e = row_total * column_totals[c] / n;
      expected[c] = e;
      small |= e < 5;
      const double d = std::fabs(static_cast<double>(observed[c]) - e) - correction;
      row_sum += d * d * inverse_columns[c];
    }
    statistic += row_sum * row_factor;
  }
  out.statistic = statistic;
  out.p_value = ChiSquareUpperTail(statistic, out.df);
  if (small) out.warnings.push_back("Chi-squared approximation may be incorrect");
  return out;
}

Result<FisherResult> FisherExactTest(const CountTable& table, double level) {
  KINSHIP_RETURN_IF_ERROR(CheckTable(table).status());
  if (table.size() != 2 || table[0].size() != 2) return FieldInvalid("table", "Fisher's exact test needs a 2×2 table");
  KINSHIP_RETURN_IF_ERROR(CheckLevel(level));
  const long long a = table[0][0], b = table[0][1], c = table[1][0], d = table[1][1];
  if (a + b + c + d > kMaxFisherTotal) {
    return FieldInvalid("table", "Fisher's exact test is limited to 1,000,000 in all; use the chi-square test");
  }
  // R's parametrisation: m = first column total, n = second column total, k = first row total.
  const NoncentralHypergeometric dist(a + c, b + d, a + b);
  FisherResult out;
  out.p_value = dist.TwoSidedP(a);
  out.p_value_less = dist.LowerTail(a, 0.0);
  out.p_value_greater = dist.UpperTail(a, 0.0);
  out.odds_ratio = dist.ConditionalMle(a);
  const double alpha = (1.0 - level / 100.0) / 2.0;
  out.lower = dist.LowerConfidenceLimit(a, alpha);
  out.upper = dist.UpperConfidenceLimit(a, alpha);
  const double ad = static_cast<double>(a) * static_cast<double>(d);
  const double bc = static_cast<double>(b) * static_cast<double>(c);
  out.sample_odds_ratio = bc > 0 ? ad / bc : (ad > 0 ? INFINITY : 1.0);
  return out;
}

}  // namespace kinship::stats

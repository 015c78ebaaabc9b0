#include "stats/contingency.h"

#include <algorithm>
#include <cmath>

#include "stats/distributions.h"
#include "stats/noncentral_hypergeometric.h"
#include "stats/proportion.h"

namespace kinship::stats {
namespace {

constexpr long long kMaxFisherTotal = 1'000'000;

Status CheckTable(const CountTable& table) {
  if (table.size() < 2) return FieldInvalid("table", "needs at least 2 rows");
  const std::size_t columns = table.front().size();
  if (columns < 2) return FieldInvalid("table", "needs at least 2 columns");
  std::vector<long long> column_totals(columns, 0);
  for (std::size_t r = 0; r < table.size(); ++r) {
    if (table[r].size() != columns) {
      return FieldInvalid("table", "row " + std::to_string(r + 1) + " has " + std::to_string(table[r].size()) +
                                       " counts; every row needs " + std::to_string(columns));
    }
    long long row_total = 0;
    for (std::size_t c = 0; c < columns; ++c) {
      if (table[r][c] < 0) return FieldInvalid("table", "counts must not be negative");
      row_total += table[r][c];
      column_totals[c] += table[r][c];
    }
    if (row_total == 0) return FieldInvalid("table", "row " + std::to_string(r + 1) + " has no counts");
  }
  for (std::size_t c = 0; c < columns; ++c) {
    if (column_totals[c] == 0) return FieldInvalid("table", "column " + std::to_string(c + 1) + " has no counts");
  }
  return Status::Ok();
}

}  // namespace

Result<ChiSquareResult> ChiSquareTest(const CountTable& table, bool yates) {
  KINSHIP_RETURN_IF_ERROR(CheckTable(table));
  const std::size_t rows = table.size();
  const std::size_t columns = table.front().size();
  std::vector<double> row_totals(rows, 0), column_totals(columns, 0);
  double n = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < columns; ++c) {
      const auto x = static_cast<double>(table[r][c]);
      row_totals[r] += x;
      column_totals[c] += x;
      n += x;
    }
  }
  ChiSquareResult out;
  out.df = static_cast<int>((rows - 1) * (columns - 1));
  out.expected.assign(rows, std::vector<double>(columns, 0));
  bool small = false;
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < columns; ++c) {
      out.expected[r][c] = row_totals[r] * column_totals[c] / n;
      small = small || out.expected[r][c] < 5;
    }
  }
  // R: YATES = min(0.5, |O − E|); in a 2×2 table |O − E| is the same in every cell.
  double correction = 0;
  if (yates && rows == 2 && columns == 2) {
    out.yates = true;
    correction = std::min(0.5, std::fabs(static_cast<double>(table[0][0]) - out.expected[0][0]));
  }
  // (|O − E| − c)² / E with 1/E = n / (row total × column total): no division per cell.
  std::vector<double> inverse_columns(columns);
  for (std::size_t c = 0; c < columns; ++c) inverse_columns[c] = 1 / column_totals[c];
  double statistic = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    const double row_factor = n / row_totals[r];
    const std::vector<double>& expected = out.expected[r];
    const std::vector<long long>& observed = table[r];
    double row_sum = 0;
    for (std::size_t c = 0; c < columns; ++c) {
      const double d = std::fabs(static_cast<double>(observed[c]) - expected[c]) - correction;
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
  KINSHIP_RETURN_IF_ERROR(CheckTable(table));
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

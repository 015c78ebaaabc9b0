#include "stats/paired.h"

#include <cmath>
#include <cstdlib>

#include "stats/distributions.h"

namespace kinship::stats {

Result<McNemarResult> McNemarTest(const PairedCounts& counts) {
  std::vector<FieldError> errors;
  if (counts.both_yes < 0) errors.push_back({"both_yes", "must not be negative"});
  if (counts.yes_no < 0) errors.push_back({"yes_no", "must not be negative"});
  if (counts.no_yes < 0) errors.push_back({"no_yes", "must not be negative"});
  if (counts.both_no < 0) errors.push_back({"both_no", "must not be negative"});
  if (!errors.empty()) return ValidationFailed(std::move(errors));
  McNemarResult out;
  out.discordant = counts.yes_no + counts.no_yes;
  if (out.discordant == 0) {
    return FieldInvalid("yes_no", "McNemar's test needs at least one discordant pair (yes_no or no_yes above 0)");
  }
  const double b = static_cast<double>(counts.yes_no);
  const double c = static_cast<double>(counts.no_yes);
  const double discordant = b + c;
  const double difference = std::fabs(b - c);
  out.statistic_uncorrected = difference * difference / discordant;
  out.p_value_uncorrected = ChiSquareUpperTail(out.statistic_uncorrected, 1);
  // R corrects only when the table is not symmetric: (|b − c| − 1)² / (b + c).
  const double corrected = counts.yes_no != counts.no_yes ? difference - 1 : difference;
  out.statistic = corrected * corrected / discordant;
  out.p_value = ChiSquareUpperTail(out.statistic, 1);
  out.exact_p_value = BinomialTwoSidedHalf(counts.yes_no, out.discordant);
  const double n = static_cast<double>(counts.both_yes + counts.yes_no + counts.no_yes + counts.both_no);
  out.before_proportion = (static_cast<double>(counts.both_yes) + b) / n;
  out.after_proportion = (static_cast<double>(counts.both_yes) + c) / n;
  return out;
}

}  // namespace kinship::stats

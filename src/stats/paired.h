// Paired proportions: McNemar's test for before/after answers of the same people (R's
// mcnemar.test with and without continuity correction) and its exact binomial version
// (binom.test on the discordant pairs).
//
//   Result<McNemarResult> r = McNemarTest({.both_yes = 20, .yes_no = 15, .no_yes = 5, .both_no = 60});
#pragma once
#include "core/status.h"

namespace kinship::stats {

struct PairedCounts {
  long long both_yes = 0;  // yes before, yes after
  long long yes_no = 0;    // yes before, no after
  long long no_yes = 0;    // no before, yes after
  long long both_no = 0;   // no before, no after
};

struct McNemarResult {
  double statistic = 0;              // with continuity correction (R's default)
  double p_value = 1;
  double statistic_uncorrected = 0;
  double p_value_uncorrected = 1;
  int df = 1;
  double exact_p_value = 1;          // two-sided binomial test of yes_no among the discordant pairs
  long long discordant = 0;          // yes_no + no_yes
  double before_proportion = 0;      // (both_yes + yes_no) / n
  double after_proportion = 0;       // (both_yes + no_yes) / n
};

// Fails (fields both_yes, yes_no, no_yes, both_no) for a negative count, and (field "yes_no")
// when there is no discordant pair: the test is then undefined (R gives NaN).
Result<McNemarResult> McNemarTest(const PairedCounts& counts);

}  // namespace kinship::stats

// The distribution functions the statistics need, as thin wrappers over Boost.Math so the
// rest of src/stats reads like the formulas. Upper tails are computed as complements, so
// small p-values keep their precision instead of becoming 1 − (1 − p).
#pragma once

namespace kinship::stats {

// Standard normal: P(Z ≤ z), P(Z > z), and the quantile z with P(Z ≤ z) = p (0 < p < 1).
double NormalCdf(double z);
double NormalUpperTail(double z);
double NormalQuantile(double p);
// The two-sided critical value for a confidence level in percent: 95 → 1.959963984540054.
double CriticalZ(double level_percent);
// Two-sided p-value of a standard normal statistic: 2·P(Z > |z|).
double TwoSidedNormalP(double z);

// Chi-square with df degrees of freedom: P(X > x). 1 when x ≤ 0.
double ChiSquareUpperTail(double x, double df);

// Beta(a, b) quantile: the x with P(X ≤ x) = p.
double BetaQuantile(double p, double a, double b);

// Binomial(n, 1/2) two-sided exact p-value for x successes, as R's binom.test(x, n).
double BinomialTwoSidedHalf(long long x, long long n);

}  // namespace kinship::stats

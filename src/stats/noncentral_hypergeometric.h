// Fisher's noncentral hypergeometric distribution of the top-left cell of a 2×2 table with
// fixed margins: the engine behind Fisher's exact test, its conditional MLE odds ratio and
// its exact confidence interval. Densities are kept on the log scale relative to their
// maximum, so tables with n in the hundreds of thousands neither overflow nor underflow.
// The odds ratio is solved on the log scale to about 1e-14, by Newton steps (the slopes are
// the distribution's variance and covariances, from the same sums) kept inside a bracket.
#pragma once
#include <vector>

namespace kinship::stats {

class NoncentralHypergeometric {
 public:
  // m: first column total, n: second column total, k: first row total (as R's fisher.test).
  NoncentralHypergeometric(long long m, long long n, long long k);

  long long lowest() const { return lo_; }
  long long highest() const { return hi_; }

  // P(X ≤ x) and P(X ≥ x) at log odds ratio t.
  double LowerTail(long long x, double t) const;
  double UpperTail(long long x, double t) const;
  // Two-sided p-value at odds ratio 1: the probability of tables no more likely than x.
  double TwoSidedP(long long x) const;
  // The odds ratio whose conditional mean equals x (0 or +infinity at the support's ends).
  double ConditionalMle(long long x) const;
  // Confidence limits of the odds ratio: P(X ≥ x) = alpha and P(X ≤ x) = alpha.
  double LowerConfidenceLimit(long long x, double alpha) const;
  double UpperConfidenceLimit(long long x, double alpha) const;

 private:
  // Fills weights_ with the unnormalised density at log odds ratio t over the window of
  // values that matter (first_ .. last_, indexes into the support); returns their sum. The
  // window keeps every value within e^-50 of the larger of the mode and value `keep`, so
  // the left-out mass is below 1e-17 of any tail sum that includes `keep`.
  double Weigh(double t, long long keep) const;
  // Value and slope in t of the mean and of the tails P(X ≤ x), P(X ≥ x).
  struct Sloped {
    double value;
    double slope;
  };
  Sloped MeanWithSlope(double t) const;
  Sloped TailWithSlope(long long x, double t, bool upper) const;
  // Where the log sample odds ratio (0.5 added to each cell) puts the answer, and its
  // standard error: where the solver starts and how far it first steps.
  double LogOddsGuess(long long x) const;
  double LogOddsStep(long long x) const;

  long long m_ = 0;
  long long n_ = 0;
  long long k_ = 0;
  long long lo_ = 0;
  long long hi_ = 0;
  std::vector<double> log_density_;  // log of the central density at lo_ + i, up to a constant
  std::vector<double> step_;         // density(lo_ + i + 1) / density(lo_ + i) at odds ratio 1
  mutable std::vector<double> weights_;
  mutable std::size_t first_ = 0;
  mutable std::size_t last_ = 0;
};

}  // namespace kinship::stats

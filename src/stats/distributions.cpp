#include "stats/distributions.h"

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>

namespace kinship::stats {
namespace {

const boost::math::normal_distribution<double>& StandardNormal() {
  static const boost::math::normal_distribution<double> kNormal(0.0, 1.0);
  return kNormal;
}

}  // namespace

double NormalCdf(double z) {
  if (std::isinf(z)) return z > 0 ? 1.0 : 0.0;
  return boost::math::cdf(StandardNormal(), z);
}

double NormalUpperTail(double z) {
  if (std::isinf(z)) return z > 0 ? 0.0 : 1.0;
  return boost::math::cdf(boost::math::complement(StandardNormal(), z));
}

double NormalQuantile(double p) { return boost::math::quantile(StandardNormal(), p); }

double CriticalZ(double level_percent) {
  const double alpha = 1.0 - level_percent / 100.0;
  return boost::math::quantile(boost::math::complement(StandardNormal(), alpha / 2.0));
}

double TwoSidedNormalP(double z) { return std::min(1.0, 2.0 * NormalUpperTail(std::fabs(z))); }

double ChiSquareUpperTail(double x, double df) {
  if (!(x > 0)) return 1.0;
  if (std::isinf(x)) return 0.0;
  return boost::math::cdf(boost::math::complement(boost::math::chi_squared_distribution<double>(df), x));
}

double BetaQuantile(double p, double a, double b) {
  return boost::math::quantile(boost::math::beta_distribution<double>(a, b), p);
}

double BinomialTwoSidedHalf(long long x, long long n) {
  // binom.test with p = 1/2: the distribution is symmetric, so the two-sided p-value sums the
  // tail at x and its mirror image n − x (R's relErr rule gives the same set).
  if (n <= 0) return 1.0;
  const long long low = std::min(x, n - x);
  if (2 * low == n) return 1.0;
  const boost::math::binomial_distribution<double> binomial(static_cast<double>(n), 0.5);
  return std::min(1.0, 2.0 * boost::math::cdf(binomial, static_cast<double>(low)));
}

}  // namespace kinship::stats

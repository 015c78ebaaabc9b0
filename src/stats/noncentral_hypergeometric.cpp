#include "stats/noncentral_hypergeometric.h"

#include <algorithm>
#include <boost/math/tools/roots.hpp>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>

namespace kinship::stats {
namespace {

// Solves f(t) = 0 for an increasing f, expanding the bracket from [-1, 1].
double SolveIncreasing(const std::function<double(double)>& f) {
  double a = -1, b = 1;
  double fa = f(a), fb = f(b);
  while (fa > 0 && a > -745) {
    b = a;
    fb = fa;
    a *= 2;
    fa = f(a);
  }
  while (fb < 0 && b < 745) {
    a = b;
    fa = fb;
    b *= 2;
    fb = f(b);
  }
  if (fa == 0) return a;
  if (fb == 0) return b;
  if (fa > 0) return a;  // beyond the representable range: the limit is 0 or infinity
  if (fb < 0) return b;
  std::uintmax_t iterations = 200;
  const auto close = [](double x, double y) { return std::fabs(x - y) <= 1e-14 * std::max(1.0, std::fabs(x)); };
  const auto [low, high] = boost::math::tools::toms748_solve(f, a, b, fa, fb, close, iterations);
  return (low + high) / 2;
}

}  // namespace

NoncentralHypergeometric::NoncentralHypergeometric(long long m, long long n, long long k)
    : lo_(std::max(0LL, k - n)), hi_(std::min(k, m)) {
  // log d(i+1) − log d(i) = log[(m − i)(k − i)] − log[(i + 1)(n − k + i + 1)]; only differences
  // matter because every use normalises.
  const auto size = static_cast<std::size_t>(hi_ - lo_ + 1);
  log_density_.resize(size);
  weights_.resize(size);
  double value = 0;
  log_density_[0] = 0;
  for (std::size_t j = 1; j < size; ++j) {
    const double i = static_cast<double>(lo_ + static_cast<long long>(j) - 1);
    const double up = (static_cast<double>(m) - i) * (static_cast<double>(k) - i);
    const double down = (i + 1) * (static_cast<double>(n - k) + i + 1);
    value += std::log(up / down);
    log_density_[j] = value;
  }
}

double NoncentralHypergeometric::Weigh(double t, long long keep) const {
  const std::size_t size = log_density_.size();
  const auto log_weight = [&](std::size_t j) { return log_density_[j] + t * static_cast<double>(j); };
  // The log density is concave in j, so its steps fall: the mode is the first j whose next
  // step goes down. A binary search finds it without touching the whole support.
  std::size_t low = 0, high = size - 1;
  while (low < high) {
    const std::size_t mid = low + (high - low) / 2;
    if (log_weight(mid + 1) - log_weight(mid) < 0) {
      high = mid;
    } else {
      low = mid + 1;
    }
  }
  const std::size_t mode = low;
  const double top = log_weight(mode);
  const std::size_t kept = keep < lo_ ? mode : static_cast<std::size_t>(std::min(keep, hi_) - lo_);
  const double floor = std::min(top, log_weight(kept)) - 50;
  // The values above the floor are one run around the mode (and up to `keep`).
  first_ = std::min(mode, kept);
  while (first_ > 0 && log_weight(first_ - 1) > floor) --first_;
  last_ = std::max(mode, kept);
  while (last_ + 1 < size && log_weight(last_ + 1) > floor) ++last_;
  double sum = 0;
  for (std::size_t j = first_; j <= last_; ++j) {
    weights_[j] = std::exp(log_weight(j) - top);
    sum += weights_[j];
  }
  return sum;
}

double NoncentralHypergeometric::Mean(double t) const {
  const double sum = Weigh(t, lo_ - 1);  // the mode's window
  double moment = 0;
  for (std::size_t j = first_; j <= last_; ++j) moment += static_cast<double>(j) * weights_[j];
  return static_cast<double>(lo_) + moment / sum;
}

double NoncentralHypergeometric::LowerTail(long long x, double t) const {
  if (x < lo_) return 0;
  if (x >= hi_) return 1;
  const double sum = Weigh(t, x);
  double tail = 0;
  const auto end = static_cast<std::size_t>(x - lo_);
  for (std::size_t j = first_; j <= end && j <= last_; ++j) tail += weights_[j];
  return std::min(1.0, tail / sum);
}

double NoncentralHypergeometric::UpperTail(long long x, double t) const {
  if (x <= lo_) return 1;
  if (x > hi_) return 0;
  const double sum = Weigh(t, x);
  double tail = 0;
  for (std::size_t j = std::max(first_, static_cast<std::size_t>(x - lo_)); j <= last_; ++j) tail += weights_[j];
  return std::min(1.0, tail / sum);
}

double NoncentralHypergeometric::TwoSidedP(long long x) const {
  const double sum = Weigh(0, x);
  const double limit = weights_[static_cast<std::size_t>(x - lo_)] * (1 + 1e-7);
  double p = 0;
  for (std::size_t j = first_; j <= last_; ++j) {
    if (weights_[j] <= limit) p += weights_[j];
  }
  return std::min(1.0, p / sum);
}

double NoncentralHypergeometric::ConditionalMle(long long x) const {
  if (x == lo_) return 0;
  if (x == hi_) return std::numeric_limits<double>::infinity();
  const double target = static_cast<double>(x);
  return std::exp(SolveIncreasing([&](double t) { return Mean(t) - target; }));
}

double NoncentralHypergeometric::LowerConfidenceLimit(long long x, double alpha) const {
  if (x == lo_) return 0;
  return std::exp(SolveIncreasing([&](double t) { return UpperTail(x, t) - alpha; }));
}

double NoncentralHypergeometric::UpperConfidenceLimit(long long x, double alpha) const {
  if (x == hi_) return std::numeric_limits<double>::infinity();
  return std::exp(SolveIncreasing([&](double t) { return alpha - LowerTail(x, t); }));
}

}  // namespace kinship::stats

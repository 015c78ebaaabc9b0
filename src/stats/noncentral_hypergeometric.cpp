#include "stats/noncentral_hypergeometric.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace kinship::stats {
namespace {

// Solves f(t) = 0 for an increasing f whose slope is known, from `guess`: Newton steps while
// they stay inside what is known of the bracket, otherwise steps outwards that double from
// `step` until the sign changes, then bisection. Answers at ±kLimit stand for a log odds
// ratio beyond the representable (an odds ratio of 0 or infinity).
template <typename F>
double SolveIncreasing(const F& f, double guess, double step) {
  constexpr double kLimit = 1024;
  double low = -kLimit, high = kLimit;  // f(low) < 0 < f(high) once each is known
  bool low_known = false, high_known = false;
  double t = std::clamp(guess, -kLimit, kLimit);
  step = std::max(step, 0.125);
  for (int iteration = 0; iteration < 200; ++iteration) {
    const auto [value, slope] = f(t);
    if (value == 0 || !std::isfinite(value)) return t;
    if (value < 0) {
      low = t;
      low_known = true;
      if (t >= kLimit) return kLimit;
    } else {
      high = t;
      high_known = true;
      if (t <= -kLimit) return -kLimit;
    }
    double next = slope > 0 && std::isfinite(slope) ? t - value / slope : NAN;
    if (!(next > low && next < high)) {  // Newton left the bracket (or was NaN)
      if (low_known && high_known) {
        next = (low + high) / 2;
      } else {
        next = std::clamp(value < 0 ? t + step : t - step, -kLimit, kLimit);
        step *= 2;
      }
    }
    if (std::fabs(next - t) <= 1e-14 * std::max(1.0, std::fabs(t))) return next;
    if (low_known && high_known && high - low <= 1e-14 * std::max(1.0, std::fabs(low))) return (low + high) / 2;
    t = next;
  }
  return t;
}

}  // namespace

NoncentralHypergeometric::NoncentralHypergeometric(long long m, long long n, long long k)
    : m_(m), n_(n), k_(k), lo_(std::max(0LL, k - n)), hi_(std::min(k, m)) {
  // log d(i+1) − log d(i) = log[(m − i)(k − i)] − log[(i + 1)(n − k + i + 1)]; only differences
  // matter because every use normalises.
  const auto size = static_cast<std::size_t>(hi_ - lo_ + 1);
  log_density_.resize(size);
  step_.resize(size);
  weights_.resize(size);
  // A running sum over up to a million steps: compensated (Neumaier), so the log density
  // carries the rounding of one addition rather than of all of them.
  double value = 0, compensation = 0;
  log_density_[0] = 0;
  for (std::size_t j = 1; j < size; ++j) {
    const double i = static_cast<double>(lo_ + static_cast<long long>(j) - 1);
    const double up = (static_cast<double>(m) - i) * (static_cast<double>(k) - i);
    const double down = (i + 1) * (static_cast<double>(n - k) + i + 1);
    step_[j - 1] = up / down;
    const double term = std::log(step_[j - 1]);
    const double sum = value + term;
    compensation += std::fabs(value) >= std::fabs(term) ? (value - sum) + term : (term - sum) + value;
    value = sum;
    log_density_[j] = value + compensation;
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
  // Outwards from the mode, each weight is its neighbour's times the density ratio and the
  // odds ratio: one multiplication instead of one exp per value. Every 32 steps the weight is
  // taken from the log density again, so rounding cannot build up (≈ 32 ulp at most).
  constexpr std::size_t kAnchor = 32;
  const double odds = std::exp(t);
  const auto exact = [&](std::size_t j) { return std::exp(log_weight(j) - top); };
  const std::size_t anchor = odds > 0 && std::isfinite(odds) ? kAnchor : 1;  // |t| > 709: exp only
  weights_[mode] = 1;
  double sum = 1;
  for (std::size_t j = mode + 1; j <= last_; ++j) {
    weights_[j] = (j - mode) % anchor == 0 ? exact(j) : weights_[j - 1] * step_[j - 1] * odds;
    sum += weights_[j];
  }
  for (std::size_t j = mode; j-- > first_;) {
    weights_[j] = (mode - j) % anchor == 0 ? exact(j) : weights_[j + 1] / (step_[j] * odds);
    sum += weights_[j];
  }
  return sum;
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

NoncentralHypergeometric::Sloped NoncentralHypergeometric::MeanWithSlope(double t) const {
  const double sum = Weigh(t, lo_ - 1);  // the mode's window
  // Moments about the window's start keep the variance free of cancellation.
  double first = 0, second = 0;
  for (std::size_t j = first_; j <= last_; ++j) {
    const auto d = static_cast<double>(j - first_);
    first += d * weights_[j];
    second += d * d * weights_[j];
  }
  const double mean = first / sum;
  return {static_cast<double>(lo_) + static_cast<double>(first_) + mean, std::max(0.0, second / sum - mean * mean)};
}

NoncentralHypergeometric::Sloped NoncentralHypergeometric::TailWithSlope(long long x, double t, bool upper) const {
  // d/dt P(X ∈ A) = E[X; A] − P(A)·E[X]: the covariance of X with being in the tail.
  const double sum = Weigh(t, x);
  const auto cut = static_cast<std::size_t>(x - lo_);
  double tail = 0, tail_moment = 0, moment = 0;
  for (std::size_t j = first_; j <= last_; ++j) {
    const double w = weights_[j];
    const double d = static_cast<double>(j - first_) * w;
    moment += d;
    if (upper ? j >= cut : j <= cut) {
      tail += w;
      tail_moment += d;
    }
  }
  const double p = std::min(1.0, tail / sum);
  return {p, tail_moment / sum - p * (moment / sum)};
}

double NoncentralHypergeometric::LogOddsGuess(long long x) const {
  const double a = static_cast<double>(x) + 0.5, b = static_cast<double>(k_ - x) + 0.5;
  const double c = static_cast<double>(m_ - x) + 0.5, d = static_cast<double>(n_ - k_ + x) + 0.5;
  return std::log(a) + std::log(d) - std::log(b) - std::log(c);
}

double NoncentralHypergeometric::LogOddsStep(long long x) const {
  const double a = static_cast<double>(x) + 0.5, b = static_cast<double>(k_ - x) + 0.5;
  const double c = static_cast<double>(m_ - x) + 0.5, d = static_cast<double>(n_ - k_ + x) + 0.5;
  return std::sqrt(1 / a + 1 / b + 1 / c + 1 / d);
}

double NoncentralHypergeometric::ConditionalMle(long long x) const {
  if (x == lo_) return 0;
  if (x == hi_) return std::numeric_limits<double>::infinity();
  const double target = static_cast<double>(x);
  const auto f = [&](double t) {
    const Sloped mean = MeanWithSlope(t);
    return Sloped{mean.value - target, mean.slope};
  };
  return std::exp(SolveIncreasing(f, LogOddsGuess(x), LogOddsStep(x)));
}

double NoncentralHypergeometric::LowerConfidenceLimit(long long x, double alpha) const {
  if (x == lo_) return 0;
  const auto f = [&](double t) {
    const Sloped upper = TailWithSlope(x, t, true);
    return Sloped{upper.value - alpha, upper.slope};
  };
  const double step = LogOddsStep(x);
  return std::exp(SolveIncreasing(f, LogOddsGuess(x) - 2 * step, step));
}

double NoncentralHypergeometric::UpperConfidenceLimit(long long x, double alpha) const {
  if (x == hi_) return std::numeric_limits<double>::infinity();
  const auto f = [&](double t) {
    const Sloped lower = TailWithSlope(x, t, false);
    return Sloped{alpha - lower.value, -lower.slope};
  };
  const double step = LogOddsStep(x);
  return std::exp(SolveIncreasing(f, LogOddsGuess(x) + 2 * step, step));
}

}  // namespace kinship::stats

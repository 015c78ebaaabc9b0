// Request counts and latency histograms by route, rendered in Prometheus text format at
// /metrics. Routes are patterns ("/api/v1/sites/{id}"), never raw paths, so ids never
// become label values.
#pragma once

#include <array>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace kinship::http {

class Metrics {
 public:
  void Record(const std::string& route, const std::string& method, int status, double seconds);
  std::string Render() const;

 private:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  5.0};
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> buckets{};
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> counts_;
  std::map<std::string, Histogram> latency_;
};

}  // namespace kinship::http

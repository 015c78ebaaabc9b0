#include "http/metrics.h"

#include <sstream>

namespace kinship::http {

void Metrics::Record(const std::string& route, const std::string& method, int status, double seconds) {
  std::lock_guard lock(mu_);
  ++counts_[{route, method, status}];
  auto& h = latency_[route];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
}

std::string Metrics::Render() const {
  std::lock_guard lock(mu_);
  std::ostringstream out;
  out << "# HELP kinship_http_requests_total HTTP requests by route, method and status.\n"
         "# TYPE kinship_http_requests_total counter\n";
  for (const auto& [key, n] : counts_) {
    out << "kinship_http_requests_total{route=\"" << std::get<0>(key) << "\",method=\"" << std::get<1>(key)
        << "\",status=\"" << std::get<2>(key) << "\"} " << n << "\n";
  }
  out << "# HELP kinship_http_request_duration_seconds Time to answer a request, by route.\n"
         "# TYPE kinship_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      out << "kinship_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"" << kBuckets[i]
          << "\"} " << h.buckets[i] << "\n";
    }
    out << "kinship_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"+Inf\"} " << h.count
        << "\n";
    out << "kinship_http_request_duration_seconds_sum{route=\"" << route << "\"} " << h.sum << "\n";
    out << "kinship_http_request_duration_seconds_count{route=\"" << route << "\"} " << h.count << "\n";
  }
  return out.str();
}

}  // namespace kinship::http

// Login throttling: counts failed logins per account and per client address in a sliding
// window, in memory. When either count reaches its limit, further attempts are refused
// (429) until the window moves on, whether or not the password would be right.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace kinship::auth {

class LoginThrottle {
 public:
  LoginThrottle(int per_account, int per_address, std::chrono::minutes window)
      : per_account_(per_account), per_address_(per_address), window_(window) {}

  // Returns the seconds to wait when blocked, or 0 when an attempt may go ahead.
  int RetryAfter(const std::string& account, const std::string& address);
  void RecordFailure(const std::string& account, const std::string& address);
  void RecordSuccess(const std::string& account);

 private:
  using Clock = std::chrono::steady_clock;
  int Check(std::deque<Clock::time_point>& q, int limit, Clock::time_point now);
  void Prune(Clock::time_point now);

  int per_account_;
  int per_address_;
  std::chrono::minutes window_;
  std::mutex mu_;
  std::map<std::string, std::deque<Clock::time_point>> accounts_;
  std::map<std::string, std::deque<Clock::time_point>> addresses_;
};

}  // namespace kinship::auth

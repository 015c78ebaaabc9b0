#include "auth/throttle.h"

namespace kinship::auth {

int LoginThrottle::Check(std::deque<Clock::time_point>& q, int limit, Clock::time_point now) {
  while (!q.empty() && now - q.front() >= window_) q.pop_front();
  if (static_cast<int>(q.size()) < limit) return 0;
  const auto wait = std::chrono::duration_cast<std::chrono::seconds>(q.front() + window_ - now).count();
  return static_cast<int>(std::max<int64_t>(1, wait));
}

int LoginThrottle::RetryAfter(const std::string& account, const std::string& address) {
  std::lock_guard lock(mu_);
  const auto now = Clock::now();
  int wait = 0;
  if (auto it = accounts_.find(account); it != accounts_.end()) wait = Check(it->second, per_account_, now);
  if (auto it = addresses_.find(address); it != addresses_.end()) {
    wait = std::max(wait, Check(it->second, per_address_, now));
  }
  return wait;
}

void LoginThrottle::RecordFailure(const std::string& account, const std::string& address) {
  std::lock_guard lock(mu_);
  const auto now = Clock::now();
  // Bound memory under a flood of made-up usernames.
  if (accounts_.size() + addresses_.size() > 200000) Prune(now);
  accounts_[account].push_back(now);
  addresses_[address].push_back(now);
}

void LoginThrottle::RecordSuccess(const std::string& account) {
  std::lock_guard lock(mu_);
  accounts_.erase(account);
}

void LoginThrottle::Prune(Clock::time_point now) {
  for (auto* m : {&accounts_, &addresses_}) {
    for (auto it = m->begin(); it != m->end();) {
      while (!it->second.empty() && now - it->second.front() >= window_) it->second.pop_front();
      it = it->second.empty() ? m->erase(it) : std::next(it);
    }
  }
  if (accounts_.size() > 100000) accounts_.clear();
  if (addresses_.size() > 100000) addresses_.clear();
}

}  // namespace kinship::auth

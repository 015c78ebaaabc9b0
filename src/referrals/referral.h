// A referral: a participant (or an anonymous person) sent to a resource of the directory,
// followed up until it is closed. Its status only moves forward —
//   made → accepted → attended | not_attended → closed   (any open status may close)
// — and every change is kept as an event.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kinship::referrals {

inline const std::vector<std::string_view> kReferralStatuses = {"made", "accepted", "attended", "not_attended",
                                                                "closed"};

// Whether a referral may go from one status to another: forward only (attended and
// not_attended are alternatives, not steps), never out of closed.
bool CanMove(std::string_view from, std::string_view to);

struct ReferralEvent {
  std::string status;
  std::string at;
  std::optional<std::string> user_id;
};

struct Referral {
  std::string program_id;
  std::string id;
  std::string resource_id;
  std::string resource_name;  // read with the referral
  std::string resource_kind;  // read with the referral
  std::optional<std::string> encounter_id;
  std::optional<std::string> participant_id;
  std::optional<std::string> display_code;  // the participant's, read with the referral
  std::string status = "made";
  std::string made_at;
  std::string made_by;
  std::optional<std::string> follow_up_on;
  std::optional<std::string> closed_at;
  std::string updated_at;
  std::vector<ReferralEvent> history;
};

nlohmann::json ToJson(const Referral& r);

}  // namespace kinship::referrals

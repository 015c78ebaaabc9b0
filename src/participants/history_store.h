// SQL for a participant's history: their encounters with the items handed out, read
// straight from the encounters tables (which the encounters feature writes).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace kinship::participants {

// The participant's encounters, newest first, at most limit, as API encounter objects with
// their items (by item name) and an empty "referrals" array for the caller to fill.
// editable_until is created_at plus edit_window_hours.
Result<std::vector<nlohmann::json>> EncountersOfParticipant(store::Tx& tx, const std::string& program_id,
                                                            const std::string& participant_id,
                                                            const std::string& display_code, int edit_window_hours,
                                                            int limit);

// created_at + hours, as an ISO time ("2026-11-23T10:15:00.000Z"); iso unchanged when malformed.
std::string AddHours(const std::string& iso, int hours);

}  // namespace kinship::participants

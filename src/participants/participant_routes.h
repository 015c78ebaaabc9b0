// HTTP handlers for /api/v1/participants.
#pragma once

#include "http/context.h"

namespace kinship::participants {

http::Response HandleLookupParticipant(http::Context& ctx);
http::Response HandleCreateParticipant(http::Context& ctx);
http::Response HandleListParticipants(http::Context& ctx);
http::Response HandleGetParticipant(http::Context& ctx);
http::Response HandlePatchParticipant(http::Context& ctx);
http::Response HandleParticipantHistory(http::Context& ctx);
http::Response HandleParticipantDuplicates(http::Context& ctx);
http::Response HandleMergeParticipant(http::Context& ctx);

}  // namespace kinship::participants

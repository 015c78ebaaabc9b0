// List paging from the query string: `limit` (1–500, default 100) and `after` (the last id
// of the previous page), and the list envelope {"items": [...], "next_after": ...}.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/status.h"
#include "http/message.h"

namespace kinship::http {

struct Paging {
  std::string after;
  int limit = 100;
};

// kValidation naming `limit` or `after` when they are malformed.
Result<Paging> ParsePaging(const Request& req);

// items is a JSON array; next_after is the last item's id when the page is full.
nlohmann::json ListEnvelope(nlohmann::json items, const Paging& paging);

}  // namespace kinship::http

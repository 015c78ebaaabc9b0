// Error responses: application/problem+json (RFC 9457) with Kinship's extra members
// `request_id` and `errors: [{field, message}]`. The one mapping from Status codes to
// HTTP statuses lives here.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/status.h"
#include "http/message.h"

namespace kinship::http {

// A problem response; slug becomes the type URI "https://kinship.invalid/problems/<slug>".
Response Problem(int status, std::string_view slug, std::string_view title, std::string_view detail,
                 const std::vector<FieldError>& errors = {});

// The HTTP status for a Status code (kValidation → 422, kNotFound → 404, ...).
int HttpStatusFor(StatusCode code);

// Turns a non-OK status into a problem response. Internal errors never show their message.
Response ProblemFromStatus(const Status& status);

// A JSON response with the given status.
Response Json(int status, const nlohmann::json& body);
// A CSV download (text/csv; charset=utf-8) offered as filename.
Response Csv(std::string body, std::string_view filename);
// 204 No Content.
Response NoContent();

}  // namespace kinship::http

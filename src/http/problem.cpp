#include "http/problem.h"

namespace kinship::http {

Response Problem(int status, std::string_view slug, std::string_view title, std::string_view detail,
                 const std::vector<FieldError>& errors) {
  nlohmann::json body = {
      {"type", "https://kinship.invalid/problems/" + std::string(slug)},
      {"title", title},
      {"status", status},
      {"detail", detail},
  };
  if (!errors.empty()) {
    auto& list = body["errors"] = nlohmann::json::array();
    for (const auto& e : errors) list.push_back({{"field", e.field}, {"message", e.message}});
  }
  Response r;
  r.status = status;
  r.content_type = "application/problem+json";
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kValidation: return 422;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kAlreadyExists: return 409;
    case StatusCode::kFailedPrecondition: return 409;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kUnauthenticated: return 401;
    case StatusCode::kResourceExhausted: return 429;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

static Response WithExtra(Response r, const Status& status) {
  if (status.extra().empty() || r.status >= 500) return r;  // a 500 never shows internals
  auto body = nlohmann::json::parse(r.body);
  auto extra = nlohmann::json::parse(status.extra(), nullptr, false);
  if (extra.is_object()) {
    for (auto it = extra.begin(); it != extra.end(); ++it) {
      if (!body.contains(it.key())) body[it.key()] = it.value();
    }
  }
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

static Response ProblemBody(const Status& status);

Response ProblemFromStatus(const Status& status) { return WithExtra(ProblemBody(status), status); }

static Response ProblemBody(const Status& status) {
  const int http = HttpStatusFor(status.code());
  switch (status.code()) {
    case StatusCode::kValidation:
      return Problem(http, "validation", "Invalid fields", status.message(), status.field_errors());
    case StatusCode::kInvalidArgument:
      return Problem(http, "bad-request", "Bad request", status.message(), status.field_errors());
    case StatusCode::kNotFound: return Problem(http, "not-found", "Not found", status.message());
    case StatusCode::kAlreadyExists: return Problem(http, "conflict", "Already exists", status.message());
    case StatusCode::kFailedPrecondition:
      return Problem(http, "conflict", "Conflict", status.message(), status.field_errors());
    case StatusCode::kPermissionDenied: return Problem(http, "forbidden", "Forbidden", status.message());
    case StatusCode::kUnauthenticated:
      return Problem(http, "unauthenticated", "Not logged in", status.message());
    case StatusCode::kResourceExhausted:
      return Problem(http, "too-many-requests", "Too many requests", status.message());
    case StatusCode::kUnavailable:
      return Problem(http, "unavailable", "Service unavailable", "The database is not reachable; try again shortly.");
    default:
      return Problem(500, "internal", "Internal error",
                     "Something went wrong on the server. It has been logged with the request id.");
  }
}

Response Json(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response Csv(std::string body, std::string_view filename) {
  Response r;
  r.status = 200;
  r.content_type = "text/csv; charset=utf-8";
  r.body = std::move(body);
  r.SetHeader("Content-Disposition", "attachment; filename=\"" + std::string(filename) + "\"");
  return r;
}

Response NoContent() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

}  // namespace kinship::http

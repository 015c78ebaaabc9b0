#include "http/app.h"

#include <chrono>

#include "auth/auth_service.h"
#include "auth/permissions.h"
#include "core/crypto.h"
#include "core/log.h"
#include "http/problem.h"
#include "http/router.h"
#include "store/database.h"

namespace kinship::http {

App::App(Services& services, std::string ui_dir) : services_(services), static_files_(std::move(ui_dir)) {}

namespace {
// Methods are labels in metrics and logs: anything unknown is counted as "other", so made-up
// methods cannot grow the metrics without bound.
std::string MethodLabel(const std::string& method) {
  for (const char* m : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    if (method == m) return method;
  }
  return "other";
}

// True for "application/json", in any case, with or without parameters such as charset.
bool IsJsonContentType(std::string ct) {
  for (auto& c : ct) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto semi = ct.find(';');
  std::string type = ct.substr(0, semi);
  while (!type.empty() && type.back() == ' ') type.pop_back();
  return type == "application/json";
}

Response OnlyGet() {
  auto r = Problem(405, "method-not-allowed", "Method not allowed", "Use one of: GET, HEAD.");
  r.SetHeader("Allow", "GET, HEAD");
  return r;
}

bool IsUnsafe(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

void AddSecurityHeaders(Response& r) {
  r.SetHeader("X-Content-Type-Options", "nosniff");
  r.SetHeader("Referrer-Policy", "no-referrer");
  r.SetHeader("X-Frame-Options", "DENY");
  if (r.content_type.rfind("text/html", 0) == 0) {
    r.SetHeader("Content-Security-Policy",
                "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
                "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
  }
}
}  // namespace

Response App::Handle(Request& req) {
  const auto start = std::chrono::steady_clock::now();
  Context ctx{req, services_, {}, std::nullopt, crypto::RandomHex(8), ""};
  Response res;
  try {
    const bool read_only = req.method == "GET" || req.method == "HEAD";
    if (req.transport_error != 0) {
      ctx.route = "(unreadable)";
      const int st = req.transport_error;
      res = st == 413   ? Problem(413, "body-too-large", "Request body too large", req.transport_detail)
            : st == 431 ? Problem(431, "headers-too-large", "Request headers too large", req.transport_detail)
                        : Problem(400, "bad-request", "Malformed HTTP request", req.transport_detail);
      res.close = true;
    } else if (!ParseTarget(req.target, &req.path, &req.query)) {
      ctx.route = "(malformed)";
      res = Problem(400, "bad-request", "Bad request", "The request target is malformed.");
    } else if (!read_only && (req.path == "/healthz" || req.path == "/readyz" || req.path == "/metrics" ||
                              req.path == "/api/v1/openapi.json")) {
      ctx.route = req.path;
      res = OnlyGet();
    } else if (req.path == "/healthz") {
      ctx.route = "/healthz";
      res = Response{200, "text/plain; charset=utf-8", "ok\n", {}, false};
    } else if (req.path == "/readyz") {
      ctx.route = "/readyz";
      const bool ready = services_.db.Ping().ok();
      res = Response{ready ? 200 : 503, "text/plain; charset=utf-8", ready ? "ready\n" : "database unavailable\n", {}, false};
    } else if (req.path == "/metrics") {
      ctx.route = "/metrics";
      res = Response{200, "text/plain; version=0.0.4; charset=utf-8", metrics_.Render(), {}, false};
    } else if (req.path == "/api/v1/openapi.json") {
      ctx.route = "/api/v1/openapi.json";
      res = Response{200, "application/json", std::string(OpenApiDocument()), {}, false};
    } else if (req.path.rfind("/api/", 0) == 0 || req.path == "/api") {
      res = RouteApi(ctx);
      res.SetHeader("Cache-Control", "no-store");
    } else {
      res = Static(ctx);
    }
  } catch (const std::exception& e) {
    log::Error("http: handler failed", {{"request_id", ctx.request_id}, {"route", ctx.route}, {"error", e.what()}});
    res = Problem(500, "internal", "Internal error",
                  "Something went wrong on the server. It has been logged with the request id.");
  }
  if (res.content_type == "application/problem+json" && !res.body.empty() && res.body.back() == '}') {
    res.body.pop_back();
    res.body += ",\"request_id\":\"" + ctx.request_id + "\"}";
  }
  res.SetHeader("X-Request-Id", ctx.request_id);
  AddSecurityHeaders(res);
  if (req.method == "HEAD") res.body.clear();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (ctx.route.empty()) ctx.route = "(unmatched)";
  metrics_.Record(ctx.route, MethodLabel(req.method), res.status, secs);
  if (ctx.route != "/healthz" && ctx.route != "/metrics") {
    log::Info("http: request", {{"request_id", ctx.request_id},
                                {"method", MethodLabel(req.method)},
                                {"route", ctx.route},
                                {"status", res.status},
                                {"ms", static_cast<int64_t>(secs * 1000.0 * 1000.0) / 1000.0}});
  }
  return res;
}

Response App::RouteApi(Context& ctx) {
  const http::Route* route = nullptr;
  std::string allow;
  switch (ApiRouter().Match(ctx.req.method, ctx.req.path, &route, &ctx.params, &allow)) {
    case Router::Outcome::kNotFound:
      return Problem(404, "not-found", "Not found", "There is no such resource.");
    case Router::Outcome::kMethodNotAllowed: {
      auto r = Problem(405, "method-not-allowed", "Method not allowed", "Use one of: " + allow + ".");
      r.SetHeader("Allow", allow);
      return r;
    }
    case Router::Outcome::kMatched: break;
  }
  ctx.route = route->pattern;
  if (IsUnsafe(ctx.req.method) && !ctx.req.body.empty()) {
    if (route->pattern.ends_with(".csv")) {
      // CSV imports: the one kind of body that is not JSON.
      const std::string type = ctx.req.Header("content-type");
      if (type.rfind("text/csv", 0) != 0) {
        return Problem(415, "unsupported-media-type", "Unsupported media type",
                       "Send the file as CSV with Content-Type: text/csv.");
      }
    } else if (!IsJsonContentType(ctx.req.Header("content-type"))) {
      return Problem(415, "unsupported-media-type", "Unsupported media type",
                     "Send the body as JSON with Content-Type: application/json.");
    }
  }
  if (!route->public_route) {
    auto who = auth::Authenticate(services_, ctx.req);
    if (!who.ok()) {
      if (who.status().code() == StatusCode::kUnauthenticated) {
        return Problem(401, "unauthenticated", "Not logged in", who.status().message());
      }
      return ProblemFromStatus(who.status());
    }
    ctx.principal = std::move(*who);
    if (ctx.principal->via_session && IsUnsafe(ctx.req.method) &&
        !crypto::ConstantTimeEqual(ctx.req.Header("x-csrf-token"), ctx.principal->csrf_token)) {
      return Problem(403, "csrf", "Missing or wrong CSRF token",
                     "Send the session's csrf_token in the X-CSRF-Token header.");
    }
    if (!route->permission.empty() && !auth::HasPermission(ctx.principal->role, route->permission)) {
      return Problem(403, "forbidden", "Forbidden", "Your role does not allow this.");
    }
  }
  return route->handler(ctx);
}

Response App::Static(Context& ctx) {
  ctx.route = "(static)";
  if (ctx.req.method != "GET" && ctx.req.method != "HEAD") return OnlyGet();
  auto file = static_files_.Find(ctx.req.path);
  if (!file) return Problem(404, "not-found", "Not found", "There is no such page or file.");
  Response r;
  if (ctx.req.Header("if-none-match") == file->etag) {
    r.status = 304;
    r.content_type.clear();
  } else {
    r.content_type = file->content_type;
    r.body = std::move(file->body);
  }
  r.SetHeader("ETag", file->etag);
  r.SetHeader("Cache-Control", file->cache_control);
  return r;
}

}  // namespace kinship::http

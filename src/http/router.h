// The route table's machinery: patterns like "/api/v1/sites/{id}" matched segment by
// segment. A parameter named `id` (or ending in `_id`) must look like a UUID, so a
// malformed id is a plain 404 before any handler or query runs.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "http/context.h"

namespace kinship::http {

struct Route {
  std::string method;
  std::string pattern;
  RouteHandler handler;
  std::string permission;  // "" = any logged-in user
  bool public_route = false;  // no login needed
};

class Router {
 public:
  void Add(Route route);

  enum class Outcome { kMatched, kNotFound, kMethodNotAllowed };
  // Finds the route for method and path; fills params, or allow (for 405).
  Outcome Match(const std::string& method, const std::string& path, const Route** route,
                std::map<std::string, std::string>* params, std::string* allow) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// The one route table of the API (http/routes.cpp).
const Router& ApiRouter();

}  // namespace kinship::http

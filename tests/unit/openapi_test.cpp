// Keeps docs/openapi.json true to the route table (http/routes.cpp): every route is
// documented with its method, every documented operation exists, every operation has an
// operationId and responses, and every $ref points at something.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "http/app.h"
#include "http/router.h"

namespace kinship::http {
namespace {

using nlohmann::json;

// The paths served outside the route table (http/app.cpp), documented all the same.
const std::set<std::string> kOperationalPaths = {"/api/v1/openapi.json", "/healthz", "/readyz", "/metrics"};
const std::set<std::string> kMethods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"};

json Document() { return json::parse(OpenApiDocument()); }

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Every (path, method) pair documented under `paths`.
std::vector<std::pair<std::string, std::string>> DocumentedOperations(const json& doc) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [path, item] : doc.at("paths").items()) {
    for (const auto& [method, op] : item.items()) {
      if (kMethods.count(method)) out.emplace_back(path, method);
    }
  }
  return out;
}

// Resolves a local JSON pointer ref like "#/components/schemas/Site"; false when it points nowhere.
bool Resolves(const json& doc, const std::string& ref) {
  if (ref.rfind("#/", 0) != 0) return false;
  try {
    return !doc.at(json::json_pointer(ref.substr(1))).is_null();
  } catch (const json::exception&) {
    return false;
  }
}

void CollectRefs(const json& node, const std::string& where, std::vector<std::pair<std::string, std::string>>* out) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "$ref" && value.is_string()) out->emplace_back(where, value.get<std::string>());
      CollectRefs(value, where + "/" + key, out);
    }
  } else if (node.is_array()) {
    for (size_t i = 0; i < node.size(); ++i) CollectRefs(node[i], where + "/" + std::to_string(i), out);
  }
}

TEST(OpenApiTest, IsValidJsonForOpenApi31) {
  json doc;
  ASSERT_NO_THROW(doc = Document());
  EXPECT_EQ(doc.value("openapi", ""), "3.1.0");
  EXPECT_TRUE(doc.at("info").contains("title"));
  EXPECT_TRUE(doc.at("info").contains("version"));
  ASSERT_TRUE(doc.contains("paths"));
  EXPECT_TRUE(doc.at("paths").is_object());
}

TEST(OpenApiTest, DescribesBothWaysToAuthenticate) {
  const json schemes = Document().at("components").at("securitySchemes");
  ASSERT_TRUE(schemes.contains("sessionCookie"));
  EXPECT_EQ(schemes["sessionCookie"].value("in", ""), "cookie");
  EXPECT_EQ(schemes["sessionCookie"].value("name", ""), "kinship_session");
  ASSERT_TRUE(schemes.contains("csrfToken"));
  EXPECT_EQ(schemes["csrfToken"].value("in", ""), "header");
  EXPECT_EQ(schemes["csrfToken"].value("name", ""), "X-CSRF-Token");
  ASSERT_TRUE(schemes.contains("bearerToken"));
  EXPECT_EQ(schemes["bearerToken"].value("scheme", ""), "bearer");
}

// "METHOD /pattern" of every route of router that doc does not document.
std::vector<std::string> Undocumented(const Router& router, const json& doc) {
  std::vector<std::string> out;
  const json paths = doc.value("paths", json::object());
  for (const auto& route : router.routes()) {
    if (!paths.contains(route.pattern) || !paths.at(route.pattern).contains(Lower(route.method))) {
      out.push_back(route.method + " " + route.pattern);
    }
  }
  return out;
}

TEST(OpenApiTest, EveryRouteIsDocumentedWithItsMethod) {
  ASSERT_FALSE(ApiRouter().routes().empty());
  for (const auto& missing : Undocumented(ApiRouter(), Document())) {
    ADD_FAILURE() << missing << " is in http/routes.cpp but not in docs/openapi.json";
  }
}

TEST(OpenApiTest, AMissingRouteOrMethodIsNoticed) {
  Router router;
  router.Add({"GET", "/api/v1/sites", nullptr, "sites.read", false});
  router.Add({"POST", "/api/v1/sites", nullptr, "sites.write", false});
  router.Add({"GET", "/api/v1/stock", nullptr, "stock.read", false});
  const json doc = json::parse(R"({"paths": {"/api/v1/sites": {"get": {}}}})");
  EXPECT_EQ(Undocumented(router, doc), (std::vector<std::string>{"POST /api/v1/sites", "GET /api/v1/stock"}));
}

TEST(OpenApiTest, EveryDocumentedOperationExists) {
  const json doc = Document();
  std::set<std::pair<std::string, std::string>> routes;
  for (const auto& route : ApiRouter().routes()) routes.emplace(route.pattern, Lower(route.method));
  for (const auto& [path, method] : DocumentedOperations(doc)) {
    if (kOperationalPaths.count(path)) {
      EXPECT_EQ(method, "get") << path << " only answers GET";
      continue;
    }
    EXPECT_TRUE(routes.count({path, method}))
        << method << " " << path << " is documented but not in the route table (http/routes.cpp)";
  }
}

TEST(OpenApiTest, DocumentsTheOperationalPaths) {
  const json doc = Document();
  for (const auto& path : kOperationalPaths) {
    ASSERT_TRUE(doc.at("paths").contains(path)) << path;
    EXPECT_TRUE(doc.at("paths").at(path).contains("get")) << path;
  }
}

TEST(OpenApiTest, EveryOperationHasAnIdAndResponses) {
  const json doc = Document();
  std::set<std::string> ids;
  for (const auto& [path, method] : DocumentedOperations(doc)) {
    const json& op = doc.at("paths").at(path).at(method);
    const std::string where = method + " " + path;
    ASSERT_TRUE(op.contains("operationId") && op["operationId"].is_string()) << where;
    EXPECT_TRUE(ids.insert(op["operationId"].get<std::string>()).second)
        << where << ": operationId " << op["operationId"] << " is used twice";
    ASSERT_TRUE(op.contains("responses")) << where;
    EXPECT_TRUE(op["responses"].is_object() && !op["responses"].empty()) << where;
    EXPECT_TRUE(op.contains("summary")) << where;
  }
}

TEST(OpenApiTest, EveryRouteStatesItsPermission) {
  const json doc = Document();
  for (const auto& route : ApiRouter().routes()) {
    const json& op = doc.at("paths").at(route.pattern).at(Lower(route.method));
    const std::string where = route.method + " " + route.pattern;
    if (route.public_route) {
      ASSERT_TRUE(op.contains("security")) << where << " needs no login: say so with security: []";
      EXPECT_TRUE(op["security"].empty()) << where;
      continue;
    }
    ASSERT_TRUE(op.contains("x-permission")) << where;
    if (route.permission.empty()) {
      EXPECT_TRUE(op["x-permission"].is_null()) << where;
    } else {
      EXPECT_EQ(op["x-permission"], route.permission) << where;
    }
  }
}

TEST(OpenApiTest, PathParametersAreDeclared) {
  const json doc = Document();
  for (const auto& [path, method] : DocumentedOperations(doc)) {
    if (path.find("{id}") == std::string::npos) continue;
    bool declared = false;
    for (const auto& p : doc.at("paths").at(path).at(method).value("parameters", json::array())) {
      if (p.value("in", "") == "path" && p.value("name", "") == "id") declared = p.value("required", false);
    }
    EXPECT_TRUE(declared) << method << " " << path << " does not declare its required path parameter 'id'";
  }
}

TEST(OpenApiTest, EveryRefResolves) {
  const json doc = Document();
  std::vector<std::pair<std::string, std::string>> refs;
  CollectRefs(doc, "", &refs);
  ASSERT_FALSE(refs.empty());
  for (const auto& [where, ref] : refs) EXPECT_TRUE(Resolves(doc, ref)) << where << ": $ref " << ref << " points nowhere";
}

TEST(OpenApiTest, RequestBodiesRefuseUnknownFields) {
  const json doc = Document();
  for (const auto& [path, method] : DocumentedOperations(doc)) {
    const json& op = doc.at("paths").at(path).at(method);
    if (!op.contains("requestBody")) continue;
    const json& content = op["requestBody"].at("content");
    if (!content.contains("application/json")) {
      // CSV uploads (routes ending in .csv) are the one non-JSON body.
      EXPECT_TRUE(path.ends_with(".csv") && content.contains("text/csv")) << method << " " << path;
      continue;
    }
    const json& schema = content.at("application/json").at("schema");
    const json& resolved = schema.contains("$ref") ? doc.at(json::json_pointer(schema["$ref"].get<std::string>().substr(1))) : schema;
    EXPECT_EQ(resolved.value("additionalProperties", true), false) << method << " " << path;
  }
}

TEST(OpenApiTest, ResolvesFindsMissingTargets) {
  const json doc = json::parse(R"({"components": {"schemas": {"Site": {"type": "object"}}}})");
  EXPECT_TRUE(Resolves(doc, "#/components/schemas/Site"));
  EXPECT_FALSE(Resolves(doc, "#/components/schemas/Nope"));
  EXPECT_FALSE(Resolves(doc, "other.json#/x"));
}

}  // namespace
}  // namespace kinship::http

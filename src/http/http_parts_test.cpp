// Tests for the HTTP helpers that see hostile input first: target parsing, cookies, the
// JSON body reader, the router and static file paths.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/ids.h"
#include "http/json_body.h"
#include "http/message.h"
#include "http/problem.h"
#include "http/router.h"
#include "http/static_files.h"

namespace kinship::http {
namespace {

TEST(Target, SplitsPathAndDecodesQuery) {
  std::string path;
  std::multimap<std::string, std::string> q;
  ASSERT_TRUE(ParseTarget("/api/v1/sites?limit=10&name=a+b%21&flag", &path, &q));
  EXPECT_EQ(path, "/api/v1/sites");
  EXPECT_EQ(q.find("limit")->second, "10");
  EXPECT_EQ(q.find("name")->second, "a b!");
  EXPECT_EQ(q.count("flag"), 1u);
}

TEST(Target, RejectsMalformed) {
  std::string path;
  std::multimap<std::string, std::string> q;
  for (const char* bad : {"", "api", "/a%", "/a%2", "/a%zz", "/a%00b", "/x?a=%0", "http://evil/"}) {
    EXPECT_FALSE(ParseTarget(bad, &path, &q)) << bad;
  }
}

TEST(Target, DecodesTraversalSoStaticCheckSeesIt) {
  std::string path;
  std::multimap<std::string, std::string> q;
  ASSERT_TRUE(ParseTarget("/..%2f..%2fetc/passwd", &path, &q));
  EXPECT_EQ(path, "/../../etc/passwd");
  EXPECT_FALSE(IsSafePath(path));
}

TEST(Cookies, FindsNamedCookie) {
  Request r;
  r.headers["cookie"] = "a=1; kinship_session=kss_abc; b=2";
  EXPECT_EQ(r.Cookie("kinship_session"), "kss_abc");
  EXPECT_EQ(r.Cookie("missing"), "");
  EXPECT_EQ(r.Cookie("kinship"), "");
}

TEST(ClientAddress, UsesTheProxysEntryOnlyWhenTrusted) {
  Request r;
  r.remote_address = "10.0.0.5";
  r.headers["x-forwarded-for"] = "1.2.3.4, 203.0.113.7";
  EXPECT_EQ(ClientAddress(r, false), "10.0.0.5");
  EXPECT_EQ(ClientAddress(r, true), "203.0.113.7");  // a client cannot pick its address
  r.headers["x-forwarded-for"] = "198.51.100.2";
  EXPECT_EQ(ClientAddress(r, true), "198.51.100.2");
  r.headers["x-forwarded-for"] = " , ";
  EXPECT_EQ(ClientAddress(r, true), "10.0.0.5");
  r.headers.erase("x-forwarded-for");
  EXPECT_EQ(ClientAddress(r, true), "10.0.0.5");
}

TEST(BodyReader, ReadsValidBody) {
  BodyReader b(R"({"name":"  Main St  ","kind":"fixed","archived":true,"n":5})");
  EXPECT_EQ(b.String("name", {.min = 1, .max = 20}), "Main St");
  EXPECT_EQ(b.Enum("kind", {"fixed", "mobile"}), "fixed");
  EXPECT_EQ(b.OptionalBool("archived"), true);
  EXPECT_EQ(b.OptionalInt("n", 1, 10), 5);
  EXPECT_TRUE(b.Finish().ok());
}

struct BadBody {
  const char* body;
  StatusCode code;
  const char* field;  // first field error expected, "" for none
};

class BodyReaderBad : public ::testing::TestWithParam<BadBody> {};

TEST_P(BodyReaderBad, RefusesWithClearError) {
  const auto& c = GetParam();
  BodyReader b(c.body);
  (void)b.String("name", {.min = 1, .max = 5});
  (void)b.OptionalInt("n", 1, 10);
  Status s = b.Finish();
  ASSERT_FALSE(s.ok()) << c.body;
  EXPECT_EQ(s.code(), c.code) << c.body << " -> " << s.ToString();
  if (*c.field) {
    ASSERT_FALSE(s.field_errors().empty());
    EXPECT_EQ(s.field_errors()[0].field, c.field);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BodyReaderBad,
    ::testing::Values(BadBody{"", StatusCode::kInvalidArgument, ""},
                      BadBody{"{", StatusCode::kInvalidArgument, ""},
                      BadBody{"[]", StatusCode::kInvalidArgument, ""},
                      BadBody{"\"name\"", StatusCode::kInvalidArgument, ""},
                      BadBody{"{\"name\":\"\xff\xfe\"}", StatusCode::kInvalidArgument, ""},
                      BadBody{"{}", StatusCode::kValidation, "name"},
                      BadBody{"{\"n\":2e365}", StatusCode::kInvalidArgument, ""},
                      BadBody{"{\"name\":null}", StatusCode::kValidation, "name"},
                      BadBody{"{\"name\":5}", StatusCode::kValidation, "name"},
                      BadBody{"{\"name\":\"\"}", StatusCode::kValidation, "name"},
                      BadBody{"{\"name\":\"   \"}", StatusCode::kValidation, "name"},
                      BadBody{"{\"name\":\"toolong\"}", StatusCode::kValidation, "name"},
                      BadBody{"{\"name\":\"a\\u0000b\"}", StatusCode::kValidation, "name"},
                      BadBody{"{\"name\":\"ok\",\"n\":\"5\"}", StatusCode::kValidation, "n"},
                      BadBody{"{\"name\":\"ok\",\"n\":11}", StatusCode::kValidation, "n"},
                      BadBody{"{\"name\":\"ok\",\"n\":1.5}", StatusCode::kValidation, "n"},
                      BadBody{"{\"name\":\"ok\",\"n\":18446744073709551615}", StatusCode::kValidation, "n"},
                      BadBody{"{\"name\":\"ok\",\"extra\":1}", StatusCode::kValidation, "extra"}));

TEST(BodyReader, CountsCharactersNotBytes) {
  BodyReader b(R"({"name":"ñöé"})");
  EXPECT_EQ(b.String("name", {.min = 1, .max = 3}), "ñöé");
  EXPECT_TRUE(b.Finish().ok());
}

TEST(BodyReader, DeepNestingIsRefusedNotCrashed) {
  std::string deep(100000, '[');
  BodyReader b(deep);
  EXPECT_EQ(b.Finish().code(), StatusCode::kInvalidArgument);
}

TEST(Router, MatchesPatternsAndValidatesIds) {
  Router r;
  r.Add({"GET", "/api/v1/sites", nullptr, "", false});
  r.Add({"GET", "/api/v1/sites/{id}", nullptr, "", false});
  r.Add({"PATCH", "/api/v1/sites/{id}", nullptr, "", false});
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
  std::string allow;
  const std::string id = NewId();
  EXPECT_EQ(r.Match("GET", "/api/v1/sites/" + id, &route, &params, &allow), Router::Outcome::kMatched);
  EXPECT_EQ(params["id"], id);
  EXPECT_EQ(r.Match("HEAD", "/api/v1/sites", &route, &params, &allow), Router::Outcome::kMatched);
  EXPECT_EQ(r.Match("GET", "/api/v1/sites/not-an-id", &route, &params, &allow), Router::Outcome::kNotFound);
  EXPECT_EQ(r.Match("GET", "/api/v1/sites/", &route, &params, &allow), Router::Outcome::kNotFound);
  EXPECT_EQ(r.Match("GET", "/api/v1/sites/" + id + "/x", &route, &params, &allow), Router::Outcome::kNotFound);
  EXPECT_EQ(r.Match("DELETE", "/api/v1/sites/" + id, &route, &params, &allow), Router::Outcome::kMethodNotAllowed);
  EXPECT_EQ(allow, "GET, PATCH");
}

TEST(Router, EveryApiRouteHasAHandlerAndKnownPermission) {
  for (const auto& route : ApiRouter().routes()) {
    EXPECT_TRUE(static_cast<bool>(route.handler)) << route.pattern;
    EXPECT_EQ(route.pattern.rfind("/api/v1/", 0), 0u) << route.pattern;
    EXPECT_TRUE(route.public_route || route.method != "POST" || route.pattern != "/api/v1/session");
  }
}

TEST(StaticPaths, RefusesTraversal) {
  for (const char* bad : {"", "x", "/..", "/../etc/passwd", "/a/../../b", "/a/./b", "/a//b", "/a\\..\\b"}) {
    EXPECT_FALSE(IsSafePath(bad)) << bad;
  }
  for (const char* ok : {"/", "/index.html", "/assets/app-1234.js", "/sites"}) {
    EXPECT_TRUE(IsSafePath(ok)) << ok;
  }
}

TEST(StaticFiles, ServesFromDirectoryWithAppFallbackAndNothingOutside) {
  namespace fs = std::filesystem;
  const auto root = fs::temp_directory_path() / ("kinship-ui-" + NewId());
  fs::create_directories(root / "ui" / "assets");
  std::ofstream(root / "ui" / "index.html") << "<!doctype html><title>app</title>";
  std::ofstream(root / "ui" / "assets" / "a.js") << "console.log(1)";
  std::ofstream(root / "secret.txt") << "secret";
  fs::create_symlink(root / "secret.txt", root / "ui" / "link.txt");
  StaticFiles files((root / "ui").string());
  auto index = files.Find("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
  auto js = files.Find("/assets/a.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->cache_control, "public, max-age=31536000, immutable");
  auto app_path = files.Find("/sites");
  ASSERT_TRUE(app_path);
  EXPECT_NE(app_path->body.find("<title>app"), std::string::npos);
  EXPECT_FALSE(files.Find("/../secret.txt"));
  EXPECT_FALSE(files.Find("/link.txt"));  // a symlink pointing outside the folder
  EXPECT_FALSE(files.Find("/missing.js"));
  fs::remove_all(root);
}

TEST(Problem, HasOneShape) {
  Response r = ProblemFromStatus(ValidationFailed({{"name", "is required"}}));
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.content_type, "application/problem+json");
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["errors"][0]["field"], "name");
  EXPECT_EQ(j["status"], 422);
  Response internal = ProblemFromStatus(Internal("store: secret detail /var/lib"));
  EXPECT_EQ(internal.status, 500);
  EXPECT_EQ(internal.body.find("secret detail"), std::string::npos);
}

}  // namespace
}  // namespace kinship::http

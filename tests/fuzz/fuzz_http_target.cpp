// libFuzzer target: request targets, query strings, cookies, the static-path check and the
// router's pattern matching with id validation.
#include <cstdint>
#include <string>

#include "http/message.h"
#include "http/router.h"
#include "http/static_files.h"

// The real table is generated from web/dist at build time; the fuzzer needs none.
const std::vector<kinship::http::EmbeddedAsset>& kinship::http::EmbeddedAssets() {
  static const std::vector<kinship::http::EmbeddedAsset> kNone;
  return kNone;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  std::string path;
  std::multimap<std::string, std::string> query;
  if (kinship::http::ParseTarget(input, &path, &query)) {
    if (path.find('\0') != std::string::npos) __builtin_trap();  // decoded NUL must be refused
    if (kinship::http::IsSafePath(path) && path.find("/../") != std::string::npos) __builtin_trap();
    static const kinship::http::Router router = [] {
      kinship::http::Router r;
      r.Add({"GET", "/api/v1/sites", nullptr, "", false});
      r.Add({"GET", "/api/v1/sites/{id}", nullptr, "", false});
      r.Add({"POST", "/api/v1/users/{id}/password", nullptr, "", false});
      return r;
    }();
    const kinship::http::Route* route = nullptr;
    std::map<std::string, std::string> params;
    std::string allow;
    (void)router.Match("GET", path, &route, &params, &allow);
  }
  kinship::http::Request req;
  req.headers["cookie"] = input;
  (void)req.Cookie("kinship_session");
  (void)kinship::http::ContentTypeFor(input);
  return 0;
}

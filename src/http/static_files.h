// The web app's files: compiled into the binary from web/dist (see cmake/EmbedAssets.cmake),
// or read from --ui-dir while developing. Paths are checked so nothing outside the app's
// folder can be read.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kinship::http {

struct EmbeddedAsset {
  std::string_view path;  // "/index.html"
  std::string_view data;
};

// Generated at build time.
const std::vector<EmbeddedAsset>& EmbeddedAssets();

struct StaticFile {
  std::string body;
  std::string content_type;
  std::string cache_control;
  std::string etag;
};

class StaticFiles {
 public:
  // ui_dir empty: serve the embedded files.
  explicit StaticFiles(std::string ui_dir);
  // The file at a decoded request path, or index.html for an app path (no extension),
  // or nullopt (404). Never reads outside the app folder.
  std::optional<StaticFile> Find(const std::string& path) const;
  bool has_app() const;

 private:
  std::optional<std::string> Read(const std::string& rel) const;
  std::string ui_dir_;
};

// True when path has no empty, "." or ".." segment, no backslash and no NUL.
bool IsSafePath(std::string_view path);
std::string ContentTypeFor(std::string_view path);

}  // namespace kinship::http

#include "http/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/crypto.h"

namespace kinship::http {

namespace fs = std::filesystem;

StaticFiles::StaticFiles(std::string ui_dir) : ui_dir_(std::move(ui_dir)) {}

bool IsSafePath(std::string_view path) {
  if (path.empty() || path.front() != '/') return false;
  if (path.find('\\') != std::string_view::npos || path.find('\0') != std::string_view::npos) return false;
  size_t pos = 1;
  while (pos <= path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    const auto seg = path.substr(pos, end - pos);
    if (seg == "." || seg == "..") return false;
    if (seg.empty() && end != path.size()) return false;
    pos = end + 1;
  }
  return true;
}

std::string ContentTypeFor(std::string_view path) {
  const auto dot = path.rfind('.');
  const auto ext = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  if (ext == "html") return "text/html; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "json") return "application/json";
  if (ext == "webmanifest") return "application/manifest+json";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "ico") return "image/x-icon";
  if (ext == "woff2") return "font/woff2";
  if (ext == "txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

std::optional<std::string> StaticFiles::Read(const std::string& rel) const {
  if (!IsSafePath(rel)) return std::nullopt;
  if (ui_dir_.empty()) {
    for (const auto& a : EmbeddedAssets()) {
      if (a.path == rel) return std::string(a.data);
    }
    return std::nullopt;
  }
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(ui_dir_, ec);
  if (ec) return std::nullopt;
  const fs::path full = fs::weakly_canonical(root / rel.substr(1), ec);
  if (ec) return std::nullopt;
  const auto r = root.native();
  const auto f = full.native();
  if (f.compare(0, r.size(), r) != 0 || (f.size() > r.size() && f[r.size()] != '/')) return std::nullopt;
  if (!fs::is_regular_file(full, ec)) return std::nullopt;
  std::ifstream in(full, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool StaticFiles::has_app() const { return Read("/index.html").has_value(); }

std::optional<StaticFile> StaticFiles::Find(const std::string& path) const {
  std::string rel = path == "/" ? "/index.html" : path;
  auto body = Read(rel);
  // App paths (no file extension) get index.html; never under /assets/, which holds only files.
  const bool app_path = (rel.rfind('.') == std::string::npos || rel.rfind('.') < rel.rfind('/')) &&
                        rel.rfind("/assets/", 0) != 0;
  if (!body && app_path && IsSafePath(rel)) {
    rel = "/index.html";
    body = Read(rel);
  }
  if (!body) return std::nullopt;
  StaticFile f;
  f.content_type = ContentTypeFor(rel);
  f.cache_control = rel.rfind("/assets/", 0) == 0 ? "public, max-age=31536000, immutable" : "no-cache";
  f.etag = "\"" + crypto::Digest(*body).substr(0, 32) + "\"";
  f.body = std::move(*body);
  return f;
}

}  // namespace kinship::http

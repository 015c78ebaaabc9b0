#include "store/database.h"
#include "store/postgres_database.h"
#include "store/sqlite_database.h"

namespace kinship::store {

Result<std::unique_ptr<Database>> Open(const std::string& url, const OpenOptions& options) {
  if (url.rfind("sqlite:", 0) == 0) {
    std::string path = url.substr(7);
    if (path.rfind("//", 0) == 0) path = path.substr(2);  // sqlite:///abs/path
    return OpenSqlite(path, options);
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return OpenPostgres(url, options);
  }
  return InvalidArgument("store: unknown database URL '" + RedactUrl(url) +
                         "' (use sqlite:PATH or postgresql://...)");
}

}  // namespace kinship::store

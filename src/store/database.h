// The storage interface every feature's store code talks to, with two backends: SQLite
// (embedded, the default) and PostgreSQL (server). SQL is written once, in PostgreSQL's
// placeholder style ($1, $2, ...), which both backends accept; types are kept to TEXT,
// BIGINT, INTEGER and DOUBLE PRECISION so one schema serves both.
//
//   Status s = db.Write([&](Tx& tx) -> Status {
//     auto r = tx.Exec("INSERT INTO sites (id, program_id, name) VALUES ($1, $2, $3)",
//                      {id, program_id, name});
//     return r.ok() ? Status::Ok() : r.status();
//   });
//
// Read() runs on a consistent snapshot. Write() runs fn in a transaction that commits when
// fn returns OK and rolls back otherwise; it returns only after a durable commit. The SQLite
// backend batches concurrent writes into one transaction (group commit), each in its own
// savepoint, so one request's failure never touches another's rows.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"

namespace kinship::store {

enum class Backend { kSqlite, kPostgres };

// One bound parameter or one result cell.
class Value {
 public:
  Value() = default;  // NULL
  Value(std::nullptr_t) {}
  Value(int64_t v) : v_(v) {}
  Value(int v) : v_(static_cast<int64_t>(v)) {}
  Value(bool v) : v_(static_cast<int64_t>(v ? 1 : 0)) {}
  Value(double v) : v_(v) {}
  Value(std::string v) : v_(std::move(v)) {}
  Value(std::string_view v) : v_(std::string(v)) {}
  Value(const char* v) : v_(std::string(v)) {}
  template <typename T>
  Value(const std::optional<T>& v) {
    if (v) *this = Value(*v);
  }

  bool is_null() const { return std::holds_alternative<std::monostate>(v_); }
  bool is_int() const { return std::holds_alternative<int64_t>(v_); }
  bool is_real() const { return std::holds_alternative<double>(v_); }
  bool is_text() const { return std::holds_alternative<std::string>(v_); }
  // Conversions are lenient: text cells holding numbers convert (PostgreSQL returns text).
  int64_t AsInt() const;
  double AsReal() const;
  std::string AsText() const;

 private:
  std::variant<std::monostate, int64_t, double, std::string> v_;
};

using Params = std::vector<Value>;

class Row {
 public:
  explicit Row(std::vector<Value> cells) : cells_(std::move(cells)) {}
  size_t size() const { return cells_.size(); }
  bool IsNull(size_t i) const { return cells_.at(i).is_null(); }
  int64_t Int(size_t i) const { return cells_.at(i).AsInt(); }
  double Real(size_t i) const { return cells_.at(i).AsReal(); }
  bool Bool(size_t i) const { return cells_.at(i).AsInt() != 0; }
  std::string Text(size_t i) const { return cells_.at(i).AsText(); }
  std::optional<std::string> OptText(size_t i) const {
    return IsNull(i) ? std::nullopt : std::optional<std::string>(Text(i));
  }
  const Value& at(size_t i) const { return cells_.at(i); }

 private:
  std::vector<Value> cells_;
};

using Rows = std::vector<Row>;

// A connection inside an open transaction. Errors map to codes: a UNIQUE violation is
// kAlreadyExists, a foreign key or CHECK violation kFailedPrecondition, a lost connection
// kUnavailable, anything else kInternal, with a message that says what failed.
class Tx {
 public:
  virtual ~Tx() = default;
  virtual Backend backend() const = 0;
  // Runs a statement that returns rows.
  virtual Result<Rows> Query(std::string_view sql, const Params& params = {}) = 0;
  // Runs a statement and returns the number of rows it changed.
  virtual Result<int64_t> Exec(std::string_view sql, const Params& params = {}) = 0;
  // Runs several statements with no parameters (migrations).
  virtual Status ExecScript(std::string_view sql) = 0;
};

using TxFn = std::function<Status(Tx&)>;

class Database {
 public:
  virtual ~Database() = default;
  virtual Backend backend() const = 0;
  // A short description for logs, without credentials ("sqlite:/var/lib/kinship.db").
  virtual std::string Describe() const = 0;
  virtual Status Read(const TxFn& fn) = 0;
  virtual Status Write(const TxFn& fn) = 0;
  // Runs fn in its own transaction outside any batching (migrations, maintenance).
  virtual Status WriteExclusive(const TxFn& fn) = 0;
  // Returns OK when the database answers a trivial query.
  virtual Status Ping() = 0;
  // Stops background work and closes every connection; further calls fail.
  virtual void Close() = 0;
};

struct OpenOptions {
  int pool_size = 8;          // PostgreSQL connections / SQLite reader connections
  int busy_timeout_ms = 5000;  // SQLite busy timeout
  int max_batch = 64;          // SQLite group commit: most writes in one transaction
};

// Opens "sqlite:/path/to/file.db" or "postgresql://..." / "postgres://...". Returns
// kInvalidArgument for an unknown scheme, kUnavailable when the database cannot be reached.
Result<std::unique_ptr<Database>> Open(const std::string& url, const OpenOptions& options = {});

// Returns url with any password replaced by "***", for logs and messages.
std::string RedactUrl(const std::string& url);

}  // namespace kinship::store

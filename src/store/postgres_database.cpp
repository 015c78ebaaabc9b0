#include "store/postgres_database.h"

#include <libpq-fe.h>

#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

namespace kinship::store {
namespace {

// A transaction that hits a serialization failure or a deadlock runs again, this many
// more times, before the error is returned.
constexpr int kMaxRetries = 3;
// How long a thread waits for a free connection before giving up; long enough for any
// healthy load, short enough that a caller holding a connection while asking for another
// (a bug) fails instead of hanging.
constexpr auto kAcquireTimeout = std::chrono::seconds(30);

// PostgreSQL type oids (pg_type.dat) whose text form we convert.
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

// Turns a multi-line libpq message into one line, for logs.
std::string OneLine(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// Data exceptions (class 22) quote the offending input ("invalid input syntax for type
// bigint: \"...\""), which may be personal data: drop everything between the quotes.
std::string WithoutQuotedInput(std::string message) {
  size_t first = message.find('"');
  size_t last = message.rfind('"');
  if (first == std::string::npos || last == first) return message;
  return message.substr(0, first) + "\"...\"" + message.substr(last + 1);
}

bool IsRetryable(std::string_view sqlstate) {
  return sqlstate == "40001" || sqlstate == "40P01";  // serialization failure, deadlock
}

StatusCode CodeFor(std::string_view sqlstate, bool connection_lost) {
  if (connection_lost || sqlstate.starts_with("08") || sqlstate.starts_with("57P")) {
    return StatusCode::kUnavailable;  // connection exception, server shutting down
  }
  if (sqlstate == "23505") return StatusCode::kAlreadyExists;
  if (sqlstate == "23503" || sqlstate == "23514" || sqlstate == "23502") {
    return StatusCode::kFailedPrecondition;
  }
  return StatusCode::kInternal;
}

// The Status for a failed statement; `what` says what we were doing ("run query").
// Sets *sqlstate to the error's SQLSTATE ("" when libpq gave none).
Status StatementError(PGconn* conn, const PGresult* res, std::string_view what,
                      std::string* sqlstate) {
  const char* state = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = res != nullptr ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  *sqlstate = state != nullptr ? state : "";
  std::string message;
  if (primary != nullptr) {
    message = primary;
  } else if (res != nullptr && *PQresultErrorMessage(res) != '\0') {
    message = OneLine(PQresultErrorMessage(res));
  } else {
    message = OneLine(PQerrorMessage(conn));
  }
  if (message.empty()) message = "unknown error";
  if (sqlstate->starts_with("22")) message = WithoutQuotedInput(std::move(message));
  bool lost = PQstatus(conn) != CONNECTION_OK;
  return Status(CodeFor(*sqlstate, lost), "store: unable to " + std::string(what) + ": " + message);
}

// libpq wants a NUL-terminated text per parameter; NULL is a null pointer.
Status EncodeParams(const Params& params, std::vector<std::string>& texts,
                    std::vector<const char*>& pointers) {
  texts.resize(params.size());
  pointers.assign(params.size(), nullptr);
  for (size_t i = 0; i < params.size(); ++i) {
    const Value& v = params[i];
    if (v.is_null()) continue;
    if (v.is_int()) {
      texts[i] = std::to_string(v.AsInt());
    } else if (v.is_real()) {
      char buf[64];
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v.AsReal());  // shortest round trip
      texts[i].assign(buf, end);
    } else {
      texts[i] = v.AsText();
      if (texts[i].find('\0') != std::string::npos) {
        return InvalidArgument("store: unable to run query: parameter $" + std::to_string(i + 1) +
                               " contains a NUL character");
      }
    }
    pointers[i] = texts[i].c_str();
  }
  return Status::Ok();
}

Value CellValue(const PGresult* res, int row, int col, Oid type) {
  if (PQgetisnull(res, row, col)) return Value();
  const char* text = PQgetvalue(res, row, col);
  const char* end = text + PQgetlength(res, row, col);
  switch (type) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid: {
      int64_t v = 0;
      auto [ptr, ec] = std::from_chars(text, end, v);
      if (ec == std::errc() && ptr == end) return Value(v);
      break;
    }
    case kFloat4Oid:
    case kFloat8Oid:
    case kNumericOid: {
      double v = 0;
      auto [ptr, ec] = std::from_chars(text, end, v);
      if (ec == std::errc() && ptr == end) return Value(v);
      break;  // e.g. a numeric beyond double's range: keep its text
    }
    case kBoolOid:
      return Value(static_cast<int64_t>(*text == 't' ? 1 : 0));
    default:
      break;
  }
  return Value(std::string(text, end));
}

Rows ToRows(const PGresult* res) {
  int columns = PQnfields(res);
  std::vector<Oid> types(static_cast<size_t>(columns));
  for (int c = 0; c < columns; ++c) types[static_cast<size_t>(c)] = PQftype(res, c);
  Rows rows;
  int count = PQntuples(res);
  rows.reserve(static_cast<size_t>(count));
  for (int r = 0; r < count; ++r) {
    std::vector<Value> cells;
    cells.reserve(static_cast<size_t>(columns));
    for (int c = 0; c < columns; ++c) {
      cells.push_back(CellValue(res, r, c, types[static_cast<size_t>(c)]));
    }
    rows.emplace_back(std::move(cells));
  }
  return rows;
}

// The password in url, raw and as libpq decodes it, so that libpq's messages (which may
// echo parts of a malformed URL) can be cleaned of it.
std::vector<std::string> PasswordsIn(const std::string& url) {
  std::vector<std::string> found;
  char* error = nullptr;
  if (PQconninfoOption* options = PQconninfoParse(url.c_str(), &error)) {
    for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
      if (std::strcmp(o->keyword, "password") == 0 && o->val != nullptr && *o->val != '\0') {
        found.emplace_back(o->val);
      }
    }
    PQconninfoFree(options);
  }
  PQfreemem(error);
  size_t scheme = url.find("://");
  if (scheme != std::string::npos) {
    size_t start = scheme + 3;
    size_t at = url.find('@', start);
    size_t slash = url.find_first_of("/?", start);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      size_t colon = url.find(':', start);
      if (colon != std::string::npos && colon < at && colon + 1 < at) {
        found.push_back(url.substr(colon + 1, at - colon - 1));
      }
    }
  }
  return found;
}

std::string WithoutPasswords(std::string message, const std::vector<std::string>& passwords) {
  for (const std::string& p : passwords) {
    for (size_t pos = message.find(p); pos != std::string::npos; pos = message.find(p, pos + 3)) {
      message.replace(pos, p.size(), "***");
    }
  }
  return message;
}

// Runs a statement without parameters, reconnecting once first when the connection was
// dropped while it sat in the pool (a restarted server, an idle timeout). Only for
// statements that are safe to send twice: BEGIN, SELECT 1.
Status ExecReconnecting(PGconn* conn, const char* sql, std::string_view what) {
  for (int attempt = 0;; ++attempt) {
    PgResult res(PQexec(conn, sql));
    ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return Status::Ok();
    std::string sqlstate;
    Status error = StatementError(conn, res.get(), what, &sqlstate);
    if (attempt > 0 || PQstatus(conn) == CONNECTION_OK) return error;
    PQreset(conn);
    if (PQstatus(conn) != CONNECTION_OK) return error;
  }
}

// The statements prepared on one connection, by SQL text. The server forgets them when the
// connection is made again (PQreset), which shows as a new backend process id.
struct StatementCache {
  int backend_pid = 0;
  uint64_t next_name = 0;
  std::unordered_map<std::string, std::string> names;
};

class PostgresTx final : public Tx {
 public:
  PostgresTx(PGconn* conn, StatementCache* cache) : conn_(conn), cache_(cache) {}

  Backend backend() const override { return Backend::kPostgres; }

  Result<Rows> Query(std::string_view sql, const Params& params) override {
    KINSHIP_ASSIGN_OR_RETURN(PgResult res, Run(sql, params));
    return ToRows(res.get());
  }

  Result<int64_t> Exec(std::string_view sql, const Params& params) override {
    KINSHIP_ASSIGN_OR_RETURN(PgResult res, Run(sql, params));
    const char* tuples = PQcmdTuples(res.get());
    int64_t changed = 0;
    std::from_chars(tuples, tuples + std::strlen(tuples), changed);
    return changed;
  }

  Status ExecScript(std::string_view sql) override {
    PgResult res(PQexec(conn_, std::string(sql).c_str()));
    return Check(res.get(), "run script");
  }

  // The first statement error seen in this transaction, which PostgreSQL aborts on.
  const std::optional<Status>& first_error() const { return first_error_; }
  // Whether a statement failed in a way that running the transaction again may fix.
  bool retryable() const { return retryable_; }

 private:
  Result<PgResult> Run(std::string_view sql, const Params& params) {
    std::vector<std::string> texts;
    std::vector<const char*> values;
    KINSHIP_RETURN_IF_ERROR(EncodeParams(params, texts, values));
    KINSHIP_ASSIGN_OR_RETURN(const std::string* name, Prepared(sql, static_cast<int>(values.size())));
    PgResult res(PQexecPrepared(conn_, name->c_str(), static_cast<int>(values.size()), values.data(), nullptr,
                                nullptr, 0));
    KINSHIP_RETURN_IF_ERROR(Check(res.get(), "run query"));
    return res;
  }

  // The name of sql prepared on this connection: the server parses and plans a statement
  // once per connection instead of at every execution.
  Result<const std::string*> Prepared(std::string_view sql, int n_params) {
    const int pid = PQbackendPID(conn_);
    if (cache_->backend_pid != pid) {
      cache_->names.clear();
      cache_->backend_pid = pid;
    }
    const std::string text(sql);
    auto it = cache_->names.find(text);
    if (it != cache_->names.end()) return &it->second;
    // SQL is written as constants, so this stays small; should it ever grow, start over.
    if (cache_->names.size() >= kMaxPrepared) {
      PgResult drop(PQexec(conn_, "DEALLOCATE ALL"));
      KINSHIP_RETURN_IF_ERROR(Check(drop.get(), "forget prepared statements"));
      cache_->names.clear();
    }
    std::string name = "k" + std::to_string(++cache_->next_name);
    PgResult res(PQprepare(conn_, name.c_str(), text.c_str(), n_params, nullptr));
    KINSHIP_RETURN_IF_ERROR(Check(res.get(), "prepare statement"));
    return &cache_->names.emplace(text, std::move(name)).first->second;
  }

  Status Check(const PGresult* res, std::string_view what) {
    ExecStatusType st = res != nullptr ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) {
      return Status::Ok();
    }
    std::string sqlstate;
    Status error = (st == PGRES_FATAL_ERROR || st == PGRES_NONFATAL_ERROR)
                       ? StatementError(conn_, res, what, &sqlstate)
                       : Internal("store: unable to " + std::string(what) + ": unexpected result " +
                                  PQresStatus(st));
    if (IsRetryable(sqlstate)) retryable_ = true;
    if (!first_error_) first_error_ = error;
    return error;
  }

  static constexpr size_t kMaxPrepared = 512;
  PGconn* conn_;
  StatementCache* cache_;
  std::optional<Status> first_error_;
  bool retryable_ = false;
};

class PostgresDatabase;

// A connection taken from the pool; gives it back when destroyed.
class Lease {
 public:
  Lease(PostgresDatabase* db, PGconn* conn) : db_(db), conn_(conn) {}
  Lease(Lease&& other) noexcept : db_(other.db_), conn_(std::exchange(other.conn_, nullptr)) {}
  Lease& operator=(Lease&&) = delete;
  ~Lease();
  PGconn* conn() const { return conn_; }

 private:
  PostgresDatabase* db_;
  PGconn* conn_;
};

class PostgresDatabase final : public Database {
 public:
  PostgresDatabase(std::string url, int pool_size)
      : url_(std::move(url)), pool_size_(pool_size < 1 ? 1 : pool_size) {}
  ~PostgresDatabase() override { Close(); }

  // Makes the first connection, so that a wrong URL fails at open.
  Status Connect() {
    KINSHIP_ASSIGN_OR_RETURN(PGconn* conn, NewConnection());
    std::lock_guard lock(mu_);
    ++open_;
    idle_.push_back(conn);
    return Status::Ok();
  }

  Backend backend() const override { return Backend::kPostgres; }
  std::string Describe() const override { return RedactUrl(url_); }

  Status Read(const TxFn& fn) override {
    return RunTransaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", fn);
  }
  Status Write(const TxFn& fn) override { return RunTransaction("BEGIN", fn); }
  Status WriteExclusive(const TxFn& fn) override { return RunTransaction("BEGIN", fn); }

  Status Ping() override {
    KINSHIP_ASSIGN_OR_RETURN(Lease lease, Acquire());
    return ExecReconnecting(lease.conn(), "SELECT 1", "ping the database");
  }

  void Close() override {
    std::vector<PGconn*> idle;
    {
      std::lock_guard lock(mu_);
      closed_ = true;
      idle.swap(idle_);
      open_ -= static_cast<int>(idle.size());
    }
    available_.notify_all();
    for (PGconn* conn : idle) {
      Forget(conn);
      PQfinish(conn);
    }
  }

  // Takes conn back from a finished lease.
  void Release(PGconn* conn) {
    // A transaction left open (fn threw) is rolled back; a connection in an unknown state
    // is reset before it is used again.
    PGTransactionStatusType ts = PQtransactionStatus(conn);
    if (ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR) {
      PgResult res(PQexec(conn, "ROLLBACK"));
      ts = PQtransactionStatus(conn);
    }
    if (ts != PQTRANS_IDLE && PQstatus(conn) == CONNECTION_OK) PQreset(conn);
    bool finish = false;
    {
      std::lock_guard lock(mu_);
      if (closed_) {
        finish = true;
        --open_;
      } else {
        idle_.push_back(conn);
      }
    }
    available_.notify_one();
    if (finish) {
      Forget(conn);
      PQfinish(conn);
    }
  }

 private:
  Result<PGconn*> NewConnection() const {
    // The URL's own settings win over our defaults (connect_timeout), ours over the
    // URL's where the application relies on them (application_name, client_min_messages).
    std::string options = "-c client_min_messages=warning";
    char* error = nullptr;
    if (PQconninfoOption* parsed = PQconninfoParse(url_.c_str(), &error)) {
      for (PQconninfoOption* o = parsed; o->keyword != nullptr; ++o) {
        if (std::strcmp(o->keyword, "options") == 0 && o->val != nullptr && *o->val != '\0') {
          options = std::string(o->val) + " " + options;
        }
      }
      PQconninfoFree(parsed);
    }
    PQfreemem(error);
    const char* keywords[] = {"connect_timeout", "dbname", "application_name", "options", nullptr};
    const char* values[] = {"10", url_.c_str(), "kinship", options.c_str(), nullptr};
    PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
    if (conn != nullptr && PQstatus(conn) == CONNECTION_OK) return conn;
    std::string why = conn != nullptr ? OneLine(PQerrorMessage(conn)) : "out of memory";
    PQfinish(conn);
    // libpq may echo the URL (or part of it) when it cannot parse it.
    const std::string redacted = RedactUrl(url_);
    for (size_t pos = why.find(url_); pos != std::string::npos;
         pos = why.find(url_, pos + redacted.size())) {
      why.replace(pos, url_.size(), redacted);
    }
    return Unavailable("store: unable to connect to PostgreSQL at " + RedactUrl(url_) + ": " +
                       WithoutPasswords(why, PasswordsIn(url_)));
  }

  // Waits for a free connection, or opens one while the pool has room.
  Result<Lease> Acquire() {
    std::unique_lock lock(mu_);
    bool ready = available_.wait_for(lock, kAcquireTimeout, [&] {
      return closed_ || !idle_.empty() || open_ < pool_size_;
    });
    if (closed_) return Unavailable("store: the database is closed");
    if (!ready) {
      return Unavailable("store: no free database connection after " +
                         std::to_string(kAcquireTimeout.count()) + " s (pool of " +
                         std::to_string(pool_size_) + ")");
    }
    if (!idle_.empty()) {
      PGconn* conn = idle_.back();
      idle_.pop_back();
      lock.unlock();
      if (PQstatus(conn) != CONNECTION_OK) PQreset(conn);
      // Returned even when the reset failed: the caller's statement reports the error,
      // and the next lease tries to reconnect again.
      return Lease(this, conn);
    }
    ++open_;
    lock.unlock();
    Result<PGconn*> conn = NewConnection();
    if (!conn.ok()) {
      {
        std::lock_guard relock(mu_);
        --open_;
      }
      available_.notify_one();
      return conn.status();
    }
    return Lease(this, *conn);
  }

  Status RunTransaction(const char* begin, const TxFn& fn) {
    for (int attempt = 0;; ++attempt) {
      bool retry = false;
      Status s = RunOnce(begin, fn, &retry);
      if (!retry || attempt >= kMaxRetries) return s;
      // Back off a little, at random, so that the transactions that collided do not
      // collide again.
      thread_local std::minstd_rand random(std::random_device{}());
      std::uniform_int_distribution<int> jitter_ms(1, 5 << attempt);
      std::this_thread::sleep_for(std::chrono::milliseconds(jitter_ms(random)));
    }
  }

  Status RunOnce(const char* begin, const TxFn& fn, bool* retry) {
    KINSHIP_ASSIGN_OR_RETURN(Lease lease, Acquire());
    PGconn* conn = lease.conn();
    KINSHIP_RETURN_IF_ERROR(ExecReconnecting(conn, begin, "begin transaction"));
    PostgresTx tx(conn, &CacheOf(conn));
    Status s = fn(tx);
    if (!s.ok()) {
      PgResult rollback(PQexec(conn, "ROLLBACK"));
      *retry = tx.retryable();
      return s;
    }
    PgResult res(PQexec(conn, "COMMIT"));
    if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
      std::string sqlstate;
      Status error = StatementError(conn, res.get(), "commit transaction", &sqlstate);
      *retry = IsRetryable(sqlstate);
      return error;
    }
    // COMMIT of a transaction in which a statement failed succeeds, as a rollback.
    if (std::strcmp(PQcmdStatus(res.get()), "ROLLBACK") == 0) {
      *retry = tx.retryable();
      if (tx.first_error()) return *tx.first_error();
      return Internal("store: unable to commit transaction: it was rolled back");
    }
    return Status::Ok();
  }

  // The statement cache of a connection (made on first use).
  StatementCache& CacheOf(PGconn* conn) {
    std::lock_guard lock(mu_);
    return caches_[conn];
  }
  // Forgets a connection that is being finished.
  void Forget(PGconn* conn) {
    std::lock_guard lock(mu_);
    caches_.erase(conn);
  }

  const std::string url_;
  const int pool_size_;
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<PGconn*> idle_;  // guarded by mu_
  std::unordered_map<PGconn*, StatementCache> caches_;  // guarded by mu_; entries are used by the lease holder
  int open_ = 0;               // connections made and not finished; guarded by mu_
  bool closed_ = false;        // guarded by mu_
};

Lease::~Lease() {
  if (conn_ != nullptr) db_->Release(conn_);
}

}  // namespace

Result<std::unique_ptr<Database>> OpenPostgres(const std::string& url, const OpenOptions& options) {
  auto db = std::make_unique<PostgresDatabase>(url, options.pool_size);
  KINSHIP_RETURN_IF_ERROR(db->Connect());
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace kinship::store

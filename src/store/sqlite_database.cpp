#include "store/sqlite_database.h"

#include <sqlite3.h>

#include <condition_variable>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <thread>

namespace kinship::store {
namespace {

Status MapError(sqlite3* db, int rc, std::string_view what) {
  const int ext = sqlite3_extended_errcode(db);
  std::string msg = "store: unable to " + std::string(what) + ": " + sqlite3_errmsg(db);
  if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return AlreadyExists(std::move(msg));
  }
  if ((rc & 0xFF) == SQLITE_CONSTRAINT) return FailedPrecondition(std::move(msg));
  if ((rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED) return Unavailable(std::move(msg));
  return Internal(std::move(msg));
}

// A prepared statement with the map from SQLite's parameter slots to our $N numbering.
struct Prepared {
  sqlite3_stmt* stmt = nullptr;
  std::vector<int> slot_to_param;  // slot i+1 binds params[slot_to_param[i]]
};

class Connection : public Tx {
 public:
  explicit Connection(sqlite3* db) : db_(db) {}
  ~Connection() override {
    for (auto& [sql, p] : cache_) sqlite3_finalize(p.stmt);
    sqlite3_close_v2(db_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  Backend backend() const override { return Backend::kSqlite; }
  sqlite3* handle() { return db_; }

  Result<Rows> Query(std::string_view sql, const Params& params) override {
    Rows rows;
    Status s = Run(sql, params, &rows);
    if (!s.ok()) return s;
    return rows;
  }

  Result<int64_t> Exec(std::string_view sql, const Params& params) override {
    Status s = Run(sql, params, nullptr);
    if (!s.ok()) return s;
    return static_cast<int64_t>(sqlite3_changes64(db_));
  }

  Status ExecScript(std::string_view sql) override {
    char* err = nullptr;
    const std::string text(sql);
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errstr(rc);
      sqlite3_free(err);
      return MapError(db_, rc, "run script (" + msg + ")");
    }
    return Status::Ok();
  }

  // Transaction control (BEGIN, SAVEPOINT, COMMIT, ...) through the statement cache, so the
  // writer does not parse them again for every request of a batch.
  Status Simple(const char* sql) { return Run(sql, {}, nullptr); }

 private:
  Result<Prepared*> Prepare(std::string_view sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) return &it->second;
    const std::string key(sql);
    // Statements are cached per connection; SQL is written as constants, so the cache stays
    // small. Should dynamic SQL ever grow it, start over rather than grow without bound.
    if (cache_.size() >= kMaxCachedStatements) {
      for (auto& [text, old] : cache_) sqlite3_finalize(old.stmt);
      cache_.clear();
    }
    Prepared p;
    const int rc = sqlite3_prepare_v3(db_, key.c_str(), static_cast<int>(key.size()),
                                      SQLITE_PREPARE_PERSISTENT, &p.stmt, nullptr);
    if (rc != SQLITE_OK) return MapError(db_, rc, "prepare statement");
    const int n = sqlite3_bind_parameter_count(p.stmt);
    for (int i = 1; i <= n; ++i) {
      const char* name = sqlite3_bind_parameter_name(p.stmt, i);
      int index = i;
      if (name != nullptr && (name[0] == '$' || name[0] == '?')) index = std::atoi(name + 1);
      p.slot_to_param.push_back(index - 1);
    }
    return &cache_.emplace(key, p).first->second;
  }

  Status Run(std::string_view sql, const Params& params, Rows* rows) {
    auto prepared = Prepare(sql);
    if (!prepared.ok()) return prepared.status();
    Prepared& p = **prepared;
    sqlite3_stmt* st = p.stmt;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    for (size_t slot = 0; slot < p.slot_to_param.size(); ++slot) {
      const int pi = p.slot_to_param[slot];
      if (pi < 0 || static_cast<size_t>(pi) >= params.size()) {
        return Internal("store: statement needs parameter $" + std::to_string(pi + 1) +
                        " but only " + std::to_string(params.size()) + " were given");
      }
      const Value& v = params[pi];
      const int s = static_cast<int>(slot + 1);
      int rc = SQLITE_OK;
      if (v.is_null()) {
        rc = sqlite3_bind_null(st, s);
      } else if (v.is_int()) {
        rc = sqlite3_bind_int64(st, s, v.AsInt());
      } else if (v.is_real()) {
        rc = sqlite3_bind_double(st, s, v.AsReal());
      } else {
        const std::string text = v.AsText();
        rc = sqlite3_bind_text(st, s, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
      }
      if (rc != SQLITE_OK) return MapError(db_, rc, "bind parameter");
    }
    const int ncol = sqlite3_column_count(st);
    for (;;) {
      const int rc = sqlite3_step(st);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        Status s = MapError(db_, rc, "run statement");
        sqlite3_reset(st);
        return s;
      }
      if (rows == nullptr) continue;
      std::vector<Value> cells;
      cells.reserve(ncol);
      for (int c = 0; c < ncol; ++c) {
        switch (sqlite3_column_type(st, c)) {
          case SQLITE_NULL: cells.emplace_back(); break;
          case SQLITE_INTEGER: cells.emplace_back(static_cast<int64_t>(sqlite3_column_int64(st, c))); break;
          case SQLITE_FLOAT: cells.emplace_back(sqlite3_column_double(st, c)); break;
          default: {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, c));
            cells.emplace_back(std::string(text, sqlite3_column_bytes(st, c)));
          }
        }
      }
      rows->emplace_back(std::move(cells));
    }
    sqlite3_reset(st);
    return Status::Ok();
  }

  static constexpr size_t kMaxCachedStatements = 512;
  sqlite3* db_;
  std::map<std::string, Prepared, std::less<>> cache_;
};

Result<std::unique_ptr<Connection>> Connect(const std::string& path, int busy_timeout_ms,
                                            bool writer) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return Unavailable("store: unable to open " + path + ": " + msg);
  }
  auto conn = std::make_unique<Connection>(db);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  sqlite3_extended_result_codes(db, 1);
  // The writer: temp_store=MEMORY keeps its statement journals in memory (every request of a
  // group-commit batch runs in its own SAVEPOINT, whose journal of original pages would
  // otherwise be written to a temporary file page by page), and a 64 MB page cache (SQLite's
  // default is 2 MB) keeps the index pages a batch of encounters walks in memory instead of
  // reading them back from the OS for every batch. Measured in bench/RESULTS.md.
  const std::string pragmas = writer ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                                       "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536;"
                                     : "PRAGMA foreign_keys=ON; PRAGMA query_only=1;";
  Status s = conn->ExecScript(pragmas);
  if (!s.ok()) return Unavailable("store: " + path + " is not a usable SQLite database (" + s.message() + ")");
  return conn;
}

struct WriteJob {
  const TxFn* fn;
  bool exclusive;
  std::promise<Status> done;
};

class SqliteDatabase : public Database {
 public:
  SqliteDatabase(std::string path, OpenOptions options, std::unique_ptr<Connection> writer)
      : path_(std::move(path)), options_(options), writer_(std::move(writer)) {
    // Checkpoints run on their own thread and connection, so the writer only commits. The
    // hook replaces SQLite's automatic checkpoint, which would run inside the committing call.
    sqlite3_wal_hook(writer_->handle(), &SqliteDatabase::OnWalCommit, this);
    checkpointer_ = std::thread([this] { CheckpointLoop(); });
    writer_thread_ = std::thread([this] { WriterLoop(); });
  }
  ~SqliteDatabase() override { Close(); }

  Backend backend() const override { return Backend::kSqlite; }
  std::string Describe() const override { return "sqlite:" + path_; }

  Status Read(const TxFn& fn) override {
    auto conn = AcquireReader();
    if (!conn.ok()) return conn.status();
    Connection& c = **conn;
    Status s = c.Simple("BEGIN");
    if (s.ok()) {
      try {
        s = fn(c);
      } catch (...) {
        (void)c.Simple("ROLLBACK");
        ReleaseReader(std::move(*conn));
        throw;
      }
      Status end = c.Simple(s.ok() ? "COMMIT" : "ROLLBACK");
      if (s.ok()) s = end;
    }
    ReleaseReader(std::move(*conn));
    return s;
  }

  Status Write(const TxFn& fn) override { return Submit(fn, false); }
  Status WriteExclusive(const TxFn& fn) override { return Submit(fn, true); }

  Status Ping() override {
    return Read([](Tx& tx) { return tx.Query("SELECT 1").status(); });
  }

  void Close() override {
    {
      std::lock_guard lock(mu_);
      if (closed_) return;
      closed_ = true;
    }
    cv_.notify_all();
    if (writer_thread_.joinable()) writer_thread_.join();
    {
      std::lock_guard lock(checkpoint_mu_);
      checkpoint_stop_ = true;
    }
    checkpoint_cv_.notify_all();
    if (checkpointer_.joinable()) checkpointer_.join();
    std::lock_guard lock(readers_mu_);
    readers_.clear();
    writer_.reset();
  }

 private:
  Status Submit(const TxFn& fn, bool exclusive) {
    WriteJob job{&fn, exclusive, {}};
    auto fut = job.done.get_future();
    {
      std::lock_guard lock(mu_);
      if (closed_) return Unavailable("store: database is closed");
      queue_.push_back(&job);
    }
    cv_.notify_one();
    return fut.get();
  }

  void WriterLoop() {
    std::vector<WriteJob*> batch;
    for (;;) {
      batch.clear();
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return closed_ || !queue_.empty(); });
        if (queue_.empty()) return;  // closed and drained
        if (queue_.front()->exclusive) {
          batch.push_back(queue_.front());
          queue_.pop_front();
        } else {
          while (!queue_.empty() && !queue_.front()->exclusive &&
                 batch.size() < static_cast<size_t>(options_.max_batch)) {
            batch.push_back(queue_.front());
            queue_.pop_front();
          }
        }
      }
      RunBatch(batch);
    }
  }

  void RunBatch(const std::vector<WriteJob*>& batch) {
    Connection& c = *writer_;
    std::vector<Status> results(batch.size());
    std::vector<std::exception_ptr> errors(batch.size());
    Status begin = c.Simple("BEGIN IMMEDIATE");
    if (!begin.ok()) {
      for (auto* job : batch) job->done.set_value(begin);
      return;
    }
    const bool single = batch.size() == 1;
    for (size_t i = 0; i < batch.size(); ++i) {
      if (!single) (void)c.Simple("SAVEPOINT job");
      try {
        results[i] = (*batch[i]->fn)(c);
      } catch (...) {
        errors[i] = std::current_exception();
        results[i] = Internal("store: write failed with an exception");
      }
      if (!single) {
        if (!results[i].ok()) (void)c.Simple("ROLLBACK TO job");
        (void)c.Simple("RELEASE job");
      }
    }
    Status commit;
    if (single && !results[0].ok()) {
      (void)c.Simple("ROLLBACK");
    } else {
      commit = c.Simple("COMMIT");
      if (!commit.ok()) (void)c.Simple("ROLLBACK");
    }
    for (size_t i = 0; i < batch.size(); ++i) {
      if (errors[i]) {
        batch[i]->done.set_exception(errors[i]);
      } else {
        batch[i]->done.set_value(results[i].ok() && !commit.ok() ? commit : results[i]);
      }
    }
  }

  // After every commit, on the writer thread: asks for a checkpoint once the WAL holds
  // kCheckpointPages pages (SQLite's own default threshold).
  static int OnWalCommit(void* self, sqlite3* /*db*/, const char* /*schema*/, int pages) {
    if (pages >= kCheckpointPages) {
      auto* db = static_cast<SqliteDatabase*>(self);
      {
        std::lock_guard lock(db->checkpoint_mu_);
        db->checkpoint_wanted_ = true;
      }
      db->checkpoint_cv_.notify_one();
    }
    return SQLITE_OK;
  }

  // Copies the WAL back into the database file without blocking the writer or the readers
  // (a PASSIVE checkpoint). One that cannot finish (a reader still needs old pages) is simply
  // tried again after the next commits.
  void CheckpointLoop() {
    std::unique_ptr<Connection> conn;
    for (;;) {
      {
        std::unique_lock lock(checkpoint_mu_);
        checkpoint_cv_.wait(lock, [&] { return checkpoint_stop_ || checkpoint_wanted_; });
        if (checkpoint_stop_) return;
        checkpoint_wanted_ = false;
      }
      if (!conn) {
        auto opened = Connect(path_, options_.busy_timeout_ms, false);
        // A connection reads the file (and learns it is in WAL mode) at its first statement.
        if (!opened.ok() || !(*opened)->Query("SELECT 1 FROM sqlite_master LIMIT 1", {}).ok()) continue;
        conn = std::move(*opened);
      }
      (void)sqlite3_wal_checkpoint_v2(conn->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    }
  }

  Result<std::unique_ptr<Connection>> AcquireReader() {
    {
      std::lock_guard lock(readers_mu_);
      if (closed_) return Unavailable("store: database is closed");
      if (!readers_.empty()) {
        auto c = std::move(readers_.back());
        readers_.pop_back();
        return c;
      }
    }
    return Connect(path_, options_.busy_timeout_ms, false);
  }

  void ReleaseReader(std::unique_ptr<Connection> c) {
    std::lock_guard lock(readers_mu_);
    if (!closed_ && readers_.size() < static_cast<size_t>(options_.pool_size)) {
      readers_.push_back(std::move(c));
    }
  }

  static constexpr int kCheckpointPages = 1000;
  std::string path_;
  OpenOptions options_;
  std::unique_ptr<Connection> writer_;
  std::thread writer_thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<WriteJob*> queue_;
  bool closed_ = false;
  std::mutex readers_mu_;
  std::vector<std::unique_ptr<Connection>> readers_;
  std::thread checkpointer_;
  std::mutex checkpoint_mu_;
  std::condition_variable checkpoint_cv_;
  bool checkpoint_wanted_ = false;
  bool checkpoint_stop_ = false;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, const OpenOptions& options) {
  if (path.empty()) return InvalidArgument("store: sqlite: needs a file path, e.g. sqlite:kinship.db");
  auto writer = Connect(path, options.busy_timeout_ms, true);
  if (!writer.ok()) return writer.status();
  return std::unique_ptr<Database>(new SqliteDatabase(path, options, std::move(*writer)));
}

}  // namespace kinship::store

#include "backup/backup.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "backup/backup_store.h"
#include "core/clock.h"
#include "store/migrations.h"

namespace kinship::backup {

namespace {

constexpr int kPageRows = 1000;    // rows read per query while backing up
constexpr size_t kBatchRows = 1000;  // rows inserted per batch while restoring

std::string ErrnoText() { return std::strerror(errno); }

// Writes lines to path with a running digest; Finish() makes them durable.
class BackupFile {
 public:
  explicit BackupFile(std::string path) : path_(std::move(path)) {}
  ~BackupFile() {
    if (fd_ >= 0) ::close(fd_);
  }

  Status Open() {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);  // it holds password hashes
    return fd_ >= 0 ? Status::Ok() : Internal("backup: cannot create " + path_ + ": " + ErrnoText());
  }

  Status WriteLine(const std::string& line) {
    buffer_ += line;
    buffer_ += '\n';
    digest_.Update(line);
    digest_.Update("\n");
    return buffer_.size() >= (1 << 20) ? Flush() : Status::Ok();
  }

  std::string Digest() const { return digest_.Hex(); }

  Status Finish() {
    KINSHIP_RETURN_IF_ERROR(Flush());
    if (::fsync(fd_) != 0) return Internal("backup: cannot sync " + path_ + ": " + ErrnoText());
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) return Internal("backup: cannot close " + path_ + ": " + ErrnoText());
    return Status::Ok();
  }

 private:
  Status Flush() {
    size_t done = 0;
    while (done < buffer_.size()) {
      const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Internal("backup: cannot write " + path_ + ": " + ErrnoText());
      done += static_cast<size_t>(n);
    }
    buffer_.clear();
    return Status::Ok();
  }

  std::string path_;
  int fd_ = -1;
  std::string buffer_;
  StreamDigest digest_;
};

// So that the rename itself survives a crash.
void SyncDirectoryOf(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

Result<std::string> RowLine(std::string_view table, const store::Row& row) {
  nlohmann::json cells = nlohmann::json::array();
  for (size_t i = 0; i < row.size(); ++i) {
    auto cell = CellToJson(row.at(i));
    if (!cell.ok()) return InvalidArgument("backup: table " + std::string(table) + ": " + cell.status().message());
    cells.push_back(std::move(*cell));
  }
  try {
    return cells.dump();
  } catch (const nlohmann::json::exception&) {
    return InvalidArgument("backup: table " + std::string(table) + " holds text that is not valid UTF-8");
  }
}

// Writes one table's column line and rows, reading it in primary-key pages.
Result<int64_t> WriteTable(store::Tx& tx, std::string_view table, BackupFile& file) {
  KINSHIP_ASSIGN_OR_RETURN(TableShape shape, DescribeTable(tx, table));
  nlohmann::ordered_json head = {{"table", std::string(table)}, {"columns", shape.columns}};
  KINSHIP_RETURN_IF_ERROR(file.WriteLine(head.dump()));
  std::vector<size_t> key_index;
  for (const auto& k : shape.primary_key) {
    key_index.push_back(std::find(shape.columns.begin(), shape.columns.end(), k) - shape.columns.begin());
  }
  int64_t count = 0;
  std::vector<store::Value> after;
  for (;;) {
    KINSHIP_ASSIGN_OR_RETURN(store::Rows rows, ReadRowsAfter(tx, table, shape, after, kPageRows));
    for (const auto& row : rows) {
      KINSHIP_ASSIGN_OR_RETURN(std::string line, RowLine(table, row));
      KINSHIP_RETURN_IF_ERROR(file.WriteLine(line));
    }
    count += static_cast<int64_t>(rows.size());
    if (shape.primary_key.empty() || rows.size() < static_cast<size_t>(kPageRows)) break;
    after.clear();
    for (size_t i : key_index) after.push_back(rows.back().at(i));
  }
  return count;
}

class NoVisitor : public BackupVisitor {};

// Inserts what ScanBackup reads, in batches, after checking each table against the target.
class Loader : public BackupVisitor {
 public:
  explicit Loader(store::Tx& tx) : tx_(tx) {}

  Status OnTable(const TableSection& t) override {
    KINSHIP_RETURN_IF_ERROR(Flush());
    auto shape = DescribeTable(tx_, t.name);
    if (!shape.ok()) return FailedPrecondition("restore: the target database has no table " + t.name);
    std::vector<std::string> want = t.columns, have = shape->columns;
    std::sort(want.begin(), want.end());
    std::sort(have.begin(), have.end());
    if (want != have) {
      return FailedPrecondition("restore: the columns of table " + t.name + " differ: the backup has (" +
                                Join(t.columns) + "), the database has (" + Join(shape->columns) + ")");
    }
    KINSHIP_ASSIGN_OR_RETURN(int64_t existing, CountRows(tx_, t.name));
    if (existing > 0) {
      return FailedPrecondition("restore needs an empty database: table " + t.name + " already has rows");
    }
    table_ = t.name;
    columns_ = t.columns;
    return Status::Ok();
  }

  Status OnRow(const TableSection&, std::vector<store::Value>&& row) override {
    pending_.push_back(std::move(row));
    return pending_.size() >= kBatchRows ? Flush() : Status::Ok();
  }

  Status OnEnd(const BackupManifest&) override { return Flush(); }

 private:
  static std::string Join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
  }

  Status Flush() {
    if (pending_.empty()) return Status::Ok();
    Status s = InsertRows(tx_, table_, columns_, pending_);
    pending_.clear();
    return s;
  }

  store::Tx& tx_;
  std::string table_;
  std::vector<std::string> columns_;
  std::vector<std::vector<store::Value>> pending_;
};

Status CheckTables(const BackupManifest& manifest) {
  const auto& expected = store::TablesInOrder();
  bool same = manifest.tables.size() == expected.size();
  for (size_t i = 0; same && i < expected.size(); ++i) same = manifest.tables[i].name == expected[i];
  if (!same) {
    return FailedPrecondition("restore: the backup's tables are not the ones this kinship binary knows, in order");
  }
  return Status::Ok();
}

Status CountsMatch(store::Tx& tx, const BackupManifest& manifest) {
  for (const auto& t : manifest.tables) {
    KINSHIP_ASSIGN_OR_RETURN(int64_t n, CountRows(tx, t.name));
    if (n != t.rows) {
      return FailedPrecondition("restore: table " + t.name + " has " + std::to_string(n) + " rows, the backup " +
                                std::to_string(t.rows));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<BackupSummary> WriteBackup(store::Database& db, const std::string& path) {
  const std::string tmp = path + ".tmp";
  BackupFile file(tmp);
  KINSHIP_RETURN_IF_ERROR(file.Open());
  BackupSummary summary;
  Status s = db.Read([&](store::Tx& tx) -> Status {
    auto version = RecordedSchemaVersion(tx);
    if (!version.ok()) {
      return FailedPrecondition("backup: " + db.Describe() + " is not a Kinship database (no schema version)");
    }
    if (*version != store::LatestSchemaVersion()) {
      return FailedPrecondition("backup: the database schema is at version " + std::to_string(*version) +
                                ", this binary knows version " + std::to_string(store::LatestSchemaVersion()) +
                                "; use the kinship binary that matches it (or run `kinship migrate` first)");
    }
    summary.schema_version = *version;
    nlohmann::ordered_json header = {{"format", std::string(kFormatName)},
                                     {"version", kFormatVersion},
                                     {"schema_version", *version},
                                     {"created_at", NowIso()},
                                     {"source", tx.backend() == store::Backend::kSqlite ? "sqlite" : "postgres"}};
    KINSHIP_RETURN_IF_ERROR(file.WriteLine(header.dump()));
    for (std::string_view table : store::TablesInOrder()) {
      KINSHIP_ASSIGN_OR_RETURN(int64_t n, WriteTable(tx, table, file));
      summary.rows.emplace_back(std::string(table), n);
      summary.total_rows += n;
    }
    return Status::Ok();
  });
  if (s.ok()) {
    nlohmann::ordered_json rows = nlohmann::ordered_json::object();
    for (const auto& [table, n] : summary.rows) rows[table] = n;
    summary.checksum = file.Digest();
    nlohmann::ordered_json trailer = {{"end", true}, {"rows", rows}, {"checksum", summary.checksum}};
    s = file.WriteLine(trailer.dump());
  }
  if (s.ok()) s = file.Finish();
  if (s.ok() && std::rename(tmp.c_str(), path.c_str()) != 0) {
    s = Internal("backup: cannot rename " + tmp + " to " + path + ": " + ErrnoText());
  }
  if (!s.ok()) {
    std::remove(tmp.c_str());
    return s;
  }
  SyncDirectoryOf(path);
  return summary;
}

Result<BackupManifest> VerifyBackupFile(const std::string& path) {
  NoVisitor visitor;
  return ScanBackup(path, visitor);
}

Result<bool> IsEmptyDatabase(store::Database& db) {
  bool empty = true;
  Status s = db.Read([&](store::Tx& tx) -> Status {
    for (std::string_view table : store::TablesInOrder()) {
      if (!DescribeTable(tx, table).ok()) continue;  // not created yet
      KINSHIP_ASSIGN_OR_RETURN(int64_t n, CountRows(tx, table));
      if (n > 0) {
        empty = false;
        break;
      }
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return empty;
}

Status LoadBackup(store::Database& db, const std::string& path, const BackupManifest& manifest,
                  const store::TxFn& before_commit) {
  KINSHIP_RETURN_IF_ERROR(CheckTables(manifest));
  return db.WriteExclusive([&](store::Tx& tx) -> Status {
    Loader loader(tx);
    KINSHIP_ASSIGN_OR_RETURN(BackupManifest again, ScanBackup(path, loader));
    if (again.checksum != manifest.checksum) {
      return InvalidArgument("restore: " + path + " changed while it was being restored");
    }
    KINSHIP_RETURN_IF_ERROR(CountsMatch(tx, manifest));
    return before_commit ? before_commit(tx) : Status::Ok();
  });
}

Status CheckRowCounts(store::Database& db, const BackupManifest& manifest) {
  return db.Read([&](store::Tx& tx) { return CountsMatch(tx, manifest); });
}

}  // namespace kinship::backup

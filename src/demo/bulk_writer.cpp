#include "demo/bulk_writer.h"

#include <algorithm>

namespace kinship::demo {

namespace {

// Bound parameters per statement: SQLite allows 32,766 and PostgreSQL 65,535, but past a few
// thousand neither gets faster; SQLite is fastest with short statements it steps often.
size_t RowsPerStatement(store::Backend backend, size_t columns) {
  const size_t params = backend == store::Backend::kSqlite ? 1000 : 20000;
  return std::max<size_t>(1, params / std::max<size_t>(1, columns));
}

}  // namespace

BulkWriter::BulkWriter(store::Database& db, size_t rows_per_transaction)
    : db_(db), rows_per_transaction_(rows_per_transaction) {}

int BulkWriter::Table(std::string_view name, std::vector<std::string_view> columns) {
  TableBuffer t;
  t.name = std::string(name);
  for (auto c : columns) t.columns.emplace_back(c);
  tables_.push_back(std::move(t));
  return static_cast<int>(tables_.size() - 1);
}

const std::string& BulkWriter::InsertSql(TableBuffer& t, size_t rows) {
  auto it = t.sql.find(rows);
  if (it != t.sql.end()) return it->second;
  std::string sql = "INSERT INTO " + t.name + " (";
  for (size_t c = 0; c < t.columns.size(); ++c) sql += (c ? ", " : "") + t.columns[c];
  sql += ") VALUES ";
  size_t n = 1;
  for (size_t r = 0; r < rows; ++r) {
    sql += r ? ", (" : "(";
    for (size_t c = 0; c < t.columns.size(); ++c) {
      sql += (c ? ", $" : "$") + std::to_string(n++);
    }
    sql += ")";
  }
  return t.sql.emplace(rows, std::move(sql)).first->second;
}

Status BulkWriter::WriteTable(store::Tx& tx, TableBuffer& t) {
  const size_t width = t.columns.size();
  if (t.values.size() % width != 0) {
    return Internal("demo: a row for " + t.name + " has the wrong number of values");
  }
  const size_t rows = t.values.size() / width;
  const size_t per = RowsPerStatement(tx.backend(), width);
  store::Params params;
  for (size_t first = 0; first < rows; first += per) {
    const size_t n = std::min(per, rows - first);
    params.assign(std::make_move_iterator(t.values.begin() + static_cast<ptrdiff_t>(first * width)),
                  std::make_move_iterator(t.values.begin() + static_cast<ptrdiff_t>((first + n) * width)));
    auto done = tx.Exec(InsertSql(t, n), params);
    if (!done.ok()) return Status(done.status().code(), "demo: writing " + t.name + ": " + done.status().message());
  }
  t.written += static_cast<int64_t>(rows);
  rows_written_ += static_cast<int64_t>(rows);
  t.values.clear();
  return Status::Ok();
}

Status BulkWriter::Flush() {
  if (pending_ == 0) return Status::Ok();
  Status s = db_.WriteExclusive([&](store::Tx& tx) -> Status {
    for (auto& t : tables_) {
      if (!t.values.empty()) KINSHIP_RETURN_IF_ERROR(WriteTable(tx, t));
    }
    return Status::Ok();
  });
  pending_ = 0;
  return s;
}

}  // namespace kinship::demo

// Writes many generated rows fast on either backend: rows are buffered per table and written
// with multi-row INSERT statements (a few dozen rows per statement on SQLite, hundreds on
// PostgreSQL), in large transactions of about rows_per_transaction rows each. Only for demo
// and benchmark data written into a fresh database: nothing else writes at the same time.
//
//   BulkWriter out(db);
//   const int t = out.Table("lots", {"program_id", "id", "item_id", "lot_number", "expires_on", "created_at"});
//   out.Add(t, program_id, id, item_id, "SY-2411", "2027-11-30", now);
//   KINSHIP_RETURN_IF_ERROR(out.MaybeFlush());   // writes once enough rows are pending
//   KINSHIP_RETURN_IF_ERROR(out.Flush());        // writes the rest
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace kinship::demo {

class BulkWriter {
 public:
  explicit BulkWriter(store::Database& db, size_t rows_per_transaction = 50000);

  // Declares a table and its columns; returns the handle for Add().
  int Table(std::string_view name, std::vector<std::string_view> columns);

  // Buffers one row; the values must be given in the declared column order.
  template <typename... V>
  void Add(int table, V&&... values) {
    TableBuffer& t = tables_[static_cast<size_t>(table)];
    static_assert(sizeof...(V) > 0);
    (t.values.emplace_back(std::forward<V>(values)), ...);
    ++pending_;
  }

  // Writes everything pending once at least rows_per_transaction rows are buffered.
  Status MaybeFlush() { return pending_ >= rows_per_transaction_ ? Flush() : Status::Ok(); }
  // Writes everything pending in one transaction. Returns the store's error, naming the table.
  Status Flush();

  int64_t rows_written() const { return rows_written_; }
  int64_t rows_written(int table) const { return tables_[static_cast<size_t>(table)].written; }

 private:
  struct TableBuffer {
    std::string name;
    std::vector<std::string> columns;
    std::vector<store::Value> values;  // rows one after another
    std::map<size_t, std::string> sql;  // rows per statement -> INSERT text
    int64_t written = 0;
  };
  Status WriteTable(store::Tx& tx, TableBuffer& t);
  const std::string& InsertSql(TableBuffer& t, size_t rows);

  store::Database& db_;
  size_t rows_per_transaction_;
  std::vector<TableBuffer> tables_;
  size_t pending_ = 0;
  int64_t rows_written_ = 0;
};

}  // namespace kinship::demo

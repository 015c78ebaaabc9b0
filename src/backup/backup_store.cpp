#include "backup/backup_store.h"

#include <algorithm>

namespace kinship::backup {

namespace {

// Both backends take "double quoted" identifiers.
std::string Quote(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string ColumnList(const std::vector<std::string>& columns) {
  std::string out;
  for (const auto& c : columns) out += (out.empty() ? "" : ", ") + Quote(c);
  return out;
}

// Stay well below SQLite's 32766 and PostgreSQL's 65535 bound parameters per statement.
constexpr size_t kMaxParams = 4000;

}  // namespace

Result<TableShape> DescribeTable(store::Tx& tx, std::string_view table) {
  TableShape shape;
  if (tx.backend() == store::Backend::kSqlite) {
    KINSHIP_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT name, pk FROM pragma_table_info($1) ORDER BY cid",
                                                 {std::string(table)}));
    std::vector<std::pair<int64_t, std::string>> key;
    for (const auto& r : rows) {
      shape.columns.push_back(r.Text(0));
      if (r.Int(1) > 0) key.emplace_back(r.Int(1), r.Text(0));
    }
    std::sort(key.begin(), key.end());
    for (auto& [pos, name] : key) shape.primary_key.push_back(std::move(name));
  } else {
    KINSHIP_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT column_name FROM information_schema.columns "
                                                 "WHERE table_schema = current_schema() AND table_name = $1 "
                                                 "ORDER BY ordinal_position",
                                                 {std::string(table)}));
    for (const auto& r : rows) shape.columns.push_back(r.Text(0));
    KINSHIP_ASSIGN_OR_RETURN(
        auto key, tx.Query("SELECT k.column_name FROM information_schema.table_constraints c "
                           "JOIN information_schema.key_column_usage k ON k.constraint_schema = c.constraint_schema "
                           "AND k.constraint_name = c.constraint_name AND k.table_name = c.table_name "
                           "WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = current_schema() "
                           "AND c.table_name = $1 ORDER BY k.ordinal_position",
                           {std::string(table)}));
    for (const auto& r : key) shape.primary_key.push_back(r.Text(0));
  }
  if (shape.columns.empty()) return NotFound("backup: the database has no table " + std::string(table));
  return shape;
}

Result<int> RecordedSchemaVersion(store::Tx& tx) {
  KINSHIP_ASSIGN_OR_RETURN(auto shape, DescribeTable(tx, "schema_version"));
  (void)shape;
  KINSHIP_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT version FROM schema_version"));
  if (rows.empty()) return NotFound("backup: the database has no schema version");
  return static_cast<int>(rows[0].Int(0));
}

Result<store::Rows> ReadRowsAfter(store::Tx& tx, std::string_view table, const TableShape& shape,
                                  const std::vector<store::Value>& after, int limit) {
  std::string sql = "SELECT " + ColumnList(shape.columns) + " FROM " + Quote(table);
  if (shape.primary_key.empty()) return tx.Query(sql);
  store::Params params;
  if (!after.empty()) {
    std::string placeholders;
    for (size_t i = 0; i < after.size(); ++i) {
      placeholders += (i ? ", $" : "$") + std::to_string(i + 1);
      params.push_back(after[i]);
    }
    sql += " WHERE (" + ColumnList(shape.primary_key) + ") > (" + placeholders + ")";
  }
  sql += " ORDER BY " + ColumnList(shape.primary_key) + " LIMIT " + std::to_string(limit);
  return tx.Query(sql, params);
}

Result<int64_t> CountRows(store::Tx& tx, std::string_view table) {
  KINSHIP_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT COUNT(*) FROM " + Quote(table)));
  return rows.at(0).Int(0);
}

Status InsertRows(store::Tx& tx, std::string_view table, const std::vector<std::string>& columns,
                  const std::vector<std::vector<store::Value>>& rows) {
  const size_t per_statement = std::max<size_t>(1, kMaxParams / columns.size());
  const std::string head = "INSERT INTO " + Quote(table) + " (" + ColumnList(columns) + ") VALUES ";
  for (size_t start = 0; start < rows.size(); start += per_statement) {
    const size_t end = std::min(rows.size(), start + per_statement);
    std::string sql = head;
    store::Params params;
    params.reserve((end - start) * columns.size());
    for (size_t r = start; r < end; ++r) {
      sql += r == start ? "(" : ", (";
      for (size_t c = 0; c < columns.size(); ++c) {
        params.push_back(rows[r][c]);
        sql += (c ? ", $" : "$") + std::to_string(params.size());
      }
      sql += ")";
    }
    auto done = tx.Exec(sql, params);
    if (!done.ok()) {
      return Status(done.status().code(), "backup: unable to restore rows of " + std::string(table) + ": " +
                                              done.status().message());
    }
  }
  return Status::Ok();
}

Status DeleteAllRows(store::Tx& tx, std::string_view table) {
  return tx.Exec("DELETE FROM " + Quote(table)).status();
}

}  // namespace kinship::backup

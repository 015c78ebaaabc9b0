// SQL for backup and restore: what columns and primary key a table has (asked of the
// database itself, so a backup always matches the schema it came from), reading rows in
// primary-key pages, and inserting rows in batches. Table names come from
// store::TablesInOrder(); column names are checked against the database before use.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace kinship::backup {

struct TableShape {
  std::vector<std::string> columns;      // in the table's order
  std::vector<std::string> primary_key;  // in key order; empty when the table has none
};

// kNotFound when the table does not exist.
Result<TableShape> DescribeTable(store::Tx& tx, std::string_view table);

// The schema version recorded in the database. kNotFound when it has none (not a Kinship
// database, or never migrated).
Result<int> RecordedSchemaVersion(store::Tx& tx);

// Up to limit rows of table ordered by its primary key, starting after the key values in
// after (empty: from the first row). A table without a primary key is read whole.
Result<store::Rows> ReadRowsAfter(store::Tx& tx, std::string_view table, const TableShape& shape,
                                  const std::vector<store::Value>& after, int limit);

Result<int64_t> CountRows(store::Tx& tx, std::string_view table);

// Inserts rows (each with one value per column) with as few statements as the
// backends' parameter limits allow.
Status InsertRows(store::Tx& tx, std::string_view table, const std::vector<std::string>& columns,
                  const std::vector<std::vector<store::Value>>& rows);

Status DeleteAllRows(store::Tx& tx, std::string_view table);

}  // namespace kinship::backup

// The backup file format: backend-neutral JSON lines, so a backup taken from SQLite
// restores into PostgreSQL and back. A header line, then per table a line naming its
// columns followed by one JSON array per row, then a trailer with row counts and the
// BLAKE2b checksum of every byte before it:
//
//   {"format":"kinship-backup","version":1,"schema_version":1,"created_at":"...","source":"sqlite"}
//   {"table":"sites","columns":["program_id","id","name",...]}
//   ["0190...","0191...","Main street",...]
//   {"end":true,"rows":{"sites":1,...},"checksum":"<64 hex>"}
//
// Cells are JSON null, integers, floats or strings. ScanBackup reads a file once, checking
// its structure and checksum as it goes, and hands each table and row to a visitor.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.h"
#include "core/status.h"
#include "store/database.h"

namespace kinship::backup {

using crypto::StreamDigest;

inline constexpr std::string_view kFormatName = "kinship-backup";
inline constexpr int kFormatVersion = 1;

struct BackupHeader {
  int format_version = 0;
  int schema_version = 0;
  std::string created_at;
  std::string source;  // "sqlite" or "postgres"
};

struct TableSection {
  std::string name;
  std::vector<std::string> columns;
  int64_t rows = 0;
};

// What a verified backup holds, from its header and trailer.
struct BackupManifest {
  BackupHeader header;
  std::vector<TableSection> tables;  // in file order
  int64_t total_rows = 0;
  std::string checksum;
};

// Receives a backup's content while ScanBackup reads it. Returning an error stops the scan
// with that error.
class BackupVisitor {
 public:
  virtual ~BackupVisitor() = default;
  virtual Status OnHeader(const BackupHeader&) { return Status::Ok(); }
  virtual Status OnTable(const TableSection&) { return Status::Ok(); }
  virtual Status OnRow(const TableSection&, std::vector<store::Value>&&) { return Status::Ok(); }
  // After the trailer has been read and the checksum verified.
  virtual Status OnEnd(const BackupManifest&) { return Status::Ok(); }
};

// Reads the backup at path from start to end. Returns kNotFound when the file cannot be
// opened, kInvalidArgument (the message says what and on which line) when it is not an
// intact backup: malformed or truncated, rows that do not match their columns, counts that
// do not match the trailer, or a checksum mismatch. Visitor errors are returned as they are.
Result<BackupManifest> ScanBackup(const std::string& path, BackupVisitor& visitor);

// A cell as JSON. kInvalidArgument for a number that is not finite (JSON has none).
Result<nlohmann::json> CellToJson(const store::Value& v);
// A JSON cell as a Value. kInvalidArgument for booleans, arrays and objects.
Result<store::Value> CellFromJson(const nlohmann::json& j);

}  // namespace kinship::backup

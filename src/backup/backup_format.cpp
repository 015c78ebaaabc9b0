#include "backup/backup_format.h"

#include <cmath>
#include <cstring>
#include <fstream>
#include <set>

namespace kinship::backup {

namespace {

Status Bad(int64_t line, const std::string& what) {
  return InvalidArgument("backup: line " + std::to_string(line) + ": " + what);
}

}  // namespace

Result<nlohmann::json> CellToJson(const store::Value& v) {
  if (v.is_null()) return nlohmann::json(nullptr);
  if (v.is_int()) return nlohmann::json(v.AsInt());
  if (v.is_real()) {
    if (!std::isfinite(v.AsReal())) return InvalidArgument("backup: a number is not finite");
    return nlohmann::json(v.AsReal());
  }
  return nlohmann::json(v.AsText());
}

Result<store::Value> CellFromJson(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::null:
      return store::Value();
    case nlohmann::json::value_t::number_integer:
      return store::Value(j.get<int64_t>());
    case nlohmann::json::value_t::number_unsigned: {
      const uint64_t u = j.get<uint64_t>();
      if (u > static_cast<uint64_t>(INT64_MAX)) return InvalidArgument("an integer is out of range");
      return store::Value(static_cast<int64_t>(u));
    }
    case nlohmann::json::value_t::number_float:
      return store::Value(j.get<double>());
    case nlohmann::json::value_t::string:
      return store::Value(j.get<std::string>());
    default:
      return InvalidArgument("a cell must be null, a number or a string");
  }
}

namespace {

Status ParseHeader(const nlohmann::json& j, BackupHeader* h) {
  if (!j.is_object() || j.value("format", "") != kFormatName) {
    return Bad(1, "not a Kinship backup (the first line is not a kinship-backup header)");
  }
  if (!j.contains("version") || !j["version"].is_number_integer() || !j.contains("schema_version") ||
      !j["schema_version"].is_number_integer()) {
    return Bad(1, "the header needs integer version and schema_version");
  }
  h->format_version = j["version"].get<int>();
  h->schema_version = j["schema_version"].get<int>();
  h->created_at = j.value("created_at", "");
  h->source = j.value("source", "");
  if (h->format_version != kFormatVersion) {
    return Bad(1, "backup format version " + std::to_string(h->format_version) + " is not supported (this binary reads " +
                      std::to_string(kFormatVersion) + ")");
  }
  return Status::Ok();
}

Status ParseTable(const nlohmann::json& j, int64_t line, TableSection* t) {
  if (!j.contains("table") || !j["table"].is_string() || !j.contains("columns") || !j["columns"].is_array() ||
      j["columns"].empty()) {
    return Bad(line, "expected a table line {\"table\":...,\"columns\":[...]}");
  }
  t->name = j["table"].get<std::string>();
  t->columns.clear();
  for (const auto& c : j["columns"]) {
    if (!c.is_string()) return Bad(line, "column names must be strings");
    t->columns.push_back(c.get<std::string>());
  }
  return Status::Ok();
}

Status CheckTrailer(const nlohmann::json& j, int64_t line, const BackupManifest& m, const std::string& digest) {
  if (!j.contains("rows") || !j["rows"].is_object() || !j.contains("checksum") || !j["checksum"].is_string()) {
    return Bad(line, "the trailer needs rows and checksum");
  }
  const auto& rows = j["rows"];
  if (rows.size() != m.tables.size()) return Bad(line, "the trailer lists a different set of tables than the file");
  for (const auto& t : m.tables) {
    if (!rows.contains(t.name) || !rows[t.name].is_number_integer() || rows[t.name].get<int64_t>() != t.rows) {
      return Bad(line, "table " + t.name + " has " + std::to_string(t.rows) + " rows but the trailer says " +
                           (rows.contains(t.name) ? rows[t.name].dump() : std::string("nothing")));
    }
  }
  if (j["checksum"].get<std::string>() != digest) {
    return Bad(line, "checksum mismatch: the file was changed or damaged after it was written");
  }
  return Status::Ok();
}

// What ScanBackup knows so far about the file it reads.
struct ScanState {
  BackupManifest manifest;
  StreamDigest digest;  // of every line before the current one
  std::set<std::string> seen;
  TableSection* current = nullptr;  // the table whose rows follow
  bool ended = false;
};

Status ScanRow(const nlohmann::json& j, int64_t n, BackupVisitor& visitor, ScanState& st) {
  if (st.current == nullptr) return Bad(n, "a row before any table line");
  if (j.size() != st.current->columns.size()) {
    return Bad(n, "a row of table " + st.current->name + " has " + std::to_string(j.size()) + " cells for " +
                      std::to_string(st.current->columns.size()) + " columns");
  }
  std::vector<store::Value> row;
  row.reserve(j.size());
  for (const auto& cell : j) {
    auto v = CellFromJson(cell);
    if (!v.ok()) return Bad(n, v.status().message());
    row.push_back(std::move(*v));
  }
  ++st.current->rows;
  ++st.manifest.total_rows;
  return visitor.OnRow(*st.current, std::move(row));
}

Status ScanLine(const nlohmann::json& j, int64_t n, BackupVisitor& visitor, ScanState& st) {
  BackupManifest& m = st.manifest;
  if (n == 1) {
    KINSHIP_RETURN_IF_ERROR(ParseHeader(j, &m.header));
    return visitor.OnHeader(m.header);
  }
  if (j.is_array()) return ScanRow(j, n, visitor, st);
  if (j.is_object() && j.contains("end")) {
    m.checksum = st.digest.Hex();
    KINSHIP_RETURN_IF_ERROR(CheckTrailer(j, n, m, m.checksum));
    st.ended = true;
    return Status::Ok();
  }
  if (!j.is_object()) return Bad(n, "expected a table line, a row or the trailer");
  TableSection t;
  KINSHIP_RETURN_IF_ERROR(ParseTable(j, n, &t));
  if (!st.seen.insert(t.name).second) return Bad(n, "table " + t.name + " appears twice");
  m.tables.push_back(std::move(t));
  st.current = &m.tables.back();
  return visitor.OnTable(*st.current);
}

}  // namespace

Result<BackupManifest> ScanBackup(const std::string& path, BackupVisitor& visitor) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("backup: cannot open " + path);
  ScanState st;
  std::string line;
  int64_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (in.eof()) return Bad(n, "the last line is incomplete: the file is truncated");
    if (st.ended) return Bad(n, "there is data after the trailer");
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) return Bad(n, "not valid JSON (truncated or damaged?)");
    try {
      KINSHIP_RETURN_IF_ERROR(ScanLine(j, n, visitor, st));
    } catch (const nlohmann::json::exception& e) {  // a value of an unexpected type
      return Bad(n, std::string("unexpected content: ") + e.what());
    }
    st.digest.Update(line);
    st.digest.Update("\n");
  }
  if (in.bad()) return Internal("backup: error reading " + path);
  if (n == 0) return Bad(1, "the file is empty");
  if (!st.ended) return Bad(n, "the trailer is missing: the file is truncated");
  KINSHIP_RETURN_IF_ERROR(visitor.OnEnd(st.manifest));
  return std::move(st.manifest);
}

}  // namespace kinship::backup

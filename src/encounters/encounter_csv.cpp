#include "encounters/encounter_csv.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/csv.h"
#include "core/ids.h"
#include "encounters/calendar.h"
#include "encounters/dashboard_store.h"
#include "encounters/encounter_service.h"
#include "encounters/encounter_store.h"

namespace kinship::encounters {

namespace {

const std::vector<std::string_view> kFixedColumns = {
    "id", "occurred_at", "site", "mode", "area", "participant_code", "returned_syringes", "returned_containers",
    "services", "for_others_people", "voided"};
constexpr std::string_view kItemPrefix = "item:";

std::optional<int64_t> WholeNumber(std::string_view s) {
  if (s.empty() || s.size() > 12) return std::nullopt;
  const bool negative = s[0] == '-';
  if (negative) s.remove_prefix(1);
  if (s.empty() || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  int64_t n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return negative ? -n : n;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// An item column of an import file: "item:<name>" naming an item of the program.
struct ItemColumn {
  size_t index;
  std::string item_id;
  std::string header;
};

// What the header row says: the item columns, or the errors of line 1.
struct ImportHeader {
  std::vector<ItemColumn> item_columns;
  std::map<std::string, std::string> header_of_item;  // item id → its column
  std::vector<FieldError> errors;
};

ImportHeader ReadHeader(const CsvTable& table, const std::vector<ItemFacts>& items) {
  ImportHeader out;
  for (size_t c = 0; c < table.header.size(); ++c) {
    const std::string& h = table.header[c];
    const std::string lower = Lower(h);
    if (lower.rfind(kItemPrefix, 0) == 0) {
      const std::string name = Lower(std::string_view(h).substr(kItemPrefix.size()));
      auto it = std::find_if(items.begin(), items.end(), [&](const ItemFacts& i) { return Lower(i.name) == name; });
      if (it == items.end()) {
        out.errors.push_back({"line 1: " + h, "is not an item of this program"});
      } else {
        out.item_columns.push_back({c, it->id, h});
        out.header_of_item[it->id] = h;
      }
    } else if (std::find(kFixedColumns.begin(), kFixedColumns.end(), lower) == kFixedColumns.end()) {
      out.errors.push_back({"line 1: " + h, "is not a known column (see the export for the columns)"});
    }
  }
  if (table.Column("site") < 0) out.errors.push_back({"line 1: site", "the column is required"});
  return out;
}

// "education; testing" → {"education", "testing"}.
std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const size_t semi = text.find(';');
    std::string part(text.substr(0, semi));
    part.erase(0, part.find_first_not_of(' '));
    part.erase(part.find_last_not_of(' ') + 1);
    if (!part.empty()) out.push_back(part);
    if (semi == std::string_view::npos) break;
    text.remove_prefix(semi + 1);
  }
  return out;
}

// Reads one data row into an EncounterInput; the cells it cannot read become errors named
// "line N: column" (the service checks the rest, under the same names).
class RowReader {
 public:
  RowReader(const CsvTable& table, const CsvRow& row, std::vector<FieldError>& errors)
      : table_(table), row_(row), prefix_("line " + std::to_string(row.line) + ": "), errors_(errors) {}

  const std::string& prefix() const { return prefix_; }

  Result<EncounterInput> Read(store::Tx& tx, const std::string& program_id,
                              const std::map<std::string, std::string>& site_by_name,
                              const std::vector<ItemColumn>& item_columns) {
    EncounterInput in;
    const std::string site = Cell("site");
    if (site.empty()) {
      Error("site", "is required");
    } else if (auto it = site_by_name.find(Lower(site)); it == site_by_name.end()) {
      Error("site", "is not a site of this program");
    } else {
      in.site_id = it->second;
    }
    if (const std::string t = Cell("occurred_at"); !t.empty()) {
      if (auto parsed = ParseTime(t)) {
        in.occurred_at = FormatTime(*parsed);
      } else if (ParseTimeMillis(t)) {
        in.occurred_at = t;  // centuries away: the time window refuses it with the right words
      } else {
        Error("occurred_at", "must be a UTC time as YYYY-MM-DDTHH:MM:SSZ");
      }
    }
    if (const std::string m = Cell("mode"); !m.empty()) in.mode = m;
    if (const std::string a = Cell("area"); !a.empty()) in.area = a, in.area_present = true;
    if (const std::string code = Cell("participant_code"); !code.empty()) {
      in.participant_present = true;
      auto id = ParticipantByDisplayCode(tx, program_id, code);
      if (!id.ok() && id.status().code() != StatusCode::kNotFound) return id.status();
      if (id.ok()) {
        in.participant_id = *id;
      } else {
        Error("participant_code", "is not a participant code of this program");
      }
    }
    in.returned_syringes = Count("returned_syringes");
    in.returned_containers = Count("returned_containers");
    in.for_others_people = Count("for_others_people");
    if (const std::string s = Cell("services"); !s.empty()) in.services = SplitList(s);
    in.items.emplace();
    for (const auto& col : item_columns) {
      const std::string& v = row_.cells[col.index];
      if (v.empty()) continue;
      auto q = WholeNumber(v);
      if (!q) {
        Error(col.header, "must be a whole number");
      } else if (*q != 0) {
        ItemLine line;
        line.item_id = col.item_id;
        line.quantity = *q;
        line.column = prefix_ + col.header;
        in.items->push_back(std::move(line));
      }
    }
    return in;
  }

 private:
  std::string Cell(std::string_view column) const {
    const int c = table_.Column(column);
    return c < 0 ? std::string() : row_.cells[static_cast<size_t>(c)];
  }
  void Error(std::string_view column, std::string message) {
    errors_.push_back({prefix_ + std::string(column), std::move(message)});
  }
  std::optional<int64_t> Count(std::string_view column) {
    const std::string v = Cell(column);
    if (v.empty()) return std::nullopt;
    auto n = WholeNumber(v);
    if (!n) Error(column, "must be a whole number");
    return n;
  }

  const CsvTable& table_;
  const CsvRow& row_;
  std::string prefix_;
  std::vector<FieldError>& errors_;
};

// Logs one row's encounter; its failures become errors of the row (a shortage names the
// item's column). Returns only the errors that are not the row's fault.
Status ImportRow(store::Tx& tx, const WriteScope& scope, const EncounterInput& in, const std::string& prefix,
                 const ImportHeader& header, std::vector<FieldError>& errors, int64_t& imported) {
  FieldNames names;
  names.prefix = prefix;
  names.site_id = "site";
  names.participant_id = "participant_code";
  auto created = CreateEncounterInTx(tx, scope, in, names);
  if (created.ok()) {
    ++imported;
    return Status::Ok();
  }
  const Status& s = created.status();
  if (s.code() == StatusCode::kValidation) {
    for (const auto& e : s.field_errors()) errors.push_back(e);
  } else if (s.code() == StatusCode::kFailedPrecondition && !s.extra().empty()) {
    // The rows before it stay dispensed in this transaction, which is rolled back as a whole.
    auto extra = nlohmann::json::parse(s.extra(), nullptr, false);
    const std::string item_id = extra.is_object() ? extra.value("item_id", "") : "";
    auto column = header.header_of_item.find(item_id);
    errors.push_back({prefix + (column == header.header_of_item.end() ? "items" : column->second), s.message()});
  } else {
    return s;
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> ExportEncountersCsv(store::Database& db, const std::string& program_id,
                                        const std::optional<std::string>& from_day,
                                        const std::optional<std::string>& to_day) {
  CsvWriter csv;
  Status st = db.Read([&](store::Tx& tx) -> Status {
    csv = CsvWriter();
    EncounterFilter filter;
    if (from_day) filter.from_time = *from_day + "T00:00:00.000Z";
    if (to_day) filter.until_time = AddDays(*to_day, 1) + "T00:00:00.000Z";
    filter.limit = static_cast<int>(kMaxExportRows + 1);
    KINSHIP_ASSIGN_OR_RETURN(std::vector<Encounter> list, ListEncounters(tx, program_id, filter));
    if (list.size() > kMaxExportRows) {
      return FieldInvalid("from", "the range holds more than " + std::to_string(kMaxExportRows) +
                                      " encounters; export a shorter range");
    }
    std::reverse(list.begin(), list.end());
    KINSHIP_ASSIGN_OR_RETURN(std::vector<ItemFacts> items, ListItems(tx, program_id));
    KINSHIP_ASSIGN_OR_RETURN(std::vector<SiteName> sites, SiteNames(tx, program_id));
    std::map<std::string, std::string> site_names;
    for (const auto& s : sites) site_names[s.id] = s.name;
    std::set<std::string> used;
    for (const auto& e : list) {
      for (const auto& i : e.items) used.insert(i.item_id);
    }
    // Every active item, and archived ones only where they were given.
    std::vector<const ItemFacts*> columns;
    for (const auto& i : items) {
      if (!i.archived || used.count(i.id)) columns.push_back(&i);
    }
    std::vector<std::string> header(kFixedColumns.begin(), kFixedColumns.end());
    for (const auto* i : columns) header.push_back(std::string(kItemPrefix) + i->name);
    csv.Row(header);
    for (const auto& e : list) {
      std::string services;
      for (const auto& s : e.services) services += (services.empty() ? "" : ";") + s;
      std::vector<std::string> cells = {e.id,
                                        e.occurred_at,
                                        site_names[e.site_id],
                                        e.mode,
                                        e.area.value_or(""),
                                        e.display_code.value_or(""),
                                        CsvWriter::Number(e.returned_syringes),
                                        CsvWriter::Number(e.returned_containers),
                                        services,
                                        CsvWriter::Number(e.for_others_people),
                                        e.voided ? "true" : "false"};
      std::map<std::string, int64_t> quantities;
      for (const auto& i : e.items) quantities[i.item_id] = i.quantity;
      for (const auto* i : columns) {
        auto q = quantities.find(i->id);
        cells.push_back(q == quantities.end() ? "" : CsvWriter::Number(q->second));
      }
      csv.Row(cells);
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return csv.Take();
}

Result<int64_t> ImportEncountersCsv(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                                    std::string_view text) {
  auto parsed = ParseCsv(text);
  if (!parsed.ok()) return FieldInvalid("file", parsed.status().message());
  const CsvTable& table = *parsed;
  int64_t imported = 0;
  Status st = db.Write([&](store::Tx& tx) -> Status {
    imported = 0;
    std::vector<FieldError> errors;
    KINSHIP_ASSIGN_OR_RETURN(programs::ProgramSettings settings, programs::LoadSettings(tx, actor.program_id));
    const WriteScope scope{audit, actor, std::move(settings), Now()};
    KINSHIP_ASSIGN_OR_RETURN(std::vector<ItemFacts> items, ListItems(tx, actor.program_id));
    KINSHIP_ASSIGN_OR_RETURN(std::vector<SiteName> sites, SiteNames(tx, actor.program_id));
    std::map<std::string, std::string> site_by_name;  // lower-case name → id
    for (const auto& s : sites) site_by_name[Lower(s.name)] = s.id;
    ImportHeader header = ReadHeader(table, items);
    if (!header.errors.empty()) return ValidationFailed(std::move(header.errors));
    for (const auto& row : table.rows) {
      if (errors.size() >= kMaxImportErrors) break;
      const size_t before = errors.size();
      RowReader reader(table, row, errors);
      KINSHIP_ASSIGN_OR_RETURN(EncounterInput in, reader.Read(tx, actor.program_id, site_by_name, header.item_columns));
      if (errors.size() > before) continue;
      KINSHIP_RETURN_IF_ERROR(ImportRow(tx, scope, in, reader.prefix(), header, errors, imported));
    }
    if (!errors.empty()) {
      if (errors.size() > kMaxImportErrors) errors.resize(kMaxImportErrors);
      return ValidationFailed(std::move(errors));
    }
    return audit.Append(tx, {actor.program_id, actor.user_id, "encounter", NewId(), "import",
                             {{"rows", imported}}});
  });
  if (!st.ok()) return st;
  return imported;
}

}  // namespace kinship::encounters

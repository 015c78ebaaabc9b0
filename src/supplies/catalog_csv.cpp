#include "supplies/catalog_csv.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "core/clock.h"
#include "core/csv.h"
#include "core/ids.h"
#include "core/text.h"
#include "supplies/catalog_service.h"
#include "supplies/default_catalog.h"
#include "supplies/item_store.h"
#include "supplies/lot_store.h"
#include "supplies/references.h"
#include "supplies/stock_service.h"
#include "supplies/stock_store.h"

namespace kinship::supplies {

namespace {

constexpr size_t kMaxImportErrors = 100;
constexpr CsvLimits kImportLimits{.max_rows = 10000, .max_columns = 20, .max_cell_chars = 2000};
constexpr int64_t kMaxQuantity = 1000000;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Trim(std::string_view s) {
  const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

std::optional<int64_t> WholeNumber(std::string_view s) {
  if (s.empty() || s.size() > 12 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  int64_t n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

bool IsDay(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  const int y = std::stoi(std::string(s.substr(0, 4))), m = std::stoi(std::string(s.substr(5, 2))),
            d = std::stoi(std::string(s.substr(8, 2)));
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return y >= 1900 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

// The cells of one row, read by column name; errors are named "line N: column".
struct RowReader {
  const CsvTable& table;
  const CsvRow& row;
  std::vector<FieldError>& errors;

  std::string Cell(std::string_view column) const {
    const int c = table.Column(column);
    return c < 0 ? std::string() : Trim(row.cells[static_cast<size_t>(c)]);
  }
  void Error(std::string_view column, std::string message) const {
    errors.push_back({"line " + std::to_string(row.line) + ": " + std::string(column), std::move(message)});
  }
  // Text of 1..max characters without control characters; "" when invalid (and reported).
  std::string Text(std::string_view column, size_t max) const {
    std::string v = Cell(column);
    if (v.empty()) {
      Error(column, "is required");
    } else if (std::any_of(v.begin(), v.end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; })) {
      Error(column, "must not contain control characters");
      v.clear();
    } else if (Utf8Length(v) > max) {
      Error(column, "must be at most " + std::to_string(max) + " characters");
      v.clear();
    }
    return v;
  }
  // A whole number in [min, max]; empty gives fallback.
  std::optional<int64_t> Number(std::string_view column, int64_t min, int64_t max,
                                std::optional<int64_t> fallback) const {
    const std::string v = Cell(column);
    if (v.empty()) return fallback;
    auto n = WholeNumber(v);
    if (!n || *n < min || *n > max) {
      Error(column, "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
      return std::nullopt;
    }
    return n;
  }
};

// Checks the header: the required columns are there and every column is known.
void CheckHeader(const CsvTable& table, const std::vector<std::string_view>& required,
                 const std::vector<std::string_view>& optional, std::vector<FieldError>& errors) {
  for (const auto& h : table.header) {
    const std::string lower = Lower(h);
    if (std::find(required.begin(), required.end(), lower) == required.end() &&
        std::find(optional.begin(), optional.end(), lower) == optional.end()) {
      errors.push_back({"line 1: " + h, "is not a known column"});
    }
  }
  for (auto r : required) {
    if (table.Column(r) < 0) errors.push_back({"line 1: " + std::string(r), "the column is required"});
  }
}

Result<CsvTable> Parse(std::string_view text) {
  auto parsed = ParseCsv(text, kImportLimits);
  if (!parsed.ok()) return FieldInvalid("file", parsed.status().message());
  return std::move(*parsed);
}

Status Refuse(std::vector<FieldError> errors) {
  if (errors.size() > kMaxImportErrors) errors.resize(kMaxImportErrors);
  return ValidationFailed(std::move(errors));
}

}  // namespace

Result<std::string> ExportItemsCsv(store::Database& db, const std::string& program_id) {
  CsvWriter csv;
  csv.Row({"name", "unit", "category", "reorder_threshold", "soft_limit"});
  Status st = db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(std::vector<Item> items, AllItems(tx, program_id));
    for (const auto& i : items) {
      if (i.archived) continue;
      csv.Row({i.name, i.unit, i.category, CsvWriter::Number(i.reorder_threshold),
               i.soft_limit ? CsvWriter::Number(*i.soft_limit) : ""});
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return csv.Take();
}

Result<int64_t> ImportItemsCsv(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                               std::string_view text) {
  KINSHIP_ASSIGN_OR_RETURN(CsvTable table, Parse(text));
  std::vector<FieldError> errors;
  CheckHeader(table, {"name", "unit", "category"}, {"reorder_threshold", "soft_limit"}, errors);
  if (!errors.empty()) return Refuse(std::move(errors));
  int64_t imported = 0;
  Status st = db.Write([&](store::Tx& tx) -> Status {
    imported = 0;
    errors.clear();
    KINSHIP_ASSIGN_OR_RETURN(std::vector<Item> existing, AllItems(tx, actor.program_id));
    std::map<std::string, const Item*> by_name;  // lower-case name
    for (const auto& i : existing) by_name[Lower(i.name)] = &i;
    std::map<std::string, size_t> line_of;  // lower-case name → first line in the file
    std::vector<Item> rows;
    for (const auto& row : table.rows) {
      if (errors.size() >= kMaxImportErrors) break;
      RowReader r{table, row, errors};
      Item i;
      i.name = r.Text("name", 120);
      i.unit = r.Text("unit", 40);
      i.category = r.Cell("category");
      if (std::find(kItemCategories.begin(), kItemCategories.end(), i.category) == kItemCategories.end()) {
        std::string choices;
        for (auto c : kItemCategories) choices += (choices.empty() ? "" : ", ") + std::string(c);
        r.Error("category", i.category.empty() ? "is required" : "must be one of: " + choices);
      }
      i.reorder_threshold = r.Number("reorder_threshold", 0, 1000000000, 0).value_or(0);
      i.soft_limit = r.Number("soft_limit", 1, kMaxQuantity, std::nullopt);
      if (!i.name.empty()) {
        auto [it, fresh] = line_of.emplace(Lower(i.name), row.line);
        if (!fresh) r.Error("name", "is listed twice (first on line " + std::to_string(it->second) + ")");
      }
      rows.push_back(std::move(i));
    }
    if (!errors.empty()) return Refuse(std::move(errors));

    const std::string now = NowIso();
    for (auto& i : rows) {
      auto found = by_name.find(Lower(i.name));
      if (found == by_name.end()) {
        i.id = NewId();
        i.program_id = actor.program_id;
        i.created_at = i.updated_at = now;
        KINSHIP_RETURN_IF_ERROR(InsertItem(tx, i));
        KINSHIP_RETURN_IF_ERROR(audit.Append(
            tx, {actor.program_id, actor.user_id, "item", i.id, "create", {{"category", i.category}, {"csv", true}}}));
      } else {
        Item updated = *found->second;
        if (updated.unit == i.unit && updated.category == i.category &&
            updated.reorder_threshold == i.reorder_threshold && updated.soft_limit == i.soft_limit) {
          ++imported;
          continue;  // nothing changes
        }
        updated.unit = i.unit;
        updated.category = i.category;
        updated.reorder_threshold = i.reorder_threshold;
        updated.soft_limit = i.soft_limit;
        updated.updated_at = now;
        KINSHIP_RETURN_IF_ERROR(UpdateItem(tx, updated));
        KINSHIP_RETURN_IF_ERROR(
            audit.Append(tx, {actor.program_id, actor.user_id, "item", updated.id, "update", {{"csv", true}}}));
      }
      ++imported;
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return imported;
}

Result<std::string> ExportLotsCsv(store::Database& db, const std::string& program_id) {
  CsvWriter csv;
  csv.Row({"item", "lot_number", "expires_on", "site", "quantity"});
  Status st = db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(std::vector<LotOnHand> lots, StockOnHand(tx, program_id));
    for (const auto& l : lots) {
      csv.Row({l.item_name, l.lot_number, l.expires_on.value_or(""), l.site_name, CsvWriter::Number(l.quantity)});
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return csv.Take();
}

Result<int64_t> ImportLotsCsv(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                              std::string_view text) {
  KINSHIP_ASSIGN_OR_RETURN(CsvTable table, Parse(text));
  std::vector<FieldError> errors;
  CheckHeader(table, {"item", "lot_number", "site", "quantity"}, {"expires_on"}, errors);
  if (!errors.empty()) return Refuse(std::move(errors));
  int64_t imported = 0;
  Status st = db.Write([&](store::Tx& tx) -> Status {
    imported = 0;
    errors.clear();
    KINSHIP_ASSIGN_OR_RETURN(std::vector<Item> items, AllItems(tx, actor.program_id));
    KINSHIP_ASSIGN_OR_RETURN(std::vector<SiteRow> sites, AllSites(tx, actor.program_id));
    std::map<std::string, const Item*> item_by_name;
    for (const auto& i : items) item_by_name[Lower(i.name)] = &i;
    std::map<std::string, const SiteRow*> site_by_name;
    for (const auto& s : sites) site_by_name[Lower(s.name)] = &s;

    struct Receipt {
      const Item* item = nullptr;
      const SiteRow* site = nullptr;
      std::string lot_number;
      std::optional<std::string> expires_on;
      int64_t quantity = 0;
      size_t line = 0;
    };
    std::vector<Receipt> receipts;
    // The expiry each (item, lot number) has, from the database or an earlier line.
    std::map<std::pair<std::string, std::string>, std::optional<std::string>> expiry_of;
    for (const auto& row : table.rows) {
      if (errors.size() >= kMaxImportErrors) break;
      RowReader r{table, row, errors};
      Receipt rc;
      rc.line = row.line;
      if (const std::string name = r.Text("item", 120); !name.empty()) {
        auto it = item_by_name.find(Lower(name));
        if (it == item_by_name.end()) {
          r.Error("item", "is not an item of this program");
        } else if (it->second->archived) {
          r.Error("item", "is archived");
        } else {
          rc.item = it->second;
        }
      }
      if (const std::string name = r.Text("site", 120); !name.empty()) {
        auto it = site_by_name.find(Lower(name));
        if (it == site_by_name.end()) {
          r.Error("site", "is not a site of this program");
        } else if (it->second->archived) {
          r.Error("site", "is archived");
        } else {
          rc.site = it->second;
        }
      }
      rc.lot_number = r.Text("lot_number", 64);
      if (const std::string day = r.Cell("expires_on"); !day.empty()) {
        if (IsDay(day)) {
          rc.expires_on = day;
        } else {
          r.Error("expires_on", "must be a date as YYYY-MM-DD");
        }
      }
      const std::string q = r.Cell("quantity");
      if (q.empty()) {
        r.Error("quantity", "is required");
      } else {
        rc.quantity = r.Number("quantity", 1, kMaxQuantity, std::nullopt).value_or(0);
      }
      if (rc.item != nullptr && !rc.lot_number.empty()) {
        const auto key = std::make_pair(rc.item->id, rc.lot_number);
        auto known = expiry_of.find(key);
        if (known == expiry_of.end()) {
          KINSHIP_ASSIGN_OR_RETURN(std::optional<Lot> lot,
                                   FindLotByNumber(tx, actor.program_id, rc.item->id, rc.lot_number));
          known = expiry_of.emplace(key, lot ? lot->expires_on : rc.expires_on).first;
        }
        if (rc.expires_on && known->second != rc.expires_on) {
          r.Error("expires_on", "lot " + rc.lot_number + " is already recorded as expiring on " +
                                    known->second.value_or("no date"));
        }
      }
      receipts.push_back(std::move(rc));
    }
    if (!errors.empty()) return Refuse(std::move(errors));

    for (const auto& rc : receipts) {
      const std::string expires_field = "line " + std::to_string(rc.line) + ": expires_on";
      KINSHIP_ASSIGN_OR_RETURN(Movement m, ReceiveIn(tx, audit, actor, rc.site->id, *rc.item, rc.lot_number,
                                                     rc.expires_on, rc.quantity, std::nullopt, expires_field));
      KINSHIP_RETURN_IF_ERROR(audit.Append(tx, {actor.program_id, actor.user_id, "stock", m.lot_id, "receive",
                                                {{"site_id", m.site_id},
                                                 {"item_id", m.item_id},
                                                 {"quantity", m.quantity},
                                                 {"csv", true}}}));
      ++imported;
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return imported;
}

}  // namespace kinship::supplies

#include "supplies/catalog_routes.h"

#include "http/json_body.h"
#include "http/paging.h"
#include "http/problem.h"
#include "supplies/catalog_csv.h"
#include "supplies/catalog_service.h"
#include "supplies/default_catalog.h"
#include "supplies/item_store.h"
#include "supplies/kit_store.h"
#include "supplies/lot_store.h"
#include "supplies/query_reader.h"

namespace kinship::supplies {

namespace {

constexpr http::StringRule kName{.min = 1, .max = 120};
constexpr http::StringRule kUnit{.min = 1, .max = 40};
constexpr http::StringRule kLotNumber{.min = 1, .max = 64};
constexpr int64_t kMaxThreshold = 1000000000;
constexpr int64_t kMaxQuantity = 1000000;
constexpr size_t kMaxKitItems = 100;

http::Response Created(const nlohmann::json& body, const std::string& location) {
  auto r = http::Json(201, body);
  r.SetHeader("Location", location);
  return r;
}

// Reads the fields of an item; on create, name, unit and category are required.
ItemInput ReadItem(http::BodyReader& body, bool create) {
  ItemInput in;
  if (create || body.has("name")) in.name = body.String("name", kName);
  if (create || body.has("unit")) in.unit = body.String("unit", kUnit);
  in.category = create ? std::optional<std::string>(body.Enum("category", kItemCategories))
                       : body.OptionalEnum("category", kItemCategories);
  if (!create && body.has("reorder_threshold")) {
    in.reorder_threshold = body.Int("reorder_threshold", 0, kMaxThreshold);  // null is not a threshold
  } else {
    in.reorder_threshold = body.OptionalInt("reorder_threshold", 0, kMaxThreshold);
  }
  in.soft_limit_present = body.has("soft_limit");
  in.soft_limit = body.OptionalInt("soft_limit", 1, kMaxQuantity);
  if (!create) in.archived = body.OptionalBool("archived");
  return in;
}

// Reads "items": [{"item_id", "quantity"}] of a kit (the service refuses an empty list).
std::vector<KitLineInput> ReadKitLines(http::BodyReader& body) {
  bool present = false;
  const auto elements = body.Array("items", kMaxKitItems, &present);
  if (!present) {
    body.AddError("items", "is required");
    return {};
  }
  std::vector<KitLineInput> out;
  for (size_t i = 0; i < elements.size(); ++i) {
    if (!elements[i].is_object()) {
      body.AddError(body.Element("items", i), "must be an object");
      continue;
    }
    http::BodyReader line(elements[i], body.Element("items", i));
    KitLineInput in;
    in.item_id = line.Id("item_id");
    in.quantity = line.Int("quantity", 1, kMaxQuantity);
    body.Absorb(line);
    out.push_back(std::move(in));
  }
  return out;
}

}  // namespace

http::Response HandleListItems(http::Context& ctx) {
  auto paging = http::ParsePaging(ctx.req);
  if (!paging.ok()) return http::ProblemFromStatus(paging.status());
  QueryReader q(ctx.req);
  const bool include_archived = q.Flag("include_archived");
  const std::string category = q.Enum("category", kItemCategories);
  if (Status s = q.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  nlohmann::json items = nlohmann::json::array();
  Status s = ctx.services.db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(auto list,
                             ListItems(tx, ctx.program_id(), include_archived, category, paging->after, paging->limit));
    for (const auto& i : list) items.push_back(ToJson(i));
    return Status::Ok();
  });
  if (!s.ok()) return http::ProblemFromStatus(s);
  return http::Json(200, http::ListEnvelope(std::move(items), *paging));
}

http::Response HandleGetItem(http::Context& ctx) {
  nlohmann::json out;
  Status s = ctx.services.db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(Item i, FindItem(tx, ctx.program_id(), ctx.Param("id")));
    out = ToJson(i);
    return Status::Ok();
  });
  if (!s.ok()) return http::ProblemFromStatus(s);
  return http::Json(200, out);
}

http::Response HandleCreateItem(http::Context& ctx) {
  http::BodyReader body(ctx.req.body);
  ItemInput in = ReadItem(body, true);
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  auto item = CreateItem(ctx.services.db, ctx.services.audit, ctx.who(), in);
  if (!item.ok()) return http::ProblemFromStatus(item.status());
  return Created(ToJson(*item), "/api/v1/items/" + item->id);
}

http::Response HandlePatchItem(http::Context& ctx) {
  http::BodyReader body(ctx.req.body);
  ItemInput in = ReadItem(body, false);
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  auto item = ChangeItem(ctx.services.db, ctx.services.audit, ctx.who(), ctx.Param("id"), in);
  if (!item.ok()) return http::ProblemFromStatus(item.status());
  return http::Json(200, ToJson(*item));
}

http::Response HandleListKits(http::Context& ctx) {
  auto paging = http::ParsePaging(ctx.req);
  if (!paging.ok()) return http::ProblemFromStatus(paging.status());
  QueryReader q(ctx.req);
  const bool include_archived = q.Flag("include_archived");
  if (Status s = q.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  nlohmann::json items = nlohmann::json::array();
  Status s = ctx.services.db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(auto list, ListKits(tx, ctx.program_id(), include_archived, paging->after, paging->limit));
    for (const auto& k : list) items.push_back(ToJson(k));
    return Status::Ok();
  });
  if (!s.ok()) return http::ProblemFromStatus(s);
  return http::Json(200, http::ListEnvelope(std::move(items), *paging));
}

http::Response HandleGetKit(http::Context& ctx) {
  nlohmann::json out;
  Status s = ctx.services.db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(Kit k, FindKit(tx, ctx.program_id(), ctx.Param("id")));
    out = ToJson(k);
    return Status::Ok();
  });
  if (!s.ok()) return http::ProblemFromStatus(s);
  return http::Json(200, out);
}

http::Response HandleCreateKit(http::Context& ctx) {
  http::BodyReader body(ctx.req.body);
  KitInput in;
  in.name = body.String("name", kName);
  in.items = ReadKitLines(body);
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  auto kit = CreateKit(ctx.services.db, ctx.services.audit, ctx.who(), in);
  if (!kit.ok()) return http::ProblemFromStatus(kit.status());
  return Created(ToJson(*kit), "/api/v1/kits/" + kit->id);
}

http::Response HandlePatchKit(http::Context& ctx) {
  http::BodyReader body(ctx.req.body);
  KitInput in;
  if (body.has("name")) in.name = body.String("name", kName);
  if (body.has("items")) in.items = ReadKitLines(body);
  in.archived = body.OptionalBool("archived");
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  auto kit = ChangeKit(ctx.services.db, ctx.services.audit, ctx.who(), ctx.Param("id"), in);
  if (!kit.ok()) return http::ProblemFromStatus(kit.status());
  return http::Json(200, ToJson(*kit));
}

http::Response HandleArchiveKit(http::Context& ctx) {
  KitInput in;
  in.archived = true;
  auto kit = ChangeKit(ctx.services.db, ctx.services.audit, ctx.who(), ctx.Param("id"), in);
  if (!kit.ok()) return http::ProblemFromStatus(kit.status());
  return http::NoContent();
}

http::Response HandleListLots(http::Context& ctx) {
  auto paging = http::ParsePaging(ctx.req);
  if (!paging.ok()) return http::ProblemFromStatus(paging.status());
  QueryReader q(ctx.req);
  const std::string item_id = q.Id("item_id");
  if (Status s = q.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  nlohmann::json items = nlohmann::json::array();
  Status s = ctx.services.db.Read([&](store::Tx& tx) -> Status {
    if (!item_id.empty()) KINSHIP_RETURN_IF_ERROR(FindItem(tx, ctx.program_id(), item_id).status());
    KINSHIP_ASSIGN_OR_RETURN(auto list, ListLots(tx, ctx.program_id(), item_id, paging->after, paging->limit));
    for (const auto& l : list) items.push_back(ToJson(l));
    return Status::Ok();
  });
  if (!s.ok()) return http::ProblemFromStatus(s);
  return http::Json(200, http::ListEnvelope(std::move(items), *paging));
}

http::Response HandleCreateLot(http::Context& ctx) {
  http::BodyReader body(ctx.req.body);
  LotInput in;
  in.item_id = body.Id("item_id");
  in.lot_number = body.String("lot_number", kLotNumber);
  in.expires_on = body.OptionalDate("expires_on");
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  auto lot = CreateLot(ctx.services.db, ctx.services.audit, ctx.who(), in);
  if (!lot.ok()) return http::ProblemFromStatus(lot.status());
  return http::Json(201, ToJson(*lot));
}

http::Response HandleExportItemsCsv(http::Context& ctx) {
  auto csv = ExportItemsCsv(ctx.services.db, ctx.program_id());
  if (!csv.ok()) return http::ProblemFromStatus(csv.status());
  return http::Csv(std::move(*csv), "items.csv");
}

http::Response HandleImportItemsCsv(http::Context& ctx) {
  auto imported = ImportItemsCsv(ctx.services.db, ctx.services.audit, ctx.who(), ctx.req.body);
  if (!imported.ok()) return http::ProblemFromStatus(imported.status());
  return http::Json(200, {{"imported", *imported}});
}

http::Response HandleExportLotsCsv(http::Context& ctx) {
  auto csv = ExportLotsCsv(ctx.services.db, ctx.program_id());
  if (!csv.ok()) return http::ProblemFromStatus(csv.status());
  return http::Csv(std::move(*csv), "lots.csv");
}

http::Response HandleImportLotsCsv(http::Context& ctx) {
  auto imported = ImportLotsCsv(ctx.services.db, ctx.services.audit, ctx.who(), ctx.req.body);
  if (!imported.ok()) return http::ProblemFromStatus(imported.status());
  return http::Json(200, {{"imported", *imported}});
}

}  // namespace kinship::supplies

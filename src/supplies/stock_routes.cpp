#include "supplies/stock_routes.h"

#include "core/clock.h"
#include "http/json_body.h"
#include "http/paging.h"
#include "http/problem.h"
#include "programs/program_settings.h"
#include "supplies/item_store.h"
#include "supplies/query_reader.h"
#include "supplies/references.h"
#include "supplies/stock_service.h"
#include "supplies/stock_store.h"

namespace kinship::supplies {

namespace {

constexpr http::StringRule kLotNumber{.min = 1, .max = 64};
constexpr http::StringRule kReason{.min = 1, .max = 200};
constexpr http::StringRule kOptionalReason{.min = 0, .max = 200};
constexpr int64_t kMaxQuantity = 1000000;
constexpr int64_t kMaxCounted = 1000000000;
constexpr size_t kMaxCounts = 500;
constexpr int64_t kMaxDays = 3650;

std::optional<std::string> EmptyIsNull(std::optional<std::string> s) {
  if (s && s->empty()) s.reset();
  return s;
}

http::Response Answer(const Result<StockResult>& r) {
  if (!r.ok()) return http::ProblemFromStatus(r.status());
  nlohmann::json movements = nlohmann::json::array();
  for (const auto& m : r->movements) movements.push_back(ToJson(m));
  nlohmann::json body = {{"movements", std::move(movements)}};
  if (r->transfer_id) body["transfer_id"] = *r->transfer_id;
  return http::Json(201, body);
}

bool Expired(const std::optional<std::string>& expires_on, const std::string& today) {
  return expires_on && *expires_on < today;
}

nlohmann::json Day(const std::optional<std::string>& day) { return day ? nlohmann::json(*day) : nlohmann::json(); }

}  // namespace

http::Response HandleReceiveStock(http::Context& ctx) {
  http::BodyReader body(ctx.req.body);
  ReceiveInput in;
  in.site_id = body.Id("site_id");
  in.item_id = body.Id("item_id");
  in.lot_number = body.String("lot_number", kLotNumber);
  in.expires_on = body.OptionalDate("expires_on");
  in.quantity = body.Int("quantity", 1, kMaxQuantity);
  in.reason = EmptyIsNull(body.OptionalString("reason", kOptionalReason));
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  return Answer(ReceiveStock(ctx.services.db, ctx.services.audit, ctx.who(), in));
}

http::Response HandleTransferStock(http::Context& ctx) {
  http::BodyReader body(ctx.req.body);
  TransferInput in;
  in.from_site_id = body.Id("from_site_id");
  in.to_site_id = body.Id("to_site_id");
  in.item_id = body.Id("item_id");
  in.quantity = body.Int("quantity", 1, kMaxQuantity);
  in.lot_id = body.OptionalId("lot_id");
  in.reason = EmptyIsNull(body.OptionalString("reason", kOptionalReason));
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  return Answer(TransferStock(ctx.services.db, ctx.services.audit, ctx.who(), in));
}

http::Response HandleAdjustStock(http::Context& ctx) {
  http::BodyReader body(ctx.req.body);
  LotChangeInput in;
  in.site_id = body.Id("site_id");
  in.lot_id = body.Id("lot_id");
  in.quantity = body.Int("quantity", -kMaxQuantity, kMaxQuantity);
  if (const auto doc = nlohmann::json::parse(ctx.req.body, nullptr, false);
      doc.is_object() && doc.contains("quantity") && doc["quantity"].is_number_integer() && doc["quantity"] == 0) {
    body.AddError("quantity", "must not be 0");
  }
  in.reason = body.String("reason", kReason);
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  return Answer(AdjustStock(ctx.services.db, ctx.services.audit, ctx.who(), in));
}

http::Response HandleDisposeStock(http::Context& ctx) {
  http::BodyReader body(ctx.req.body);
  LotChangeInput in;
  in.site_id = body.Id("site_id");
  in.lot_id = body.Id("lot_id");
  in.quantity = body.Int("quantity", 1, kMaxQuantity);
  in.reason = body.String("reason", kReason);
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  return Answer(DisposeStock(ctx.services.db, ctx.services.audit, ctx.who(), in));
}

http::Response HandleExpireStock(http::Context& ctx) {
  // The body is optional: no body expires every site's expired lots.
  http::BodyReader body(ctx.req.body.empty() ? std::string_view("{}") : std::string_view(ctx.req.body));
  const auto site_id = body.OptionalId("site_id");
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  return Answer(ExpireStock(ctx.services.db, ctx.services.audit, ctx.who(), site_id));
}

http::Response HandleCountStock(http::Context& ctx) {
  http::BodyReader body(ctx.req.body);
  CountInput in;
  in.site_id = body.Id("site_id");
  in.item_id = body.Id("item_id");
  bool present = false;
  const auto counts = body.Array("counts", kMaxCounts, &present);
  if (!present) body.AddError("counts", "is required");
  for (size_t i = 0; i < counts.size(); ++i) {
    if (!counts[i].is_object()) {
      body.AddError(body.Element("counts", i), "must be an object");
      continue;
    }
    http::BodyReader line(counts[i], body.Element("counts", i));
    LotCount c;
    c.lot_id = line.Id("lot_id");
    c.counted = line.Int("counted", 0, kMaxCounted);
    body.Absorb(line);
    in.counts.push_back(std::move(c));
  }
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  if (in.counts.empty()) return http::ProblemFromStatus(FieldInvalid("counts", "must have at least 1 entry"));
  return Answer(CountStock(ctx.services.db, ctx.services.audit, ctx.who(), in));
}

http::Response HandleListStock(http::Context& ctx) {
  QueryReader q(ctx.req);
  const std::string site_id = q.Id("site_id");
  if (Status s = q.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  const std::string today = TodayUtc();
  nlohmann::json items = nlohmann::json::array();
  Status s = ctx.services.db.Read([&](store::Tx& tx) -> Status {
    if (!site_id.empty()) KINSHIP_RETURN_IF_ERROR(SiteExists(tx, ctx.program_id(), site_id));
    KINSHIP_ASSIGN_OR_RETURN(std::vector<StockLine> lines, ListStock(tx, ctx.program_id(), site_id));
    for (const auto& l : lines) {
      nlohmann::json lots = nlohmann::json::array();
      for (const auto& lot : l.lots) {
        lots.push_back({{"lot_id", lot.lot_id},
                        {"lot_number", lot.lot_number},
                        {"expires_on", Day(lot.expires_on)},
                        {"quantity", lot.quantity},
                        {"expired", Expired(lot.expires_on, today)}});
      }
      items.push_back({{"site_id", l.site_id},
                       {"site_name", l.site_name},
                       {"item_id", l.item_id},
                       {"item_name", l.item_name},
                       {"unit", l.unit},
                       {"category", l.category},
                       {"quantity", l.quantity},
                       {"reorder_threshold", l.reorder_threshold},
                       {"low", l.quantity < l.reorder_threshold},
                       {"lots", std::move(lots)}});
    }
    return Status::Ok();
  });
  if (!s.ok()) return http::ProblemFromStatus(s);
  return http::Json(200, {{"items", std::move(items)}});
}

http::Response HandleStockCard(http::Context& ctx) {
  auto paging = http::ParsePaging(ctx.req);
  if (!paging.ok()) return http::ProblemFromStatus(paging.status());
  QueryReader q(ctx.req);
  q.Require("site_id");
  q.Require("item_id");
  const std::string site_id = q.Id("site_id");
  const std::string item_id = q.Id("item_id");
  const std::string before = q.Id("before");
  if (Status s = q.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  nlohmann::json out;
  Status s = ctx.services.db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_RETURN_IF_ERROR(SiteExists(tx, ctx.program_id(), site_id));
    KINSHIP_ASSIGN_OR_RETURN(Item item, FindItem(tx, ctx.program_id(), item_id));
    KINSHIP_ASSIGN_OR_RETURN(int64_t balance, ItemQuantityAt(tx, ctx.program_id(), site_id, item_id));
    KINSHIP_ASSIGN_OR_RETURN(std::vector<Movement> page,
                             CardPage(tx, ctx.program_id(), site_id, item_id, before, paging->limit));
    nlohmann::json items = nlohmann::json::array();
    for (const auto& m : page) items.push_back(ToJson(m));
    const bool full = static_cast<int>(page.size()) == paging->limit;
    out = {{"item", ToJson(item)},
           {"site_id", site_id},
           {"balance", balance},
           {"items", std::move(items)},
           {"next_before", full ? nlohmann::json(page.back().id) : nlohmann::json()}};
    return Status::Ok();
  });
  if (!s.ok()) return http::ProblemFromStatus(s);
  return http::Json(200, out);
}

http::Response HandleLowStock(http::Context& ctx) {
  nlohmann::json items = nlohmann::json::array();
  Status s = ctx.services.db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(std::vector<StockLine> lines, LowStock(tx, ctx.program_id()));
    for (const auto& l : lines) {
      items.push_back({{"site_id", l.site_id},
                       {"site_name", l.site_name},
                       {"item_id", l.item_id},
                       {"item_name", l.item_name},
                       {"unit", l.unit},
                       {"quantity", l.quantity},
                       {"reorder_threshold", l.reorder_threshold}});
    }
    return Status::Ok();
  });
  if (!s.ok()) return http::ProblemFromStatus(s);
  return http::Json(200, {{"items", std::move(items)}});
}

http::Response HandleExpiringStock(http::Context& ctx) {
  QueryReader q(ctx.req);
  const auto days = q.Int("days", 0, kMaxDays);
  const std::string site_id = q.Id("site_id");
  if (Status s = q.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  const std::string today = TodayUtc();
  nlohmann::json items = nlohmann::json::array();
  int64_t window = 0;
  Status s = ctx.services.db.Read([&](store::Tx& tx) -> Status {
    if (!site_id.empty()) KINSHIP_RETURN_IF_ERROR(SiteExists(tx, ctx.program_id(), site_id));
    window = days.value_or(0);
    if (!days) {
      KINSHIP_ASSIGN_OR_RETURN(programs::ProgramSettings settings, programs::LoadSettings(tx, ctx.program_id()));
      window = settings.expiring_soon_days;
    }
    const std::string until = FormatTime(Now() + std::chrono::hours(24 * window)).substr(0, 10);
    KINSHIP_ASSIGN_OR_RETURN(std::vector<LotOnHand> lots, ExpiringStock(tx, ctx.program_id(), until, site_id));
    for (const auto& l : lots) {
      items.push_back({{"site_id", l.site_id},
                       {"site_name", l.site_name},
                       {"item_id", l.item_id},
                       {"item_name", l.item_name},
                       {"lot_id", l.lot_id},
                       {"lot_number", l.lot_number},
                       {"expires_on", Day(l.expires_on)},
                       {"quantity", l.quantity},
                       {"expired", Expired(l.expires_on, today)}});
    }
    return Status::Ok();
  });
  if (!s.ok()) return http::ProblemFromStatus(s);
  return http::Json(200, {{"days", window}, {"items", std::move(items)}});
}

}  // namespace kinship::supplies

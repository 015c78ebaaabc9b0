#include "supplies/stock_service.h"

#include <set>

#include "core/clock.h"
#include "core/ids.h"
#include "supplies/catalog_service.h"
#include "supplies/references.h"
#include "supplies/stock_store.h"

namespace kinship::supplies {

namespace {

MovementContext ContextFor(const auth::Principal& actor, std::optional<std::string> reason) {
  MovementContext ctx;
  ctx.program_id = actor.program_id;
  ctx.user_id = actor.user_id;
  ctx.occurred_at = NowIso();
  ctx.reason = std::move(reason);
  return ctx;
}

Status Record(store::Tx& tx, const audit::Recorder& audit, const auth::Principal& actor, const std::string& entity_id,
              const char* action, nlohmann::json change) {
  return audit.Append(tx, {actor.program_id, actor.user_id, "stock", entity_id, action, std::move(change)});
}

// Runs fn in a write transaction and hands back what it produced.
template <typename Fn>
Result<StockResult> WriteStock(store::Database& db, Fn&& fn) {
  StockResult out;
  Status st = db.Write([&](store::Tx& tx) -> Status {
    out = StockResult{};
    return fn(tx, out);
  });
  if (!st.ok()) return st;
  return out;
}

// A change of one lot at one site (adjust, dispose).
Result<StockResult> ChangeLot(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                              const LotChangeInput& input, const char* kind, int64_t signed_quantity) {
  return WriteStock(db, [&](store::Tx& tx, StockResult& out) -> Status {
    std::vector<FieldError> errors;
    KINSHIP_RETURN_IF_ERROR(CheckSite(tx, actor.program_id, input.site_id, "site_id", errors).status());
    KINSHIP_ASSIGN_OR_RETURN(std::optional<Lot> lot, CheckLot(tx, actor.program_id, input.lot_id, "lot_id", errors));
    if (!errors.empty()) return ValidationFailed(std::move(errors));
    const LotRef ref{lot->id, lot->item_id, lot->lot_number, lot->expires_on};
    KINSHIP_ASSIGN_OR_RETURN(Movement m, ApplyMovement(tx, ContextFor(actor, input.reason), input.site_id, ref, kind,
                                                       signed_quantity));
    out.movements.push_back(std::move(m));
    return Record(tx, audit, actor, lot->id, kind,
                  {{"site_id", input.site_id}, {"item_id", lot->item_id}, {"quantity", signed_quantity}});
  });
}

}  // namespace

Result<Movement> ReceiveIn(store::Tx& tx, const audit::Recorder& audit, const auth::Principal& actor,
                           const std::string& site_id, const Item& item, const std::string& lot_number,
                           const std::optional<std::string>& expires_on, int64_t quantity,
                           const std::optional<std::string>& reason, const std::string& expires_field) {
  KINSHIP_ASSIGN_OR_RETURN(Lot lot, FindOrMakeLot(tx, audit, actor, item, lot_number, expires_on, expires_field));
  const LotRef ref{lot.id, lot.item_id, lot.lot_number, lot.expires_on};
  return ApplyMovement(tx, ContextFor(actor, reason), site_id, ref, "receive", quantity);
}

Result<StockResult> ReceiveStock(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                                 const ReceiveInput& input) {
  return WriteStock(db, [&](store::Tx& tx, StockResult& out) -> Status {
    std::vector<FieldError> errors;
    KINSHIP_RETURN_IF_ERROR(CheckSite(tx, actor.program_id, input.site_id, "site_id", errors).status());
    KINSHIP_ASSIGN_OR_RETURN(std::optional<Item> item,
                             CheckItem(tx, actor.program_id, input.item_id, "item_id", errors));
    if (!errors.empty()) return ValidationFailed(std::move(errors));
    KINSHIP_ASSIGN_OR_RETURN(Movement m, ReceiveIn(tx, audit, actor, input.site_id, *item, input.lot_number,
                                                   input.expires_on, input.quantity, input.reason, "expires_on"));
    const std::string lot_id = m.lot_id;
    out.movements.push_back(std::move(m));
    return Record(tx, audit, actor, lot_id, "receive",
                  {{"site_id", input.site_id}, {"item_id", input.item_id}, {"quantity", input.quantity}});
  });
}

Result<StockResult> TransferStock(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                                  const TransferInput& input) {
  return WriteStock(db, [&](store::Tx& tx, StockResult& out) -> Status {
    std::vector<FieldError> errors;
    KINSHIP_RETURN_IF_ERROR(CheckSite(tx, actor.program_id, input.from_site_id, "from_site_id", errors).status());
    KINSHIP_RETURN_IF_ERROR(CheckSite(tx, actor.program_id, input.to_site_id, "to_site_id", errors).status());
    if (!input.from_site_id.empty() && input.from_site_id == input.to_site_id) {
      errors.push_back({"to_site_id", "must be another site than from_site_id"});
    }
    KINSHIP_RETURN_IF_ERROR(CheckItem(tx, actor.program_id, input.item_id, "item_id", errors).status());
    std::optional<Lot> lot;
    if (input.lot_id) {
      KINSHIP_ASSIGN_OR_RETURN(lot, CheckLot(tx, actor.program_id, *input.lot_id, "lot_id", errors, input.item_id));
    }
    if (!errors.empty()) return ValidationFailed(std::move(errors));

    const std::string transfer_id = NewId();
    const MovementContext ctx = ContextFor(actor, input.reason);
    std::vector<Movement> taken;
    if (lot) {
      const LotRef ref{lot->id, lot->item_id, lot->lot_number, lot->expires_on};
      KINSHIP_ASSIGN_OR_RETURN(Movement m,
                               ApplyMovement(tx, ctx, input.from_site_id, ref, "transfer_out", -input.quantity,
                                             transfer_id));
      taken.push_back(std::move(m));
    } else {
      KINSHIP_ASSIGN_OR_RETURN(taken, TakeFirstExpiryFirst(tx, ctx, input.from_site_id, input.item_id, input.quantity,
                                                           /*use_expired=*/false, "transfer_out", transfer_id));
    }
    for (auto& m : taken) {
      KINSHIP_ASSIGN_OR_RETURN(LotRef ref, FindLotRef(tx, actor.program_id, m.lot_id));
      KINSHIP_ASSIGN_OR_RETURN(Movement in,
                               ApplyMovement(tx, ctx, input.to_site_id, ref, "transfer_in", -m.quantity, transfer_id));
      out.movements.push_back(std::move(m));
      out.movements.push_back(std::move(in));
    }
    out.transfer_id = transfer_id;
    return Record(tx, audit, actor, transfer_id, "transfer",
                  {{"from_site_id", input.from_site_id},
                   {"to_site_id", input.to_site_id},
                   {"item_id", input.item_id},
                   {"quantity", input.quantity}});
  });
}

Result<StockResult> AdjustStock(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                                const LotChangeInput& input) {
  return ChangeLot(db, audit, actor, input, "adjust", input.quantity);
}

Result<StockResult> DisposeStock(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                                 const LotChangeInput& input) {
  return ChangeLot(db, audit, actor, input, "dispose", -input.quantity);
}

Result<StockResult> ExpireStock(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                                const std::optional<std::string>& site_id) {
  return WriteStock(db, [&](store::Tx& tx, StockResult& out) -> Status {
    if (site_id) {
      std::vector<FieldError> errors;
      KINSHIP_RETURN_IF_ERROR(CheckSite(tx, actor.program_id, *site_id, "site_id", errors).status());
      if (!errors.empty()) return ValidationFailed(std::move(errors));
    }
    KINSHIP_ASSIGN_OR_RETURN(std::vector<LotOnHand> expired, ExpiredStock(tx, actor.program_id, site_id.value_or("")));
    const MovementContext ctx = ContextFor(actor, "expired");
    for (const auto& l : expired) {
      const LotRef ref{l.lot_id, l.item_id, l.lot_number, l.expires_on};
      KINSHIP_ASSIGN_OR_RETURN(Movement m, ApplyMovement(tx, ctx, l.site_id, ref, "expire", -l.quantity));
      out.movements.push_back(std::move(m));
    }
    if (out.movements.empty()) return Status::Ok();  // nothing written, nothing to audit
    return Record(tx, audit, actor, site_id.value_or(actor.program_id), "expire",
                  {{"site_id", site_id ? nlohmann::json(*site_id) : nlohmann::json()},
                   {"movements", out.movements.size()}});
  });
}

Result<StockResult> CountStock(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                               const CountInput& input) {
  return WriteStock(db, [&](store::Tx& tx, StockResult& out) -> Status {
    std::vector<FieldError> errors;
    KINSHIP_RETURN_IF_ERROR(CheckSite(tx, actor.program_id, input.site_id, "site_id", errors).status());
    KINSHIP_ASSIGN_OR_RETURN(std::optional<Item> item,
                             CheckItem(tx, actor.program_id, input.item_id, "item_id", errors));
    std::vector<std::pair<Lot, int64_t>> lots;  // with what was counted
    std::set<std::string> seen;
    for (size_t i = 0; i < input.counts.size(); ++i) {
      const std::string field = "counts[" + std::to_string(i) + "].lot_id";
      if (input.counts[i].lot_id.empty()) continue;
      if (!seen.insert(input.counts[i].lot_id).second) {
        errors.push_back({field, "is listed twice"});
        continue;
      }
      KINSHIP_ASSIGN_OR_RETURN(std::optional<Lot> lot,
                               CheckLot(tx, actor.program_id, input.counts[i].lot_id, field, errors, input.item_id));
      if (lot) lots.emplace_back(std::move(*lot), input.counts[i].counted);
    }
    if (!errors.empty()) return ValidationFailed(std::move(errors));
    const MovementContext ctx = ContextFor(actor, "physical count");
    for (const auto& [lot, counted] : lots) {
      KINSHIP_ASSIGN_OR_RETURN(int64_t on_hand, LotQuantityAt(tx, actor.program_id, input.site_id, lot.id, true));
      const int64_t delta = counted - on_hand;
      if (delta == 0) continue;
      const LotRef ref{lot.id, lot.item_id, lot.lot_number, lot.expires_on};
      KINSHIP_ASSIGN_OR_RETURN(Movement m, ApplyMovement(tx, ctx, input.site_id, ref, "adjust", delta));
      out.movements.push_back(std::move(m));
    }
    return Record(tx, audit, actor, input.site_id, "count",
                  {{"item_id", item->id}, {"lots", lots.size()}, {"movements", out.movements.size()}});
  });
}

}  // namespace kinship::supplies

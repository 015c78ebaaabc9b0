#include "encounters/encounter_service.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "auth/permissions.h"
#include "core/ids.h"
#include "encounters/calendar.h"
#include "referrals/referral_service.h"
#include "sites/site_store.h"
#include "supplies/ledger.h"

namespace kinship::encounters {

namespace {

// An encounter checked against the program's rows and ready to save.
struct Prepared {
  Encounter encounter;
  std::vector<Warning> warnings;
};

supplies::MovementContext Movements(const WriteScope& scope, const Encounter& e, const std::string& occurred_at,
                                    std::optional<std::string> reason) {
  return {scope.actor.program_id, scope.actor.user_id, occurred_at, e.id, std::move(reason)};
}

// The site asked for, checked: nullopt (with an error added) when it is not a live site of
// the program.
Result<std::optional<sites::Site>> CheckSite(store::Tx& tx, const std::string& program_id, const std::string& id,
                                             const std::string& field, std::vector<FieldError>& errors) {
  auto found = sites::FindSite(tx, program_id, id);
  if (!found.ok() && found.status().code() != StatusCode::kNotFound) return found.status();
  if (!found.ok()) {
    errors.push_back({field, "is not a site of this program"});
  } else if (found->archived) {
    errors.push_back({field, "is archived"});
  } else {
    return std::optional<sites::Site>(*found);
  }
  return std::optional<sites::Site>();
}

// Sets the participant and kit the input names (a merged code resolves to the kept one).
Status CheckParticipantAndKit(store::Tx& tx, const std::string& program_id, const EncounterInput& in,
                              const FieldNames& names, Encounter& e, std::vector<FieldError>& errors) {
  if (in.participant_present) {
    e.participant_id.reset();
    e.display_code.reset();
    if (in.participant_id) {
      auto resolved = ResolveParticipant(tx, program_id, *in.participant_id, &e.display_code);
      if (!resolved.ok() && resolved.status().code() != StatusCode::kNotFound) return resolved.status();
      if (resolved.ok()) {
        e.participant_id = *resolved;
      } else {
        errors.push_back({names.Of(names.participant_id), "is not a participant of this program"});
      }
    }
  }
  if (in.kit_present) {
    e.kit_id = in.kit_id;
    if (in.kit_id) {
      KINSHIP_ASSIGN_OR_RETURN(bool kit, KitExists(tx, program_id, *in.kit_id));
      if (!kit) errors.push_back({names.Of("kit_id"), "is not a kit of this program"});
    }
  }
  return Status::Ok();
}

// Turns the lines into the encounter's items, with a warning for each line above its
// item's soft limit. Items kept from the encounter being edited may since have been archived.
Status CheckItems(store::Tx& tx, const std::string& program_id, const std::vector<ItemLine>& lines,
                  const Encounter* base, Prepared& p, std::vector<FieldError>& errors) {
  std::vector<std::string> ids;
  for (const auto& line : lines) ids.push_back(line.item_id);
  KINSHIP_ASSIGN_OR_RETURN(auto found, FindItems(tx, program_id, ids));
  std::vector<EncounterItem> items;
  for (const auto& line : lines) {
    const auto item = found.find(line.item_id);
    const bool had = base && std::any_of(base->items.begin(), base->items.end(),
                                         [&](const EncounterItem& i) { return i.item_id == line.item_id; });
    if (item == found.end()) {
      errors.push_back({line.Field("item_id"), "is not an item of this program"});
      continue;
    }
    if (item->second.archived && !had) {
      errors.push_back({line.Field("item_id"), "is archived"});
      continue;
    }
    items.push_back({item->second.id, item->second.name, line.quantity, line.for_others});
    if (item->second.soft_limit && line.quantity > *item->second.soft_limit) {
      p.warnings.push_back({item->second.id, "More than the usual limit of " + std::to_string(*item->second.soft_limit) + " " +
                                          item->second.unit + " of " + item->second.name + " (" + std::to_string(line.quantity) +
                                          " given)."});
    }
  }
  p.encounter.items = std::move(items);
  return Status::Ok();
}

// Applies in over base (the encounter being edited, or nullptr for a new one) and checks
// it against the program's rows. Unchanged references of an edit may since have been
// archived; new ones may not.
Result<Prepared> Prepare(store::Tx& tx, const WriteScope& scope, const EncounterInput& in, const Encounter* base,
                         const FieldNames& names) {
  const std::string& program_id = scope.actor.program_id;
  std::vector<FieldError> errors = CheckEncounterInput(in, scope.now, names);
  if (in.use_expired && !scope.settings.allow_expired_dispense) {
    errors.push_back({names.Of("use_expired"), "expired supplies may not be handed out in this program (see settings)"});
  }
  Prepared p;
  Encounter& e = p.encounter;
  if (base) {
    e = *base;
  } else {
    e.program_id = program_id;
    e.id = NewId();
    e.worker_id = scope.actor.user_id;
    e.created_at = FormatTime(scope.now);
    e.occurred_at = FormatTime(scope.now);
  }
  e.updated_at = FormatTime(scope.now);
  std::optional<sites::Site> site;
  if (in.site_id && (!base || *in.site_id != base->site_id)) {
    KINSHIP_ASSIGN_OR_RETURN(site, CheckSite(tx, program_id, *in.site_id, names.Of(names.site_id), errors));
    if (site) e.site_id = site->id;
  } else if (!base) {
    errors.push_back({names.Of(names.site_id), "is required"});
  }
  // A new encounter works the way its site does, in the site's area, unless told otherwise.
  if (in.mode) {
    e.mode = *in.mode;
  } else if (!base && site) {
    e.mode = DefaultModeFor(site->kind);
  }
  if (in.area_present) {
    e.area = in.area;
  } else if (!base && site) {
    e.area = site->area;
  }
  if (in.occurred_at) e.occurred_at = *in.occurred_at;
  e.day = DayOf(e.occurred_at);
  KINSHIP_RETURN_IF_ERROR(CheckParticipantAndKit(tx, program_id, in, names, e, errors));
  if (in.items) KINSHIP_RETURN_IF_ERROR(CheckItems(tx, program_id, *in.items, base, p, errors));
  // Item id order everywhere (stock, roll-ups) so concurrent encounters lock rows in one order.
  std::sort(e.items.begin(), e.items.end(),
            [](const EncounterItem& a, const EncounterItem& b) { return a.item_id < b.item_id; });
  if (in.returned_syringes) e.returned_syringes = *in.returned_syringes;
  if (in.returned_containers) e.returned_containers = *in.returned_containers;
  if (in.for_others_people) e.for_others_people = *in.for_others_people;
  if (in.services) e.services = *in.services;
  if (!errors.empty()) return ValidationFailed(std::move(errors));
  return p;
}

// Dispenses every line from the encounter's site (lines are in item id order, see Prepare).
Status DispenseLines(store::Tx& tx, const WriteScope& scope, const Encounter& e, bool use_expired) {
  const auto ctx = Movements(scope, e, e.occurred_at, std::nullopt);
  for (const auto& line : e.items) {
    KINSHIP_RETURN_IF_ERROR(supplies::Dispense(tx, ctx, e.site_id, line.item_id, line.quantity, use_expired).status());
  }
  return Status::Ok();
}

int64_t TotalQuantity(const Encounter& e) {
  int64_t total = 0;
  for (const auto& i : e.items) total += i.quantity;
  return total;
}

// A peer worker may change only their own encounters; nobody may change a void one or one
// past the edit window.
Status CheckMayChange(const WriteScope& scope, const Encounter& e, const std::string& editable_until) {
  if (!auth::HasPermission(scope.actor.role, "encounters.manage") && e.worker_id != scope.actor.user_id) {
    return PermissionDenied("Only the worker who logged this encounter, or a coordinator, may change it.");
  }
  if (e.voided) return FailedPrecondition("This encounter is void; it cannot be changed.");
  if (FormatTime(scope.now) > editable_until) {
    return FailedPrecondition("This encounter can no longer be changed: the edit window of " +
                              std::to_string(scope.settings.edit_window_hours) + " hours has passed.")
        .WithExtra(nlohmann::json{{"editable_until", editable_until}}.dump());
  }
  return Status::Ok();
}

// The encounter as just written, answered from memory rather than read back: its items in
// name order, as reads list them.
EncounterView Written(const Encounter& e, nlohmann::json referrals, int edit_window_hours,
                      std::vector<Warning> warnings = {}) {
  EncounterView v;
  v.encounter = e;
  std::sort(v.encounter.items.begin(), v.encounter.items.end(), [](const EncounterItem& a, const EncounterItem& b) {
    return std::tie(a.item_name, a.item_id) < std::tie(b.item_name, b.item_id);
  });
  v.referrals = std::move(referrals);
  v.editable_until = EditableUntil(e.created_at, edit_window_hours);
  v.warnings = std::move(warnings);
  return v;
}

// The encounter as saved, with its referrals and edit window.
Result<EncounterView> Reload(store::Tx& tx, const std::string& program_id, const std::string& id,
                             int edit_window_hours) {
  EncounterView v;
  KINSHIP_ASSIGN_OR_RETURN(v.encounter, FindEncounter(tx, program_id, id));
  KINSHIP_ASSIGN_OR_RETURN(v.referrals, referrals::ReferralsOfEncounter(tx, program_id, id));
  v.editable_until = EditableUntil(v.encounter.created_at, edit_window_hours);
  return v;
}

int64_t CountOf(const nlohmann::json& array) { return array.is_array() ? static_cast<int64_t>(array.size()) : 0; }

// Runs fn in a write transaction with the program's settings loaded.
template <typename Fn>
Result<EncounterView> WriteWithScope(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                                     Fn fn) {
  EncounterView out;
  Status st = db.Write([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(programs::ProgramSettings settings, programs::LoadSettings(tx, actor.program_id));
    const WriteScope scope{audit, actor, std::move(settings), Now()};
    KINSHIP_ASSIGN_OR_RETURN(out, fn(tx, scope));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace

std::string EditableUntil(const std::string& created_at, int edit_window_hours) {
  const auto t = ParseTime(created_at);
  if (!t) return created_at;
  return FormatTime(*t + std::chrono::hours(edit_window_hours));
}

nlohmann::json ToJson(const EncounterView& v, bool with_warnings) {
  nlohmann::json out = ToJson(v.encounter, v.referrals, v.editable_until);
  if (with_warnings) {
    auto& list = out["warnings"] = nlohmann::json::array();
    for (const auto& w : v.warnings) list.push_back({{"item_id", w.item_id}, {"message", w.message}});
  }
  return out;
}

Result<EncounterView> CreateEncounterInTx(store::Tx& tx, const WriteScope& scope, const EncounterInput& in,
                                          const FieldNames& names) {
  KINSHIP_ASSIGN_OR_RETURN(Prepared p, Prepare(tx, scope, in, nullptr, names));
  const Encounter& e = p.encounter;
  KINSHIP_RETURN_IF_ERROR(InsertEncounter(tx, e));
  KINSHIP_RETURN_IF_ERROR(ReplaceEncounterItems(tx, e, false));
  KINSHIP_RETURN_IF_ERROR(DispenseLines(tx, scope, e, in.use_expired));
  nlohmann::json referrals = nlohmann::json::array();
  for (size_t i = 0; i < in.referrals.size(); ++i) {
    const auto& r = in.referrals[i];
    KINSHIP_ASSIGN_OR_RETURN(nlohmann::json made,
                             referrals::MakeReferralInTx(tx, scope.audit, scope.actor,
                                                         {r.resource_id, e.participant_id, e.id, r.follow_up_on},
                                                         names.Of("referrals[" + std::to_string(i) + "]")));
    referrals.push_back(std::move(made));
  }
  KINSHIP_RETURN_IF_ERROR(
      ApplyRollups(tx, e, +1, static_cast<int64_t>(in.referrals.size()), FormatTime(scope.now)));
  KINSHIP_RETURN_IF_ERROR(scope.audit.Append(
      tx, {e.program_id, scope.actor.user_id, "encounter", e.id, "create",
           {{"site_id", e.site_id}, {"mode", e.mode}, {"with_code", e.participant_id.has_value()},
            {"lines", e.items.size()}, {"quantity", TotalQuantity(e)}, {"referrals", in.referrals.size()}}}));
  return Written(e, std::move(referrals), scope.settings.edit_window_hours, std::move(p.warnings));
}

Result<EncounterView> CreateEncounter(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                                      const EncounterInput& in) {
  return WriteWithScope(db, audit, actor, [&](store::Tx& tx, const WriteScope& scope) {
    return CreateEncounterInTx(tx, scope, in);
  });
}

Result<EncounterView> EditEncounter(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                                    const std::string& id, const EncounterInput& in) {
  return WriteWithScope(db, audit, actor, [&](store::Tx& tx, const WriteScope& scope) -> Result<EncounterView> {
    const int hours = scope.settings.edit_window_hours;
    KINSHIP_RETURN_IF_ERROR(LockEncounter(tx, actor.program_id, id));
    KINSHIP_ASSIGN_OR_RETURN(Encounter old, FindEncounter(tx, actor.program_id, id));
    KINSHIP_RETURN_IF_ERROR(CheckMayChange(scope, old, EditableUntil(old.created_at, hours)));
    KINSHIP_ASSIGN_OR_RETURN(Prepared p, Prepare(tx, scope, in, &old, {}));
    const Encounter& e = p.encounter;
    KINSHIP_ASSIGN_OR_RETURN(nlohmann::json refs, referrals::ReferralsOfEncounter(tx, actor.program_id, id));
    const std::string now = FormatTime(scope.now);
    // Out with the old (stock back, roll-ups down), in with the new; a shortage rolls all of it back.
    KINSHIP_RETURN_IF_ERROR(
        supplies::ReverseEncounter(tx, Movements(scope, old, now, "encounter edited"), id).status());
    KINSHIP_RETURN_IF_ERROR(ApplyRollups(tx, old, -1, CountOf(refs), now));
    KINSHIP_RETURN_IF_ERROR(UpdateEncounter(tx, e));
    KINSHIP_RETURN_IF_ERROR(ReplaceEncounterItems(tx, e, true));
    KINSHIP_RETURN_IF_ERROR(DispenseLines(tx, scope, e, in.use_expired));
    KINSHIP_RETURN_IF_ERROR(ApplyRollups(tx, e, +1, CountOf(refs), now));
    nlohmann::json changed = nlohmann::json::array();
    if (e.site_id != old.site_id) changed.push_back("site_id");
    if (e.mode != old.mode) changed.push_back("mode");
    if (e.area != old.area) changed.push_back("area");
    if (e.occurred_at != old.occurred_at) changed.push_back("occurred_at");
    if (e.participant_id != old.participant_id) changed.push_back("participant_id");
    if (e.kit_id != old.kit_id) changed.push_back("kit_id");
    if (in.items) changed.push_back("items");
    if (e.returned_syringes != old.returned_syringes) changed.push_back("returned_syringes");
    if (e.returned_containers != old.returned_containers) changed.push_back("returned_containers");
    if (e.services != old.services) changed.push_back("services");
    if (e.for_others_people != old.for_others_people) changed.push_back("for_others_people");
    KINSHIP_RETURN_IF_ERROR(audit.Append(tx, {e.program_id, actor.user_id, "encounter", e.id, "update",
                                              {{"changed", changed}, {"quantity", TotalQuantity(e)}}}));
    return Written(e, std::move(refs), hours, std::move(p.warnings));
  });
}

Result<EncounterView> VoidEncounter(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                                    const std::string& id, const std::string& reason) {
  return WriteWithScope(db, audit, actor, [&](store::Tx& tx, const WriteScope& scope) -> Result<EncounterView> {
    const int hours = scope.settings.edit_window_hours;
    KINSHIP_RETURN_IF_ERROR(LockEncounter(tx, actor.program_id, id));
    KINSHIP_ASSIGN_OR_RETURN(Encounter e, FindEncounter(tx, actor.program_id, id));
    KINSHIP_RETURN_IF_ERROR(CheckMayChange(scope, e, EditableUntil(e.created_at, hours)));
    KINSHIP_ASSIGN_OR_RETURN(nlohmann::json refs, referrals::ReferralsOfEncounter(tx, actor.program_id, id));
    const std::string now = FormatTime(scope.now);
    KINSHIP_RETURN_IF_ERROR(supplies::ReverseEncounter(tx, Movements(scope, e, now, "encounter void"), id).status());
    KINSHIP_RETURN_IF_ERROR(ApplyRollups(tx, e, -1, CountOf(refs), now));
    e.voided = true;
    e.void_reason = reason;
    e.updated_at = now;
    KINSHIP_RETURN_IF_ERROR(UpdateEncounter(tx, e));
    // The reason is free text and may name someone: it stays out of the audit log.
    KINSHIP_RETURN_IF_ERROR(audit.Append(tx, {e.program_id, actor.user_id, "encounter", e.id, "void",
                                              {{"voided", true}, {"quantity", TotalQuantity(e)}}}));
    return Written(e, std::move(refs), hours);
  });
}

Result<EncounterView> ReadEncounter(store::Database& db, const std::string& program_id, const std::string& id) {
  EncounterView out;
  Status st = db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(programs::ProgramSettings settings, programs::LoadSettings(tx, program_id));
    KINSHIP_ASSIGN_OR_RETURN(out, Reload(tx, program_id, id, settings.edit_window_hours));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::vector<EncounterView>> ReadEncounters(store::Database& db, const std::string& program_id,
                                                  EncounterFilter filter) {
  std::vector<EncounterView> out;
  Status st = db.Read([&](store::Tx& tx) -> Status {
    out.clear();
    KINSHIP_ASSIGN_OR_RETURN(programs::ProgramSettings settings, programs::LoadSettings(tx, program_id));
    if (filter.after_id) {
      auto t = EncounterTime(tx, program_id, *filter.after_id);
      if (!t.ok() && t.status().code() == StatusCode::kNotFound) {
        return FieldInvalid("after", "is not an encounter of this program");
      }
      if (!t.ok()) return t.status();
      filter.after_time = *t;
    }
    KINSHIP_ASSIGN_OR_RETURN(std::vector<Encounter> list, ListEncounters(tx, program_id, filter));
    std::vector<std::string> ids;
    for (const auto& e : list) ids.push_back(e.id);
    // Most encounters make no referral: ask once which do, then read only theirs.
    KINSHIP_ASSIGN_OR_RETURN(std::set<std::string> with_referrals, EncountersWithReferrals(tx, program_id, ids));
    for (auto& e : list) {
      EncounterView v;
      v.editable_until = EditableUntil(e.created_at, settings.edit_window_hours);
      if (with_referrals.count(e.id)) {
        KINSHIP_ASSIGN_OR_RETURN(v.referrals, referrals::ReferralsOfEncounter(tx, program_id, e.id));
      }
      v.encounter = std::move(e);
      out.push_back(std::move(v));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace kinship::encounters

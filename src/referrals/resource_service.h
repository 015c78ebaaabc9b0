// Business rules for the referral directory: adding, changing and archiving resources, each
// audited. Archiving keeps a resource for the referrals already made to it.
#pragma once

#include <optional>
#include <string>

#include "audit/audit_log.h"
#include "auth/principal.h"
#include "core/status.h"
#include "referrals/resource.h"
#include "store/database.h"

namespace kinship::referrals {

// One optional text field of a change: present with a value, present as null (clear), or absent.
struct TextChange {
  bool present = false;
  std::optional<std::string> value;
};

struct ResourceInput {
  std::optional<std::string> name;
  std::optional<std::string> kind;
  TextChange hours, eligibility, how_to_refer, contact, area;
  std::optional<bool> archived;
};

// kValidation for a duplicate name.
Result<Resource> CreateResource(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                                const ResourceInput& input);
// kNotFound when the resource is not in the actor's program; kValidation for a duplicate name.
Result<Resource> ChangeResource(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                                const std::string& id, const ResourceInput& input);

}  // namespace kinship::referrals

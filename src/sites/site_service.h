// Business rules for sites: creation, changes and archiving, each audited. Archiving keeps
// the site's history; nothing is deleted.
#pragma once

#include <optional>
#include <string>

#include "audit/audit_log.h"
#include "auth/principal.h"
#include "core/status.h"
#include "sites/site.h"
#include "store/database.h"

namespace kinship::sites {

struct SiteInput {
  std::optional<std::string> name;
  std::optional<std::string> kind;
  std::optional<std::string> area;
  bool area_present = false;  // "area": null clears it
  std::optional<bool> archived;
};

// kValidation for a duplicate name.
Result<Site> CreateSite(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                        const SiteInput& input);
// kNotFound when the site is not in the actor's program.
Result<Site> ChangeSite(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                        const std::string& id, const SiteInput& input);

}  // namespace kinship::sites

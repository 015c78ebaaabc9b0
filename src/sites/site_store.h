// SQL for sites; every statement is scoped by program_id.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "sites/site.h"
#include "store/database.h"

namespace kinship::sites {

// kValidation when the program already has a site of that name.
Status InsertSite(store::Tx& tx, const Site& s);
Status UpdateSite(store::Tx& tx, const Site& s);
// kNotFound when the site is not in the program.
Result<Site> FindSite(store::Tx& tx, const std::string& program_id, const std::string& id);
Result<std::vector<Site>> ListSites(store::Tx& tx, const std::string& program_id, bool include_archived,
                                    const std::string& after, int limit);

}  // namespace kinship::sites

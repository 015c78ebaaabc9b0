// SQL for the referral directory; every statement is scoped by program_id.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "referrals/resource.h"
#include "store/database.h"

namespace kinship::referrals {

// kValidation on `name` when the program already has a resource of that name.
Status InsertResource(store::Tx& tx, const Resource& r);
Status UpdateResource(store::Tx& tx, const Resource& r);
// kNotFound when the resource is not in the program.
Result<Resource> FindResource(store::Tx& tx, const std::string& program_id, const std::string& id);
// Ordered by id; kind filters when not empty.
Result<std::vector<Resource>> ListResources(store::Tx& tx, const std::string& program_id, const std::string& kind,
                                            bool include_archived, const std::string& after, int limit);

}  // namespace kinship::referrals

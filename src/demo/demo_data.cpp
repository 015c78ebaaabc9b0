#include "demo/demo_data.h"

#include <algorithm>
#include <random>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/ids.h"
#include "demo/bulk_writer.h"
#include "demo/demo_ids.h"
#include "demo/demo_tables.h"
#include "demo/demo_world.h"
#include "programs/program_service.h"
#include "programs/program_store.h"
#include "sites/site_service.h"
#include "users/user_service.h"
#include "users/user_store.h"

namespace kinship::demo {

namespace {

struct ProgramPlan {
  const char* name;
  const char* slug;
  std::vector<std::tuple<const char*, const char*, const char*>> sites;  // name, kind, area
};

const std::vector<ProgramPlan>& Plans() {
  static const std::vector<ProgramPlan> kPlans = {
      {"Eastside Peer Network", "eastside",
       {{"Main Street Drop-in", "fixed", "Downtown"},
        {"Riverside Outreach", "outreach", "Riverside"},
        {"Night Van", "mobile", "East End"}}},
      {"Harbour Outreach", "harbour",
       {{"Harbour Drop-in", "fixed", "Harbourfront"},
        {"Docks Outreach", "outreach", "Docklands"},
        {"Postal Supplies Hub", "mail_hub", "Harbourfront"}}},
      {"Valley Mutual Aid", "valley",
       {{"Valley Community Room", "fixed", "Old Town"}, {"Valley Van", "mobile", "North Valley"}}},
  };
  return kPlans;
}

const char* kGivenNames[] = {"amara", "bea", "carlos", "dee", "eli", "fatima", "gus", "hana", "ike", "jo",
                             "kai", "lou", "mo", "nia", "omar", "pat", "quinn", "rosa", "sam", "tess"};

// The programs, sites and users, made through their services. Returns the program ids.
Result<std::vector<std::string>> CreateStructure(store::Database& db, const audit::Recorder& audit, uint64_t seed,
                                                 int scale, DemoSummary& summary) {
  int64_t existing = 0;
  KINSHIP_RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
    auto rows = tx.Query("SELECT COUNT(*) FROM programs");
    if (!rows.ok()) return rows.status();
    existing = (*rows)[0].Int(0);
    return Status::Ok();
  }));
  if (existing > 0) return FailedPrecondition("demo: the database already has programs; use a new database file");

  std::mt19937_64 rng(seed);
  const std::string network_id = NewId();
  KINSHIP_RETURN_IF_ERROR(db.Write([&](store::Tx& tx) {
    return programs::InsertNetwork(tx, network_id, "Northwind Naloxone Network");
  }));
  // One hash for every demo login: argon2id is slow on purpose.
  KINSHIP_ASSIGN_OR_RETURN(const std::string hash, crypto::HashPassword(kDemoPassword));

  std::vector<std::string> program_ids;
  for (const auto& plan : Plans()) {
    KINSHIP_ASSIGN_OR_RETURN(auto program,
                             programs::CreateProgram(db, audit, "", plan.name, plan.slug, network_id));
    program_ids.push_back(program.id);
    ++summary.programs;
    auth::Principal actor;
    actor.role = "network";
    actor.program_id = actor.home_program_id = program.id;
    for (const auto& [name, kind, area] : plan.sites) {
      sites::SiteInput in;
      in.name = name;
      in.kind = kind;
      in.area = area;
      KINSHIP_RETURN_IF_ERROR(sites::CreateSite(db, audit, actor, in).status());
      ++summary.sites;
    }
  }

  // Named logins, then seeded peer worker accounts (scale × 4 per program).
  std::vector<std::tuple<std::string, std::string, std::string, size_t>> people = {
      {"admin", "Alex (admin)", "admin", 0},        {"coordinator", "Casey (coordinator)", "coordinator", 0},
      {"peer", "Pat (peer worker)", "peer", 0},     {"researcher", "Robin (researcher)", "researcher", 0},
      {"network", "Nic (network)", "network", 0},   {"harbour.admin", "Harper (admin)", "admin", 1},
      {"valley.admin", "Val (admin)", "admin", 2},
  };
  for (const auto& [username, display, role, program] : people) {
    summary.logins.push_back({username, role, Plans()[program].name});
  }
  std::uniform_int_distribution<size_t> pick(0, std::size(kGivenNames) - 1);
  for (size_t p = 0; p < program_ids.size(); ++p) {
    for (int i = 0; i < 4 * std::max(1, scale); ++i) {
      const std::string given = kGivenNames[pick(rng)];
      const std::string username = std::string(Plans()[p].slug) + ".peer" + std::to_string(i + 1);
      people.emplace_back(username, given + " (peer worker)", "peer", p);
    }
  }
  const std::string now = NowIso();
  KINSHIP_RETURN_IF_ERROR(db.Write([&](store::Tx& tx) -> Status {
    for (const auto& [username, display, role, program] : people) {
      users::User u;
      u.id = NewId();
      u.program_id = program_ids[program];
      u.username = username;
      u.display_name = display;
      u.role = role;
      u.password_hash = hash;
      u.created_at = u.updated_at = now;
      KINSHIP_RETURN_IF_ERROR(users::InsertUser(tx, u));
      KINSHIP_RETURN_IF_ERROR(audit.Append(tx, {u.program_id, "", "user", u.id, "create", {{"role", role}}}));
      ++summary.users;
    }
    return Status::Ok();
  }));
  return program_ids;
}

// Two years of daily work for every program, then one audit entry per program saying what
// was generated (one per generated row would only repeat the rows).
Status CreateActivity(store::Database& db, const audit::Recorder& audit, const crypto::Key& code_key,
                      const DemoOptions& options, const std::vector<std::string>& program_ids, DemoSummary& summary) {
  static constexpr double kShare[] = {0.5, 0.3, 0.2};  // of encounters and participants, by program
  const int scale = std::max(1, options.scale);
  const int64_t now_ms = options.now_ms > 0 ? options.now_ms : ToUnixMillis(Now());
  const int64_t encounters = options.encounters >= 0 ? options.encounters : kEncountersPerScale * scale;
  if (db.backend() == store::Backend::kSqlite) {
    // A bigger page cache for the writer connection while the tables grow (this process only).
    KINSHIP_RETURN_IF_ERROR(
        db.WriteExclusive([](store::Tx& tx) { return tx.ExecScript("PRAGMA cache_size = -262144"); }));
  }
  BulkWriter out(db);
  const DemoTables tables = DeclareTables(out);
  for (size_t p = 0; p < program_ids.size(); ++p) {
    KINSHIP_ASSIGN_OR_RETURN(ProgramWorld world, LoadWorld(db, program_ids[p], static_cast<int>(p)));
    ActivityPlan plan;
    plan.seed = options.seed * 0x9E3779B97F4A7C15ull + p + 1;
    plan.encounters = static_cast<int64_t>(static_cast<double>(encounters) * kShare[p % 3]);
    plan.participants = static_cast<int>(kParticipantsPerScale * scale * kShare[p % 3]);
    plan.now_ms = now_ms;
    plan.first_day = now_ms / kMsPerDay - 729;
    KINSHIP_ASSIGN_OR_RETURN(ActivityCounts c, GenerateActivity(world, code_key, plan, out, tables));
    nlohmann::json change = {{"seed", options.seed},
                             {"scale", scale},
                             {"encounters", c.encounters},
                             {"participants", c.participants},
                             {"lots", c.lots},
                             {"movements", c.movements},
                             {"referrals", c.referrals},
                             {"resources", c.resources}};
    KINSHIP_RETURN_IF_ERROR(db.Write([&](store::Tx& tx) {
      return audit.Append(tx, {world.id, "", "demo_data", world.id, "create", change});
    }));
    ActivityCounts& sum = summary.activity;
    sum.encounters += c.encounters;
    sum.voided += c.voided;
    sum.with_code += c.with_code;
    sum.participants += c.participants;
    sum.lots += c.lots;
    sum.movements += c.movements;
    sum.transfers += c.transfers;
    sum.urgent_orders += c.urgent_orders;
    sum.referrals += c.referrals;
    sum.resources += c.resources;
    for (int i = 0; i < 5; ++i) sum.referrals_by_status[i] += c.referrals_by_status[i];
  }
  summary.rows = out.rows_written();
  return Status::Ok();
}

}  // namespace

Result<DemoSummary> CreateDemoData(store::Database& db, const audit::Recorder& audit, const crypto::Key& code_key,
                                   const DemoOptions& options) {
  DemoSummary summary;
  KINSHIP_ASSIGN_OR_RETURN(std::vector<std::string> program_ids,
                           CreateStructure(db, audit, options.seed, options.scale, summary));
  if (options.size == DemoSize::kFull) {
    KINSHIP_RETURN_IF_ERROR(CreateActivity(db, audit, code_key, options, program_ids, summary));
  }
  return summary;
}

Result<DemoSummary> CreateDemoData(store::Database& db, const audit::Recorder& audit, uint64_t seed, int scale) {
  DemoOptions options;
  options.seed = seed;
  options.scale = scale;
  options.size = DemoSize::kTiny;
  return CreateDemoData(db, audit, crypto::Key{}, options);
}

}  // namespace kinship::demo

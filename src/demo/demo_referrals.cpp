#include "demo/demo_referrals.h"

#include <string_view>

namespace kinship::demo {

namespace {

struct ResourcePlan {
  const char* name;
  const char* kind;
  const char* hours;
  const char* eligibility;
  const char* how_to_refer;
  const char* contact;
  const char* area;
  double weight;  // how often peers refer there
};

// Fictional services; contacts use reserved example numbers and domains.
const std::vector<std::vector<ResourcePlan>>& Directory() {
  static const std::vector<std::vector<ResourcePlan>> kDirectory = {
      {{"Eastside Housing First", "housing", "Mon-Fri 9:00-17:00", "Adults without stable housing",
        "Call ahead; a peer can come along to the first meeting", "555-0101", "Downtown", 3},
       {"Riverside Community Mental Health", "mental_health", "Mon-Fri 8:30-18:00", "Anyone 16 and over",
        "Walk-in triage every morning; no referral letter needed", "555-0102", "Riverside", 2},
       {"Harm Reduction Treatment Clinic", "substance_use_treatment", "Mon-Sat 9:00-16:00", "Adults",
        "Same-day assessment; bring nothing", "intake@treatment.example.org", "Downtown", 2},
       {"Downtown OAT Clinic", "opioid_agonist_treatment", "Daily 8:00-14:00",
        "People who use opioids; no ID needed for the first visit", "Walk in before 11:00 for same-day dosing",
        "555-0104", "Downtown", 3},
       {"Street Health Nurses", "medical", "Tue and Thu 10:00-15:00", "Everyone",
        "Nurses come to the drop-in; wounds, abscesses, vaccinations", "555-0105", "Downtown", 2.5},
       {"Sexual Health and Hep C Testing", "testing", "Wed 13:00-19:00", "Everyone",
        "Rapid HIV and hepatitis C tests; results in 20 minutes", "555-0106", "East End", 1.5},
       {"Community Legal Clinic", "legal", "Mon 10:00-13:00", "Low income",
        "Tenancy, benefits, fines and warrants; book by phone", "555-0107", "Downtown", 0.8},
       {"Eastside Community Kitchen", "food", "Daily 12:00-14:00", "Everyone", "Just come", "555-0108", "East End", 1},
       {"Night Shelter on 5th", "shelter", "Daily 19:00-8:00", "Adults; pets welcome",
        "Beds from 19:00; call after 16:00 to hold one", "555-0109", "Downtown", 1.2},
       {"ID and Benefits Help Desk", "other", "Fri 10:00-15:00", "Everyone",
        "Help replacing ID documents and applying for benefits", "help@benefits.example.org", "Riverside", 0.6}},
      {{"Harbour Supported Housing", "housing", "Mon-Fri 9:00-17:00", "Adults",
        "Referral form filled in with the peer worker", "555-0201", "Harbourfront", 2.5},
       {"Harbour Crisis and Wellbeing Team", "mental_health", "24/7 phone line", "Anyone in distress",
        "Call any time; the team can meet at the drop-in", "555-0202", "Harbourfront", 2},
       {"Docklands Methadone and Buprenorphine Service", "opioid_agonist_treatment", "Mon-Sat 8:00-13:00",
        "People who use opioids", "Walk-in assessment on weekdays", "555-0203", "Docklands", 3},
       {"Harbour Detox and Recovery", "substance_use_treatment", "Mon-Fri 9:00-17:00", "Adults",
        "Phone assessment first; waiting list about two weeks", "555-0204", "Harbourfront", 1},
       {"Port Medical Centre", "medical", "Mon-Fri 8:00-18:00", "Everyone, with or without insurance",
        "Ask for the outreach nurse", "555-0205", "Harbourfront", 2},
       {"Dockside Testing Van", "testing", "Thu 16:00-20:00", "Everyone", "Comes to the Docks outreach stop",
        "555-0206", "Docklands", 1.5},
       {"Harbour Food Bank", "food", "Tue and Fri 10:00-13:00", "Everyone", "Bring a bag", "555-0207",
        "Harbourfront", 1},
       {"Seafarers' Shelter", "shelter", "Daily 18:00-9:00", "Adults", "First come, first served", "555-0208",
        "Docklands", 1}},
      {{"Valley Housing Trust", "housing", "Tue-Thu 10:00-16:00", "Adults in the valley",
        "The peer worker calls with the person", "555-0301", "Old Town", 2},
       {"Valley Counselling Service", "mental_health", "Mon-Fri 9:00-17:00", "Anyone 14 and over",
        "Self-referral by phone; a peer can call with them", "555-0302", "Old Town", 1.5},
       {"North Valley OAT Pharmacy", "opioid_agonist_treatment", "Daily 8:00-20:00", "People on a prescription",
        "Dosing and take-home doses; new starts through the GP", "555-0303", "North Valley", 2.5},
       {"Valley Health Centre", "medical", "Mon-Fri 8:00-17:00", "Everyone", "Same-day appointments at 8:00",
        "555-0304", "Old Town", 2},
       {"Valley Legal Aid", "legal", "Wed 13:00-17:00", "Low income", "Book by phone", "555-0305", "Old Town", 0.6},
       {"Old Town Pantry", "food", "Mon, Wed, Fri 11:00-14:00", "Everyone", "Just come", "555-0306", "Old Town", 1},
       {"Valley Testing Clinic", "testing", "Mon 14:00-18:00", "Everyone", "Walk in", "555-0307", "Old Town", 1}},
  };
  return kDirectory;
}

constexpr int64_t kMsPerHour = 3'600'000;

int StatusIndex(std::string_view s) {
  if (s == "made") return 0;
  if (s == "accepted") return 1;
  if (s == "attended") return 2;
  if (s == "not_attended") return 3;
  return 4;
}

}  // namespace

ReferralBook::ReferralBook(const ProgramWorld& world, BulkWriter& out, const DemoTables& tables, IdMaker& ids,
                           int64_t now_ms)
    : world_(world), out_(out), tables_(tables), ids_(ids), now_ms_(now_ms) {}

void ReferralBook::WriteResources(int64_t created_ms) {
  const auto& plans = Directory()[static_cast<size_t>(world_.index) % Directory().size()];
  const std::string at = IsoTime(created_ms);
  for (const auto& r : plans) {
    resource_ids_.push_back(ids_.At(created_ms));
    resource_weights_.push_back(r.weight);
    out_.Add(tables_.resources, world_.id, resource_ids_.back(), r.name, r.kind, r.hours, r.eligibility,
             r.how_to_refer, r.contact, r.area, 0, at, at);
  }
}

void ReferralBook::Make(int64_t made_ms, const std::string& worker, const std::string* encounter_id,
                        const std::string* participant_id, std::mt19937_64& rng) {
  if (resource_ids_.empty() || made_ms > now_ms_) return;
  std::uniform_real_distribution<double> unit(0, 1);
  std::discrete_distribution<size_t> resource(resource_weights_.begin(), resource_weights_.end());
  const std::string id = ids_.At(made_ms);
  const int follow_up_days = world_.settings.follow_up_days;
  const auto follow_up = [&](int64_t ms) { return IsoDay(ms / kMsPerDay + follow_up_days); };
  std::string status = "made", follow_up_on = follow_up(made_ms), closed_at;
  int64_t updated_ms = made_ms;
  // Each step happens after the last one, during the day, and only when it is not in the future.
  const auto step = [&](const char* next, double min_days, double max_days) {
    const double days = min_days + unit(rng) * (max_days - min_days);
    const int64_t at = updated_ms + static_cast<int64_t>(days * 24 * static_cast<double>(kMsPerHour));
    if (at > now_ms_) return false;
    const std::string& by = unit(rng) < 0.7 ? worker : world_.coordinator;
    status = next;
    updated_ms = at;
    if (status == "closed") {
      closed_at = IsoTime(at);
    } else {
      follow_up_on = follow_up(at);
    }
    out_.Add(tables_.referral_events, world_.id, ids_.At(at), id, status, IsoTime(at), by);
    return true;
  };
  out_.Add(tables_.referral_events, world_.id, ids_.At(made_ms), id, "made", IsoTime(made_ms), worker);
  if (unit(rng) < 0.7 && step("accepted", 0.5, 6)) {
    if (step(unit(rng) < 0.65 ? "attended" : "not_attended", 1, 14)) step("closed", 1, 10);
  }
  // Coordinators close what is left open once it has gone quiet (lost touch, or the person
  // did not want it after all); recent referrals are still open, due for follow-up.
  if (status != "closed" && unit(rng) < 0.99) step("closed", 20, 60);
  out_.Add(tables_.referrals, world_.id, id, resource_ids_[resource(rng)],
           encounter_id ? store::Value(*encounter_id) : store::Value(),
           participant_id ? store::Value(*participant_id) : store::Value(), status, IsoTime(made_ms), worker,
           follow_up_on, closed_at.empty() ? store::Value() : store::Value(closed_at), IsoTime(updated_ms));
  ++made_;
  ++by_status_[static_cast<size_t>(StatusIndex(status))];
}

}  // namespace kinship::demo

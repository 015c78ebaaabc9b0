#include "audit/audit_log.h"

#include <limits>
#include <optional>

#include "core/clock.h"

namespace kinship::audit {

namespace {
const std::string kGenesis(64, '0');
}

std::string Recorder::ChainHash(const std::string& prev_hash, int64_t seq, const std::string& at,
                                const std::string& program_id, const std::string& user_id,
                                const std::string& entity, const std::string& entity_id,
                                const std::string& action, const std::string& digest) const {
  // Length-prefixed fields, so no two different entries can encode to the same bytes.
  std::string buf;
  for (const std::string* f : {&prev_hash, &at, &program_id, &user_id, &entity, &entity_id, &action, &digest}) {
    buf += std::to_string(f->size());
    buf += ':';
    buf += *f;
  }
  buf += std::to_string(seq);
  return crypto::KeyedHash(key_, buf);
}

Status Recorder::StartChain(store::Tx& tx, const std::string& program_id) const {
  return tx.Exec("INSERT INTO audit_heads (program_id, seq, hash) VALUES ($1, 0, $2)",
                 {program_id, kGenesis})
      .status();
}

Status Recorder::Append(store::Tx& tx, const Entry& e) const {
  // The UPDATE takes the head row's lock (PostgreSQL) so concurrent appends queue here.
  auto head = tx.Query("UPDATE audit_heads SET seq = seq + 1 WHERE program_id = $1 RETURNING seq, hash",
                       {e.program_id});
  if (!head.ok()) return head.status();
  if (head->empty()) return Internal("audit: program has no audit chain");
  const int64_t seq = (*head)[0].Int(0);
  const std::string prev = (*head)[0].Text(1);
  const std::string at = NowIso();
  const std::string digest = crypto::Digest(e.change.dump());
  const std::string hash = ChainHash(prev, seq, at, e.program_id, e.user_id, e.entity, e.entity_id, e.action, digest);
  KINSHIP_RETURN_IF_ERROR(
      tx.Exec("UPDATE audit_heads SET hash = $2 WHERE program_id = $1", {e.program_id, hash}).status());
  return tx
      .Exec("INSERT INTO audit_log (program_id, seq, at, user_id, entity, entity_id, action, digest, "
            "prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            {e.program_id, seq, at, e.user_id.empty() ? store::Value() : store::Value(e.user_id),
             e.entity, e.entity_id, e.action, digest, prev, hash})
      .status();
}

static StoredEntry FromRow(const store::Row& r) {
  return {r.Int(0), r.Text(1), r.Text(2), r.OptText(3).value_or(""), r.Text(4), r.Text(5),
          r.Text(6), r.Text(7), r.Text(8)};
}

Result<std::vector<StoredEntry>> Recorder::List(store::Tx& tx, const std::string& program_id,
                                                int64_t before_seq, int limit) const {
  auto rows = tx.Query(
      "SELECT seq, at, program_id, user_id, entity, entity_id, action, digest, hash FROM audit_log "
      "WHERE program_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3",
      {program_id, before_seq > 0 ? before_seq : std::numeric_limits<int64_t>::max(), limit});
  if (!rows.ok()) return rows.status();
  std::vector<StoredEntry> out;
  for (const auto& r : *rows) out.push_back(FromRow(r));
  return out;
}

Result<VerifyReport> Recorder::Verify(store::Database& db, const std::string& program_id) const {
  std::optional<VerifyReport> report;
  Status s = db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(report, VerifyIn(tx, program_id));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return *report;
}

Result<VerifyReport> Recorder::VerifyIn(store::Tx& tx, const std::string& program_id) const {
  VerifyReport report;
  Status s = [&]() -> Status {
    auto heads = program_id.empty()
                     ? tx.Query("SELECT program_id, seq, hash FROM audit_heads ORDER BY program_id")
                     : tx.Query("SELECT program_id, seq, hash FROM audit_heads WHERE program_id = $1",
                                {program_id});
    if (!heads.ok()) return heads.status();
    for (const auto& head : *heads) {
      const std::string pid = head.Text(0);
      auto rows = tx.Query(
          "SELECT seq, at, program_id, user_id, entity, entity_id, action, digest, hash, prev_hash "
          "FROM audit_log WHERE program_id = $1 ORDER BY seq",
          {pid});
      if (!rows.ok()) return rows.status();
      std::string prev = kGenesis;
      int64_t expected = 1;
      auto fail = [&](int64_t seq, std::string reason) {
        report.ok = false;
        report.program_id = pid;
        report.first_broken_seq = seq;
        report.reason = std::move(reason);
      };
      for (const auto& row : *rows) {
        const StoredEntry e = FromRow(row);
        if (e.seq != expected) {
          fail(expected, "entry " + std::to_string(expected) + " is missing");
          return Status::Ok();
        }
        const std::string want = ChainHash(prev, e.seq, e.at, e.program_id, e.user_id, e.entity,
                                           e.entity_id, e.action, e.digest);
        if (row.Text(9) != prev || !crypto::ConstantTimeEqual(want, e.hash)) {
          fail(e.seq, "entry " + std::to_string(e.seq) + " was altered");
          return Status::Ok();
        }
        prev = e.hash;
        ++expected;
        ++report.checked;
      }
      if (head.Int(1) != expected - 1 || head.Text(2) != prev) {
        fail(expected, "entries after " + std::to_string(expected - 1) + " were removed");
        return Status::Ok();
      }
    }
    return Status::Ok();
  }();
  if (!s.ok()) return s;
  return report;
}

nlohmann::json ToJson(const StoredEntry& e) {
  return {{"seq", e.seq},
          {"at", e.at},
          {"program_id", e.program_id},
          {"user_id", e.user_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.user_id)},
          {"entity", e.entity},
          {"entity_id", e.entity_id},
          {"action", e.action},
          {"digest", e.digest},
          {"hash", e.hash}};
}

}  // namespace kinship::audit

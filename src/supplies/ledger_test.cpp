// The stock ledger against a real SQLite file: first-expiry-first-out, expired lots skipped,
// the exact 409 when stock runs short (and nothing written then), reversal of an encounter,
// and balances that always equal the sum of movements.
#include "supplies/ledger.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "audit/audit_log.h"
#include "core/crypto.h"
#include "core/ids.h"
#include "programs/program_service.h"
#include "store/migrations.h"

namespace kinship::supplies {
namespace {

class LedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init().ok());
    dir_ = std::filesystem::temp_directory_path() / ("kinship-ledger-" + NewId());
    std::filesystem::create_directories(dir_);
    db_ = std::move(*store::Open("sqlite:" + (dir_ / "l.db").string()));
    ASSERT_TRUE(store::Migrate(*db_).ok());
    crypto::Key key;
    key.fill(3);
    recorder_ = std::make_unique<audit::Recorder>(key);
    auto p = programs::CreateProgram(*db_, *recorder_, "", "Test Program", "test", std::nullopt);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    ctx_.program_id = p->id;
    ctx_.occurred_at = "2026-01-05T10:00:00.000Z";
    site_ = NewId();
    ASSERT_TRUE(db_->Write([&](store::Tx& tx) {
                     return tx.Exec("INSERT INTO sites (program_id, id, name, kind, area, archived, created_at, "
                                    "updated_at) VALUES ($1, $2, 'Downtown Drop-in', 'fixed', NULL, 0, 'x', 'x')",
                                    {ctx_.program_id, site_})
                         .status();
                   }).ok());
    ASSERT_TRUE(db_->Read([&](store::Tx& tx) -> Status {
                     auto rows = tx.Query("SELECT id FROM items WHERE program_id = $1 AND name = 'Syringe 1 mL 29G'",
                                          {ctx_.program_id});
                     if (!rows.ok()) return rows.status();
                     item_ = (*rows)[0].Text(0);
                     return Status::Ok();
                   }).ok());
  }
  void TearDown() override {
    db_->Close();
    std::filesystem::remove_all(dir_);
  }

  // Makes a lot and receives quantity of it at the site.
  LotRef Receive(const std::string& number, std::optional<std::string> expires_on, int64_t quantity) {
    LotRef lot{NewId(), item_, number, std::move(expires_on)};
    Status s = db_->Write([&](store::Tx& tx) -> Status {
      KINSHIP_RETURN_IF_ERROR(tx.Exec("INSERT INTO lots (program_id, id, item_id, lot_number, expires_on, created_at) "
                                      "VALUES ($1, $2, $3, $4, $5, 'x')",
                                      {ctx_.program_id, lot.id, lot.item_id, lot.lot_number, lot.expires_on})
                                  .status());
      return ApplyMovement(tx, ctx_, site_, lot, "receive", quantity).status();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return lot;
  }

  int64_t Scalar(const std::string& sql, const store::Params& params) {
    int64_t n = -1;
    EXPECT_TRUE(db_->Read([&](store::Tx& tx) -> Status {
                     auto rows = tx.Query(sql, params);
                     if (!rows.ok()) return rows.status();
                     n = (*rows)[0].IsNull(0) ? 0 : (*rows)[0].Int(0);
                     return Status::Ok();
                   }).ok());
    return n;
  }
  int64_t LotStock(const LotRef& lot) {
    return Scalar("SELECT quantity FROM stock WHERE program_id = $1 AND site_id = $2 AND lot_id = $3",
                  {ctx_.program_id, site_, lot.id});
  }
  int64_t Total() {
    return Scalar("SELECT quantity FROM stock_totals WHERE program_id = $1 AND site_id = $2 AND item_id = $3",
                  {ctx_.program_id, site_, item_});
  }
  int64_t MovementSum() {
    return Scalar("SELECT SUM(quantity) FROM movements WHERE program_id = $1 AND site_id = $2 AND item_id = $3",
                  {ctx_.program_id, site_, item_});
  }
  int64_t MovementCount() {
    return Scalar("SELECT COUNT(*) FROM movements WHERE program_id = $1", {ctx_.program_id});
  }

  Result<std::vector<Movement>> DispenseNow(int64_t quantity, bool use_expired = false) {
    std::optional<Result<std::vector<Movement>>> out;
    Status s = db_->Write([&](store::Tx& tx) -> Status {
      out.emplace(Dispense(tx, ctx_, site_, item_, quantity, use_expired));
      return out->ok() ? Status::Ok() : out->status();
    });
    return std::move(*out);
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<audit::Recorder> recorder_;
  MovementContext ctx_;
  std::string site_, item_;
};

TEST_F(LedgerTest, ReceiveKeepsBalancesEqualToMovements) {
  LotRef a = Receive("A", "2099-01-01", 30);
  LotRef b = Receive("B", std::nullopt, 12);
  EXPECT_EQ(LotStock(a), 30);
  EXPECT_EQ(LotStock(b), 12);
  EXPECT_EQ(Total(), 42);
  EXPECT_EQ(MovementSum(), 42);
  EXPECT_EQ(Scalar("SELECT balance_after FROM movements WHERE program_id = $1 AND lot_id = $2",
                   {ctx_.program_id, b.id}),
            42);
  EXPECT_EQ(Scalar("SELECT lot_balance_after FROM movements WHERE program_id = $1 AND lot_id = $2",
                   {ctx_.program_id, b.id}),
            12);
}

TEST_F(LedgerTest, DispenseTakesFirstExpiryFirstAndUndatedLotsLast) {
  LotRef later = Receive("LATER", "2099-06-01", 5);
  LotRef undated = Receive("UNDATED", std::nullopt, 5);
  LotRef sooner = Receive("SOONER", "2098-01-01", 5);
  auto r = DispenseNow(8);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].lot_id, sooner.id);
  EXPECT_EQ((*r)[0].quantity, -5);
  EXPECT_EQ((*r)[0].lot_balance_after, 0);
  EXPECT_EQ((*r)[0].balance_after, 10);
  EXPECT_EQ((*r)[0].kind, "dispense");
  EXPECT_EQ((*r)[1].lot_id, later.id);
  EXPECT_EQ((*r)[1].quantity, -3);
  EXPECT_EQ((*r)[1].lot_balance_after, 2);
  EXPECT_EQ((*r)[1].balance_after, 7);
  EXPECT_LT((*r)[0].id, (*r)[1].id);  // the stock card orders by id
  EXPECT_EQ(LotStock(undated), 5);

  auto rest = DispenseNow(7);
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->size(), 2u);
  EXPECT_EQ((*rest)[1].lot_id, undated.id);
  EXPECT_EQ(Total(), 0);
  EXPECT_EQ(MovementSum(), 0);
}

TEST_F(LedgerTest, ShortageIs409WithWhatIsAvailableAndWritesNothing) {
  Receive("OLD", "2000-01-01", 100);  // expired: not usable
  Receive("NEW", "2099-01-01", 12);
  const int64_t before = MovementCount();
  Status inside;
  ASSERT_TRUE(db_->Write([&](store::Tx& tx) -> Status {
                   inside = Dispense(tx, ctx_, site_, item_, 13, false).status();
                   return Status::Ok();  // commit whatever Dispense might have written
                 }).ok());
  EXPECT_EQ(inside.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(inside.message(), "Only 12 Syringe 1 mL 29G in stock at Downtown Drop-in.");
  const auto extra = nlohmann::json::parse(inside.extra());
  EXPECT_EQ(extra, (nlohmann::json{{"item_id", item_}, {"site_id", site_}, {"requested", 13}, {"available", 12}}));
  EXPECT_EQ(MovementCount(), before);
  EXPECT_EQ(Total(), 112);
}

// The first read takes only the first few lots to expire; a take they cannot cover reads
// the rest, and a shortage still counts every lot.
TEST_F(LedgerTest, TakesSpanningManyLotsReadThemAllInOrder) {
  std::vector<LotRef> lots;
  for (int i = 0; i < 9; ++i) {
    lots.push_back(Receive("L" + std::to_string(i), "2099-01-0" + std::to_string(i + 1), 3));
  }
  LotRef undated = Receive("UNDATED", std::nullopt, 3);
  auto r = DispenseNow(20);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 7u);
  for (size_t i = 0; i < 7; ++i) EXPECT_EQ((*r)[i].lot_id, lots[i].id) << i;
  EXPECT_EQ((*r)[6].quantity, -2);
  EXPECT_EQ((*r)[6].balance_after, 10);

  auto shortage = DispenseNow(11);
  EXPECT_EQ(shortage.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(nlohmann::json::parse(shortage.status().extra())["available"], 10);
  EXPECT_EQ(Total(), 10);

  auto rest = DispenseNow(10);
  ASSERT_TRUE(rest.ok()) << rest.status().ToString();
  ASSERT_EQ(rest->size(), 4u);
  EXPECT_EQ(rest->back().lot_id, undated.id);
  EXPECT_EQ(Total(), 0);
  EXPECT_EQ(MovementSum(), 0);
  // Emptied lots leave the first-expiry-first-out index.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM stock INDEXED BY stock_fefo WHERE program_id = $1 AND site_id = $2 "
                   "AND item_id = $3 AND quantity > 0",
                   {ctx_.program_id, site_, item_}),
            0);
}

TEST_F(LedgerTest, ExpiredLotsAreUsedOnlyWhenAskedFor) {
  LotRef old_lot = Receive("OLD", "2000-01-01", 4);
  LotRef new_lot = Receive("NEW", "2099-01-01", 4);
  auto skipped = DispenseNow(2);
  ASSERT_TRUE(skipped.ok());
  EXPECT_EQ((*skipped)[0].lot_id, new_lot.id);
  auto used = DispenseNow(5, /*use_expired=*/true);
  ASSERT_TRUE(used.ok()) << used.status().ToString();
  ASSERT_EQ(used->size(), 2u);
  EXPECT_EQ((*used)[0].lot_id, old_lot.id);
  EXPECT_EQ((*used)[0].quantity, -4);
  EXPECT_EQ((*used)[1].quantity, -1);
  EXPECT_EQ(Total(), 1);
}

TEST_F(LedgerTest, OverdrawingOneLotNamesTheLot) {
  LotRef lot = Receive("L-7", "2099-01-01", 3);
  Receive("OTHER", "2099-01-01", 50);
  Status s = db_->Write([&](store::Tx& tx) { return ApplyMovement(tx, ctx_, site_, lot, "dispose", -4).status(); });
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(), "Only 3 Syringe 1 mL 29G (lot L-7) in stock at Downtown Drop-in.");
  const auto extra = nlohmann::json::parse(s.extra());
  EXPECT_EQ(extra["available"], 3);
  EXPECT_EQ(extra["requested"], 4);
  EXPECT_EQ(extra["lot_id"], lot.id);
  EXPECT_EQ(LotStock(lot), 3);
}

TEST_F(LedgerTest, TheCheckConstraintIsAlsoA409) {
  LotRef lot = Receive("L-1", std::nullopt, 3);
  // Corrupt the totals so the lot check passes but the CHECK on stock_totals refuses.
  ASSERT_TRUE(db_->Write([&](store::Tx& tx) {
                   return tx.Exec("UPDATE stock_totals SET quantity = 1 WHERE program_id = $1", {ctx_.program_id})
                       .status();
                 }).ok());
  Status s = db_->Write([&](store::Tx& tx) { return ApplyMovement(tx, ctx_, site_, lot, "dispose", -2).status(); });
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_FALSE(s.extra().empty());
  EXPECT_EQ(LotStock(lot), 3);
}

TEST_F(LedgerTest, ReverseEncounterPutsEachLotBackOnce) {
  LotRef a = Receive("A", "2098-01-01", 3);
  LotRef b = Receive("B", "2099-01-01", 10);
  const std::string encounter = NewId();
  ctx_.encounter_id = encounter;
  ASSERT_TRUE(DispenseNow(5).ok());
  EXPECT_EQ(Total(), 8);

  MovementContext undo = ctx_;
  undo.encounter_id.reset();
  std::vector<Movement> back;
  ASSERT_TRUE(db_->Write([&](store::Tx& tx) -> Status {
                   KINSHIP_ASSIGN_OR_RETURN(back, ReverseEncounter(tx, undo, encounter));
                   return Status::Ok();
                 }).ok());
  ASSERT_EQ(back.size(), 2u);
  for (const auto& m : back) {
    EXPECT_EQ(m.kind, "dispense_reversal");
    EXPECT_EQ(m.encounter_id, encounter);
    EXPECT_GT(m.quantity, 0);
  }
  EXPECT_EQ(LotStock(a), 3);
  EXPECT_EQ(LotStock(b), 10);
  EXPECT_EQ(Total(), 13);
  EXPECT_EQ(back.back().balance_after, 13);

  std::vector<Movement> again;
  ASSERT_TRUE(db_->Write([&](store::Tx& tx) -> Status {
                   KINSHIP_ASSIGN_OR_RETURN(again, ReverseEncounter(tx, undo, encounter));
                   return Status::Ok();
                 }).ok());
  EXPECT_TRUE(again.empty());
  EXPECT_EQ(MovementSum(), 13);
}

TEST_F(LedgerTest, MovementJsonHasTheContractFields) {
  LotRef lot = Receive("J", "2099-01-01", 2);
  auto r = DispenseNow(1);
  ASSERT_TRUE(r.ok());
  const auto j = ToJson((*r)[0]);
  for (const char* f : {"id", "site_id", "item_id", "lot_id", "lot_number", "kind", "quantity", "balance_after",
                        "lot_balance_after", "occurred_at", "reason", "encounter_id", "transfer_id", "user_id",
                        "created_at"}) {
    EXPECT_TRUE(j.contains(f)) << f;
  }
  EXPECT_EQ(j["lot_number"], "J");
  EXPECT_EQ(j["quantity"], -1);
  EXPECT_TRUE(j["user_id"].is_null());
  EXPECT_EQ(j["occurred_at"], "2026-01-05T10:00:00.000Z");
}

}  // namespace
}  // namespace kinship::supplies

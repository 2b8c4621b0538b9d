#include "audit/audit.h"

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>

#include "db/migrate.h"
#include "support/manual_clock.h"
#include "support/pg.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "support/test_app.h"

namespace fenghuo::audit {
namespace {

using test::Backend;

class AuditTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    url_ = "sqlite:" + (dir_ / "a.db").string();
    if (GetParam() == Backend::kPostgresql) {
      FENGHUO_NEED_PG();
      pg_.emplace(*test::pg_admin_url());
      url_ = pg_->url();
    }
    auto db = db::open_database({url_, 2, 2000});
    ASSERT_TRUE(db.ok());
    db_ = std::move(db).value();
    ASSERT_TRUE(db::migrate(*db_, db::builtin_migrations(), clock_).ok());
  }
  void append(const Log& log, int n) {
    Principal actor;
    actor.id = 7;
    actor.name = "值班员";
    actor.client_address = "10.0.0.1";
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(db_->transact([&](db::Transaction& tx) {
                       return log.append(tx, actor,
                                         {"user.update", "user", std::to_string(i), "140100",
                                          R"({"name":"a"})", R"({"name":"b"})"});
                     })
                      .ok());
      clock_.advance_s(1);
    }
  }
  void tamper(const std::string& sql) {
    ASSERT_TRUE(db_->transact([&](db::Transaction& tx) { return tx->execute_script(sql); }).ok());
  }
  Log::Verification verify(const std::string& key = {},
                           const std::optional<Head>& head = std::nullopt) {
    auto v = Log::verify(*db_, key, head);
    EXPECT_TRUE(v.ok()) << v.error().message;
    return v.ok() ? *v : Log::Verification{};
  }
  Head head() {
    auto h = Log::head(*db_);
    EXPECT_TRUE(h.ok());
    return h.ok() ? *h : Head{};
  }

  const std::string key_ = std::string(32, 'k');

  test::TempDir dir_;
  std::optional<test::PgTestDatabase> pg_;
  std::string url_;
  std::unique_ptr<db::Database> db_;
  test::ManualClock clock_;
};

TEST_P(AuditTest, AnIntactChainVerifies) {
  Log log(clock_, "sha256");
  append(log, 5);
  auto v = verify();
  EXPECT_TRUE(v.ok);
  EXPECT_EQ(v.entries, 5);
}

TEST_P(AuditTest, AnAlteredEntryIsFound) {
  Log log(clock_, "sha256");
  append(log, 5);
  tamper("UPDATE audit_log SET after_json = '{\"name\":\"c\"}' WHERE seq = 3");
  auto v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 3);
  EXPECT_NE(v.problem.find("altered"), std::string::npos);
}

TEST_P(AuditTest, AnAlteredActorIsFound) {
  Log log(clock_, "sha256");
  append(log, 3);
  tamper("UPDATE audit_log SET actor_name = '别人' WHERE seq = 2");
  EXPECT_EQ(verify().first_bad_seq, 2);
}

TEST_P(AuditTest, ARemovedEntryIsFound) {
  Log log(clock_, "sha256");
  append(log, 5);
  tamper("DELETE FROM audit_log WHERE seq = 2");
  auto v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 2);
  EXPECT_NE(v.problem.find("missing"), std::string::npos);
}

TEST_P(AuditTest, ARemovedLastEntryRenumberedIsFound) {
  Log log(clock_, "sha256");
  append(log, 4);
  // Remove entry 2 and renumber the rest, as a careful forger would.
  tamper("DELETE FROM audit_log WHERE seq = 2");
  tamper("UPDATE audit_log SET seq = seq - 1 WHERE seq > 2");
  auto v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 2);
}

TEST_P(AuditTest, SwappedEntriesAreFound) {
  Log log(clock_, "sha256");
  append(log, 4);
  tamper("UPDATE audit_log SET seq = 100 WHERE seq = 2");
  tamper("UPDATE audit_log SET seq = 2 WHERE seq = 3");
  tamper("UPDATE audit_log SET seq = 3 WHERE seq = 100");
  auto v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 2);
}

TEST_P(AuditTest, Sm3ChainsVerifyAndMixWithSha256) {
  if (!algorithm_supported("sm3")) GTEST_SKIP() << "this OpenSSL has no SM3";
  Log sha(clock_, "sha256");
  Log sm3(clock_, "sm3");
  append(sha, 2);
  append(sm3, 2);
  auto v = verify();
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.entries, 4);
  tamper("UPDATE audit_log SET entity_id = 'x' WHERE seq = 4");
  EXPECT_EQ(verify().first_bad_seq, 4);
}

TEST_P(AuditTest, AKeyedChainVerifiesOnlyWithItsKey) {
  Log log(clock_, "sha256", key_);
  append(log, 3);
  auto v = verify(key_);
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.keyed_from, 1);
  auto without = Log::verify(*db_);
  ASSERT_FALSE(without.ok());
  EXPECT_EQ(without.error().field, "audit.key_file");
  auto other = verify(std::string(32, 'x'));
  EXPECT_FALSE(other.ok);
  EXPECT_EQ(other.first_bad_seq, 1);
}

TEST_P(AuditTest, AChainRewrittenWithAnotherKeyIsFound) {
  append(Log(clock_, "sha256", key_), 3);
  // Whoever can write the database but has not the key rewrites the whole chain.
  tamper("DELETE FROM audit_log");
  append(Log(clock_, "sha256", std::string(32, 'x')), 3);
  auto v = verify(key_);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 1);
  EXPECT_NE(v.problem.find("altered"), std::string::npos) << v.problem;
}

TEST_P(AuditTest, APlainEntryAfterAKeyedOneIsFound) {
  append(Log(clock_, "sha256", key_), 2);
  append(Log(clock_, "sha256"), 1);
  auto v = verify(key_);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 3);
}

TEST_P(AuditTest, PlainEntriesBeforeTheKeyStillVerify) {
  append(Log(clock_, "sha256"), 2);  // written before the upgrade that keyed the chain
  append(Log(clock_, "sha256", key_), 2);
  auto v = verify(key_);
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.entries, 4);
  EXPECT_EQ(v.keyed_from, 3);
}

TEST_P(AuditTest, ATrimmedTailIsFoundAgainstTheExportedHead) {
  Log log(clock_, "sha256", key_);
  append(log, 5);
  Head exported = head();
  EXPECT_EQ(exported.seq, 5);
  EXPECT_TRUE(verify(key_, exported).ok);
  tamper("DELETE FROM audit_log WHERE seq >= 4");
  EXPECT_TRUE(verify(key_).ok);  // the chain alone cannot tell
  auto v = verify(key_, exported);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 4);
  EXPECT_NE(v.problem.find("tail was removed"), std::string::npos) << v.problem;
}

TEST_P(AuditTest, AChainRewrittenPlainIsFoundAgainstTheExportedHead) {
  append(Log(clock_, "sha256", key_), 3);
  Head exported = head();
  tamper("DELETE FROM audit_log");
  append(Log(clock_, "sha256"), 4);
  EXPECT_TRUE(verify(key_).ok);
  auto v = verify(key_, exported);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 3);
}

TEST_P(AuditTest, SearchFiltersByJurisdictionAndFields) {
  Log log(clock_, "sha256");
  append(log, 3);
  Principal datong;
  datong.id = 9;
  datong.name = "大同";
  ASSERT_TRUE(
      db_->transact([&](db::Transaction& tx) {
           return log.append(tx, datong, {"org.create", "organisation", "5", "140200", "", "{}"});
         })
          .ok());
  Log::Query q;
  q.region_pattern = "1401%";
  auto found = log.search(*db_, q);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->total, 3);
  q.region_pattern = "14%";
  q.actor = "大同";
  found = log.search(*db_, q);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->total, 1);
  EXPECT_EQ(found->items[0].change.entity_type, "organisation");
  q.actor = "";
  q.entity_type = "user";
  q.entity_id = "1";
  found = log.search(*db_, q);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->total, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const auto& info) { return test::backend_name(info.param); });

TEST(AuditHead, ParsesOnlySeqColonHex) {
  auto head = parse_head("12:ab09");
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->seq, 12);
  EXPECT_EQ(head->hash, "ab09");
  EXPECT_EQ(to_string(*head), "12:ab09");
  for (const char* bad :
       {"", "12", ":ab", "0:ab", "-1:ab", "12:xyz", "1 2:ab", "99999999999999999999:ab"}) {
    EXPECT_FALSE(parse_head(bad).ok()) << bad;
  }
}

TEST(AuditKey, IsMadeOnceWithModeSixHundredAndThenRead) {
  test::TempDir dir;
  std::string path = (dir / "keys" / "audit.key").string();
  EXPECT_FALSE(load_key(path, false).ok());
  auto made = load_key(path, true);
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_EQ(made->size(), 32u);
  EXPECT_EQ(std::filesystem::status(path).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  auto again = load_key(path, true);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *made);
  std::ofstream(path) << "abcd\n";
  auto short_key = load_key(path, false);
  ASSERT_FALSE(short_key.ok());
  EXPECT_EQ(short_key.error().field, "audit.key_file");
}

TEST(AuditVerifyCommand, ExitsNonZeroNamingTheFirstBadEntry) {
  test::TempDir dir;
  std::string url = "sqlite:" + (dir / "cli.db").string();
  std::map<std::string, std::string> env = {
      {"FENGHUO_DATABASE_URL", url}, {"FENGHUO_SMS_OUTBOX_PATH", (dir / "o.jsonl").string()}};
  test::Process migrate({test::fenghuo_binary(), "migrate"}, env, (dir / "m.log").string());
  ASSERT_EQ(migrate.wait(std::chrono::seconds(30)), 0) << migrate.output();
  test::Process good({test::fenghuo_binary(), "audit", "verify"}, env, (dir / "g.log").string());
  ASSERT_EQ(good.wait(std::chrono::seconds(30)), 0) << good.output();
  EXPECT_NE(good.output().find("intact"), std::string::npos);
  {
    auto db = db::open_database({url, 1, 2000});
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)
                    ->transact([](db::Transaction& tx) {
                      return tx->execute_script(
                          "UPDATE audit_log SET after_json = '{}' WHERE seq = 7");
                    })
                    .ok());
  }
  test::Process bad({test::fenghuo_binary(), "audit", "verify"}, env, (dir / "b.log").string());
  auto status = bad.wait(std::chrono::seconds(30));
  ASSERT_TRUE(status);
  EXPECT_NE(*status, 0);
  EXPECT_NE(bad.output().find("entry 7"), std::string::npos) << bad.output();
}

TEST(AuditVerifyCommand, FindsATrimmedTailAgainstTheHeadItExported) {
  test::TempDir dir;
  std::string url = "sqlite:" + (dir / "cli.db").string();
  std::map<std::string, std::string> env = {
      {"FENGHUO_DATABASE_URL", url},
      {"FENGHUO_STORAGE_PATH", (dir / "data").string()},
      {"FENGHUO_SMS_OUTBOX_PATH", (dir / "o.jsonl").string()}};
  // user add opens the services: the key is made and the entries are keyed.
  test::Process add({test::fenghuo_binary(), "user", "add", "--phone", "13800000001", "--name",
                     "管理员", "--org", "14", "--role", "system_admin"},
                    env, (dir / "a.log").string());
  ASSERT_EQ(add.wait(std::chrono::seconds(60)), 0) << add.output();
  EXPECT_TRUE(std::filesystem::exists(dir / "data" / "audit.key"));
  test::Process head({test::fenghuo_binary(), "audit", "head"}, env, (dir / "h.log").string());
  ASSERT_EQ(head.wait(std::chrono::seconds(30)), 0) << head.output();
  std::string exported = head.output();
  while (!exported.empty() && std::isspace(static_cast<unsigned char>(exported.back()))) {
    exported.pop_back();
  }
  exported = exported.substr(exported.rfind('\n') + 1);  // the last line
  auto parsed = parse_head(exported);
  ASSERT_TRUE(parsed.ok()) << exported;
  test::Process good({test::fenghuo_binary(), "audit", "verify", "--head", exported}, env,
                     (dir / "g.log").string());
  ASSERT_EQ(good.wait(std::chrono::seconds(30)), 0) << good.output();
  EXPECT_NE(good.output().find("keyed from entry 1"), std::string::npos) << good.output();
  {
    auto db = db::open_database({url, 1, 2000});
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)
                    ->transact([&](db::Transaction& tx) {
                      return tx->execute_script("DELETE FROM audit_log WHERE seq = " +
                                                std::to_string(parsed->seq));
                    })
                    .ok());
  }
  test::Process bad({test::fenghuo_binary(), "audit", "verify", "--head", exported}, env,
                    (dir / "b.log").string());
  auto status = bad.wait(std::chrono::seconds(30));
  ASSERT_TRUE(status);
  EXPECT_NE(*status, 0);
  EXPECT_NE(bad.output().find("tail was removed"), std::string::npos) << bad.output();
}

}  // namespace
}  // namespace fenghuo::audit

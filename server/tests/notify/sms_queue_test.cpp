// Text messages queued with the change that calls for them go out after it, and a gateway
// that fails does not lose them: each is tried again after a growing pause, the failure kept.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "app/services.h"
#include "support/manual_clock.h"
#include "support/test_app.h"

namespace fenghuo::test {
namespace {

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(SmsQueue, AMessageWaitsOutAGatewayFailureAndGoesOnceItIsBack) {
  auto clock = std::make_shared<ManualClock>();
  TempDir gateway;
  auto outbox = gateway / "down" / "outbox.jsonl";  // its folder is missing: every send fails
  TestApp app(
      Backend::kSqlite, [&](Config& c) { c.sms.outbox_path = outbox.string(); }, clock);
  Services& s = app.app().services();

  ASSERT_TRUE(s.db->transact([&](db::Transaction& tx) {
                    return s.notifier->queue_sms(tx,
                                                 {{7, "值班员", "13900000007"}, {8, "无手机", ""}},
                                                 "【烽火】首报已超时");
                  })
                  .ok());
  EXPECT_EQ(*s.notifier->send_queued(*s.db), 0);
  auto failed = [&] {
    std::string error;
    EXPECT_TRUE(s.db->read([&](db::Connection& c) -> Status {
                      FENGHUO_ASSIGN(rows,
                                     c.query("SELECT attempts, error, sent_at FROM sms_queue"));
                      EXPECT_EQ(rows.size(), 1u) << "nobody without a phone";
                      EXPECT_TRUE(rows.is_null(0, 2));
                      error = rows.text(0, 1);
                      return {};
                    })
                    .ok());
    return error;
  };
  EXPECT_NE(failed(), "") << "the failure is kept with the message";

  std::filesystem::create_directories(outbox.parent_path());
  EXPECT_EQ(*s.notifier->send_queued(*s.db), 0) << "not before its pause is over";
  clock->advance_s(61);
  EXPECT_EQ(*s.notifier->send_queued(*s.db), 1);
  EXPECT_NE(read_all(outbox).find("首报已超时"), std::string::npos);
  clock->advance_s(3600);
  EXPECT_EQ(*s.notifier->send_queued(*s.db), 0) << "sent once";
}

}  // namespace
}  // namespace fenghuo::test

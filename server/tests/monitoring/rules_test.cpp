// The alarm rules on their own, reading by reading with times chosen by the test: levels,
// hysteresis (a value hovering at a threshold does not flap), below, rate of change over a
// window, silence, and the validation of rules as users write them.
#include "monitoring/rules.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "monitoring/catalogue.h"

namespace fenghuo::monitoring {
namespace {

constexpr std::int64_t kMinute = 60000;

std::vector<Rule> rules(const char* json) {
  auto parsed = parse_rules(boost::json::parse(json));
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message);
  return parsed.ok() ? *parsed : std::vector<Rule>{};
}

// Feeds values one minute apart; answers the levels each transition went to ("" = none).
class Feed {
 public:
  explicit Feed(const char* json) { engine.configure(1, 1, rules(json), 0); }
  std::vector<int> values(std::initializer_list<double> values) {
    std::vector<int> to;
    for (double v : values) {
      std::vector<Transition> out;
      t += kMinute;
      engine.on_reading(1, 1, t, v, out);
      for (const auto& x : out) to.push_back(x.to);
    }
    return to;
  }
  RuleEngine engine;
  std::int64_t t = 0;
};

TEST(Rules, AboveRaisesEachLevelAndHoldsItWithinTheDeadBand) {
  Feed feed(
      R"([{"kind":"above","thresholds":[{"level":"red","value":1.0},{"level":"yellow","value":0.75}],"deadband":0.05}])");
  EXPECT_EQ(feed.values({0.5, 0.6}), std::vector<int>{});
  EXPECT_EQ(feed.values({0.8}), std::vector<int>{level_rank("yellow")});
  // Hovering around 0.75 within the dead band: no flapping.
  EXPECT_EQ(feed.values({0.74, 0.76, 0.72, 0.75, 0.71}), std::vector<int>{});
  EXPECT_EQ(feed.values({1.0}), std::vector<int>{level_rank("red")}) << "at the threshold counts";
  EXPECT_EQ(feed.values({0.97, 1.02, 0.96}), std::vector<int>{});
  EXPECT_EQ(feed.values({0.94}), std::vector<int>{level_rank("yellow")})
      << "down a level past the band";
  EXPECT_EQ(feed.values({0.69}), std::vector<int>{0}) << "back to normal past the band";
  EXPECT_EQ(feed.values({0.74}), std::vector<int>{}) << "rising again needs the threshold itself";
}

TEST(Rules, BelowIsTheMirrorImage) {
  Feed feed(
      R"([{"kind":"below","thresholds":[{"level":"yellow","value":30},{"level":"orange","value":20}],"deadband":2}])");
  EXPECT_EQ(feed.values({45, 31}), std::vector<int>{});
  EXPECT_EQ(feed.values({29}), std::vector<int>{level_rank("yellow")});
  EXPECT_EQ(feed.values({31, 29.5, 31.9}), std::vector<int>{});
  EXPECT_EQ(feed.values({19}), std::vector<int>{level_rank("orange")});
  EXPECT_EQ(feed.values({33}), std::vector<int>{0});
}

TEST(Rules, RateIsTheChangeOverItsWindowInEitherDirection) {
  Feed feed(
      R"([{"kind":"rate","window_min":10,"thresholds":[{"level":"yellow","value":0.5}],"deadband":0.1}])");
  EXPECT_EQ(feed.values({10.0, 10.1, 10.2, 10.3}), std::vector<int>{});
  EXPECT_EQ(feed.values({10.5}), std::vector<int>{level_rank("yellow")})
      << "0.5 m within 10 minutes";
  // Steady now: the change over the last 10 minutes shrinks below 0.4 once 10.0..10.1 leave.
  std::vector<int> steady = feed.values({10.5, 10.5, 10.5, 10.5, 10.5, 10.5, 10.5, 10.5});
  EXPECT_EQ(steady, std::vector<int>{0});
  EXPECT_EQ(feed.values({10.5, 9.9}), std::vector<int>{level_rank("yellow")})
      << "a fall counts too";
}

TEST(Rules, SilenceIsAnAlarmThatTheNextReadingEnds) {
  RuleEngine engine;
  engine.configure(7, 1, rules(R"([{"kind":"silence","minutes":10,"level":"orange"}])"), 0);
  std::vector<Transition> out;
  engine.check_silence(9 * kMinute, out);
  EXPECT_TRUE(out.empty()) << "a station that never reported is silent from when it was configured";
  engine.check_silence(10 * kMinute, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].to, level_rank("orange"));
  EXPECT_EQ(out[0].station, 7);
  out.clear();
  engine.check_silence(12 * kMinute, out);
  EXPECT_TRUE(out.empty()) << "raised once, not on every check";
  engine.on_reading(7, 1, 13 * kMinute, 0.2, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].to, 0);
  out.clear();
  engine.check_silence(22 * kMinute, out);
  EXPECT_TRUE(out.empty());
  engine.check_silence(23 * kMinute, out);
  EXPECT_EQ(out.size(), 1u) << "ten minutes after the last reading";
}

TEST(Rules, OlderReadingsDoNotMoveTheRulesAndAFailedBatchIsUndone) {
  Feed feed(R"([{"kind":"above","thresholds":[{"level":"red","value":1.0}]}])");
  feed.values({0.5});
  std::vector<Transition> out;
  feed.engine.on_reading(1, 1, 1, 5.0, out);  // before the newest reading
  EXPECT_TRUE(out.empty());

  feed.engine.begin_batch();
  feed.engine.on_reading(1, 1, feed.t + kMinute, 5.0, out);
  EXPECT_EQ(out.size(), 1u);
  feed.engine.rollback_batch();  // its transaction failed: as if it never came
  out.clear();
  feed.engine.on_reading(1, 1, feed.t + kMinute, 5.0, out);
  EXPECT_EQ(out.size(), 1u) << "the same reading raises again when resent";
}

TEST(Rules, BadRulesAreRefusedNamingTheField) {
  auto field_of = [](const char* json) {
    auto r = parse_rules(boost::json::parse(json));
    return r.ok() ? std::string("(accepted)") : r.error().field;
  };
  EXPECT_EQ(field_of(R"([{"kind":"over"}])"), "rules[0].kind");
  EXPECT_EQ(field_of(R"([{"kind":"above","thresholds":[]}])"), "rules[0].thresholds");
  EXPECT_EQ(field_of(R"([{"kind":"above","thresholds":[{"level":"purple","value":1}]}])"),
            "rules[0].thresholds[0].level");
  EXPECT_EQ(field_of(R"([{"kind":"above","thresholds":[{"level":"red","value":"1"}]}])"),
            "rules[0].thresholds[0].value");
  EXPECT_EQ(
      field_of(
          R"([{"kind":"above","thresholds":[{"level":"red","value":0.5},{"level":"yellow","value":1}]}])"),
      "rules[0].thresholds")
      << "red must lie beyond yellow";
  EXPECT_EQ(
      field_of(R"([{"kind":"below","thresholds":[{"level":"red","value":1}],"deadband":-1}])"),
      "rules[0].deadband");
  EXPECT_EQ(field_of(R"([{"kind":"silence","minutes":0,"level":"red"}])"), "rules[0].minutes");
  EXPECT_EQ(
      field_of(
          R"([{"kind":"silence","minutes":5,"level":"red"},{"kind":"silence","minutes":9,"level":"red"}])"),
      "rules[1].kind")
      << "one rule of a kind per metric";
  EXPECT_EQ(field_of(R"([{"kind":"above","thresholds":[{"level":"red","value":1}],"window":5}])"),
            "rules[0].window");
  EXPECT_EQ(field_of(R"({"kind":"above"})"), "rules");
  EXPECT_EQ(field_of("[]"), "(accepted)");
}

}  // namespace
}  // namespace fenghuo::monitoring

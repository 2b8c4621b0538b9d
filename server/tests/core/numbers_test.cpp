// One parser for numbers given as text: finite decimals only.
#include "core/numbers.h"

#include <gtest/gtest.h>

namespace fenghuo::numbers {
namespace {

TEST(Numbers, ParseFiniteTakesDecimalNumbers) {
  EXPECT_EQ(parse_finite("12"), 12.0);
  EXPECT_EQ(parse_finite("-3.5"), -3.5);
  EXPECT_EQ(parse_finite("1e3"), 1000.0);
  EXPECT_EQ(parse_finite("112.5606"), 112.5606);
  EXPECT_EQ(parse_finite("0"), 0.0);
}

TEST(Numbers, ParseFiniteRefusesEverythingElse) {
  for (const char* text : {"", " 1", "1 ", "nan", "NaN", "-nan", "inf", "-inf", "infinity", "0x10",
                           "1e999", "-1e999", "12abc", "1,5", "--1", "."}) {
    EXPECT_FALSE(parse_finite(text).has_value()) << text;
  }
}

TEST(Numbers, ParseInRangeNamesTheFieldAndTheRange) {
  EXPECT_EQ(*parse_in_range("lat", "37.8", -90, 90), 37.8);
  auto nan = parse_in_range("lat", "nan", -90, 90);
  ASSERT_FALSE(nan.ok());
  EXPECT_EQ(nan.error().field, "lat");
  EXPECT_EQ(nan.error().message, "lat must be a number from -90 to 90");
  EXPECT_FALSE(parse_in_range("lat", "90.5", -90, 90).ok());
  EXPECT_TRUE(parse_in_range("lat", "90", -90, 90).ok());
}

}  // namespace
}  // namespace fenghuo::numbers

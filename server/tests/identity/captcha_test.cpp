// The CAPTCHA picture: every character drawn as geometry, nothing readable as text.
#include "identity/captcha.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

namespace fenghuo::identity {
namespace {

std::string draw(std::string_view answer, std::uint64_t seed) {
  std::mt19937_64 g(seed);
  std::uniform_real_distribution<double> d(0, 1);
  return draw_captcha_svg(answer, [&] { return d(g); });
}

std::size_t count(const std::string& text, std::string_view what) {
  std::size_t n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

TEST(Captcha, EveryCharacterOfTheAlphabetIsDrawnAsOnePath) {
  for (char c : kCaptchaAlphabet) {
    std::string svg = draw(std::string(1, c), 1);
    // 3 background curves + 1 character + 3 crossing curves.
    EXPECT_EQ(count(svg, "<path"), 7u) << c;
  }
}

TEST(Captcha, ThePictureHoldsNoTextAndDiffersEachTime) {
  std::string a = draw("K7MXA", 1);
  std::string b = draw("K7MXA", 2);
  EXPECT_TRUE(a.starts_with("<svg")) << a.substr(0, 40);
  EXPECT_EQ(a.find("<text"), std::string::npos);
  EXPECT_EQ(a.find("K7MXA"), std::string::npos);
  EXPECT_NE(a, b) << "the same answer is drawn differently";
  EXPECT_EQ(count(a, "<circle"), 40u) << "noise dots";
}

TEST(Captcha, AnswersAreFromTheAlphabet) {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    std::string answer = random_captcha_answer(5);
    ASSERT_EQ(answer.size(), 5u);
    for (char c : answer) EXPECT_NE(kCaptchaAlphabet.find(c), std::string_view::npos) << answer;
    seen.insert(answer);
  }
  EXPECT_GT(seen.size(), 45u);
}

TEST(Captcha, DataUrlIsBase64) {
  EXPECT_EQ(svg_data_url("<svg/>"), "data:image/svg+xml;base64,PHN2Zy8+");
  EXPECT_EQ(svg_data_url("ab"), "data:image/svg+xml;base64,YWI=");
  EXPECT_EQ(svg_data_url("a"), "data:image/svg+xml;base64,YQ==");
}

TEST(Captcha, TypedAnswersAreComparedWithoutCaseOrSpaces) {
  EXPECT_EQ(normalise_captcha_answer(" k7 mxa"), "K7MXA");
}

}  // namespace
}  // namespace fenghuo::identity

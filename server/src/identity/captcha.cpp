#include "identity/captcha.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <vector>

#include "core/random.h"

namespace fenghuo::identity {
namespace {

struct Point {
  double x, y;
};
using Stroke = std::vector<Point>;
struct Glyph {
  char c;
  std::vector<Stroke> strokes;  // on a grid 4 wide, 6 high, y downwards
};

const std::vector<Glyph>& glyphs() {
  static const std::vector<Glyph> kGlyphs = {
      {'A', {{{0, 6}, {2, 0}, {4, 6}}, {{1, 3.5}, {3, 3.5}}}},
      {'C', {{{4, 1}, {3, 0}, {1, 0}, {0, 1}, {0, 5}, {1, 6}, {3, 6}, {4, 5}}}},
      {'E', {{{4, 0}, {0, 0}, {0, 6}, {4, 6}}, {{0, 3}, {3, 3}}}},
      {'F', {{{4, 0}, {0, 0}, {0, 6}}, {{0, 3}, {3, 3}}}},
      {'H', {{{0, 0}, {0, 6}}, {{4, 0}, {4, 6}}, {{0, 3}, {4, 3}}}},
      {'K', {{{0, 0}, {0, 6}}, {{4, 0}, {0, 3.5}}, {{1.2, 2.8}, {4, 6}}}},
      {'L', {{{0, 0}, {0, 6}, {4, 6}}}},
      {'M', {{{0, 6}, {0, 0}, {2, 3}, {4, 0}, {4, 6}}}},
      {'N', {{{0, 6}, {0, 0}, {4, 6}, {4, 0}}}},
      {'P', {{{0, 6}, {0, 0}, {3, 0}, {4, 1}, {4, 2}, {3, 3}, {0, 3}}}},
      {'R', {{{0, 6}, {0, 0}, {3, 0}, {4, 1}, {4, 2}, {3, 3}, {0, 3}}, {{2, 3}, {4, 6}}}},
      {'T', {{{0, 0}, {4, 0}}, {{2, 0}, {2, 6}}}},
      {'U', {{{0, 0}, {0, 5}, {1, 6}, {3, 6}, {4, 5}, {4, 0}}}},
      {'V', {{{0, 0}, {2, 6}, {4, 0}}}},
      {'W', {{{0, 0}, {1, 6}, {2, 2}, {3, 6}, {4, 0}}}},
      {'X', {{{0, 0}, {4, 6}}, {{4, 0}, {0, 6}}}},
      {'Y', {{{0, 0}, {2, 3}, {4, 0}}, {{2, 3}, {2, 6}}}},
      {'3', {{{0, 0}, {4, 0}, {2, 2.5}, {3, 2.5}, {4, 3.5}, {4, 5}, {3, 6}, {1, 6}, {0, 5}}}},
      {'4', {{{3, 6}, {3, 0}, {0, 4}, {4, 4}}}},
      {'7', {{{0, 0}, {4, 0}, {1.5, 6}}}},
  };
  return kGlyphs;
}

const Glyph* glyph_of(char c) {
  for (const auto& g : glyphs()) {
    if (g.c == c) return &g;
  }
  return nullptr;
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string colour(const std::function<double()>& uniform, int low, int high) {
  auto channel = [&] { return low + static_cast<int>(uniform() * (high - low)); };
  char buf[16];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", channel(), channel(), channel());
  return buf;
}

}  // namespace

std::string random_captcha_answer(int length) {
  std::string out;
  while (static_cast<int>(out.size()) < length) {
    std::string hex = random_hex(16);
    for (std::size_t i = 0; i + 1 < hex.size() && static_cast<int>(out.size()) < length; i += 2) {
      int byte = std::stoi(hex.substr(i, 2), nullptr, 16);
      // Rejection keeps every character equally likely (240 = 12 x 20).
      if (byte < 240) out += kCaptchaAlphabet[byte % kCaptchaAlphabet.size()];
    }
  }
  return out;
}

std::string draw_captcha_svg(std::string_view answer, const std::function<double()>& uniform) {
  constexpr double kWidth = 160, kHeight = 60;
  auto between = [&](double lo, double hi) { return lo + (hi - lo) * uniform(); };
  std::string svg =
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="160" height="60" viewBox="0 0 160 60">)";
  svg += R"(<rect width="160" height="60" fill=")" + colour(uniform, 225, 255) + R"("/>)";
  // Faint curves behind the characters.
  for (int i = 0; i < 3; ++i) {
    svg += R"(<path fill="none" stroke=")" + colour(uniform, 150, 210) +
           R"(" stroke-width="1" d="M)" + num(0) + " " + num(between(0, kHeight)) + " Q" +
           num(between(40, 120)) + " " + num(between(-20, kHeight + 20)) + " " + num(kWidth) + " " +
           num(between(0, kHeight)) + R"("/>)";
  }
  std::size_t count = 0;
  for (char c : answer) count += glyph_of(c) != nullptr ? 1 : 0;
  double slot = (kWidth - 20) / std::max<std::size_t>(count, 1);
  double x0 = 10;
  for (char c : answer) {
    const Glyph* g = glyph_of(c);
    if (g == nullptr) continue;
    double scale = between(5.0, 7.0);
    double angle = between(-0.45, 0.45);
    double shear = between(-0.3, 0.3);
    double cx = x0 + slot / 2 + between(-3, 3);
    double cy = kHeight / 2 + between(-5, 5);
    x0 += slot;
    std::string d;
    for (const Stroke& stroke : g->strokes) {
      bool first = true;
      for (Point p : stroke) {
        double x = (p.x - 2 + between(-0.25, 0.25)) * scale;
        double y = (p.y - 3 + between(-0.25, 0.25)) * scale;
        x += shear * y;
        double rx = x * std::cos(angle) - y * std::sin(angle);
        double ry = x * std::sin(angle) + y * std::cos(angle);
        d += (first ? "M" : "L") + num(cx + rx) + " " + num(cy + ry) + " ";
        first = false;
      }
    }
    svg += R"(<path fill="none" stroke-linecap="round" stroke-linejoin="round" stroke=")" +
           colour(uniform, 20, 110) + R"(" stroke-width=")" + num(between(2.2, 3.4)) + R"(" d=")" +
           d + R"("/>)";
  }
  // Curves and dots across the characters.
  for (int i = 0; i < 3; ++i) {
    svg += R"(<path fill="none" stroke=")" + colour(uniform, 40, 130) + R"(" stroke-width=")" +
           num(between(1.0, 2.0)) + R"(" d="M)" + num(between(0, 20)) + " " +
           num(between(10, kHeight - 10)) + " C" + num(between(30, 70)) + " " +
           num(between(-10, kHeight + 10)) + " " + num(between(90, 130)) + " " +
           num(between(-10, kHeight + 10)) + " " + num(between(140, kWidth)) + " " +
           num(between(10, kHeight - 10)) + R"("/>)";
  }
  for (int i = 0; i < 40; ++i) {
    svg += R"(<circle cx=")" + num(between(0, kWidth)) + R"(" cy=")" + num(between(0, kHeight)) +
           R"(" r=")" + num(between(0.6, 1.6)) + R"(" fill=")" + colour(uniform, 40, 200) +
           R"("/>)";
  }
  svg += "</svg>";
  return svg;
}

std::string svg_data_url(std::string_view svg) {
  static constexpr char kDigits[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out = "data:image/svg+xml;base64,";
  out.reserve(out.size() + (svg.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < svg.size(); i += 3) {
    unsigned n = (static_cast<unsigned char>(svg[i]) << 16) |
                 (static_cast<unsigned char>(svg[i + 1]) << 8) |
                 static_cast<unsigned char>(svg[i + 2]);
    out += kDigits[(n >> 18) & 63];
    out += kDigits[(n >> 12) & 63];
    out += kDigits[(n >> 6) & 63];
    out += kDigits[n & 63];
  }
  if (i < svg.size()) {
    unsigned n = static_cast<unsigned char>(svg[i]) << 16;
    if (i + 1 < svg.size()) n |= static_cast<unsigned char>(svg[i + 1]) << 8;
    out += kDigits[(n >> 18) & 63];
    out += kDigits[(n >> 12) & 63];
    out += i + 1 < svg.size() ? kDigits[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string normalise_captcha_answer(std::string_view typed) {
  std::string out;
  for (char c : typed) {
    if (c == ' ' || c == '\t') continue;
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

}  // namespace fenghuo::identity

#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace fenghuo::identity {

// Characters a CAPTCHA answer is made of: none that reads as another (no O/0, I/1, S/5...).
inline constexpr std::string_view kCaptchaAlphabet = "ACEFHKLMNPRTUVWXY347";

// `length` characters of kCaptchaAlphabet, cryptographically random.
std::string random_captcha_answer(int length);

// Draws `answer` (characters of kCaptchaAlphabet; others are skipped) as an SVG image of
// 160 x 60: each character a stroked path, scaled, rotated, sheared and jittered on its own,
// under crossing curves and dots. No text, font or outside service: the characters exist only
// as geometry. `uniform` answers doubles in [0, 1) and decides every distortion.
std::string draw_captcha_svg(std::string_view answer, const std::function<double()>& uniform);

// The image as a data: URL (base64) for an <img src>.
std::string svg_data_url(std::string_view svg);

// An answer as typed, made comparable: spaces dropped, letters upper case.
std::string normalise_captcha_answer(std::string_view typed);

}  // namespace fenghuo::identity

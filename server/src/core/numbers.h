#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

// Numbers given as text (query strings, CSV cells, CAP coordinates). One parser for all of
// them, so that "nan", "inf", "0x1p3" or "12abc" are refused the same way everywhere.
namespace fenghuo::numbers {

// The finite decimal number that is the whole of `text` ("12", "-3.5", "1e3"); nullopt for
// anything else: empty text, spaces, NaN, infinities, hexadecimal, trailing characters, or a
// value beyond the range of a double.
std::optional<double> parse_finite(std::string_view text);

// The validation error "NAME must be a number from MIN to MAX", naming the field.
Error out_of_range(std::string_view name, double min, double max);

// `text` as a finite number in [min, max], or out_of_range(name, ...).
Result<double> parse_in_range(std::string_view name, std::string_view text, double min, double max);

}  // namespace fenghuo::numbers

#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fenghuo {

// `bytes` as lowercase hex.
std::string to_hex(std::string_view bytes);
// The bytes that `hex` (an even number of hex digits, either case) spells; nullopt else.
std::optional<std::string> from_hex(std::string_view hex);
// SHA-256 of `data`, lowercase hex.
std::string sha256_hex(std::string_view data);
// HMAC-SHA256 of `data` under `key`, lowercase hex.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);
// Compares two secrets in time independent of where they differ.
bool secrets_equal(std::string_view a, std::string_view b);
// A uniformly random decimal string of `digits` digits (SMS codes).
std::string random_digits(int digits);

}  // namespace fenghuo

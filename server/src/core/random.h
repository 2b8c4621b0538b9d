#pragma once

#include <string>

namespace fenghuo {

// `bytes` cryptographically random bytes (libsodium), as lowercase hex.
std::string random_hex(std::size_t bytes);

}  // namespace fenghuo

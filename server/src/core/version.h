#pragma once

#include <string_view>

namespace fenghuo {

// The version of this build ("0.1.0+g1a2b3c4" when built from a git checkout).
std::string_view version();

}  // namespace fenghuo

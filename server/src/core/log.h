#pragma once

#include <string>

#include "core/result.h"

namespace fenghuo {

// Sets up the process-wide spdlog logger (stderr, one line per message with a UTC
// timestamp). `level` is one of trace, debug, info, warn, error, off.
Status init_logging(const std::string& level);

}  // namespace fenghuo

#pragma once

#include <cstdint>
#include <string>

#include "resources/service.h"

namespace fenghuo::resources {

struct DemoOptions {
  enum class Scale { kSmall, kLarge } scale = Scale::kSmall;
  std::uint64_t seed = 14;
};

struct DemoResult {
  std::int64_t created = 0;
  bool already_loaded = false;
};

// Deterministic, plausible resources for every county of the province: every kind, each
// point inside its county, with sizes, capacities, beds and stock that look real. `small`
// (a few thousand records, what `make run` loads) or `large` (one million, for benchmarks).
// Loaded once: a second run finds the demo records and adds nothing. One audit entry
// records the bulk load.
Result<DemoResult> load_demo_resources(db::Database& db, ResourceService& service,
                                       const audit::Log& audit, const Clock& clock,
                                       DemoOptions options);

}  // namespace fenghuo::resources

#pragma once

#include <string>

#include "audit/audit.h"
#include "core/clock.h"
#include "db/database.h"

namespace fenghuo::identity {

// The regions data built into this binary for a province ("14" -> Shanxi), or empty.
std::string_view builtin_regions(const std::string& province);

struct ReferenceReport {
  int regions = 0;
  int bureaus_created = 0;
};

// Loads the province's regions (from `data_file` when given, else the built-in data) and
// makes sure every province, city and county has its emergency management bureau
// (应急管理厅/局). Idempotent: run by `fenghuo migrate` and at start. Audited as the system.
Result<ReferenceReport> sync_reference_data(db::Database& db, const std::string& province,
                                            const std::string& data_file, const Clock& clock,
                                            const audit::Log& audit);

}  // namespace fenghuo::identity

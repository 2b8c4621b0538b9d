#pragma once

#include <string>

#include "app/services.h"

namespace fenghuo {

// The demo administrator that `make run` prints.
inline constexpr std::string_view kDemoAdminPhone = "13800138000";

struct DemoReport {
  identity::Importer::Report import;
  bool admin_created = false;
};

// Loads the demo data for Shanxi on top of the reference data: member units of the safety
// committee, rescue teams, and demo users for each kind of work (all with "demo-" external
// ids, so that running it again changes nothing). Idempotent.
Result<DemoReport> load_demo_data(Services& services);

// A duty day in progress, once (when there are no incidents yet): rosters of the province,
// Taiyuan and Xiaodian bureaus for this week, incidents in several states with their reports
// (one sent up and signed, one due soon, one overdue), a closed one from last week, a duty
// log and an e-fax. Answers how many incidents it added (0 when there were some already).
Result<int> load_demo_duty(Services& services);

// Warnings in force, once (when there are none yet): a province-wide cold wave entered by
// hand and a gale warning for part of Xiaodian imported as CAP. Answers how many it added.
Result<int> load_demo_alerts(Services& services);

// Metrics and alarm rules for every demo station (by its theme) and a day of readings, fed
// through the rules so the alarm list has history. Answers the stations configured (0 when
// stations have metrics already).
Result<int> load_demo_monitoring(Services& services);

}  // namespace fenghuo

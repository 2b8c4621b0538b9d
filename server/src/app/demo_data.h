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

// The most demo stations that get metrics and a day of readings: every station of the small
// demo (3 a county); of the large one's (780 a county) this many, spread evenly over the
// province, so that the large load stays quick and its readings within bounds.
inline constexpr std::int64_t kDemoMonitoredStations = 500;

struct DemoMonitoring {
  std::int64_t stations = 0;  // given the catalogue's metrics and rules
  std::int64_t readings = 0;  // stored
};

// The catalogue's default metrics and alarm rules for the demo stations (at most
// kDemoMonitoredStations of them), and a day of readings, half-hourly, fed through the rules
// in batches the service takes, so the alarm list has history. Changes nothing (and answers
// zeros) when stations have metrics already.
Result<DemoMonitoring> load_demo_monitoring(Services& services);

}  // namespace fenghuo

// The monitoring part of the demo: the catalogue's default metrics and rules for the demo
// stations (煤矿安全规程 methane 1.0 % alarm and 1.5 % power-off, CO 24 ppm; hazardous chemicals
// high and high-high limits; rivers' 警戒水位, 保证水位 and record levels; the CMA 暴雨 signal on
// accumulated rainfall), and a day of readings through the rules.
#include <algorithm>
#include <boost/json.hpp>

#include "app/demo_data.h"
#include "app/services.h"
#include "monitoring/simulator.h"

namespace fenghuo {
namespace {

constexpr std::int64_t kHistoryMs = 24 * 3600000;
constexpr std::int64_t kStepMs = 30 * 60000;
constexpr std::size_t kBatch = 10000;  // the most readings the service takes in one batch

}  // namespace

Result<DemoMonitoring> load_demo_monitoring(Services& services) {
  auto& monitoring = *services.monitoring;
  DemoMonitoring report;
  if (!monitoring.rules().configured().empty()) return report;
  FENGHUO_TRY(monitoring.directory().reload());
  const Principal by = Principal::system("fenghuo demo-data");
  FENGHUO_ASSIGN(stations, monitoring.rules().add_defaults_everywhere(by, kDemoMonitoredStations));
  report.stations = stations;
  // A day of readings, half-hourly, through the rules: some alarms open, some back to normal.
  monitoring::Simulator simulator(monitoring.rules().configured());
  const std::int64_t now = services.clock->now_ms();
  const std::size_t per_step = monitoring.rules().configured().size();
  for (std::int64_t t = now - kHistoryMs; t <= now; t += kStepMs) {
    auto readings = simulator.next(per_step, t);
    for (std::size_t from = 0; from < readings.size(); from += kBatch) {
      boost::json::array batch(
          readings.begin() + static_cast<std::ptrdiff_t>(from),
          readings.begin() + static_cast<std::ptrdiff_t>(std::min(readings.size(), from + kBatch)));
      FENGHUO_ASSIGN(stored, monitoring.ingestion().ingest(by, batch));
      if (!stored.rejected.empty()) {
        return Error::internal("demo reading refused: " + stored.rejected.front().second);
      }
      report.readings += stored.accepted;
    }
  }
  FENGHUO_TRY(monitoring.move_inbox());
  return report;
}

}  // namespace fenghuo

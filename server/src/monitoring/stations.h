#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <string_view>

#include "core/clock.h"
#include "core/page.h"
#include "core/principal.h"
#include "db/database.h"
#include "monitoring/directory.h"
#include "monitoring/model.h"
#include "monitoring/rulebook.h"

namespace fenghuo::monitoring {

// Stations as people see them, within their jurisdiction: each with its metrics, their rules
// and last readings, and its open alarms; the rules of a metric set or removed; downsampled
// series, the recent earthquakes and a summary per theme. Thread-safe.
class StationService {
 public:
  StationService(db::Database& db, const Clock& clock, StationDirectory& stations, RuleBook& rules);

  Result<Page<boost::json::object>> list(const Principal& by, const StationQuery& q);
  Result<boost::json::object> get(const Principal& by, std::int64_t id);
  // `in` is {"rules": [...], "version"?}. Answers the station.
  Result<boost::json::object> set_metric(const Principal& by, std::int64_t station,
                                         std::string_view metric, const boost::json::object& in);
  Result<boost::json::object> remove_metric(const Principal& by, std::int64_t station,
                                            std::string_view metric);
  // Min, max and mean per bucket over [from, to), at most `points` buckets.
  Result<boost::json::object> series(const Principal& by, std::int64_t station,
                                     std::string_view metric, std::int64_t from, std::int64_t to,
                                     int points);
  Result<boost::json::array> earthquakes(const Principal& by, int days,
                                         std::string_view region = {});
  Result<boost::json::object> summary(const Principal& by, std::string_view theme,
                                      std::string_view region = {});

 private:
  // The answers for a page of stations (their metrics and alarms read at once).
  Result<std::vector<boost::json::object>> answers(
      const std::vector<std::shared_ptr<const StationInfo>>& page);

  db::Database& db_;
  const Clock& clock_;
  StationDirectory& stations_;
  RuleBook& rules_;
};

}  // namespace fenghuo::monitoring

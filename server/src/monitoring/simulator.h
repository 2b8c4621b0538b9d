#pragma once

#include <boost/json/array.hpp>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "monitoring/model.h"

namespace fenghuo::monitoring {

// Plausible readings for the configured stations (fenghuo simulate, the demo): each metric
// wanders around a level below its first threshold, and now and then one climbs past its
// highest threshold for a while and comes back, so alarms open, repeat and clear. Earthquake
// stations report a small quake (magnitude and depth) every few hours.
class Simulator {
 public:
  explicit Simulator(const std::vector<Configured>& configured, std::uint64_t seed = 20261130);
  bool empty() const { return tracks_.empty(); }
  // The next `n` readings, timed within the second before `now`: {"station": code or id,
  // "metric", "time", "value"}. Call it once a second (or with `now` a second on).
  boost::json::array next(std::size_t n, std::int64_t now);

 private:
  struct Track {
    std::string station;  // its code (id when it has none)
    std::string metric;
    double base = 0, noise = 0, high = 0, value = 0;
    bool above = true;    // an excursion goes up (else down)
    int excursion = 0;    // readings left in the excursion
    bool quake = false;   // magnitude: only now and then, with a depth
    bool amount = false;  // rainfall: `value` is mm/h, a reading what fell since the last
    std::int64_t last_ts = -1;
  };
  std::vector<Track> tracks_;
  std::size_t cursor_ = 0;
  std::int64_t next_quake_ = -1;  // when the next small earthquake happens (about every 3 hours)
  std::mt19937_64 rng_;
};

}  // namespace fenghuo::monitoring

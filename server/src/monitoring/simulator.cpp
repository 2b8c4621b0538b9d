#include "monitoring/simulator.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <map>

#include "core/time.h"
#include "monitoring/catalogue.h"

namespace fenghuo::monitoring {
namespace {

constexpr double kExcursionChance = 0.003;
constexpr double kQuakeEveryMs = 3 * 3600000.0;  // on average, across the province

struct Normal {
  double base, noise;
};
// Typical values of a metric with no threshold to go by.
Normal normal_of(std::string_view metric) {
  static const std::map<std::string_view, Normal> kNormal = {
      {"ch4", {0.3, 0.04}},         {"co", {8, 1.5}},
      {"wind_speed", {2, 0.2}},     {"temperature", {12, 0.8}},
      {"water_level", {10, 0.05}},  {"rainfall", {0.5, 0.5}},
      {"tank_level", {60, 1.5}},    {"pressure", {1.2, 0.04}},
      {"combustible_gas", {3, 1}},  {"toxic_gas", {2, 0.8}},
      {"fire_danger", {1.8, 0.2}},  {"humidity", {55, 3}},
      {"displacement", {5, 0.2}},   {"crack", {2, 0.05}},
      {"magnitude", {2.5, 0.8}},    {"depth", {10, 3}},
      {"furnace_temp", {1490, 12}}, {"dust", {3, 0.5}}};
  auto it = kNormal.find(metric);
  return it == kNormal.end() ? Normal{10, 0.5} : it->second;
}

}  // namespace

Simulator::Simulator(const std::vector<Configured>& configured, std::uint64_t seed) : rng_(seed) {
  auto sorted = configured;
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return a.station.id != b.station.id ? a.station.id < b.station.id : a.metric < b.metric;
  });
  for (const auto& c : sorted) {
    const Metric* m = find_metric(c.metric);
    // Depth goes with a magnitude; sums are computed by the server.
    if (m == nullptr || m->code == "depth" || !m->source.empty()) continue;
    Track t;
    t.station = c.station.code.empty() ? std::to_string(c.station.id) : c.station.code;
    t.metric = std::string(m->code);
    t.quake = m->code == "magnitude";
    Normal n = normal_of(m->code);
    t.base = n.base;
    t.noise = n.noise;
    t.high = n.base + 10 * n.noise;
    for (const auto& rule : c.rules) {
      if (rule.thresholds.empty()) continue;
      double first = rule.thresholds.front().value, top = rule.thresholds.back().value;
      if (rule.kind == Rule::Kind::kAbove) {
        t.base = n.base < first - 3 * n.noise ? n.base
                 : first > 0                  ? first * 0.7
                                              : first - 5 * n.noise;
        t.high = top + std::max(rule.deadband, std::abs(top) * 0.05);
        t.above = true;
      } else if (rule.kind == Rule::Kind::kBelow) {
        t.base = n.base > first + 3 * n.noise ? n.base
                 : first > 0                  ? first * 1.6
                                              : first + 5 * n.noise;
        t.high = top - std::max(rule.deadband, std::abs(top) * 0.05);
        t.above = false;
      }
    }
    if (m->code == "rainfall") {
      // Rain in mm/h; each reading is what fell since the one before. A shower reaches the
      // 暴雨 signal's levels within hours.
      t.amount = true;
      t.high = 25;
    }
    t.value = t.base;
    tracks_.push_back(std::move(t));
  }
}

boost::json::array Simulator::next(std::size_t n, std::int64_t now) {
  boost::json::array out;
  if (tracks_.empty()) return out;
  std::uniform_real_distribution<double> unit(0, 1);
  std::normal_distribution<double> gauss(0, 1);
  std::size_t guard = 0;
  while (out.size() < n && guard++ < n * 4 + tracks_.size()) {
    Track& t = tracks_[cursor_];
    cursor_ = (cursor_ + 1) % tracks_.size();
    // The readings of one call spread over the second before `now` (calls a second apart
    // never overlap), so a metric's readings never repeat a time below ~1,000 per second each.
    std::int64_t ts = now - 999 + static_cast<std::int64_t>(out.size() * 1000 / n);
    auto emit = [&](const std::string& metric, double value) {
      out.push_back({{"station", t.station}, {"metric", metric}, {"time", ts}, {"value", value}});
    };
    if (t.quake) {
      if (next_quake_ < 0)
        next_quake_ = now + static_cast<std::int64_t>(
                                std::exponential_distribution<double>(1 / kQuakeEveryMs)(rng_));
      if (now < next_quake_ || unit(rng_) > 0.05)
        continue;  // the quake goes to one station at random
      next_quake_ = now + static_cast<std::int64_t>(
                              std::exponential_distribution<double>(1 / kQuakeEveryMs)(rng_));
      double magnitude =
          std::round(std::max(1.0, t.base + std::abs(gauss(rng_)) * t.noise) * 10) / 10;
      emit("magnitude", magnitude);
      if (out.size() < n)
        emit("depth", std::round(std::clamp(normal_of("depth").base + gauss(rng_) * 4, 2.0, 30.0)));
      continue;
    }
    if (t.excursion == 0 && unit(rng_) < kExcursionChance)
      t.excursion = 8 + static_cast<int>(unit(rng_) * 20);
    double target = t.excursion > 0 ? t.high : t.base;
    if (t.excursion > 0) --t.excursion;
    t.value += (target - t.value) * 0.35 + gauss(rng_) * t.noise;
    double value = t.value;
    if (t.amount) {
      value = std::max(0.0, t.value) * static_cast<double>(t.last_ts < 0 ? 0 : ts - t.last_ts) /
              3600000.0;
      t.last_ts = ts;
    }
    if (t.metric == "fire_danger") value = std::clamp(std::round(value), 1.0, 5.0);
    if (t.metric == "rainfall" || t.metric == "humidity" || t.metric == "tank_level" ||
        t.metric == "dust" || t.metric == "ch4" || t.metric == "co" ||
        t.metric == "combustible_gas" || t.metric == "toxic_gas") {
      value = std::max(0.0, value);
    }
    emit(t.metric, std::round(value * 1000) / 1000);
  }
  return out;
}

}  // namespace fenghuo::monitoring

#include "monitoring/stations.h"

#include <algorithm>
#include <boost/json.hpp>

#include "core/time.h"
#include "monitoring/catalogue.h"
#include "monitoring/store.h"

namespace fenghuo::monitoring {
namespace {

boost::json::value opt(const std::optional<double>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

boost::json::object station_json(const StationInfo& s, const store::StationFacts& facts) {
  boost::json::array list;
  for (const auto& f : facts.metrics) {
    const Metric* m = find_metric(f.metric);
    if (m == nullptr) continue;
    boost::system::error_code ec;
    auto rules = boost::json::parse(f.rules, ec);
    list.push_back({{"metric", m->code},
                    {"name", m->name},
                    {"unit", m->unit},
                    {"rules", ec ? boost::json::value(boost::json::array()) : std::move(rules)},
                    {"version", f.version},
                    {"last", !f.last ? boost::json::value(nullptr)
                                     : boost::json::value(boost::json::object{
                                           {"time", format_rfc3339(f.last->first)},
                                           {"value", f.last->second}})}});
  }
  return boost::json::object{
      {"id", std::to_string(s.id)},
      {"name", s.name},
      {"code", s.code},
      {"category", s.category},
      {"theme", s.theme},
      {"region", s.region},
      {"region_name", s.region_name},
      {"lon", opt(s.lon)},
      {"lat", opt(s.lat)},
      {"parent_id", s.parent_id ? boost::json::value(std::to_string(*s.parent_id))
                                : boost::json::value(nullptr)},
      {"parent_name", s.parent_name},
      {"alarm_level",
       facts.level > 0 ? boost::json::value(level_at(facts.level)) : boost::json::value(nullptr)},
      {"open_alarms", facts.open_alarms},
      {"metrics", std::move(list)}};
}

Result<const Metric*> known_metric(std::string_view code) {
  const Metric* m = find_metric(code);
  if (m == nullptr) return Error::validation("metric", "unknown metric " + std::string(code));
  return m;
}

Status known_theme(std::string_view theme) {
  if (!theme.empty() && find_theme(theme) == nullptr) {
    return Error::validation("theme", "unknown theme " + std::string(theme));
  }
  return {};
}

}  // namespace

StationService::StationService(db::Database& db, const Clock& clock, StationDirectory& stations,
                               RuleBook& rules)
    : db_(db), clock_(clock), stations_(stations), rules_(rules) {}

Result<std::vector<boost::json::object>> StationService::answers(
    const std::vector<std::shared_ptr<const StationInfo>>& page) {
  std::vector<std::int64_t> ids;
  ids.reserve(page.size());
  for (const auto& s : page) ids.push_back(s->id);
  std::unordered_map<std::int64_t, store::StationFacts> facts;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(found, store::station_facts(c, ids));
    facts = std::move(found);
    return {};
  }));
  // The rules saw every reading this process stored, some not yet in `readings` (the inbox).
  for (auto& [station, f] : facts) {
    for (auto& m : f.metrics) {
      auto seen = rules_.last_reading(station, m.metric);
      if (seen && (!m.last || seen->first > m.last->first)) m.last = seen;
    }
  }
  std::vector<boost::json::object> out;
  out.reserve(page.size());
  for (const auto& s : page) out.push_back(station_json(*s, facts[s->id]));
  return out;
}

Result<Page<boost::json::object>> StationService::list(const Principal& by, const StationQuery& q) {
  FENGHUO_ASSIGN(pattern, region_pattern(by, q.region));
  std::string prefix = pattern.substr(0, pattern.size() - 1);  // "14%" -> "14"
  FENGHUO_TRY(known_theme(q.theme));
  auto chosen = stations_.in_region(prefix, q.theme);
  if (!q.text.empty()) {
    std::erase_if(chosen, [&](const auto& s) {
      return s->name.find(q.text) == std::string::npos && s->code.find(q.text) == std::string::npos;
    });
  }
  std::sort(chosen.begin(), chosen.end(), [](const auto& a, const auto& b) {
    return a->region != b->region ? a->region < b->region : a->id < b->id;
  });
  Page<boost::json::object> out;
  out.total = static_cast<std::int64_t>(chosen.size());
  std::vector<std::shared_ptr<const StationInfo>> page;
  for (std::int64_t i = q.offset; i < out.total && i < q.offset + q.limit; ++i) {
    page.push_back(chosen[static_cast<std::size_t>(i)]);
  }
  FENGHUO_ASSIGN(items, answers(page));
  out.items = std::move(items);
  return out;
}

Result<boost::json::object> StationService::get(const Principal& by, std::int64_t id) {
  FENGHUO_ASSIGN(s, stations_.visible(by, id));
  FENGHUO_ASSIGN(items, answers({s}));
  return std::move(items.front());
}

Result<boost::json::object> StationService::set_metric(const Principal& by, std::int64_t id,
                                                       std::string_view metric,
                                                       const boost::json::object& in) {
  FENGHUO_ASSIGN(s, stations_.visible(by, id));
  FENGHUO_ASSIGN(m, known_metric(metric));
  FENGHUO_TRY(rules_.set(by, *s, *m, in));
  return get(by, id);
}

Result<boost::json::object> StationService::remove_metric(const Principal& by, std::int64_t id,
                                                          std::string_view metric) {
  FENGHUO_ASSIGN(s, stations_.visible(by, id));
  FENGHUO_ASSIGN(m, known_metric(metric));
  FENGHUO_TRY(rules_.remove(by, *s, *m));
  return get(by, id);
}

Result<boost::json::object> StationService::series(const Principal& by, std::int64_t id,
                                                   std::string_view metric, std::int64_t from,
                                                   std::int64_t to, int points) {
  FENGHUO_ASSIGN(s, stations_.visible(by, id));
  FENGHUO_ASSIGN(m, known_metric(metric));
  if (to <= from) return Error::validation("to", "to must be after from");
  std::int64_t bucket = std::max<std::int64_t>(1000, (to - from + points - 1) / points);
  boost::json::array out;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(found, store::buckets(c, s->id, m->id, from, to, bucket));
    for (const auto& b : found) {
      out.push_back({{"time", format_rfc3339(from + b.index * bucket)},
                     {"min", b.min},
                     {"max", b.max},
                     {"mean", b.mean},
                     {"count", b.count}});
    }
    return {};
  }));
  return boost::json::object{
      {"station", std::to_string(s->id)}, {"metric", m->code},        {"unit", m->unit},
      {"from", format_rfc3339(from)},     {"to", format_rfc3339(to)}, {"bucket_ms", bucket},
      {"points", std::move(out)}};
}

Result<boost::json::array> StationService::earthquakes(const Principal& by, int days,
                                                       std::string_view region) {
  FENGHUO_ASSIGN(pattern, region_pattern(by, region));
  std::string prefix = pattern.substr(0, pattern.size() - 1);
  const int magnitude = find_metric("magnitude")->id, depth = find_metric("depth")->id;
  std::vector<Configured> chosen;
  for (auto& c : rules_.configured()) {
    if (c.metric == magnitude && c.station.region.starts_with(prefix))
      chosen.push_back(std::move(c));
  }
  const std::int64_t from = clock_.now_ms() - std::int64_t{days} * 86400000;
  struct Quake {
    store::Quake quake;
    const StationInfo* station;
  };
  std::vector<Quake> quakes;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    for (const auto& ch : chosen) {
      FENGHUO_ASSIGN(found, store::quakes(c, ch.station.id, magnitude, depth, from));
      for (const auto& q : found) quakes.push_back({q, &ch.station});
    }
    return {};
  }));
  std::sort(quakes.begin(), quakes.end(),
            [](const Quake& a, const Quake& b) { return a.quake.ts > b.quake.ts; });
  if (quakes.size() > 200) quakes.resize(200);
  boost::json::array out;
  for (const auto& q : quakes) {
    out.push_back({{"time", format_rfc3339(q.quake.ts)},
                   {"station_id", std::to_string(q.station->id)},
                   {"station_name", q.station->name},
                   {"region", q.station->region},
                   {"region_name", q.station->region_name},
                   {"lon", opt(q.station->lon)},
                   {"lat", opt(q.station->lat)},
                   {"magnitude", q.quake.magnitude},
                   {"depth", opt(q.quake.depth)}});
  }
  return out;
}

Result<boost::json::object> StationService::summary(const Principal& by, std::string_view theme,
                                                    std::string_view region) {
  FENGHUO_ASSIGN(pattern, region_pattern(by, region));
  FENGHUO_TRY(known_theme(theme));
  std::string prefix = pattern.substr(0, pattern.size() - 1);
  std::vector<std::int64_t> ids;
  for (const auto& s : stations_.in_region(prefix, theme)) ids.push_back(s->id);
  const std::int64_t stations = static_cast<std::int64_t>(ids.size());
  const std::int64_t reporting = rules_.reporting(ids, clock_.now_ms() - 3600000);
  boost::json::object by_level{{"red", 0}, {"orange", 0}, {"yellow", 0}, {"blue", 0}};
  std::int64_t open = 0, unacknowledged = 0;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(counts, store::open_alarms_by_level(c, pattern, std::string(theme)));
    for (const auto& n : counts) {
      by_level[n.level] = n.open;
      open += n.open;
      unacknowledged += n.unacknowledged;
    }
    return {};
  }));
  return boost::json::object{{"stations", stations},
                             {"reporting", reporting},
                             {"open_alarms", open},
                             {"unacknowledged", unacknowledged},
                             {"by_level", std::move(by_level)}};
}

}  // namespace fenghuo::monitoring

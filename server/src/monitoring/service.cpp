#include "monitoring/service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <ctime>
#include <set>

#include "core/json_input.h"
#include "core/time.h"
#include "monitoring/catalogue.h"

namespace fenghuo::monitoring {
namespace {

constexpr std::int64_t kReloadEveryMs = 5000;  // at most, when an unknown station is named

boost::json::value opt(const std::optional<double>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

// The newest reading of a station metric, in `readings` or still in the inbox.
Result<std::optional<std::pair<std::int64_t, double>>> latest_reading(db::Connection& c,
                                                                      std::int64_t station,
                                                                      int metric) {
  std::optional<std::pair<std::int64_t, double>> newest;
  for (const char* table : {"readings", "readings_inbox"}) {
    FENGHUO_ASSIGN(rows, c.query(std::string("SELECT ts, value FROM ") + table +
                                     " WHERE station = $1 AND metric = $2 ORDER BY ts DESC LIMIT 1",
                                 {station, std::int64_t{metric}}));
    if (!rows.empty() && (!newest || rows.i64(0, 0) > newest->first))
      newest = {{rows.i64(0, 0), rows.f64(0, 1)}};
  }
  return newest;
}

// A station as its default metrics need it.
struct StationRow {
  std::int64_t id = 0;
  std::string category, enterprise_category, attributes, region;
};
constexpr const char* kStationRows =
    "SELECT s.id, s.category, COALESCE(p.category, ''), s.attributes_json, s.region_code "
    "FROM resources s LEFT JOIN resources p ON p.id = s.parent_id AND p.deleted_at IS NULL "
    "WHERE s.kind = 'station' AND s.deleted_at IS NULL ";

std::vector<StationRow> station_rows(const db::Rows& rows) {
  std::vector<StationRow> out;
  out.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    out.push_back(
        {rows.i64(i, 0), rows.text(i, 1), rows.text(i, 2), rows.text(i, 3), rows.text(i, 4)});
  }
  return out;
}

struct Added {
  std::int64_t station = 0;
  int metric = 0;
  std::vector<Rule> rules;
};

// Inserts the catalogue's default metrics a station has no rules for; notes what it added.
Status insert_defaults(db::Connection& c, const StationRow& s, const std::string& by,
                       std::int64_t now, std::vector<Added>& added) {
  boost::system::error_code ec;
  auto attributes = boost::json::parse(s.attributes, ec);
  boost::json::object none;
  const auto& attrs = !ec && attributes.is_object() ? attributes.as_object() : none;
  for (auto& [code, json] : default_metrics(s.category, s.enterprise_category, attrs)) {
    const Metric* m = find_metric(code);
    auto rules = parse_rules(json);
    if (m == nullptr || !rules.ok()) {
      return Error::internal("the default rules of " + std::string(code) + " are not valid");
    }
    FENGHUO_ASSIGN(inserted,
                   c.execute("INSERT INTO station_metrics (station_id, metric, rules, updated_at, "
                             "updated_by) VALUES ($1, $2, $3, $4, $5) "
                             "ON CONFLICT (station_id, metric) DO NOTHING",
                             {s.id, std::int64_t{m->id}, boost::json::serialize(rules_json(*rules)),
                              now, by}));
    if (inserted > 0) added.push_back({s.id, m->id, *std::move(rules)});
  }
  return {};
}

}  // namespace

boost::json::object to_json(const IngestResult& r) {
  boost::json::array rejected;
  for (const auto& [index, reason] : r.rejected) {
    rejected.push_back({{"index", index}, {"reason", reason}});
  }
  return {
      {"accepted", r.accepted}, {"duplicates", r.duplicates}, {"rejected", std::move(rejected)}};
}

MonitoringService::MonitoringService(db::Database& db, const Clock& clock, const audit::Log& audit,
                                     realtime::Bus& bus, alerts::AlertService& alerts,
                                     incidents::IncidentService& incidents)
    : db_(db), clock_(clock), audit_(audit), bus_(bus), alerts_(alerts), incidents_(incidents) {}

MonitoringService::~MonitoringService() {
  if (bus_subscription_ != 0) bus_.unsubscribe(bus_subscription_);
}

Status MonitoringService::load_stations(db::Connection& c) {
  FENGHUO_ASSIGN(
      rows,
      c.query("SELECT s.id, s.category, s.name, s.region_code, COALESCE(g.name, ''), s.lon, s.lat, "
              "s.attributes_json, s.parent_id, COALESCE(p.category, ''), COALESCE(p.name, '') "
              "FROM resources s LEFT JOIN regions g ON g.code = s.region_code "
              "LEFT JOIN resources p ON p.id = s.parent_id AND p.deleted_at IS NULL "
              "WHERE s.kind = 'station' AND s.deleted_at IS NULL"));
  std::unordered_map<std::string, std::shared_ptr<const StationInfo>> by_code;
  std::unordered_map<std::int64_t, std::shared_ptr<const StationInfo>> by_id;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    auto s = std::make_shared<StationInfo>();
    s->id = rows.i64(i, 0);
    s->category = rows.text(i, 1);
    s->name = rows.text(i, 2);
    s->region = rows.text(i, 3);
    s->region_name = rows.text(i, 4);
    if (!rows.is_null(i, 5)) s->lon = rows.f64(i, 5);
    if (!rows.is_null(i, 6)) s->lat = rows.f64(i, 6);
    boost::system::error_code ec;
    auto attributes = boost::json::parse(rows.text(i, 7), ec);
    if (!ec && attributes.is_object()) {
      if (const auto* code = attributes.as_object().if_contains("code");
          code && code->is_string()) {
        s->code = std::string(code->as_string());
      }
    }
    s->parent_id = rows.opt_i64(i, 8);
    s->enterprise_category = rows.text(i, 9);
    s->theme = std::string(theme_of_station(s->category, s->enterprise_category));
    s->parent_name = rows.text(i, 10);
    if (!s->code.empty()) by_code[s->code] = s;
    by_id[s->id] = std::move(s);
  }
  std::lock_guard lock(stations_mutex_);
  by_code_ = std::move(by_code);
  by_id_ = std::move(by_id);
  stations_loaded_at_ = clock_.now_ms();
  return {};
}

Status MonitoringService::refresh_rules_locked() {
  std::vector<std::int64_t> stations;
  {
    std::lock_guard lock(stations_mutex_);
    stations.swap(rules_changed_);
  }
  if (stations.empty()) return {};
  std::sort(stations.begin(), stations.end());
  stations.erase(std::unique(stations.begin(), stations.end()), stations.end());
  std::int64_t now = clock_.now_ms();
  return db_.read([&](db::Connection& c) -> Status {
    for (auto station : stations) {
      FENGHUO_ASSIGN(
          rows,
          c.query("SELECT metric, rules FROM station_metrics WHERE station_id = $1", {station}));
      std::set<int> present;
      for (std::size_t i = 0; i < rows.size(); ++i) {
        int metric = static_cast<int>(rows.i64(i, 0));
        boost::system::error_code ec;
        auto json = boost::json::parse(rows.text(i, 1), ec);
        if (ec) continue;
        auto rules = parse_rules(json);
        if (!rules.ok()) continue;
        engine_.configure(station, metric, *std::move(rules), now);
        present.insert(metric);
      }
      for (const auto& m : metrics()) {
        if (!present.contains(m.id) && engine_.configured(station, m.id))
          engine_.remove(station, m.id);
      }
    }
    return {};
  });
}

Status MonitoringService::reload_stations() {
  return db_.read([&](db::Connection& c) { return load_stations(c); });
}

Status MonitoringService::ensure_partitions() {
  if (db_.dialect() != db::Dialect::kPostgresql) return {};
  const std::int64_t now = clock_.now_ms();
  partitions_at_ = now;
  // Month boundaries in UTC.
  std::time_t t = static_cast<std::time_t>(now / 1000);
  std::tm utc{};
  gmtime_r(&t, &utc);
  for (int ahead = 0; ahead < 3; ++ahead) {
    std::tm from{};
    from.tm_year = utc.tm_year + (utc.tm_mon + ahead) / 12;
    from.tm_mon = (utc.tm_mon + ahead) % 12;
    from.tm_mday = 1;
    std::tm to = from;
    to.tm_year = from.tm_year + (from.tm_mon + 1) / 12;
    to.tm_mon = (from.tm_mon + 1) % 12;
    std::int64_t from_ms = static_cast<std::int64_t>(timegm(&from)) * 1000;
    std::int64_t to_ms = static_cast<std::int64_t>(timegm(&to)) * 1000;
    char name[32];
    std::snprintf(name, sizeof name, "readings_%04d%02d", from.tm_year + 1900, from.tm_mon + 1);
    auto made = db_.transact([&](db::Transaction& tx) -> Status {
      FENGHUO_ASSIGN(exists,
                     tx->query("SELECT 1 FROM pg_class WHERE relname = $1", {std::string(name)}));
      if (!exists.empty()) return {};
      // Bounds are numbers we computed, not input: spliced, as DDL takes no parameters.
      return tx->execute_script("CREATE TABLE " + std::string(name) +
                                " PARTITION OF readings FOR VALUES FROM (" +
                                std::to_string(from_ms) + ") TO (" + std::to_string(to_ms) + ")");
    });
    if (!made.ok())
      spdlog::warn("monitoring: partition {} not created: {}", name, made.error().message);
  }
  return {};
}

Status MonitoringService::load() {
  FENGHUO_TRY(ensure_partitions());
  FENGHUO_TRY(move_inbox());  // what arrived before a stop
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_TRY(load_stations(c));
    FENGHUO_ASSIGN(configs, c.query("SELECT station_id, metric, rules FROM station_metrics"));
    FENGHUO_ASSIGN(open, c.query("SELECT station_id, metric, rule, level_rank, active FROM alarms "
                                 "WHERE closed_at IS NULL"));
    std::lock_guard lock(rules_mutex_);
    engine_ = RuleEngine();
    std::int64_t now = clock_.now_ms();
    for (std::size_t i = 0; i < configs.size(); ++i) {
      boost::system::error_code ec;
      auto json = boost::json::parse(configs.text(i, 2), ec);
      auto rules = ec ? Result<std::vector<Rule>>(Error::internal("bad rules")) : parse_rules(json);
      if (!rules.ok()) {
        spdlog::warn("monitoring: station {} metric {} has unreadable rules; ignored",
                     configs.i64(i, 0), configs.i64(i, 1));
        continue;
      }
      engine_.configure(configs.i64(i, 0), static_cast<int>(configs.i64(i, 1)), *std::move(rules),
                        now);
      FENGHUO_ASSIGN(last,
                     latest_reading(c, configs.i64(i, 0), static_cast<int>(configs.i64(i, 1))));
      if (last)
        engine_.seed_last(configs.i64(i, 0), static_cast<int>(configs.i64(i, 1)), last->first,
                          last->second);
    }
    // Metrics that others are summed from: their last day, so the sums hold across a restart.
    for (std::size_t i = 0; i < configs.size(); ++i) {
      const Metric* m = find_metric(static_cast<int>(configs.i64(i, 1)));
      bool source = false;
      for (const auto& d : metrics()) source = source || (m != nullptr && d.source == m->code);
      if (!source) continue;
      FENGHUO_ASSIGN(
          recent,
          c.query("SELECT ts, value FROM readings WHERE station = $1 AND metric = $2 AND ts >= $3 "
                  "UNION ALL SELECT ts, value FROM readings_inbox WHERE station = $1 AND "
                  "metric = $2 AND ts >= $3 ORDER BY 1",
                  {configs.i64(i, 0), configs.i64(i, 1), now - 24 * 3600000}));
      std::vector<std::pair<std::int64_t, double>> points;
      for (std::size_t j = 0; j < recent.size(); ++j)
        points.emplace_back(recent.i64(j, 0), recent.f64(j, 1));
      engine_.seed_history(configs.i64(i, 0), m->id, points);
    }
    for (std::size_t i = 0; i < open.size(); ++i) {
      if (open.i64(i, 4) == 0) continue;  // back to normal already: the rule is at rest
      std::string rule = open.text(i, 2);
      for (auto kind :
           {Rule::Kind::kAbove, Rule::Kind::kBelow, Rule::Kind::kRate, Rule::Kind::kSilence}) {
        if (kind_name(kind) == rule) {
          engine_.seed_level(open.i64(i, 0), static_cast<int>(open.i64(i, 1)), kind,
                             static_cast<int>(open.i64(i, 3)));
        }
      }
    }
    return {};
  }));
  if (bus_subscription_ == 0) {
    // A station added, moved or removed (here or in another process) is read again.
    bus_subscription_ = bus_.subscribe([this](const realtime::Event& e) {
      if (e.topic == kConfigTopic) {
        // Applied by the next batch (this may run inside the transaction that changed it).
        boost::system::error_code ec;
        auto data = boost::json::parse(e.data, ec);
        if (ec || !data.is_object() || !data.as_object().contains("station")) return;
        std::lock_guard lock(stations_mutex_);
        rules_changed_.push_back(
            std::stoll(std::string(data.as_object().at("station").as_string())));
        return;
      }
      if (e.topic != "resources" || e.data.find("\"kind\":\"station\"") == std::string::npos)
        return;
      std::lock_guard lock(stations_mutex_);
      stations_loaded_at_ = 0;
    });
  }
  return {};
}

std::shared_ptr<const StationInfo> MonitoringService::station_by_id(std::int64_t id) const {
  std::lock_guard lock(stations_mutex_);
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

std::shared_ptr<const StationInfo> MonitoringService::find_station(std::string_view code_or_id) {
  auto lookup = [&]() -> std::shared_ptr<const StationInfo> {
    std::lock_guard lock(stations_mutex_);
    if (auto it = by_code_.find(std::string(code_or_id)); it != by_code_.end()) return it->second;
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(code_or_id.data(), code_or_id.data() + code_or_id.size(), id);
    if (ec == std::errc() && end == code_or_id.data() + code_or_id.size()) {
      if (auto it = by_id_.find(id); it != by_id_.end()) return it->second;
    }
    return nullptr;
  };
  bool stale;
  {
    std::lock_guard lock(stations_mutex_);
    stale = stations_loaded_at_ == 0;
  }
  if (!stale) {
    if (auto s = lookup()) return s;
    std::lock_guard lock(stations_mutex_);
    stale = clock_.now_ms() - stations_loaded_at_ >= kReloadEveryMs;
  }
  if (stale) {
    auto reloaded = db_.read([&](db::Connection& c) { return load_stations(c); });
    if (!reloaded.ok()) spdlog::warn("monitoring: stations not read: {}", reloaded.error().message);
  }
  return lookup();
}

Result<std::shared_ptr<const StationInfo>> MonitoringService::visible_station(const Principal& by,
                                                                              std::int64_t id) {
  auto s = find_station(std::to_string(id));
  if (!s) return Error::not_found("station " + std::to_string(id) + " not found");
  FENGHUO_TRY(check_covers(by, s->region, "station"));
  return s;
}

Result<std::unordered_map<std::int64_t, MonitoringService::StationFacts>>
MonitoringService::station_facts(db::Connection& c, const std::vector<std::int64_t>& ids) {
  std::unordered_map<std::int64_t, StationFacts> out;
  if (ids.empty()) return out;
  // Ids from our own directory, spliced as numbers: one statement for the whole page.
  std::string in;
  for (auto id : ids) in += (in.empty() ? "" : ",") + std::to_string(id);
  FENGHUO_ASSIGN(
      metrics,
      c.query(
          "SELECT m.station_id, m.metric, m.rules, m.version, "
          "(SELECT r.ts FROM readings r WHERE r.station = m.station_id AND r.metric = m.metric "
          "ORDER BY r.ts DESC LIMIT 1), "
          "(SELECT r.value FROM readings r WHERE r.station = m.station_id AND r.metric = m.metric "
          "ORDER BY r.ts DESC LIMIT 1) "
          "FROM station_metrics m WHERE m.station_id IN (" +
          in + ") ORDER BY m.station_id, m.metric"));
  FENGHUO_ASSIGN(alarms, c.query("SELECT station_id, COUNT(*), MAX(level_rank) FROM alarms "
                                 "WHERE closed_at IS NULL AND station_id IN (" +
                                 in + ") GROUP BY station_id"));
  for (std::size_t i = 0; i < metrics.size(); ++i) {
    MetricFacts f;
    f.metric = static_cast<int>(metrics.i64(i, 1));
    f.rules = metrics.text(i, 2);
    f.version = metrics.i64(i, 3);
    if (!metrics.is_null(i, 4)) f.last = {{metrics.i64(i, 4), metrics.f64(i, 5)}};
    out[metrics.i64(i, 0)].metrics.push_back(std::move(f));
  }
  for (std::size_t i = 0; i < alarms.size(); ++i) {
    auto& facts = out[alarms.i64(i, 0)];
    facts.open_alarms = alarms.i64(i, 1);
    facts.level = static_cast<int>(alarms.i64(i, 2));
  }
  return out;
}

void MonitoringService::add_seen_readings(
    std::unordered_map<std::int64_t, StationFacts>& facts) const {
  // The rules saw every reading this process stored, some not yet in `readings` (the inbox).
  std::lock_guard lock(rules_mutex_);
  for (auto& [station, f] : facts) {
    for (auto& m : f.metrics) {
      auto seen = engine_.last_reading(station, m.metric);
      if (seen && (!m.last || seen->first > m.last->first)) m.last = seen;
    }
  }
}

boost::json::object MonitoringService::station_json(const StationInfo& s,
                                                    const StationFacts& facts) {
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

Result<std::pair<boost::json::array, std::int64_t>> MonitoringService::stations(
    const Principal& by, const StationQuery& q) {
  FENGHUO_ASSIGN(pattern, region_pattern(by, q.region));
  std::string prefix = pattern.substr(0, pattern.size() - 1);  // "14%" -> "14"
  if (!q.theme.empty() && find_theme(q.theme) == nullptr) {
    return Error::validation("theme", "unknown theme " + q.theme);
  }
  find_station("");  // reloads when a station changed
  std::vector<std::shared_ptr<const StationInfo>> chosen;
  {
    std::lock_guard lock(stations_mutex_);
    for (const auto& [id, s] : by_id_) {
      if (!s->region.starts_with(prefix)) continue;
      if (!q.theme.empty() && s->theme != q.theme) continue;
      if (!q.text.empty() && s->name.find(q.text) == std::string::npos &&
          s->code.find(q.text) == std::string::npos) {
        continue;
      }
      chosen.push_back(s);
    }
  }
  std::sort(chosen.begin(), chosen.end(), [](const auto& a, const auto& b) {
    return a->region != b->region ? a->region < b->region : a->id < b->id;
  });
  auto total = static_cast<std::int64_t>(chosen.size());
  boost::json::array items;
  std::vector<std::int64_t> page;
  for (std::int64_t i = q.offset; i < total && i < q.offset + q.limit; ++i) {
    page.push_back(chosen[static_cast<std::size_t>(i)]->id);
  }
  std::unordered_map<std::int64_t, StationFacts> facts;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(found, station_facts(c, page));
    facts = std::move(found);
    return {};
  }));
  add_seen_readings(facts);
  for (std::int64_t i = q.offset; i < total && i < q.offset + q.limit; ++i) {
    const auto& station = *chosen[static_cast<std::size_t>(i)];
    items.push_back(station_json(station, facts[station.id]));
  }
  return std::make_pair(std::move(items), total);
}

Result<boost::json::object> MonitoringService::station(const Principal& by, std::int64_t id) {
  FENGHUO_ASSIGN(s, visible_station(by, id));
  boost::json::object out;
  std::unordered_map<std::int64_t, StationFacts> facts;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(found, station_facts(c, {s->id}));
    facts = std::move(found);
    return {};
  }));
  add_seen_readings(facts);
  out = station_json(*s, facts[s->id]);
  return out;
}

Result<int> MonitoringService::add_default_metrics(db::Transaction& tx, const Principal& by,
                                                   std::int64_t station) {
  FENGHUO_ASSIGN(rows, tx->query(std::string(kStationRows) + "AND s.id = $1", {station}));
  auto found = station_rows(rows);
  if (found.empty()) return 0;
  std::vector<Added> added;
  FENGHUO_TRY(insert_defaults(tx.connection(), found[0], by.name, clock_.now_ms(), added));
  if (added.empty()) return 0;
  std::string codes;
  for (const auto& a : added)
    codes += (codes.empty() ? "" : ",") + std::string(find_metric(a.metric)->code);
  FENGHUO_TRY(audit_.append(tx, by,
                            {"monitoring.rules.defaults", "station", std::to_string(station),
                             found[0].region, "", codes}));
  StationInfo s;
  s.id = station;
  s.region = found[0].region;
  announce_rules(tx, s);
  return static_cast<int>(added.size());
}

Result<std::int64_t> MonitoringService::add_default_metrics_everywhere(const Principal& by,
                                                                       std::int64_t limit) {
  constexpr std::size_t kPerTransaction = 2000;
  std::vector<StationRow> all;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(rows, c.query(std::string(kStationRows) +
                                 "AND NOT EXISTS (SELECT 1 FROM station_metrics m WHERE "
                                 "m.station_id = s.id) ORDER BY s.id"));
    all = station_rows(rows);
    return {};
  }));
  std::vector<StationRow> chosen;
  const std::size_t stride =
      limit > 0 ? std::max<std::size_t>(1, (all.size() + static_cast<std::size_t>(limit) - 1) /
                                               static_cast<std::size_t>(limit))
                : 1;
  for (std::size_t i = 0; i < all.size(); i += stride) chosen.push_back(std::move(all[i]));
  const std::int64_t now = clock_.now_ms();
  for (std::size_t from = 0; from < chosen.size(); from += kPerTransaction) {
    std::size_t to = std::min(chosen.size(), from + kPerTransaction);
    std::vector<Added> added;
    std::lock_guard lock(rules_mutex_);
    FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
      for (std::size_t i = from; i < to; ++i)
        FENGHUO_TRY(insert_defaults(tx.connection(), chosen[i], by.name, now, added));
      return audit_.append(tx, by,
                           {"monitoring.rules.defaults", "station", "*", "", "",
                            boost::json::serialize(boost::json::object{
                                {"stations", static_cast<std::int64_t>(to - from)},
                                {"metrics", static_cast<std::int64_t>(added.size())}})});
    }));
    for (auto& a : added) engine_.configure(a.station, a.metric, std::move(a.rules), now);
  }
  return static_cast<std::int64_t>(chosen.size());
}

void MonitoringService::announce_rules(db::Transaction& tx, const StationInfo& s) {
  bus_.publish_after_commit(
      tx,
      {kConfigTopic, "rules",
       boost::json::serialize(boost::json::object{{"station", std::to_string(s.id)}}), s.region});
}

Result<boost::json::object> MonitoringService::set_metric(const Principal& by, std::int64_t id,
                                                          std::string_view metric,
                                                          const boost::json::object& in) {
  FENGHUO_ASSIGN(s, visible_station(by, id));
  const Metric* m = find_metric(metric);
  if (m == nullptr) return Error::validation("metric", "unknown metric " + std::string(metric));
  FENGHUO_TRY(json_input::only(in, {"rules", "version"}));
  const auto* rules_json_in = in.if_contains("rules");
  if (rules_json_in == nullptr)
    return Error::validation("rules", "rules is required (may be empty)");
  FENGHUO_ASSIGN(rules, parse_rules(*rules_json_in));
  FENGHUO_ASSIGN(version, json_input::integer(in, "version", 1, INT64_MAX));
  std::string stored = boost::json::serialize(monitoring::rules_json(rules));
  std::int64_t now = clock_.now_ms();

  {
    std::lock_guard lock(rules_mutex_);
    FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
      FENGHUO_ASSIGN(existing,
                     tx->query("SELECT version FROM station_metrics WHERE station_id = $1 "
                               "AND metric = $2",
                               {s->id, std::int64_t{m->id}}));
      if (existing.empty()) {
        FENGHUO_TRY(
            tx->execute("INSERT INTO station_metrics (station_id, metric, rules, updated_at, "
                        "updated_by) VALUES ($1, $2, $3, $4, $5)",
                        {s->id, std::int64_t{m->id}, stored, now, by.name}));
      } else {
        if (version && *version != existing.i64(0, 0)) {
          return Error::conflict("version", "the rules of " + std::string(m->name) +
                                     " changed meanwhile (version " +
                                     std::to_string(existing.i64(0, 0)) + ")");
        }
        FENGHUO_TRY(
            tx->execute("UPDATE station_metrics SET rules = $3, updated_at = $4, updated_by = $5, "
                        "version = version + 1 WHERE station_id = $1 AND metric = $2",
                        {s->id, std::int64_t{m->id}, stored, now, by.name}));
      }
      FENGHUO_TRY(audit_.append(tx, by,
                                {"monitoring.rules", "station", std::to_string(s->id), s->region,
                                 std::string(m->code), stored}));
      engine_.configure(s->id, m->id, rules, now);
      announce_rules(tx, *s);
      return {};
    }));
  }
  return station(by, id);
}

Result<boost::json::object> MonitoringService::remove_metric(const Principal& by, std::int64_t id,
                                                             std::string_view metric) {
  FENGHUO_ASSIGN(s, visible_station(by, id));
  const Metric* m = find_metric(metric);
  if (m == nullptr) return Error::validation("metric", "unknown metric " + std::string(metric));
  {
    std::lock_guard lock(rules_mutex_);
    FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
      FENGHUO_ASSIGN(
          n, tx->execute("DELETE FROM station_metrics WHERE station_id = $1 AND metric = $2",
                         {s->id, std::int64_t{m->id}}));
      if (n == 0)
        return Error::not_found("station " + std::to_string(id) + " has no " +
                                std::string(m->code));
      FENGHUO_TRY(audit_.append(tx, by,
                                {"monitoring.metric.remove", "station", std::to_string(s->id),
                                 s->region, std::string(m->code), ""}));
      engine_.remove(s->id, m->id);
      announce_rules(tx, *s);
      return {};
    }));
  }
  return station(by, id);
}

Result<boost::json::object> MonitoringService::series(const Principal& by, std::int64_t id,
                                                      std::string_view metric, std::int64_t from,
                                                      std::int64_t to, int points) {
  FENGHUO_ASSIGN(s, visible_station(by, id));
  const Metric* m = find_metric(metric);
  if (m == nullptr) return Error::validation("metric", "unknown metric " + std::string(metric));
  if (to <= from) return Error::validation("to", "to must be after from");
  std::int64_t bucket = std::max<std::int64_t>(1000, (to - from + points - 1) / points);
  boost::json::array out;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(
        rows,
        c.query("SELECT (ts - $3) / $5 AS b, MIN(value), MAX(value), AVG(value), COUNT(*) FROM ("
                "SELECT ts, value FROM readings WHERE station = $1 AND metric = $2 AND ts >= $3 "
                "AND ts < $4 "
                "UNION ALL SELECT ts, value FROM readings_inbox WHERE station = $1 AND metric = $2 "
                "AND ts >= $3 AND ts < $4) r GROUP BY b ORDER BY b",
                {s->id, std::int64_t{m->id}, from, to, bucket}));
    for (std::size_t i = 0; i < rows.size(); ++i) {
      out.push_back({{"time", format_rfc3339(from + rows.i64(i, 0) * bucket)},
                     {"min", rows.f64(i, 1)},
                     {"max", rows.f64(i, 2)},
                     {"mean", rows.f64(i, 3)},
                     {"count", rows.i64(i, 4)}});
    }
    return {};
  }));
  return boost::json::object{
      {"station", std::to_string(s->id)}, {"metric", m->code},        {"unit", m->unit},
      {"from", format_rfc3339(from)},     {"to", format_rfc3339(to)}, {"bucket_ms", bucket},
      {"points", std::move(out)}};
}

Result<boost::json::array> MonitoringService::earthquakes(const Principal& by, int days,
                                                          std::string_view region) {
  FENGHUO_ASSIGN(pattern, region_pattern(by, region));
  std::string prefix = pattern.substr(0, pattern.size() - 1);
  const int magnitude = find_metric("magnitude")->id, depth = find_metric("depth")->id;
  std::vector<Configured> chosen;
  for (auto& c : configured()) {
    if (c.metric == magnitude && c.station.region.starts_with(prefix))
      chosen.push_back(std::move(c));
  }
  std::int64_t from = clock_.now_ms() - std::int64_t{days} * 86400000;
  struct Quake {
    std::int64_t ts;
    double magnitude;
    std::optional<double> depth;
    const StationInfo* station;
  };
  std::vector<Quake> quakes;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    for (const auto& ch : chosen) {
      FENGHUO_ASSIGN(rows,
                     c.query("WITH r AS (SELECT metric, ts, value FROM readings WHERE station = $1 "
                             "AND metric IN ($2, $3) "
                             "AND ts >= $4 UNION ALL SELECT metric, ts, value FROM readings_inbox "
                             "WHERE station = $1 "
                             "AND metric IN ($2, $3) AND ts >= $4) "
                             "SELECT m.ts, m.value, d.value FROM r m LEFT JOIN r d ON d.metric = "
                             "$3 AND d.ts = m.ts "
                             "WHERE m.metric = $2 ORDER BY m.ts DESC LIMIT 200",
                             {ch.station.id, std::int64_t{magnitude}, std::int64_t{depth}, from}));
      for (std::size_t i = 0; i < rows.size(); ++i) {
        quakes.push_back({rows.i64(i, 0), rows.f64(i, 1),
                          rows.is_null(i, 2) ? std::nullopt : std::optional<double>(rows.f64(i, 2)),
                          &ch.station});
      }
    }
    return {};
  }));
  std::sort(quakes.begin(), quakes.end(),
            [](const Quake& a, const Quake& b) { return a.ts > b.ts; });
  if (quakes.size() > 200) quakes.resize(200);
  boost::json::array out;
  for (const auto& q : quakes) {
    out.push_back({{"time", format_rfc3339(q.ts)},
                   {"station_id", std::to_string(q.station->id)},
                   {"station_name", q.station->name},
                   {"region", q.station->region},
                   {"region_name", q.station->region_name},
                   {"lon", opt(q.station->lon)},
                   {"lat", opt(q.station->lat)},
                   {"magnitude", q.magnitude},
                   {"depth", opt(q.depth)}});
  }
  return out;
}

Result<boost::json::object> MonitoringService::summary(const Principal& by, std::string_view theme,
                                                       std::string_view region) {
  FENGHUO_ASSIGN(pattern, region_pattern(by, region));
  if (!theme.empty() && find_theme(theme) == nullptr) {
    return Error::validation("theme", "unknown theme " + std::string(theme));
  }
  std::string prefix = pattern.substr(0, pattern.size() - 1);
  std::int64_t stations = 0, reporting = 0, hour_ago = clock_.now_ms() - 3600000;
  find_station("");
  std::vector<std::int64_t> ids;
  {
    std::lock_guard lock(stations_mutex_);
    for (const auto& [id, s] : by_id_) {
      if (s->region.starts_with(prefix) && (theme.empty() || s->theme == theme)) ids.push_back(id);
    }
  }
  stations = static_cast<std::int64_t>(ids.size());
  {
    std::lock_guard lock(rules_mutex_);
    for (auto id : ids) {
      bool recent = false;
      for (const auto& m : metrics()) {
        if (auto last = engine_.last(id, m.id); last && *last >= hour_ago) recent = true;
      }
      reporting += recent ? 1 : 0;
    }
  }
  boost::json::object by_level{{"red", 0}, {"orange", 0}, {"yellow", 0}, {"blue", 0}};
  std::int64_t open = 0, unacknowledged = 0;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(
        rows,
        c.query(
            "SELECT level, COUNT(*), SUM(CASE WHEN acknowledged_at IS NULL THEN 1 ELSE 0 END) FROM "
            "alarms "
            "WHERE closed_at IS NULL AND region LIKE $1 AND ($2 = '' OR theme = $2) GROUP BY level",
            {pattern, std::string(theme)}));
    for (std::size_t i = 0; i < rows.size(); ++i) {
      by_level[rows.text(i, 0)] = rows.i64(i, 1);
      open += rows.i64(i, 1);
      unacknowledged += rows.i64(i, 2);
    }
    return {};
  }));
  return boost::json::object{{"stations", stations},
                             {"reporting", reporting},
                             {"open_alarms", open},
                             {"unacknowledged", unacknowledged},
                             {"by_level", std::move(by_level)}};
}

std::vector<MonitoringService::Configured> MonitoringService::configured() const {
  std::vector<std::pair<std::pair<std::int64_t, int>, std::vector<Rule>>> keys;
  {
    std::lock_guard lock(rules_mutex_);
    keys = engine_.all();
  }
  std::vector<Configured> out;
  for (auto& [k, rules] : keys) {
    if (auto s = station_by_id(k.first)) out.push_back({*s, k.second, std::move(rules)});
  }
  return out;
}

}  // namespace fenghuo::monitoring

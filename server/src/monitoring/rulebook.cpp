#include "monitoring/rulebook.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <set>

#include "core/json_input.h"
#include "monitoring/store.h"
#include "resources/service.h"

namespace fenghuo::monitoring {
namespace {

using Station = resources::ResourceService::Station;

struct Added {
  std::int64_t station = 0;
  int metric = 0;
  std::vector<Rule> rules;
};

// Inserts the catalogue's default metrics a station has no rules for; notes what it added.
Status insert_defaults(db::Connection& c, const Station& s, const std::string& by, std::int64_t now,
                       std::vector<Added>& added) {
  boost::system::error_code ec;
  auto attributes = boost::json::parse(s.attributes_json, ec);
  boost::json::object none;
  const auto& attrs = !ec && attributes.is_object() ? attributes.as_object() : none;
  for (auto& [code, json] : default_metrics(s.category, s.parent_category, attrs)) {
    const Metric* m = find_metric(code);
    auto rules = parse_rules(json);
    if (m == nullptr || !rules.ok()) {
      return Error::internal("the default rules of " + std::string(code) + " are not valid");
    }
    FENGHUO_ASSIGN(inserted,
                   store::insert_metric_if_absent(
                       c, {s.id, m->id, boost::json::serialize(rules_json(*rules)), now, by}));
    if (inserted) added.push_back({s.id, m->id, *std::move(rules)});
  }
  return {};
}

Result<std::vector<Rule>> rules_of(const std::string& stored) {
  boost::system::error_code ec;
  auto json = boost::json::parse(stored, ec);
  if (ec) return Error::internal("bad rules");
  return parse_rules(json);
}

// Metrics that others are summed from (rainfall): their history is kept across a restart.
bool is_source(const Metric* m) {
  if (m == nullptr) return false;
  return std::any_of(metrics().begin(), metrics().end(),
                     [&](const Metric& d) { return d.source == m->code; });
}

std::optional<Rule::Kind> kind_of(std::string_view name) {
  for (auto kind :
       {Rule::Kind::kAbove, Rule::Kind::kBelow, Rule::Kind::kRate, Rule::Kind::kSilence}) {
    if (kind_name(kind) == name) return kind;
  }
  return std::nullopt;
}

}  // namespace

RuleBook::RuleBook(db::Database& db, const Clock& clock, const audit::Log& audit,
                   realtime::Bus& bus, StationDirectory& stations,
                   const resources::ResourceService& resources)
    : db_(db), clock_(clock), audit_(audit), bus_(bus), stations_(stations), resources_(resources) {
  subscription_ = bus_.subscribe([this](const realtime::Event& e) {
    if (e.topic != kConfigTopic) return;
    // Applied by the next batch (this may run inside the transaction that changed it).
    boost::system::error_code ec;
    auto data = boost::json::parse(e.data, ec);
    if (ec || !data.is_object() || !data.as_object().contains("station")) return;
    std::lock_guard lock(changed_mutex_);
    changed_.push_back(std::stoll(std::string(data.as_object().at("station").as_string())));
  });
}

RuleBook::~RuleBook() { bus_.unsubscribe(subscription_); }

Status RuleBook::load() {
  return db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(configs, store::all_metric_rules(c));
    FENGHUO_ASSIGN(open, store::open_alarm_levels(c));
    std::lock_guard lock(mutex_);
    engine_ = RuleEngine();
    const std::int64_t now = clock_.now_ms();
    for (const auto& config : configs) {
      auto rules = rules_of(config.rules);
      if (!rules.ok()) {
        spdlog::warn("monitoring: station {} metric {} has unreadable rules; ignored",
                     config.station, config.metric);
        continue;
      }
      engine_.configure(config.station, config.metric, *std::move(rules), now);
      FENGHUO_ASSIGN(last, store::latest_reading(c, config.station, config.metric));
      if (last) engine_.seed_last(config.station, config.metric, last->first, last->second);
    }
    // Metrics that others are summed from: their last day, so the sums hold across a restart.
    for (const auto& config : configs) {
      if (!is_source(find_metric(config.metric))) continue;
      FENGHUO_ASSIGN(recent,
                     store::readings_since(c, config.station, config.metric, now - 24 * 3600000));
      engine_.seed_history(config.station, config.metric, recent);
    }
    for (const auto& alarm : open) {
      if (!alarm.active) continue;  // back to normal already: the rule is at rest
      if (auto kind = kind_of(alarm.rule))
        engine_.seed_level(alarm.station, alarm.metric, *kind, alarm.rank);
    }
    return {};
  });
}

Status RuleBook::refresh_locked() {
  std::vector<std::int64_t> stations;
  {
    std::lock_guard lock(changed_mutex_);
    stations.swap(changed_);
  }
  if (stations.empty()) return {};
  std::sort(stations.begin(), stations.end());
  stations.erase(std::unique(stations.begin(), stations.end()), stations.end());
  const std::int64_t now = clock_.now_ms();
  return db_.read([&](db::Connection& c) -> Status {
    for (auto station : stations) {
      FENGHUO_ASSIGN(configs, store::metric_rules_of(c, station));
      std::set<int> present;
      for (const auto& config : configs) {
        auto rules = rules_of(config.rules);
        if (!rules.ok()) continue;
        engine_.configure(station, config.metric, *std::move(rules), now);
        present.insert(config.metric);
      }
      for (const auto& m : metrics()) {
        if (!present.contains(m.id) && engine_.configured(station, m.id))
          engine_.remove(station, m.id);
      }
    }
    return {};
  });
}

void RuleBook::announce(db::Transaction& tx, const StationInfo& s) {
  bus_.publish_after_commit(
      tx,
      {kConfigTopic, "rules",
       boost::json::serialize(boost::json::object{{"station", std::to_string(s.id)}}), s.region});
}

Status RuleBook::set(const Principal& by, const StationInfo& s, const Metric& m,
                     const boost::json::object& in) {
  FENGHUO_TRY(json_input::only(in, {"rules", "version"}));
  const auto* rules_in = in.if_contains("rules");
  if (rules_in == nullptr) return Error::validation("rules", "rules is required (may be empty)");
  FENGHUO_ASSIGN(rules, parse_rules(*rules_in));
  FENGHUO_ASSIGN(version, json_input::integer(in, "version", 1, INT64_MAX));
  const store::MetricWrite write{s.id, m.id, boost::json::serialize(rules_json(rules)),
                                 clock_.now_ms(), by.name};
  std::lock_guard lock(mutex_);
  return db_.transact([&](db::Transaction& tx) -> Status {
    FENGHUO_ASSIGN(existing, store::metric_version(tx.connection(), s.id, m.id));
    if (!existing) {
      FENGHUO_TRY(store::insert_metric(tx.connection(), write));
    } else {
      if (version && *version != *existing) {
        return Error::conflict("version", "the rules of " + std::string(m.name) +
                                              " changed meanwhile (version " +
                                              std::to_string(*existing) + ")");
      }
      FENGHUO_TRY(store::update_metric(tx.connection(), write));
    }
    FENGHUO_TRY(audit_.append(tx, by,
                              {"monitoring.rules", "station", std::to_string(s.id), s.region,
                               std::string(m.code), write.rules}));
    engine_.configure(s.id, m.id, rules, write.now);
    announce(tx, s);
    return {};
  });
}

Status RuleBook::remove(const Principal& by, const StationInfo& s, const Metric& m) {
  std::lock_guard lock(mutex_);
  return db_.transact([&](db::Transaction& tx) -> Status {
    FENGHUO_ASSIGN(removed, store::delete_metric(tx.connection(), s.id, m.id));
    if (!removed)
      return Error::not_found("station " + std::to_string(s.id) + " has no " + std::string(m.code));
    FENGHUO_TRY(audit_.append(tx, by,
                              {"monitoring.metric.remove", "station", std::to_string(s.id),
                               s.region, std::string(m.code), ""}));
    engine_.remove(s.id, m.id);
    announce(tx, s);
    return {};
  });
}

Result<int> RuleBook::add_defaults(db::Transaction& tx, const Principal& by, std::int64_t station) {
  FENGHUO_ASSIGN(found, resources_.stations(tx.connection(), station));
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
  announce(tx, s);
  return static_cast<int>(added.size());
}

Result<std::int64_t> RuleBook::add_defaults_everywhere(const Principal& by, std::int64_t limit) {
  constexpr std::size_t kPerTransaction = 2000;
  std::vector<Station> all;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(stations, resources_.stations(c));
    FENGHUO_ASSIGN(configured, store::stations_with_metrics(c));
    for (auto& s : stations) {
      if (!configured.contains(s.id)) all.push_back(std::move(s));
    }
    return {};
  }));
  std::vector<Station> chosen;
  const std::size_t stride =
      limit > 0 ? std::max<std::size_t>(1, (all.size() + static_cast<std::size_t>(limit) - 1) /
                                               static_cast<std::size_t>(limit))
                : 1;
  for (std::size_t i = 0; i < all.size(); i += stride) chosen.push_back(std::move(all[i]));
  const std::int64_t now = clock_.now_ms();
  for (std::size_t from = 0; from < chosen.size(); from += kPerTransaction) {
    std::size_t to = std::min(chosen.size(), from + kPerTransaction);
    std::vector<Added> added;
    std::lock_guard lock(mutex_);
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

std::vector<Configured> RuleBook::configured() const {
  std::vector<std::pair<std::pair<std::int64_t, int>, std::vector<Rule>>> keys;
  {
    std::lock_guard lock(mutex_);
    keys = engine_.all();
  }
  std::vector<Configured> out;
  for (auto& [k, rules] : keys) {
    if (auto s = stations_.by_id(k.first)) out.push_back({*s, k.second, std::move(rules)});
  }
  return out;
}

std::optional<std::pair<std::int64_t, double>> RuleBook::last_reading(std::int64_t station,
                                                                      int metric) const {
  std::lock_guard lock(mutex_);
  return engine_.last_reading(station, metric);
}

std::int64_t RuleBook::reporting(const std::vector<std::int64_t>& stations,
                                 std::int64_t since) const {
  std::int64_t count = 0;
  std::lock_guard lock(mutex_);
  for (auto id : stations) {
    bool recent = false;
    for (const auto& m : metrics()) {
      if (auto last = engine_.last(id, m.id); last && *last >= since) recent = true;
    }
    count += recent ? 1 : 0;
  }
  return count;
}

Result<std::vector<db::Point>> RuleBook::screen(std::vector<db::Point>& points,
                                                const std::function<void(std::size_t)>& refuse) {
  std::vector<db::Point> kept;
  kept.reserve(points.size());
  std::lock_guard lock(mutex_);
  FENGHUO_TRY(refresh_locked());
  for (std::size_t i = 0; i < points.size(); ++i) {
    auto& p = points[i];
    if (!engine_.configured(p.station, p.metric)) {
      refuse(i);
      continue;
    }
    auto last = engine_.last(p.station, p.metric);
    p.fresh = !last || p.ts > *last;
    kept.push_back(p);
  }
  return kept;
}

Status RuleBook::evaluate(const Feed& feed, const Apply& apply) {
  std::lock_guard lock(mutex_);
  FENGHUO_TRY(refresh_locked());
  std::vector<Transition> changes;
  engine_.begin_batch();
  feed(engine_, changes);
  if (!changes.empty()) {
    if (auto applied = apply(changes); !applied.ok()) {
      engine_.rollback_batch();
      return applied;
    }
  }
  engine_.commit_batch();
  return {};
}

}  // namespace fenghuo::monitoring

#include "alerts/service.h"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cmath>
#include <set>

#include "alerts/store.h"
#include "core/json_input.h"
#include "core/time.h"
#include "identity/directory.h"

namespace fenghuo::alerts {
namespace {

// Where the app shows a warning (the link of its notices).
std::string alert_link(std::int64_t id) { return "/monitoring/alerts/" + std::to_string(id); }

namespace in = json_input;

constexpr std::array<std::string_view, 5> kStateNames = {"active", "updated", "cancelled",
                                                         "expired", "test"};

// At most this many deliveries chased, and warnings expired, per run of the timer.
constexpr std::int64_t kChaseBatch = 500;
constexpr std::int64_t kExpiryBatch = 500;

bool is_region_code(const std::string& s) {
  return s.size() == 6 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

double haversine_km(double lon1, double lat1, double lon2, double lat2) {
  constexpr double kRad = M_PI / 180;
  double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  double h = std::sin(dlat / 2) * std::sin(dlat / 2) + std::cos(lat1 * kRad) *
                                                           std::cos(lat2 * kRad) *
                                                           std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * 6371.0088 * std::asin(std::min(1.0, std::sqrt(h)));
}

bool in_ring(const std::vector<std::pair<double, double>>& ring, double lon, double lat) {
  bool inside = false;
  for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    auto [xi, yi] = ring[i];
    auto [xj, yj] = ring[j];
    if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

// Whether any area of any info has a geometry, and whether the point lies in one.
bool geometry_holds(const CapMessage& m, double lon, double lat, bool* has_geometry) {
  for (const auto& info : m.infos) {
    for (const auto& a : info.areas) {
      for (const auto& ring : a.polygons) {
        *has_geometry = true;
        if (in_ring(ring, lon, lat)) return true;
      }
      for (const auto& c : a.circles) {
        *has_geometry = true;
        if (haversine_km(c.lon, c.lat, lon, lat) <= c.radius_km) return true;
      }
    }
  }
  return false;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// A level written as a colour, a Chinese colour or grade, or a Roman numeral.
std::string level_word(const std::string& value) {
  std::string v = lower(value);
  if (v.find("red") != std::string::npos || value.find("红") != std::string::npos ||
      value.find("一级") != std::string::npos || v == "i" || v == "1")
    return "red";
  if (v.find("orange") != std::string::npos || value.find("橙") != std::string::npos ||
      value.find("二级") != std::string::npos || v == "ii" || v == "2")
    return "orange";
  if (v.find("yellow") != std::string::npos || value.find("黄") != std::string::npos ||
      value.find("三级") != std::string::npos || v == "iii" || v == "3")
    return "yellow";
  if (v.find("blue") != std::string::npos || value.find("蓝") != std::string::npos ||
      value.find("四级") != std::string::npos || v == "iv" || v == "4")
    return "blue";
  return {};
}

bool is_level_name(const std::string& name) {
  std::string n = lower(name);
  return n == "level" || n == "alertlevel" || n == "warninglevel" || n == "severitylevel" ||
         n == "color" || n == "colour" || name == "预警级别" || name == "级别" ||
         name == "预警等级";
}

Result<std::vector<std::string>> region_list(const boost::json::object& o) {
  std::vector<std::string> out;
  auto it = o.find("regions");
  if (it == o.end() || it->value().is_null()) return out;
  if (!it->value().is_array())
    return Error::validation("regions", "regions must be a list of region codes");
  for (const auto& v : it->value().as_array()) {
    if (!v.is_string() || !is_region_code(std::string(v.as_string()))) {
      return Error::validation("regions", "regions must be 6-digit region codes");
    }
    out.emplace_back(v.as_string());
  }
  return out;
}

constexpr std::array<std::string_view, 12> kCapCategories = {
    "Geo",    "Met", "Safety",    "Security", "Rescue", "Fire",
    "Health", "Env", "Transport", "Infra",    "CBRNE",  "Other"};

// Event words and the CAP category they belong to, checked in order (the first match wins,
// so 森林火险 is Fire before 险 of anything else; 地震 and 地质 are Geo).
constexpr std::array<std::pair<std::string_view, std::string_view>, 46> kEventCategories = {
    {{"森林", "Fire"},      {"草原", "Fire"},    {"火险", "Fire"},       {"火灾", "Fire"},
     {"地震", "Geo"},       {"地质", "Geo"},     {"滑坡", "Geo"},        {"泥石流", "Geo"},
     {"崩塌", "Geo"},       {"地面塌陷", "Geo"}, {"危化", "CBRNE"},      {"化学", "CBRNE"},
     {"泄漏", "CBRNE"},     {"辐射", "CBRNE"},   {"核", "CBRNE"},        {"疫", "Health"},
     {"传染病", "Health"},  {"中毒", "Health"},  {"卫生", "Health"},     {"污染", "Env"},
     {"重污染", "Env"},     {"水质", "Env"},     {"矿", "Safety"},       {"瓦斯", "Safety"},
     {"尾矿", "Safety"},    {"冶金", "Safety"},  {"安全生产", "Safety"}, {"交通", "Transport"},
     {"道路", "Transport"}, {"电力", "Infra"},   {"供水", "Infra"},      {"燃气", "Infra"},
     {"通信", "Infra"},     {"暴雨", "Met"},     {"大风", "Met"},        {"寒潮", "Met"},
     {"大雾", "Met"},       {"高温", "Met"},     {"干旱", "Met"},        {"雷", "Met"},
     {"冰雹", "Met"},       {"霜冻", "Met"},     {"雪", "Met"},          {"沙尘", "Met"},
     {"霾", "Met"},         {"洪", "Met"}}};

int level_rank(std::string_view level) {
  return level == "red" ? 4 : level == "orange" ? 3 : level == "yellow" ? 2 : 1;
}

bool covers_all(const Issuer& by, const std::vector<std::string>& regions) {
  return std::all_of(regions.begin(), regions.end(),
                     [&](const std::string& r) { return by.covers(r); });
}

}  // namespace

std::string_view state_name(AlertState state) {
  return kStateNames[static_cast<std::size_t>(state)];
}

AlertState state_of(std::string_view name) {
  for (std::size_t i = 0; i < kStateNames.size(); ++i) {
    if (kStateNames[i] == name) return static_cast<AlertState>(i);
  }
  return AlertState::kTest;
}

bool is_cap_category(std::string_view category) {
  return std::find(kCapCategories.begin(), kCapCategories.end(), category) != kCapCategories.end();
}

std::string category_of_event(std::string_view event) {
  for (const auto& [word, category] : kEventCategories) {
    if (event.find(word) != std::string_view::npos) return std::string(category);
  }
  return "Other";
}

Issuer Issuer::of(const Principal& by) {
  Issuer out;
  out.principal = by;
  switch (by.kind) {
    case Principal::Kind::kUser:
      out.key = "org:" + std::to_string(by.org_id);
      break;
    case Principal::Kind::kToken:
      out.key = "token:" + std::to_string(by.id);
      break;
    case Principal::Kind::kSystem:
      out.key = "system";
      break;
  }
  return out;
}

Issuer Issuer::feed(const std::string& url, std::vector<std::string> regions) {
  Issuer out;
  out.principal = Principal::system("fenghuo feed " + url);
  out.key = "feed:" + url;
  out.regions = std::move(regions);
  return out;
}

bool Issuer::covers(std::string_view region_code) const {
  if (regions.empty()) return principal.covers(region_code);
  return std::any_of(regions.begin(), regions.end(), [&](const std::string& r) {
    return region_code.starts_with(region_prefix(r));
  });
}

const CapInfo* Alert::shown() const {
  for (const auto& i : cap.infos) {
    if (i.language.rfind("zh", 0) == 0) return &i;
  }
  return cap.infos.empty() ? nullptr : &cap.infos.front();
}

std::optional<std::int64_t> Alert::expires_at() const {
  std::optional<std::int64_t> out;
  for (const auto& i : cap.infos) {
    if (i.expires && (!out || *i.expires > *out)) out = i.expires;
  }
  return out;
}

std::string level_of(const CapMessage& m) {
  for (const auto& i : m.infos) {
    for (const auto* list : {&i.parameters, &i.event_codes}) {
      for (const auto& nv : *list) {
        if (is_level_name(nv.name)) {
          if (auto w = level_word(nv.value); !w.empty()) return w;
        }
      }
    }
  }
  std::string worst = "blue";
  for (const auto& i : m.infos) {
    std::string l = i.severity == "Extreme"    ? "red"
                    : i.severity == "Severe"   ? "orange"
                    : i.severity == "Moderate" ? "yellow"
                                               : "blue";
    if (level_rank(l) > level_rank(worst)) worst = l;
  }
  return worst;
}

std::string_view level_name(std::string_view level) {
  if (level == "red") return "红色";
  if (level == "orange") return "橙色";
  if (level == "yellow") return "黄色";
  if (level == "blue") return "蓝色";
  return "";
}

boost::json::object to_json(const Alert& a) {
  auto opt_time = [](const std::optional<std::int64_t>& t) {
    return t ? boost::json::value(format_rfc3339(*t)) : boost::json::value(nullptr);
  };
  const CapInfo* info = a.shown();
  static const CapInfo kNone;
  const CapInfo& i = info ? *info : kNone;
  boost::json::array refs, regions, names, areas, infos;
  for (const auto& r : a.cap.references) {
    refs.push_back({{"sender", r.sender}, {"identifier", r.identifier}, {"sent", r.sent}});
  }
  for (const auto& r : a.regions) regions.emplace_back(r);
  for (const auto& n : a.region_names) names.emplace_back(n);
  auto cap = to_json(a.cap);
  for (auto& iv : cap["infos"].as_array()) {
    auto& io = iv.as_object();
    for (const char* k : {"effective", "onset", "expires"}) {
      io[k] = io[k].is_int64() ? boost::json::value(format_rfc3339(io[k].as_int64()))
                               : boost::json::value(nullptr);
    }
    infos.push_back(iv);
  }
  for (const auto& area : i.areas) {
    boost::json::object one;
    one["desc"] = area.desc;
    boost::json::array polygons, circles, geocodes;
    for (const auto& ring : area.polygons) {
      boost::json::array points;
      for (const auto& [lon, lat] : ring) points.push_back(boost::json::array{lon, lat});
      polygons.push_back(std::move(points));
    }
    for (const auto& c : area.circles) {
      circles.push_back({{"lon", c.lon}, {"lat", c.lat}, {"radius_km", c.radius_km}});
    }
    for (const auto& g : area.geocodes) geocodes.push_back({{"name", g.name}, {"value", g.value}});
    one["polygons"] = std::move(polygons);
    one["circles"] = std::move(circles);
    one["geocodes"] = std::move(geocodes);
    areas.push_back(std::move(one));
  }
  std::string category = i.categories.empty() ? std::string() : i.categories.front();
  return {{"id", std::to_string(a.id)},
          {"identifier", a.cap.identifier},
          {"sender", a.cap.sender},
          {"sender_name", i.sender_name},
          {"sent_at", format_rfc3339(a.cap.sent)},
          {"status", a.cap.status},
          {"msg_type", a.cap.msg_type},
          {"scope", a.cap.scope},
          {"source", a.cap.source},
          {"references", std::move(refs)},
          {"level", a.level},
          {"level_name", level_name(a.level)},
          {"event", i.event},
          {"category", category},
          {"urgency", i.urgency},
          {"severity", i.severity},
          {"certainty", i.certainty},
          {"headline", i.headline},
          {"description", i.description},
          {"instruction", i.instruction},
          {"language", i.language},
          {"effective_at",
           opt_time(i.effective ? i.effective : std::optional<std::int64_t>(a.cap.sent))},
          {"onset_at", opt_time(i.onset)},
          {"expires_at", opt_time(a.expires_at())},
          {"regions", std::move(regions)},
          {"region_names", std::move(names)},
          {"areas", std::move(areas)},
          {"infos", std::move(infos)},
          {"state", state_name(a.state)},
          {"state_reason", a.state_reason},
          {"superseded_by", a.superseded_by ? boost::json::value(std::to_string(*a.superseded_by))
                                            : boost::json::value(nullptr)},
          {"from_cap", a.from_cap},
          {"created_by", a.created_by},
          {"issuer_org_name", a.issuer_org_name},
          {"created_at", format_rfc3339(a.created_at)},
          {"updated_at", format_rfc3339(a.updated_at)},
          {"version", a.version}};
}

AlertService::AlertService(db::Database& db, const Clock& clock, const audit::Log& audit,
                           realtime::Bus& bus, notify::Notifier& notifier,
                           std::shared_ptr<const resources::Boundaries> boundaries,
                           std::string province, std::int64_t ack_timeout_ms)
    : db_(db),
      clock_(clock),
      audit_(audit),
      bus_(bus),
      notifier_(notifier),
      boundaries_(std::move(boundaries)),
      province_(std::move(province)),
      ack_timeout_ms_(ack_timeout_ms) {}

boost::json::object to_json(const Delivery& d) {
  auto opt_time = [](const std::optional<std::int64_t>& t) {
    return t ? boost::json::value(format_rfc3339(*t)) : boost::json::value(nullptr);
  };
  return {{"user_id", std::to_string(d.user_id)},
          {"user_name", d.user_name},
          {"phone", d.phone},
          {"org_id", std::to_string(d.org_id)},
          {"org_name", d.org_name},
          {"region", d.region},
          {"region_name", d.region_name},
          {"delivered_at", format_rfc3339(d.delivered_at)},
          {"acknowledged_at", opt_time(d.acknowledged_at)},
          {"sms_at", opt_time(d.sms_at)},
          {"sms_error", d.sms_error},
          {"escalated_at", opt_time(d.escalated_at)}};
}

Status AlertService::deliver(db::Transaction& tx, const Alert& a) {
  auto& c = tx.connection();
  std::int64_t now = clock_.now_ms();
  std::set<std::int64_t> orgs;
  for (const auto& r : a.regions) {
    FENGHUO_ASSIGN(bureaus, identity::active_bureaus(c, region_prefix(r)));
    orgs.insert(bureaus.begin(), bureaus.end());
  }
  const CapInfo* info = a.shown();
  std::string title = "【" + std::string(level_name(a.level)) + "预警】" +
                      (info ? info->headline : a.cap.identifier);
  for (auto org : orgs) {
    std::vector<notify::Person> people;
    std::set<std::int64_t> seen;
    for (bool leaders : {true, false}) {
      FENGHUO_ASSIGN(found, notify::duty_people(c, org, now, leaders));
      for (auto& p : found) {
        if (seen.insert(p.id).second) people.push_back(std::move(p));
      }
    }
    for (const auto& p : people) FENGHUO_TRY(store::insert_delivery(c, a.id, p.id, org, now));
    FENGHUO_TRY(notifier_.in_app(
        tx, people, {"alert", title, "请在系统中确认收到（叫应）", alert_link(a.id), ""}));
  }
  return {};
}

Result<std::vector<Delivery>> AlertService::with_contacts(db::Connection& c,
                                                          std::vector<Delivery> deliveries) {
  for (auto& d : deliveries) {
    FENGHUO_ASSIGN(person, identity::contact(c, d.user_id));
    if (person) {
      d.user_name = std::move(person->name);
      d.phone = std::move(person->phone);
    }
  }
  return deliveries;
}

Result<std::optional<Delivery>> AlertService::delivery(db::Connection& c, std::int64_t alert_id,
                                                       std::int64_t user_id) {
  FENGHUO_ASSIGN(found, store::find_delivery(c, alert_id, user_id));
  if (!found) return std::optional<Delivery>();
  FENGHUO_ASSIGN(full, with_contacts(c, {std::move(*found)}));
  return std::optional<Delivery>(std::move(full.front()));
}

Result<Delivery> AlertService::acknowledge(const Principal& by, std::int64_t id) {
  FENGHUO_TRY(get(by, id).status());
  std::int64_t now = clock_.now_ms();
  Delivery out;
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    auto& c = tx.connection();
    FENGHUO_ASSIGN(mine, delivery(c, id, by.id));
    if (!mine) return Error::conflict("the warning was not delivered to you");
    if (mine->acknowledged_at) return Error::conflict("you acknowledged it already");
    FENGHUO_TRY(store::acknowledge(c, id, by.id, now).status());
    out = std::move(*mine);
    out.acknowledged_at = now;
    FENGHUO_TRY(
        audit_.append(tx, by, {"alert.ack", "alert", std::to_string(id), out.region, "", ""}));
    FENGHUO_TRY(notifier_.settle(tx, by.id, "alert", alert_link(id)));
    boost::json::object data{{"id", std::to_string(id)}, {"user_id", std::to_string(by.id)}};
    bus_.publish_after_commit(tx,
                              {"alerts", "acknowledged", boost::json::serialize(data), out.region});
    return {};
  }));
  return out;
}

Result<std::vector<Delivery>> AlertService::deliveries(const Principal& by, std::int64_t id) {
  FENGHUO_TRY(get(by, id).status());
  FENGHUO_ASSIGN(pattern, region_pattern(by));
  std::vector<Delivery> out;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(found, store::deliveries_in(c, id, pattern));
    FENGHUO_ASSIGN(full, with_contacts(c, std::move(found)));
    out = std::move(full);
    return {};
  }));
  return out;
}

Result<std::map<std::int64_t, std::optional<std::int64_t>>> AlertService::my_acks(
    const Principal& by, const std::vector<Alert>& alerts) {
  std::map<std::int64_t, std::optional<std::int64_t>> out;
  if (by.kind != Principal::Kind::kUser || alerts.empty()) return out;
  auto [low, high] = std::minmax_element(
      alerts.begin(), alerts.end(), [](const Alert& a, const Alert& b) { return a.id < b.id; });
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(found, store::my_acks(c, by.id, low->id, high->id));
    for (const auto& m : found) out[m.alert_id] = m.acknowledged_at;
    return {};
  }));
  return out;
}

Result<std::optional<Delivery>> AlertService::my_delivery(const Principal& by, std::int64_t id) {
  std::optional<Delivery> out;
  if (by.kind != Principal::Kind::kUser) return out;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(found, delivery(c, id, by.id));
    out = std::move(found);
    return {};
  }));
  return out;
}

Result<int> AlertService::chase() {
  std::int64_t now = clock_.now_ms();
  int chased = 0;
  // Silent past the timeout: an SMS (again on the next check while the gateway fails).
  std::vector<std::pair<std::int64_t, Delivery>> silent;
  std::vector<std::pair<std::int64_t, Delivery>> leaders_to_tell;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    auto collect = [&](const std::vector<store::DeliveryKey>& keys,
                       std::vector<std::pair<std::int64_t, Delivery>>& into) -> Status {
      for (const auto& k : keys) {
        FENGHUO_ASSIGN(d, delivery(c, k.alert_id, k.user_id));
        if (d) into.emplace_back(k.alert_id, std::move(*d));
      }
      return {};
    };
    FENGHUO_ASSIGN(due, store::sms_due(c, now - ack_timeout_ms_, kChaseBatch));
    FENGHUO_TRY(collect(due, silent));
    FENGHUO_ASSIGN(late, store::escalation_due(c, now - 2 * ack_timeout_ms_, kChaseBatch));
    return collect(late, leaders_to_tell);
  }));
  Principal system = Principal::system("fenghuo 叫应");
  for (auto& [alert_id, d] : silent) {
    auto a = get(system, alert_id);
    if (!a.ok()) continue;
    const CapInfo* info = a->shown();
    std::string text = "【烽火】" + std::string(level_name(a->level)) + "预警：" +
                       (info ? info->headline : a->cap.identifier) + "。请登录系统确认收到。";
    auto sent = notifier_.sms({{d.user_id, d.user_name, d.phone}}, text) == 0;
    FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
      const store::DeliveryKey key{alert_id, d.user_id};
      auto done = sent
                      ? store::sms_sent(tx.connection(), key, now)
                      : store::sms_failed(tx.connection(), key, "短信发送失败，将在下次检查时重试");
      // The 叫应 board shows the SMS (or the gateway's failure) at once.
      announce_chase(tx, alert_id, d);
      return done;
    }));
    if (sent) ++chased;
  }
  for (auto& [alert_id, d] : leaders_to_tell) {
    auto a = get(system, alert_id);
    if (!a.ok()) continue;
    const CapInfo* info = a->shown();
    std::string title = d.user_name + " 未确认" + std::string(level_name(a->level)) + "预警";
    std::string body = (info ? info->headline : a->cap.identifier) + "，请督促确认";
    std::vector<notify::Person> leaders;
    FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
      FENGHUO_ASSIGN(changed, store::escalate(tx.connection(), {alert_id, d.user_id}, now));
      if (changed == 0) return {};
      FENGHUO_ASSIGN(found, notify::duty_people(tx.connection(), d.org_id, now, true));
      leaders = std::move(found);
      announce_chase(tx, alert_id, d);
      return notifier_.in_app(
          tx, leaders, {"alert_unacknowledged", title, body, alert_link(alert_id), d.region});
    }));
    if (!leaders.empty()) {
      notifier_.sms(leaders, "【烽火】" + title + "：" + body + "。");
      ++chased;
    }
  }
  return chased;
}

std::vector<std::string> AlertService::regions_of(db::Connection& c, const CapMessage& m) const {
  std::set<std::string> found;
  auto known = [&](const std::string& code) {
    if (!is_region_code(code)) return false;
    auto name = identity::region_name(c, code);
    return name.ok() && name->has_value();
  };
  for (const auto& info : m.infos) {
    for (const auto& area : info.areas) {
      bool coded = false;
      for (const auto& g : area.geocodes) {
        std::string digits;
        for (char ch : g.value) {
          if (ch >= '0' && ch <= '9') digits += ch;
        }
        if (digits.size() >= 6 && known(digits.substr(0, 6))) {
          found.insert(digits.substr(0, 6));
          coded = true;
        }
      }
      // An area's region codes say which regions it concerns; only an area without them is
      // placed by its geometry: the counties its points fall in (corners, a grid over its box).
      if (coded || !boundaries_) continue;
      auto sample = [&](double lon, double lat) {
        if (auto county = boundaries_->county_at(lon, lat)) found.insert(*county);
      };
      for (const auto& ring : area.polygons) {
        double x0 = 180, y0 = 90, x1 = -180, y1 = -90;
        for (const auto& [lon, lat] : ring) {
          sample(lon, lat);
          x0 = std::min(x0, lon), y0 = std::min(y0, lat), x1 = std::max(x1, lon),
          y1 = std::max(y1, lat);
        }
        for (int i = 0; i <= 12; ++i) {
          for (int j = 0; j <= 12; ++j) {
            double lon = x0 + (x1 - x0) * i / 12, lat = y0 + (y1 - y0) * j / 12;
            if (in_ring(ring, lon, lat)) sample(lon, lat);
          }
        }
      }
      for (const auto& circle : area.circles) {
        sample(circle.lon, circle.lat);
        double dlat = circle.radius_km / 111.0;
        double dlon = dlat / std::max(0.1, std::cos(circle.lat * M_PI / 180));
        for (int k = 0; k < 16; ++k) {
          double t = 2 * M_PI * k / 16;
          for (double f : {0.5, 1.0})
            sample(circle.lon + f * dlon * std::cos(t), circle.lat + f * dlat * std::sin(t));
        }
      }
    }
  }
  // GB/T 35965.1: the identifier and the sender code start with the issuer's region code.
  if (found.empty()) {
    for (const auto* s : {&m.identifier, &m.sender}) {
      if (s->size() >= 6 && known(s->substr(0, 6))) {
        found.insert(s->substr(0, 6));
        break;
      }
    }
  }
  // A warning that cannot be placed goes to the province's duty room to judge.
  if (found.empty()) found.insert(province_ + std::string(6 - province_.size(), '0'));
  // Only the province's own regions are kept.
  std::vector<std::string> out;
  for (const auto& r : found) {
    if (r.rfind(province_, 0) == 0) out.push_back(r);
  }
  if (out.empty()) out.push_back(province_ + std::string(6 - province_.size(), '0'));
  return out;
}

void AlertService::announce_chase(db::Transaction& tx, std::int64_t alert_id, const Delivery& d) {
  // About one delivery: heard where the delivery's region is seen (the 叫应 board lists it).
  boost::json::object data{{"id", std::to_string(alert_id)},
                           {"user_id", std::to_string(d.user_id)}};
  bus_.publish_after_commit(tx, {"alerts", "chased", boost::json::serialize(data), d.region});
}

void AlertService::announce(db::Transaction& tx, const char* event, const Alert& a) {
  // Warnings are public: every signed-in user's socket hears them.
  bus_.publish_after_commit(tx, {"alerts", event, boost::json::serialize(to_json(a)), ""});
}

Result<Alert> AlertService::insert(db::Transaction& tx, const Issuer& by, Alert a,
                                   const std::string& original_xml) {
  auto& c = tx.connection();
  std::int64_t now = clock_.now_ms();
  a.regions = regions_of(c, a.cap);
  for (const auto& r : a.regions) {
    FENGHUO_ASSIGN(name, identity::region_name(c, r));
    a.region_names.push_back(name.value_or(r));
    // Issued (by hand, CAP or token) only for regions inside the issuer's jurisdiction; the
    // regions are those the message's area yields, so a drawn area cannot reach further.
    if (!by.covers(r)) {
      return Error{ErrorCode::kForbidden,
                   "region " + r + " (" + a.region_names.back() +
                       ") is outside the regions you may issue warnings for",
                   "regions"};
    }
  }
  a.created_by = by.principal.name;
  if (by.principal.kind == Principal::Kind::kUser && by.principal.org_id != 0) {
    a.issuer_org_id = by.principal.org_id;
  }
  a.issuer = by.key;
  a.created_at = now;
  a.updated_at = now;
  double x0 = 180, y0 = 90, x1 = -180, y1 = -90;
  bool geometry = false;
  for (const auto& i : a.cap.infos) {
    for (const auto& area : i.areas) {
      for (const auto& ring : area.polygons) {
        for (const auto& [lon, lat] : ring) {
          geometry = true;
          x0 = std::min(x0, lon), y0 = std::min(y0, lat), x1 = std::max(x1, lon),
          y1 = std::max(y1, lat);
        }
      }
      for (const auto& circle : area.circles) {
        geometry = true;
        double dlat = circle.radius_km / 111.0;
        double dlon = dlat / std::max(0.1, std::cos(circle.lat * M_PI / 180));
        x0 = std::min(x0, circle.lon - dlon), x1 = std::max(x1, circle.lon + dlon);
        y0 = std::min(y0, circle.lat - dlat), y1 = std::max(y1, circle.lat + dlat);
      }
    }
  }
  std::optional<store::Box> box;
  if (geometry) box = store::Box{x0, y0, x1, y1};
  FENGHUO_ASSIGN(id, store::insert_alert(c, a, box, original_xml));
  a.id = id;
  for (const auto& r : a.regions) {
    FENGHUO_TRY(store::insert_alert_region(c, a.id, r, region_prefix(r)));
  }
  FENGHUO_TRY(
      audit_.append(tx, by.principal,
                    {a.from_cap ? "alert.import" : "alert.create", "alert", std::to_string(a.id),
                     a.regions.front(), "", boost::json::serialize(to_json(a))}));
  return a;
}

Result<AlertService::Imported> AlertService::import_cap(const Principal& by, std::string_view xml) {
  return import_cap(Issuer::of(by), xml);
}

Result<AlertService::Imported> AlertService::import_cap(const Issuer& by, std::string_view xml) {
  FENGHUO_ASSIGN(cap, parse_cap(xml));
  Imported out;
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    auto& c = tx.connection();
    FENGHUO_ASSIGN(known, store::ids_by_reference(c, cap.identifier, cap.sender));
    if (!known.empty()) {  // the same message again: nothing changes
      out.created = false;
      out.alert.id = known.front();
      return {};
    }
    Alert a;
    a.cap = cap;
    a.level = level_of(cap);
    std::int64_t now = clock_.now_ms();
    // Tests, system messages and drafts are kept but are nothing to act on; drills
    // (Exercise) show like warnings, marked by their status.
    if (cap.msg_type == "Cancel") {
      a.state = AlertState::kCancelled;
    } else if (cap.status == "Test" || cap.status == "System" || cap.status == "Draft") {
      a.state = AlertState::kTest;
    } else if (a.expires_at() && *a.expires_at() <= now) {
      a.state = AlertState::kExpired;
    }
    FENGHUO_ASSIGN(stored, insert(tx, by, std::move(a), std::string(xml)));
    // Updates and cancels apply to the warnings they reference: those of the same sender
    // and issuer (a sender code alone is only what the message says), or whose regions all
    // lie inside the issuer's. Anything else refuses the whole message.
    for (const auto& ref : cap.references) {
      FENGHUO_ASSIGN(ids, store::ids_by_reference(c, ref.identifier, ref.sender, stored.id));
      for (auto target_id : ids) {
        FENGHUO_ASSIGN(target, read_alert(c, Principal::system(), target_id));
        bool own =
            target.cap.sender == cap.sender && !target.issuer.empty() && target.issuer == by.key;
        if (!own && !covers_all(by, target.regions)) {
          return Error{ErrorCode::kForbidden,
                       "the message references warning " + ref.identifier +
                           " of another issuer outside the regions you may issue warnings for",
                       "references"};
        }
        const bool cancels = cap.msg_type == "Cancel";
        FENGHUO_TRY(store::supersede(
            c, target_id, cancels ? AlertState::kCancelled : AlertState::kUpdated, stored.id,
            std::string(cancels ? "cancelled by " : "updated by ") + cap.identifier, now));
      }
    }
    out.created = cap.msg_type == "Alert";
    out.alert = stored;
    // New warnings, and updates that raise the level, reach the people on duty (叫应).
    bool upgrade = false;
    if (cap.msg_type == "Update") {
      for (const auto& ref : cap.references) {
        FENGHUO_ASSIGN(levels, store::levels_by_reference(c, ref.identifier, ref.sender));
        for (const auto& level : levels) {
          if (level_rank(stored.level) > level_rank(level)) upgrade = true;
        }
      }
    }
    if (stored.state == AlertState::kActive && (out.created || upgrade))
      FENGHUO_TRY(deliver(tx, stored));
    announce(tx,
             cap.msg_type == "Cancel" ? "cancelled"
             : out.created            ? "created"
                                      : "updated",
             stored);
    return {};
  }));
  // Answered as the issuer sees it: a message known already (the identifier and sender are
  // only what the message says) does not show a warning outside the caller's jurisdiction.
  auto full = get(by.principal, out.alert.id);
  if (!full.ok()) {
    if (full.error().code != ErrorCode::kNotFound) return std::move(full).error();
    return Error::conflict("identifier",
                           "a message with this identifier and sender is stored already");
  }
  out.alert = std::move(full).value();
  return out;
}

Result<Alert> AlertService::create_manual(const Principal& by, const boost::json::object& body) {
  FENGHUO_TRY(in::only(body, {"event", "level", "headline", "description", "instruction", "urgency",
                              "severity", "certainty", "effective_at", "onset_at", "expires_at",
                              "regions", "areas", "source", "category"}));
  FENGHUO_ASSIGN(event, in::required_text(body, "event", 100));
  FENGHUO_ASSIGN(level, in::required_text(body, "level", 10));
  if (level_name(level).empty()) {
    return Error::validation("level", "level must be red, orange, yellow or blue");
  }
  FENGHUO_ASSIGN(headline, in::required_text(body, "headline", 200));
  FENGHUO_ASSIGN(description, in::text(body, "description", 5000));
  FENGHUO_ASSIGN(instruction, in::text(body, "instruction", 5000));
  FENGHUO_ASSIGN(source, in::text(body, "source", 200));
  FENGHUO_ASSIGN(category, in::text(body, "category", 20));
  if (category && !is_cap_category(*category)) {
    return Error::validation("category",
                             "category must be one of the CAP 1.2 categories: Geo, Met, Safety, "
                             "Security, Rescue, Fire, Health, Env, Transport, Infra, CBRNE, Other");
  }
  FENGHUO_ASSIGN(urgency, in::text(body, "urgency", 20));
  FENGHUO_ASSIGN(severity, in::text(body, "severity", 20));
  FENGHUO_ASSIGN(certainty, in::text(body, "certainty", 20));
  FENGHUO_ASSIGN(effective, in::time(body, "effective_at"));
  FENGHUO_ASSIGN(onset, in::time(body, "onset_at"));
  FENGHUO_ASSIGN(expires, in::time(body, "expires_at"));
  std::int64_t now = clock_.now_ms();
  if (!expires)
    return Error::validation("expires_at", "say until when the warning holds (expires_at)");
  if (*expires <= now) return Error::validation("expires_at", "expires_at is in the past");
  FENGHUO_ASSIGN(regions, region_list(body));
  CapArea area;
  area.desc = source.value_or("");
  if (auto it = body.find("areas"); it != body.end() && it->value().is_array()) {
    for (const auto& av : it->value().as_array()) {
      if (!av.is_object()) return Error::validation("areas", "each area is an object");
      auto parsed = cap_from_json(boost::json::object{
          {"infos", boost::json::array{boost::json::object{{"areas", boost::json::array{av}}}}}});
      if (parsed.infos.empty() || parsed.infos[0].areas.empty()) continue;
      for (auto& ring : parsed.infos[0].areas[0].polygons) {
        if (ring.size() < 4 || ring.front() != ring.back()) {
          return Error::validation(
              "areas", "a polygon needs at least 4 points, the last equal to the first");
        }
        for (const auto& [lon, lat] : ring) {
          if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {  // NaN fails too
            return Error::validation("areas", "polygon points must be lon, lat in range");
          }
        }
        area.polygons.push_back(std::move(ring));
      }
      if (area.desc.empty()) area.desc = parsed.infos[0].areas[0].desc;
    }
  }
  if (regions.empty() && area.polygons.empty()) {
    return Error::validation("regions", "choose the regions or draw the area the warning covers");
  }
  for (const auto& r : regions) {
    // Only for regions inside the jurisdiction: a county does not issue for its city, even
    // one it lies in (the area a drawn polygon reaches is checked when it is stored).
    if (!by.covers(r)) {
      return Error{ErrorCode::kForbidden, "region " + r + " is outside your jurisdiction",
                   "regions"};
    }
    area.geocodes.push_back({"GB/T 2260", r});
  }
  if (area.desc.empty()) area.desc = "见行政区划";
  CapMessage m;
  m.sender = by.region + "00000000";
  m.sent = now;
  m.sent_text = cap_time(now);
  m.status = "Actual";
  m.msg_type = "Alert";
  m.scope = "Public";
  m.source = source.value_or("");
  CapInfo info;
  info.language = "zh-CN";
  info.categories = {category.value_or(category_of_event(event))};
  info.event = event;
  info.urgency = urgency.value_or("Expected");
  info.severity = severity.value_or(level == "red"      ? "Extreme"
                                    : level == "orange" ? "Severe"
                                    : level == "yellow" ? "Moderate"
                                                        : "Minor");
  info.certainty = certainty.value_or("Likely");
  info.effective = effective.value_or(now);
  info.onset = onset;
  info.expires = expires;
  info.sender_name = by.name;
  info.headline = headline;
  info.description = description.value_or("");
  info.instruction = instruction.value_or("");
  info.parameters.push_back({"预警级别", std::string(level_name(level))});
  info.areas.push_back(std::move(area));
  m.infos.push_back(std::move(info));
  Alert a;
  a.level = level;
  a.from_cap = false;
  Alert stored;
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    // GB/T 35965.1-style identifier: region, department and unit codes, time, sequence.
    FENGHUO_ASSIGN(stored_before, store::count_alerts(tx.connection()));
    std::string stamp = cap_time(now);  // 2026-11-29T08:00:00+08:00
    std::string compact;
    for (char ch : stamp.substr(0, 19)) {
      if (ch >= '0' && ch <= '9') compact += ch;
    }
    m.identifier = by.region + "00000000_" + compact + "_" + std::to_string(stored_before + 1);
    a.cap = m;
    FENGHUO_ASSIGN(inserted, insert(tx, Issuer::of(by), a, ""));
    stored = std::move(inserted);
    FENGHUO_TRY(deliver(tx, stored));
    announce(tx, "created", stored);
    return {};
  }));
  return get(by, stored.id);
}

Result<Alert> AlertService::cancel(const Principal& by, std::int64_t id,
                                   const std::string& reason) {
  FENGHUO_ASSIGN(a, get(by, id));
  if (!actions(by, a).can_cancel && a.state == AlertState::kActive) {
    return Error::forbidden(
        "only the issuing organisation or one whose jurisdiction covers every region of the "
        "warning may lift it");
  }
  if (reason.empty()) return Error::validation("reason", "say why the warning is lifted");
  if (a.state != AlertState::kActive) {
    return Error::conflict("state",
                           "the warning is " + std::string(state_name(a.state)) + " already");
  }
  std::int64_t now = clock_.now_ms();
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    FENGHUO_ASSIGN(changed, store::cancel_alert(tx.connection(), id, reason, now));
    if (changed != 1) return Error::conflict("state", "the warning changed meanwhile; reload");
    a.state = AlertState::kCancelled;
    a.state_reason = reason;
    FENGHUO_TRY(audit_.append(
        tx, by, {"alert.cancel", "alert", std::to_string(id), a.regions.front(), "", reason}));
    announce(tx, "cancelled", a);
    return {};
  }));
  return get(by, id);
}

AlertActions AlertService::actions(const Principal& by, const Alert& a) const {
  AlertActions out;
  if (a.state != AlertState::kActive) return out;
  if (by.kind == Principal::Kind::kSystem) return {true, true};
  if (!by.has("alerts.write")) return out;
  Issuer issuer = Issuer::of(by);
  bool covers = !a.regions.empty() && covers_all(issuer, a.regions);
  bool same_org = by.kind == Principal::Kind::kUser && by.org_id != 0 && a.issuer_org_id &&
                  *a.issuer_org_id == by.org_id;
  out.can_cancel = covers || same_org;
  out.can_update = covers || (!a.issuer.empty() && a.issuer == issuer.key);
  return out;
}

Result<Alert> AlertService::get(const Principal& by, std::int64_t id) {
  Alert a;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(found, read_alert(c, by, id));
    a = std::move(found);
    return {};
  }));
  return a;
}

Result<Alert> AlertService::read_alert(db::Connection& c, const Principal& by, std::int64_t id) {
  FENGHUO_ASSIGN(pattern, region_pattern(by));
  FENGHUO_ASSIGN(found, store::find_alert(c, {pattern, by.region}, id));
  if (!found) return Error::not_found("warning not found");
  Alert a = std::move(*found);
  FENGHUO_ASSIGN(regions, store::alert_regions(c, id));
  for (auto& [code, name] : regions) {
    a.regions.push_back(std::move(code));
    a.region_names.push_back(std::move(name));
  }
  // An active warning past its expiry reads as expired before the timer marks it.
  if (a.state == AlertState::kActive && a.expires_at() && *a.expires_at() <= clock_.now_ms()) {
    a.state = AlertState::kExpired;
  }
  return a;
}

Result<Page<Alert>> AlertService::list(const Principal& by, const AlertQuery& q) {
  FENGHUO_ASSIGN(pattern, region_pattern(by, q.region));
  if (!q.level.empty() && level_name(q.level).empty()) {
    return Error::validation("level", "level must be red, orange, yellow or blue");
  }
  store::AlertFilter f;
  // A region filter narrows to warnings of that region, not those of the areas around it.
  f.visible = {pattern, q.region.empty() ? by.region : q.region};
  f.level = q.level;
  f.text = q.text;
  f.active = q.active ? (*q.active ? 1 : 0) : -1;
  f.now = clock_.now_ms();
  f.unacknowledged_by = q.unacknowledged ? by.id : 0;
  f.limit = q.limit;
  f.offset = q.offset;
  std::vector<std::int64_t> ids;
  Page<Alert> out;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(total, store::count_alerts(c, f));
    out.total = total;
    FENGHUO_ASSIGN(found, store::list_alert_ids(c, f));
    ids = std::move(found);
    return {};
  }));
  for (auto id : ids) {
    FENGHUO_ASSIGN(a, get(by, id));
    out.items.push_back(std::move(a));
  }
  return out;
}

Result<std::vector<Alert>> AlertService::active_at(const Principal& by, double lon, double lat) {
  AlertQuery q;
  q.active = true;
  q.limit = 500;
  FENGHUO_ASSIGN(page, list(by, q));
  std::optional<std::string> county = boundaries_ ? boundaries_->county_at(lon, lat) : std::nullopt;
  std::vector<Alert> out;
  for (auto& a : page.items) {
    bool has_geometry = false;
    bool holds = geometry_holds(a.cap, lon, lat, &has_geometry);
    if (!has_geometry && county) {
      for (const auto& r : a.regions) {
        if (county->rfind(region_prefix(r), 0) == 0) holds = true;
      }
    }
    if (holds) out.push_back(std::move(a));
  }
  return out;
}

Result<std::string> AlertService::cap_xml(const Principal& by, std::int64_t id) {
  FENGHUO_ASSIGN(a, get(by, id));
  return write_cap(a.cap);
}

Result<int> AlertService::expire() {
  std::int64_t now = clock_.now_ms();
  std::vector<std::int64_t> ids;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(found, store::expired_ids(c, now, kExpiryBatch));
    ids = std::move(found);
    return {};
  }));
  int expired = 0;
  Principal system = Principal::system("fenghuo expiry");
  for (auto id : ids) {
    FENGHUO_ASSIGN(a, get(system, id));
    FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
      FENGHUO_ASSIGN(changed, store::expire_alert(tx.connection(), id, now));
      if (changed == 1) {
        ++expired;
        a.state = AlertState::kExpired;
        announce(tx, "expired", a);
      }
      return {};
    }));
  }
  return expired;
}

}  // namespace fenghuo::alerts

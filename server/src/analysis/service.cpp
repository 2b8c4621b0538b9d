#include "analysis/service.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "alerts/model.h"
#include "alerts/service.h"
#include "analysis/relevance.h"
#include "core/time.h"
#include "db/database.h"
#include "duty/service.h"
#include "identity/directory.h"
#include "incidents/model.h"
#include "incidents/service.h"
#include "monitoring/module.h"
#include "resources/model.h"
#include "resources/schema.h"
#include "resources/service.h"

namespace fenghuo::analysis {

struct AnalysisService::Settings {
  std::vector<double> rings_m;
  std::map<std::string, double> team_speed_kmh;
  std::size_t nearest = 10, neighbours = 5;
  std::int64_t related_ms = 0;
  double related_m = 0;
  double strike_deg = 30;

  double speed_kmh(const std::string& team_category) const {
    if (auto it = team_speed_kmh.find(team_category); it != team_speed_kmh.end()) return it->second;
    if (auto it = team_speed_kmh.find("default"); it != team_speed_kmh.end()) return it->second;
    return 40;
  }
};

namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;
constexpr std::size_t kShelterScan = 5000;  // shelters summed per situation, nearest first
constexpr std::size_t kCandidates = 200;    // nearest looked at to find matching experts

bool listed(std::span<const std::string_view> codes, std::string_view code) {
  return codes.empty() || std::find(codes.begin(), codes.end(), code) != codes.end();
}

std::uint16_t kind_index(std::string_view key) {
  auto all = resources::kinds();
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (all[i].key == key) return static_cast<std::uint16_t>(i);
  }
  return 0;
}

double ring_of(const std::vector<double>& rings, double distance_m) {
  auto it = std::lower_bound(rings.begin(), rings.end(), distance_m);
  return it == rings.end() ? rings.back() : *it;
}

// A phone to call about the record: its contact, else the first phone of its kind's fields.
std::string phone_of(const resources::Resource& r) {
  if (!r.contact_phone.empty()) return r.contact_phone;
  for (const char* key :
       {"duty_phone", "phone", "leader_phone", "manager_phone", "monitor_phone"}) {
    if (const auto* v = r.attributes.if_contains(key); v != nullptr && v->is_string()) {
      return std::string(v->as_string());
    }
  }
  return {};
}

double number_of(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_number() ? v->to_number<double>() : 0;
}

std::string category_name(std::string_view kind, std::string_view category) {
  const auto* k = resources::find_kind(kind);
  const auto* o = k == nullptr ? nullptr : resources::find_category(*k, category);
  return o == nullptr ? std::string(category) : std::string(o->name);
}

boost::json::object item_json(const Item& x) {
  boost::json::object o;
  if (x.id) o["id"] = std::to_string(*x.id);
  o["kind"] = x.kind;
  o["category"] = x.category;
  o["category_name"] = category_name(x.kind, x.category);
  o["name"] = x.name;
  o["region"] = x.region;
  o["lon"] = x.lon;
  o["lat"] = x.lat;
  o["distance_m"] = std::round(x.distance_m);
  o["ring_m"] = x.ring_m;
  o["eta_min"] = x.eta_min ? boost::json::value(std::round(*x.eta_min)) : nullptr;
  o["other_region"] = x.other_region;
  for (const auto& [k, v] : x.details) o[k] = v;
  return o;
}

boost::json::object population_json(const PopulationEstimate& p) {
  boost::json::array counties;
  for (const auto& c : p.counties) {
    counties.push_back({{"code", c.code},
                        {"name", c.name},
                        {"overlap_km2", std::round(c.overlap_km2 * 100) / 100},
                        {"density_per_km2", std::round(c.density_per_km2 * 10) / 10},
                        {"people", std::round(c.people)}});
  }
  return {{"people", std::round(p.people)}, {"counties", std::move(counties)}};
}

}  // namespace

boost::json::object to_json(const Situation& s) {
  boost::json::object o;
  o["point"] = {
      {"lon", s.lon}, {"lat", s.lat}, {"region", s.region}, {"region_name", s.region_name}};
  o["type"] = s.type;
  o["incident_id"] = s.incident_id ? boost::json::value(std::to_string(*s.incident_id)) : nullptr;
  boost::json::array rings_m;
  for (double r : s.rings_m) rings_m.push_back(r);
  o["rings_m"] = std::move(rings_m);
  o["resources_shown"] = s.resources_shown;
  o["eta_method"] = "straight_line";
  o["eta_note"] =
      "直线距离按队伍类型车速估算，非道路路径时间 / straight-line distance at the team "
      "type's speed, not a road route";
  boost::json::array kinds;
  for (const auto& k : s.kinds) {
    boost::json::array within, other, nearest, neighbours;
    for (auto n : k.within) within.push_back(n);
    for (auto n : k.other_within) other.push_back(n);
    for (const auto& x : k.nearest) nearest.push_back(item_json(x));
    for (const auto& x : k.neighbours) neighbours.push_back(item_json(x));
    const auto* kind = resources::find_kind(k.kind);
    kinds.push_back({{"kind", k.kind},
                     {"name", kind ? std::string(kind->name) : k.kind},
                     {"name_en", kind ? std::string(kind->name_en) : k.kind},
                     {"within", std::move(within)},
                     {"other_within", std::move(other)},
                     {"nearest", std::move(nearest)},
                     {"neighbours", std::move(neighbours)}});
  }
  o["kinds"] = std::move(kinds);
  boost::json::array rings;
  for (const auto& r : s.rings) {
    rings.push_back({{"radius_m", r.radius_m},
                     {"population", population_json(r.population)},
                     {"shelter_capacity", r.shelter_capacity}});
  }
  o["rings"] = std::move(rings);
  o["population_method"] = "census_density";
  o["population_note"] =
      "按第七次人口普查各县人口密度乘以圈层与县域相交面积估算 / estimated from "
      "census density (7th census) times the area each ring shares with "
      "each county";
  o["warnings"] = s.warnings;
  o["incidents"] = s.incidents;
  o["stations"] = s.stations;
  o["on_duty"] = s.on_duty;
  return o;
}

boost::json::object to_json(const QuakePicture& q) {
  boost::json::array zones;
  for (const auto& z : q.zones) {
    boost::json::array outline, exposed;
    for (const auto& [lon, lat] : z.outline) outline.push_back({lon, lat});
    for (const auto& x : z.exposed) exposed.push_back(item_json(x));
    zones.push_back({{"intensity", z.intensity},
                     {"long_axis_km", std::round(z.axes.long_km * 10) / 10},
                     {"short_axis_km", std::round(z.axes.short_km * 10) / 10},
                     {"outline", std::move(outline)},
                     {"people", std::round(z.people)},
                     {"exposed", std::move(exposed)}});
  }
  return {{"point", {{"lon", q.lon}, {"lat", q.lat}}},
          {"magnitude", q.magnitude},
          {"depth_km", q.depth_km},
          {"strike_deg", q.strike_deg},
          {"relation",
           "汪素云等(2000) 中国东部烈度衰减关系 / Wang Suyun et al. (2000), eastern China: "
           "I = 5.019 + 1.446M - 4.136 lg(R+24) (long axis), "
           "I = 2.240 + 1.446M - 3.070 lg(R+9) (short axis)"},
          {"zones", std::move(zones)}};
}

AnalysisService::AnalysisService(const Config::Analysis& config, db::Database& db,
                                 resources::ResourceService& resources,
                                 identity::DirectoryService& directory,
                                 incidents::IncidentService& incidents,
                                 alerts::AlertService& alerts, monitoring::Monitoring& monitoring)
    : db_(db),
      resources_(resources),
      directory_(directory),
      incidents_(incidents),
      alerts_(alerts),
      monitoring_(monitoring) {
  auto s = std::make_unique<Settings>();
  // The configuration was validated when it was loaded.
  s->rings_m = parse_ascending_numbers(config.rings_m, "analysis.rings_m").value();
  s->team_speed_kmh = parse_named_numbers(config.team_speed_kmh, "analysis.team_speed_kmh").value();
  s->nearest = static_cast<std::size_t>(config.nearest_per_kind);
  s->neighbours = static_cast<std::size_t>(config.neighbours_per_kind);
  s->related_ms = config.related_days * kDayMs;
  s->related_m = config.related_km * 1000.0;
  s->strike_deg = config.quake_strike_deg;
  settings_ = std::move(s);
}

AnalysisService::~AnalysisService() = default;

std::int64_t AnalysisService::now_ms() const { return resources_.now_ms(); }

Result<const std::unordered_map<std::string, Census>*> AnalysisService::census() {
  std::lock_guard lock(census_mutex_);
  if (census_.empty()) {
    FENGHUO_ASSIGN(regions, directory_.regions());
    for (const auto& r : regions) {
      census_[r.code] = Census{r.name, r.population.value_or(0), r.area_km2.value_or(0)};
    }
  }
  return &census_;
}

Result<std::string> AnalysisService::county_of(const Principal& by, double lon, double lat) const {
  const auto* boundaries = resources_.boundaries();
  if (boundaries == nullptr || boundaries->size() == 0) {
    return Error{ErrorCode::kUnprocessable,
                 "this deployment has no county boundaries to place the point", "lon"};
  }
  auto county = boundaries->county_at(lon, lat);
  if (!county) {
    return Error::validation("lon",
                             "lon/lat: the point lies outside the province; check the "
                             "coordinates (WGS-84, longitude first)");
  }
  if (!by.covers(*county)) {
    return Error::forbidden("the point lies in county " + *county + ", outside your jurisdiction");
  }
  return *county;
}

Result<Situation> AnalysisService::situation(const Principal& by, const Place& place) {
  FENGHUO_ASSIGN(county, county_of(by, place.lon, place.lat));
  FENGHUO_ASSIGN(regions, census());
  Situation s;
  s.lon = place.lon;
  s.lat = place.lat;
  s.type = place.type;
  s.incident_id = place.incident_id;
  s.region = county;
  if (auto it = regions->find(county); it != regions->end()) s.region_name = it->second.name;
  s.rings_m = place.rings_m.empty() ? settings_->rings_m : place.rings_m;
  FENGHUO_TRY(add_kinds(by, s));
  FENGHUO_TRY(add_neighbour_owners(s));
  FENGHUO_TRY(add_population(s));
  FENGHUO_TRY(add_context(by, s));
  return s;
}

Result<Situation> AnalysisService::situation_of_incident(const Principal& by,
                                                         std::int64_t incident_id,
                                                         std::vector<double> rings_m) {
  FENGHUO_ASSIGN(detail, incidents_.get(by, incident_id));
  const auto& x = detail.incident;
  if (!x.lon || !x.lat) {
    return Error::conflict("lon", "the incident has no position; set its location first");
  }
  return situation(by, Place{*x.lon, *x.lat, x.type, std::move(rings_m), incident_id});
}

Status AnalysisService::add_kinds(const Principal& by, Situation& s) {
  s.resources_shown = by.has("resources.read");
  if (!s.resources_shown) return {};
  const Settings& cfg = *settings_;
  FENGHUO_ASSIGN(pattern, region_pattern(by));
  resources::SpatialIndex::Filter own;
  own.region_prefix = pattern.substr(0, pattern.size() - 1);
  resources::SpatialIndex::Filter others = own;
  others.outside = true;
  const auto& index = resources_.index();
  double outer = s.rings_m.back();
  auto tally_own = index.tally(s.lon, s.lat, s.rings_m, own);
  auto tally_other = own.region_prefix.empty()
                         ? std::vector<std::vector<std::int64_t>>(
                               tally_own.size(), std::vector<std::int64_t>(s.rings_m.size()))
                         : index.tally(s.lon, s.lat, s.rings_m, others);
  Relevance relevant = relevance_of(s.type);
  auto all = resources::kinds();
  std::vector<std::int64_t> ids;
  for (std::size_t k = 0; k < all.size(); ++k) {
    if (!all[k].located) continue;
    KindPicture picture;
    picture.kind = std::string(all[k].key);
    std::int64_t sum = 0, other_sum = 0;
    for (std::size_t r = 0; r < s.rings_m.size(); ++r) {
      picture.within.push_back(sum += tally_own[k][r]);
      picture.other_within.push_back(other_sum += tally_other[k][r]);
    }
    auto take = [&](const resources::SpatialIndex::Filter& base, std::size_t n, bool other,
                    std::vector<Item>& into) {
      if (n == 0) return;
      auto filter = base;
      filter.kinds = {static_cast<std::uint16_t>(k)};
      bool experts = all[k].key == "expert" && !relevant.experts.empty() && !other;
      for (const auto& f : index.nearby(s.lon, s.lat, outer, experts ? kCandidates : n, filter)) {
        if (into.size() >= n) break;
        const auto& categories = all[k].categories;
        std::string category = f.item.category < categories.size()
                                   ? std::string(categories[f.item.category].code)
                                   : std::string();
        if (experts && !listed(relevant.experts, category)) continue;
        Item x;
        x.id = f.item.id;
        x.kind = picture.kind;
        x.category = category;
        x.name = f.item.name;
        x.region = std::to_string(f.item.region);
        x.lon = f.item.lon;
        x.lat = f.item.lat;
        x.distance_m = f.distance_m;
        x.ring_m = ring_of(s.rings_m, f.distance_m);
        x.other_region = other;
        into.push_back(std::move(x));
      }
    };
    take(own, cfg.nearest, false, picture.nearest);
    if (!own.region_prefix.empty()) take(others, cfg.neighbours, true, picture.neighbours);
    for (const auto& x : picture.nearest) ids.push_back(*x.id);
    for (const auto& x : picture.neighbours) ids.push_back(*x.id);
    s.kinds.push_back(std::move(picture));
  }

  // The records behind the items: their fields, and the team equipment and depot stock.
  FENGHUO_ASSIGN(records, resources_.records(ids));
  std::unordered_map<std::int64_t, const resources::Resource*> by_id;
  for (const auto& r : records) by_id[r.id] = &r;
  std::vector<std::int64_t> teams, depots;
  for (const auto& k : s.kinds) {
    for (const auto& x : k.nearest) {
      if (k.kind == "team") teams.push_back(*x.id);
      if (k.kind == "depot") depots.push_back(*x.id);
    }
  }
  FENGHUO_ASSIGN(equipment, resources_.children(teams, "equipment"));
  FENGHUO_ASSIGN(stock, resources_.children(depots, "stock_line"));
  std::map<std::int64_t, std::map<std::string, double>> gear;  // team -> category -> quantity
  for (const auto& e : equipment) {
    if (e.parent_id && listed(relevant.equipment, e.category)) {
      gear[*e.parent_id][e.category] += number_of(e.attributes, "quantity");
    }
  }
  std::map<std::int64_t, boost::json::array> supplies;
  for (const auto& line : stock) {
    if (!line.parent_id || !listed(relevant.stock, line.category)) continue;
    supplies[*line.parent_id].push_back(
        {{"item", line.attributes.contains("item") ? line.attributes.at("item")
                                                   : boost::json::value(line.name)},
         {"category", line.category},
         {"category_name", category_name("stock_line", line.category)},
         {"quantity", number_of(line.attributes, "quantity")},
         {"unit",
          line.attributes.contains("unit") ? line.attributes.at("unit") : boost::json::value("")}});
  }
  for (auto& k : s.kinds) {
    for (auto* list : {&k.nearest, &k.neighbours}) {
      for (auto& x : *list) {
        auto it = by_id.find(*x.id);
        if (it == by_id.end()) continue;
        const resources::Resource& r = *it->second;
        if (x.other_region) {
          x.details = {{"contact_phone", phone_of(r)},
                       {"owner_org_id", r.owner_org_id ? boost::json::value(*r.owner_org_id)
                                                       : boost::json::value(nullptr)}};
          continue;
        }
        x.details = r.attributes;
        x.details["address"] = r.address;
        x.details["contact_person"] = r.contact_person;
        x.details["contact_phone"] = phone_of(r);
        if (k.kind == "team") {
          x.eta_min = x.distance_m / 1000 / cfg.speed_kmh(r.category) * 60;
          boost::json::array summary;
          for (const auto& [category, quantity] : gear[r.id]) {
            summary.push_back({{"category", category},
                               {"category_name", category_name("equipment", category)},
                               {"quantity", quantity}});
          }
          x.details["equipment"] = std::move(summary);
        }
        if (k.kind == "depot") x.details["stock"] = std::move(supplies[r.id]);
        if (k.kind == "expert") x.details["matches_type"] = listed(relevant.experts, r.category);
      }
    }
  }
  for (auto& k : s.kinds) {
    for (auto& x : k.neighbours) x.id.reset();  // their records stay under their jurisdiction
  }
  return {};
}

Status AnalysisService::add_neighbour_owners(Situation& s) {
  std::set<std::int64_t> orgs;
  for (const auto& k : s.kinds) {
    for (const auto& x : k.neighbours) {
      if (const auto* v = x.details.if_contains("owner_org_id"); v && v->is_int64()) {
        orgs.insert(v->as_int64());
      }
    }
  }
  std::map<std::int64_t, std::string> names;
  if (!orgs.empty()) {
    FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
      for (auto id : orgs) {
        FENGHUO_ASSIGN(org, identity::organisation_in(c, id));
        if (org) names[id] = org->name;
      }
      return {};
    }));
  }
  FENGHUO_ASSIGN(regions, census());
  for (auto& k : s.kinds) {
    for (auto& x : k.neighbours) {
      std::string owner;
      if (const auto* v = x.details.if_contains("owner_org_id"); v && v->is_int64()) {
        owner = names[v->as_int64()];
      }
      x.details.erase("owner_org_id");
      x.details["owner"] = owner;
      auto it = regions->find(x.region);
      x.details["region_name"] = it != regions->end() ? it->second.name : std::string();
    }
  }
  return {};
}

Status AnalysisService::add_population(Situation& s) {
  FENGHUO_ASSIGN(regions, census());
  const auto& boundaries = *resources_.boundaries();
  for (double r : s.rings_m) {
    RingPicture ring;
    ring.radius_m = r;
    ring.population = estimate_population(boundaries, *regions, disc(s.lon, s.lat, r));
    s.rings.push_back(std::move(ring));
  }
  // Every shelter inside the outer ring, whoever keeps it: people go to the nearest.
  resources::SpatialIndex::Filter shelters;
  shelters.kinds = {kind_index("shelter")};
  auto found = resources_.index().nearby(s.lon, s.lat, s.rings_m.back(), kShelterScan, shelters);
  std::vector<std::int64_t> ids;
  for (const auto& f : found) ids.push_back(f.item.id);
  FENGHUO_ASSIGN(records, resources_.records(ids));
  std::unordered_map<std::int64_t, double> capacity;
  for (const auto& r : records) capacity[r.id] = number_of(r.attributes, "capacity");
  for (const auto& f : found) {
    for (auto& ring : s.rings) {
      if (f.distance_m <= ring.radius_m) {
        ring.shelter_capacity += static_cast<std::int64_t>(capacity[f.item.id]);
      }
    }
  }
  return {};
}

Status AnalysisService::add_context(const Principal& by, Situation& s) {
  std::int64_t now = resources_.now_ms();
  // Warnings in force at the point.
  FENGHUO_ASSIGN(warnings, alerts_.active_at(by, s.lon, s.lat));
  for (const auto& a : warnings) s.warnings.push_back(alerts::to_json(a));
  // Incidents near in time and space, of the same type when one is given.
  incidents::IncidentQuery q;
  q.type = s.type;
  q.from = now - settings_->related_ms;
  q.to = now + kDayMs;
  q.limit = 500;
  FENGHUO_ASSIGN(page, incidents_.list(by, q));
  std::vector<std::pair<double, boost::json::object>> near;
  for (const auto& x : page.items) {
    if (!x.lon || !x.lat || x.id == s.incident_id) continue;
    double d = resources::geodesic_m(s.lon, s.lat, *x.lon, *x.lat);
    if (d > settings_->related_m) continue;
    auto o = incidents::to_json(x, now);
    o["distance_m"] = std::round(d);
    near.emplace_back(d, std::move(o));
  }
  std::sort(near.begin(), near.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [d, o] : near) s.incidents.push_back(std::move(o));
  // Stations listed near the point, with their latest readings and open alarms.
  for (const auto& k : s.kinds) {
    if (k.kind != "station") continue;
    for (const auto& x : k.nearest) {
      auto station = monitoring_.stations().get(by, *x.id);
      if (!station.ok()) continue;  // a record not (yet) known to monitoring
      auto o = std::move(station).value();
      o["distance_m"] = std::round(x.distance_m);
      s.stations.push_back(std::move(o));
    }
  }
  // The duty rooms responsible for the place: county, city and province bureaus.
  std::string county = s.region;
  std::vector<std::string> levels = {county, county.substr(0, 4) + "00",
                                     county.substr(0, 2) + "0000"};
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  return db_.read([&](db::Connection& c) -> Status {
    for (const auto& region : levels) {
      FENGHUO_ASSIGN(bureaus, identity::active_bureaus(c, region));
      for (auto org_id : bureaus) {
        FENGHUO_ASSIGN(org, identity::organisation_in(c, org_id));
        if (!org || org->region != region) continue;
        FENGHUO_ASSIGN(shift, duty::on_duty_now(c, org_id, now));
        auto person = [&](std::int64_t id) -> Result<boost::json::value> {
          FENGHUO_ASSIGN(contact, identity::contact(c, id));
          if (!contact) return boost::json::value(nullptr);
          return boost::json::value({{"id", std::to_string(contact->id)},
                                     {"name", contact->name},
                                     {"phone", contact->phone}});
        };
        boost::json::value leader = nullptr;
        boost::json::array officers;
        if (shift) {
          if (shift->leader_id) {
            FENGHUO_ASSIGN(l, person(*shift->leader_id));
            leader = std::move(l);
          }
          for (auto id : shift->officer_ids) {
            FENGHUO_ASSIGN(o, person(id));
            if (!o.is_null()) officers.push_back(std::move(o));
          }
        }
        s.on_duty.push_back(
            {{"org_id", std::to_string(org->id)},
             {"org_name", org->name},
             {"region", org->region},
             {"phone", org->duty_phone.empty() ? org->contact_phone : org->duty_phone},
             {"rostered", shift.has_value()},
             {"leader", std::move(leader)},
             {"officers", std::move(officers)}});
      }
    }
    return {};
  });
}

Result<QuakePicture> AnalysisService::earthquake(const Principal& by, double lon, double lat,
                                                 double magnitude, double depth_km,
                                                 std::optional<double> strike_deg) {
  FENGHUO_ASSIGN(county, county_of(by, lon, lat));
  (void)county;
  FENGHUO_ASSIGN(regions, census());
  QuakePicture q;
  q.lon = lon;
  q.lat = lat;
  q.magnitude = magnitude;
  q.depth_km = depth_km;
  q.strike_deg = strike_deg.value_or(settings_->strike_deg);
  const auto& boundaries = *resources_.boundaries();
  // VI, VII and VIII and above; each zone's people are those inside its isoseismal but not
  // inside the next one in.
  for (int intensity : {6, 7, 8}) {
    auto axes = isoseismal(magnitude, intensity);
    if (!axes) continue;
    QuakeZone z;
    z.intensity = intensity;
    z.axes = *axes;
    z.outline = ellipse(lon, lat, axes->long_km * 1000, axes->short_km * 1000, q.strike_deg);
    z.people = estimate_population(boundaries, *regions, z.outline).people;
    q.zones.push_back(std::move(z));
  }
  for (std::size_t i = 0; i + 1 < q.zones.size(); ++i) q.zones[i].people -= q.zones[i + 1].people;
  // What lies inside: secondary risks and the places that hold many people.
  static const std::vector<std::pair<std::string_view, std::vector<std::string_view>>> kExposed = {
      {"enterprise", {"tailings", "hazchem"}},
      {"water_facility", {"reservoir", "dam"}},
      {"major_hazard", {}},
      {"hazard_point", {}},
      {"protection_target", {"school", "hospital"}}};
  if (q.zones.empty() || !by.has("resources.read")) return q;
  FENGHUO_ASSIGN(pattern, region_pattern(by));
  resources::SpatialIndex::Filter filter;
  filter.region_prefix = pattern.substr(0, pattern.size() - 1);
  for (const auto& [kind, categories] : kExposed) {
    filter.kinds = {kind_index(kind)};
    const auto* k = resources::find_kind(kind);
    double reach = q.zones.front().axes.long_km * 1000;
    for (const auto& f : resources_.index().nearby(lon, lat, reach, 100000, filter)) {
      std::string category = f.item.category < k->categories.size()
                                 ? std::string(k->categories[f.item.category].code)
                                 : std::string();
      if (!categories.empty() &&
          std::find(categories.begin(), categories.end(), category) == categories.end()) {
        continue;
      }
      // The innermost zone holding it.
      for (auto z = q.zones.rbegin(); z != q.zones.rend(); ++z) {
        if (!contains(z->outline, f.item.lon, f.item.lat)) continue;
        Item x;
        x.id = f.item.id;
        x.kind = std::string(kind);
        x.category = category;
        x.name = f.item.name;
        x.region = std::to_string(f.item.region);
        x.lon = f.item.lon;
        x.lat = f.item.lat;
        x.distance_m = f.distance_m;
        x.ring_m = f.distance_m;
        z->exposed.push_back(std::move(x));
        break;
      }
    }
  }
  return q;
}

}  // namespace fenghuo::analysis

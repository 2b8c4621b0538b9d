#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/geometry.h"
#include "analysis/intensity.h"
#include "analysis/population.h"
#include "core/config.h"
#include "core/page.h"
#include "core/principal.h"
#include "core/result.h"

namespace fenghuo::db {
class Database;
}
namespace fenghuo::resources {
class ResourceService;
}
namespace fenghuo::identity {
class DirectoryService;
}
namespace fenghuo::incidents {
class IncidentService;
}
namespace fenghuo::alerts {
class AlertService;
}
namespace fenghuo::monitoring {
class Monitoring;
}

namespace fenghuo::analysis {

// A record near the point of a situation. Records of the caller's jurisdiction carry their
// id and the fields of their kind (`details`); those of neighbouring jurisdictions only a
// summary (name, owner, contact phone), read-only.
struct Item {
  std::optional<std::int64_t> id;  // empty for neighbours
  std::string kind, category, name, region;
  double lon = 0, lat = 0, distance_m = 0;
  double ring_m = 0;              // the smallest ring holding it
  std::optional<double> eta_min;  // teams: straight line at the team type's speed
  bool other_region = false;
  boost::json::object details;
};

struct KindPicture {
  std::string kind;
  std::vector<std::int64_t> within;        // per ring: records of the jurisdiction inside it
  std::vector<std::int64_t> other_within;  // per ring: records of other jurisdictions
  std::vector<Item> nearest;               // of the jurisdiction, nearest first
  std::vector<Item> neighbours;            // of other jurisdictions, nearest first
};

struct RingPicture {
  double radius_m = 0;
  PopulationEstimate population;
  std::int64_t shelter_capacity = 0;  // every shelter inside the ring, whoever keeps it
};

// What is around a point (综合信息汇聚): per ring and resource kind, the population, the
// warnings in force there, incidents near in time and space, the stations with their
// latest readings and the duty rooms responsible for the place.
struct Situation {
  double lon = 0, lat = 0;
  std::string region, region_name, type;
  std::optional<std::int64_t> incident_id;
  std::vector<double> rings_m;
  bool resources_shown = true;  // false without resources.read: no kinds, no stations
  std::vector<KindPicture> kinds;
  std::vector<RingPicture> rings;
  boost::json::array warnings, incidents, stations, on_duty;
};
boost::json::object to_json(const Situation& s);

// The isoseismal zones of an earthquake and what lies in each (关联分析).
struct QuakeZone {
  int intensity = 0;  // VI, VII, VIII (and above: the innermost zone)
  IntensityAxes axes;
  Outline outline;
  double people = 0;  // in the zone, not in the next one inside it
  std::vector<Item> exposed;
};
struct QuakePicture {
  double lon = 0, lat = 0, magnitude = 0, depth_km = 0, strike_deg = 0;
  std::vector<QuakeZone> zones;
};
boost::json::object to_json(const QuakePicture& q);

// 综合查询: a Chinese substring across the records the caller may read.
struct SearchQuery {
  std::string text;
  std::string entity;  // resource | station | incident | alert | organisation | person; "" = all
  std::string region;  // narrows the jurisdiction
  std::optional<std::int64_t> from, to;
  std::int64_t limit = 20, offset = 0;
};
struct SearchHit {
  std::string entity;
  std::int64_t id = 0;
  std::string kind, title, region, region_name, snippet;
  std::optional<double> lon, lat;
  std::int64_t at = 0;
};
boost::json::object to_json(const SearchHit& h);

struct Place {
  double lon = 0, lat = 0;
  std::string type;  // incident type code ("" = any): which stock and experts are relevant
  std::vector<double> rings_m;              // ascending; empty = analysis.rings_m
  std::optional<std::int64_t> incident_id;  // the incident at the place (not 'related')
};

// Analysis around an incident or a point (研判分析). Reads the other modules through their
// services; a point outside the caller's jurisdiction is refused, but what lies around it
// in neighbouring jurisdictions is summarised, because help does not stop at a county line.
// Resource records are listed only to callers holding resources.read.
class AnalysisService {
 public:
  AnalysisService(const Config::Analysis& config, db::Database& db,
                  resources::ResourceService& resources, identity::DirectoryService& directory,
                  incidents::IncidentService& incidents, alerts::AlertService& alerts,
                  monitoring::Monitoring& monitoring);
  ~AnalysisService();

  Result<Situation> situation(const Principal& by, const Place& place);
  // Ranked hits of the entities the caller holds the read permission of (403 when `entity`
  // names one they do not, 400 when unknown); warnings as the warnings module shows them.
  Result<Page<SearchHit>> search(const Principal& by, const SearchQuery& q);
  // Incidents by type, level, county and month (Beijing time), drills apart, with their
  // positions for a heat map; per county of the jurisdiction the located resources per
  // 10,000 residents and the shelter places per resident (数据可视化).
  Result<boost::json::object> statistics(const Principal& by, const std::string& region,
                                         std::int64_t from, std::int64_t to);
  std::int64_t now_ms() const;
  Result<Situation> situation_of_incident(const Principal& by, std::int64_t incident_id,
                                          std::vector<double> rings_m = {});
  // `strike_deg`: azimuth of the long axis (the fault's strike), else the configured default.
  Result<QuakePicture> earthquake(const Principal& by, double lon, double lat, double magnitude,
                                  double depth_km, std::optional<double> strike_deg);

 private:
  struct Settings;
  // The county holding the point, refused outside the province (400) or the caller's
  // jurisdiction (403).
  Result<std::string> county_of(const Principal& by, double lon, double lat) const;
  Result<const std::unordered_map<std::string, Census>*> census();
  Status add_kinds(const Principal& by, Situation& s);
  Status add_population(Situation& s);
  Status add_neighbour_owners(Situation& s);
  Status add_context(const Principal& by, Situation& s);

  std::unique_ptr<const Settings> settings_;
  db::Database& db_;
  resources::ResourceService& resources_;
  identity::DirectoryService& directory_;
  incidents::IncidentService& incidents_;
  alerts::AlertService& alerts_;
  monitoring::Monitoring& monitoring_;
  std::mutex census_mutex_;
  std::unordered_map<std::string, Census> census_;
};

}  // namespace fenghuo::analysis

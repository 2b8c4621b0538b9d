#include <map>
#include <unordered_map>

#include "analysis/service.h"
#include "core/time.h"
#include "incidents/grading.h"
#include "incidents/service.h"
#include "resources/schema.h"
#include "resources/service.h"

namespace fenghuo::analysis {
namespace {

constexpr std::int64_t kBeijingOffsetMs = 8LL * 3600 * 1000;
constexpr std::int64_t kPageSize = 500;

struct Tally {
  std::int64_t count = 0, drills = 0;
  void add(bool drill) { ++(drill ? drills : count); }
};

template <typename Key>
boost::json::array tally_json(const std::map<Key, Tally>& tallies, const char* key_name,
                              const std::function<void(boost::json::object&, const Key&)>& name) {
  boost::json::array out;
  for (const auto& [key, t] : tallies) {
    boost::json::object o{{key_name, key}, {"count", t.count}, {"drills", t.drills}};
    if (name) name(o, key);
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace

Result<boost::json::object> AnalysisService::statistics(const Principal& by,
                                                        const std::string& region,
                                                        std::int64_t from, std::int64_t to) {
  FENGHUO_ASSIGN(pattern, region_pattern(by, region));
  FENGHUO_ASSIGN(regions, census());
  std::map<std::string, Tally> by_type, by_level, by_region, by_month;
  std::map<std::string, std::string> type_names, level_names;
  boost::json::array heat;
  std::int64_t total = 0, drills = 0;
  incidents::IncidentQuery q;
  q.region = region;
  q.from = from;
  q.to = to;
  q.limit = kPageSize;
  for (q.offset = 0;; q.offset += kPageSize) {
    FENGHUO_ASSIGN(page, incidents_.list(by, q));
    for (const auto& x : page.items) {
      if (x.status == "merged") continue;  // counted in the incident it joined
      ++(x.drill ? drills : total);
      by_type[x.type].add(x.drill);
      type_names[x.type] = x.type_name;
      by_level[x.level].add(x.drill);
      level_names[x.level] = std::string(incidents::level_name(x.level, x.grading));
      by_region[x.region].add(x.drill);
      by_month[format_rfc3339(x.occurred_at + kBeijingOffsetMs).substr(0, 7)].add(x.drill);
      if (!x.drill && x.lon && x.lat) heat.push_back({*x.lon, *x.lat, 1});
    }
    if (page.items.size() < static_cast<std::size_t>(kPageSize)) break;
  }

  // Counties of the jurisdiction: located resources per 10,000 residents, shelter places per
  // resident.
  std::string prefix = pattern.substr(0, pattern.size() - 1);
  bool resources_shown = by.has("resources.read");
  resources::SpatialIndex::Filter filter;
  filter.region_prefix = prefix;
  std::unordered_map<std::uint32_t, std::vector<std::int64_t>> located;
  std::map<std::string, double> shelter_places;
  if (resources_shown) {
    located = resources_.index().count_by_region(filter);
    FENGHUO_ASSIGN(capacity, resources_.field_sums(by, "shelter", "capacity"));
    shelter_places.insert(capacity.begin(), capacity.end());
  }
  auto kinds = resources::kinds();
  boost::json::array counties;
  for (const auto& [code, c] : *regions) {
    if (!code.starts_with(prefix) || c.population <= 0 || code.ends_with("00") ||
        code.ends_with("71")) {
      continue;  // the province and cities are sums; zones have no residents of their own
    }
    boost::json::object per_kind;
    std::int64_t records = 0;
    if (auto it = located.find(static_cast<std::uint32_t>(std::stoul(code))); it != located.end()) {
      for (std::size_t k = 0; k < it->second.size(); ++k) {
        if (it->second[k] == 0) continue;
        per_kind[kinds[k].key] = it->second[k];
        records += it->second[k];
      }
    }
    double people = static_cast<double>(c.population);
    double places = shelter_places[code];
    if (!resources_shown) {
      counties.push_back({{"code", code}, {"name", c.name}, {"population", c.population}});
      continue;
    }
    counties.push_back({{"code", code},
                        {"name", c.name},
                        {"population", c.population},
                        {"resources", std::move(per_kind)},
                        {"resources_per_10k", std::round(records / people * 1e4 * 100) / 100},
                        {"shelter_capacity", places},
                        {"shelter_per_resident", std::round(places / people * 1e4) / 1e4}});
  }

  boost::json::object o;
  o["total"] = total;
  o["drills"] = drills;
  o["by_type"] = tally_json<std::string>(
      by_type, "type", [&](auto& j, const auto& k) { j["name"] = type_names[k]; });
  o["by_level"] = tally_json<std::string>(
      by_level, "level", [&](auto& j, const auto& k) { j["name"] = level_names[k]; });
  o["by_region"] = tally_json<std::string>(by_region, "region", [&](auto& j, const auto& k) {
    auto it = regions->find(k);
    j["name"] = it != regions->end() ? it->second.name : std::string();
  });
  o["by_month"] = tally_json<std::string>(by_month, "month", {});
  o["heat"] = std::move(heat);
  o["counties"] = std::move(counties);
  return o;
}

}  // namespace fenghuo::analysis

#include "identity/reference.h"

#include <boost/json.hpp>
#include <fstream>
#include <map>
#include <sstream>

#include "identity/model.h"
#include "identity/store.h"

namespace fenghuo::identity {
namespace {

std::string bureau_name(const Region& r) {
  return r.name + (r.level == "province" ? "应急管理厅" : "应急管理局");
}

Result<std::vector<Region>> parse_regions(std::string_view text, const std::string& province) {
  boost::system::error_code ec;
  auto doc = boost::json::parse(text, ec);
  if (ec || !doc.is_object() || !doc.as_object().contains("regions")) {
    return Error::validation("region.data_file", "the regions data is not valid JSON with a "
                                                 "\"regions\" list");
  }
  std::vector<Region> out;
  for (const auto& item : doc.at("regions").as_array()) {
    const auto& o = item.as_object();
    Region r;
    r.code = std::string(o.at("code").as_string());
    if (!r.code.starts_with(province)) continue;
    r.name = std::string(o.at("name").as_string());
    r.level = std::string(o.at("level").as_string());
    if (const auto* p = o.if_contains("parent"); p && p->is_string()) r.parent = std::string(p->as_string());
    const auto& centroid = o.at("centroid").as_array();
    r.lon = centroid.at(0).to_number<double>();
    r.lat = centroid.at(1).to_number<double>();
    if (const auto* a = o.if_contains("area_km2"); a && a->is_number()) {
      r.area_km2 = a->to_number<double>();
    }
    if (const auto* p = o.if_contains("population"); p && p->is_number()) {
      r.population = p->to_number<std::int64_t>();
    }
    out.push_back(std::move(r));
  }
  if (out.empty()) {
    return Error::validation("region.province",
                             "the regions data has no region of province " + province);
  }
  // Parents before children, so that foreign keys and trees hold at every step.
  std::stable_sort(out.begin(), out.end(), [](const Region& a, const Region& b) {
    auto rank = [](const std::string& level) {
      return level == "province" ? 0 : level == "city" ? 1 : 2;
    };
    return rank(a.level) < rank(b.level);
  });
  return out;
}

}  // namespace

Result<ReferenceReport> sync_reference_data(db::Database& db, const std::string& province,
                                            const std::string& data_file, const Clock& clock,
                                            const audit::Log& audit) {
  std::string text;
  if (!data_file.empty()) {
    std::ifstream in(data_file);
    if (!in) return Error::validation("region.data_file", "cannot read " + data_file);
    std::stringstream s;
    s << in.rdbuf();
    text = s.str();
  } else {
    text = std::string(builtin_regions(province));
    if (text.empty()) {
      return Error::validation("region.province", "no built-in regions for province " + province +
                                                      "; set region.data_file");
    }
  }
  auto regions = parse_regions(text, province);
  if (!regions.ok()) return std::move(regions).error();

  ReferenceReport report;
  Principal system = Principal::system("fenghuo migrate");
  FENGHUO_TRY(db.transact([&](db::Transaction& tx) -> Status {
    db::Connection& c = tx.connection();
    std::map<std::string, std::int64_t> bureau_of;
    for (const Region& r : *regions) {
      FENGHUO_TRY(store::upsert_region(c, r));
      ++report.regions;
      if (r.level == "zone") continue;  // functional zones are served by their county's bureau
      auto bureau = store::find_bureau(c, r.code);
      if (!bureau.ok()) return std::move(bureau).error();
      if (*bureau) {
        bureau_of[r.code] = (*bureau)->id;
        continue;
      }
      Organisation o;
      o.region = r.code;
      o.type = "emergency_bureau";
      o.name = bureau_name(r);
      if (auto parent = bureau_of.find(r.parent); parent != bureau_of.end()) {
        o.parent_id = parent->second;
      }
      auto id = store::insert_org(c, o, clock.now_ms());
      if (!id.ok()) return std::move(id).error();
      o.id = *id;
      o.region_name = r.name;
      bureau_of[r.code] = *id;
      ++report.bureaus_created;
      FENGHUO_TRY(audit.append(tx, system,
                               {"organisation.create", "organisation", std::to_string(*id), r.code,
                                "", boost::json::serialize(to_json(o))}));
    }
    return {};
  }));
  return report;
}

}  // namespace fenghuo::identity

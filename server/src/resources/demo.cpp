#include "resources/demo.h"

#include <boost/json.hpp>
#include <map>
#include <random>

#include "resources/store.h"

namespace fenghuo::resources {
namespace {

constexpr std::string_view kDemoSource = "演示数据";

struct Plan {
  std::string_view kind;
  int per_county;  // at the small scale
};
// Located kinds per county at the small scale; members, equipment and stock follow their
// teams and depots.
constexpr Plan kPlan[] = {
    {"team", 3},         {"depot", 2},      {"expert", 2},      {"info_officer", 3},
    {"station", 3},      {"camera", 2},     {"shelter", 3},     {"protection_target", 6},
    {"hazard_point", 3}, {"enterprise", 2}, {"gas_station", 3}, {"water_facility", 1},
    {"major_hazard", 1}};

constexpr std::string_view kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵",
                                          "黄", "周", "吴", "徐", "孙", "马", "胡",
                                          "郭", "何", "高", "林", "罗", "梁"};
constexpr std::string_view kGiven[] = {"伟", "芳",   "娜",   "敏",   "静",   "强",  "磊",
                                       "军", "洋",   "勇",   "艳",   "杰",   "涛",  "明",
                                       "超", "秀英", "建国", "志强", "海燕", "晓东"};

class Generator {
 public:
  Generator(std::uint64_t seed) : rng_(seed) {}

  int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  double real(double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng_); }
  template <typename T>
  const T& pick(std::span<const T> items) {
    return items[static_cast<std::size_t>(between(0, static_cast<int>(items.size()) - 1))];
  }
  std::string person() {
    return std::string(kSurnames[between(0, 19)]) + std::string(kGiven[between(0, 19)]);
  }
  std::string mobile() {
    static constexpr int kPrefix[] = {135, 136, 137, 138, 139, 150, 151,
                                      152, 157, 158, 159, 187, 188};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%d%08d", kPrefix[between(0, 12)], between(0, 99999999));
    return buf;
  }
  std::string landline(const std::string& county) {
    // Area codes by city: 太原 0351, 大同 0352, 阳泉 0353, 晋中 0354, 长治 0355, 晋城 0356,
    // 临汾 0357, 吕梁 0358, 运城 0359, 忻州 0350, 朔州 0349.
    static const std::map<std::string, std::string> kArea = {
        {"1401", "0351"}, {"1402", "0352"}, {"1403", "0353"}, {"1404", "0355"},
        {"1405", "0356"}, {"1406", "0349"}, {"1407", "0354"}, {"1408", "0359"},
        {"1409", "0350"}, {"1410", "0357"}, {"1411", "0358"}};
    auto it = kArea.find(county.substr(0, 4));
    char buf[24];
    std::snprintf(buf, sizeof buf, "%s-%07d", it == kArea.end() ? "0351" : it->second.c_str(),
                  between(2000000, 8999999));
    return buf;
  }
  std::mt19937_64& rng() { return rng_; }

 private:
  std::mt19937_64 rng_;
};

std::string strip_suffix(std::string name) {
  for (std::string_view suffix : {"区", "县", "市"}) {
    if (name.size() > suffix.size() + 3 && name.ends_with(suffix)) {
      return name.substr(0, name.size() - suffix.size());
    }
  }
  return name;
}

// Fills a record of `kind` in `county` with plausible values.
void fill(Resource& r, const Kind& kind, const std::string& county, const std::string& county_name,
          const std::string& place, int n, Generator& g) {
  // Protection targets are mostly hospitals and schools, as on a real map.
  const Option& category = kind.key == "protection_target" && g.between(0, 2) > 0
                               ? *find_category(kind, g.between(0, 1) ? "hospital" : "school")
                               : g.pick(kind.categories);
  r.kind = std::string(kind.key);
  r.category = std::string(category.code);
  r.region = county;
  r.data_source = std::string(kDemoSource);
  r.contact_person = g.person();
  r.contact_phone = g.between(0, 1) ? g.mobile() : g.landline(county);
  r.address = place + "第" + std::to_string(g.between(1, 30)) + "街" +
              std::to_string(g.between(1, 300)) + "号";
  auto& a = r.attributes;
  std::string cat(category.name);
  std::string key(kind.key);
  if (key == "team") {
    r.name =
        place + cat.substr(0, cat.find("队伍")) + "队" + (n > 1 ? std::to_string(n) + "分队" : "");
    a["size"] = g.between(15, 180);
    a["leader"] = g.person();
    a["leader_phone"] = g.mobile();
    a["duty_phone"] = g.landline(county);
    a["vehicles"] = g.between(2, 30);
    a["specialties"] = g.between(0, 1) ? "山地搜救、水域救援" : "建筑物倒塌搜救、危化品处置";
  } else if (key == "team_member") {
    r.name = g.person();
    a["phone"] = g.mobile();
    a["position"] = n == 0 ? "队长" : "队员";
    a["skills"] = g.between(0, 1) ? "绳索救援" : "医疗救护";
  } else if (key == "depot") {
    r.name = place + cat + (n > 1 ? "(" + std::to_string(n) + "号库)" : "");
    a["area_m2"] = g.between(200, 6000);
    a["manager"] = g.person();
    a["manager_phone"] = g.mobile();
    a["duty_phone"] = g.landline(county);
  } else if (key == "expert") {
    r.name = g.person();
    a["phone"] = g.mobile();
    a["employer"] = g.between(0, 1) ? county_name + "应急管理局" : place + "某能源集团";
    a["title"] = g.between(0, 2) ? "高级工程师" : "正高级工程师";
    a["specialty"] = cat;
  } else if (key == "info_officer") {
    r.name = g.person();
    a["phone"] = g.mobile();
    a["village"] = place + "某村";
  } else if (key == "station") {
    r.name = place + cat + "监测站" + std::to_string(n);
    char code[24];
    std::snprintf(code, sizeof code, "%s%s%03d", county.c_str(),
                  std::string(category.code).substr(0, 2).c_str(), n);
    a["code"] = code;
    a["metrics"] = category.code == "water"        ? "水位、雨量"
                   : category.code == "weather"    ? "雨量、气温"
                   : category.code == "forest"     ? "森林火险等级、相对湿度"
                   : category.code == "earthquake" ? "震级、震源深度"
                   : category.code == "geology"    ? "地表位移、裂缝宽度"
                   : category.code == "mine"       ? "甲烷、一氧化碳"
                   : category.code == "metallurgy" ? "一氧化碳、炉温"
                                                   : "储罐液位、可燃气体";
    a["status"] = "in_service";
    if (category.code == "water") {
      // 警戒水位, 保证水位 and the record level differ from station to station.
      double warning = 8 + (n % 7) * 0.5;
      a["warning_level"] = warning;
      a["guaranteed_level"] = warning + 1.5;
      a["record_level"] = warning + 2.5;
    }
  } else if (key == "camera") {
    r.name = place + cat + "监控点" + std::to_string(n);
    a["stream_url"] =
        "https://video.example.invalid/live/" + county + "-" + std::to_string(n) + ".m3u8";
    a["status"] = g.between(0, 9) ? "in_service" : "maintenance";
  } else if (key == "shelter") {
    r.name = place + std::to_string(n) + "号应急避难场所(" + cat.substr(0, cat.find("类")) + ")";
    int area = g.between(3000, 120000);
    a["area_m2"] = area;
    a["capacity"] = area / 2;
    a["manager_phone"] = g.mobile();
  } else if (key == "protection_target") {
    std::string code(category.code);
    r.name = code == "hospital"
                 ? place + (n == 1 ? "人民医院" : "第" + std::to_string(n) + "人民医院")
             : code == "school" ? place + "第" + std::to_string(n) + "中学"
                                : place + cat + std::to_string(n);
    if (code == "hospital") a["beds"] = g.between(80, 1500);
    a["people"] = g.between(100, 5000);
  } else if (key == "hazard_point") {
    r.name = place + "某村" + cat + "隐患点" + std::to_string(n);
    a["threatened_people"] = g.between(5, 400);
    a["threatened_property_wan"] = g.between(10, 3000);
    a["scale"] = g.between(0, 3) ? "small" : "medium";
    a["monitor"] = g.person();
    a["monitor_phone"] = g.mobile();
  } else if (key == "enterprise") {
    r.name = place +
             (category.code == "coal"       ? "某煤业有限公司"
              : category.code == "hazchem"  ? "某化工有限公司"
              : category.code == "tailings" ? "某矿业有限公司尾矿库"
                                            : "某矿业有限公司") +
             std::to_string(n);
    a["license_no"] = "晋" + std::to_string(g.between(100000, 999999));
    a["legal_person"] = g.person();
    a["employees"] = g.between(50, 3000);
  } else if (key == "gas_station") {
    r.name = (g.between(0, 1) ? "中国石化" : "中国石油") + place + cat + std::to_string(n);
    a["tank_m3"] = g.between(30, 200);
  } else if (key == "water_facility") {
    r.name = place + cat + std::to_string(n);
    a["capacity_10k_m3"] = g.between(10, 5000);
    a["scale"] = g.between(0, 2) ? "small" : "medium";
  } else if (key == "major_hazard") {
    r.name = place + "重大危险源" + std::to_string(n);
    a["substance"] = g.between(0, 1) ? "液氨" : "甲醇";
    a["quantity_t"] = g.between(10, 2000);
  }
}

}  // namespace

Result<DemoResult> load_demo_resources(db::Database& db, ResourceService& service,
                                       const audit::Log& audit, const Clock& clock,
                                       DemoOptions options) {
  DemoResult result;
  const Boundaries* boundaries = service.boundaries();
  if (boundaries == nullptr) return Error::validation("region.province", "no county boundaries");
  // Already loaded? The demo records carry their source.
  FENGHUO_TRY(db.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(rows, c.query("SELECT COUNT(*) FROM resources WHERE data_source = $1",
                                 {std::string(kDemoSource)}));
    result.already_loaded = rows.i64(0, 0) > 0;
    return {};
  }));
  if (result.already_loaded) return result;

  int factor = options.scale == DemoOptions::Scale::kLarge ? 260 : 1;
  Generator g(options.seed);
  std::map<std::string, std::string> names;
  FENGHUO_TRY(db.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(rows, c.query("SELECT code, name FROM regions"));
    for (std::size_t i = 0; i < rows.size(); ++i) names[rows.text(i, 0)] = rows.text(i, 1);
    return {};
  }));

  std::map<std::string, std::int64_t> bureaus;
  FENGHUO_TRY(db.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(rows, c.query("SELECT region_code, MIN(id) FROM organisations "
                                 "WHERE type = 'emergency_bureau' GROUP BY region_code"));
    for (std::size_t i = 0; i < rows.size(); ++i) bureaus[rows.text(i, 0)] = rows.i64(i, 1);
    return {};
  }));

  std::int64_t now = clock.now_ms();
  const std::int64_t day = 24LL * 3600 * 1000;
  auto insert = [&](db::Connection& c, Resource& r) -> Status {
    if (auto owner = bureaus.find(r.region); owner != bureaus.end()) r.owner_org_id = owner->second;
    r.quality = quality_of(r);
    r.updated_by = "system:0 fenghuo demo-data";
    FENGHUO_ASSIGN(id, store::insert(c, r, now));
    r.id = id;
    // Some records were verified long ago, so that the quality pages have work to show.
    if (g.between(0, 9) == 0) {
      FENGHUO_TRY(store::mark_verified(c, id, now - g.between(100, 400) * day, r.updated_by));
    }
    ++result.created;
    return {};
  };

  for (const std::string& county : boundaries->codes()) {
    std::string county_name = names.count(county) ? names[county] : county;
    std::string place = strip_suffix(county_name);
    // One transaction per county keeps memory flat and lets readers in between.
    FENGHUO_TRY(db.transact([&](db::Transaction& tx) -> Status {
      db::Connection& c = tx.connection();
      for (const Plan& plan : kPlan) {
        const Kind* kind = find_kind(plan.kind);
        int count = plan.per_county * factor;
        for (int n = 1; n <= count; ++n) {
          Resource r;
          fill(r, *kind, county, county_name, place, n, g);
          auto point = boundaries->random_point(county, g.rng());
          if (!point) continue;
          r.lon = std::round(point->first * 1e6) / 1e6;
          r.lat = std::round(point->second * 1e6) / 1e6;
          FENGHUO_TRY(validate(r));
          FENGHUO_TRY(insert(c, r));
          if (options.scale == DemoOptions::Scale::kLarge) continue;
          // Small scale: teams get members and equipment, depots their stock.
          if (r.kind == "team") {
            for (int m = 0; m < 4; ++m) {
              Resource member;
              fill(member, *find_kind("team_member"), county, county_name, place, m, g);
              member.parent_id = r.id;
              FENGHUO_TRY(validate(member));
              FENGHUO_TRY(insert(c, member));
            }
            for (int e = 0; e < 3; ++e) {
              Resource equipment;
              const Kind& k = *find_kind("equipment");
              fill(equipment, k, county, county_name, place, e, g);
              equipment.name = std::string(find_category(k, equipment.category)->name);
              equipment.parent_id = r.id;
              equipment.attributes["quantity"] = g.between(1, 40);
              equipment.attributes["unit"] = "台(套)";
              equipment.attributes["status"] = "in_service";
              FENGHUO_TRY(validate(equipment));
              FENGHUO_TRY(insert(c, equipment));
            }
          } else if (r.kind == "depot") {
            for (int s = 0; s < 4; ++s) {
              Resource stock;
              const Kind& k = *find_kind("stock_line");
              fill(stock, k, county, county_name, place, s, g);
              stock.parent_id = r.id;
              std::string item(find_category(k, stock.category)->name);
              stock.name = item;
              stock.attributes["item"] = item;
              stock.attributes["quantity"] = g.between(20, 5000);
              stock.attributes["unit"] = stock.category == "tent" ? "顶" : "件";
              FENGHUO_TRY(validate(stock));
              FENGHUO_TRY(insert(c, stock));
            }
          }
        }
      }
      return {};
    }));
  }
  FENGHUO_TRY(db.transact([&](db::Transaction& tx) -> Status {
    boost::json::object after;
    after["created"] = result.created;
    after["scale"] = options.scale == DemoOptions::Scale::kLarge ? "large" : "small";
    after["seed"] = options.seed;
    return audit.append(
        tx, Principal::system("fenghuo demo-data"),
        {"resource.demo_load", "resource", "*", "", "", boost::json::serialize(after)});
  }));
  FENGHUO_TRY(service.load_index());
  return result;
}

}  // namespace fenghuo::resources

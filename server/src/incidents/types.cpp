#include "incidents/types.h"

#include "incidents/grading.h"

#include <boost/json.hpp>

#include <algorithm>
#include <set>

namespace fenghuo::incidents {

const std::vector<IncidentType>& builtin_types() {
  static const std::vector<IncidentType> types = [] {
    std::vector<IncidentType> t = {
        {"N", "自然灾害", "Natural disasters", "", "natural", "none"},
        {"N01", "地震", "Earthquake", "N", "natural", "earthquake"},
        // Until the type says which, both tables apply (before 2026 they differ, GRADING §1).
        {"N02", "森林草原火灾", "Forest and grassland fire", "N", "natural",
         "forest_fire+grassland_fire"},
        {"N0201", "森林火灾", "Forest fire", "N02", "natural", "forest_fire"},
        {"N0202", "草原火灾", "Grassland fire", "N02", "natural", "grassland_fire"},
        {"N03", "防汛抗旱", "Flood and drought", "N", "natural", "none"},
        {"N0301", "洪涝灾害", "Flood", "N03", "natural", "none"},
        {"N0302", "干旱灾害", "Drought", "N03", "natural", "none"},
        {"N04", "地质灾害", "Geological disaster", "N", "natural", "geological"},
        {"N0401", "滑坡", "Landslide", "N04", "natural", "geological"},
        {"N0402", "崩塌", "Rockfall", "N04", "natural", "geological"},
        {"N0403", "泥石流", "Debris flow", "N04", "natural", "geological"},
        {"N0404", "地面塌陷", "Ground collapse", "N04", "natural", "geological"},
        {"N0405", "地裂缝", "Ground fissure", "N04", "natural", "geological"},
        {"N05", "重大气象灾害", "Severe weather", "N", "natural", "none"},
        {"N06", "农作物有害生物及农业外来有害生物", "Crop pests and invasive species", "N",
         "natural", "none"},
        // 国家突发事件总体应急预案 (2025): the natural disasters it names beyond the plans above.
        {"N07", "海洋灾害", "Marine disaster", "N", "natural", "none"},
        {"N08", "自然灾害救助", "Natural disaster relief", "N", "natural", "none"},
        {"A", "事故灾难", "Accidents", "", "accident", "none"},
        {"A01", "生产安全事故", "Work-safety accident", "A", "accident", "accident"},
        {"A02", "危险化学品事故", "Hazardous chemicals accident", "A", "accident", "accident"},
        {"A03", "煤矿生产安全事故", "Coal mine accident", "A", "accident", "accident"},
        {"A04", "非煤矿山生产安全事故", "Non-coal mine accident", "A", "accident", "accident"},
        {"A05", "尾矿库生产安全事故", "Tailings pond accident", "A", "accident", "accident"},
        {"A06", "冶金工贸事故", "Metallurgy and trade accident", "A", "accident", "accident"},
        {"A07", "火灾事故", "Fire", "A", "accident", "accident"},
        {"A08", "道路交通事故", "Road traffic accident", "A", "accident", "accident"},
        {"A09", "特种设备事故", "Special equipment accident", "A", "accident", "accident"},
        {"A10", "重大城乡建设事故", "Construction accident", "A", "accident", "accident"},
        {"A11", "城市轨道交通运营突发事件", "Urban rail incident", "A", "accident", "accident"},
        {"A12", "水上搜救", "Water search and rescue", "A", "accident", "accident"},
        {"A13", "突发环境事件", "Environmental incident", "A", "accident", "none"},
        {"A14", "辐射事故", "Radiation accident", "A", "accident", "none"},
        {"A15", "大面积停电事件", "Large-scale power outage", "A", "accident", "none"},
        {"A1301", "重污染天气", "Heavy air pollution", "A13", "accident", "none"},
        {"A16", "天然气保供", "Natural gas supply disruption", "A", "accident", "none"},
        {"A17", "通信保障", "Communications outage", "A", "accident", "none"},
        {"H", "公共卫生事件", "Public health events", "", "health", "none"},
        {"H01", "突发公共卫生事件", "Public health emergency", "H", "health", "none"},
        {"H02", "食品安全突发事件", "Food safety incident", "H", "health", "none"},
        {"H03", "药品安全突发事件", "Drug safety incident", "H", "health", "none"},
        {"H04", "疫苗质量安全事件", "Vaccine quality and safety incident", "H", "health", "none"},
        {"H05", "传染病疫情", "Infectious disease outbreak", "H", "health", "none"},
        {"H06", "群体性不明原因疾病", "Cluster of unexplained illness", "H", "health", "none"},
        {"H07", "动物疫情", "Animal epidemic", "H", "health", "none"},
        {"H08", "职业危害", "Occupational hazard", "H", "health", "none"},
        {"S", "社会安全事件", "Social security events", "", "social", "none"},
        {"S01", "恐怖袭击事件", "Terrorist attack", "S", "social", "none"},
        {"S02", "大规模群体性事件", "Mass incident", "S", "social", "none"},
        {"S03", "网络安全事件", "Cyber security incident", "S", "social", "none"},
        {"S04", "重大校园安全事故", "School safety incident", "S", "social", "none"},
        {"S05", "文化和旅游突发事件", "Culture and tourism incident", "S", "social", "none"},
        {"S06", "粮食", "Grain supply emergency", "S", "social", "none"},
        {"S07", "经济安全事件", "Economic security incident", "S", "social", "none"},
        {"S08", "涉外突发事件", "Foreign-related incident", "S", "social", "none"},
    };
    for (std::size_t i = 0; i < t.size(); ++i) t[i].sort = static_cast<int>(i);
    return t;
  }();
  return types;
}

Status sync_types(db::Transaction& tx) {
  for (const auto& t : builtin_types()) {
    auto n = tx->execute(
        "INSERT INTO incident_types (code, name, name_en, parent, category, grading, sort) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (code) DO NOTHING",
        {t.code, t.name, t.name_en, t.parent, t.category, t.grading, std::int64_t{t.sort}});
    if (!n.ok()) return n.error();
  }
  return {};
}

Result<std::vector<IncidentType>> load_types(db::Connection& c) {
  auto rows = c.query(
      "SELECT code, name, name_en, parent, category, grading, sort FROM incident_types "
      "ORDER BY sort, code");
  if (!rows.ok()) return std::move(rows).error();
  std::vector<IncidentType> out;
  for (std::size_t i = 0; i < rows->size(); ++i) {
    out.push_back({rows->text(i, 0), rows->text(i, 1), rows->text(i, 2), rows->text(i, 3),
                   rows->text(i, 4), rows->text(i, 5), static_cast<int>(rows->i64(i, 6))});
  }
  return out;
}

std::vector<std::string> grading_inputs(const std::string& grading) {
  if (grading == "forest_fire" || grading == "grassland_fire" ||
      grading == "forest_fire+grassland_fire") {
    return {"forest_area_ha", "grassland_area_ha"};
  }
  if (grading == "geological") return {"people_to_relocate", "potential_loss_yuan"};
  if (grading == "earthquake") return {"magnitude", "dense_population"};
  return {};
}

int supplement_window_days(const std::string& type_code, const std::vector<IncidentType>& tree,
                           const std::map<std::string, int, std::less<>>& days) {
  std::string code = type_code;
  // At most as many steps as there are types: a cycle in a loaded table cannot hang this.
  for (std::size_t step = 0; step <= tree.size() && !code.empty(); ++step) {
    if (auto it = days.find(code); it != days.end()) return it->second;
    auto node = std::find_if(tree.begin(), tree.end(),
                             [&](const IncidentType& t) { return t.code == code; });
    if (node == tree.end()) break;
    code = node->parent;
  }
  auto fallback = days.find("*");
  return fallback != days.end() ? fallback->second : 30;
}

Result<int> import_types(db::Transaction& tx, std::string_view json) {
  boost::system::error_code ec;
  auto doc = boost::json::parse(json, ec);
  if (ec || !doc.is_object() || !doc.as_object().contains("types") ||
      !doc.at("types").is_array()) {
    return Error::validation("types", "the file must be {\"types\":[...]}");
  }
  FENGHUO_ASSIGN(stored, load_types(tx.connection()));
  std::set<std::string> known;
  for (const auto& t : stored) known.insert(t.code);
  std::vector<IncidentType> rows;
  int sort = static_cast<int>(stored.size());
  for (const auto& item : doc.at("types").as_array()) {
    std::string where = "row " + std::to_string(rows.size() + 1);
    if (!item.is_object()) return Error::validation("types", where + " is not an object");
    const auto& o = item.as_object();
    auto text = [&](const char* key) {
      auto it = o.find(key);
      return it != o.end() && it->value().is_string() ? std::string(it->value().as_string())
                                                      : std::string();
    };
    IncidentType t{text("code"), text("name"), text("name_en"), text("parent"),
                   text("category"), text("grading"), ++sort};
    if (t.grading.empty()) t.grading = "none";
    if (t.code.empty() || t.code.size() > 20 || t.name.empty()) {
      return Error::validation("code", where + ": code (at most 20 characters) and name are required");
    }
    if (t.category != "natural" && t.category != "accident" && t.category != "health" &&
        t.category != "social") {
      return Error::validation("category", where + " (" + t.code +
                                               "): category must be natural, accident, health or social");
    }
    if (!known_scheme(t.grading)) {
      return Error::validation("grading", where + " (" + t.code + "): unknown grading scheme " +
                                              t.grading);
    }
    if (!t.parent.empty() && !known.contains(t.parent)) {
      return Error::validation("parent", where + " (" + t.code + "): parent " + t.parent +
                                             " is neither stored nor earlier in the file");
    }
    known.insert(t.code);
    rows.push_back(std::move(t));
  }
  for (const auto& t : rows) {
    auto n = tx->execute(
        "INSERT INTO incident_types (code, name, name_en, parent, category, grading, sort) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (code) DO UPDATE SET name = $2, "
        "name_en = $3, parent = $4, category = $5, grading = $6",
        {t.code, t.name, t.name_en, t.parent, t.category, t.grading, std::int64_t{t.sort}});
    if (!n.ok()) return std::move(n).error();
  }
  return static_cast<int>(rows.size());
}

}  // namespace fenghuo::incidents

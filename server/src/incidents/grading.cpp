#include "incidents/grading.h"

#include <boost/json.hpp>

#include <cmath>
#include <cstdio>

#include "core/time.h"

namespace fenghuo::incidents {
namespace {

constexpr std::string_view kLevels[] = {"I", "II", "III", "IV"};
constexpr std::string_view kLevelNames[] = {"特别重大", "重大", "较大", "一般"};
// 地质灾害防治条例 art. 4 names the levels of geological disasters by size.
constexpr std::string_view kGeologicalNames[] = {"特大型", "大型", "中型", "小型"};

// Built-in tables: GRADING.md, with its sources. Numbers are lower bounds of I, II, III.
constexpr std::string_view kBuiltin = R"json({"tables": [
 {"id": "accident-2007", "scheme": "accident",
  "name": "生产安全事故报告和调查处理条例 第三条",
  "source": "国务院令第493号 (2007)", "effective_from": "2007-06-01",
  "criteria": [
   {"field": "deaths_and_missing", "label": "死亡(含失踪)", "unit": "人", "bounds": [30, 10, 3]},
   {"field": "seriously_injured", "label": "重伤(含急性工业中毒)", "unit": "人", "bounds": [100, 50, 10]},
   {"field": "direct_loss_yuan", "label": "直接经济损失", "unit": "元", "bounds": [100000000, 50000000, 10000000]}]},
 {"id": "forest-fire-2009", "scheme": "forest_fire",
  "name": "森林防火条例 第四十条", "source": "国务院令第541号 (2008)",
  "effective_from": "2009-01-01", "effective_to": "2026-01-01",
  "criteria": [
   {"field": "forest_area_ha", "label": "受害森林面积", "unit": "公顷", "bounds": [1000, 100, 1]},
   {"field": "deaths", "label": "死亡", "unit": "人", "bounds": [30, 10, 3]},
   {"field": "seriously_injured", "label": "重伤", "unit": "人", "bounds": [100, 50, 10]}]},
 {"id": "forest-grassland-fire-2026", "scheme": "forest_fire",
  "name": "森林草原防灭火条例 第四十五条",
  "source": "国务院令第822号 (2025); 仅有二手来源, 待核对 gov.cn 原文",
  "effective_from": "2026-01-01",
  "criteria": [
   {"field": "forest_area_ha", "label": "受害森林面积", "unit": "公顷", "bounds": [1000, 100, 10]},
   {"field": "grassland_area_ha", "label": "受害草原面积", "unit": "公顷", "bounds": [8000, 5000, 1000]},
   {"field": "deaths", "label": "死亡", "unit": "人", "bounds": [30, 10, 3]},
   {"field": "seriously_injured", "label": "重伤", "unit": "人", "bounds": [100, 50, 10]}]},
 {"id": "grassland-fire-2010", "scheme": "grassland_fire",
  "name": "草原火灾级别划分规定 (草原防火条例 第十六条)",
  "source": "农业部 农牧发〔2010〕7号 (2010-04-20)",
  "effective_from": "2010-04-20", "effective_to": "2026-01-01",
  "criteria": [
   {"field": "grassland_area_ha", "label": "受害草原面积", "unit": "公顷", "bounds": [8000, 5000, 1000]},
   {"field": "deaths", "label": "死亡", "unit": "人", "bounds": [10, 3, 1]},
   {"field": "deaths_and_seriously_injured", "label": "死亡和重伤合计", "unit": "人", "bounds": [20, 10, null]},
   {"field": "seriously_injured", "label": "重伤", "unit": "人", "bounds": [null, null, 3]},
   {"field": "direct_loss_yuan", "label": "直接经济损失", "unit": "元", "bounds": [5000000, 3000000, 500000]}]},
 {"id": "grassland-fire-2026", "scheme": "grassland_fire",
  "name": "森林草原防灭火条例 第四十五条",
  "source": "国务院令第822号 (2025); 仅有二手来源, 待核对 gov.cn 原文",
  "effective_from": "2026-01-01",
  "criteria": [
   {"field": "grassland_area_ha", "label": "受害草原面积", "unit": "公顷", "bounds": [8000, 5000, 1000]},
   {"field": "forest_area_ha", "label": "受害森林面积", "unit": "公顷", "bounds": [1000, 100, 10]},
   {"field": "deaths", "label": "死亡", "unit": "人", "bounds": [30, 10, 3]},
   {"field": "seriously_injured", "label": "重伤", "unit": "人", "bounds": [100, 50, 10]}]},
 {"id": "geological-2003", "scheme": "geological",
  "name": "地质灾害防治条例 第四条 (灾情); 国家突发地质灾害应急预案 (险情)",
  "source": "国务院令第394号 (2003); 国家突发地质灾害应急预案 (2006)",
  "effective_from": "2004-03-01",
  "criteria": [
   {"field": "deaths", "label": "死亡", "unit": "人", "bounds": [30, 10, 3]},
   {"field": "direct_loss_yuan", "label": "直接经济损失", "unit": "元", "bounds": [10000000, 5000000, 1000000]},
   {"field": "people_to_relocate", "label": "受威胁需搬迁转移人数", "unit": "人", "bounds": [1000, 500, 100]},
   {"field": "potential_loss_yuan", "label": "潜在经济损失", "unit": "元", "bounds": [100000000, 50000000, 5000000]}]},
 {"id": "earthquake-2012", "scheme": "earthquake",
  "name": "国家地震应急预案 3.1 (2012); 2025 年预案 1.4 未取得, 暂沿用",
  "source": "国办函〔2012〕149号", "effective_from": "2012-08-28",
  "criteria": [
   {"field": "deaths_and_missing", "label": "死亡(含失踪)", "unit": "人", "bounds": [300, 50, 10]},
   {"field": "magnitude_sparse", "label": "震级(人口较密集地区初判)", "unit": "级", "bounds": [7.0, 6.0, 5.0]},
   {"field": "magnitude_dense", "label": "震级(人口密集地区初判)", "unit": "级", "bounds": [6.0, 5.0, 4.0]}]}
]})json";

std::optional<double> value_of(std::string_view field, const GradingInputs& in) {
  if (field == "deaths") return static_cast<double>(in.deaths);
  if (field == "deaths_and_missing") return static_cast<double>(in.deaths + in.missing);
  if (field == "seriously_injured") return static_cast<double>(in.seriously_injured);
  if (field == "deaths_and_seriously_injured") {
    return static_cast<double>(in.deaths + in.seriously_injured);
  }
  if (field == "direct_loss_yuan") return in.direct_loss_yuan;
  if (field == "forest_area_ha") return in.forest_area_ha;
  if (field == "grassland_area_ha") return in.grassland_area_ha;
  if (field == "magnitude_dense") return in.dense_population ? in.magnitude : std::nullopt;
  if (field == "magnitude_sparse") return in.dense_population ? std::nullopt : in.magnitude;
  if (field == "people_to_relocate") {
    return in.people_to_relocate ? std::optional<double>(static_cast<double>(*in.people_to_relocate))
                                 : std::nullopt;
  }
  if (field == "potential_loss_yuan") return in.potential_loss_yuan;
  return std::nullopt;
}

bool known_field(std::string_view field) {
  for (auto f : {"deaths", "deaths_and_missing", "seriously_injured",
                 "deaths_and_seriously_injured", "direct_loss_yuan",
                 "forest_area_ha", "grassland_area_ha", "magnitude_dense", "magnitude_sparse",
                 "people_to_relocate", "potential_loss_yuan"}) {
    if (field == f) return true;
  }
  return false;
}

// 12000000 元 -> "1200万元"; 3 人 -> "3人"; 5.5 级 -> "5.5级".
std::string amount(double v, const std::string& unit) {
  char buf[64];
  if (unit == "元" && v >= 10000) {
    std::snprintf(buf, sizeof buf, "%g万元", v / 10000);
  } else {
    std::snprintf(buf, sizeof buf, "%g%s", v, unit.c_str());
  }
  return buf;
}

Result<std::int64_t> date_of(const boost::json::object& o, std::string_view key,
                             std::int64_t fallback, const std::string& table) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return fallback;
  if (!it->value().is_string()) {
    return Error::validation(std::string(key), "table " + table + ": " + std::string(key) +
                                                   " must be a date YYYY-MM-DD");
  }
  // Dates are in China's time zone: a rule in force from 2026-01-01 starts at 00:00 +08:00.
  auto ms = parse_rfc3339(std::string(it->value().as_string()) + "T00:00:00+08:00");
  if (!ms) {
    return Error::validation(std::string(key), "table " + table + ": " + std::string(key) +
                                                   " must be a date YYYY-MM-DD");
  }
  return *ms;
}

}  // namespace

int level_rank(std::string_view level) {
  for (int i = 0; i < 4; ++i) {
    if (kLevels[i] == level) return i + 1;
  }
  return 0;
}
std::string_view level_code(int rank) { return rank >= 1 && rank <= 4 ? kLevels[rank - 1] : ""; }
std::string_view level_name(std::string_view level, std::string_view scheme) {
  int r = level_rank(level);
  if (r == 0) return "";
  return level_family(scheme) == "geological" ? kGeologicalNames[r - 1] : kLevelNames[r - 1];
}
std::string_view level_family(std::string_view scheme) {
  return scheme == "geological" ? "geological" : "general";
}
bool is_level(std::string_view level) { return level_rank(level) != 0; }

Result<Grading> Grading::load(std::string_view extra_json) {
  Grading g;
  FENGHUO_TRY(g.add(kBuiltin));
  if (!extra_json.empty()) FENGHUO_TRY(g.add(extra_json));
  return g;
}

Status Grading::add(std::string_view json) {
  boost::system::error_code ec;
  auto doc = boost::json::parse(json, ec);
  if (ec || !doc.is_object() || !doc.as_object().contains("tables") ||
      !doc.at("tables").is_array()) {
    return Error::validation("tables", "grading tables must be {\"tables\":[...]}");
  }
  std::vector<GradingTable> parsed;
  for (const auto& item : doc.at("tables").as_array()) {
    if (!item.is_object()) return Error::validation("tables", "each table must be an object");
    const auto& o = item.as_object();
    GradingTable t;
    auto text = [&](std::string_view key) -> std::string {
      auto it = o.find(key);
      return it != o.end() && it->value().is_string() ? std::string(it->value().as_string())
                                                      : std::string();
    };
    t.id = text("id");
    t.scheme = text("scheme");
    t.name = text("name");
    t.source = text("source");
    if (t.id.empty() || t.scheme.empty()) {
      return Error::validation("tables", "a grading table needs an id and a scheme");
    }
    FENGHUO_ASSIGN(from, date_of(o, "effective_from", 0, t.id));
    FENGHUO_ASSIGN(to, date_of(o, "effective_to", INT64_MAX, t.id));
    t.effective_from = from;
    t.effective_to = to;
    auto criteria = o.find("criteria");
    if (criteria == o.end() || !criteria->value().is_array() ||
        criteria->value().as_array().empty()) {
      return Error::validation("criteria", "table " + t.id + " needs criteria");
    }
    for (const auto& c : criteria->value().as_array()) {
      if (!c.is_object()) return Error::validation("criteria", "table " + t.id + ": bad criterion");
      const auto& co = c.as_object();
      Criterion k;
      auto ctext = [&](std::string_view key) -> std::string {
        auto it = co.find(key);
        return it != co.end() && it->value().is_string() ? std::string(it->value().as_string())
                                                         : std::string();
      };
      k.field = ctext("field");
      k.label = ctext("label");
      k.unit = ctext("unit");
      if (!known_field(k.field)) {
        return Error::validation("criteria", "table " + t.id + ": unknown field " + k.field);
      }
      auto bounds = co.find("bounds");
      if (bounds == co.end() || !bounds->value().is_array() ||
          bounds->value().as_array().size() != 3) {
        return Error::validation("criteria", "table " + t.id + ": " + k.field +
                                                 " needs bounds [I, II, III] (null for none)");
      }
      for (int i = 0; i < 3; ++i) {
        const auto& b = bounds->value().as_array()[i];
        if (b.is_number()) k.bounds[i] = b.to_number<double>();
        else if (!b.is_null()) {
          return Error::validation("criteria", "table " + t.id + ": bounds must be numbers");
        }
      }
      t.criteria.push_back(std::move(k));
    }
    parsed.push_back(std::move(t));
  }
  for (auto& t : parsed) tables_.push_back(std::move(t));
  return {};
}

const GradingTable* Grading::in_force(std::string_view scheme, std::int64_t at_ms) const {
  for (auto it = tables_.rbegin(); it != tables_.rend(); ++it) {
    if (it->scheme == scheme && it->effective_from <= at_ms && at_ms < it->effective_to) {
      return &*it;
    }
  }
  return nullptr;
}

Grade Grading::grade(std::string_view scheme, const GradingInputs& inputs,
                     std::int64_t at_ms) const {
  // "forest_fire+grassland_fire": graded by each scheme's table, the highest level wins.
  if (auto plus = scheme.find('+'); plus != std::string_view::npos) {
    Grade a = grade(scheme.substr(0, plus), inputs, at_ms);
    Grade b = grade(scheme.substr(plus + 1), inputs, at_ms);
    if (b.table_id.empty()) return a;
    if (a.table_id.empty()) return b;
    return level_rank(b.level) < level_rank(a.level) ? b : a;
  }
  const GradingTable* table = in_force(scheme, at_ms);
  if (table == nullptr) {
    return {"IV", "该类型没有分级标准，初定一般(IV)，由带班领导研判确定", ""};
  }
  int best = 4;
  std::string because;
  std::vector<Reached> reached;
  for (const auto& c : table->criteria) {
    auto v = value_of(c.field, inputs);
    if (!v) continue;
    for (int i = 0; i < 3; ++i) {
      if (!c.bounds[i] || *v < *c.bounds[i]) continue;
      int rank = i + 1;
      std::string part = c.label + " " + amount(*v, c.unit) + " ≥ " + amount(*c.bounds[i], c.unit);
      Reached r{c.field, c.label, c.unit, *v, *c.bounds[i]};
      if (rank < best) {
        best = rank;
        because = part;
        reached = {std::move(r)};
      } else if (rank == best) {
        because += "；" + part;
        reached.push_back(std::move(r));
      }
      break;
    }
  }
  Grade g;
  g.level = std::string(level_code(best));
  g.table_id = table->id;
  g.table_name = table->name;
  g.reached = std::move(reached);
  std::string name(level_name(g.level, scheme));
  if (best == 4) {
    g.reason = "未达到" + std::string(level_name("III", scheme)) + "及以上标准：" + name +
               "(IV)；依据 " + table->name;
  } else {
    g.reason = because + "：" + name + "(" + g.level + ")；依据 " + table->name;
  }
  return g;
}

boost::json::object to_json(const Grade& g) {
  boost::json::array reached;
  for (const auto& r : g.reached) {
    reached.push_back({{"field", r.field},
                       {"label", r.label},
                       {"unit", r.unit},
                       {"value", r.value},
                       {"bound", r.bound}});
  }
  return {{"level", g.level},
          {"table_id", g.table_id},
          {"table_name", g.table_name},
          {"reached", std::move(reached)}};
}

bool known_scheme(std::string_view scheme) {
  auto one = [](std::string_view s) {
    return s == "accident" || s == "forest_fire" || s == "grassland_fire" || s == "geological" ||
           s == "earthquake";
  };
  if (scheme == "none") return true;
  auto plus = scheme.find('+');
  if (plus == std::string_view::npos) return one(scheme);
  return one(scheme.substr(0, plus)) && one(scheme.substr(plus + 1));
}

}  // namespace fenghuo::incidents

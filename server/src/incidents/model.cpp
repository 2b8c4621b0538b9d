#include "incidents/model.h"

#include <algorithm>
#include <boost/json.hpp>

#include "core/json_input.h"
#include "core/time.h"

namespace fenghuo::incidents {
namespace {

namespace in = json_input;

constexpr std::int64_t kMaxPeople = 10'000'000;
constexpr double kMaxYuan = 1e13;

boost::json::value opt(const std::optional<double>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}
boost::json::value opt(const std::optional<std::int64_t>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}
boost::json::value opt_time(const std::optional<std::int64_t>& v) {
  return v ? boost::json::value(format_rfc3339(*v)) : boost::json::value(nullptr);
}

Status set_text(std::string& target, const boost::json::object& o, std::string_view key,
                std::size_t max) {
  FENGHUO_ASSIGN(v, in::text(o, key, max));
  if (v) target = std::move(*v);
  return {};
}
Status set_count(std::int64_t& target, const boost::json::object& o, std::string_view key) {
  FENGHUO_ASSIGN(v, in::integer(o, key, 0, kMaxPeople));
  if (v) target = *v;
  return {};
}
Status set_money(double& target, const boost::json::object& o, std::string_view key) {
  FENGHUO_ASSIGN(v, in::number(o, key, 0, kMaxYuan));
  if (v) target = *v;
  return {};
}

// An optional grading input: a present null clears it.
template <typename T, typename Read>
Status set_optional(std::optional<T>& target, const boost::json::object& o, std::string_view key,
                    Read read) {
  auto it = o.find(key);
  if (it == o.end()) return {};
  if (it->value().is_null()) {
    target.reset();
    return {};
  }
  auto v = read(o, key);
  if (!v.ok()) return std::move(v).error();
  target = **v;
  return {};
}

}  // namespace

GradingInputs Incident::grading_inputs() const {
  GradingInputs g;
  g.deaths = deaths;
  g.missing = missing;
  g.seriously_injured = seriously_injured;
  g.direct_loss_yuan = direct_loss_yuan;
  g.forest_area_ha = forest_area_ha;
  g.grassland_area_ha = grassland_area_ha;
  g.magnitude = magnitude;
  g.dense_population = dense_population;
  g.people_to_relocate = people_to_relocate;
  g.potential_loss_yuan = potential_loss_yuan;
  return g;
}

Status apply_input(Incident& x, const boost::json::object& o, bool creating,
                   std::optional<std::vector<std::int64_t>>* attachment_ids) {
  FENGHUO_TRY(in::only(o, {"title",
                           "type",
                           "occurred_at",
                           "lon",
                           "lat",
                           "region",
                           "address",
                           "deaths",
                           "missing",
                           "injured",
                           "seriously_injured",
                           "trapped",
                           "direct_loss_yuan",
                           "forest_area_ha",
                           "grassland_area_ha",
                           "magnitude",
                           "dense_population",
                           "people_to_relocate",
                           "potential_loss_yuan",
                           "fire_conditions",
                           "description",
                           "drill",
                           "reporting_unit",
                           "reporter_name",
                           "reporter_phone",
                           "attachments",
                           "version"}));
  FENGHUO_TRY(set_text(x.title, o, "title", 100));
  FENGHUO_TRY(set_text(x.type, o, "type", 20));
  FENGHUO_ASSIGN(occurred, in::time(o, "occurred_at"));
  if (occurred) x.occurred_at = *occurred;
  FENGHUO_TRY(set_text(x.region, o, "region", 6));
  FENGHUO_TRY(set_text(x.address, o, "address", 200));
  bool has_lon = o.contains("lon"), has_lat = o.contains("lat");
  if (has_lon != has_lat) {
    return Error::validation(has_lon ? "lat" : "lon", "lon and lat are given together");
  }
  if (has_lon) {
    FENGHUO_ASSIGN(lon, in::number(o, "lon", -180, 180));
    FENGHUO_ASSIGN(lat, in::number(o, "lat", -90, 90));
    if (lon.has_value() != lat.has_value()) {
      return Error::validation("lat", "lon and lat are given together");
    }
    x.lon = lon;
    x.lat = lat;
  }
  FENGHUO_TRY(set_count(x.deaths, o, "deaths"));
  FENGHUO_TRY(set_count(x.missing, o, "missing"));
  FENGHUO_TRY(set_count(x.injured, o, "injured"));
  FENGHUO_TRY(set_count(x.seriously_injured, o, "seriously_injured"));
  FENGHUO_TRY(set_count(x.trapped, o, "trapped"));
  FENGHUO_TRY(set_money(x.direct_loss_yuan, o, "direct_loss_yuan"));
  auto area = [](const boost::json::object& b, std::string_view k) {
    return in::number(b, k, 0, 1e8);
  };
  FENGHUO_TRY(set_optional(x.forest_area_ha, o, "forest_area_ha", area));
  FENGHUO_TRY(set_optional(x.grassland_area_ha, o, "grassland_area_ha", area));
  FENGHUO_TRY(set_optional(
      x.magnitude, o, "magnitude",
      [](const boost::json::object& b, std::string_view k) { return in::number(b, k, 0, 10); }));
  FENGHUO_ASSIGN(dense, in::boolean(o, "dense_population"));
  if (dense) x.dense_population = *dense;
  FENGHUO_TRY(set_optional(x.people_to_relocate, o, "people_to_relocate",
                           [](const boost::json::object& b, std::string_view k) {
                             return in::integer(b, k, 0, kMaxPeople);
                           }));
  FENGHUO_TRY(set_optional(x.potential_loss_yuan, o, "potential_loss_yuan",
                           [](const boost::json::object& b, std::string_view k) {
                             return in::number(b, k, 0, kMaxYuan);
                           }));
  if (auto it = o.find("fire_conditions"); it != o.end()) {
    if (!it->value().is_array() && !it->value().is_null()) {
      return Error::validation("fire_conditions", "fire_conditions must be a list");
    }
    std::vector<std::string> conditions;
    if (it->value().is_array()) {
      for (const auto& v : it->value().as_array()) {
        if (!v.is_string() || fire_condition_name(v.as_string()).empty()) {
          return Error::validation("fire_conditions",
                                   "fire_conditions may hold border, settlements, burning_24h, "
                                   "primeval_forest, provincial_boundary, national_support");
        }
        std::string code(v.as_string());
        if (std::find(conditions.begin(), conditions.end(), code) == conditions.end()) {
          conditions.push_back(std::move(code));
        }
      }
    }
    x.fire_conditions = std::move(conditions);
  }
  FENGHUO_TRY(set_text(x.description, o, "description", 5000));
  FENGHUO_ASSIGN(drill, in::boolean(o, "drill"));
  if (drill) x.drill = *drill;
  FENGHUO_TRY(set_text(x.reporting_unit, o, "reporting_unit", 100));
  FENGHUO_TRY(set_text(x.reporter_name, o, "reporter_name", 50));
  FENGHUO_TRY(set_text(x.reporter_phone, o, "reporter_phone", 30));
  if (o.contains("attachments")) {
    FENGHUO_ASSIGN(list, in::ids(o, "attachments"));
    if (list.size() > 20) return Error::validation("attachments", "at most 20 attachments");
    *attachment_ids = std::move(list);
  }

  if (x.title.empty()) return Error::validation("title", "title is required");
  if (x.type.empty()) return Error::validation("type", "type is required");
  if (x.region.empty()) return Error::validation("region", "region is required");
  if (creating && x.occurred_at == 0) {
    return Error::validation("occurred_at", "occurred_at is required");
  }
  for (char c : x.reporter_phone) {
    if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == ' ')) {
      return Error::validation("reporter_phone", "reporter_phone must be a phone number");
    }
  }
  return {};
}

boost::json::object to_json(const Incident& x, std::int64_t now_ms) {
  boost::json::object o;
  o["id"] = std::to_string(x.id);
  o["title"] = x.title;
  o["type"] = x.type;
  o["type_name"] = x.type_name;
  o["category"] = x.category;
  o["occurred_at"] = format_rfc3339(x.occurred_at);
  o["received_at"] = format_rfc3339(x.received_at);
  o["lon"] = opt(x.lon);
  o["lat"] = opt(x.lat);
  o["region"] = x.region;
  o["region_name"] = x.region_name;
  o["address"] = x.address;
  o["deaths"] = x.deaths;
  o["missing"] = x.missing;
  o["injured"] = x.injured;
  o["seriously_injured"] = x.seriously_injured;
  o["trapped"] = x.trapped;
  o["direct_loss_yuan"] = x.direct_loss_yuan;
  o["forest_area_ha"] = opt(x.forest_area_ha);
  o["grassland_area_ha"] = opt(x.grassland_area_ha);
  o["magnitude"] = opt(x.magnitude);
  o["dense_population"] = x.dense_population;
  o["people_to_relocate"] = opt(x.people_to_relocate);
  o["potential_loss_yuan"] = opt(x.potential_loss_yuan);
  boost::json::array conditions;
  for (const auto& f : x.fire_conditions) conditions.emplace_back(f);
  o["fire_conditions"] = std::move(conditions);
  boost::json::array at_once;
  for (const auto& reason : at_once_reasons(x)) at_once.emplace_back(reason);
  o["report_at_once"] = std::move(at_once);
  o["description"] = x.description;
  o["drill"] = x.drill;
  o["reporting_unit"] = x.reporting_unit;
  o["reporter_name"] = x.reporter_name;
  o["reporter_phone"] = x.reporter_phone;
  boost::json::array files;
  for (const auto& a : x.attachments) {
    files.push_back(
        {{"id", std::to_string(a.id)}, {"name", a.name}, {"type", a.type}, {"size", a.size}});
  }
  o["attachments"] = std::move(files);
  o["level"] = x.level;
  o["level_name"] = level_name(x.level, x.grading);
  o["level_family"] = level_family(x.grading);
  o["level_reason"] = x.level_reason;
  o["level_source"] = x.level_source;
  o["status"] = x.status;
  o["merged_into"] = x.merged_into ? boost::json::value(std::to_string(*x.merged_into))
                                   : boost::json::value(nullptr);
  o["source_alarm_id"] = x.source_alarm_id
                             ? boost::json::value(std::to_string(*x.source_alarm_id))
                             : boost::json::value(nullptr);
  o["org_id"] = std::to_string(x.org_id);
  o["org_name"] = x.org_name;
  o["created_by"] = x.created_by;
  o["created_at"] = format_rfc3339(x.created_at);
  o["updated_at"] = format_rfc3339(x.updated_at);
  o["version"] = x.version;
  o["next_due_at"] = opt_time(x.next_due_at);
  o["overdue"] = x.next_due_at.has_value() && *x.next_due_at < now_ms;
  return o;
}

boost::json::object to_json(const ReportContent& c) {
  return {{"unit", c.unit},
          {"occurred_at", c.occurred_at},
          {"place", c.place},
          {"summary", c.summary},
          {"deaths", c.deaths},
          {"missing", c.missing},
          {"injured", c.injured},
          {"seriously_injured", c.seriously_injured},
          {"trapped", c.trapped},
          {"direct_loss_yuan", c.direct_loss_yuan},
          {"measures", c.measures},
          {"other", c.other},
          {"reporter_name", c.reporter_name},
          {"reporter_phone", c.reporter_phone}};
}

ReportContent content_of(const boost::json::object& o) {
  ReportContent c;
  (void)apply_content(c, o);
  return c;
}

Status apply_content(ReportContent& c, const boost::json::object& o) {
  FENGHUO_TRY(in::only(o, {"unit", "occurred_at", "place", "summary", "deaths", "missing",
                           "injured", "seriously_injured", "trapped", "direct_loss_yuan",
                           "measures", "other", "reporter_name", "reporter_phone"}));
  FENGHUO_TRY(set_text(c.unit, o, "unit", 100));
  FENGHUO_TRY(set_text(c.occurred_at, o, "occurred_at", 40));
  FENGHUO_TRY(set_text(c.place, o, "place", 200));
  FENGHUO_TRY(set_text(c.summary, o, "summary", 10000));
  FENGHUO_TRY(set_count(c.deaths, o, "deaths"));
  FENGHUO_TRY(set_count(c.missing, o, "missing"));
  FENGHUO_TRY(set_count(c.injured, o, "injured"));
  FENGHUO_TRY(set_count(c.seriously_injured, o, "seriously_injured"));
  FENGHUO_TRY(set_count(c.trapped, o, "trapped"));
  FENGHUO_TRY(set_money(c.direct_loss_yuan, o, "direct_loss_yuan"));
  FENGHUO_TRY(set_text(c.measures, o, "measures", 10000));
  FENGHUO_TRY(set_text(c.other, o, "other", 5000));
  FENGHUO_TRY(set_text(c.reporter_name, o, "reporter_name", 50));
  FENGHUO_TRY(set_text(c.reporter_phone, o, "reporter_phone", 30));
  return {};
}

const std::vector<std::string>& content_text_fields() {
  static const std::vector<std::string> fields = {"unit",          "occurred_at",   "place",
                                                  "summary",       "measures",      "other",
                                                  "reporter_name", "reporter_phone"};
  return fields;
}

std::string content_text(const ReportContent& c, std::string_view field) {
  if (field == "unit") return c.unit;
  if (field == "occurred_at") return c.occurred_at;
  if (field == "place") return c.place;
  if (field == "summary") return c.summary;
  if (field == "measures") return c.measures;
  if (field == "other") return c.other;
  if (field == "reporter_name") return c.reporter_name;
  if (field == "reporter_phone") return c.reporter_phone;
  return "";
}

bool Report::overdue(std::int64_t now_ms) const {
  if (!due_at) return false;
  return sent_at ? *sent_at > *due_at : now_ms > *due_at;
}

boost::json::object to_json(const Report& r, std::int64_t now_ms) {
  boost::json::object o;
  o["id"] = std::to_string(r.id);
  o["incident_id"] = std::to_string(r.incident_id);
  o["incident_title"] = r.incident_title;
  o["incident_level"] = r.level;
  o["incident_level_name"] = level_name(r.level, r.grading);
  o["incident_level_family"] = level_family(r.grading);
  o["drill"] = r.drill;
  o["kind"] = r.kind;
  o["kind_name"] = report_kind_name(r.kind);
  o["seq"] = r.seq;
  o["org_id"] = std::to_string(r.org_id);
  o["org_name"] = r.org_name;
  o["status"] = r.status;
  o["content"] = to_json(r.content);
  o["due_at"] = opt_time(r.due_at);
  o["overdue"] = r.overdue(now_ms);
  o["sent_at"] = opt_time(r.sent_at);
  boost::json::array comments;
  for (const auto& c : r.comments) {
    comments.push_back(
        {{"at", format_rfc3339(c.at)}, {"by", c.by}, {"action", c.action}, {"text", c.text}});
  }
  o["comments"] = std::move(comments);
  boost::json::array deliveries;
  for (const auto& d : r.deliveries) {
    deliveries.push_back(
        {{"org_id", std::to_string(d.org_id)},
         {"org_name", d.org_name},
         {"from_org_id", std::to_string(d.from_org_id)},
         {"kind", d.kind},
         {"sent_at", format_rfc3339(d.sent_at)},
         {"sent_by", d.sent_by},
         {"signed_at", opt_time(d.signed_at)},
         {"signed_by", d.signed_at ? boost::json::value(d.signed_by) : boost::json::value(nullptr)},
         {"relay_due_at", opt_time(d.relay_due_at)},
         {"relayed_at", opt_time(d.relayed_at)},
         {"skip_level", d.skip_level}});
  }
  o["deliveries"] = std::move(deliveries);
  boost::json::array corrections;
  for (const auto& c : r.corrections) {
    corrections.push_back({{"at", format_rfc3339(c.at)},
                           {"by", c.by},
                           {"field", c.field},
                           {"old", c.old_value},
                           {"new", c.new_value}});
  }
  o["corrections"] = std::move(corrections);
  o["submitted_at"] = opt_time(r.submitted_at);
  o["created_by"] = r.created_by;
  o["created_at"] = format_rfc3339(r.created_at);
  o["updated_at"] = format_rfc3339(r.updated_at);
  o["version"] = r.version;
  return o;
}

std::string_view fire_condition_name(std::string_view code) {
  if (code == "border") return "发生在国界附近";
  if (code == "settlements") return "威胁居民区或者重要设施";
  if (code == "burning_24h") return "24小时尚未扑灭明火";
  if (code == "primeval_forest") return "发生在未开发原始林区";
  if (code == "provincial_boundary") return "省际交界地区危险性大";
  if (code == "national_support") return "需要国家支援扑救";
  return "";
}

std::vector<std::string> at_once_reasons(const Incident& x) {
  std::vector<std::string> out;
  if (x.grading.find("forest_fire") == std::string::npos &&
      x.grading.find("grassland_fire") == std::string::npos) {
    return out;
  }
  int rank = level_rank(x.level);
  if (rank == 1 || rank == 2) out.emplace_back(std::string(level_name(x.level)) + "火灾");
  if (x.deaths >= 3) out.emplace_back("死亡3人以上");
  if (x.seriously_injured >= 10) out.emplace_back("重伤10人以上");
  for (const auto& f : x.fire_conditions) out.emplace_back(fire_condition_name(f));
  return out;
}

int reporting_rank(const Incident& x) {
  if (!at_once_reasons(x).empty()) return 1;
  int rank = level_rank(x.level);
  return rank == 0 ? 4 : rank;
}

bool is_report_kind(std::string_view kind) {
  return kind == "first" || kind == "update" || kind == "final" || kind == "supplement" ||
         kind == "phone";
}

std::string_view report_kind_name(std::string_view kind) {
  if (kind == "first") return "首报";
  if (kind == "update") return "续报";
  if (kind == "final") return "终报";
  if (kind == "supplement") return "补报";
  if (kind == "phone") return "电话报告";
  return "";
}

std::string_view status_name(std::string_view status) {
  if (status == "received") return "接报";
  if (status == "responding") return "处置中";
  if (status == "closed") return "已结束";
  if (status == "merged") return "已合并";
  return "";
}

}  // namespace fenghuo::incidents

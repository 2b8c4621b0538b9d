#include "resources/schema.h"

#include <array>

#include <boost/json.hpp>

namespace fenghuo::resources {
namespace {

using F = FieldType;

constexpr std::array kStatus = {Option{"in_service", "在用", "In service"},
                                Option{"maintenance", "维修", "Under maintenance"},
                                Option{"retired", "停用", "Retired"}};

// ---- teams and their members and equipment ------------------------------------------------
constexpr std::array kTeamCategories = {
    Option{"national_fire", "国家综合性消防救援队伍", "National fire and rescue"},
    Option{"national_professional", "国家级专业救援队伍", "National professional team"},
    Option{"provincial_regional", "省级区域应急救援队伍", "Provincial regional team"},
    Option{"city_regional", "市级区域应急救援队伍", "City regional team"},
    Option{"social", "社会应急救援队伍", "Volunteer team"},
    Option{"professional", "专业应急救援队伍", "Professional team"}};
constexpr std::array kTeamFields = {
    Field{"size", F::kInteger, "队伍人数", "Members", true, false, "人", {}, 1, 100000},
    Field{"leader", F::kText, "队长", "Leader", false, true},
    Field{"leader_phone", F::kPhone, "队长电话", "Leader's phone", false, true},
    Field{"duty_phone", F::kPhone, "值班电话", "Duty phone", false, true},
    Field{"vehicles", F::kInteger, "车辆数", "Vehicles", false, true, "辆", {}, 0, 100000},
    Field{"specialties", F::kText, "救援专长", "Specialties", false, true}};

constexpr std::array kMemberCategories = {Option{"commander", "指挥员", "Commander"},
                                          Option{"member", "队员", "Member"},
                                          Option{"medic", "医护", "Medic"},
                                          Option{"driver", "驾驶员", "Driver"}};
constexpr std::array kMemberFields = {
    Field{"phone", F::kPhone, "手机号", "Mobile", true},
    Field{"position", F::kText, "职务", "Position", false, true},
    Field{"skills", F::kText, "技能", "Skills", false, true}};

constexpr std::array kEquipmentCategories = {
    Option{"lighting", "照明设备", "Lighting"},
    Option{"earthquake", "地震救援装备", "Earthquake rescue"},
    Option{"detection", "侦检评估装备", "Detection and assessment"},
    Option{"hazmat", "危化品救援装备", "Hazardous chemicals"},
    Option{"water", "水域救援装备", "Water rescue"},
    Option{"communication", "通讯装备", "Communication"},
    Option{"protection", "个人防护装备", "Personal protection"},
    Option{"special", "其它特种装备", "Other special"},
    Option{"mountain", "山地救援装备", "Mountain rescue"},
    Option{"firefighting", "消防救灾装备", "Firefighting"},
    Option{"logistics", "后勤防疫装备", "Logistics and epidemic"},
    Option{"power", "电力设备", "Power"},
    Option{"medical", "医疗急救装备", "Medical"},
    Option{"vehicle", "救援车辆", "Rescue vehicles"}};
constexpr std::array kEquipmentFields = {
    Field{"quantity", F::kInteger, "数量", "Quantity", true, false, "", {}, 0, 1e9},
    Field{"unit", F::kText, "计量单位", "Unit", false, true},
    Field{"model", F::kText, "规格型号", "Model", false, true},
    Field{"status", F::kEnum, "状态", "Status", false, true, "", kStatus}};

// ---- depots and stock ----------------------------------------------------------------------
constexpr std::array kDepotCategories = {
    Option{"central", "中央储备库", "Central"}, Option{"provincial", "省级储备库", "Provincial"},
    Option{"city", "市级储备库", "City"},       Option{"county", "县级储备库", "County"},
    Option{"township", "乡镇储备点", "Township"}, Option{"social", "社会储备点", "Private"}};
constexpr std::array kDepotFields = {
    Field{"area_m2", F::kNumber, "库房面积", "Floor area", false, true, "m²", {}, 0, 1e8},
    Field{"manager", F::kText, "管理员", "Keeper", false, true},
    Field{"manager_phone", F::kPhone, "管理员电话", "Keeper's phone", false, true},
    Field{"duty_phone", F::kPhone, "值班电话", "Duty phone", false, true}};

constexpr std::array kStockCategories = {
    Option{"tent", "帐篷", "Tents"},           Option{"bedding", "被褥", "Bedding"},
    Option{"food", "食品", "Food"},            Option{"water", "饮用水", "Drinking water"},
    Option{"medicine", "药品", "Medicine"},    Option{"generator", "发电机", "Generators"},
    Option{"pump", "排水设备", "Pumps"},       Option{"sandbag", "防汛编织袋", "Sandbags"},
    Option{"clothing", "衣物", "Clothing"},    Option{"other", "其他", "Other"}};
constexpr std::array kStockFields = {
    Field{"item", F::kText, "物资名称", "Item", true},
    Field{"quantity", F::kNumber, "数量", "Quantity", true, false, "", {}, 0, 1e12},
    Field{"unit", F::kText, "单位", "Unit", true},
    Field{"expires_on", F::kDate, "有效期至", "Expires on", false, false}};

// ---- people -------------------------------------------------------------------------------
constexpr std::array kExpertCategories = {
    Option{"law", "法律", "Law"},
    Option{"coal", "煤矿", "Coal mining"},
    Option{"coal_washing", "洗(选)煤", "Coal washing"},
    Option{"coalbed_methane", "煤层气", "Coalbed methane"},
    Option{"chemical", "化工和危险化学品", "Chemicals"},
    Option{"non_coal_mine", "非煤矿山和尾矿库", "Non-coal mines and tailings"},
    Option{"metallurgy", "冶金工贸", "Metallurgy and trade"},
    Option{"rescue", "应急救援", "Rescue"},
    Option{"it", "信息化", "Information technology"},
    Option{"other", "其他", "Other"}};
constexpr std::array kExpertFields = {
    Field{"phone", F::kPhone, "手机号", "Mobile", true},
    Field{"employer", F::kText, "工作单位", "Employer", false, true},
    Field{"title", F::kText, "职称", "Title", false, true},
    Field{"specialty", F::kText, "专业特长", "Specialty", false, true}};

constexpr std::array kOfficerCategories = {Option{"village", "村级", "Village"},
                                           Option{"township", "乡镇级", "Township"},
                                           Option{"county", "县级", "County"}};
constexpr std::array kOfficerFields = {
    Field{"phone", F::kPhone, "手机号", "Mobile", true},
    Field{"village", F::kText, "所在村(社区)", "Village", false, true}};

// ---- monitoring ----------------------------------------------------------------------------
constexpr std::array kStationCategories = {
    Option{"water", "水利", "Water"},         Option{"forest", "林草", "Forest and grassland"},
    Option{"weather", "气象", "Weather"},     Option{"earthquake", "地震", "Earthquake"},
    Option{"geology", "地质灾害", "Geological hazards"},
    Option{"hazchem", "危化品", "Hazardous chemicals"}, Option{"mine", "矿山", "Mines"},
    Option{"metallurgy", "冶金工贸", "Metallurgy and trade"},
    Option{"safety", "安全生产", "Safety sensors"}};
constexpr std::array kStationFields = {
    Field{"code", F::kText, "站码", "Station code", true},
    Field{"metrics", F::kText, "监测要素", "Metrics", false, true},
    Field{"status", F::kEnum, "状态", "Status", false, true, "", kStatus},
    // River and reservoir stations: the levels their alarm rules start from.
    Field{"warning_level", F::kNumber, "警戒水位", "Warning level", false, false, "m", {}, -500, 9000},
    Field{"guaranteed_level", F::kNumber, "保证水位", "Guaranteed level", false, false, "m", {}, -500, 9000},
    Field{"record_level", F::kNumber, "历史最高(设计)水位", "Record or design level", false, false, "m", {}, -500, 9000}};

constexpr std::array kCameraCategories = {
    Option{"hazchem", "危化", "Hazardous chemicals"}, Option{"coal", "煤矿", "Coal mines"},
    Option{"non_coal", "非煤", "Non-coal mines"},     Option{"water", "水利", "Water"},
    Option{"forest", "林草", "Forest and grassland"}};
constexpr std::array kCameraFields = {
    Field{"stream_url", F::kUrl, "播放地址(HLS)", "Stream URL (HLS)", false, true},
    Field{"channel", F::kText, "通道号", "Channel", false, false},
    Field{"status", F::kEnum, "状态", "Status", false, true, "", kStatus}};

// ---- places --------------------------------------------------------------------------------
constexpr std::array kShelterCategories = {
    Option{"square", "广场类", "Square"},
    Option{"park", "公园(绿地)类", "Park"},
    Option{"campus", "校园类", "Campus"},
    Option{"stadium", "体育场馆类", "Stadium"},
    Option{"culture_tourism", "文化旅游设施类", "Culture and tourism"},
    Option{"civil_air_defense", "人防设施类", "Civil air defence"},
    Option{"dedicated", "专门类", "Dedicated"},
    Option{"other", "其他类", "Other"}};
constexpr std::array kShelterFields = {
    Field{"capacity", F::kInteger, "容纳人数", "Capacity", true, false, "人", {}, 1, 10000000},
    Field{"area_m2", F::kNumber, "有效面积", "Usable area", true, false, "m²", {}, 1, 1e9},
    Field{"manager_phone", F::kPhone, "管理人电话", "Manager's phone", false, true}};

constexpr std::array kTargetCategories = {
    Option{"hospital", "医院", "Hospital"},          Option{"school", "学校", "School"},
    Option{"hotel", "宾馆饭店", "Hotel"},             Option{"mall", "商场超市", "Shopping centre"},
    Option{"railway_station", "火车站", "Railway station"}, Option{"airport", "机场", "Airport"},
    Option{"port", "码头", "Port"},                   Option{"treasury", "国库", "Treasury"},
    Option{"bank", "银行", "Bank"},                   Option{"prison", "监狱", "Prison"},
    Option{"helipad", "直升机起降点", "Helipad"}};
constexpr std::array kTargetFields = {
    Field{"beds", F::kInteger, "床位数", "Beds", false, false, "张", {}, 0, 100000},
    Field{"people", F::kInteger, "常驻人数", "People present", false, true, "人", {}, 0, 1e7}};

constexpr std::array kHazardCategories = {
    Option{"landslide", "滑坡", "Landslide"},        Option{"collapse", "崩塌", "Rockfall"},
    Option{"debris_flow", "泥石流", "Debris flow"},  Option{"subsidence", "地面塌陷", "Subsidence"},
    Option{"ground_fissure", "地裂缝", "Ground fissure"}};
constexpr std::array kScale = {Option{"small", "小型", "Small"}, Option{"medium", "中型", "Medium"},
                               Option{"large", "大型", "Large"}, Option{"huge", "特大型", "Huge"}};
constexpr std::array kHazardFields = {
    Field{"threatened_people", F::kInteger, "威胁人数", "People threatened", true, false, "人", {}, 0, 1e7},
    Field{"threatened_property_wan", F::kNumber, "威胁财产", "Property threatened", false, true, "万元", {}, 0, 1e9},
    Field{"scale", F::kEnum, "规模", "Scale", false, true, "", kScale},
    Field{"monitor", F::kText, "监测人", "Monitor", false, true},
    Field{"monitor_phone", F::kPhone, "监测人电话", "Monitor's phone", false, true}};

constexpr std::array kEnterpriseCategories = {
    Option{"hazchem", "危化企业", "Hazardous chemicals"}, Option{"coal", "煤矿企业", "Coal mine"},
    Option{"non_coal", "非煤矿山企业", "Non-coal mine"},
    Option{"tailings", "尾矿库企业", "Tailings pond"},
    Option{"metallurgy", "冶金工贸企业", "Metallurgy and trade"}};
constexpr std::array kEnterpriseFields = {
    Field{"license_no", F::kText, "许可证编号", "Licence number", false, true},
    Field{"legal_person", F::kText, "法定代表人", "Legal representative", false, true},
    Field{"employees", F::kInteger, "从业人数", "Employees", false, true, "人", {}, 0, 1e6}};

constexpr std::array kGasCategories = {Option{"fuel", "加油站", "Fuel"},
                                       Option{"gas", "加气站", "Gas"},
                                       Option{"combined", "加油加气站", "Fuel and gas"}};
constexpr std::array kGasFields = {
    Field{"tank_m3", F::kNumber, "储罐容积", "Tank volume", false, true, "m³", {}, 0, 1e6}};

constexpr std::array kWaterCategories = {Option{"reservoir", "水库", "Reservoir"},
                                         Option{"dam", "水坝", "Dam"},
                                         Option{"sluice", "水闸", "Sluice"},
                                         Option{"dike", "堤防", "Dike"}};
constexpr std::array kWaterFields = {
    Field{"capacity_10k_m3", F::kNumber, "库容", "Capacity", false, true, "万m³", {}, 0, 1e7},
    Field{"scale", F::kEnum, "工程规模", "Scale", false, true, "", kScale}};

constexpr std::array kMajorHazardCategories = {Option{"level1", "一级", "Level 1"},
                                               Option{"level2", "二级", "Level 2"},
                                               Option{"level3", "三级", "Level 3"},
                                               Option{"level4", "四级", "Level 4"}};
constexpr std::array kMajorHazardFields = {
    Field{"substance", F::kText, "危险物质", "Substance", true},
    Field{"quantity_t", F::kNumber, "存量", "Quantity", false, true, "t", {}, 0, 1e9}};

constexpr std::array kKinds = {
    Kind{"team", "应急队伍", "Rescue team", kTeamCategories, kTeamFields, true, "", false, 90},
    Kind{"team_member", "队伍成员", "Team member", kMemberCategories, kMemberFields, false, "team", true, 180},
    Kind{"equipment", "应急装备", "Equipment", kEquipmentCategories, kEquipmentFields, false, "team", true, 90},
    Kind{"depot", "物资库", "Material depot", kDepotCategories, kDepotFields, true, "", false, 90},
    Kind{"stock_line", "库存物资", "Stock line", kStockCategories, kStockFields, false, "depot", true, 90},
    Kind{"expert", "专家", "Expert", kExpertCategories, kExpertFields, true, "", false, 180},
    Kind{"info_officer", "灾情信息员", "Disaster information officer", kOfficerCategories, kOfficerFields, true, "", false, 180},
    Kind{"station", "监测站点", "Monitoring station", kStationCategories, kStationFields, true, "enterprise", false, 90},
    Kind{"camera", "视频监控", "Camera", kCameraCategories, kCameraFields, true, "enterprise", false, 90},
    Kind{"shelter", "避难场所", "Shelter", kShelterCategories, kShelterFields, true, "", false, 180},
    Kind{"protection_target", "防护目标", "Protection target", kTargetCategories, kTargetFields, true, "", false, 180},
    Kind{"hazard_point", "灾害隐患点", "Hazard point", kHazardCategories, kHazardFields, true, "", false, 30},
    Kind{"enterprise", "高危企业", "High-risk enterprise", kEnterpriseCategories, kEnterpriseFields, true, "", false, 90},
    Kind{"gas_station", "加油(气)站", "Fuel station", kGasCategories, kGasFields, true, "", false, 180},
    Kind{"water_facility", "水利设施", "Water facility", kWaterCategories, kWaterFields, true, "", false, 90},
    Kind{"major_hazard", "重大危险源", "Major hazard source", kMajorHazardCategories, kMajorHazardFields, true, "enterprise", false, 90},
};

std::string_view type_name(FieldType t) {
  switch (t) {
    case F::kText: return "text";
    case F::kInteger: return "integer";
    case F::kNumber: return "number";
    case F::kPhone: return "phone";
    case F::kEnum: return "enum";
    case F::kDate: return "date";
    case F::kUrl: return "url";
  }
  return "text";
}

boost::json::array options_json(std::span<const Option> options) {
  boost::json::array out;
  for (const auto& o : options) {
    boost::json::object x;
    x["code"] = o.code;
    x["name"] = o.name;
    x["name_en"] = o.name_en;
    out.push_back(std::move(x));
  }
  return out;
}

}  // namespace

std::span<const Kind> kinds() { return kKinds; }

const Kind* find_kind(std::string_view key) {
  for (const auto& k : kKinds) {
    if (k.key == key) return &k;
  }
  return nullptr;
}

const Option* find_category(const Kind& kind, std::string_view code) {
  for (const auto& c : kind.categories) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

const Field* find_field(const Kind& kind, std::string_view key) {
  for (const auto& f : kind.fields) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

boost::json::object kinds_json() {
  boost::json::array items;
  for (const auto& k : kKinds) {
    boost::json::object o;
    o["key"] = k.key;
    o["name"] = k.name;
    o["name_en"] = k.name_en;
    o["located"] = k.located;
    o["parent_kind"] = k.parent_kind.empty() ? boost::json::value(nullptr) : boost::json::value(k.parent_kind);
    o["parent_required"] = k.parent_required;
    o["verify_interval_days"] = k.verify_interval_days;
    o["categories"] = options_json(k.categories);
    boost::json::array fields;
    for (const auto& f : k.fields) {
      boost::json::object x;
      x["key"] = f.key;
      x["type"] = type_name(f.type);
      x["name"] = f.name;
      x["name_en"] = f.name_en;
      x["required"] = f.required;
      x["recommended"] = f.recommended;
      if (!f.unit.empty()) x["unit"] = f.unit;
      if (f.type == F::kEnum) x["options"] = options_json(f.options);
      if (f.type == F::kInteger || f.type == F::kNumber) {
        x["min"] = f.min;
        x["max"] = f.max;
      }
      fields.push_back(std::move(x));
    }
    o["fields"] = std::move(fields);
    items.push_back(std::move(o));
  }
  boost::json::object out;
  out["items"] = std::move(items);
  return out;
}

}  // namespace fenghuo::resources

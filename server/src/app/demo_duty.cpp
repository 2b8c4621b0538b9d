// The duty-room part of the demo data: what a duty room looks like in the middle of a day.
#include <boost/json.hpp>

#include "alerts/cap.h"
#include "app/demo_data.h"
#include "core/time.h"
#include "identity/roles.h"
#include "identity/store.h"

namespace fenghuo {
namespace {

constexpr std::int64_t kMinute = 60 * 1000;
constexpr std::int64_t kDay = 24 * 60 * kMinute;

// A minimal one-page PDF (the demo fax's document).
constexpr std::string_view kNoticePdf =
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
    "/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    "4 0 obj<</Length 62>>stream\nBT /F1 18 Tf 72 760 Td (Notice on cold wave preparedness) Tj ET\n"
    "endstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    "trailer<</Root 1 0 R>>\n%%EOF\n";

// The principal of a demo user, as the guard would build it.
Result<Principal> demo_user(Services& s, const std::string& phone) {
  Principal p;
  FENGHUO_TRY(s.db->read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(user, identity::store::find_user_by_phone(c, phone));
    if (!user) return Error::internal("demo user " + phone + " is missing: run demo-data");
    p.kind = Principal::Kind::kUser;
    p.id = user->id;
    p.name = user->name;
    p.region = user->region;
    p.org_id = user->org_id;
    p.roles = user->roles;
    p.permissions = identity::permissions_of(user->roles);
    return {};
  }));
  return p;
}

std::string at(std::int64_t ms) { return format_rfc3339(ms); }

Result<boost::json::object> parse(const std::string& text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) return Error::internal("demo data: bad JSON " + text);
  return v.as_object();
}

// The first unsent report of an incident for the caller's organisation.
Result<incidents::Report> draft(Services& s, const Principal& by, std::int64_t incident) {
  FENGHUO_ASSIGN(reports, s.incidents->reports_of(by, incident));
  for (auto& r : reports) {
    if (r.org_id == by.org_id && r.status != "sent") return r;
  }
  return Error::internal("demo data: no draft report");
}

}  // namespace

Result<int> load_demo_duty(Services& s) {
  std::int64_t existing = 0;
  FENGHUO_TRY(s.db->read([&](db::Connection& c) -> Status {
    auto rows = c.query("SELECT COUNT(*) FROM incidents");
    if (!rows.ok()) return std::move(rows).error();
    existing = rows->i64(0, 0);
    return {};
  }));
  if (existing > 0) return 0;

  FENGHUO_ASSIGN(province_leader, demo_user(s, "13800138001"));
  FENGHUO_ASSIGN(province_officer, demo_user(s, "13800138002"));
  FENGHUO_ASSIGN(city_officer, demo_user(s, "13800138004"));
  FENGHUO_ASSIGN(city_leader, demo_user(s, "13800138009"));
  FENGHUO_ASSIGN(county_officer, demo_user(s, "13800138006"));
  FENGHUO_ASSIGN(county_leader, demo_user(s, "13800138010"));
  std::int64_t now = s.clock->now_ms();

  // Rosters: day and night shifts from yesterday to a week ahead.
  struct Room {
    const Principal* leader;
    const Principal* officer;
  };
  for (Room room : {Room{&province_leader, &province_officer}, Room{&city_leader, &city_officer},
                    Room{&county_leader, &county_officer}}) {
    for (int d = -1; d < 7; ++d) {
      std::string date = format_rfc3339(now + d * kDay + 8 * 60 * kMinute).substr(0, 10);
      for (const char* shift : {"day", "night"}) {
        FENGHUO_ASSIGN(body, parse(R"({"org_id":")" + std::to_string(room.leader->org_id) +
                                   R"(","date":")" + date + R"(","shift":")" + shift +
                                   R"(","leader_id":")" + std::to_string(room.leader->id) +
                                   R"(","officer_ids":[")" + std::to_string(room.officer->id) +
                                   R"("]})"));
        FENGHUO_TRY(s.duty->put_shift(*room.leader, body).status());
      }
    }
  }

  // 1. A warehouse fire in Xiaodian two hours ago: its first report went up and was signed.
  FENGHUO_ASSIGN(fire_in, parse(R"({"title":"小店区某物流园仓库火灾","type":"A07","occurred_at":")" +
                                at(now - 120 * kMinute) +
                                R"(","region":"140105","address":"北格镇物流园区3号库","lon":112.59,"lat":37.70,)"
                                R"("injured":2,"direct_loss_yuan":1800000,"reporting_unit":"某物流有限公司",)"
                                R"("reporter_name":"刘经理","reporter_phone":"13934560001",)"
                                R"("description":"仓库内纸箱起火，火势已蔓延至相邻库房，2名员工轻微烧伤送医。"})"));
  FENGHUO_ASSIGN(fire, s.incidents->create(county_officer, fire_in));
  FENGHUO_ASSIGN(first, draft(s, county_officer, fire.id));
  FENGHUO_ASSIGN(measures, parse(R"({"content":{"measures":"区消防救援大队5车25人到场处置，已疏散园区人员120人，伤员送山西白求恩医院。","other":"暂无次生灾害。"},"version":)" +
                                 std::to_string(first.version) + "}"));
  FENGHUO_ASSIGN(edited, s.incidents->update_report(county_officer, first.id, measures));
  FENGHUO_ASSIGN(submitted, s.incidents->submit(county_officer, first.id, edited.version));
  FENGHUO_ASSIGN(approved, s.incidents->approve(county_leader, first.id, submitted.version,
                                                "同意上报，持续关注火情"));
  FENGHUO_TRY(s.incidents->send(county_leader, first.id, approved.version, {}, "up").status());
  FENGHUO_TRY(s.incidents->sign(city_officer, first.id).status());
  FENGHUO_ASSIGN(responding, s.incidents->set_status(county_officer, fire.id, "responding",
                                                     "消防力量处置中", fire.version));
  (void)responding;

  // 2. A gas leak half an hour ago: the first report is still a draft, due within the hour.
  FENGHUO_ASSIGN(gas_in, parse(R"({"title":"小店区某小区燃气管道泄漏","type":"A01","occurred_at":")" +
                               at(now - 30 * kMinute) +
                               R"(","region":"140105","address":"亲贤北街某小区","lon":112.56,"lat":37.78,)"
                               R"("injured":1,"reporting_unit":"某燃气公司","reporter_name":"赵工","reporter_phone":"13934560002",)"
                               R"("description":"小区地下燃气管道破裂，已关阀，疏散居民约200人。"})"));
  FENGHUO_TRY(s.incidents->create(county_officer, gas_in).status());

  // 3. A forest fire in Lüliang taken in by the province 90 minutes ago: its first report is
  // late. (The demo backdates its intake; real intakes are stamped when they arrive.)
  FENGHUO_ASSIGN(forest_in, parse(R"({"title":"吕梁市交城县森林火灾","type":"N02","occurred_at":")" +
                                  at(now - 100 * kMinute) +
                                  R"(","region":"141122","address":"庞泉沟镇某林区","lon":111.4903,"lat":37.8866,)"
                                  R"("forest_area_ha":15,"reporting_unit":"交城县林草局","reporter_name":"孙站长",)"
                                  R"("reporter_phone":"13934560003","description":"山火明火线约1公里，风力3级，向东北方向蔓延。"})"));
  FENGHUO_ASSIGN(forest, s.incidents->create(province_officer, forest_in));
  FENGHUO_TRY(s.db->transact([&](db::Transaction& tx) -> Status {
    auto a = tx->execute("UPDATE incidents SET received_at = $2 WHERE id = $1",
                         {forest.id, now - 90 * kMinute});
    if (!a.ok()) return a.error();
    auto b = tx->execute("UPDATE reports SET due_at = $2 WHERE incident_id = $1",
                         {forest.id, now - 30 * kMinute});
    return b.status();
  }));

  // 4. Last week's roof fall in a Datong coal mine, closed.
  FENGHUO_ASSIGN(mine_in, parse(R"({"title":"大同市某煤矿顶板事故","type":"A03","occurred_at":")" +
                                at(now - 6 * kDay) +
                                R"(","region":"140214","address":"某煤矿8号工作面","lon":113.2006,"lat":40.0012,)"
                                R"("deaths":1,"injured":2,"direct_loss_yuan":1500000,"reporting_unit":"某煤业公司",)"
                                R"("reporter_name":"钱矿长","reporter_phone":"13934560004","description":"工作面顶板局部冒落。"})"));
  FENGHUO_ASSIGN(mine, s.incidents->create(province_officer, mine_in));
  FENGHUO_TRY(s.incidents->set_status(province_officer, mine.id, "closed", "善后完毕", mine.version)
                  .status());

  // A drill, kept out of the statistics.
  FENGHUO_ASSIGN(drill_in, parse(R"({"title":"（演练）太原市地震应急演练","type":"N01","occurred_at":")" +
                                 at(now - 300 * kMinute) +
                                 R"(","region":"140105","magnitude":5.2,"drill":true,)"
                                 R"("description":"全市地震应急综合演练。"})"));
  FENGHUO_TRY(s.incidents->create(county_officer, drill_in).status());

  // The Xiaodian duty log and a fax from the province.
  for (const char* line : {R"({"kind":"call","text":"接某物流公司电话：北格镇物流园仓库起火。"})",
                           R"({"kind":"action","text":"通知区消防救援大队、北格镇政府赶赴现场。"})",
                           R"({"kind":"note","text":"市局李值班来电核实火情，已答复。"})"}) {
    FENGHUO_ASSIGN(entry, parse(line));
    FENGHUO_TRY(s.duty->add_log(county_officer, entry).status());
  }
  FENGHUO_ASSIGN(file, s.files->store(province_officer, "关于做好寒潮天气防范工作的通知.pdf",
                                      kNoticePdf));
  FENGHUO_ASSIGN(fax_in, parse(R"({"title":"关于做好寒潮天气防范工作的通知","urgency":"urgent","file_id":")" +
                               std::to_string(file.id) + R"(","to":[")" +
                               std::to_string(city_officer.org_id) + R"(",")" +
                               std::to_string(county_officer.org_id) + R"("]})"));
  FENGHUO_TRY(s.faxes->send(province_officer, fax_in).status());
  return 5;
}

Result<int> load_demo_alerts(Services& s) {
  std::int64_t existing = 0;
  FENGHUO_TRY(s.db->read([&](db::Connection& c) -> Status {
    auto rows = c.query("SELECT COUNT(*) FROM alerts");
    if (!rows.ok()) return std::move(rows).error();
    existing = rows->i64(0, 0);
    return {};
  }));
  if (existing > 0) return 0;
  FENGHUO_ASSIGN(province_officer, demo_user(s, "13800138002"));
  std::int64_t now = s.clock->now_ms();
  FENGHUO_ASSIGN(cold, parse(R"({"event":"寒潮","level":"blue","headline":"山西省气象台发布寒潮蓝色预警",)"
                             R"("description":"受强冷空气影响，未来48小时全省大部地区气温将下降8～10℃，北部山区伴有6级大风。",)"
                             R"("instruction":"注意防寒保暖，做好设施农业和交通运输防冻工作。",)"
                             R"("expires_at":")" + at(now + 2 * kDay) +
                             R"(","regions":["140000"],"source":"省气象台传真"})"));
  FENGHUO_TRY(s.alerts->create_manual(province_officer, cold).status());
  std::string gale =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">"
      "<identifier>14010541600000_" + alerts::cap_time(now).substr(0, 10) + "_1</identifier>"
      "<sender>14010541600000</sender><sent>" + alerts::cap_time(now - 30 * kMinute) + "</sent>"
      "<status>Actual</status><msgType>Alert</msgType><scope>Public</scope>"
      "<info><language>zh-CN</language><category>Met</category><event>大风</event>"
      "<urgency>Expected</urgency><severity>Severe</severity><certainty>Likely</certainty>"
      "<expires>" + alerts::cap_time(now + 10 * 60 * kMinute) + "</expires>"
      "<senderName>小店区气象台</senderName><headline>小店区气象台发布大风橙色预警信号</headline>"
      "<description>预计未来12小时内北格镇一带将出现8级以上大风。</description>"
      "<instruction>停止高空、户外作业，加固临时搭建物。</instruction>"
      "<area><areaDesc>小店区北格镇一带</areaDesc>"
      "<polygon>37.66,112.58 37.66,112.66 37.72,112.66 37.72,112.58 37.66,112.58</polygon>"
      "</area></info></alert>";
  FENGHUO_TRY(s.alerts->import_cap(Principal::system("fenghuo demo-data"), gale).status());
  return 2;
}

}  // namespace fenghuo

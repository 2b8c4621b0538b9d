#include "app/demo_data.h"

#include <boost/json.hpp>

#include "identity/store.h"

namespace fenghuo {
namespace {

// Units are keyed by external id; those without a parent sit under their region's bureau.
constexpr std::string_view kDemo = R"({
  "organisations": [
    {"external_id": "demo-sx-police", "name": "山西省公安厅", "type": "member_unit", "region": "140000", "duty_phone": "0351-4122110"},
    {"external_id": "demo-sx-fire", "name": "山西省消防救援总队", "type": "rescue_team", "region": "140000", "duty_phone": "0351-2195119"},
    {"external_id": "demo-sx-weather", "name": "山西省气象局", "type": "member_unit", "region": "140000", "duty_phone": "0351-4045012"},
    {"external_id": "demo-sx-water", "name": "山西省水利厅", "type": "member_unit", "region": "140000", "duty_phone": "0351-4666210"},
    {"external_id": "demo-sx-land", "name": "山西省自然资源厅", "type": "member_unit", "region": "140000", "duty_phone": "0351-5676001"},
    {"external_id": "demo-sx-health", "name": "山西省卫生健康委员会", "type": "member_unit", "region": "140000", "duty_phone": "0351-3580120"},
    {"external_id": "demo-sx-transport", "name": "山西省交通运输厅", "type": "member_unit", "region": "140000", "duty_phone": "0351-4533001"},
    {"external_id": "demo-sx-forest", "name": "山西省林业和草原局", "type": "member_unit", "region": "140000", "duty_phone": "0351-4036001"},
    {"external_id": "demo-sx-quake", "name": "山西省地震局", "type": "member_unit", "region": "140000", "duty_phone": "0351-2020110"},
    {"external_id": "demo-ty-fire", "name": "太原市消防救援支队", "type": "rescue_team", "region": "140100", "parent_external_id": "demo-sx-fire", "duty_phone": "0351-2210119"},
    {"external_id": "demo-dt-mine", "name": "国家矿山应急救援大同队", "type": "rescue_team", "region": "140200", "duty_phone": "0352-7030119"},
    {"external_id": "demo-dt-bluesky", "name": "大同市蓝天救援队", "type": "rescue_team", "region": "140200", "contact_phone": "13903520119"},
    {"external_id": "demo-lf-chem", "name": "临汾市危险化学品应急救援队", "type": "rescue_team", "region": "141000", "duty_phone": "0357-2180119"},
    {"external_id": "demo-xd-coal", "name": "小店区某煤业有限公司", "type": "enterprise", "region": "140105", "contact_phone": "0351-7031234"}
  ],
  "users": [
    {"external_id": "demo-leader", "name": "赵带班", "phone": "13800138001", "org_region": "140000", "roles": ["duty_leader"]},
    {"external_id": "demo-officer", "name": "钱值班", "phone": "13800138002", "org_region": "140000", "roles": ["duty_officer"]},
    {"external_id": "demo-commander", "name": "孙指挥", "phone": "13800138003", "org_region": "140000", "roles": ["commander", "analyst"]},
    {"external_id": "demo-ty-officer", "name": "李值班", "phone": "13800138004", "org_region": "140100", "roles": ["duty_officer"]},
    {"external_id": "demo-ty-admin", "name": "周管理", "phone": "13800138005", "org_region": "140100", "roles": ["org_admin"]},
    {"external_id": "demo-xd-officer", "name": "吴值班", "phone": "13800138006", "org_region": "140105", "roles": ["duty_officer"]},
    {"external_id": "demo-ty-fire-responder", "name": "郑队员", "phone": "13800138007", "org_external_id": "demo-ty-fire", "roles": ["field_responder"]},
    {"external_id": "demo-operator", "name": "王数据", "phone": "13800138008", "org_region": "140000", "roles": ["data_operator"]},
    {"external_id": "demo-ty-leader", "name": "冯带班", "phone": "13800138009", "org_region": "140100", "roles": ["duty_leader"]},
    {"external_id": "demo-xd-leader", "name": "陈带班", "phone": "13800138010", "org_region": "140105", "roles": ["duty_leader"]}
  ]
})";

}  // namespace

Result<DemoReport> load_demo_data(Services& s) {
  DemoReport report;
  Principal system = Principal::system("fenghuo demo-data");
  auto imported = s.importer->run(system, "application/json", std::string(kDemo), {});
  if (!imported.ok()) return std::move(imported).error();
  if (!imported->applied) {
    const auto& first = imported->rejected.front();
    return Error::internal("demo data row " + std::to_string(first.row) + " (" + first.kind +
                           ") refused: " + first.reason);
  }
  report.import = std::move(imported).value();

  FENGHUO_TRY(s.db->transact([&](db::Transaction& tx) -> Status {
    auto existing = identity::store::find_user_by_phone(tx.connection(), std::string(kDemoAdminPhone));
    if (!existing.ok()) return std::move(existing).error();
    if (*existing) return {};
    auto bureau = identity::store::find_bureau(tx.connection(), "140000");
    if (!bureau.ok()) return std::move(bureau).error();
    if (!*bureau) return Error::internal("the province bureau is missing: run fenghuo migrate");
    identity::User admin;
    admin.name = "演示管理员";
    admin.phone = std::string(kDemoAdminPhone);
    admin.org_id = (*bureau)->id;
    admin.roles = {"system_admin"};
    auto created = s.directory->create_user_in(tx, system, std::move(admin));
    if (!created.ok()) return std::move(created).error();
    report.admin_created = true;
    return {};
  }));
  return report;
}

}  // namespace fenghuo

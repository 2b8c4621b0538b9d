#include "identity/roles.h"

#include <array>

namespace fenghuo::identity {
namespace {

constexpr std::array kPermissions = {
    PermissionInfo{"regions.read", "查看行政区划", "Read regions", false},
    PermissionInfo{"orgs.read", "查看组织机构", "Read organisations", false},
    PermissionInfo{"orgs.write", "维护组织机构", "Manage organisations", false},
    PermissionInfo{"users.read", "查看用户", "Read users", false},
    PermissionInfo{"users.write", "维护用户与角色", "Manage users and roles", false},
    PermissionInfo{"tokens.manage", "管理接口令牌", "Manage API tokens", false},
    PermissionInfo{"audit.read", "查看审计日志", "Read the audit log", false},
    PermissionInfo{"admins.read", "查看管理员名录", "Read the administrator registry", false},
    PermissionInfo{"admins.write", "维护管理员名录", "Manage the administrator registry", false},
    PermissionInfo{"identity.import", "导入组织与人员", "Import organisations and people", false},
    PermissionInfo{"alerts.read", "查看预警信息", "Read warnings", true},
    PermissionInfo{"alerts.write", "接入与录入预警", "Submit and enter warnings (CAP, by hand)", true},
    PermissionInfo{"monitoring.read", "查看监测与报警", "Read stations, readings and alarms", true},
    PermissionInfo{"monitoring.write", "处置报警与维护阈值", "Handle alarms, keep thresholds", false},
    PermissionInfo{"readings.write", "接入监测数据", "Submit monitoring readings", true},
    PermissionInfo{"resources.read", "读取应急资源", "Read emergency resources", true},
    PermissionInfo{"resources.write", "维护应急资源", "Manage emergency resources", false},
    PermissionInfo{"incidents.read", "查看事件与报送", "Read incidents and reports", false},
    PermissionInfo{"incidents.write", "事件接报与报送", "Take in incidents and write reports", false},
    PermissionInfo{"incidents.approve", "审核报送与定级", "Approve reports and set levels", false},
    PermissionInfo{"duty.read", "查看值班与传真", "Read duty rosters, logs and faxes", false},
    PermissionInfo{"duty.write", "值班记录与传真", "Keep the duty log, hand over, send faxes", false},
    PermissionInfo{"rosters.write", "维护排班", "Keep duty rosters", false},
    PermissionInfo{"files.read", "查看附件与传真文件", "Read attachments and fax documents", false},
    PermissionInfo{"files.write", "上传附件与传真文件", "Upload attachments and fax documents", false},
};

constexpr std::array<std::string_view, 25> kAll = {
    "regions.read",
    "orgs.read",
    "orgs.write",
    "users.read",
    "users.write",
    "tokens.manage",
    "audit.read",
    "admins.read",
    "admins.write",
    "identity.import",
    "alerts.write",
    "readings.write",
    "resources.read",
    "resources.write",
    "incidents.read",
    "incidents.write",
    "incidents.approve",
    "duty.read",
    "duty.write",
    "rosters.write",
    "alerts.read",
    "monitoring.read",
    "monitoring.write",
    "files.read",
    "files.write"};
// An organisation administrator grants the roles of its duty room, and nobody grants what
// they lack, so it holds the duty room's permissions too.
constexpr std::array<std::string_view, 22> kOrgAdmin = {
    "regions.read",
    "orgs.read",
    "orgs.write",
    "users.read",
    "users.write",
    "audit.read",
    "admins.read",
    "admins.write",
    "resources.read",
    "resources.write",
    "incidents.read",
    "incidents.write",
    "incidents.approve",
    "duty.read",
    "duty.write",
    "rosters.write",
    "alerts.read",
    "alerts.write",
    "monitoring.read",
    "monitoring.write",
    "files.read",
    "files.write"};
constexpr std::array<std::string_view, 16> kDutyLeader = {
    "regions.read",
    "orgs.read",
    "users.read",
    "resources.read",
    "incidents.read",
    "incidents.write",
    "incidents.approve",
    "duty.read",
    "duty.write",
    "rosters.write",
    "alerts.read",
    "alerts.write",
    "monitoring.read",
    "monitoring.write",
    "files.read",
    "files.write"};
constexpr std::array<std::string_view, 14> kDutyOfficer = {
    "regions.read",
    "orgs.read",
    "users.read",
    "resources.read",
    "incidents.read",
    "incidents.write",
    "duty.read",
    "duty.write",
    "alerts.read",
    "alerts.write",
    "monitoring.read",
    "monitoring.write",
    "files.read",
    "files.write"};
constexpr std::array<std::string_view, 10> kCommander = {
    "regions.read",
    "orgs.read",
    "users.read",
    "resources.read",
    "incidents.read",
    "incidents.approve",
    "duty.read",
    "alerts.read",
    "monitoring.read",
    "files.read"};
constexpr std::array<std::string_view, 8> kAnalyst = {
    "regions.read",
    "orgs.read",
    "resources.read",
    "incidents.read",
    "duty.read",
    "alerts.read",
    "monitoring.read",
    "files.read"};
constexpr std::array<std::string_view, 4> kViewer = {
    "regions.read",
    "incidents.read",
    "alerts.read",
    "files.read"};
constexpr std::array<std::string_view, 2> kResponder = {
    "regions.read",
    "alerts.read"};
constexpr std::array<std::string_view, 4> kOperator = {"regions.read", "orgs.read",
                                                       "resources.read", "resources.write"};

constexpr std::array kRoles = {
    RoleInfo{"system_admin", "系统管理员", "System administrator", kAll},
    RoleInfo{"org_admin", "单位管理员", "Organisation administrator", kOrgAdmin},
    RoleInfo{"duty_leader", "带班领导", "Duty leader", kDutyLeader},
    RoleInfo{"duty_officer", "值班员", "Duty officer", kDutyOfficer},
    RoleInfo{"commander", "指挥人员", "Commander", kCommander},
    RoleInfo{"analyst", "研判人员", "Analyst", kAnalyst},
    RoleInfo{"data_operator", "数据维护员", "Data operator", kOperator},
    RoleInfo{"field_responder", "现场人员", "Field responder", kResponder},
    RoleInfo{"viewer", "只读用户", "Viewer", kViewer},
};

}  // namespace

std::span<const PermissionInfo> permissions() { return kPermissions; }
std::span<const RoleInfo> roles() { return kRoles; }

const RoleInfo* find_role(std::string_view code) {
  for (const auto& r : kRoles) {
    if (r.code == code) return &r;
  }
  return nullptr;
}

bool is_permission(std::string_view code) {
  for (const auto& p : kPermissions) {
    if (p.code == code) return true;
  }
  return false;
}

bool is_token_scope(std::string_view code) {
  for (const auto& p : kPermissions) {
    if (p.code == code) return p.token_scope;
  }
  return false;
}

std::set<std::string, std::less<>> permissions_of(std::span<const std::string> role_codes) {
  std::set<std::string, std::less<>> out;
  for (const auto& code : role_codes) {
    if (const RoleInfo* r = find_role(code)) {
      for (auto p : r->permissions) out.emplace(p);
    }
  }
  return out;
}

}  // namespace fenghuo::identity

#include "identity/importer.h"

#include <boost/json.hpp>

#include <algorithm>
#include <set>

#include "core/csv.h"
#include "db/batch.h"
#include "identity/roles.h"
#include "identity/store.h"

namespace fenghuo::identity {
namespace {

struct OrgRow {
  int row = 0;
  std::string external_id, name, type, region, parent_external_id, contact_phone, duty_phone;
};
struct UserRow {
  int row = 0;
  std::string external_id, name, phone, org_external_id, status;
  std::vector<std::string> roles;
  std::string bad_kind;
  std::string org_region;  // instead of org_external_id: the bureau of this region  // a CSV row whose kind is neither organisation nor user
};
struct Rows {
  std::vector<OrgRow> orgs;
  std::vector<UserRow> users;
};

std::vector<std::string> split_roles(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  for (char ch : text + ";") {
    if (ch == ';' || ch == '|' || ch == ',') {
      auto start = current.find_first_not_of(' ');
      auto end = current.find_last_not_of(' ');
      if (start != std::string::npos) out.push_back(current.substr(start, end - start + 1));
      current.clear();
    } else {
      current.push_back(ch);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Record by record: what is kept is the rows, not a parsed copy of the whole file.
Result<Rows> rows_from_csv(std::string_view text) {
  std::vector<std::string> header;
  bool have_header = false;
  auto column = [&](std::string_view name) -> int {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return static_cast<int>(i);
    }
    return -1;
  };
  Rows rows;
  std::size_t count = 0;
  FENGHUO_TRY(for_each_csv_record(text, [&](int line, std::vector<std::string>& f) -> Status {
    if (!have_header) {
      header = std::move(f);
      have_header = true;
      if (column("kind") < 0 || column("external_id") < 0) {
        return Error::bad_request(
            "the CSV header must name the columns kind, external_id, name, ... (see the docs)");
      }
      return {};
    }
    if (++count > kMaxImportRows) return too_many_import_rows();
    auto get = [&](std::string_view name) -> std::string {
      int c = column(name);
      return c >= 0 && static_cast<std::size_t>(c) < f.size() ? std::move(f[c]) : std::string();
    };
    std::string k = get("kind");
    if (k == "organisation" || k == "org") {
      rows.orgs.push_back({line, get("external_id"), get("name"), get("type"), get("region"),
                           get("parent_external_id"), get("contact_phone"), get("duty_phone")});
    } else {
      UserRow u{line, get("external_id"), get("name"), get("phone"), get("org_external_id"),
                get("status"), split_roles(get("roles")), k == "user" ? "" : k.empty() ? "(empty)" : k,
                get("org_region")};
      rows.users.push_back(std::move(u));
    }
    return {};
  }));
  if (!have_header) return Error::bad_request("the CSV is empty");
  return rows;
}

Result<Rows> rows_from_json(std::string_view text) {
  boost::system::error_code ec;
  auto doc = boost::json::parse(text, ec);
  if (ec || !doc.is_object()) {
    return Error::bad_request("the JSON must be an object with \"organisations\" and \"users\"");
  }
  auto str = [](const boost::json::object& o, std::string_view key) -> std::string {
    const auto* v = o.if_contains(key);
    if (v == nullptr) return {};
    if (v->is_string()) return std::string(v->as_string());
    if (v->is_int64()) return std::to_string(v->as_int64());
    return {};
  };
  std::size_t count = 0;
  for (std::string_view list : {"organisations", "users"}) {
    if (const auto* items = doc.as_object().if_contains(list); items && items->is_array()) {
      count += items->as_array().size();
    }
  }
  if (count > kMaxImportRows) return too_many_import_rows();
  Rows rows;
  int index = 0;
  if (const auto* orgs = doc.as_object().if_contains("organisations"); orgs && orgs->is_array()) {
    for (const auto& item : orgs->as_array()) {
      ++index;
      if (!item.is_object()) {
        rows.orgs.push_back({index, "", "", "", "", "", "", ""});
        continue;
      }
      const auto& o = item.as_object();
      rows.orgs.push_back({index, str(o, "external_id"), str(o, "name"), str(o, "type"),
                           str(o, "region"), str(o, "parent_external_id"),
                           str(o, "contact_phone"), str(o, "duty_phone")});
    }
  }
  index = 0;
  if (const auto* users = doc.as_object().if_contains("users"); users && users->is_array()) {
    for (const auto& item : users->as_array()) {
      ++index;
      UserRow u{index, "", "", "", "", "", {}, "", ""};
      if (item.is_object()) {
        const auto& o = item.as_object();
        u = {index, str(o, "external_id"), str(o, "name"), str(o, "phone"),
             str(o, "org_external_id"), str(o, "status"), {}, "", str(o, "org_region")};
        if (const auto* roles = o.if_contains("roles"); roles && roles->is_array()) {
          for (const auto& r : roles->as_array()) {
            if (r.is_string()) u.roles.emplace_back(r.as_string());
          }
        } else if (roles && roles->is_string()) {
          u.roles = split_roles(std::string(roles->as_string()));
        }
      }
      rows.users.push_back(std::move(u));
    }
  }
  return rows;
}

}  // namespace

Importer::Importer(db::Database& db, DirectoryService& directory)
    : db_(db), directory_(directory) {}

Result<Importer::Report> Importer::run(const Principal& by, const std::string& content_type,
                                       const std::string& body, Options options) {
  Result<Rows> parsed = content_type.starts_with("text/csv") ? rows_from_csv(body)
                        : content_type.starts_with("application/json")
                            ? rows_from_json(body)
                            : Result<Rows>(Error{ErrorCode::kUnsupportedMediaType,
                                                 "send text/csv or application/json", {}});
  if (!parsed.ok()) return std::move(parsed).error();
  Rows& rows = *parsed;
  Report report;
  FENGHUO_ASSIGN(kept, db::run_batch(db_, options.dry_run, options.partial,
                                     [&](db::Transaction& tx, db::RowBatch& batch) -> Status {
    db::Connection& c = tx.connection();
    // A bad row is undone alone and reported; the rest goes on.
    auto row = [&](int number, std::string kind, const std::function<Status()>& apply) -> Status {
      std::optional<Error> refused;
      FENGHUO_TRY(batch.row(apply, refused));
      if (refused) report.rejected.push_back({number, std::move(kind), refused->field, refused->message});
      return {};
    };

    std::set<std::string> seen_orgs;
    for (const OrgRow& r : rows.orgs) {
      FENGHUO_TRY(row(r.row, "organisation", [&]() -> Status {
        if (r.external_id.empty()) return Error::validation("external_id", "external_id is required");
        if (!seen_orgs.insert(r.external_id).second) {
          return Error::validation("external_id", "external_id " + r.external_id +
                                                      " appears twice in the file");
        }
        Organisation o;
        o.external_id = r.external_id;
        o.name = r.name;
        o.type = r.type.empty() ? "member_unit" : r.type;
        o.region = r.region;
        o.contact_phone = r.contact_phone;
        o.duty_phone = r.duty_phone;
        if (!r.parent_external_id.empty()) {
          auto parent = store::find_org_by_external_id(c, r.parent_external_id);
          if (!parent.ok()) return std::move(parent).error();
          if (!*parent) {
            return Error::validation("parent_external_id",
                                     "no organisation with external_id " + r.parent_external_id);
          }
          o.parent_id = (*parent)->id;
        }
        auto existing = store::find_org_by_external_id(c, r.external_id);
        if (!existing.ok()) return std::move(existing).error();
        if (*existing) {
          FENGHUO_TRY(check_covers(by, (*existing)->region, "organisation"));
          const Organisation& before = **existing;
          o.id = before.id;
          o.version = before.version;
          o.status = before.status;
          // No parent in the file: keep the one it has (its bureau, by default).
          if (r.parent_external_id.empty()) o.parent_id = before.parent_id;
          if (o.name == before.name && o.type == before.type && o.region == before.region &&
              o.parent_id == before.parent_id && o.contact_phone == before.contact_phone &&
              o.duty_phone == before.duty_phone) {
            return {};
          }
          auto updated = directory_.update_org_in(tx, by, before, std::move(o));
          if (!updated.ok()) return std::move(updated).error();
          ++report.updated.organisations;
          return {};
        }
        auto created = directory_.create_org_in(tx, by, std::move(o));
        if (!created.ok()) return std::move(created).error();
        ++report.created.organisations;
        return {};
      }));
    }

    std::set<std::string> seen_users;
    for (const UserRow& r : rows.users) {
      FENGHUO_TRY(row(r.row, "user", [&]() -> Status {
        if (!r.bad_kind.empty()) {
          return Error::validation("kind", "kind must be organisation or user, not " + r.bad_kind);
        }
        if (r.external_id.empty()) return Error::validation("external_id", "external_id is required");
        if (!seen_users.insert(r.external_id).second) {
          return Error::validation("external_id", "external_id " + r.external_id +
                                                      " appears twice in the file");
        }
        for (const auto& role : r.roles) {
          if (find_role(role) == nullptr) return Error::validation("roles", "unknown role " + role);
        }
        auto org = r.org_external_id.empty() && !r.org_region.empty()
                       ? store::find_bureau(c, r.org_region)
                       : store::find_org_by_external_id(c, r.org_external_id);
        if (!org.ok()) return std::move(org).error();
        if (!*org || !by.covers((*org)->region)) {
          return r.org_external_id.empty() && !r.org_region.empty()
                     ? Error::validation("org_region", "no bureau in region " + r.org_region)
                     : Error::validation("org_external_id",
                                         "no organisation with external_id " + r.org_external_id);
        }
        User u;
        u.external_id = r.external_id;
        u.name = r.name;
        u.phone = r.phone;
        u.org_id = (*org)->id;
        u.roles = r.roles;
        std::sort(u.roles.begin(), u.roles.end());
        u.roles.erase(std::unique(u.roles.begin(), u.roles.end()), u.roles.end());
        u.status = r.status.empty() ? "active" : r.status;
        auto existing = store::find_user_by_external_id(c, r.external_id);
        if (!existing.ok()) return std::move(existing).error();
        if (*existing) {
          const User& before = **existing;
          FENGHUO_TRY(check_covers(by, before.region, "user"));
          u.id = before.id;
          u.version = before.version;
          if (u.name == before.name && u.phone == before.phone && u.org_id == before.org_id &&
              u.roles == before.roles && u.status == before.status) {
            return {};
          }
          auto updated = directory_.update_user_in(tx, by, before, std::move(u));
          if (!updated.ok()) return std::move(updated).error();
          ++report.updated.users;
          return {};
        }
        auto created = directory_.create_user_in(tx, by, std::move(u));
        if (!created.ok()) return std::move(created).error();
        ++report.created.users;
        return {};
      }));
    }

    if (options.full_sync) {
      auto pattern = region_pattern(by);
      if (!pattern.ok()) return std::move(pattern).error();
      auto synced = store::list_synced_users(c, *pattern);
      if (!synced.ok()) return std::move(synced).error();
      for (const User& before : *synced) {
        if (seen_users.contains(*before.external_id)) continue;
        if (by.kind == Principal::Kind::kUser && before.id == by.id) continue;
        User after = before;
        after.status = "disabled";
        auto disabled = directory_.update_user_in(tx, by, before, std::move(after));
        if (!disabled.ok()) return std::move(disabled).error();
        ++report.disabled.users;
      }
    }

    return {};
  }));
  report.applied = kept;
  return report;
}

boost::json::object to_json(const Importer::Report& report) {
  auto counts = [](const Importer::Counts& c) {
    boost::json::object o;
    o["organisations"] = c.organisations;
    o["users"] = c.users;
    return o;
  };
  boost::json::object o;
  o["applied"] = report.applied;
  o["created"] = counts(report.created);
  o["updated"] = counts(report.updated);
  o["disabled"] = counts(report.disabled);
  boost::json::array rejected;
  for (const auto& r : report.rejected) {
    boost::json::object x;
    x["row"] = r.row;
    x["kind"] = r.kind;
    x["field"] = r.field;
    x["reason"] = r.reason;
    rejected.push_back(std::move(x));
  }
  o["rejected"] = std::move(rejected);
  return o;
}

}  // namespace fenghuo::identity

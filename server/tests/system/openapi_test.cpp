// docs/openapi.yaml documents every route of the router, and nothing that is not one.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "http/router.h"
#include "identity/roles.h"
#include "support/test_app.h"

namespace fenghuo::test {
namespace {

// path -> methods, read from the `paths:` section (two-space path keys, four-space methods).
std::map<std::string, std::set<std::string>> documented_operations() {
  std::ifstream in(FENGHUO_SOURCE_DIR "/docs/openapi.yaml");
  std::map<std::string, std::set<std::string>> out;
  std::string line, current;
  bool in_paths = false;
  while (std::getline(in, line)) {
    if (line == "paths:") {
      in_paths = true;
      continue;
    }
    if (!in_paths) continue;
    if (!line.empty() && line[0] != ' ') break;  // next top-level section
    if (line.starts_with("  /") && line.back() == ':') {
      current = line.substr(2, line.size() - 3);
      out[current];
    } else if (line.starts_with("    ") && !line.starts_with("     ") && line.back() == ':') {
      out[current].insert(line.substr(4, line.size() - 5));
    }
  }
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

TEST(OpenApi, DocumentsEveryRouteAndOnlyRoutes) {
  auto documented = documented_operations();
  ASSERT_FALSE(documented.empty()) << "docs/openapi.yaml has no paths";
  TestApp app(Backend::kSqlite);
  std::map<std::string, std::set<std::string>> routed;
  routed["/api/v1/ws"].insert("get");  // served by the WebSocket upgrade, not the router
  for (const auto& route : app.app().router().routes()) {
    routed[route.pattern].insert(lower(http::method_name(route.method)));
  }
  for (const auto& [path, methods] : routed) {
    for (const auto& m : methods) {
      EXPECT_TRUE(documented[path].contains(m)) << m << " " << path << " is not documented";
    }
  }
  for (const auto& [path, methods] : documented) {
    for (const auto& m : methods) {
      EXPECT_TRUE(routed[path].contains(m)) << m << " " << path << " is documented but not routed";
    }
  }
}

std::vector<std::string> split(std::string_view text, std::string_view separator) {
  std::vector<std::string> out;
  while (true) {
    auto at = text.find(separator);
    std::string_view part = text.substr(0, at);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (!part.empty()) out.emplace_back(part);
    if (at == std::string_view::npos) return out;
    text.remove_prefix(at + separator.size());
  }
}

// permission -> roles, from the description's table "| permission | roles |", where roles
// are listed, "all roles", or "all roles but a and b".
std::map<std::string, std::set<std::string>> documented_permissions() {
  std::ifstream in(FENGHUO_SOURCE_DIR "/docs/openapi.yaml");
  std::map<std::string, std::set<std::string>> out;
  bool in_table = false;
  for (std::string line; std::getline(in, line);) {
    auto start = line.find_first_not_of(' ');
    if (start == std::string::npos) {
      if (in_table) break;
      continue;
    }
    std::string_view row = std::string_view(line).substr(start);
    if (row == "| permission | roles |") {
      in_table = true;
      continue;
    }
    if (!in_table || row.starts_with("|---")) continue;
    if (!row.starts_with("|")) break;
    auto cells = split(row.substr(1, row.size() - 2), "|");
    if (cells.size() != 2) continue;
    std::set<std::string> holders;
    std::string_view who = cells[1];
    if (who.starts_with("all roles")) {
      std::set<std::string> except;
      if (auto but = who.find(" but "); but != std::string_view::npos) {
        for (auto& name : split(who.substr(but + 5), " and ")) {
          for (auto& n : split(name, ",")) except.insert(n);
        }
      }
      for (const auto& r : identity::roles()) {
        if (!except.contains(std::string(r.code))) holders.emplace(r.code);
      }
    } else {
      for (auto& r : split(who, ",")) holders.insert(r);
    }
    for (auto& permission : split(cells[0], ",")) out[permission] = holders;
  }
  return out;
}

TEST(OpenApi, ThePermissionTableSaysWhichRolesHoldEachPermission) {
  auto documented = documented_permissions();
  ASSERT_FALSE(documented.empty()) << "docs/openapi.yaml has no permission table";
  std::map<std::string, std::set<std::string>> granted;
  for (const auto& p : identity::permissions()) granted[std::string(p.code)];
  for (const auto& r : identity::roles()) {
    for (auto p : r.permissions) granted[std::string(p)].emplace(r.code);
  }
  for (const auto& [permission, roles] : granted) {
    ASSERT_TRUE(documented.contains(permission)) << permission << " is not in the table";
    EXPECT_EQ(documented[permission], roles) << "the roles that hold " << permission;
  }
  for (const auto& [permission, roles] : documented) {
    EXPECT_TRUE(granted.contains(permission)) << permission << " is no permission";
  }
}

}  // namespace
}  // namespace fenghuo::test

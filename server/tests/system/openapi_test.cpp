// docs/openapi.yaml documents every route of the router, and nothing that is not one.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "http/router.h"
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

}  // namespace
}  // namespace fenghuo::test

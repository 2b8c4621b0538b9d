#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace fenghuo::test {

// A CAP message of the specification's Appendix A (server/tests/alerts/data/).
inline std::string cap_example(const std::string& name) {
  std::ifstream in(std::string(FENGHUO_SOURCE_DIR) + "/server/tests/alerts/data/" + name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace fenghuo::test

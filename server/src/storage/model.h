#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>

namespace fenghuo::storage {

struct FileInfo {
  std::int64_t id = 0;
  std::string sha256;
  std::string name;
  std::string type;  // from the content, never from the client
  std::int64_t size = 0;
  std::int64_t org_id = 0;
  std::string region;
  std::string created_by;
  std::int64_t created_at = 0;
};
boost::json::object to_json(const FileInfo& f);

}  // namespace fenghuo::storage

#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/principal.h"
#include "db/database.h"
#include "monitoring/model.h"
#include "realtime/bus.h"

namespace fenghuo::resources {
class ResourceService;
}

namespace fenghuo::monitoring {

// The stations (resources of kind "station"), read through the resources service and kept in
// memory: looked up by code (站码) or id for every reading. Read again when a station is added,
// moved or removed (here or in another process: the "resources" topic), at most every few
// seconds when an unknown station is named. Thread-safe; stations handed out are immutable.
class StationDirectory {
 public:
  StationDirectory(db::Database& db, const Clock& clock, realtime::Bus& bus,
                   const resources::ResourceService& resources);
  ~StationDirectory();
  StationDirectory(const StationDirectory&) = delete;
  StationDirectory& operator=(const StationDirectory&) = delete;

  // Reads every station again.
  Status reload();
  // By code or id; reads the stations again first when one changed or (at most every few
  // seconds) when it is not known. Null when there is none.
  std::shared_ptr<const StationInfo> find(std::string_view code_or_id);
  // As known now, without reading anything.
  std::shared_ptr<const StationInfo> by_id(std::int64_t id) const;
  // kNotFound when there is none, kForbidden/kNotFound outside the caller's jurisdiction.
  Result<std::shared_ptr<const StationInfo>> visible(const Principal& by, std::int64_t id);
  // The stations whose region starts with `region_prefix`, of `theme` when given (read again
  // first when one changed). In no particular order.
  std::vector<std::shared_ptr<const StationInfo>> in_region(std::string_view region_prefix,
                                                            std::string_view theme);

 private:
  db::Database& db_;
  const Clock& clock_;
  realtime::Bus& bus_;
  const resources::ResourceService& resources_;
  std::uint64_t subscription_ = 0;

  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const StationInfo>> by_code_;
  std::unordered_map<std::int64_t, std::shared_ptr<const StationInfo>> by_id_;
  std::int64_t loaded_at_ = 0;  // 0: to be read again
};

}  // namespace fenghuo::monitoring

#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/page.h"
#include "db/database.h"
#include "resources/model.h"

// SQL of the resources module.
namespace fenghuo::resources::store {

Result<std::int64_t> insert(db::Connection& c, const Resource& r, std::int64_t now);
// Updates the record whose id and version match r; kConflict when the version is stale.
Status update(db::Connection& c, const Resource& r, std::int64_t now);
Status mark_deleted(db::Connection& c, std::int64_t id, std::int64_t now);
Status mark_verified(db::Connection& c, std::int64_t id, std::int64_t now, const std::string& by);
Result<Resource> find(db::Connection& c, std::int64_t id);  // kNotFound if missing or deleted
// The records (not deleted) with these ids, in no particular order.
Result<std::vector<Resource>> find_many(db::Connection& c, const std::vector<std::int64_t>& ids);
// The records (not deleted) of `kind` whose parent is one of `parents`.
Result<std::vector<Resource>> children_of(db::Connection& c,
                                          const std::vector<std::int64_t>& parents,
                                          std::string_view kind);
// Per region: the sum of the number attribute `key` (from our schema) over the records of
// `kind` whose region matches the LIKE pattern.
Result<std::vector<std::pair<std::string, double>>> sum_by_region(db::Connection& c,
                                                                  const std::string& region_pattern,
                                                                  std::string_view kind,
                                                                  std::string_view key);
Result<std::int64_t> count_children(db::Connection& c, std::int64_t parent_id);
// The live records of a kind with this name in this region (candidates for "already there").
Result<std::vector<Resource>> find_named(db::Connection& c, const std::string& kind,
                                         const std::string& name, const std::string& region);

enum class Sort { kId, kName, kUpdated, kQuality, kRegion };
struct Filter {
  std::string region_pattern;  // LIKE
  std::string kind;
  std::string category;
  std::string text;  // in name or address
  std::int64_t updated_since = 0;
  int quality_below = 101;
  std::int64_t verified_before = INT64_MAX;
  std::optional<std::int64_t> parent_id;
  Sort sort = Sort::kId;
  bool descending = false;
  std::int64_t limit = 50;
  std::int64_t offset = 0;
};
Result<Page<Resource>> list(db::Connection& c, const Filter& f);

struct Count {
  std::string kind;
  std::string category;
  std::int64_t count;
};
Result<std::vector<Count>> counts(db::Connection& c, const std::string& region_pattern);

struct RegionQuality {
  std::string region;
  std::int64_t records = 0;
  std::int64_t quality_sum = 0;
  std::int64_t stale = 0;
};
// Per region: records, summed quality and records verified before `stale_before`.
Result<std::vector<RegionQuality>> quality_by_region(db::Connection& c, const std::string& kind,
                                                     const std::string& region_pattern,
                                                     std::int64_t stale_before);

struct LocatedRow {
  std::int64_t id;
  std::string kind, category, name, region;
  double lon, lat;
  std::int64_t version;
};
// Every located record (for loading the spatial index): calls `each` per row.
Status each_located(db::Connection& c, const std::function<void(const LocatedRow&)>& each);

}  // namespace fenghuo::resources::store

#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/principal.h"
#include "db/database.h"
#include "realtime/bus.h"
#include "resources/boundaries.h"
#include "resources/model.h"
#include "resources/spatial.h"
#include "resources/store.h"

namespace fenghuo::resources {

// Resources on one map: records of every kind, their spatial index and their quality,
// always within the caller's jurisdiction. Every write is audited and announced on the
// bus (topic "resources"); every process keeps its spatial index in step from those events.
class ResourceService {
 public:
  ResourceService(db::Database& db, const Clock& clock, const audit::Log& audit, realtime::Bus& bus,
                  std::shared_ptr<const Boundaries> boundaries);
  ~ResourceService();

  // Loads every located record into the spatial index (at start).
  Status load_index();
  const SpatialIndex& index() const { return index_; }
  const Boundaries* boundaries() const { return boundaries_.get(); }
  std::int64_t now_ms() const { return clock_.now_ms(); }
  const Clock& clock() const { return clock_; }

  Result<Resource> get(const Principal& by, std::int64_t id);
  Result<Resource> create(const Principal& by, const boost::json::object& in);
  Result<Resource> update(const Principal& by, std::int64_t id, const boost::json::object& in);
  // Soft delete; refused while other records (members, equipment, stock) belong to it.
  Status remove(const Principal& by, std::int64_t id);
  // Confirms the record is still right without changing it: it counts as verified now.
  Result<Resource> verify(const Principal& by, std::int64_t id);

  struct ListQuery {
    std::string region;
    bool stale_only = false;  // unverified for longer than the kind's interval (needs a kind)
    store::Filter filter;     // region_pattern is set from the caller's jurisdiction
  };
  Result<Page<Resource>> list(const Principal& by, const ListQuery& q);
  Result<std::vector<store::Count>> counts(const Principal& by, const std::string& region);

  // Spatial queries within the caller's jurisdiction, narrowed to `region` when given.
  Result<std::vector<Found>> nearby(const Principal& by, const std::string& region, double lon,
                                    double lat, double radius_m, std::size_t k,
                                    const std::vector<std::string>& kinds);
  Result<std::vector<Placed>> within(const Principal& by, const std::string& region, double min_lon,
                                     double min_lat, double max_lon, double max_lat,
                                     const std::vector<std::string>& kinds, std::size_t limit,
                                     bool* truncated);
  Result<std::vector<Cluster>> clusters(const Principal& by, const std::string& region,
                                        double min_lon, double min_lat, double max_lon,
                                        double max_lat, int zoom,
                                        const std::vector<std::string>& kinds);

  struct RegionScore {
    std::string region;
    std::int64_t records = 0;
    double quality = 0;  // average 0-100
    std::int64_t stale = 0;
  };
  // Per region (counties, or cities with `by_city`): average quality and stale records,
  // best first (推广应用排名).
  Result<std::vector<RegionScore>> ranking(const Principal& by, const std::string& region,
                                           bool by_city);

  // Writes within an open transaction (import).
  Result<Resource> create_in(db::Transaction& tx, const Principal& by, Resource r);
  Result<Resource> update_in(db::Transaction& tx, const Principal& by, const Resource& before,
                             Resource after);

  // Called inside the transaction that creates a record (through the API or an import), once
  // it is stored; an error undoes the creation. Set once at start, before requests arrive
  // (the monitoring module gives a new station its default metrics).
  using CreatedHook = std::function<Status(db::Transaction&, const Principal&, const Resource&)>;
  void on_created(CreatedHook hook) { created_hook_ = std::move(hook); }

  // The same checks as create/update, without writing (dry runs).
  Status check(db::Connection& c, const Principal& by, const Resource& r);

 private:
  // The index filter for a caller, a region and kinds.
  Result<SpatialIndex::Filter> spatial_filter(const Principal& by, const std::string& region,
                                              const std::vector<std::string>& kinds) const;
  void announce(db::Transaction& tx, const char* event, const Resource& r, bool deleted);
  void on_event(const realtime::Event& event);

  db::Database& db_;
  const Clock& clock_;
  const audit::Log& audit_;
  realtime::Bus& bus_;
  std::shared_ptr<const Boundaries> boundaries_;
  SpatialIndex index_;
  std::uint64_t subscription_ = 0;
  CreatedHook created_hook_;

 public:
  // A station (a record of kind "station") as other modules read it (monitoring), with the
  // name of its region and the name and category of the record it belongs to.
  struct Station {
    std::int64_t id = 0;
    std::string name, category, region, region_name, attributes_json;
    std::optional<std::int64_t> parent_id;
    std::string parent_name, parent_category;
    std::optional<double> lon, lat;
  };
  // Reads for the analysis module's summaries, whatever the caller's jurisdiction: the
  // records with these ids, and the children of `kind` (equipment, stock lines) of parents.
  Result<std::vector<Resource>> records(const std::vector<std::int64_t>& ids) const;
  Result<std::vector<Resource>> children(const std::vector<std::int64_t>& parents,
                                         std::string_view kind) const;
  // Per region of the caller's jurisdiction: the sum of a number field of a kind (shelter
  // capacity ...).
  Result<std::vector<std::pair<std::string, double>>> field_sums(const Principal& by,
                                                                 std::string_view kind,
                                                                 std::string_view field) const;

  // Every station not deleted, in id order, or only the station `id` when given. On `c`, so
  // that a transaction sees a station it has just created. Not filtered by jurisdiction.
  Result<std::vector<Station>> stations(db::Connection& c,
                                        std::optional<std::int64_t> id = std::nullopt) const;
};

// The placement of a record in the index, if it is located.
std::optional<Placed> placed_of(const Resource& r);

}  // namespace fenghuo::resources

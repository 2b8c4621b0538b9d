#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/page.h"
#include "db/database.h"

namespace fenghuo::db {

// One record found by the combined search (table `search_entries`, kept by triggers on the
// tables it indexes, see migration 0017).
struct TextHit {
  std::string entity;  // resource | station | incident | alert | organisation | person
  std::int64_t id = 0;
  std::string kind, title, body, region;
  std::optional<double> lon, lat;
  std::int64_t at = 0;
};

struct TextQuery {
  std::string text;                      // a substring of the title or body (case-insensitive)
  std::vector<std::string> entities;     // empty = every entity; names from our own list, not input
  std::string region_pattern = "%";      // LIKE; entries without a region (warnings) always pass
  std::optional<std::int64_t> from, to;  // on `at`
  std::int64_t limit = 20, offset = 0;
};

// Ranked: the title is the text, starts with it, holds it, then the body holds it; shorter
// titles, then newer ones first. Texts of three characters or more use the trigram index
// (SQLite FTS5 trigram, PostgreSQL pg_trgm); shorter ones scan.
Result<Page<TextHit>> search_text(Connection& c, const TextQuery& q);

}  // namespace fenghuo::db

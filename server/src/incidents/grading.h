#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "core/result.h"

// Incident levels from grading tables kept as data: each table has the dates it is in
// force and its source document, so a newer regulation is a new table, not a new release
// (DOMAIN.md, GRADING.md). Bounds follow "以上 includes, 以下 excludes": lower <= x < upper.
namespace fenghuo::incidents {

// "I" (特别重大) .. "IV" (一般); 1 is the highest.
int level_rank(std::string_view level);  // 0 when not a level
std::string_view level_code(int rank);
// The name of a level in a type's grading scheme: 特别重大/重大/较大/一般, or for geological
// disasters 特大型/大型/中型/小型 (地质灾害防治条例 art. 4).
std::string_view level_name(std::string_view level, std::string_view scheme = {});
// "geological" for the schemes whose levels are named by size, "general" otherwise.
std::string_view level_family(std::string_view scheme);
bool is_level(std::string_view level);

// What the tables may look at; absent optional values meet no bound.
struct GradingInputs {
  std::int64_t deaths = 0;
  std::int64_t missing = 0;
  std::int64_t seriously_injured = 0;
  double direct_loss_yuan = 0;
  std::optional<double> forest_area_ha;
  std::optional<double> grassland_area_ha;
  std::optional<double> magnitude;
  bool dense_population = false;
  std::optional<std::int64_t> people_to_relocate;
  std::optional<double> potential_loss_yuan;
};

struct Criterion {
  std::string field;  // deaths, deaths_and_missing, seriously_injured,
                      // deaths_and_seriously_injured, direct_loss_yuan,
                      // forest_area_ha, grassland_area_ha, magnitude_dense, magnitude_sparse,
                      // people_to_relocate, potential_loss_yuan
  std::string label;  // 死亡(含失踪)
  std::string unit;   // 人, 元, 公顷, 级
  std::optional<double> bounds[3];  // lower bounds of I, II, III
};

struct GradingTable {
  std::string id;
  std::string scheme;  // accident | forest_fire | grassland_fire | geological | earthquake
  std::string name;
  std::string source;
  std::int64_t effective_from = 0;      // ms, inclusive
  std::int64_t effective_to = INT64_MAX;  // ms, exclusive
  std::vector<Criterion> criteria;
};

// A column of a table that reached the level: 死亡(含失踪) 3人 ≥ 3人.
struct Reached {
  std::string field;  // deaths_and_missing ...
  std::string label;  // 死亡(含失踪), as the table names it
  std::string unit;   // 人, 元, 公顷, 级
  double value = 0;
  double bound = 0;
};

struct Grade {
  std::string level;   // I..IV
  std::string reason;  // which column reached it, and under which table (zh-CN, kept on record)
  std::string table_id;
  // The same in parts, for pages that word it in the user's language: the table's name ("" when
  // the type has no table in force) and the columns that reached the level (none: IV because no
  // column reached III).
  std::string table_name;
  std::vector<Reached> reached;
};
// {"level","table_id","table_name","reached":[{"field","label","unit","value","bound"}]}
boost::json::object to_json(const Grade& g);

// The grading schemes a type may name: none, one of the tables' schemes, or "a+b".
bool known_scheme(std::string_view scheme);

class Grading {
 public:
  // The built-in tables, then those of `extra_json` (a deployment's file), which win where
  // their dates overlap.
  static Result<Grading> load(std::string_view extra_json = {});
  // Parses {"tables":[...]} (see grading.cpp for the shape); errors name the table.
  Status add(std::string_view json);

  // The table of `scheme` in force at `at_ms`, or null (no table: set by hand).
  const GradingTable* in_force(std::string_view scheme, std::int64_t at_ms) const;
  // The highest level any criterion reaches; IV when none reaches III or above. A scheme
  // "a+b" grades by both schemes' tables and takes the higher level (森林草原火灾 before the
  // type tells forest from grassland).
  Grade grade(std::string_view scheme, const GradingInputs& inputs, std::int64_t at_ms) const;

  const std::vector<GradingTable>& tables() const { return tables_; }

 private:
  std::vector<GradingTable> tables_;  // later entries win
};

}  // namespace fenghuo::incidents

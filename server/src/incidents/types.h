#pragma once

#include <map>
#include <string>
#include <vector>

#include "db/database.h"

namespace fenghuo::incidents {

// A node of the incident type tree (GB/T 35561 categories and the plan subclasses), kept as
// data so that the official table can be loaded over it.
struct IncidentType {
  std::string code;
  std::string name;
  std::string name_en;
  std::string parent;    // "" for the four categories
  std::string category;  // natural | accident | health | social
  std::string grading;   // accident | forest_fire | geological | earthquake | none
  int sort = 0;
};

// The built-in tree.
const std::vector<IncidentType>& builtin_types();
// Inserts the built-in types that the database does not have yet (never overwrites).
Status sync_types(db::Transaction& tx);
Result<std::vector<IncidentType>> load_types(db::Connection& c);

// Loads a type table over the stored one (the official GB/T 35561 table, a province's own
// subclasses): {"types":[{"code","name","name_en"?,"parent"?,"category","grading"?}]}.
// New codes are added, known ones updated; nothing is removed (incidents refer to them).
// Every row is checked first (parents known, categories and grading schemes valid) and
// nothing is written when one is wrong. Answers the number of rows written.
Result<int> import_types(db::Transaction& tx, std::string_view json);

// The grading inputs a type's scheme uses beyond the casualty columns.
std::vector<std::string> grading_inputs(const std::string& grading);
// Days after the accident in which casualty changes are reported again (补报): the days of the
// nearest of the type and its ancestors that `days` names (by default 7 for road traffic and
// fire accidents, A08 and A07, and all their subtypes), else days["*"] (30).
int supplement_window_days(const std::string& type_code, const std::vector<IncidentType>& tree,
                           const std::map<std::string, int, std::less<>>& days);

}  // namespace fenghuo::incidents

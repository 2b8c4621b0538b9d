#pragma once

#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/principal.h"
#include "resources/service.h"

namespace fenghuo::resources {

// A column of the import template and the export: the key and its Chinese header.
struct Column {
  std::string key;
  std::string header;  // zh-CN, with the unit: "队伍人数(人)"
};
// The columns of a kind: common fields first, then the kind's own, in declaration order.
std::vector<Column> columns_of(const Kind& kind);

// The CSV template (headers only: CSV holds nothing else) and exports, as CSV (UTF-8 with BOM, for
// Excel) and XLSX.
std::string to_csv(const Kind& kind, const std::vector<Resource>& rows);
Result<std::string> to_xlsx(const Kind& kind, const std::vector<Resource>& rows,
                            const std::string& temp_folder);
// The XLSX import template: the first sheet (the one imported) has the headers, with the format
// of each column (for coded columns, category and enums, their allowed values) as a header
// comment; then the sheets 填写说明 (every column: required, format or allowed values, example),
// 示例 (one example row) and 可选值 (the allowed values of each coded column).
Result<std::string> template_xlsx(const Kind& kind, const std::string& temp_folder);

// Imports rows of one kind: CSV (headers as in the template, Chinese or keys) or JSON
// {"rows":[{...}]}. A row with an id updates that record. A row without one whose record is
// already there (same kind, name and region, and within kSamePlaceMetres when both have a
// position) is reported as existing and skipped: the stored record is left as it is (to change
// it, import it with its 编号). Other rows are created. A dry run, or any bad row without
// `partial`, changes nothing; the report names every bad row.
inline constexpr double kSamePlaceMetres = 30;
struct ImportReport {
  bool applied = false;
  int created = 0;
  int updated = 0;
  struct Existing {
    int row;
    std::int64_t id;  // the stored record the row names
  };
  std::vector<Existing> existing;
  struct Rejection {
    int row;
    std::string field;
    std::string reason;
  };
  std::vector<Rejection> rejected;
};
Result<ImportReport> import_rows(db::Database& db, ResourceService& service, const Principal& by,
                                 const Kind& kind, const std::string& content_type,
                                 const std::string& body, bool dry_run, bool partial);
boost::json::object to_json(const ImportReport& report);

}  // namespace fenghuo::resources

#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/principal.h"
#include "db/database.h"
#include "identity/directory.h"

namespace fenghuo::identity {

// Imports and syncs organisations and people from the national unified identity system.
// Rows are upserted by external id. With `full_sync`, active people with an external id in
// the caller's jurisdiction who are missing from the file are disabled. A file with any
// invalid row changes nothing unless `partial` is set (then the valid rows are applied).
class Importer {
 public:
  explicit Importer(db::Database& db, DirectoryService& directory);

  struct Options {
    bool partial = false;
    bool full_sync = false;
    bool dry_run = false;
  };
  struct Rejection {
    int row;  // 1-based: CSV line number (header is line 1) or position in the JSON list
    std::string kind;  // organisation | user
    std::string field;
    std::string reason;
  };
  struct Counts {
    int organisations = 0;
    int users = 0;
  };
  struct Report {
    bool applied = false;
    Counts created, updated, disabled;
    std::vector<Rejection> rejected;
  };

  // `content_type` text/csv or application/json. Errors: 400 for an unreadable file
  // (not CSV/JSON at all); row problems are in the report.
  Result<Report> run(const Principal& by, const std::string& content_type,
                     const std::string& body, Options options);

 private:
  db::Database& db_;
  DirectoryService& directory_;
};

boost::json::object to_json(const Importer::Report& report);

}  // namespace fenghuo::identity

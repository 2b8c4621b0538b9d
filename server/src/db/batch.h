#pragma once

#include <functional>
#include <optional>

#include "db/database.h"

namespace fenghuo::db {

// The rows of one import, applied in one transaction, each inside a savepoint so that a bad
// row is undone alone while the others stay. Used by every importer.
class RowBatch {
 public:
  explicit RowBatch(Transaction& tx) : tx_(tx) {}

  // Runs `apply` in a savepoint. When it fails, only its changes are rolled back and its
  // error is answered in `refused`. A failure of the savepoints themselves is the Status.
  Status row(const std::function<Status()>& apply, std::optional<Error>& refused);
  bool any_refused() const { return any_refused_; }

 private:
  Transaction& tx_;
  bool any_refused_ = false;
};

// Runs `body` in one transaction and keeps its changes unless `dry_run`, or unless a row was
// refused and `partial` is false. Answers whether the changes were kept; an error of `body`
// rolls everything back and is answered as the error.
Result<bool> run_batch(Database& db, bool dry_run, bool partial,
                       const std::function<Status(Transaction&, RowBatch&)>& body);

}  // namespace fenghuo::db

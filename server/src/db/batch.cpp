#include "db/batch.h"

namespace fenghuo::db {

Status RowBatch::row(const std::function<Status()>& apply, std::optional<Error>& refused) {
  refused.reset();
  FENGHUO_TRY(tx_->execute_script("SAVEPOINT batch_row"));
  Status st = apply();
  if (!st.ok()) {
    FENGHUO_TRY(tx_->execute_script("ROLLBACK TO SAVEPOINT batch_row"));
    refused = std::move(st).error();
    any_refused_ = true;
  }
  return tx_->execute_script("RELEASE SAVEPOINT batch_row");
}

Result<bool> run_batch(Database& db, bool dry_run, bool partial,
                       const std::function<Status(Transaction&, RowBatch&)>& body) {
  bool discarded = false;
  Status outcome = db.transact([&](Transaction& tx) -> Status {
    RowBatch batch(tx);
    FENGHUO_TRY(body(tx, batch));
    if (dry_run || (batch.any_refused() && !partial)) {
      discarded = true;
      return Error::conflict("batch discarded");  // rolls the transaction back
    }
    return {};
  });
  if (outcome.ok()) return true;
  if (discarded) return false;
  return std::move(outcome).error();
}

}  // namespace fenghuo::db

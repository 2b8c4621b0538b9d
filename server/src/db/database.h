#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"

namespace fenghuo::db {

enum class Dialect { kSqlite, kPostgresql };
std::string_view dialect_name(Dialect dialect);  // "sqlite" | "postgresql"

// A bound parameter. Booleans are stored as 0/1 integers, times as integer milliseconds.
using Param = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

// One cell as the backend returned it: SQLite hands back typed values, PostgreSQL text.
using Cell = std::variant<std::monostate, std::int64_t, double, std::string>;

// The rows of a query, with conversions that accept either representation.
class Rows {
 public:
  Rows() = default;
  Rows(std::vector<std::string> columns, std::vector<std::vector<Cell>> rows)
      : columns_(std::move(columns)), rows_(std::move(rows)) {}

  std::size_t size() const { return rows_.size(); }
  bool empty() const { return rows_.empty(); }
  const std::vector<std::string>& columns() const { return columns_; }

  bool is_null(std::size_t row, std::size_t col) const;
  std::int64_t i64(std::size_t row, std::size_t col) const;  // null reads as 0
  double f64(std::size_t row, std::size_t col) const;        // null reads as 0
  std::string text(std::size_t row, std::size_t col) const;  // null reads as ""
  std::optional<std::int64_t> opt_i64(std::size_t row, std::size_t col) const;

 private:
  std::vector<std::string> columns_;
  std::vector<std::vector<Cell>> rows_;
};

// One database connection. SQL uses $1..$n placeholders on both backends; parameters are
// always bound, never spliced. Not thread-safe: a connection belongs to one caller at a time.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Result<Rows> query(std::string_view sql, std::span<const Param> params = {}) = 0;
  // Runs a statement and answers the number of rows it changed.
  virtual Result<std::int64_t> execute(std::string_view sql,
                                       std::span<const Param> params = {}) = 0;
  // Runs several statements without parameters (migrations).
  virtual Status execute_script(std::string_view sql) = 0;
  virtual Dialect dialect() const = 0;
  // Inside a transaction: waits for, then holds until the end of the transaction, the lock
  // named `key`, serialising writers across processes (PostgreSQL). On SQLite, write
  // transactions are serialised already and this does nothing.
  virtual Status advisory_lock(std::int64_t key) {
    (void)key;
    return {};
  }

  Result<Rows> query(std::string_view sql, std::initializer_list<Param> params) {
    return query(sql, std::span<const Param>(params.begin(), params.size()));
  }
  Result<std::int64_t> execute(std::string_view sql, std::initializer_list<Param> params) {
    return execute(sql, std::span<const Param>(params.begin(), params.size()));
  }
};

// A connection inside a transaction, with hooks that run only once the commit succeeded
// (services publish realtime events there, so no one hears of a change that rolled back).
class Transaction {
 public:
  explicit Transaction(Connection& connection) : connection_(connection) {}
  Connection& connection() { return connection_; }
  Connection* operator->() { return &connection_; }
  void after_commit(std::function<void()> hook) { after_commit_.push_back(std::move(hook)); }
  std::vector<std::function<void()>>& after_commit_hooks() { return after_commit_; }

 private:
  Connection& connection_;
  std::vector<std::function<void()>> after_commit_;
};

// Hears notifications on one channel from every process on the database, on its own
// connection and thread, reconnecting with backoff when the connection drops. Destroying
// it stops the thread. Handlers run on that thread.
class Listener {
 public:
  virtual ~Listener() = default;
};

// A database: a pool of connections and a way to run transactions. Thread-safe.
// Errors: kUnavailable when no connection can be had (down, pool exhausted past the wait),
// kConflict for unique-constraint violations, kInternal for SQL errors (bugs).
class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;
  // The database's kind, for logs and the health answer: "sqlite" | "postgresql".
  std::string_view name() const { return dialect_name(dialect()); }

  // Borrows a connection for reads (a reader on SQLite: it sees committed data).
  virtual Status read(const std::function<Status(Connection&)>& work) = 0;

  // Runs `work` in one transaction: commits when it succeeds, rolls back when it fails or
  // throws, then runs the after-commit hooks. On SQLite, writes are serialised.
  virtual Status transact(const std::function<Status(Transaction&)>& work) = 0;

  // Opens a dedicated connection outside the pool (for LISTEN, long-lived work).
  virtual Result<std::unique_ptr<Connection>> open_dedicated() = 0;

  // Cross-process notifications (PostgreSQL NOTIFY, at most 7,999 bytes of payload). On
  // SQLite there is only one process, so these do nothing and `listen` answers null.
  virtual bool crosses_processes() const { return false; }
  virtual Status notify(std::string_view channel, std::string_view payload);
  virtual Result<std::unique_ptr<Listener>> listen(
      std::string channel, std::function<void(std::string_view payload)> on_message);

  // A round trip to the database.
  Status ping();
};

struct DatabaseOptions {
  std::string url;  // sqlite:PATH or postgresql://...
  int pool_size = 8;
  int busy_timeout_ms = 5000;
};

// What an update that changed no row means: kNotFound when the record is gone, else kConflict
// naming its current version. `exists_sql` selects the version of row $1.
Status version_miss(Connection& c, std::string_view exists_sql, std::int64_t id,
                    std::string_view what);

// Opens the database named by the URL. For SQLite, creates the file's folder.
Result<std::unique_ptr<Database>> open_database(const DatabaseOptions& options);

}  // namespace fenghuo::db

#include "db/sqlite/sqlite_database.h"

#include <sqlite3.h>

#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <unordered_map>
#include <vector>

#include <spdlog/spdlog.h>

namespace fenghuo::db {
namespace {

Error sqlite_error(sqlite3* db, int rc, std::string_view sql) {
  std::string message = std::string(sqlite3_errstr(rc));
  if (db != nullptr) message = sqlite3_errmsg(db);
  int primary = rc & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return Error::unavailable("database is busy: " + message);
  }
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return Error::conflict("duplicate: " + message);
  }
  if (primary == SQLITE_CONSTRAINT) {
    return Error{ErrorCode::kUnprocessable, "constraint failed: " + message, {}};
  }
  spdlog::error("sqlite error {} in: {}", message, sql.substr(0, 200));
  return Error::internal("database error: " + message);
}

class SqliteConnection final : public Connection {
 public:
  using Connection::execute;
  using Connection::query;
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, prepared] : statements_) sqlite3_finalize(prepared.stmt);
    sqlite3_close_v2(db_);
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  Result<Rows> query(std::string_view sql, std::span<const Param> params) override {
    auto stmt = prepare_and_bind(sql, params);
    if (!stmt.ok()) return std::move(stmt).error();
    sqlite3_stmt* s = *stmt;
    int ncol = sqlite3_column_count(s);
    std::vector<std::string> columns;
    columns.reserve(ncol);
    for (int i = 0; i < ncol; ++i) columns.emplace_back(sqlite3_column_name(s, i));
    std::vector<std::vector<Cell>> rows;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      std::vector<Cell>& row = rows.emplace_back();
      row.reserve(ncol);
      for (int i = 0; i < ncol; ++i) {
        switch (sqlite3_column_type(s, i)) {
          case SQLITE_INTEGER: row.emplace_back(std::int64_t{sqlite3_column_int64(s, i)}); break;
          case SQLITE_FLOAT: row.emplace_back(sqlite3_column_double(s, i)); break;
          case SQLITE_NULL: row.emplace_back(std::monostate{}); break;
          default: {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
            row.emplace_back(std::string(text, sqlite3_column_bytes(s, i)));
          }
        }
      }
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return sqlite_error(db_, rc, sql);
    return Rows(std::move(columns), std::move(rows));
  }

  Result<std::int64_t> execute(std::string_view sql, std::span<const Param> params) override {
    auto stmt = prepare_and_bind(sql, params);
    if (!stmt.ok()) return std::move(stmt).error();
    int rc;
    while ((rc = sqlite3_step(*stmt)) == SQLITE_ROW) {
    }
    sqlite3_reset(*stmt);
    if (rc != SQLITE_DONE) return sqlite_error(db_, rc, sql);
    return std::int64_t{sqlite3_changes64(db_)};
  }

  Status execute_script(std::string_view sql) override {
    std::string text(sql);
    char* message = nullptr;
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
      std::string why = message != nullptr ? message : sqlite3_errstr(rc);
      sqlite3_free(message);
      Error e = sqlite_error(db_, rc, sql);
      e.message = "database error: " + why;
      return e;
    }
    return {};
  }

 private:
  Result<sqlite3_stmt*> prepare_and_bind(std::string_view sql, std::span<const Param> params) {
    auto it = statements_.find(sql);
    if (it != statements_.end()) {
      sqlite3_clear_bindings(it->second.stmt);
    } else {
      sqlite3_stmt* stmt = nullptr;
      int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                  SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
      if (rc != SQLITE_OK) return sqlite_error(db_, rc, sql);
      // `$n` are named parameters to SQLite, numbered by first appearance: where each $n
      // went is worked out once per statement (looking names up per call is quadratic).
      Prepared prepared{stmt, {}};
      for (int index = 1; index <= sqlite3_bind_parameter_count(stmt); ++index) {
        const char* name = sqlite3_bind_parameter_name(stmt, index);
        if (name == nullptr || name[0] != '$') continue;
        std::size_t n = std::strtoul(name + 1, nullptr, 10);
        if (n == 0) continue;
        if (prepared.index_of.size() < n) prepared.index_of.resize(n, 0);
        prepared.index_of[n - 1] = index;
      }
      it = statements_.emplace(std::string(sql), std::move(prepared)).first;
    }
    sqlite3_stmt* stmt = it->second.stmt;
    const auto& index_of = it->second.index_of;
    for (std::size_t i = 0; i < params.size(); ++i) {
      int index = i < index_of.size() ? index_of[i] : 0;
      if (index == 0) continue;
      int rc = std::visit(
          [&](const auto& v) -> int {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) {
              return sqlite3_bind_null(stmt, index);
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
              return sqlite3_bind_int64(stmt, index, v);
            } else if constexpr (std::is_same_v<T, double>) {
              return sqlite3_bind_double(stmt, index, v);
            } else {
              return sqlite3_bind_text(stmt, index, v.data(), static_cast<int>(v.size()),
                                       SQLITE_STATIC);
            }
          },
          params[i]);
      if (rc != SQLITE_OK) return sqlite_error(db_, rc, sql);
    }
    return stmt;
  }

  sqlite3* db_;
  struct Prepared {
    sqlite3_stmt* stmt;
    std::vector<int> index_of;  // SQLite's index of $1, $2, ... (0: not in the statement)
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, Prepared, Hash, std::equal_to<>> statements_;
};

Result<std::unique_ptr<SqliteConnection>> connect(const std::string& path, bool writer,
                                                  int busy_timeout_ms) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (writer ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string why = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return Error::unavailable("cannot open SQLite database " + path + ": " + why);
  }
  auto connection = std::make_unique<SqliteConnection>(db);
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  std::string pragmas = writer ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                                 "PRAGMA foreign_keys=ON;"
                               : "PRAGMA foreign_keys=ON; PRAGMA query_only=ON;";
  FENGHUO_TRY(connection->execute_script(pragmas));
  return connection;
}

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, std::unique_ptr<SqliteConnection> writer,
                 const DatabaseOptions& options)
      : path_(std::move(path)), writer_(std::move(writer)), options_(options) {}

  Dialect dialect() const override { return Dialect::kSqlite; }

  Status read(const std::function<Status(Connection&)>& work) override {
    auto reader = acquire_reader();
    if (!reader.ok()) return std::move(reader).error();
    std::unique_ptr<SqliteConnection> connection = std::move(reader).value();
    Status result = [&]() -> Status {
      try {
        return work(*connection);
      } catch (...) {
        release_reader(std::move(connection));
        throw;
      }
    }();
    release_reader(std::move(connection));
    return result;
  }

  Status transact(const std::function<Status(Transaction&)>& work) override {
    Transaction tx(*writer_);
    {
      std::lock_guard lock(writer_mutex_);
      FENGHUO_TRY(writer_->execute_script("BEGIN IMMEDIATE"));
      Status result = [&]() -> Status {
        try {
          return work(tx);
        } catch (...) {
          (void)writer_->execute_script("ROLLBACK");
          throw;
        }
      }();
      if (!result.ok()) {
        (void)writer_->execute_script("ROLLBACK");
        return result;
      }
      if (Status commit = writer_->execute_script("COMMIT"); !commit.ok()) {
        (void)writer_->execute_script("ROLLBACK");
        return commit;
      }
    }
    for (auto& hook : tx.after_commit_hooks()) hook();
    return {};
  }

  Result<std::unique_ptr<Connection>> open_dedicated() override {
    auto c = connect(path_, true, options_.busy_timeout_ms);
    if (!c.ok()) return std::move(c).error();
    return std::unique_ptr<Connection>(std::move(c).value());
  }

 private:
  Result<std::unique_ptr<SqliteConnection>> acquire_reader() {
    std::unique_lock lock(readers_mutex_);
    if (!idle_readers_.empty()) {
      auto c = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return c;
    }
    if (open_readers_ >= options_.pool_size) {
      bool got = readers_cv_.wait_for(lock, std::chrono::milliseconds(options_.busy_timeout_ms),
                                      [&] { return !idle_readers_.empty(); });
      if (!got) return Error::unavailable("all database connections are busy");
      auto c = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return c;
    }
    ++open_readers_;
    lock.unlock();
    auto c = connect(path_, false, options_.busy_timeout_ms);
    if (!c.ok()) {
      std::lock_guard relock(readers_mutex_);
      --open_readers_;
    }
    return c;
  }

  void release_reader(std::unique_ptr<SqliteConnection> connection) {
    {
      std::lock_guard lock(readers_mutex_);
      idle_readers_.push_back(std::move(connection));
    }
    readers_cv_.notify_one();
  }

  std::string path_;
  std::unique_ptr<SqliteConnection> writer_;
  std::mutex writer_mutex_;
  DatabaseOptions options_;
  std::mutex readers_mutex_;
  std::condition_variable readers_cv_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_readers_;
  int open_readers_ = 0;
};

}  // namespace

Result<std::unique_ptr<Database>> open_sqlite(const std::string& path,
                                              const DatabaseOptions& options) {
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (ec) {
    return Error::unavailable("cannot create folder " + parent.string() + ": " + ec.message());
  }
  auto writer = connect(path, true, options.busy_timeout_ms);
  if (!writer.ok()) return std::move(writer).error();
  return std::unique_ptr<Database>(
      std::make_unique<SqliteDatabase>(path, std::move(writer).value(), options));
}

}  // namespace fenghuo::db

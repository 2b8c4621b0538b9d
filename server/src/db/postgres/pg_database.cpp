#include "db/postgres/pg_database.h"
#include "db/postgres/pg_listener.h"

#include <libpq-fe.h>

#include <charconv>
#include <cstring>
#include <condition_variable>
#include <mutex>
#include <unordered_map>

#include <spdlog/spdlog.h>

namespace fenghuo::db {
namespace {

void ignore_notice(void*, const char*) {}

Error pg_error(PGconn* conn, const PGresult* res, std::string_view sql) {
  const char* state = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = res != nullptr ? PQresultErrorMessage(res) : PQerrorMessage(conn);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  std::string_view code = state != nullptr ? state : "";
  if (PQstatus(conn) == CONNECTION_BAD || code.starts_with("08")) {
    return Error::unavailable("database connection lost: " + message);
  }
  if (code == "23505") return Error::conflict("duplicate: " + message);
  if (code.starts_with("23")) {
    return Error{ErrorCode::kUnprocessable, "constraint failed: " + message, {}};
  }
  if (code == "40001" || code == "40P01" || code == "55P03" || code == "57014") {
    return Error::unavailable("database is busy: " + message);
  }
  spdlog::error("postgresql error {} ({}) in: {}", message, code, sql.substr(0, 200));
  return Error::internal("database error: " + message);
}

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

class PgConnection final : public Connection {
 public:
  using Connection::execute;
  using Connection::query;
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  ~PgConnection() override { PQfinish(conn_); }

  Dialect dialect() const override { return Dialect::kPostgresql; }
  bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }
  PGconn* native() { return conn_; }

  Result<Rows> query(std::string_view sql, std::span<const Param> params) override {
    auto res = run(sql, params);
    if (!res.ok()) return std::move(res).error();
    PGresult* r = res->get();
    int nrows = PQntuples(r);
    int ncol = PQnfields(r);
    std::vector<std::string> columns;
    columns.reserve(ncol);
    for (int i = 0; i < ncol; ++i) columns.emplace_back(PQfname(r, i));
    std::vector<std::vector<Cell>> rows(nrows);
    for (int row = 0; row < nrows; ++row) {
      rows[row].reserve(ncol);
      for (int col = 0; col < ncol; ++col) {
        if (PQgetisnull(r, row, col)) {
          rows[row].emplace_back(std::monostate{});
        } else {
          rows[row].emplace_back(std::string(PQgetvalue(r, row, col), PQgetlength(r, row, col)));
        }
      }
    }
    return Rows(std::move(columns), std::move(rows));
  }

  Result<std::int64_t> execute(std::string_view sql, std::span<const Param> params) override {
    auto res = run(sql, params);
    if (!res.ok()) return std::move(res).error();
    const char* tuples = PQcmdTuples(res->get());
    std::int64_t n = 0;
    std::from_chars(tuples, tuples + std::strlen(tuples), n);
    return n;
  }

  Status advisory_lock(std::int64_t key) override {
    auto r = query("SELECT pg_advisory_xact_lock($1)", {key});
    if (!r.ok()) return std::move(r).error();
    return {};
  }

  Status execute_script(std::string_view sql) override {
    PgResult res(PQexec(conn_, std::string(sql).c_str()));
    auto status = PQresultStatus(res.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      return pg_error(conn_, res.get(), sql);
    }
    return {};
  }

 private:
  Result<PgResult> run(std::string_view sql, std::span<const Param> params) {
    std::string key(sql);
    auto it = prepared_.find(key);
    if (it == prepared_.end()) {
      std::string name = "s" + std::to_string(prepared_.size());
      PgResult prep(PQprepare(conn_, name.c_str(), key.c_str(), 0, nullptr));
      if (PQresultStatus(prep.get()) != PGRES_COMMAND_OK) return pg_error(conn_, prep.get(), sql);
      it = prepared_.emplace(std::move(key), std::move(name)).first;
    }
    std::vector<std::string> storage(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (std::size_t i = 0; i < params.size(); ++i) {
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) {
              values[i] = nullptr;
            } else if constexpr (std::is_same_v<T, std::string>) {
              values[i] = v.c_str();
            } else {
              char buf[32];
              auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
              storage[i].assign(buf, end);
              values[i] = storage[i].c_str();
            }
          },
          params[i]);
    }
    PgResult res(PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(params.size()),
                                values.data(), nullptr, nullptr, 0));
    auto status = PQresultStatus(res.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      Error e = pg_error(conn_, res.get(), sql);
      if (!healthy()) prepared_.clear();
      return e;
    }
    return res;
  }

  PGconn* conn_;
  std::unordered_map<std::string, std::string> prepared_;
};

Result<std::unique_ptr<PgConnection>> connect(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string why = PQerrorMessage(conn);
    PQfinish(conn);
    while (!why.empty() && why.back() == '\n') why.pop_back();
    return Error::unavailable("cannot connect to PostgreSQL: " + why);
  }
  PQsetNoticeProcessor(conn, ignore_notice, nullptr);
  auto c = std::make_unique<PgConnection>(conn);
  FENGHUO_TRY(c->execute_script("SET client_min_messages = warning; SET TIME ZONE 'UTC'"));
  return c;
}

class PgDatabase final : public Database {
 public:
  PgDatabase(std::string url, const DatabaseOptions& options)
      : url_(std::move(url)), options_(options) {}

  Dialect dialect() const override { return Dialect::kPostgresql; }

  Status read(const std::function<Status(Connection&)>& work) override {
    auto c = acquire();
    if (!c.ok()) return std::move(c).error();
    Lease lease(*this, std::move(c).value());
    return work(*lease.connection);
  }

  Status transact(const std::function<Status(Transaction&)>& work) override {
    auto c = acquire();
    if (!c.ok()) return std::move(c).error();
    Lease lease(*this, std::move(c).value());
    PgConnection& conn = *lease.connection;
    Transaction tx(conn);
    FENGHUO_TRY(conn.execute_script("BEGIN"));
    Status result = [&]() -> Status {
      try {
        return work(tx);
      } catch (...) {
        (void)conn.execute_script("ROLLBACK");
        throw;
      }
    }();
    if (!result.ok()) {
      (void)conn.execute_script("ROLLBACK");
      return result;
    }
    if (Status commit = conn.execute_script("COMMIT"); !commit.ok()) {
      (void)conn.execute_script("ROLLBACK");
      return commit;
    }
    for (auto& hook : tx.after_commit_hooks()) hook();
    return {};
  }

  Result<std::unique_ptr<Connection>> open_dedicated() override {
    auto c = connect(url_);
    if (!c.ok()) return std::move(c).error();
    return std::unique_ptr<Connection>(std::move(c).value());
  }

  bool crosses_processes() const override { return true; }

  Status notify(std::string_view channel, std::string_view payload) override {
    return read([&](Connection& c) -> Status {
      auto r = c.query("SELECT pg_notify($1, $2)",
                       {std::string(channel), std::string(payload)});
      if (!r.ok()) return std::move(r).error();
      return {};
    });
  }

  Result<std::unique_ptr<Listener>> listen(
      std::string channel, std::function<void(std::string_view)> on_message) override {
    return start_pg_listener(url_, std::move(channel), std::move(on_message));
  }

 private:
  // Returns a borrowed connection to the pool, or drops it when it broke.
  struct Lease {
    Lease(PgDatabase& db, std::unique_ptr<PgConnection> c) : db(db), connection(std::move(c)) {}
    ~Lease() { db.release(std::move(connection)); }
    PgDatabase& db;
    std::unique_ptr<PgConnection> connection;
  };

  Result<std::unique_ptr<PgConnection>> acquire() {
    std::unique_lock lock(mutex_);
    auto take_idle = [&] {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return c;
    };
    if (!idle_.empty()) return take_idle();
    if (open_ >= options_.pool_size) {
      if (!cv_.wait_for(lock, std::chrono::milliseconds(options_.busy_timeout_ms),
                        [&] { return !idle_.empty() || open_ < options_.pool_size; })) {
        return Error::unavailable("all database connections are busy");
      }
      if (!idle_.empty()) return take_idle();
    }
    ++open_;
    lock.unlock();
    auto c = connect(url_);
    if (!c.ok()) {
      std::lock_guard relock(mutex_);
      --open_;
      cv_.notify_one();
    }
    return c;
  }

  void release(std::unique_ptr<PgConnection> c) {
    {
      std::lock_guard lock(mutex_);
      if (c->healthy() && PQtransactionStatus(c->native()) == PQTRANS_IDLE) {
        idle_.push_back(std::move(c));
      } else {
        --open_;
      }
    }
    cv_.notify_one();
  }

  std::string url_;
  DatabaseOptions options_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
  int open_ = 0;
};

}  // namespace

Result<std::unique_ptr<Database>> open_postgres(const std::string& url,
                                                const DatabaseOptions& options) {
  auto db = std::make_unique<PgDatabase>(url, options);
  FENGHUO_TRY(db->ping());
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace fenghuo::db

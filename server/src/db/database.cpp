#include "db/database.h"

#include <charconv>
#include <string>

#include "db/postgres/pg_database.h"
#include "db/sqlite/sqlite_database.h"

namespace fenghuo::db {

std::string_view dialect_name(Dialect dialect) {
  return dialect == Dialect::kSqlite ? "sqlite" : "postgresql";
}

bool Rows::is_null(std::size_t row, std::size_t col) const {
  return std::holds_alternative<std::monostate>(rows_.at(row).at(col));
}

std::int64_t Rows::i64(std::size_t row, std::size_t col) const {
  const Cell& c = rows_.at(row).at(col);
  if (auto* v = std::get_if<std::int64_t>(&c)) return *v;
  if (auto* d = std::get_if<double>(&c)) return static_cast<std::int64_t>(*d);
  if (auto* s = std::get_if<std::string>(&c)) {
    std::int64_t v = 0;
    std::from_chars(s->data(), s->data() + s->size(), v);
    return v;
  }
  return 0;
}

double Rows::f64(std::size_t row, std::size_t col) const {
  const Cell& c = rows_.at(row).at(col);
  if (auto* d = std::get_if<double>(&c)) return *d;
  if (auto* v = std::get_if<std::int64_t>(&c)) return static_cast<double>(*v);
  if (auto* s = std::get_if<std::string>(&c)) {
    double d = 0;
    std::from_chars(s->data(), s->data() + s->size(), d);
    return d;
  }
  return 0;
}

std::string Rows::text(std::size_t row, std::size_t col) const {
  const Cell& c = rows_.at(row).at(col);
  if (auto* s = std::get_if<std::string>(&c)) return *s;
  if (auto* v = std::get_if<std::int64_t>(&c)) return std::to_string(*v);
  if (auto* d = std::get_if<double>(&c)) {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *d);
    return std::string(buf, end);
  }
  return {};
}

std::optional<std::int64_t> Rows::opt_i64(std::size_t row, std::size_t col) const {
  if (is_null(row, col)) return std::nullopt;
  return i64(row, col);
}

Status Database::notify(std::string_view, std::string_view) { return {}; }

Result<std::unique_ptr<Listener>> Database::listen(std::string,
                                                   std::function<void(std::string_view)>) {
  return std::unique_ptr<Listener>();
}

Status Database::ping() {
  return read([](Connection& c) -> Status {
    auto r = c.query("SELECT 1");
    if (!r.ok()) return std::move(r).error();
    return {};
  });
}

Result<std::unique_ptr<Database>> open_database(const DatabaseOptions& options) {
  if (options.url.starts_with("sqlite:")) {
    return open_sqlite(options.url.substr(7), options);
  }
  if (options.url.starts_with("postgresql://") || options.url.starts_with("postgres://")) {
    return open_postgres(options.url, options);
  }
  return Error::validation("database.url", "database.url must be sqlite:PATH or postgresql://...");
}

Status version_miss(Connection& c, std::string_view exists_sql, std::int64_t id,
                    std::string_view what) {
  auto rows = c.query(exists_sql, {id});
  if (!rows.ok()) return std::move(rows).error();
  if (rows->empty()) return Error::not_found(std::string(what) + " not found");
  return Error::conflict("version", std::string(what) + " was changed by someone else (now version " +
                             std::to_string(rows->i64(0, 0)) + "); reload and try again");
}

}  // namespace fenghuo::db

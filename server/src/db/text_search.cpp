#include "db/text_search.h"

#include "db/query.h"

namespace fenghuo::db {
namespace {

std::size_t characters(const std::string& utf8) {
  std::size_t n = 0;
  for (unsigned char ch : utf8) n += (ch & 0xC0) != 0x80;
  return n;
}

// A LIKE pattern matching `text` anywhere, with \ as the escape character.
std::string contains_pattern(const std::string& text) {
  std::string out = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "%";
}

// An FTS5 phrase: the text in double quotes, its own quotes doubled.
std::string fts_phrase(const std::string& text) {
  std::string out = "\"";
  for (char ch : text) {
    out += ch;
    if (ch == '"') out += '"';
  }
  return out + "\"";
}

TextHit hit_of(const Rows& r, std::size_t i) {
  TextHit h;
  h.entity = r.text(i, 0);
  h.id = r.i64(i, 1);
  h.kind = r.text(i, 2);
  h.title = r.text(i, 3);
  h.body = r.text(i, 4);
  h.region = r.text(i, 5);
  if (!r.is_null(i, 6)) h.lon = r.f64(i, 6);
  if (!r.is_null(i, 7)) h.lat = r.f64(i, 7);
  h.at = r.i64(i, 8);
  return h;
}

}  // namespace

Result<Page<TextHit>> search_text(Connection& c, const TextQuery& q) {
  bool sqlite = c.dialect() == Dialect::kSqlite;
  bool indexed = characters(q.text) >= 3;
  // Each placeholder is bound where it is used, so that PostgreSQL infers every type.
  std::vector<Param> params;
  auto bind = [&params](Param p) {
    params.push_back(std::move(p));
    return "$" + std::to_string(params.size());
  };
  std::string from = "FROM search_entries e ";
  std::string where = "WHERE (e.region = '' OR e.region LIKE " + bind(q.region_pattern) +
                      ") AND e.at >= " + bind(q.from.value_or(INT64_MIN)) +
                      " AND e.at <= " + bind(q.to.value_or(INT64_MAX)) + " ";
  if (sqlite && indexed) {
    from += "JOIN search_fts f ON f.rowid = e.rowid ";
    where += "AND search_fts MATCH " + bind(fts_phrase(q.text)) + " ";
  } else {
    std::string like = sqlite ? " LIKE " : " ILIKE ";
    std::string pattern = bind(contains_pattern(q.text));
    where += "AND (e.title" + like + pattern + " ESCAPE '\\' OR e.body" + like + pattern +
             " ESCAPE '\\') ";
  }
  if (!q.entities.empty()) {
    // Entity names come from the caller's fixed list, never from input.
    where += "AND e.entity IN (";
    for (std::size_t i = 0; i < q.entities.size(); ++i) {
      where += (i ? ",'" : "'") + q.entities[i] + "'";
    }
    where += ") ";
  }
  FENGHUO_ASSIGN(count, c.query("SELECT COUNT(*) " + from + where, params));
  Page<TextHit> page;
  page.total = count.i64(0, 0);

  std::string text = bind(q.text);
  std::string position = sqlite ? "instr(lower(e.title), lower(" + text + "))"
                                : "strpos(lower(e.title), lower(" + text + "))";
  std::string rank = "CASE WHEN lower(e.title) = lower(" + text + ") THEN 0 WHEN " + position +
                     " = 1 THEN 1 WHEN " + position + " > 0 THEN 2 ELSE 3 END";
  std::string length = sqlite ? "length(e.title)" : "char_length(e.title)";
  std::string sql =
      "SELECT e.entity, e.ref_id, e.kind, e.title, e.body, e.region, e.lon, e.lat, "
      "e.at " +
      from + where + "ORDER BY " + rank + ", " + length + ", e.at DESC, e.entity, e.ref_id LIMIT " +
      bind(q.limit) + " OFFSET " + bind(q.offset);
  FENGHUO_ASSIGN(items, query_all(c, sql, params, hit_of));
  page.items = std::move(items);
  return page;
}

}  // namespace fenghuo::db

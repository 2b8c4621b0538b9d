#include "audit/audit.h"

#include <openssl/evp.h>

#include <memory>

namespace fenghuo::audit {
namespace {

constexpr std::string_view kLast =
    "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1";
constexpr std::string_view kInsert =
    "INSERT INTO audit_log (seq, at, actor_type, actor_id, actor_name, client_address, action, "
    "entity_type, entity_id, region, before_json, after_json, algorithm, prev_hash, hash) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)";
constexpr std::string_view kColumns =
    "SELECT seq, at, actor_type, actor_id, actor_name, client_address, action, entity_type, "
    "entity_id, region, before_json, after_json, algorithm, prev_hash, hash FROM audit_log ";
// Serialises appends across processes on PostgreSQL (SQLite serialises writes already).
constexpr std::int64_t kChainLock = 7415926536;

Entry entry_of(const db::Rows& rows, std::size_t i) {
  Entry e;
  e.seq = rows.i64(i, 0);
  e.at_ms = rows.i64(i, 1);
  e.actor_type = rows.text(i, 2);
  e.actor_id = rows.i64(i, 3);
  e.actor_name = rows.text(i, 4);
  e.client_address = rows.text(i, 5);
  e.change.action = rows.text(i, 6);
  e.change.entity_type = rows.text(i, 7);
  e.change.entity_id = rows.text(i, 8);
  e.change.region = rows.text(i, 9);
  e.change.before = rows.text(i, 10);
  e.change.after = rows.text(i, 11);
  e.algorithm = rows.text(i, 12);
  e.prev_hash = rows.text(i, 13);
  e.hash = rows.text(i, 14);
  return e;
}

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct MdDeleter {
  void operator()(EVP_MD* m) const { EVP_MD_free(m); }
};

}  // namespace

bool algorithm_supported(const std::string& algorithm) {
  std::unique_ptr<EVP_MD, MdDeleter> md(EVP_MD_fetch(nullptr, algorithm.c_str(), nullptr));
  return md != nullptr;
}

Result<std::string> Log::hash_of(const Entry& e) {
  std::unique_ptr<EVP_MD, MdDeleter> md(EVP_MD_fetch(nullptr, e.algorithm.c_str(), nullptr));
  if (!md) return Error::internal("hash algorithm " + e.algorithm + " is not available");
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  EVP_DigestInit_ex(ctx.get(), md.get(), nullptr);
  // Each field is length-prefixed so that no two different entries hash the same text.
  auto field = [&](std::string_view value) {
    std::string length = std::to_string(value.size()) + ":";
    EVP_DigestUpdate(ctx.get(), length.data(), length.size());
    EVP_DigestUpdate(ctx.get(), value.data(), value.size());
  };
  field(e.prev_hash);
  field(std::to_string(e.seq));
  field(std::to_string(e.at_ms));
  field(e.actor_type);
  field(std::to_string(e.actor_id));
  field(e.actor_name);
  field(e.client_address);
  field(e.change.action);
  field(e.change.entity_type);
  field(e.change.entity_id);
  field(e.change.region);
  field(e.change.before);
  field(e.change.after);
  field(e.algorithm);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xf]);
  }
  return hex;
}

Log::Log(const Clock& clock, std::string algorithm)
    : clock_(clock), algorithm_(std::move(algorithm)) {}

Status Log::append(db::Transaction& tx, const Principal& actor, Change change) const {
  FENGHUO_TRY(tx->advisory_lock(kChainLock));
  auto last = tx->query(kLast);
  if (!last.ok()) return std::move(last).error();
  Entry e;
  e.seq = last->empty() ? 1 : last->i64(0, 0) + 1;
  e.prev_hash = last->empty() ? std::string() : last->text(0, 1);
  e.at_ms = clock_.now_ms();
  e.actor_type = actor.kind_name();
  e.actor_id = actor.id;
  e.actor_name = actor.name;
  e.client_address = actor.client_address;
  e.change = std::move(change);
  e.algorithm = algorithm_;
  auto hash = hash_of(e);
  if (!hash.ok()) return std::move(hash).error();
  e.hash = *hash;
  auto nullable = [](const std::string& json) -> db::Param {
    return json.empty() ? db::Param(nullptr) : db::Param(json);
  };
  FENGHUO_TRY(tx->execute(
      kInsert, {e.seq, e.at_ms, e.actor_type, e.actor_id, e.actor_name, e.client_address,
                e.change.action, e.change.entity_type, e.change.entity_id, e.change.region,
                nullable(e.change.before), nullable(e.change.after), e.algorithm, e.prev_hash,
                e.hash}));
  return {};
}

Result<std::pair<std::vector<Entry>, std::int64_t>> Log::search(db::Database& db,
                                                               const Query& q) const {
  // One statement serves every filter combination: an empty filter matches everything.
  static const std::string kWhere =
      "WHERE region LIKE $1 "
      "AND ($2 = '' OR CAST(actor_id AS TEXT) = $2 OR actor_name LIKE '%' || $2 || '%') "
      "AND ($3 = '' OR entity_type = $3) AND ($4 = '' OR entity_id = $4) "
      "AND ($5 = '' OR action = $5 OR action LIKE $5 || '%') "
      "AND at >= $6 AND at < $7 ";
  static const std::string kPage = std::string(kColumns) + kWhere +
                                   "ORDER BY seq DESC LIMIT $8 OFFSET $9";
  static const std::string kCount = "SELECT COUNT(*) FROM audit_log " + kWhere;
  std::vector<Entry> entries;
  std::int64_t total = 0;
  std::vector<db::Param> params = {q.region_pattern, q.actor, q.entity_type, q.entity_id,
                                   q.action, q.from_ms.value_or(0),
                                   q.to_ms.value_or(INT64_MAX), std::int64_t{q.limit},
                                   std::int64_t{q.offset}};
  FENGHUO_TRY(db.read([&](db::Connection& c) -> Status {
    auto rows = c.query(kPage, params);
    if (!rows.ok()) return std::move(rows).error();
    for (std::size_t i = 0; i < rows->size(); ++i) entries.push_back(entry_of(*rows, i));
    auto count = c.query(kCount, std::span<const db::Param>(params.data(), 7));
    if (!count.ok()) return std::move(count).error();
    total = count->i64(0, 0);
    return {};
  }));
  return std::make_pair(std::move(entries), total);
}

Result<Log::Verification> Log::verify(db::Database& db) {
  static const std::string kBatch =
      std::string(kColumns) + "WHERE seq > $1 ORDER BY seq LIMIT 1000";
  Verification v;
  std::int64_t after = 0;
  std::string prev_hash;
  for (;;) {
    db::Rows rows;
    FENGHUO_TRY(db.read([&](db::Connection& c) -> Status {
      auto r = c.query(kBatch, {after});
      if (!r.ok()) return std::move(r).error();
      rows = std::move(r).value();
      return {};
    }));
    if (rows.empty()) break;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      Entry e = entry_of(rows, i);
      auto fail = [&](std::int64_t seq, std::string problem) {
        v.ok = false;
        v.first_bad_seq = seq;
        v.problem = std::move(problem);
      };
      if (e.seq != after + 1) {
        fail(after + 1, "entry " + std::to_string(after + 1) + " is missing");
        return v;
      }
      if (e.prev_hash != prev_hash) {
        fail(e.seq, "entry " + std::to_string(e.seq) +
                        " does not follow its predecessor (removed or reordered entries)");
        return v;
      }
      auto hash = hash_of(e);
      if (!hash.ok()) return std::move(hash).error();
      if (*hash != e.hash) {
        fail(e.seq, "entry " + std::to_string(e.seq) + " was altered");
        return v;
      }
      prev_hash = e.hash;
      after = e.seq;
      ++v.entries;
    }
  }
  return v;
}

}  // namespace fenghuo::audit

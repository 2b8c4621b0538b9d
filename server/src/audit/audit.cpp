#include "audit/audit.h"

#include <fcntl.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "core/crypto.h"
#include "core/random.h"
#include "db/query.h"

namespace fenghuo::audit {
namespace {

constexpr std::string_view kLast = "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1";
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
struct MacDeleter {
  void operator()(EVP_MAC* m) const { EVP_MAC_free(m); }
};
struct MacCtxDeleter {
  void operator()(EVP_MAC_CTX* c) const { EVP_MAC_CTX_free(c); }
};

constexpr std::string_view kKeyed = "hmac-";
constexpr std::size_t kKeyHexDigits = 64;

bool is_keyed(std::string_view algorithm) { return algorithm.starts_with(kKeyed); }

bool is_hex(std::string_view text) {
  for (char c : text) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return !text.empty();
}

// The entry's fields, each length-prefixed so that no two different entries hash the same text.
template <typename Update>
void feed_fields(const Entry& e, Update&& update) {
  auto field = [&](std::string_view value) {
    std::string length = std::to_string(value.size()) + ":";
    update(length);
    update(value);
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
}

Result<std::string> plain_hash(const Entry& e) {
  std::unique_ptr<EVP_MD, MdDeleter> md(EVP_MD_fetch(nullptr, e.algorithm.c_str(), nullptr));
  if (!md) return Error::internal("hash algorithm " + e.algorithm + " is not available");
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  EVP_DigestInit_ex(ctx.get(), md.get(), nullptr);
  feed_fields(e, [&](std::string_view v) { EVP_DigestUpdate(ctx.get(), v.data(), v.size()); });
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &length);
  return to_hex(std::string_view(reinterpret_cast<const char*>(digest), length));
}

Result<std::string> keyed_hash(const Entry& e, const std::string& key) {
  std::string digest_name = e.algorithm.substr(kKeyed.size());
  if (!algorithm_supported(digest_name)) {
    return Error::internal("hash algorithm " + digest_name + " is not available");
  }
  std::unique_ptr<EVP_MAC, MacDeleter> mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
  if (!mac) return Error::internal("HMAC is not available in this OpenSSL");
  std::unique_ptr<EVP_MAC_CTX, MacCtxDeleter> ctx(EVP_MAC_CTX_new(mac.get()));
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name.data(), 0),
      OSSL_PARAM_construct_end()};
  if (EVP_MAC_init(ctx.get(), reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                   params) != 1) {
    return Error::internal("HMAC-" + digest_name + " cannot be set up");
  }
  feed_fields(e, [&](std::string_view v) {
    EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(v.data()), v.size());
  });
  unsigned char digest[EVP_MAX_MD_SIZE];
  std::size_t length = 0;
  EVP_MAC_final(ctx.get(), digest, &length, sizeof digest);
  return to_hex(std::string_view(reinterpret_cast<const char*>(digest), length));
}

}  // namespace

std::string to_string(const Head& head) { return std::to_string(head.seq) + ":" + head.hash; }

Result<Head> parse_head(std::string_view text) {
  auto bad = [] {
    return Error::validation("head", "give the head as `fenghuo audit head` prints it: SEQ:HASH");
  };
  auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) return bad();
  Head head;
  for (char c : text.substr(0, colon)) {
    if (c < '0' || c > '9' || head.seq > (INT64_MAX - 9) / 10) return bad();
    head.seq = head.seq * 10 + (c - '0');
  }
  head.hash = std::string(text.substr(colon + 1));
  if (head.seq <= 0 || !is_hex(head.hash)) return bad();
  return head;
}

Result<std::string> load_key(const std::string& path, bool create) {
  namespace fs = std::filesystem;
  auto invalid = [&](const std::string& why) {
    return Error::validation("audit.key_file", "audit.key_file " + path + ": " + why);
  };
  std::error_code ec;
  if (create && !fs::exists(path, ec)) {
    // Written aside and linked into place, so that two processes starting together end up
    // with the same key (link fails if the other was first) and no one reads half a key.
    fs::path target(path);
    if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
    std::string aside = path + ".new-" + random_hex(8);
    int fd = ::open(aside.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return invalid("cannot be created");
    std::string text = random_hex(kKeyHexDigits / 2) + "\n";
    bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                   ::fsync(fd) == 0;
    ::close(fd);
    if (written && ::link(aside.c_str(), path.c_str()) != 0 && errno != EEXIST) written = false;
    ::unlink(aside.c_str());
    if (!written) return invalid("cannot be written");
  }
  std::ifstream in(path);
  if (!in) return invalid("cannot be read");
  std::stringstream content;
  content << in.rdbuf();
  std::string hex = content.str();
  while (!hex.empty() && std::isspace(static_cast<unsigned char>(hex.back()))) hex.pop_back();
  auto key = from_hex(hex);
  if (hex.size() < kKeyHexDigits || !key) {
    return invalid("must hold a key of at least 64 hex digits (32 bytes)");
  }
  return std::move(*key);
}

bool algorithm_supported(const std::string& algorithm) {
  std::unique_ptr<EVP_MD, MdDeleter> md(EVP_MD_fetch(nullptr, algorithm.c_str(), nullptr));
  return md != nullptr;
}

Result<std::string> Log::hash_of(const Entry& e, const std::string& key) {
  if (!is_keyed(e.algorithm)) return plain_hash(e);
  if (key.empty()) {
    return Error::validation("audit.key_file", "entry " + std::to_string(e.seq) +
                                                   " is keyed: its check needs audit.key_file");
  }
  return keyed_hash(e, key);
}

Log::Log(const Clock& clock, std::string algorithm, std::string key)
    : clock_(clock),
      algorithm_(key.empty() ? std::move(algorithm) : std::string(kKeyed) + algorithm),
      key_(std::move(key)) {}

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
  auto hash = hash_of(e, key_);
  if (!hash.ok()) return std::move(hash).error();
  e.hash = *hash;
  auto nullable = [](const std::string& json) -> db::Param {
    return json.empty() ? db::Param(nullptr) : db::Param(json);
  };
  FENGHUO_TRY(tx->execute(kInsert, {e.seq, e.at_ms, e.actor_type, e.actor_id, e.actor_name,
                                    e.client_address, e.change.action, e.change.entity_type,
                                    e.change.entity_id, e.change.region, nullable(e.change.before),
                                    nullable(e.change.after), e.algorithm, e.prev_hash, e.hash}));
  return {};
}

Result<Page<Entry>> Log::search(db::Database& db, const Query& q) const {
  // One statement serves every filter combination: an empty filter matches everything.
  static const std::string kWhere =
      "WHERE region LIKE $1 "
      "AND ($2 = '' OR CAST(actor_id AS TEXT) = $2 OR actor_name LIKE '%' || $2 || '%') "
      "AND ($3 = '' OR entity_type = $3) AND ($4 = '' OR entity_id = $4) "
      "AND ($5 = '' OR action = $5 OR action LIKE $5 || '%') "
      "AND at >= $6 AND at < $7 ";
  static const std::string kPage =
      std::string(kColumns) + kWhere + "ORDER BY seq DESC LIMIT $8 OFFSET $9";
  static const std::string kCount = "SELECT COUNT(*) FROM audit_log " + kWhere;
  Page<Entry> out;
  std::vector<db::Param> params = {q.region_pattern,
                                   q.actor,
                                   q.entity_type,
                                   q.entity_id,
                                   q.action,
                                   q.from_ms.value_or(0),
                                   q.to_ms.value_or(INT64_MAX),
                                   std::int64_t{q.limit},
                                   std::int64_t{q.offset}};
  FENGHUO_TRY(db.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(entries, db::query_all(c, kPage, params, entry_of));
    out.items = std::move(entries);
    FENGHUO_ASSIGN(count, c.query(kCount, std::span<const db::Param>(params.data(), 7)));
    out.total = count.i64(0, 0);
    return {};
  }));
  return out;
}

Result<Head> Log::head(db::Database& db) {
  Head head;
  FENGHUO_TRY(db.read([&](db::Connection& c) -> Status {
    auto rows = c.query(kLast);
    if (!rows.ok()) return std::move(rows).error();
    if (!rows->empty()) head = {rows->i64(0, 0), rows->text(0, 1)};
    return {};
  }));
  return head;
}

Result<Log::Verification> Log::verify(db::Database& db, const std::string& key,
                                      const std::optional<Head>& head) {
  static const std::string kBatch =
      std::string(kColumns) + "WHERE seq > $1 ORDER BY seq LIMIT 1000";
  Verification v;
  std::int64_t after = 0;
  std::string prev_hash;
  bool keyed_before = false;
  auto fail = [&](std::int64_t seq, std::string problem) {
    v.ok = false;
    v.first_bad_seq = seq;
    v.problem = std::move(problem);
  };
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
      if (e.seq != after + 1) {
        fail(after + 1, "entry " + std::to_string(after + 1) + " is missing");
        return v;
      }
      if (e.prev_hash != prev_hash) {
        fail(e.seq, "entry " + std::to_string(e.seq) +
                        " does not follow its predecessor (removed or reordered entries)");
        return v;
      }
      if (keyed_before && !is_keyed(e.algorithm)) {
        fail(e.seq, "entry " + std::to_string(e.seq) +
                        " is not keyed though the entries before it are (rewritten)");
        return v;
      }
      auto hash = hash_of(e, key);
      if (!hash.ok()) return std::move(hash).error();
      if (*hash != e.hash) {
        fail(e.seq,
             "entry " + std::to_string(e.seq) +
                 (is_keyed(e.algorithm) ? " was altered (or audit.key_file holds another key)"
                                        : " was altered"));
        return v;
      }
      if (head && e.seq == head->seq && e.hash != head->hash) {
        fail(e.seq, "entry " + std::to_string(e.seq) +
                        " is not the exported head: the chain was rewritten from there back");
        return v;
      }
      keyed_before = keyed_before || is_keyed(e.algorithm);
      if (keyed_before && v.keyed_from == 0) v.keyed_from = e.seq;
      prev_hash = e.hash;
      after = e.seq;
      ++v.entries;
    }
  }
  if (head && after < head->seq) {
    fail(after + 1, "the chain ends at entry " + std::to_string(after) +
                        " but the exported head is entry " + std::to_string(head->seq) +
                        ": its tail was removed");
  }
  return v;
}

}  // namespace fenghuo::audit

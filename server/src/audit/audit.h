#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/page.h"
#include "core/principal.h"
#include "db/database.h"

namespace fenghuo::audit {

// One change: who did what to which record, with the record before and after (JSON text,
// empty when there is none).
struct Change {
  std::string action;       // "user.create", "auth.login", ...
  std::string entity_type;  // "user", "organisation", ...
  std::string entity_id;
  std::string region;  // region code of the record (for who may read the entry)
  std::string before;
  std::string after;
};

struct Entry {
  std::int64_t seq = 0;
  std::int64_t at_ms = 0;
  std::string actor_type;  // user | token | system
  std::int64_t actor_id = 0;
  std::string actor_name;
  std::string client_address;
  Change change;
  std::string algorithm;  // sha256 | sm3 (plain), hmac-sha256 | hmac-sm3 (keyed)
  std::string prev_hash;  // hex; empty for the first entry
  std::string hash;       // hex
};

// The last entry of the chain as `fenghuo audit head` exports it ("SEQ:HASH"). Kept outside
// the database, it lets `audit verify --head` find a trimmed or wholly rewritten chain.
struct Head {
  std::int64_t seq = 0;
  std::string hash;
};
std::string to_string(const Head& head);
Result<Head> parse_head(std::string_view text);

// The secret that keys the chain, from `audit.key_file`: 64 hex digits (32 bytes). With
// `create`, a missing file is made (mode 0600) with a random key. The key lives outside the
// database, so that whoever can write the database cannot rewrite the chain.
Result<std::string> load_key(const std::string& path, bool create);

// The append-only, hash-chained audit log. Every write of every module appends its entry in
// the same transaction as the write, so a change and its audit entry commit together.
class Log {
 public:
  // `algorithm` is "sha256" or "sm3" (through OpenSSL); entries record theirs, so the
  // setting may change over the life of a chain. With a `key` (see load_key) entries are
  // HMACs ("hmac-sha256"), which no one without the key can recompute.
  Log(const Clock& clock, std::string algorithm, std::string key = {});

  Status append(db::Transaction& tx, const Principal& actor, Change change) const;

  struct Query {
    std::string region_pattern;  // LIKE pattern from the caller's jurisdiction
    std::string actor;           // actor id or name contains
    std::string entity_type;
    std::string entity_id;
    std::string action;  // exact or prefix ("user.")
    std::optional<std::int64_t> from_ms;
    std::optional<std::int64_t> to_ms;
    int limit = 50;
    int offset = 0;
  };
  Result<Page<Entry>> search(db::Database& db, const Query& query) const;

  struct Verification {
    bool ok = true;
    std::int64_t entries = 0;
    std::int64_t first_bad_seq = 0;
    std::int64_t keyed_from = 0;  // the first keyed entry (0: none)
    std::string problem;
  };
  // Recomputes the chain from the first entry: finds altered, removed and reordered entries,
  // and a plain entry after a keyed one. Keyed entries need the `key`. With a `head`, the
  // chain must hold that entry unchanged (a trimmed or rewritten tail is found).
  static Result<Verification> verify(db::Database& db, const std::string& key = {},
                                     const std::optional<Head>& head = std::nullopt);

  // The last entry (seq 0 and no hash for an empty chain).
  static Result<Head> head(db::Database& db);

  // The hash of an entry given its predecessor's hash (hex). Exposed for tests.
  static Result<std::string> hash_of(const Entry& entry, const std::string& key = {});

 private:
  const Clock& clock_;
  std::string algorithm_;
  std::string key_;
};

// Whether OpenSSL here knows the algorithm ("sha256", "sm3").
bool algorithm_supported(const std::string& algorithm);

}  // namespace fenghuo::audit

#pragma once

#include <cstdint>
#include <optional>
#include <string>

// Plain records of the duty module that its store reads and writes as they are.
namespace fenghuo::duty {

// An entry of a duty room's log, in the shift it fell in (if any).
struct LogEntry {
  std::int64_t id = 0, org_id = 0;
  std::optional<std::int64_t> shift_id, incident_id;
  std::int64_t at = 0;
  std::string kind, text, author;
};

// One receiving organisation of a fax and how far it has got with it.
struct FaxRecipient {
  std::int64_t org_id = 0;
  std::string org_name;
  std::int64_t delivered_at = 0;
  std::optional<std::int64_t> read_at, signed_at, reminded_at;
  std::string signed_by;
  bool archived = false;
};

}  // namespace fenghuo::duty

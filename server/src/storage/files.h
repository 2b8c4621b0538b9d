#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/principal.h"
#include "db/database.h"
#include "http/request.h"
#include "storage/model.h"

namespace fenghuo::storage {

// A module that refers to files (incident attachments, fax documents) answers whether `by` may
// read one of its records that holds file `file_id`. Registered at wiring time, so that
// storage knows no other module and reads no other module's tables.
using ReadGrant = std::function<Result<bool>(const Principal& by, std::int64_t file_id)>;

// Uploaded documents (attachments, faxes), content-addressed under the data folder
// (`<root>/ab/abcdef...`), with their metadata in the database. The type is read from the
// content (libmagic): PDF, PNG, JPEG and DOCX only; at most `max_bytes`.
class FileStore {
 public:
  FileStore(db::Database& db, const Clock& clock, const audit::Log& audit, std::string root,
            std::int64_t max_bytes);
  ~FileStore();

  // Adds a module's answer to "may `by` read this file" (see ReadGrant). Call before serving:
  // not thread-safe against readable().
  void add_read_grant(ReadGrant grant);

  Result<FileInfo> store(const Principal& by, std::string name, std::string_view bytes);
  Result<FileInfo> info(std::int64_t id);
  // The one read rule. The file when `by` may read it: their organisation uploaded it, or a
  // registered grant (an incident they may read attaches it, a fax sent by or to their
  // organisation carries it) says so. Otherwise not_found "file not found", the same answer
  // as for a file that does not exist: nothing about other organisations' files leaks.
  // Not to be called inside a database read or transaction (the grants read themselves).
  Result<FileInfo> readable(const Principal& by, std::int64_t id);
  // For a request that attaches file `id` (an incident's attachments, a fax's document):
  // readable(), with an unreadable or missing file refused as validation of `field`.
  Result<FileInfo> attachable(const Principal& by, std::int64_t id, std::string_view field);
  // A download of the file (the caller checked that the principal may read it); `inline_view`
  // lets the app's own pages show it in a frame (PDF and image previews).
  Result<http::Response> download(std::int64_t id, bool inline_view = false);

  // The MIME type of `bytes` if it is one of the accepted types, else "".
  std::string accepted_type(std::string_view bytes);

 private:
  db::Database& db_;
  const Clock& clock_;
  const audit::Log& audit_;
  std::string root_;
  std::int64_t max_bytes_;
  std::mutex magic_mutex_;
  void* magic_ = nullptr;  // magic_t
  std::vector<ReadGrant> grants_;
};

// For other modules, inside their own read or transaction `c`: the metadata of file `id`
// (nullopt when there is none). No read rule is applied: the caller checked it (readable(),
// attachable()) when the file was attached.
Result<std::optional<FileInfo>> file_in(db::Connection& c, std::int64_t id);

}  // namespace fenghuo::storage

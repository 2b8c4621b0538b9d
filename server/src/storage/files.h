#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include <boost/json/object.hpp>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/principal.h"
#include "db/database.h"
#include "http/request.h"

namespace fenghuo::storage {

struct FileInfo {
  std::int64_t id = 0;
  std::string sha256;
  std::string name;
  std::string type;  // from the content, never from the client
  std::int64_t size = 0;
  std::int64_t org_id = 0;
  std::string region;
  std::string created_by;
  std::int64_t created_at = 0;
};
boost::json::object to_json(const FileInfo& f);

// Uploaded documents (attachments, faxes), content-addressed under the data folder
// (`<root>/ab/abcdef...`), with their metadata in the database. The type is read from the
// content (libmagic): PDF, PNG, JPEG and DOCX only; at most `max_bytes`.
class FileStore {
 public:
  FileStore(db::Database& db, const Clock& clock, const audit::Log& audit, std::string root,
            std::int64_t max_bytes);
  ~FileStore();

  Result<FileInfo> store(const Principal& by, std::string name, std::string_view bytes);
  Result<FileInfo> info(std::int64_t id);
  // A download of the file (the caller checked that the principal may read it); `inline_view`
  // lets the app's own pages show it in a frame (PDF and image previews).
  Result<http::Response> download(std::int64_t id, bool inline_view = false);
  // A file the caller uploaded or whose region the caller covers.
  Status check_readable(const Principal& by, const FileInfo& f) const;

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
};

}  // namespace fenghuo::storage

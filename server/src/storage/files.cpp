#include "storage/files.h"

#include <magic.h>
#include <zip.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "core/crypto.h"
#include "core/time.h"
#include "storage/store.h"

namespace fenghuo::storage {
namespace {

constexpr std::string_view kDocx =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

// A Word document is a zip with word/document.xml; libmagic sometimes says only "zip".
bool is_docx(std::string_view bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (src == nullptr) return false;
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &error);
  if (z == nullptr) {
    zip_source_free(src);
    return false;
  }
  bool found = zip_name_locate(z, "word/document.xml", 0) >= 0;
  zip_discard(z);
  return found;
}

// The file name without folders or characters that break a Content-Disposition header.
std::string clean_name(std::string name) {
  auto slash = name.find_last_of("/\\");
  if (slash != std::string::npos) name = name.substr(slash + 1);
  std::string out;
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == '"' || c == 0x7f) continue;
    out += c;
  }
  return out.substr(0, 200);
}

}  // namespace

boost::json::object to_json(const FileInfo& f) {
  return {{"id", std::to_string(f.id)},
          {"name", f.name},
          {"type", f.type},
          {"size", f.size},
          {"sha256", f.sha256},
          {"created_at", format_rfc3339(f.created_at)}};
}

FileStore::FileStore(db::Database& db, const Clock& clock, const audit::Log& audit,
                     std::string root, std::int64_t max_bytes)
    : db_(db), clock_(clock), audit_(audit), root_(std::move(root)), max_bytes_(max_bytes) {
  magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS);
  if (m != nullptr && magic_load(m, nullptr) != 0) {
    magic_close(m);
    m = nullptr;
  }
  magic_ = m;
}

FileStore::~FileStore() {
  if (magic_ != nullptr) magic_close(static_cast<magic_t>(magic_));
}

std::string FileStore::accepted_type(std::string_view bytes) {
  std::string type;
  {
    std::lock_guard lock(magic_mutex_);
    if (magic_ != nullptr) {
      const char* t = magic_buffer(static_cast<magic_t>(magic_), bytes.data(), bytes.size());
      if (t != nullptr) type = t;
    }
  }
  if (type == "application/pdf" || type == "image/png" || type == "image/jpeg") return type;
  if ((type == kDocx || type == "application/zip" || type == "application/octet-stream") &&
      is_docx(bytes)) {
    return std::string(kDocx);
  }
  return {};
}

Result<FileInfo> FileStore::store(const Principal& by, std::string name, std::string_view bytes) {
  name = clean_name(std::move(name));
  if (name.empty()) return Error::validation("name", "name the file (?name=...)");
  if (bytes.empty()) return Error::validation("file", "the file is empty");
  if (static_cast<std::int64_t>(bytes.size()) > max_bytes_) {
    return Error{ErrorCode::kPayloadTooLarge,
                 "the file is larger than " + std::to_string(max_bytes_ / (1024 * 1024)) + " MB",
                 "file"};
  }
  std::string type = accepted_type(bytes);
  if (type.empty()) {
    return Error{ErrorCode::kUnsupportedMediaType,
                 "only PDF, PNG, JPEG and DOCX documents are accepted (checked from the content)",
                 "file"};
  }
  FileInfo f;
  f.sha256 = sha256_hex(bytes);
  f.name = name;
  f.type = type;
  f.size = static_cast<std::int64_t>(bytes.size());
  f.org_id = by.org_id;
  f.region = by.region;
  f.created_by = by.name;
  f.created_at = clock_.now_ms();

  namespace fs = std::filesystem;
  fs::path path = fs::path(root_) / f.sha256.substr(0, 2) / f.sha256;
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    fs::create_directories(path.parent_path(), ec);
    fs::path tmp = path;
    tmp += ".tmp" + std::to_string(f.created_at) + "-" + std::to_string(by.id);
    {
      std::ofstream out(tmp, std::ios::binary);
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      out.flush();
      if (!out) {
        fs::remove(tmp, ec);
        return Error::unavailable("the file could not be stored (disk full?)");
      }
    }
    fs::rename(tmp, path, ec);
    if (ec) return Error::unavailable("the file could not be stored: " + ec.message());
  }
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    FENGHUO_ASSIGN(id, store::insert_file(tx.connection(), f));
    f.id = id;
    return audit_.append(tx, by,
                         {"file.upload", "file", std::to_string(f.id), f.region, "",
                          boost::json::serialize(to_json(f))});
  }));
  return f;
}

Result<std::optional<FileInfo>> file_in(db::Connection& c, std::int64_t id) {
  return store::find_file(c, id);
}

Result<FileInfo> FileStore::info(std::int64_t id) {
  std::optional<FileInfo> f;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(found, file_in(c, id));
    f = std::move(found);
    return {};
  }));
  if (!f) return Error::not_found("file not found");
  return std::move(*f);
}

void FileStore::add_read_grant(ReadGrant grant) { grants_.push_back(std::move(grant)); }

Result<FileInfo> FileStore::readable(const Principal& by, std::int64_t id) {
  auto f = info(id);
  if (!f.ok()) return std::move(f).error();
  // Region cover alone is no right to read: an upload is the organisation's own until it is
  // attached to something the caller may read.
  if (by.org_id != 0 && f->org_id == by.org_id) return f;
  for (const auto& grant : grants_) {
    FENGHUO_ASSIGN(granted, grant(by, id));
    if (granted) return f;
  }
  return Error::not_found("file not found");
}

Result<FileInfo> FileStore::attachable(const Principal& by, std::int64_t id,
                                       std::string_view field) {
  auto f = readable(by, id);
  if (!f.ok() && f.error().code == ErrorCode::kNotFound) {
    return Error::validation(std::string(field), "file " + std::to_string(id) + " not found");
  }
  return f;
}

Result<http::Response> FileStore::download(std::int64_t id, bool inline_view) {
  FENGHUO_ASSIGN(f, info(id));
  std::filesystem::path path = std::filesystem::path(root_) / f.sha256.substr(0, 2) / f.sha256;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Error::not_found("the file's content is missing");
  http::Response res;
  res.status = 200;
  res.file_path = path.string();
  res.set_header("Content-Type", f.type);
  // RFC 6266: an ASCII fallback and the UTF-8 name.
  std::string encoded;
  for (unsigned char c : f.name) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
      encoded += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      encoded += buf;
    }
  }
  res.set_header("Content-Disposition", std::string(inline_view ? "inline" : "attachment") +
                                            "; filename=\"file-" + std::to_string(f.id) +
                                            "\"; filename*=UTF-8''" + encoded);
  // Framed only by the app's own pages; the document itself loads nothing and runs nothing.
  res.set_header("X-Frame-Options", "SAMEORIGIN");
  res.set_header("Content-Security-Policy",
                 "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; "
                 "object-src 'self'; frame-ancestors 'self'");
  res.set_header("Cache-Control", "private, max-age=3600");
  res.set_header("X-Content-Type-Options", "nosniff");
  return res;
}

}  // namespace fenghuo::storage

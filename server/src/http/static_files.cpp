#include "http/static_files.h"

#include <array>
#include <chrono>
#include <system_error>

namespace fenghuo::http {
namespace fs = std::filesystem;
namespace {

struct TypeEntry {
  std::string_view extension;
  std::string_view type;
};
constexpr std::array kTypes = {
    TypeEntry{".html", "text/html; charset=utf-8"},
    TypeEntry{".js", "text/javascript; charset=utf-8"},
    TypeEntry{".mjs", "text/javascript; charset=utf-8"},
    TypeEntry{".css", "text/css; charset=utf-8"},
    TypeEntry{".json", "application/json; charset=utf-8"},
    TypeEntry{".webmanifest", "application/manifest+json"},
    TypeEntry{".map", "application/json; charset=utf-8"},
    TypeEntry{".svg", "image/svg+xml"},
    TypeEntry{".png", "image/png"},
    TypeEntry{".jpg", "image/jpeg"},
    TypeEntry{".jpeg", "image/jpeg"},
    TypeEntry{".gif", "image/gif"},
    TypeEntry{".webp", "image/webp"},
    TypeEntry{".ico", "image/x-icon"},
    TypeEntry{".woff", "font/woff"},
    TypeEntry{".woff2", "font/woff2"},
    TypeEntry{".ttf", "font/ttf"},
    TypeEntry{".txt", "text/plain; charset=utf-8"},
    TypeEntry{".xml", "application/xml"},
    TypeEntry{".pdf", "application/pdf"},
    TypeEntry{".wasm", "application/wasm"},
    TypeEntry{".mp3", "audio/mpeg"},
    TypeEntry{".ogg", "audio/ogg"},
    TypeEntry{".wav", "audio/wav"},
};

bool accepts_gzip(std::string_view accept_encoding) {
  // Good enough for browsers: "gzip" listed without q=0.
  auto pos = accept_encoding.find("gzip");
  if (pos == std::string_view::npos) return false;
  auto rest = accept_encoding.substr(pos + 4);
  auto comma = rest.find(',');
  auto params = rest.substr(0, comma);
  return params.find("q=0") == std::string_view::npos ||
         params.find("q=0.") != std::string_view::npos;
}

std::string etag_of(std::uintmax_t size, fs::file_time_type mtime, bool gzip) {
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(mtime.time_since_epoch());
  char buf[64];
  std::snprintf(buf, sizeof buf, "\"%jx-%llx%s\"", size, static_cast<long long>(ns.count()),
                gzip ? "-gz" : "");
  return buf;
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  if (if_none_match == "*") return true;
  return if_none_match.find(etag) != std::string_view::npos;
}

// A path below root, or empty when the request tries to leave it.
fs::path resolve(const fs::path& root, std::string_view request_path) {
  fs::path relative;
  std::size_t start = 0;
  while (start <= request_path.size()) {
    std::size_t end = request_path.find('/', start);
    if (end == std::string_view::npos) end = request_path.size();
    std::string_view seg = request_path.substr(start, end - start);
    if (seg == ".." || seg.find('\0') != std::string_view::npos ||
        seg.find('\\') != std::string_view::npos) {
      return {};
    }
    if (!seg.empty() && seg != ".") relative /= std::string(seg);
    start = end + 1;
  }
  return root / relative;
}

Response not_found_text(std::string message) {
  return Response::text(404, std::move(message), "text/plain; charset=utf-8");
}

}  // namespace

std::string_view content_type_for(std::string_view extension) {
  for (const auto& t : kTypes) {
    if (t.extension == extension) return t.type;
  }
  return "application/octet-stream";
}

StaticFiles::StaticFiles(fs::path root) : root_(std::move(root)) {}

Response StaticFiles::serve(const Request& request) const {
  if (request.method != Method::kGet && request.method != Method::kHead) {
    Response r = Response::text(405, "method not allowed", "text/plain; charset=utf-8");
    r.set_header("Allow", "GET, HEAD");
    return r;
  }
  fs::path file = resolve(root_, request.path);
  if (file.empty()) return not_found_text("not found");
  std::error_code ec;
  bool is_app_page = false;
  if (!fs::is_regular_file(file, ec)) {
    // A missing asset is a 404; any other path is a page of the single-page app.
    std::string_view path = request.path;
    std::string_view last = path.substr(path.rfind('/') + 1);
    if (last.find('.') != std::string_view::npos) return not_found_text("not found");
    bool mobile = request.path == "/m" || request.path.starts_with("/m/");
    file = root_ / (mobile ? "m/index.html" : "index.html");
    is_app_page = true;
    if (!fs::is_regular_file(file, ec)) {
      return not_found_text("the web app is not built: run `make build`");
    }
  }
  std::string extension = file.extension().string();
  bool immutable = request.path.starts_with("/assets/") && !is_app_page;

  fs::path chosen = file;
  bool gzip = false;
  if (accepts_gzip(request.header("accept-encoding"))) {
    fs::path gz = file;
    gz += ".gz";
    if (fs::is_regular_file(gz, ec)) {
      chosen = gz;
      gzip = true;
    }
  }
  auto size = fs::file_size(chosen, ec);
  if (ec) return not_found_text("not found");
  auto mtime = fs::last_write_time(chosen, ec);
  std::string etag = etag_of(size, mtime, gzip);

  Response r;
  r.set_header("Content-Type", std::string(content_type_for(extension)));
  r.set_header("ETag", etag);
  r.set_header("Vary", "Accept-Encoding");
  r.set_header("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
  if (etag_matches(request.header("if-none-match"), etag)) {
    r.status = 304;
    return r;
  }
  if (gzip) r.set_header("Content-Encoding", "gzip");
  r.status = 200;
  r.file_path = chosen.string();
  return r;
}

}  // namespace fenghuo::http

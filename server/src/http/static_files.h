#pragma once

#include <filesystem>

#include "http/request.h"

namespace fenghuo::http {

// Serves the built web app: files under `root` with their content types, ETags and cache
// headers (hashed files under /assets/ are immutable), a precompressed `.gz` twin when the
// client accepts gzip, and the single-page app's index.html (or m/index.html under /m/)
// for paths that are not files. Never serves anything outside `root`.
class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);
  Response serve(const Request& request) const;

 private:
  std::filesystem::path root_;
};

std::string_view content_type_for(std::string_view extension);

}  // namespace fenghuo::http

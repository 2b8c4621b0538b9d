#pragma once

#include "http/router.h"
#include "storage/files.h"

namespace fenghuo::storage {

// POST /api/v1/files (upload), GET /api/v1/files/{id} (the uploader's jurisdiction).
void add_routes(http::Router& router, FileStore& files);

}  // namespace fenghuo::storage

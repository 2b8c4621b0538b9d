#pragma once

#include <string>

#include "http/router.h"
#include "identity/directory.h"
#include "identity/sms.h"
#include "resources/service.h"

namespace fenghuo::resources {

// /api/v1/resource-kinds, /api/v1/resources*, /api/v1/regions/boundaries.
// `temp_folder` receives spreadsheets while they are written.
void add_routes(http::Router& router, db::Database& db, ResourceService& service,
                identity::DirectoryService& directory, identity::SmsGateway& sms,
                std::string temp_folder);

}  // namespace fenghuo::resources

#pragma once

#include "http/router.h"
#include "incidents/service.h"
#include "storage/files.h"

namespace fenghuo::incidents {

// /api/v1/incident-types, /api/v1/incidents*, /api/v1/reports*.
void add_routes(http::Router& router, IncidentService& service, storage::FileStore& files);

}  // namespace fenghuo::incidents

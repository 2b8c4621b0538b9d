#pragma once

#include "http/router.h"
#include "monitoring/module.h"

namespace fenghuo::monitoring {

// /api/v1/readings and /api/v1/monitoring/*: readings in, stations and their rules, series,
// alarms.
void add_routes(http::Router& router, Monitoring& monitoring);

}  // namespace fenghuo::monitoring

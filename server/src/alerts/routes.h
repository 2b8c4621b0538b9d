#pragma once

#include "alerts/feeds.h"
#include "alerts/service.h"
#include "http/router.h"

namespace fenghuo::alerts {

// /api/v1/alerts*: warnings, CAP 1.2 in and out.
void add_routes(http::Router& router, AlertService& service, const FeedPoller& feeds);

}  // namespace fenghuo::alerts

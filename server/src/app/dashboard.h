#pragma once

#include "app/services.h"
#include "duty/routes.h"
#include "http/router.h"

namespace fenghuo {

// What a duty room has open (handover snapshot): open incidents, unsent reports, unsigned faxes.
duty::OpenItems open_items_of(Services& services);

// GET /api/v1/dashboard: the home page in one answer (counts today and this month, active
// incidents, who is on duty, reports due and overdue, unsigned faxes).
void add_dashboard_route(http::Router& router, Services& services);

}  // namespace fenghuo

#pragma once

#include "analysis/service.h"
#include "http/router.h"

namespace fenghuo::incidents {
class IncidentService;
}

namespace fenghuo::analysis {

// /api/v1/incidents/{id}/situation and /api/v1/analysis/*: the situation around an
// incident or a point, and the earthquake intensity zones.
void add_routes(http::Router& router, AnalysisService& analysis,
                incidents::IncidentService& incidents);

}  // namespace fenghuo::analysis

#pragma once

#include <boost/json/object.hpp>
#include <functional>

#include "duty/fax.h"
#include "duty/service.h"
#include "http/router.h"
#include "storage/files.h"

namespace fenghuo::duty {

// What a duty room has open (for handovers): open incidents, pending reports, unsigned faxes.
using OpenItems = std::function<Result<boost::json::object>(const Principal&)>;

// /api/v1/duty/*, /api/v1/faxes*.
void add_routes(http::Router& router, DutyService& duty, FaxService& faxes,
                storage::FileStore& files, OpenItems open_items);

}  // namespace fenghuo::duty

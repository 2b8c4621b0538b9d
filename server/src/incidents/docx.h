#pragma once

#include <string>

#include "core/result.h"
#include "incidents/model.h"

namespace fenghuo::incidents {

// The report as a Word document (DOCX) in the usual layout of a duty information sheet
// (值班信息): heading, issuing unit and time, the incident title, the content of art. 12 in
// order, the approval comments and the reporter. Answers the file's bytes.
Result<std::string> report_docx(const Report& r, const std::string& approved_by);

// The report as the JSON a national system takes in (its interface is not open: the shape
// follows the content of art. 12 with GB/T 2260 region and the incident's level).
std::string report_exchange_json(const Report& r, const Incident& x);

}  // namespace fenghuo::incidents

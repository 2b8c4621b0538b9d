#pragma once

#include <string>
#include <string_view>

namespace fenghuo {

// Text for an XML element or attribute: & < > " escaped, and the control characters XML 1.0
// does not allow dropped (tab, newline and carriage return stay).
std::string xml_escape(std::string_view text);

}  // namespace fenghuo

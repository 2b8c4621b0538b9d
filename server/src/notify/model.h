#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "identity/model.h"

namespace fenghuo::notify {

// Someone to tell: a user's id, name and phone (from identity).
using Person = identity::Contact;

struct Notification {
  std::int64_t id = 0;
  std::string kind;  // report_overdue, relay_overdue, fax_unsigned, report_received, ...
  std::string title;
  std::string body;
  std::string link;  // a path of the web app
  std::int64_t created_at = 0;
  std::optional<std::int64_t> read_at;
};
boost::json::object to_json(const Notification& n);

}  // namespace fenghuo::notify

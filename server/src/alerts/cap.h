#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

// CAP 1.2 (OASIS Common Alerting Protocol; GB/T 35965.1 is China's profile of it): parsing
// with validation against the schema, and writing. Parsing never reads files or the network:
// DTDs are refused, external entities are not loaded.
namespace fenghuo::alerts {

struct NameValue {
  std::string name, value;
};

struct CapArea {
  std::string desc;
  std::vector<std::vector<std::pair<double, double>>> polygons;  // lon, lat rings
  struct Circle {
    double lon = 0, lat = 0, radius_km = 0;
  };
  std::vector<Circle> circles;
  std::vector<NameValue> geocodes;
  std::optional<double> altitude, ceiling;
};

struct CapResource {
  std::string desc, mime_type, uri, digest;
  std::optional<std::int64_t> size;
};

struct CapInfo {
  std::string language = "en-US";
  std::vector<std::string> categories;
  std::string event;
  std::vector<std::string> response_types;
  std::string urgency, severity, certainty, audience;
  std::vector<NameValue> event_codes;
  std::optional<std::int64_t> effective, onset, expires;  // ms
  std::string sender_name, headline, description, instruction, web, contact;
  std::vector<NameValue> parameters;
  std::vector<CapResource> resources;
  std::vector<CapArea> areas;
};

struct CapReference {
  std::string sender, identifier, sent;
};

struct CapMessage {
  std::string identifier, sender;
  std::int64_t sent = 0;  // ms
  std::string sent_text;  // as written (references quote it)
  std::string status, msg_type, source, scope, restriction, addresses, note;
  std::vector<std::string> codes;
  std::vector<CapReference> references;
  std::string incidents;
  std::vector<CapInfo> infos;
};

// Parses and validates a CAP 1.2 message. A message that is not well-formed, carries a DTD,
// or breaks the schema is a kUnprocessable error naming the line and the element.
Result<CapMessage> parse_cap(std::string_view xml);

// Checks a document against the CAP 1.2 schema (the same checks as parse_cap).
Status validate_cap(std::string_view xml);

// The message as CAP 1.2 XML (UTF-8), elements in the schema's order.
std::string write_cap(const CapMessage& m);

// The message as JSON (stored beside the warning) and back.
boost::json::object to_json(const CapMessage& m);
CapMessage cap_from_json(const boost::json::object& o);

// "2026-11-29T08:00:00+08:00": a CAP dateTime (no fraction, explicit offset) in China time.
std::string cap_time(std::int64_t ms);

}  // namespace fenghuo::alerts

#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "core/result.h"
#include "resources/schema.h"

namespace fenghuo::resources {

// One resource record: the common fields every kind has, and the kind's own fields in
// `attributes` (keys and types as the schema declares them).
struct Resource {
  std::int64_t id = 0;
  std::string kind;
  std::string category;
  std::string name;
  std::string region;  // 6-digit county (or city/province) code
  std::optional<double> lon;
  std::optional<double> lat;
  std::string address;
  std::string contact_person;
  std::string contact_phone;
  std::string data_source;
  std::optional<std::int64_t> owner_org_id;
  std::optional<std::int64_t> parent_id;
  boost::json::object attributes;
  int quality = 0;  // 0-100: share of required and recommended fields filled
  std::int64_t verified_at = 0;
  std::int64_t updated_at = 0;
  std::string updated_by;
  std::int64_t version = 1;
};

// The record as the API shows it: common fields, then the kind's fields beside them.
// `now_ms` gives days_since_verified and stale.
boost::json::object to_json(const Resource& r, std::int64_t now_ms);

// Applies a JSON object of fields to `r` (a new record, or a copy of the stored one for an
// update) and checks the result against the kind's schema. Errors name the field.
// Unknown fields are refused, so a typo never drops data silently.
Status apply_fields(Resource& r, const boost::json::object& in);

// Checks a whole record against its kind's schema (used by create, update and import).
Status validate(const Resource& r);

// The share (0-100) of required and recommended fields that are filled.
int quality_of(const Resource& r);

// A landline or mobile number: digits with optional +, - and spaces, 5 to 20 characters.
bool is_phone(std::string_view s);

}  // namespace fenghuo::resources

#include "resources/model.h"

#include <boost/json.hpp>

#include <charconv>
#include <cmath>

#include "core/numbers.h"
#include "core/time.h"

namespace fenghuo::resources {
namespace {

constexpr std::string_view kCommon[] = {"id",        "kind",          "category",      "name",
                                        "region",    "lon",           "lat",           "address",
                                        "contact_person", "contact_phone", "data_source",
                                        "owner_org_id", "parent_id",  "version"};
// Read-only fields a client may send back unchanged (the API echoes them).
constexpr std::string_view kReadOnly[] = {"quality", "verified_at", "updated_at", "updated_by",
                                          "days_since_verified", "stale", "distance_m",
                                          "region_name", "kind_name", "category_name"};

bool is_common(std::string_view key) {
  for (auto k : kCommon) {
    if (k == key) return true;
  }
  return false;
}
bool is_read_only(std::string_view key) {
  for (auto k : kReadOnly) {
    if (k == key) return true;
  }
  return false;
}

Error field_error(std::string_view key, std::string message) {
  return Error::validation(std::string(key), std::string(key) + ": " + message);
}

Result<std::string> text_of(const boost::json::value& v, std::string_view key, std::size_t max) {
  if (v.is_null()) return std::string();
  if (!v.is_string()) return field_error(key, "must be text");
  if (v.as_string().size() > max) {
    return field_error(key, "is longer than " + std::to_string(max) + " bytes");
  }
  return std::string(v.as_string());
}

Result<std::optional<double>> number_of(const boost::json::value& v, std::string_view key) {
  if (v.is_null()) return std::optional<double>();
  if (v.is_string()) {
    // Spreadsheets and forms send numbers as text; accept them if they are numbers.
    const auto& s = v.as_string();
    if (s.empty()) return std::optional<double>();
    auto d = numbers::parse_finite(std::string_view(s.data(), s.size()));
    if (!d) return field_error(key, "must be a number");
    return d;
  }
  if (!v.is_number()) return field_error(key, "must be a number");
  double d = v.to_number<double>();
  if (!std::isfinite(d)) return field_error(key, "must be a number");
  return std::optional<double>(d);
}

Result<std::optional<std::int64_t>> id_of(const boost::json::value& v, std::string_view key) {
  if (v.is_null()) return std::optional<std::int64_t>();
  if (v.is_int64() && v.as_int64() > 0) return std::optional<std::int64_t>(v.as_int64());
  if (v.is_string()) {
    const auto& s = v.as_string();
    if (s.empty()) return std::optional<std::int64_t>();
    std::int64_t id = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
    if (ec == std::errc{} && p == s.data() + s.size() && id > 0) {
      return std::optional<std::int64_t>(id);
    }
  }
  return field_error(key, "must be an id");
}

bool is_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  int month = (s[5] - '0') * 10 + (s[6] - '0');
  int day = (s[8] - '0') * 10 + (s[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// Checks one kind-specific value and normalises it (numbers from text, trimmed text).
Result<boost::json::value> check_field(const Field& f, const boost::json::value& v) {
  if (v.is_null() || (v.is_string() && v.as_string().empty())) return boost::json::value(nullptr);
  switch (f.type) {
    case FieldType::kInteger:
    case FieldType::kNumber: {
      auto n = number_of(v, f.key);
      if (!n.ok()) return std::move(n).error();
      double d = **n;
      if (f.type == FieldType::kInteger && d != std::floor(d)) {
        return field_error(f.key, "must be a whole number");
      }
      if (d < f.min || d > f.max) {
        return field_error(f.key, "must be between " + std::to_string(static_cast<long long>(f.min)) +
                                      " and " + std::to_string(static_cast<long long>(f.max)));
      }
      if (f.type == FieldType::kInteger) return boost::json::value(static_cast<std::int64_t>(d));
      return boost::json::value(d);
    }
    case FieldType::kEnum: {
      if (!v.is_string()) return field_error(f.key, "must be one of the listed values");
      for (const auto& o : f.options) {
        if (o.code == v.as_string() || o.name == v.as_string()) return boost::json::value(o.code);
      }
      std::string codes;
      for (const auto& o : f.options) codes += (codes.empty() ? "" : ", ") + std::string(o.code);
      return field_error(f.key, "must be one of " + codes);
    }
    case FieldType::kPhone: {
      auto t = text_of(v, f.key, 20);
      if (!t.ok()) return std::move(t).error();
      if (!is_phone(*t)) return field_error(f.key, "is not a phone number");
      return boost::json::value(*t);
    }
    case FieldType::kDate: {
      auto t = text_of(v, f.key, 10);
      if (!t.ok()) return std::move(t).error();
      if (!is_date(*t)) return field_error(f.key, "must be a date like 2026-11-29");
      return boost::json::value(*t);
    }
    case FieldType::kUrl: {
      auto t = text_of(v, f.key, 1000);
      if (!t.ok()) return std::move(t).error();
      if (!t->starts_with("http://") && !t->starts_with("https://")) {
        return field_error(f.key, "must be an http:// or https:// address");
      }
      return boost::json::value(*t);
    }
    case FieldType::kText: {
      auto t = text_of(v, f.key, 1000);
      if (!t.ok()) return std::move(t).error();
      return boost::json::value(*t);
    }
  }
  return boost::json::value(nullptr);
}

bool filled(const boost::json::value* v) {
  return v != nullptr && !v->is_null() && !(v->is_string() && v->as_string().empty());
}

}  // namespace

bool is_phone(std::string_view s) {
  if (s.size() < 5 || s.size() > 20) return false;
  int digits = 0;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != '-' && c != '+' && c != ' ') {
      return false;
    }
  }
  return digits >= 5;
}

Status apply_fields(Resource& r, const boost::json::object& in) {
  // The kind first: it decides what else is allowed.
  if (const auto* kind = in.if_contains("kind")) {
    auto k = text_of(*kind, "kind", 40);
    if (!k.ok()) return std::move(k).error();
    if (r.id != 0 && *k != r.kind) return field_error("kind", "cannot change; delete and re-create");
    r.kind = *k;
  }
  const Kind* kind = find_kind(r.kind);
  if (kind == nullptr) return field_error("kind", "unknown kind '" + r.kind + "'");

  for (const auto& [key, value] : in) {
    std::string_view k = key;
    if (k == "kind" || k == "id" || k == "version" || is_read_only(k)) continue;
    if (k == "category" || k == "name" || k == "region" || k == "address" ||
        k == "contact_person" || k == "contact_phone" || k == "data_source") {
      auto t = text_of(value, k, k == "address" ? 500 : 200);
      if (!t.ok()) return std::move(t).error();
      std::string* target = k == "category"         ? &r.category
                            : k == "name"           ? &r.name
                            : k == "region"         ? &r.region
                            : k == "address"        ? &r.address
                            : k == "contact_person" ? &r.contact_person
                            : k == "contact_phone"  ? &r.contact_phone
                                                    : &r.data_source;
      *target = *t;
    } else if (k == "lon" || k == "lat") {
      auto n = number_of(value, k);
      if (!n.ok()) return std::move(n).error();
      (k == "lon" ? r.lon : r.lat) = *n;
    } else if (k == "owner_org_id" || k == "parent_id") {
      auto id = id_of(value, k);
      if (!id.ok()) return std::move(id).error();
      (k == "owner_org_id" ? r.owner_org_id : r.parent_id) = *id;
    } else if (const Field* f = find_field(*kind, k)) {
      auto checked = check_field(*f, value);
      if (!checked.ok()) return std::move(checked).error();
      if (checked->is_null()) {
        r.attributes.erase(f->key);
      } else {
        r.attributes[f->key] = std::move(checked).value();
      }
    } else if (!is_common(k)) {
      return field_error(k, "is not a field of " + std::string(kind->key));
    }
  }
  return validate(r);
}

Status validate(const Resource& r) {
  const Kind* kind = find_kind(r.kind);
  if (kind == nullptr) return field_error("kind", "unknown kind '" + r.kind + "'");
  if (r.category.empty()) return field_error("category", "is required");
  if (find_category(*kind, r.category) == nullptr) {
    std::string codes;
    for (const auto& c : kind->categories) codes += (codes.empty() ? "" : ", ") + std::string(c.code);
    return field_error("category", "must be one of " + codes);
  }
  if (r.name.empty()) return field_error("name", "is required");
  if (r.region.size() != 6 || r.region.find_first_not_of("0123456789") != std::string::npos) {
    return field_error("region", "must be a 6-digit region code");
  }
  if (kind->located) {
    if (!r.lon) return field_error("lon", "is required (WGS-84 longitude)");
    if (!r.lat) return field_error("lat", "is required (WGS-84 latitude)");
  }
  if (r.lon && (*r.lon < -180 || *r.lon > 180)) return field_error("lon", "must be within ±180");
  if (r.lat && (*r.lat < -90 || *r.lat > 90)) return field_error("lat", "must be within ±90");
  if (r.lon.has_value() != r.lat.has_value()) {
    return field_error(r.lon ? "lat" : "lon", "is required together with the other coordinate");
  }
  if (!r.contact_phone.empty() && !is_phone(r.contact_phone)) {
    return field_error("contact_phone", "is not a phone number");
  }
  if (kind->parent_required && !r.parent_id) {
    return field_error("parent_id", "is required: the " + std::string(kind->parent_kind) +
                                        " this record belongs to");
  }
  if (kind->parent_kind.empty() && r.parent_id) {
    return field_error("parent_id", "is not used by " + std::string(kind->key));
  }
  for (const auto& f : kind->fields) {
    if (f.required && !filled(r.attributes.if_contains(f.key))) return field_error(f.key, "is required");
  }
  return {};
}

int quality_of(const Resource& r) {
  const Kind* kind = find_kind(r.kind);
  if (kind == nullptr) return 0;
  int total = 0;
  int have = 0;
  auto count = [&](bool is_filled) {
    ++total;
    if (is_filled) ++have;
  };
  count(!r.name.empty());
  count(!r.category.empty());
  if (kind->located) count(r.lon.has_value() && r.lat.has_value());
  count(!r.address.empty());
  count(!r.contact_person.empty());
  count(!r.contact_phone.empty());
  for (const auto& f : kind->fields) {
    if (f.required || f.recommended) count(filled(r.attributes.if_contains(f.key)));
  }
  return total == 0 ? 100 : (have * 100 + total / 2) / total;
}

boost::json::object to_json(const Resource& r, std::int64_t now_ms) {
  boost::json::object o;
  o["id"] = std::to_string(r.id);
  o["kind"] = r.kind;
  o["category"] = r.category;
  o["name"] = r.name;
  o["region"] = r.region;
  o["lon"] = r.lon ? boost::json::value(*r.lon) : boost::json::value(nullptr);
  o["lat"] = r.lat ? boost::json::value(*r.lat) : boost::json::value(nullptr);
  o["address"] = r.address;
  o["contact_person"] = r.contact_person;
  o["contact_phone"] = r.contact_phone;
  o["data_source"] = r.data_source;
  o["owner_org_id"] = r.owner_org_id ? boost::json::value(std::to_string(*r.owner_org_id))
                                     : boost::json::value(nullptr);
  o["parent_id"] = r.parent_id ? boost::json::value(std::to_string(*r.parent_id))
                               : boost::json::value(nullptr);
  for (const auto& [k, v] : r.attributes) o[k] = v;
  o["quality"] = r.quality;
  o["verified_at"] = format_rfc3339(r.verified_at);
  o["updated_at"] = format_rfc3339(r.updated_at);
  o["updated_by"] = r.updated_by;
  std::int64_t days = (now_ms - r.verified_at) / (24LL * 3600 * 1000);
  o["days_since_verified"] = days;
  const Kind* kind = find_kind(r.kind);
  o["stale"] = kind != nullptr && days > kind->verify_interval_days;
  o["version"] = r.version;
  return o;
}

}  // namespace fenghuo::resources

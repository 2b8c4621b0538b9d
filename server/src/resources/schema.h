#pragma once

#include <span>
#include <string_view>

#include <boost/json/object.hpp>

namespace fenghuo::resources {

enum class FieldType { kText, kInteger, kNumber, kPhone, kEnum, kDate, kUrl };

struct Option {
  std::string_view code;
  std::string_view name;     // zh-CN
  std::string_view name_en;
};

// One kind-specific field. Common fields (name, category, region, position, address,
// contact, source, owner, parent) are the same for every kind and live in columns.
struct Field {
  std::string_view key;
  FieldType type;
  std::string_view name;
  std::string_view name_en;
  bool required = false;
  bool recommended = false;  // counts towards data quality
  std::string_view unit = {};
  std::span<const Option> options = {};  // kEnum
  double min = 0;                        // kInteger, kNumber
  double max = 1e15;
};

// A resource kind, declared once: validation, storage, the API, forms, list columns,
// import templates and export all read this.
struct Kind {
  std::string_view key;
  std::string_view name;
  std::string_view name_en;
  std::span<const Option> categories;
  std::span<const Field> fields;
  bool located;                  // has a position on the map
  std::string_view parent_kind;  // the kind its parent_id points at ("" = none)
  bool parent_required;
  int verify_interval_days;      // unverified longer than this = stale
};

std::span<const Kind> kinds();
const Kind* find_kind(std::string_view key);
const Option* find_category(const Kind& kind, std::string_view code);
const Field* find_field(const Kind& kind, std::string_view key);

// GET /api/v1/resource-kinds
boost::json::object kinds_json();

}  // namespace fenghuo::resources

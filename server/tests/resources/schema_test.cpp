// Every kind of the schema, with good and bad values: what is refused names its field.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "resources/model.h"
#include "resources/schema.h"

namespace fenghuo::resources {
namespace {

boost::json::value good_value(const Field& f) {
  switch (f.type) {
    case FieldType::kInteger: return static_cast<std::int64_t>(f.min + 1);
    case FieldType::kNumber: return f.min + 1.5;
    case FieldType::kPhone: return "0351-1234567";
    case FieldType::kEnum: return boost::json::value(std::string(f.options.front().code));
    case FieldType::kDate: return "2026-11-29";
    case FieldType::kUrl: return "https://video.example/live.m3u8";
    case FieldType::kText: return "测试";
  }
  return nullptr;
}

std::vector<boost::json::value> bad_values(const Field& f) {
  switch (f.type) {
    case FieldType::kInteger:
      return {boost::json::value("many"), boost::json::value(1.5), boost::json::value(f.max + 1),
              boost::json::value(f.min - 1), boost::json::value(boost::json::array{})};
    case FieldType::kNumber:
      return {boost::json::value("many"), boost::json::value(f.max * 10 + 1),
              boost::json::value(f.min - 1)};
    case FieldType::kPhone:
      return {boost::json::value("call me"), boost::json::value("12"),
              boost::json::value(13800000000LL)};
    case FieldType::kEnum: return {boost::json::value("nope"), boost::json::value(3)};
    case FieldType::kDate: return {"2026-13-01", "29/11/2026", "2026-11-29T08:00"};
    case FieldType::kUrl: return {"ftp://x", "javascript:alert(1)", "x"};
    case FieldType::kText:
      return {boost::json::value(42), boost::json::value(boost::json::object{}),
              boost::json::value(std::string(2000, 'x'))};
  }
  return {};
}

// A record of `kind` with every field filled with a good value.
boost::json::object good_record(const Kind& kind) {
  boost::json::object o;
  o["kind"] = std::string(kind.key);
  o["category"] = std::string(kind.categories.front().code);
  o["name"] = "测试记录";
  o["region"] = "140105";
  if (kind.located) {
    o["lon"] = 112.55;
    o["lat"] = 37.72;
  }
  if (!kind.parent_kind.empty()) o["parent_id"] = "7";
  o["address"] = "小店区长治路1号";
  o["contact_person"] = "张三";
  o["contact_phone"] = "13800000000";
  for (const auto& f : kind.fields) o[f.key] = good_value(f);
  return o;
}

class EveryKind : public ::testing::TestWithParam<std::size_t> {
 protected:
  const Kind& kind() const { return kinds()[GetParam()]; }
};

TEST_P(EveryKind, AcceptsAGoodRecordAndScoresItsQuality) {
  Resource r;
  auto st = apply_fields(r, good_record(kind()));
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(quality_of(r), 100) << "every field filled";
  auto sparse = good_record(kind());
  sparse.erase("address");
  sparse.erase("contact_person");
  Resource s;
  ASSERT_TRUE(apply_fields(s, sparse).ok());
  EXPECT_LT(quality_of(s), 100) << "recommended fields missing lower the score";
}

TEST_P(EveryKind, RefusesEachMissingRequiredFieldByName) {
  std::vector<std::string> required = {"category", "name", "region"};
  if (kind().located) {
    required.push_back("lon");
    required.push_back("lat");
  }
  if (kind().parent_required) required.push_back("parent_id");
  for (const auto& f : kind().fields) {
    if (f.required) required.emplace_back(f.key);
  }
  for (const auto& key : required) {
    auto o = good_record(kind());
    o.erase(key);
    Resource r;
    auto st = apply_fields(r, o);
    ASSERT_FALSE(st.ok()) << key << " missing was accepted";
    EXPECT_EQ(st.error().field, key);
    EXPECT_NE(st.error().message.find(key), std::string::npos) << st.error().message;
  }
}

TEST_P(EveryKind, RefusesBadValuesNamingTheField) {
  for (const auto& f : kind().fields) {
    for (const auto& bad : bad_values(f)) {
      auto o = good_record(kind());
      o[f.key] = bad;
      Resource r;
      auto st = apply_fields(r, o);
      ASSERT_FALSE(st.ok()) << f.key << " accepted " << boost::json::serialize(bad);
      EXPECT_EQ(st.error().field, f.key) << st.error().message;
    }
  }
}

TEST_P(EveryKind, RefusesUnknownFieldsAndBadCommonValues) {
  struct Case {
    const char* key;
    boost::json::value value;
  };
  std::vector<Case> cases = {{"colour", "red"},       {"category", "nonsense"},
                             {"region", "14"},        {"contact_phone", "abc"},
                             {"name", ""},            {"owner_org_id", "x"}};
  if (kind().located) {
    cases.push_back({"lon", 200});
    cases.push_back({"lat", "north"});
  }
  for (const auto& c : cases) {
    auto o = good_record(kind());
    o[c.key] = c.value;
    Resource r;
    auto st = apply_fields(r, o);
    ASSERT_FALSE(st.ok()) << c.key;
    EXPECT_EQ(st.error().field, c.key) << st.error().message;
  }
}

TEST_P(EveryKind, NumbersAndEnumsFromSpreadsheetsAreNormalised) {
  auto o = good_record(kind());
  for (const auto& f : kind().fields) {
    if (f.type == FieldType::kInteger) o[f.key] = std::to_string(static_cast<long long>(f.min + 2));
    if (f.type == FieldType::kEnum) o[f.key] = std::string(f.options.front().name);  // Chinese label
  }
  Resource r;
  auto st = apply_fields(r, o);
  ASSERT_TRUE(st.ok()) << st.error().message;
  for (const auto& f : kind().fields) {
    if (f.type == FieldType::kInteger) EXPECT_TRUE(r.attributes.at(f.key).is_int64()) << f.key;
    if (f.type == FieldType::kEnum) EXPECT_EQ(r.attributes.at(f.key).as_string(), f.options.front().code);
  }
}

INSTANTIATE_TEST_SUITE_P(Kinds, EveryKind, ::testing::Range<std::size_t>(0, kinds().size()),
                         [](const auto& info) { return std::string(kinds()[info.param].key); });

TEST(Schema, KindsJsonListsEveryKindWithLabels) {
  auto json = kinds_json();
  const auto& items = json.at("items").as_array();
  EXPECT_EQ(items.size(), kinds().size());
  EXPECT_GE(items.size(), 15u);
  for (const auto& k : items) {
    EXPECT_FALSE(k.at("name").as_string().empty());
    EXPECT_FALSE(k.at("name_en").as_string().empty());
    EXPECT_FALSE(k.at("categories").as_array().empty());
  }
}

}  // namespace
}  // namespace fenghuo::resources

// The incident type tree covers every plan subclass of the deployment plan (DOMAIN.md,
// "Knowledge base") and the classes of the 总体预案; forest and grassland fires are told
// apart; the types other modules raise incidents of exist.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "incidents/grading.h"
#include "incidents/types.h"

namespace fenghuo::incidents {
namespace {

const IncidentType* find(const std::string& code) {
  for (const auto& t : builtin_types()) {
    if (t.code == code) return &t;
  }
  return nullptr;
}

struct Subclass {
  const char* plan_subclass;  // as DOMAIN.md lists it
  const char* code;           // the type that stands for it
  const char* category;       // natural | accident | health | social
};

// DOMAIN.md, Knowledge base: "a subclass, at least: ..." in its order, then the 总体预案's
// classes that the issue names (动物疫情, 传染病疫情 ...).
constexpr Subclass kPlanSubclasses[] = {
    {"地震", "N01", "natural"},
    {"森林草原火灾", "N02", "natural"},
    {"防汛抗旱", "N03", "natural"},
    {"地质灾害", "N04", "natural"},
    {"重大气象灾害", "N05", "natural"},
    {"农作物有害生物及农业外来有害生物", "N06", "natural"},
    {"生产安全事故", "A01", "accident"},
    {"危险化学品事故", "A02", "accident"},
    {"非煤矿山生产安全事故", "A04", "accident"},
    {"尾矿库生产安全事故", "A05", "accident"},
    {"冶金工贸", "A06", "accident"},
    {"火灾事故", "A07", "accident"},
    {"煤矿生产安全事故", "A03", "accident"},
    {"道路交通安全", "A08", "accident"},
    {"城市轨道交通运营突发事件", "A11", "accident"},
    {"水上搜救", "A12", "accident"},
    {"重大城乡建设事故", "A10", "accident"},
    {"特种设备事故", "A09", "accident"},
    {"突发环境事件", "A13", "accident"},
    {"重污染天气", "A1301", "accident"},
    {"辐射事故", "A14", "accident"},
    {"天然气保供", "A16", "accident"},
    {"大面积停电事件", "A15", "accident"},
    {"突发公共卫生事件", "H01", "health"},
    {"食品安全突发事件", "H02", "health"},
    {"药品安全突发事件", "H03", "health"},
    {"疫苗质量安全事件", "H04", "health"},
    {"网络安全事件", "S03", "social"},
    {"重大校园安全事故", "S04", "social"},
    {"处置恐怖袭击事件", "S01", "social"},
    {"大规模群体性事件", "S02", "social"},
    {"文化和旅游突发事件", "S05", "social"},
    {"粮食", "S06", "social"},
    {"自然灾害救助", "N08", "natural"},
    {"通信保障", "A17", "accident"},
    // 国家突发事件总体应急预案
    {"传染病疫情", "H05", "health"},
    {"群体性不明原因疾病", "H06", "health"},
    {"动物疫情", "H07", "health"},
    {"海洋灾害", "N07", "natural"},
};

class PlanSubclasses : public ::testing::TestWithParam<Subclass> {};

TEST_P(PlanSubclasses, HaveAType) {
  const auto& s = GetParam();
  const IncidentType* t = find(s.code);
  ASSERT_NE(t, nullptr) << s.plan_subclass << " has no type " << s.code;
  EXPECT_EQ(t->category, s.category) << s.plan_subclass;
  // The type is named as the subclass, or the subclass is the type's plan (道路交通安全 ->
  // 道路交通事故, 处置恐怖袭击事件 -> 恐怖袭击事件, 冶金工贸 -> 冶金工贸事故).
  std::string name = t->name, subclass = s.plan_subclass;
  std::string core = name;
  for (const char* suffix : {"事故", "事件"}) {
    if (core.ends_with(suffix)) core.resize(core.size() - std::string(suffix).size());
  }
  EXPECT_TRUE(name == subclass || subclass.find(core) != std::string::npos)
      << s.plan_subclass << " is typed " << t->code << " " << t->name;
  // Every type hangs under its category.
  const IncidentType* node = t;
  while (!node->parent.empty()) {
    node = find(node->parent);
    ASSERT_NE(node, nullptr) << t->code << " has an unknown parent";
  }
  EXPECT_EQ(node->category, s.category);
}

INSTANTIATE_TEST_SUITE_P(DomainList, PlanSubclasses, ::testing::ValuesIn(kPlanSubclasses),
                         [](const auto& info) { return std::string(info.param.code); });

TEST(TypeTree, CodesAreUniqueParentsKnownAndSchemesGraded) {
  std::map<std::string, int> seen;
  for (const auto& t : builtin_types()) {
    EXPECT_EQ(++seen[t.code], 1) << t.code << " twice";
    if (!t.parent.empty()) EXPECT_NE(find(t.parent), nullptr) << t.code;
    EXPECT_TRUE(known_scheme(t.grading)) << t.code << " " << t.grading;
    EXPECT_FALSE(t.name_en.empty()) << t.code;
  }
}

TEST(TypeTree, ForestAndGrasslandFiresAreToldApart) {
  const IncidentType* forest = find("N0201");
  const IncidentType* grass = find("N0202");
  ASSERT_NE(forest, nullptr);
  ASSERT_NE(grass, nullptr);
  EXPECT_EQ(forest->name, "森林火灾");
  EXPECT_EQ(forest->parent, "N02");
  EXPECT_EQ(forest->grading, "forest_fire");
  EXPECT_EQ(grass->name, "草原火灾");
  EXPECT_EQ(grass->parent, "N02");
  EXPECT_EQ(grass->grading, "grassland_fire");
  EXPECT_EQ(find("N02")->grading, "forest_fire+grassland_fire");
  EXPECT_EQ(grading_inputs("grassland_fire"),
            (std::vector<std::string>{"forest_area_ha", "grassland_area_ha"}));
}

TEST(TypeTree, TheTypesMonitoringRaisesExistAndGrade) {
  // A seismic alarm becomes an earthquake, a mine station's a coal mine, non-coal mine or
  // tailings pond accident (issue 11, item 16).
  EXPECT_EQ(find("N01")->grading, "earthquake");
  EXPECT_EQ(find("A03")->grading, "accident");
  EXPECT_EQ(find("A04")->grading, "accident");
  EXPECT_EQ(find("A05")->grading, "accident");
  EXPECT_EQ(find("N04")->grading, "geological");
}

}  // namespace
}  // namespace fenghuo::incidents

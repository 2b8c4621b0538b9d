// Incident levels from the grading tables: every boundary of the accident table ("以上"
// includes the number, "以下" excludes it), the highest column winning, missing persons
// counting as deaths, the table in force on the day of the incident, and deployment tables.
#include <gtest/gtest.h>

#include "core/time.h"
#include "incidents/grading.h"

namespace fenghuo::incidents {
namespace {

std::int64_t day(const char* date) {
  return *parse_rfc3339(std::string(date) + "T12:00:00+08:00");
}

const Grading& builtin() {
  static const Grading g = std::move(Grading::load()).value();
  return g;
}

struct AccidentCase {
  std::int64_t deaths, missing, seriously_injured;
  double loss;
  const char* level;
};

class AccidentLevels : public ::testing::TestWithParam<AccidentCase> {};

TEST_P(AccidentLevels, FollowTheRegulationBoundaries) {
  const auto& c = GetParam();
  GradingInputs in;
  in.deaths = c.deaths;
  in.missing = c.missing;
  in.seriously_injured = c.seriously_injured;
  in.direct_loss_yuan = c.loss;
  Grade g = builtin().grade("accident", in, day("2026-11-30"));
  EXPECT_EQ(g.level, c.level) << g.reason;
  EXPECT_EQ(g.table_id, "accident-2007");
}

INSTANTIATE_TEST_SUITE_P(
    Boundaries, AccidentLevels,
    ::testing::Values(
        // Deaths: 2/3, 9/10, 29/30.
        AccidentCase{0, 0, 0, 0, "IV"}, AccidentCase{2, 0, 0, 0, "IV"},
        AccidentCase{3, 0, 0, 0, "III"}, AccidentCase{9, 0, 0, 0, "III"},
        AccidentCase{10, 0, 0, 0, "II"}, AccidentCase{29, 0, 0, 0, "II"},
        AccidentCase{30, 0, 0, 0, "I"},
        // Missing persons count toward deaths for the initial level.
        AccidentCase{2, 1, 0, 0, "III"}, AccidentCase{8, 2, 0, 0, "II"},
        AccidentCase{0, 30, 0, 0, "I"},
        // Seriously injured: 9/10, 49/50, 99/100.
        AccidentCase{0, 0, 9, 0, "IV"}, AccidentCase{0, 0, 10, 0, "III"},
        AccidentCase{0, 0, 49, 0, "III"}, AccidentCase{0, 0, 50, 0, "II"},
        AccidentCase{0, 0, 99, 0, "II"}, AccidentCase{0, 0, 100, 0, "I"},
        // Direct loss: 10, 50 and 100 million yuan.
        AccidentCase{0, 0, 0, 9999999.99, "IV"}, AccidentCase{0, 0, 0, 10000000, "III"},
        AccidentCase{0, 0, 0, 49999999, "III"}, AccidentCase{0, 0, 0, 50000000, "II"},
        AccidentCase{0, 0, 0, 99999999, "II"}, AccidentCase{0, 0, 0, 100000000, "I"},
        // The highest column wins, whichever it is.
        AccidentCase{1, 0, 60, 0, "II"}, AccidentCase{3, 0, 0, 100000000, "I"},
        AccidentCase{12, 0, 12, 12000000, "II"}, AccidentCase{0, 0, 100, 20000000, "I"}));

TEST(Grading, TheReasonNamesTheColumnsThatReachedTheLevelAndTheTable) {
  GradingInputs in;
  in.deaths = 3;
  in.seriously_injured = 10;
  Grade g = builtin().grade("accident", in, day("2026-11-30"));
  EXPECT_EQ(g.level, "III");
  EXPECT_NE(g.reason.find("死亡(含失踪) 3人"), std::string::npos) << g.reason;
  EXPECT_NE(g.reason.find("重伤"), std::string::npos) << g.reason;
  EXPECT_NE(g.reason.find("生产安全事故报告和调查处理条例"), std::string::npos) << g.reason;
  GradingInputs none;
  EXPECT_NE(builtin().grade("accident", none, day("2026-11-30")).reason.find("未达到"),
            std::string::npos);
}

TEST(Grading, AForestFireIsGradedByTheTableInForceWhenItBroke) {
  GradingInputs in;
  in.forest_area_ha = 5;  // 较大 under the 2008 regulation (1 ha), 一般 under the 2025 one (10 ha)
  Grade old_rules = builtin().grade("forest_fire", in, day("2025-12-31"));
  Grade new_rules = builtin().grade("forest_fire", in, day("2026-01-01"));
  EXPECT_EQ(old_rules.level, "III");
  EXPECT_EQ(old_rules.table_id, "forest-fire-2009");
  EXPECT_EQ(new_rules.level, "IV");
  EXPECT_EQ(new_rules.table_id, "forest-grassland-fire-2026");
  GradingInputs grass;
  grass.grassland_area_ha = 5000;
  EXPECT_EQ(builtin().grade("forest_fire", grass, day("2026-03-01")).level, "II");
}

TEST(Grading, EarthquakesByMagnitudeDependOnPopulationDensity) {
  GradingInputs in;
  in.magnitude = 5.0;
  EXPECT_EQ(builtin().grade("earthquake", in, day("2026-11-30")).level, "III");
  in.dense_population = true;
  EXPECT_EQ(builtin().grade("earthquake", in, day("2026-11-30")).level, "II");
  GradingInputs deaths;
  deaths.deaths = 40;
  deaths.missing = 10;
  EXPECT_EQ(builtin().grade("earthquake", deaths, day("2026-11-30")).level, "II");
}

TEST(Grading, GeologicalHazardsCountPeopleToRelocate) {
  GradingInputs in;
  in.people_to_relocate = 99;
  EXPECT_EQ(builtin().grade("geological", in, day("2026-11-30")).level, "IV");
  in.people_to_relocate = 100;
  EXPECT_EQ(builtin().grade("geological", in, day("2026-11-30")).level, "III");
  in.people_to_relocate = 1000;
  EXPECT_EQ(builtin().grade("geological", in, day("2026-11-30")).level, "I");
}

TEST(Grading, TypesWithoutATableStartAtIVForTheLeaderToJudge) {
  GradingInputs in;
  in.deaths = 50;
  Grade g = builtin().grade("none", in, day("2026-11-30"));
  EXPECT_EQ(g.level, "IV");
  EXPECT_NE(g.reason.find("带班领导"), std::string::npos);
}

TEST(Grading, ADeploymentTableReplacesTheBuiltInFromItsDate) {
  auto g = Grading::load(R"({"tables":[{"id":"accident-province-2027","scheme":"accident",
      "name":"某省规定","source":"省政府令","effective_from":"2027-01-01",
      "criteria":[{"field":"deaths","label":"死亡","unit":"人","bounds":[20,5,2]}]}]})");
  ASSERT_TRUE(g.ok()) << g.error().message;
  GradingInputs in;
  in.deaths = 2;
  EXPECT_EQ(g->grade("accident", in, day("2026-12-31")).level, "IV");
  EXPECT_EQ(g->grade("accident", in, day("2027-01-01")).level, "III");
  EXPECT_EQ(g->grade("accident", in, day("2027-01-01")).table_id, "accident-province-2027");
}

TEST(Grading, ABadTableIsRefusedWithItsName) {
  auto unknown = Grading::load(R"({"tables":[{"id":"t1","scheme":"accident",
      "criteria":[{"field":"people","bounds":[1,2,3]}]}]})");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("t1"), std::string::npos);
  EXPECT_FALSE(Grading::load(R"({"tables":[{"id":"t2","scheme":"accident","criteria":[]}]})").ok());
  EXPECT_FALSE(Grading::load("not json").ok());
}

// 草原火灾级别划分规定 (农牧发〔2010〕7号), in force until the 2025 regulation: area, deaths,
// deaths and serious injuries together, serious injuries, direct loss (GRADING §1c).
struct GrasslandCase {
  double area_ha;
  std::int64_t deaths, seriously_injured;
  double loss;
  const char* level;
};

class GrasslandLevels2010 : public ::testing::TestWithParam<GrasslandCase> {};

TEST_P(GrasslandLevels2010, FollowTheMinistryTable) {
  const auto& c = GetParam();
  GradingInputs in;
  if (c.area_ha > 0) in.grassland_area_ha = c.area_ha;
  in.deaths = c.deaths;
  in.seriously_injured = c.seriously_injured;
  in.direct_loss_yuan = c.loss;
  Grade g = builtin().grade("grassland_fire", in, day("2025-06-01"));
  EXPECT_EQ(g.level, c.level) << g.reason;
  EXPECT_EQ(g.table_id, "grassland-fire-2010");
}

INSTANTIATE_TEST_SUITE_P(
    Boundaries, GrasslandLevels2010,
    ::testing::Values(
        // Area: 999/1000, 4999/5000, 7999/8000 ha.
        GrasslandCase{10, 0, 0, 0, "IV"}, GrasslandCase{999, 0, 0, 0, "IV"},
        GrasslandCase{1000, 0, 0, 0, "III"}, GrasslandCase{4999, 0, 0, 0, "III"},
        GrasslandCase{5000, 0, 0, 0, "II"}, GrasslandCase{7999, 0, 0, 0, "II"},
        GrasslandCase{8000, 0, 0, 0, "I"},
        // Deaths: any death is 较大, 3 重大, 10 特别重大.
        GrasslandCase{0, 1, 0, 0, "III"}, GrasslandCase{0, 2, 0, 0, "III"},
        GrasslandCase{0, 3, 0, 0, "II"}, GrasslandCase{0, 9, 0, 0, "II"},
        GrasslandCase{0, 10, 0, 0, "I"},
        // Serious injuries: 1-2 一般, 3 较大; with deaths, 10 重大 and 20 特别重大.
        GrasslandCase{0, 0, 2, 0, "IV"}, GrasslandCase{0, 0, 3, 0, "III"},
        GrasslandCase{0, 0, 9, 0, "III"}, GrasslandCase{0, 0, 10, 0, "II"},
        GrasslandCase{0, 2, 8, 0, "II"}, GrasslandCase{0, 2, 17, 0, "II"},
        GrasslandCase{0, 2, 18, 0, "I"},
        // Direct loss: 50万, 300万, 500万.
        GrasslandCase{0, 0, 0, 499999, "IV"}, GrasslandCase{0, 0, 0, 500000, "III"},
        GrasslandCase{0, 0, 0, 3000000, "II"}, GrasslandCase{0, 0, 0, 5000000, "I"}));

TEST(Grading, AGrasslandFireBefore2026IsGradedByItsAreaNotTheForestTable) {
  GradingInputs in;
  in.grassland_area_ha = 6000;
  EXPECT_EQ(builtin().grade("forest_fire", in, day("2025-06-01")).level, "IV")
      << "the forest table has no grassland column";
  Grade grass = builtin().grade("grassland_fire", in, day("2025-06-01"));
  EXPECT_EQ(grass.level, "II") << grass.reason;
  EXPECT_NE(grass.reason.find("草原火灾级别划分规定"), std::string::npos);
  Grade after = builtin().grade("grassland_fire", in, day("2026-02-01"));
  EXPECT_EQ(after.level, "II");
  EXPECT_EQ(after.table_id, "grassland-fire-2026");
  // 森林草原火灾 not yet told apart: both tables, the higher level.
  Grade either = builtin().grade("forest_fire+grassland_fire", in, day("2025-06-01"));
  EXPECT_EQ(either.level, "II");
  EXPECT_EQ(either.table_id, "grassland-fire-2010");
  GradingInputs forest;
  forest.forest_area_ha = 150;
  forest.grassland_area_ha = 20;
  Grade both = builtin().grade("forest_fire+grassland_fire", forest, day("2025-06-01"));
  EXPECT_EQ(both.level, "II");
  EXPECT_EQ(both.table_id, "forest-fire-2009");
  EXPECT_TRUE(known_scheme("forest_fire+grassland_fire"));
  EXPECT_FALSE(known_scheme("forest_fire+flood"));
}

TEST(Grading, GeologicalLevelsAreNamedBySize) {
  EXPECT_EQ(level_name("I", "geological"), "特大型");
  EXPECT_EQ(level_name("II", "geological"), "大型");
  EXPECT_EQ(level_name("III", "geological"), "中型");
  EXPECT_EQ(level_name("IV", "geological"), "小型");
  EXPECT_EQ(level_name("I", "accident"), "特别重大");
  EXPECT_EQ(level_name("IV", "earthquake"), "一般");
  EXPECT_EQ(level_family("geological"), "geological");
  EXPECT_EQ(level_family("forest_fire"), "general");
  GradingInputs in;
  in.deaths = 3;
  Grade g = builtin().grade("geological", in, day("2026-11-30"));
  EXPECT_EQ(g.level, "III");
  EXPECT_NE(g.reason.find("中型(III)"), std::string::npos) << g.reason;
  EXPECT_EQ(g.reason.find("较大"), std::string::npos) << g.reason;
  Grade small = builtin().grade("geological", GradingInputs{}, day("2026-11-30"));
  EXPECT_NE(small.reason.find("未达到中型及以上标准：小型(IV)"), std::string::npos) << small.reason;
}

}  // namespace
}  // namespace fenghuo::incidents

// CAP 1.2 reading and writing: the specification's examples, real-feed variations (prefixed
// namespaces, ISO-8859-1, a byte order mark, several languages), malformed messages refused
// with the schema's words, nothing read from outside, and writing that validates.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "alerts/cap.h"
#include "alerts/examples.h"
#include "alerts/service.h"

namespace fenghuo::alerts {
namespace {

using test::cap_example;

std::string replace(std::string s, const std::string& from, const std::string& to) {
  auto at = s.find(from);
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

TEST(Cap, TheSpecificationsExamplesImport) {
  for (const char* name : {"v1dot2_appendix_adot1.xml", "v1dot2_appendix_adot2.xml",
                           "v1dot2_appendix_adot3.xml", "v1dot2_appendix_adot4.xml"}) {
    auto m = parse_cap(cap_example(name));
    ASSERT_TRUE(m.ok()) << name << ": " << m.error().message;
    EXPECT_FALSE(m->identifier.empty());
    EXPECT_FALSE(m->infos.empty()) << name;
  }
  auto storm = parse_cap(cap_example("v1dot2_appendix_adot2.xml"));
  ASSERT_EQ(storm->infos[0].areas.size(), 1u);
  EXPECT_EQ(storm->infos[0].areas[0].polygons.size(), 1u);
  EXPECT_EQ(storm->infos[0].areas[0].geocodes.size(), 3u);
  auto quake = parse_cap(cap_example("v1dot2_appendix_adot3.xml"));
  EXPECT_EQ(quake->msg_type, "Update");
  ASSERT_EQ(quake->references.size(), 1u);
  EXPECT_EQ(quake->references[0].identifier, "TRI13970876.1");
  auto amber = parse_cap(cap_example("v1dot2_appendix_adot4.xml"));
  ASSERT_EQ(amber->infos.size(), 2u) << "both languages are kept";
  EXPECT_EQ(amber->infos[1].language, "es-US");
}

// CAP coordinates go through the one number parser: a polygon with a point that is not a
// finite WGS 84 pair is dropped whole rather than drawn wrong (issue 11 item 4).
TEST(Cap, APolygonWithABadPointIsDroppedNotDrawnWrong) {
  std::string xml = cap_example("v1dot2_appendix_adot2.xml");
  const std::string good = "38.47,-120.14 38.34,-119.95";
  auto at = xml.find(good);
  ASSERT_NE(at, std::string::npos);
  for (const std::string bad : {"nan,-120.14 38.34,-119.95", "38.47,inf 38.34,-119.95",
                                "98.47,-120.14 38.34,-119.95", "38.47,-120.14x 38.34,-119.95"}) {
    std::string changed = xml;
    changed.replace(at, good.size(), bad);
    auto m = parse_cap(changed);
    ASSERT_TRUE(m.ok()) << m.error().message;
    EXPECT_TRUE(m->infos[0].areas[0].polygons.empty()) << bad;
  }
}

TEST(Cap, RealFeedVariationsImport) {
  std::string prefixed =
      "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<cap:alert xmlns:cap=\"urn:oasis:names:tc:emergency:cap:1.2\">\n"
      "<cap:identifier>14010541600000_20261130080000_1</cap:identifier>"
      "<cap:sender>14010541600000</cap:sender><cap:sent>2026-11-30T08:00:00+08:00</cap:sent>"
      "<cap:status>Actual</cap:status><cap:msgType>Alert</cap:msgType><cap:scope>Public</cap:scope>"
      "<cap:info><cap:language>zh-CN</cap:language><cap:category>Met</cap:category>"
      "<cap:event>大风</cap:event><cap:urgency>Expected</cap:urgency><cap:severity>Moderate</cap:severity>"
      "<cap:certainty>Likely</cap:certainty><cap:headline>小店区气象台发布大风黄色预警</cap:headline>"
      "<cap:area><cap:areaDesc>小店区</cap:areaDesc></cap:area></cap:info></cap:alert>\n";
  auto m = parse_cap(prefixed);
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_EQ(m->infos[0].headline, "小店区气象台发布大风黄色预警");
  EXPECT_EQ(level_of(*m), "yellow");

  // The Spanish example in ISO-8859-1: every two-byte UTF-8 letter becomes its Latin-1 byte.
  std::string utf8 = replace(cap_example("v1dot2_appendix_adot4.xml"), "UTF-8", "ISO-8859-1");
  std::string latin1;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    auto c = static_cast<unsigned char>(utf8[i]);
    if ((c == 0xC2 || c == 0xC3) && i + 1 < utf8.size()) {
      latin1 += static_cast<char>(((c & 0x03) << 6) | (static_cast<unsigned char>(utf8[++i]) & 0x3F));
    } else {
      latin1 += utf8[i];
    }
  }
  ASSERT_EQ(latin1.find("\xC3\x81"), std::string::npos);
  auto l = parse_cap(latin1);
  ASSERT_TRUE(l.ok()) << l.error().message;
  EXPECT_EQ(l->infos[1].headline, "Alerta Amber en el condado de Los \xC3\x81ngeles") << "read as UTF-8";

  std::string cancel =
      "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><identifier>x2</identifier>"
      "<sender>s</sender><sent>2026-11-30T08:00:00+08:00</sent><status>Actual</status>"
      "<msgType>Cancel</msgType><scope>Public</scope><references>s,x1,2026-11-30T07:00:00+08:00"
      "</references></alert>";
  auto c = parse_cap(cancel);
  ASSERT_TRUE(c.ok()) << "a Cancel without info: " << c.error().message;
  EXPECT_TRUE(c->infos.empty());
}

TEST(Cap, MalformedMessagesAreRefusedWithTheSchemaError) {
  std::string good = cap_example("v1dot2_appendix_adot1.xml");
  struct Case {
    std::string xml, expect;
  };
  std::vector<Case> cases = {
      {replace(good, "urn:oasis:names:tc:emergency:cap:1.2", "urn:oasis:names:tc:emergency:cap:1.1"),
       "alert"},
      {replace(good, "<status>Actual</status>", ""), "status"},
      {replace(replace(good, "<identifier>43b080713727</identifier>", ""), "<sender>hsas@dhs.gov</sender>",
               "<sender>hsas@dhs.gov</sender><identifier>43b080713727</identifier>"),
       "sender"},
      {replace(good, "<urgency>Immediate</urgency>", "<urgency>Soonish</urgency>"), "urgency"},
      {replace(good, "2003-04-02T14:39:01-05:00", "yesterday"), "sent"},
      {good.substr(0, good.size() / 2), "well-formed"},
  };
  for (const auto& c : cases) {
    auto m = parse_cap(c.xml);
    ASSERT_FALSE(m.ok()) << c.expect;
    EXPECT_EQ(m.error().code, ErrorCode::kUnprocessable);
    EXPECT_NE(m.error().message.find(c.expect), std::string::npos) << m.error().message;
    EXPECT_NE(m.error().message.find("line"), std::string::npos) << m.error().message;
  }
}

TEST(Cap, NothingIsReadFromOutside) {
  const char* attacks[] = {
      // An external entity for a local file.
      "<?xml version=\"1.0\"?><!DOCTYPE alert [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
      "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><identifier>&x;</identifier></alert>",
      // A parameter entity reaching the network.
      "<?xml version=\"1.0\"?><!DOCTYPE alert [<!ENTITY % p SYSTEM \"http://127.0.0.1:1/x.dtd\"> %p;]>"
      "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"/>",
      // An external DTD.
      "<?xml version=\"1.0\"?><!DOCTYPE alert SYSTEM \"file:///etc/passwd\">"
      "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"/>",
  };
  for (const char* xml : attacks) {
    auto m = parse_cap(xml);
    ASSERT_FALSE(m.ok()) << xml;
    EXPECT_EQ(m.error().message.find("root:"), std::string::npos) << "no file content leaks";
  }
  // An entity defined inside a valid-looking message never expands into it.
  std::string inner = replace(cap_example("v1dot2_appendix_adot1.xml"), "<alert",
                              "<!DOCTYPE alert [<!ENTITY x \"boom\">]><alert");
  EXPECT_FALSE(parse_cap(inner).ok());
}

TEST(Cap, WritingValidatesAndReadsBackTheSame) {
  for (const char* name : {"v1dot2_appendix_adot1.xml", "v1dot2_appendix_adot2.xml",
                           "v1dot2_appendix_adot3.xml", "v1dot2_appendix_adot4.xml"}) {
    auto m = parse_cap(cap_example(name));
    ASSERT_TRUE(m.ok());
    std::string xml = write_cap(*m);
    ASSERT_TRUE(validate_cap(xml).ok()) << name << ": " << validate_cap(xml).error().message << "\n" << xml;
    auto again = parse_cap(xml);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(to_json(*again), to_json(*m)) << name;
    auto stored = cap_from_json(to_json(*m));
    EXPECT_EQ(to_json(stored), to_json(*m)) << "the JSON kept beside the warning loses nothing";
  }
}

TEST(Cap, LevelsComeFromALevelParameterOrTheSeverity) {
  CapMessage m;
  m.infos.push_back({});
  m.infos[0].severity = "Extreme";
  EXPECT_EQ(level_of(m), "red");
  m.infos[0].severity = "Minor";
  EXPECT_EQ(level_of(m), "blue");
  m.infos[0].parameters.push_back({"预警级别", "橙色"});
  EXPECT_EQ(level_of(m), "orange") << "an explicit level wins";
  m.infos[0].parameters = {{"level", "III"}};
  EXPECT_EQ(level_of(m), "yellow");
}

}  // namespace
}  // namespace fenghuo::alerts

#include "alerts/cap.h"

#include <boost/json.hpp>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlerror.h>

#include <cmath>
#include <cstdlib>
#include <memory>
#include <mutex>

#include "core/numbers.h"
#include "core/time.h"
#include "core/xml.h"

namespace fenghuo::alerts {

std::string_view cap_schema_xsd();  // generated from data/cap/CAP-v1.2.xsd

namespace {

constexpr const char* kNamespace = "urn:oasis:names:tc:emergency:cap:1.2";

// Nothing is ever loaded from outside: no DTDs, no external entities, no schema imports.
xmlParserInputPtr refuse_external(const char*, const char*, xmlParserCtxtPtr) { return nullptr; }

struct Errors {
  std::string first;
  static void collect(void* self, xmlErrorPtr error) {
    auto* e = static_cast<Errors*>(self);
    if (error == nullptr || !e->first.empty()) return;
    std::string message = error->message ? error->message : "invalid";
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    e->first = "line " + std::to_string(error->line) + ": " + message;
  }
};

// The compiled schema, shared by every thread (read-only once parsed).
xmlSchemaPtr schema() {
  static xmlSchemaPtr compiled = [] {
    xmlInitParser();
    xmlSetExternalEntityLoader(refuse_external);
    auto xsd = cap_schema_xsd();
    xmlSchemaParserCtxtPtr ctxt =
        xmlSchemaNewMemParserCtxt(xsd.data(), static_cast<int>(xsd.size()));
    xmlSchemaPtr s = ctxt ? xmlSchemaParse(ctxt) : nullptr;
    if (ctxt) xmlSchemaFreeParserCtxt(ctxt);
    return s;
  }();
  return compiled;
}

struct DocDeleter {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using Doc = std::unique_ptr<xmlDoc, DocDeleter>;

Result<Doc> read_valid(std::string_view xml) {
  xmlSchemaPtr s = schema();
  if (s == nullptr) return Error::internal("the CAP 1.2 schema does not compile");
  Errors errors;
  xmlSetStructuredErrorFunc(&errors, Errors::collect);
  Doc doc(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "cap.xml", nullptr,
                        XML_PARSE_NONET | XML_PARSE_NOWARNING));
  xmlSetStructuredErrorFunc(nullptr, nullptr);
  if (!doc) {
    return Error{ErrorCode::kUnprocessable,
                 "not well-formed XML: " + (errors.first.empty() ? "unreadable" : errors.first),
                 "xml"};
  }
  if (doc->intSubset != nullptr || doc->extSubset != nullptr) {
    return Error{ErrorCode::kUnprocessable, "a DTD is not allowed in a CAP message", "xml"};
  }
  xmlSchemaValidCtxtPtr valid = xmlSchemaNewValidCtxt(s);
  if (valid == nullptr) return Error::internal("no schema validation context");
  xmlSchemaSetValidStructuredErrors(valid, Errors::collect, &errors);
  int rc = xmlSchemaValidateDoc(valid, doc.get());
  xmlSchemaFreeValidCtxt(valid);
  if (rc != 0) {
    return Error{ErrorCode::kUnprocessable,
                 "not a valid CAP 1.2 message: " +
                     (errors.first.empty() ? std::string("schema validation failed") : errors.first),
                 "xml"};
  }
  return doc;
}

bool is(const xmlNode* n, const char* name) {
  return n->type == XML_ELEMENT_NODE && n->ns != nullptr &&
         std::string_view(reinterpret_cast<const char*>(n->ns->href)) == kNamespace &&
         std::string_view(reinterpret_cast<const char*>(n->name)) == name;
}

std::string text_of(const xmlNode* n) {
  xmlChar* content = xmlNodeGetContent(n);
  std::string s = content ? reinterpret_cast<const char*>(content) : "";
  xmlFree(content);
  auto begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return {};
  auto end = s.find_last_not_of(" \t\r\n");
  return s.substr(begin, end - begin + 1);
}

template <typename F>
void each(const xmlNode* parent, const char* name, F f) {
  for (const xmlNode* c = parent->children; c != nullptr; c = c->next) {
    if (is(c, name)) f(c);
  }
}

std::string child_text(const xmlNode* parent, const char* name) {
  std::string out;
  each(parent, name, [&](const xmlNode* c) {
    if (out.empty()) out = text_of(c);
  });
  return out;
}

std::optional<std::int64_t> child_time(const xmlNode* parent, const char* name) {
  std::string t = child_text(parent, name);
  if (t.empty()) return std::nullopt;
  return parse_rfc3339(t);
}

std::vector<std::string> split_space(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    std::size_t j = i;
    while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j]))) ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

// "lat,lon lat,lon ..." (CAP writes latitude first); empty if any point is not a WGS 84 pair.
std::vector<std::pair<double, double>> parse_points(const std::string& s) {
  std::vector<std::pair<double, double>> ring;
  for (const auto& pair : split_space(s)) {
    auto comma = pair.find(',');
    if (comma == std::string::npos) return {};
    auto lat = numbers::parse_finite(std::string_view(pair).substr(0, comma));
    auto lon = numbers::parse_finite(std::string_view(pair).substr(comma + 1));
    if (lat && lon && *lat >= -90 && *lat <= 90 && *lon >= -180 && *lon <= 180) {
      ring.emplace_back(*lon, *lat);
    } else {
      return {};  // one bad point spoils the shape: better no polygon than a wrong one
    }
  }
  return ring;
}

std::vector<NameValue> name_values(const xmlNode* parent, const char* name) {
  std::vector<NameValue> out;
  each(parent, name, [&](const xmlNode* c) {
    out.push_back({child_text(c, "valueName"), child_text(c, "value")});
  });
  return out;
}

void element(std::string& out, const char* indent, const char* name, const std::string& value,
             bool always = false) {
  if (value.empty() && !always) return;
  out += indent;
  out += "<";
  out += name;
  out += ">";
  out += xml_escape(value);
  out += "</";
  out += name;
  out += ">\n";
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

boost::json::array name_values_json(const std::vector<NameValue>& v) {
  boost::json::array a;
  for (const auto& nv : v) a.push_back({{"name", nv.name}, {"value", nv.value}});
  return a;
}

std::vector<NameValue> name_values_of(const boost::json::value& v) {
  std::vector<NameValue> out;
  if (!v.is_array()) return out;
  for (const auto& x : v.as_array()) {
    if (!x.is_object()) continue;
    auto s = [&](const char* k) {
      auto it = x.as_object().find(k);
      return it != x.as_object().end() && it->value().is_string()
                 ? std::string(it->value().as_string())
                 : std::string();
    };
    out.push_back({s("name"), s("value")});
  }
  return out;
}

std::string str(const boost::json::object& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().as_string())
                                                  : std::string();
}

std::optional<std::int64_t> opt_int(const boost::json::object& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_int64()) return std::nullopt;
  return it->value().as_int64();
}

std::optional<double> opt_num(const boost::json::object& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_number()) return std::nullopt;
  return it->value().to_number<double>();
}

boost::json::value opt_json(const std::optional<std::int64_t>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}
boost::json::value opt_json(const std::optional<double>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

std::vector<std::string> strings_of(const boost::json::value& v) {
  std::vector<std::string> out;
  if (!v.is_array()) return out;
  for (const auto& x : v.as_array()) {
    if (x.is_string()) out.emplace_back(x.as_string());
  }
  return out;
}

}  // namespace

std::string cap_time(std::int64_t ms) {
  std::string t = format_rfc3339(ms + 8 * 3600 * 1000);  // 2026-11-29T08:00:00.000Z
  return t.substr(0, 19) + "+08:00";
}

Status validate_cap(std::string_view xml) { return read_valid(xml).status(); }

Result<CapMessage> parse_cap(std::string_view xml) {
  FENGHUO_ASSIGN(doc, read_valid(xml));
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  CapMessage m;
  m.identifier = child_text(root, "identifier");
  m.sender = child_text(root, "sender");
  m.sent_text = child_text(root, "sent");
  auto sent = parse_rfc3339(m.sent_text);
  if (!sent) return Error{ErrorCode::kUnprocessable, "sent is not a time", "sent"};
  m.sent = *sent;
  m.status = child_text(root, "status");
  m.msg_type = child_text(root, "msgType");
  m.source = child_text(root, "source");
  m.scope = child_text(root, "scope");
  m.restriction = child_text(root, "restriction");
  m.addresses = child_text(root, "addresses");
  each(root, "code", [&](const xmlNode* c) { m.codes.push_back(text_of(c)); });
  m.note = child_text(root, "note");
  for (const auto& triple : split_space(child_text(root, "references"))) {
    auto a = triple.find(',');
    auto b = a == std::string::npos ? a : triple.find(',', a + 1);
    if (b == std::string::npos) continue;
    m.references.push_back({triple.substr(0, a), triple.substr(a + 1, b - a - 1), triple.substr(b + 1)});
  }
  m.incidents = child_text(root, "incidents");
  each(root, "info", [&](const xmlNode* n) {
    CapInfo info;
    if (auto lang = child_text(n, "language"); !lang.empty()) info.language = lang;
    each(n, "category", [&](const xmlNode* c) { info.categories.push_back(text_of(c)); });
    info.event = child_text(n, "event");
    each(n, "responseType", [&](const xmlNode* c) { info.response_types.push_back(text_of(c)); });
    info.urgency = child_text(n, "urgency");
    info.severity = child_text(n, "severity");
    info.certainty = child_text(n, "certainty");
    info.audience = child_text(n, "audience");
    info.event_codes = name_values(n, "eventCode");
    info.effective = child_time(n, "effective");
    info.onset = child_time(n, "onset");
    info.expires = child_time(n, "expires");
    info.sender_name = child_text(n, "senderName");
    info.headline = child_text(n, "headline");
    info.description = child_text(n, "description");
    info.instruction = child_text(n, "instruction");
    info.web = child_text(n, "web");
    info.contact = child_text(n, "contact");
    info.parameters = name_values(n, "parameter");
    each(n, "resource", [&](const xmlNode* r) {
      CapResource res;
      res.desc = child_text(r, "resourceDesc");
      res.mime_type = child_text(r, "mimeType");
      std::string size = child_text(r, "size");
      if (!size.empty()) res.size = std::strtoll(size.c_str(), nullptr, 10);
      res.uri = child_text(r, "uri");
      res.digest = child_text(r, "digest");
      // derefUri (base64 content) is not kept: the original message holds it.
      info.resources.push_back(std::move(res));
    });
    each(n, "area", [&](const xmlNode* a) {
      CapArea area;
      area.desc = child_text(a, "areaDesc");
      each(a, "polygon", [&](const xmlNode* p) {
        auto ring = parse_points(text_of(p));
        if (ring.size() >= 4) area.polygons.push_back(std::move(ring));
      });
      each(a, "circle", [&](const xmlNode* c) {
        // "lat,lon radius_km"
        auto parts = split_space(text_of(c));
        if (parts.size() != 2) return;
        auto center = parse_points(parts[0]);
        auto radius_km = numbers::parse_finite(parts[1]);
        if (center.empty() || !radius_km || *radius_km < 0) return;
        area.circles.push_back({center[0].first, center[0].second, *radius_km});
      });
      area.geocodes = name_values(a, "geocode");
      std::string altitude = child_text(a, "altitude"), ceiling = child_text(a, "ceiling");
      if (!altitude.empty()) area.altitude = numbers::parse_finite(altitude);
      if (!ceiling.empty()) area.ceiling = numbers::parse_finite(ceiling);
      info.areas.push_back(std::move(area));
    });
    m.infos.push_back(std::move(info));
  });
  return m;
}

std::string write_cap(const CapMessage& m) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">\n";
  const char* in1 = "  ";
  element(out, in1, "identifier", m.identifier, true);
  element(out, in1, "sender", m.sender, true);
  element(out, in1, "sent", m.sent_text.empty() ? cap_time(m.sent) : m.sent_text, true);
  element(out, in1, "status", m.status, true);
  element(out, in1, "msgType", m.msg_type, true);
  element(out, in1, "source", m.source);
  element(out, in1, "scope", m.scope, true);
  element(out, in1, "restriction", m.restriction);
  element(out, in1, "addresses", m.addresses);
  for (const auto& c : m.codes) element(out, in1, "code", c, true);
  element(out, in1, "note", m.note);
  if (!m.references.empty()) {
    std::string refs;
    for (const auto& r : m.references) {
      refs += (refs.empty() ? "" : " ") + r.sender + "," + r.identifier + "," + r.sent;
    }
    element(out, in1, "references", refs);
  }
  element(out, in1, "incidents", m.incidents);
  for (const auto& info : m.infos) {
    out += "  <info>\n";
    const char* in2 = "    ";
    element(out, in2, "language", info.language);
    for (const auto& c : info.categories) element(out, in2, "category", c, true);
    element(out, in2, "event", info.event, true);
    for (const auto& r : info.response_types) element(out, in2, "responseType", r, true);
    element(out, in2, "urgency", info.urgency, true);
    element(out, in2, "severity", info.severity, true);
    element(out, in2, "certainty", info.certainty, true);
    element(out, in2, "audience", info.audience);
    for (const auto& e : info.event_codes) {
      out += "    <eventCode>\n";
      element(out, "      ", "valueName", e.name, true);
      element(out, "      ", "value", e.value, true);
      out += "    </eventCode>\n";
    }
    if (info.effective) element(out, in2, "effective", cap_time(*info.effective));
    if (info.onset) element(out, in2, "onset", cap_time(*info.onset));
    if (info.expires) element(out, in2, "expires", cap_time(*info.expires));
    element(out, in2, "senderName", info.sender_name);
    element(out, in2, "headline", info.headline);
    element(out, in2, "description", info.description);
    element(out, in2, "instruction", info.instruction);
    element(out, in2, "web", info.web);
    element(out, in2, "contact", info.contact);
    for (const auto& p : info.parameters) {
      out += "    <parameter>\n";
      element(out, "      ", "valueName", p.name, true);
      element(out, "      ", "value", p.value, true);
      out += "    </parameter>\n";
    }
    for (const auto& r : info.resources) {
      out += "    <resource>\n";
      element(out, "      ", "resourceDesc", r.desc, true);
      element(out, "      ", "mimeType", r.mime_type, true);
      if (r.size) element(out, "      ", "size", std::to_string(*r.size));
      element(out, "      ", "uri", r.uri);
      element(out, "      ", "digest", r.digest);
      out += "    </resource>\n";
    }
    for (const auto& a : info.areas) {
      out += "    <area>\n";
      element(out, "      ", "areaDesc", a.desc, true);
      for (const auto& ring : a.polygons) {
        std::string points;
        for (const auto& [lon, lat] : ring) {
          points += (points.empty() ? "" : " ") + number(lat) + "," + number(lon);
        }
        element(out, "      ", "polygon", points, true);
      }
      for (const auto& c : a.circles) {
        element(out, "      ", "circle", number(c.lat) + "," + number(c.lon) + " " + number(c.radius_km), true);
      }
      for (const auto& g : a.geocodes) {
        out += "      <geocode>\n";
        element(out, "        ", "valueName", g.name, true);
        element(out, "        ", "value", g.value, true);
        out += "      </geocode>\n";
      }
      if (a.altitude) element(out, "      ", "altitude", number(*a.altitude));
      if (a.altitude && a.ceiling) element(out, "      ", "ceiling", number(*a.ceiling));
      out += "    </area>\n";
    }
    out += "  </info>\n";
  }
  out += "</alert>\n";
  return out;
}

boost::json::object to_json(const CapMessage& m) {
  boost::json::array refs;
  for (const auto& r : m.references) {
    refs.push_back({{"sender", r.sender}, {"identifier", r.identifier}, {"sent", r.sent}});
  }
  boost::json::array infos;
  for (const auto& i : m.infos) {
    boost::json::array categories, responses, resources, areas;
    for (const auto& c : i.categories) categories.emplace_back(c);
    for (const auto& r : i.response_types) responses.emplace_back(r);
    for (const auto& r : i.resources) {
      resources.push_back({{"desc", r.desc}, {"mime_type", r.mime_type}, {"size", opt_json(r.size)},
                           {"uri", r.uri}, {"digest", r.digest}});
    }
    for (const auto& a : i.areas) {
      boost::json::array polygons, circles;
      for (const auto& ring : a.polygons) {
        boost::json::array points;
        for (const auto& [lon, lat] : ring) points.push_back(boost::json::array{lon, lat});
        polygons.push_back(std::move(points));
      }
      for (const auto& c : a.circles) {
        circles.push_back({{"lon", c.lon}, {"lat", c.lat}, {"radius_km", c.radius_km}});
      }
      areas.push_back({{"desc", a.desc}, {"polygons", std::move(polygons)},
                       {"circles", std::move(circles)}, {"geocodes", name_values_json(a.geocodes)},
                       {"altitude", opt_json(a.altitude)}, {"ceiling", opt_json(a.ceiling)}});
    }
    infos.push_back({{"language", i.language},
                     {"categories", std::move(categories)},
                     {"event", i.event},
                     {"response_types", std::move(responses)},
                     {"urgency", i.urgency},
                     {"severity", i.severity},
                     {"certainty", i.certainty},
                     {"audience", i.audience},
                     {"event_codes", name_values_json(i.event_codes)},
                     {"effective", opt_json(i.effective)},
                     {"onset", opt_json(i.onset)},
                     {"expires", opt_json(i.expires)},
                     {"sender_name", i.sender_name},
                     {"headline", i.headline},
                     {"description", i.description},
                     {"instruction", i.instruction},
                     {"web", i.web},
                     {"contact", i.contact},
                     {"parameters", name_values_json(i.parameters)},
                     {"resources", std::move(resources)},
                     {"areas", std::move(areas)}});
  }
  boost::json::array codes;
  for (const auto& c : m.codes) codes.emplace_back(c);
  return {{"identifier", m.identifier}, {"sender", m.sender},     {"sent", m.sent},
          {"sent_text", m.sent_text},   {"status", m.status},     {"msg_type", m.msg_type},
          {"source", m.source},         {"scope", m.scope},       {"restriction", m.restriction},
          {"addresses", m.addresses},   {"codes", std::move(codes)}, {"note", m.note},
          {"references", std::move(refs)}, {"incidents", m.incidents},
          {"infos", std::move(infos)}};
}

CapMessage cap_from_json(const boost::json::object& o) {
  CapMessage m;
  m.identifier = str(o, "identifier");
  m.sender = str(o, "sender");
  m.sent = opt_int(o, "sent").value_or(0);
  m.sent_text = str(o, "sent_text");
  m.status = str(o, "status");
  m.msg_type = str(o, "msg_type");
  m.source = str(o, "source");
  m.scope = str(o, "scope");
  m.restriction = str(o, "restriction");
  m.addresses = str(o, "addresses");
  if (auto it = o.find("codes"); it != o.end()) m.codes = strings_of(it->value());
  m.note = str(o, "note");
  if (auto it = o.find("references"); it != o.end() && it->value().is_array()) {
    for (const auto& r : it->value().as_array()) {
      if (!r.is_object()) continue;
      m.references.push_back({str(r.as_object(), "sender"), str(r.as_object(), "identifier"),
                              str(r.as_object(), "sent")});
    }
  }
  m.incidents = str(o, "incidents");
  if (auto it = o.find("infos"); it != o.end() && it->value().is_array()) {
    for (const auto& iv : it->value().as_array()) {
      if (!iv.is_object()) continue;
      const auto& i = iv.as_object();
      CapInfo info;
      info.language = str(i, "language");
      if (auto c = i.find("categories"); c != i.end()) info.categories = strings_of(c->value());
      info.event = str(i, "event");
      if (auto c = i.find("response_types"); c != i.end()) info.response_types = strings_of(c->value());
      info.urgency = str(i, "urgency");
      info.severity = str(i, "severity");
      info.certainty = str(i, "certainty");
      info.audience = str(i, "audience");
      if (auto c = i.find("event_codes"); c != i.end()) info.event_codes = name_values_of(c->value());
      info.effective = opt_int(i, "effective");
      info.onset = opt_int(i, "onset");
      info.expires = opt_int(i, "expires");
      info.sender_name = str(i, "sender_name");
      info.headline = str(i, "headline");
      info.description = str(i, "description");
      info.instruction = str(i, "instruction");
      info.web = str(i, "web");
      info.contact = str(i, "contact");
      if (auto c = i.find("parameters"); c != i.end()) info.parameters = name_values_of(c->value());
      if (auto c = i.find("resources"); c != i.end() && c->value().is_array()) {
        for (const auto& rv : c->value().as_array()) {
          if (!rv.is_object()) continue;
          const auto& r = rv.as_object();
          info.resources.push_back({str(r, "desc"), str(r, "mime_type"), str(r, "uri"),
                                    str(r, "digest"), opt_int(r, "size")});
        }
      }
      if (auto c = i.find("areas"); c != i.end() && c->value().is_array()) {
        for (const auto& av : c->value().as_array()) {
          if (!av.is_object()) continue;
          const auto& a = av.as_object();
          CapArea area;
          area.desc = str(a, "desc");
          if (auto p = a.find("polygons"); p != a.end() && p->value().is_array()) {
            for (const auto& ring : p->value().as_array()) {
              std::vector<std::pair<double, double>> points;
              if (!ring.is_array()) continue;
              for (const auto& pt : ring.as_array()) {
                if (pt.is_array() && pt.as_array().size() == 2 && pt.as_array()[0].is_number() &&
                    pt.as_array()[1].is_number()) {
                  points.emplace_back(pt.as_array()[0].to_number<double>(),
                                      pt.as_array()[1].to_number<double>());
                }
              }
              area.polygons.push_back(std::move(points));
            }
          }
          if (auto cs = a.find("circles"); cs != a.end() && cs->value().is_array()) {
            for (const auto& cv : cs->value().as_array()) {
              if (!cv.is_object()) continue;
              area.circles.push_back({opt_num(cv.as_object(), "lon").value_or(0),
                                      opt_num(cv.as_object(), "lat").value_or(0),
                                      opt_num(cv.as_object(), "radius_km").value_or(0)});
            }
          }
          if (auto g = a.find("geocodes"); g != a.end()) area.geocodes = name_values_of(g->value());
          area.altitude = opt_num(a, "altitude");
          area.ceiling = opt_num(a, "ceiling");
          info.areas.push_back(std::move(area));
        }
      }
      m.infos.push_back(std::move(info));
    }
  }
  return m;
}

}  // namespace fenghuo::alerts

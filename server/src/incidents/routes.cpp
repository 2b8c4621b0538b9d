#include "incidents/routes.h"

#include <boost/json.hpp>

#include "core/json_input.h"
#include "core/time.h"
#include "http/json.h"
#include "http/params.h"
#include "incidents/docx.h"

namespace fenghuo::incidents {
namespace {

using http::Access;
using http::Method;
using http::Request;
using http::Response;

Result<Response> report_response(int status, Result<Report> r, std::int64_t now) {
  if (!r.ok()) return std::move(r).error();
  return http::json_response(status, to_json(*r, now));
}

Result<Response> incident_response(int status, Result<Incident> x, std::int64_t now) {
  if (!x.ok()) return std::move(x).error();
  return http::json_response(status, to_json(*x, now));
}

// The body's "comment" (optional text) and "version".
struct Decision {
  std::int64_t version = 0;
  std::string comment;
};
Result<Decision> decision_of(const Request& r) {
  FENGHUO_ASSIGN(in, http::parse_json_object(r));
  FENGHUO_TRY(json_input::only(in, {"version", "comment"}));
  FENGHUO_ASSIGN(version, json_input::version(in));
  FENGHUO_ASSIGN(comment, json_input::text(in, "comment", 2000));
  return Decision{version, comment.value_or("")};
}

Result<IncidentQuery> incident_query(const Request& r) {
  IncidentQuery q;
  q.region = r.query("region").value_or("");
  q.status = r.query("status").value_or("");
  q.level = r.query("level").value_or("");
  q.type = r.query("type").value_or("");
  q.text = r.query("q").value_or("");
  if (!q.level.empty() && !is_level(q.level)) {
    return Error::validation("level", "level must be I, II, III or IV");
  }
  if (!q.status.empty() && status_name(q.status).empty()) {
    return Error::validation("status", "status must be received, responding, closed or merged");
  }
  if (r.query("drill")) {
    FENGHUO_ASSIGN(drill, http::query_bool(r, "drill", false));
    q.drill = drill;
  }
  FENGHUO_ASSIGN(from, http::query_time(r, "from"));
  FENGHUO_ASSIGN(to, http::query_time(r, "to"));
  q.from = from;
  q.to = to;
  FENGHUO_ASSIGN(paging, http::query_page(r, 50, 500));
  q.limit = paging.limit;
  q.offset = paging.offset;
  return q;
}

boost::json::object type_json(const IncidentType& t) {
  boost::json::array inputs;
  for (const auto& i : grading_inputs(t.grading)) inputs.emplace_back(i);
  boost::json::object names;
  for (int rank = 1; rank <= 4; ++rank) {
    names[level_code(rank)] = level_name(level_code(rank), t.grading);
  }
  return {{"code", t.code},
          {"name", t.name},
          {"name_en", t.name_en},
          {"parent", t.parent},
          {"category", t.category},
          {"grading", t.grading},
          {"inputs", std::move(inputs)},
          {"level_family", level_family(t.grading)},
          {"level_names", std::move(names)}};
}

boost::json::object timeline_json(const TimelineEntry& e) {
  return {{"at", format_rfc3339(e.at)},
          {"actor", e.actor},
          {"org_name", e.org_name},
          {"action", e.action},
          {"detail", e.detail}};
}

// /api/v1/incident-types.
void add_type_routes(http::Router& router, IncidentService& service) {
  router.add(Method::kGet, "/api/v1/incident-types", {.access = Access::global("incidents.read")},
             [&service](Request&) -> Result<Response> {
               FENGHUO_ASSIGN(types, service.types());
               return http::items_response(http::json_array(types, type_json));
             });
}

// /api/v1/incidents*: intake, the list, an incident, its level, state, merging, timeline and
// attachments.
void add_incident_routes(http::Router& router, IncidentService& service,
                         storage::FileStore& files) {
  const auto read = Access::jurisdiction("incidents.read");
  const auto write = Access::jurisdiction("incidents.write");
  const auto approve = Access::jurisdiction("incidents.approve");
  router.add(Method::kPost, "/api/v1/incidents", {.access = write},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(in, http::parse_json_object(r));
               return incident_response(201, service.create(*r.principal, in), service.now_ms());
             });

  router.add(
      Method::kGet, "/api/v1/incidents", {.access = read},
      [&service](Request& r) -> Result<Response> {
        FENGHUO_ASSIGN(q, incident_query(r));
        FENGHUO_ASSIGN(page, service.list(*r.principal, q));
        auto now = service.now_ms();
        return http::page_response(
            http::json_array(page.items, [now](const Incident& x) { return to_json(x, now); }),
            page.total);
      });

  router.add(
      Method::kGet, "/api/v1/incidents/{id}", {.access = read},
      [&service](Request& r) -> Result<Response> {
        FENGHUO_ASSIGN(id, http::path_id(r));
        FENGHUO_ASSIGN(d, service.get(*r.principal, id));
        auto o = to_json(d.incident, service.now_ms());
        auto basis = service.rule_grade(d.incident);
        o["level_basis"] = basis ? boost::json::value(to_json(*basis)) : nullptr;
        boost::json::array levels;
        for (const auto& l : d.levels) {
          levels.push_back({{"level", l.level},
                            {"level_name", level_name(l.level, d.incident.grading)},
                            {"reason", l.reason},
                            {"source", l.source},
                            {"at", format_rfc3339(l.at)},
                            {"by", l.by}});
        }
        o["levels"] = std::move(levels);
        boost::json::array intakes;
        for (const auto& i : d.intakes) {
          intakes.push_back({{"at", format_rfc3339(i.at)},
                             {"by", i.by},
                             {"reporting_unit", i.reporting_unit},
                             {"reporter_name", i.reporter_name},
                             {"reporter_phone", i.reporter_phone},
                             {"description", i.description},
                             {"from_incident",
                              i.from_incident ? boost::json::value(std::to_string(*i.from_incident))
                                              : boost::json::value(nullptr)}});
        }
        o["intakes"] = std::move(intakes);
        return http::json_response(200, o);
      });

  router.add(Method::kPatch, "/api/v1/incidents/{id}", {.access = write},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_TRY(service.check_incident(*r.principal, id));
               FENGHUO_ASSIGN(in, http::parse_json_object(r));
               return incident_response(200, service.update(*r.principal, id, in),
                                        service.now_ms());
             });

  router.add(Method::kPost, "/api/v1/incidents/{id}/level", {.access = approve},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_TRY(service.check_incident(*r.principal, id));
               FENGHUO_ASSIGN(in, http::parse_json_object(r));
               FENGHUO_TRY(json_input::only(in, {"level", "reason", "version"}));
               FENGHUO_ASSIGN(version, json_input::version(in));
               FENGHUO_ASSIGN(level, json_input::text(in, "level", 4));
               FENGHUO_ASSIGN(reason, json_input::text(in, "reason", 1000));
               return incident_response(200,
                                        service.set_level(*r.principal, id, level.value_or(""),
                                                          reason.value_or(""), version),
                                        service.now_ms());
             });

  router.add(Method::kPost, "/api/v1/incidents/{id}/status", {.access = write},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_TRY(service.check_incident(*r.principal, id));
               FENGHUO_ASSIGN(in, http::parse_json_object(r));
               FENGHUO_TRY(json_input::only(in, {"status", "note", "version"}));
               FENGHUO_ASSIGN(version, json_input::version(in));
               FENGHUO_ASSIGN(status, json_input::text(in, "status", 20));
               FENGHUO_ASSIGN(note, json_input::text(in, "note", 1000));
               return incident_response(200,
                                        service.set_status(*r.principal, id, status.value_or(""),
                                                           note.value_or(""), version),
                                        service.now_ms());
             });

  router.add(Method::kPost, "/api/v1/incidents/{id}/merge", {.access = write},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_TRY(service.check_incident(*r.principal, id));
               FENGHUO_ASSIGN(in, http::parse_json_object(r));
               FENGHUO_TRY(json_input::only(in, {"into", "version"}));
               FENGHUO_ASSIGN(version, json_input::version(in));
               FENGHUO_ASSIGN(into, json_input::id(in, "into"));
               if (!into) return Error::validation("into", "into is required");
               return incident_response(200, service.merge(*r.principal, id, *into, version),
                                        service.now_ms());
             });

  router.add(Method::kGet, "/api/v1/incidents/{id}/timeline", {.access = read},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_ASSIGN(entries, service.timeline(*r.principal, id));
               return http::items_response(http::json_array(entries, timeline_json));
             });

  router.add(Method::kGet, "/api/v1/incidents/{id}/attachments/{file}", {.access = read},
             [&service, &files](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_ASSIGN(file_id, http::path_id(r, "file"));
               FENGHUO_TRY(service.check_attachment(*r.principal, id, file_id));
               FENGHUO_ASSIGN(inline_view, http::query_bool(r, "inline", false));
               return files.download(file_id, inline_view);
             });
}

// Reports: an incident's (/api/v1/incidents/{id}/reports) and the boxes and workflow
// (/api/v1/reports*).
void add_report_routes(http::Router& router, IncidentService& service) {
  const auto read = Access::jurisdiction("incidents.read");
  const auto write = Access::jurisdiction("incidents.write");
  const auto approve = Access::jurisdiction("incidents.approve");
  router.add(Method::kGet, "/api/v1/incidents/{id}/reports", {.access = read},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_ASSIGN(reports, service.reports_of(*r.principal, id));
               auto now = service.now_ms();
               return http::items_response(
                   http::json_array(reports, [now](const Report& x) { return to_json(x, now); }));
             });

  router.add(Method::kPost, "/api/v1/incidents/{id}/reports", {.access = write},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_TRY(service.check_incident(*r.principal, id));
               FENGHUO_ASSIGN(in, http::parse_json_object(r));
               FENGHUO_TRY(json_input::only(in, {"kind"}));
               FENGHUO_ASSIGN(kind, json_input::text(in, "kind", 20));
               return report_response(
                   201, service.create_report(*r.principal, id, kind.value_or("update")),
                   service.now_ms());
             });

  router.add(Method::kGet, "/api/v1/reports", {.access = read},
             [&service](Request& r) -> Result<Response> {
               ReportBoxQuery q;
               q.box = r.query("box").value_or("inbox");
               q.region = r.query("region").value_or("");
               FENGHUO_ASSIGN(paging, http::query_page(r, 50, 500));
               q.limit = paging.limit;
               q.offset = paging.offset;
               FENGHUO_ASSIGN(page, service.box(*r.principal, q));
               auto now = service.now_ms();
               return http::page_response(
                   http::json_array(page.items, [now](const Report& x) { return to_json(x, now); }),
                   page.total);
             });

  router.add(Method::kGet, "/api/v1/reports/{id}", {.access = read},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               return report_response(200, service.report(*r.principal, id), service.now_ms());
             });

  router.add(Method::kPatch, "/api/v1/reports/{id}", {.access = write},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_TRY(service.check_report(*r.principal, id));
               FENGHUO_ASSIGN(in, http::parse_json_object(r));
               return report_response(200, service.update_report(*r.principal, id, in),
                                      service.now_ms());
             });

  router.add(Method::kPost, "/api/v1/reports/{id}/submit", {.access = write},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_TRY(service.check_report(*r.principal, id));
               FENGHUO_ASSIGN(d, decision_of(r));
               return report_response(200, service.submit(*r.principal, id, d.version),
                                      service.now_ms());
             });

  router.add(Method::kPost, "/api/v1/reports/{id}/approve", {.access = approve},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_TRY(service.check_report(*r.principal, id));
               FENGHUO_ASSIGN(d, decision_of(r));
               return report_response(200, service.approve(*r.principal, id, d.version, d.comment),
                                      service.now_ms());
             });

  router.add(Method::kPost, "/api/v1/reports/{id}/return", {.access = approve},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_TRY(service.check_report(*r.principal, id));
               FENGHUO_ASSIGN(d, decision_of(r));
               return report_response(200,
                                      service.return_report(*r.principal, id, d.version, d.comment),
                                      service.now_ms());
             });

  router.add(Method::kPost, "/api/v1/reports/{id}/withdraw", {.access = write},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_TRY(service.check_report(*r.principal, id));
               FENGHUO_ASSIGN(in, http::parse_json_object(r));
               FENGHUO_TRY(json_input::only(in, {"version"}));
               FENGHUO_ASSIGN(version, json_input::version(in));
               return report_response(200, service.withdraw(*r.principal, id, version),
                                      service.now_ms());
             });

  router.add(Method::kPost, "/api/v1/reports/{id}/approve-and-send", {.access = approve},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_TRY(service.check_report(*r.principal, id));
               FENGHUO_ASSIGN(in, http::parse_json_object(r));
               FENGHUO_TRY(json_input::only(in, {"version", "comment", "to"}));
               FENGHUO_ASSIGN(version, json_input::version(in));
               FENGHUO_ASSIGN(comment, json_input::text(in, "comment", 2000));
               FENGHUO_ASSIGN(to, json_input::ids(in, "to"));
               return report_response(200,
                                      service.approve_and_send(*r.principal, id, version,
                                                               comment.value_or(""), std::move(to)),
                                      service.now_ms());
             });

  router.add(Method::kPost, "/api/v1/reports/{id}/correct", {.access = approve},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_TRY(service.check_report(*r.principal, id));
               FENGHUO_ASSIGN(in, http::parse_json_object(r));
               return report_response(200, service.correct(*r.principal, id, in), service.now_ms());
             });

  router.add(Method::kPost, "/api/v1/reports/{id}/send", {.access = write},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_TRY(service.check_report(*r.principal, id));
               FENGHUO_ASSIGN(in, http::parse_json_object(r));
               FENGHUO_TRY(json_input::only(in, {"version", "to", "kind"}));
               FENGHUO_ASSIGN(version, json_input::integer(in, "version", 1, INT64_MAX));
               FENGHUO_ASSIGN(to, json_input::ids(in, "to"));
               FENGHUO_ASSIGN(kind, json_input::text(in, "kind", 10));
               return report_response(200,
                                      service.send(*r.principal, id, version.value_or(0),
                                                   std::move(to), kind.value_or("up")),
                                      service.now_ms());
             });

  router.add(Method::kPost, "/api/v1/reports/{id}/sign", {.access = read},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               return report_response(200, service.sign(*r.principal, id), service.now_ms());
             });

  router.add(
      Method::kGet, "/api/v1/reports/{id}/export", {.access = read},
      [&service](Request& r) -> Result<Response> {
        FENGHUO_ASSIGN(id, http::path_id(r));
        std::string format = r.query("format").value_or("docx");
        FENGHUO_ASSIGN(report, service.report(*r.principal, id));
        std::string filename = "report-" + std::to_string(id);
        if (format == "json") {
          FENGHUO_ASSIGN(d, service.get(*r.principal, report.incident_id));
          Response res = Response::json(200, report_exchange_json(report, d.incident));
          res.set_header("Content-Disposition", "attachment; filename=\"" + filename + ".json\"");
          return res;
        }
        if (format != "docx") return Error::validation("format", "format must be docx or json");
        std::string approver;
        for (const auto& c : report.comments) {
          if (c.action == "approve") approver = c.by;
        }
        FENGHUO_ASSIGN(bytes, report_docx(report, approver));
        Response res = Response::text(
            200, std::move(bytes),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        res.set_header("Content-Disposition", "attachment; filename=\"" + filename + ".docx\"");
        return res;
      });
}

}  // namespace

void add_routes(http::Router& router, IncidentService& service, storage::FileStore& files) {
  add_type_routes(router, service);
  add_incident_routes(router, service, files);
  add_report_routes(router, service);
}

}  // namespace fenghuo::incidents

#include "duty/routes.h"

#include <boost/json.hpp>

#include "core/json_input.h"
#include "core/principal.h"
#include "core/time.h"
#include "http/json.h"
#include "http/params.h"

namespace fenghuo::duty {
namespace {

using http::Access;
using http::Method;
using http::Request;
using http::Response;

// A ?region= outside the caller's jurisdiction is refused (403) like on every other list.
Status check_region(const Request& r) {
  if (auto region = r.query("region")) return region_pattern(*r.principal, *region).status();
  return {};
}

// The organisation a request is about: ?org=ID, or the caller's own.
Result<std::int64_t> org_of(const Request& r) {
  FENGHUO_TRY(check_region(r));
  FENGHUO_ASSIGN(org, http::query_int(r, "org", r.principal->org_id, 1, INT64_MAX));
  if (org == 0) return Error::validation("org", "org is required");
  return org;
}

boost::json::object settings_json(const DutyService::Settings& s) {
  boost::json::array shifts;
  for (const auto& t : s.shifts) shifts.push_back(to_json(t));
  return {
      {"org_id", std::to_string(s.org_id)}, {"shifts", std::move(shifts)}, {"version", s.version}};
}

boost::json::object recipient_json(const Recipient& o) {
  return {{"id", std::to_string(o.id)},   {"name", o.name}, {"region", o.region},
          {"region_name", o.region_name}, {"type", o.type}, {"relation", o.relation}};
}

boost::json::object import_json(const RosterImport& report) {
  boost::json::array errors;
  for (const auto& e : report.errors) {
    errors.push_back({{"row", e.row}, {"field", e.field}, {"message", e.message}});
  }
  return {{"applied", report.applied}, {"errors", std::move(errors)}};
}

// Shift settings and rosters: /api/v1/duty/settings, /api/v1/duty/shifts*, /api/v1/duty/now.
void add_roster_routes(http::Router& router, DutyService& duty) {
  const auto read = Access::jurisdiction("duty.read");
  const auto rosters = Access::jurisdiction("rosters.write");
  router.add(Method::kGet, "/api/v1/duty/settings", {.access = read},
             [&duty](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(org, org_of(r));
               FENGHUO_ASSIGN(s, duty.settings(*r.principal, org));
               return http::json_response(200, settings_json(s));
             });
  router.add(Method::kPut, "/api/v1/duty/settings", {.access = rosters},
             [&duty](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(in, http::parse_json_object(r));
               FENGHUO_ASSIGN(s, duty.save_settings(*r.principal, in));
               return http::json_response(200, settings_json(s));
             });

  router.add(Method::kGet, "/api/v1/duty/shifts", {.access = read},
             [&duty](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(org, org_of(r));
               // This month in Asia/Shanghai unless asked.
               std::string month = r.query("month").value_or(
                   format_rfc3339(duty.now_ms() + 8 * 3600 * 1000).substr(0, 7));
               FENGHUO_ASSIGN(shifts, duty.shifts(*r.principal, org, month));
               return http::items_response(
                   http::json_array(shifts, [](const Shift& s) { return to_json(s); }));
             });
  router.add(Method::kPut, "/api/v1/duty/shifts", {.access = rosters},
             [&duty](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(in, http::parse_json_object(r));
               FENGHUO_ASSIGN(s, duty.put_shift(*r.principal, in));
               return http::json_response(200, to_json(s));
             });
  router.add(Method::kDelete, "/api/v1/duty/shifts/{id}", {.access = rosters},
             [&duty](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_TRY(duty.delete_shift(*r.principal, id));
               return Response::text(204, "", "text/plain");
             });
  router.add(Method::kPost, "/api/v1/duty/shifts/import", {.access = rosters},
             [&duty](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(in, http::parse_json_object(r));
               FENGHUO_ASSIGN(report, duty.import_shifts(*r.principal, in));
               return http::json_response(report.errors.empty() ? 200 : 422, import_json(report));
             });

  router.add(Method::kGet, "/api/v1/duty/now", {.access = read},
             [&duty](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(now, duty.on_duty(*r.principal, r.query("region").value_or("")));
               return http::items_response(
                   http::json_array(now, [](const OnDuty& d) { return to_json(d); }));
             });
}

// Who a duty room sends to, its log and its handovers.
void add_log_routes(http::Router& router, DutyService& duty, const OpenItems& open_items) {
  const auto read = Access::jurisdiction("duty.read");
  const auto write = Access::jurisdiction("duty.write");
  router.add(Method::kGet, "/api/v1/duty/recipients", {.access = read},
             [&duty](Request& r) -> Result<Response> {
               FENGHUO_TRY(check_region(r));
               FENGHUO_ASSIGN(limit, http::query_int(r, "limit", 50, 1, 500));
               FENGHUO_ASSIGN(found,
                              duty.recipients(*r.principal, r.query("q").value_or(""), limit));
               return http::items_response(http::json_array(found, recipient_json));
             });

  router.add(Method::kPost, "/api/v1/duty/log", {.access = write},
             [&duty](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(in, http::parse_json_object(r));
               FENGHUO_ASSIGN(e, duty.add_log(*r.principal, in));
               return http::json_response(201, to_json(e));
             });
  router.add(
      Method::kGet, "/api/v1/duty/log", {.access = read}, [&duty](Request& r) -> Result<Response> {
        FENGHUO_ASSIGN(org, org_of(r));
        FENGHUO_ASSIGN(from, http::query_time(r, "from"));
        FENGHUO_ASSIGN(to, http::query_time(r, "to"));
        FENGHUO_ASSIGN(paging, http::query_page(r, 50, 500));
        FENGHUO_ASSIGN(got, duty.log(*r.principal, org, from, to, paging.limit, paging.offset));
        return http::page_response(
            http::json_array(got.items, [](const LogEntry& e) { return to_json(e); }), got.total);
      });

  router.add(Method::kGet, "/api/v1/duty/handover/preview", {.access = read},
             [open_items](Request& r) -> Result<Response> {
               FENGHUO_TRY(check_region(r));
               FENGHUO_ASSIGN(items, open_items(*r.principal));
               return http::json_response(200, items);
             });
  router.add(Method::kPost, "/api/v1/duty/handovers", {.access = write},
             [&duty, open_items](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(in, http::parse_json_object(r));
               FENGHUO_ASSIGN(items, open_items(*r.principal));
               FENGHUO_ASSIGN(h, duty.hand_over(*r.principal, in, boost::json::serialize(items)));
               return http::json_response(201, to_json(h));
             });
  router.add(Method::kPost, "/api/v1/duty/handovers/{id}/accept", {.access = write},
             [&duty](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_ASSIGN(h, duty.accept(*r.principal, id));
               return http::json_response(200, to_json(h));
             });
  router.add(Method::kGet, "/api/v1/duty/handovers", {.access = read},
             [&duty](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(org, org_of(r));
               FENGHUO_ASSIGN(paging, http::query_page(r, 50, 500));
               FENGHUO_ASSIGN(got, duty.handovers(*r.principal, org, paging.limit, paging.offset));
               return http::page_response(
                   http::json_array(got.items, [](const Handover& h) { return to_json(h); }),
                   got.total);
             });
}

// E-faxes: /api/v1/faxes*.
void add_fax_routes(http::Router& router, FaxService& faxes, storage::FileStore& files) {
  const auto read = Access::jurisdiction("duty.read");
  const auto write = Access::jurisdiction("duty.write");
  router.add(Method::kPost, "/api/v1/faxes", {.access = write},
             [&faxes](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(in, http::parse_json_object(r));
               FENGHUO_ASSIGN(f, faxes.send(*r.principal, in));
               return http::json_response(201, to_json(f, r.principal->org_id));
             });
  router.add(
      Method::kGet, "/api/v1/faxes", {.access = read}, [&faxes](Request& r) -> Result<Response> {
        FENGHUO_TRY(check_region(r));
        FENGHUO_ASSIGN(archived, http::query_bool(r, "archived", false));
        FENGHUO_ASSIGN(paging, http::query_page(r, 50, 500));
        FENGHUO_ASSIGN(
            got, faxes.list(*r.principal, r.query("box").value_or("received"),
                            r.query("q").value_or(""), archived, paging.limit, paging.offset));
        const std::int64_t org = r.principal->org_id;
        return http::page_response(
            http::json_array(got.items, [org](const Fax& f) { return to_json(f, org); }),
            got.total);
      });
  router.add(Method::kGet, "/api/v1/faxes/{id}", {.access = read},
             [&faxes](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_ASSIGN(f, faxes.get(*r.principal, id));
               return http::json_response(200, to_json(f, r.principal->org_id));
             });
  router.add(Method::kGet, "/api/v1/faxes/{id}/document", {.access = read},
             [&faxes, &files](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_ASSIGN(f, faxes.get(*r.principal, id));
               FENGHUO_ASSIGN(inline_view, http::query_bool(r, "inline", false));
               return files.download(f.file.id, inline_view);
             });
  router.add(Method::kPost, "/api/v1/faxes/{id}/sign", {.access = write},
             [&faxes](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_ASSIGN(f, faxes.sign(*r.principal, id));
               return http::json_response(200, to_json(f, r.principal->org_id));
             });
  router.add(Method::kPost, "/api/v1/faxes/{id}/archive", {.access = write},
             [&faxes](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_ASSIGN(in, http::parse_json_object(r));
               FENGHUO_TRY(json_input::only(in, {"archived"}));
               FENGHUO_ASSIGN(archived, json_input::boolean(in, "archived"));
               FENGHUO_ASSIGN(f, faxes.archive(*r.principal, id, archived.value_or(true)));
               return http::json_response(200, to_json(f, r.principal->org_id));
             });
}

}  // namespace

void add_routes(http::Router& router, DutyService& duty, FaxService& faxes,
                storage::FileStore& files, OpenItems open_items) {
  add_roster_routes(router, duty);
  add_log_routes(router, duty, open_items);
  add_fax_routes(router, faxes, files);
}

}  // namespace fenghuo::duty

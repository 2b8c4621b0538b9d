#include "notify/routes.h"

#include <boost/json.hpp>

#include "core/principal.h"
#include "http/json.h"
#include "http/params.h"

namespace fenghuo::notify {

void add_routes(http::Router& router, db::Database& db, Notifier& notifier) {
  using http::Access;
  using http::Method;
  using http::Request;
  using http::Response;

  router.add(Method::kGet, "/api/v1/notifications", {.access = Access::self()},
             [&db, &notifier](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(unread_only, http::query_bool(r, "unread", false));
               FENGHUO_ASSIGN(paging, http::query_page(r, 20, 200));
               boost::json::object o;
               FENGHUO_TRY(db.read([&](db::Connection& c) -> Status {
                 FENGHUO_ASSIGN(page, notifier.list(c, r.principal->id, unread_only, paging.limit,
                                                    paging.offset));
                 FENGHUO_ASSIGN(unread, notifier.unread_count(c, r.principal->id));
                 o["items"] =
                     http::json_array(page.items, [](const Notification& n) { return to_json(n); });
                 o["total"] = page.total;
                 o["unread"] = unread;
                 return {};
               }));
               return http::json_response(200, o);
             });

  router.add(Method::kPost, "/api/v1/notifications/{id}/read", {.access = Access::self()},
             [&db, &notifier](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_TRY(db.transact([&](db::Transaction& tx) {
                 return notifier.mark_read(tx.connection(), r.principal->id, id);
               }));
               return Response::text(204, "", "text/plain");
             });

  router.add(Method::kPost, "/api/v1/notifications/read-all", {.access = Access::self()},
             [&db, &notifier](Request& r) -> Result<Response> {
               FENGHUO_TRY(db.transact([&](db::Transaction& tx) {
                 return notifier.mark_all_read(tx.connection(), r.principal->id);
               }));
               return Response::text(204, "", "text/plain");
             });
}

}  // namespace fenghuo::notify

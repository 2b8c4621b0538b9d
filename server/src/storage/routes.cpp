#include "storage/routes.h"

#include "core/principal.h"
#include "http/json.h"
#include "http/params.h"

namespace fenghuo::storage {

void add_routes(http::Router& router, FileStore& files) {
  using http::Access;
  using http::Method;
  using http::Request;
  using http::Response;

  router.add(Method::kPost, "/api/v1/files",
             {.access = Access::jurisdiction("files.write"), .body = http::Body::kFile},
             [&files](Request& r) -> Result<Response> {
               if (r.principal->kind != Principal::Kind::kUser) {
                 return Error::forbidden("files are uploaded by signed-in users");
               }
               FENGHUO_ASSIGN(f, files.store(*r.principal, r.query("name").value_or(""), r.body));
               return http::json_response(201, to_json(f));
             });

  router.add(Method::kGet, "/api/v1/files/{id}", {.access = Access::jurisdiction("files.read")},
             [&files](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_TRY(files.readable(*r.principal, id).status());
               FENGHUO_ASSIGN(inline_view, http::query_bool(r, "inline", false));
               return files.download(id, inline_view);
             });
}

}  // namespace fenghuo::storage

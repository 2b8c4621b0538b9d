#include "http/router.h"

#include <spdlog/spdlog.h>

#include "http/json.h"

namespace fenghuo::http {
namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < path.size()) {
    if (path[start] == '/') {
      ++start;
      continue;
    }
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    out.emplace_back(path.substr(start, end - start));
    start = end;
  }
  return out;
}

bool is_param(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool matches(const Route& route, const std::vector<std::string>& parts,
             std::map<std::string, std::string, std::less<>>* params) {
  if (route.segments.size() != parts.size()) return false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& seg = route.segments[i];
    if (is_param(seg)) {
      if (parts[i].empty()) return false;
      if (params != nullptr) (*params)[seg.substr(1, seg.size() - 2)] = parts[i];
    } else if (seg != parts[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

void Router::add(Method method, std::string pattern, RouteOptions options, Handler handler) {
  Route route{method, pattern, std::move(handler), options, split_path(pattern)};
  routes_.push_back(std::move(route));
}

Router::Match Router::match(Method method, std::string_view path,
                            std::map<std::string, std::string, std::less<>>& params) const {
  Match result;
  auto parts = split_path(path);
  Method wanted = method == Method::kHead ? Method::kGet : method;
  // Literal segments win over parameters: try routes with fewer parameters first.
  const Route* best = nullptr;
  std::size_t best_params = SIZE_MAX;
  for (const Route& route : routes_) {
    if (!matches(route, parts, nullptr)) continue;
    if (route.method == wanted) {
      std::size_t n = std::count_if(route.segments.begin(), route.segments.end(), is_param);
      if (n < best_params) {
        best = &route;
        best_params = n;
      }
    } else if (std::find(result.allowed.begin(), result.allowed.end(), route.method) ==
               result.allowed.end()) {
      result.allowed.push_back(route.method);
    }
  }
  if (best != nullptr) {
    matches(*best, parts, &params);
    result.route = best;
  }
  return result;
}

namespace {

Response internal_error(const Request& request) {
  return error_response(Error::internal("internal error; quote request id " + request.request_id +
                                        " when reporting it"),
                        request.request_id);
}

}  // namespace

Response Router::run(const Route& route, Request& request, const Guard& guard) {
  try {
    if (guard) {
      if (Status allowed = guard(route, request); !allowed.ok()) {
        return error_response(allowed.error(), request.request_id);
      }
    }
    Result<Response> result = route.handler(request);
    if (result.ok()) return std::move(result).value();
    return error_response(result.error(), request.request_id);
  } catch (const std::exception& e) {
    spdlog::error("request id={} {} {} failed: {}", request.request_id,
                  method_name(request.method), request.path, e.what());
  } catch (...) {
    spdlog::error("request id={} {} {} failed with an unknown exception", request.request_id,
                  method_name(request.method), request.path);
  }
  return internal_error(request);
}

std::optional<Response> Router::admit(const Route& route, Request& request, const Guard& guard) {
  if (!guard) return std::nullopt;
  try {
    if (Status allowed = guard(route, request); !allowed.ok()) {
      return error_response(allowed.error(), request.request_id);
    }
    return std::nullopt;
  } catch (const std::exception& e) {
    spdlog::error("request id={} {} {}: the guard failed: {}", request.request_id,
                  method_name(request.method), request.path, e.what());
  } catch (...) {
    spdlog::error("request id={} {} {}: the guard failed with an unknown exception",
                  request.request_id, method_name(request.method), request.path);
  }
  return internal_error(request);
}

Response Router::no_route(const Match& match, const Request& request) {
  if (match.allowed.empty()) {
    return error_response(Error::not_found("no such endpoint: " + request.path));
  }
  std::string allow;
  for (Method m : match.allowed) {
    if (!allow.empty()) allow += ", ";
    allow += method_name(m);
    if (m == Method::kGet) allow += ", HEAD";
  }
  Response r = error_response(Error{ErrorCode::kMethodNotAllowed,
                                    std::string(method_name(request.method)) +
                                        " is not allowed on " + request.path + "; use " + allow,
                                    {}});
  r.set_header("Allow", allow);
  return r;
}

}  // namespace fenghuo::http

#include <array>

#include "alerts/service.h"
#include "analysis/service.h"
#include "core/time.h"
#include "db/database.h"
#include "db/text_search.h"

namespace fenghuo::analysis {
namespace {

struct Searchable {
  std::string_view entity, permission;
};
constexpr std::array kSearchable = {
    Searchable{"resource", "resources.read"}, Searchable{"station", "resources.read"},
    Searchable{"incident", "incidents.read"}, Searchable{"alert", "alerts.read"},
    Searchable{"organisation", "orgs.read"},  Searchable{"person", "users.read"}};

// Up to `radius` characters either side of the first place `text` occurs in `in` (UTF-8).
std::string snippet_of(const std::string& in, const std::string& text, std::size_t radius = 24) {
  auto lower = [](std::string s) {
    for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
  };
  auto at = lower(in).find(lower(text));
  if (at == std::string::npos) return {};
  auto is_start = [&](std::size_t i) {
    return i >= in.size() || (static_cast<unsigned char>(in[i]) & 0xC0) != 0x80;
  };
  std::size_t begin = at, end = at + text.size();
  for (std::size_t n = 0; n < radius && begin > 0; ++n) {
    do --begin;
    while (begin > 0 && !is_start(begin));
  }
  for (std::size_t n = 0; n < radius && end < in.size(); ++n) {
    do ++end;
    while (end < in.size() && !is_start(end));
  }
  return (begin > 0 ? "…" : "") + in.substr(begin, end - begin) + (end < in.size() ? "…" : "");
}

}  // namespace

boost::json::object to_json(const SearchHit& h) {
  return {{"entity", h.entity},
          {"id", std::to_string(h.id)},
          {"kind", h.kind},
          {"title", h.title},
          {"region", h.region},
          {"region_name", h.region_name},
          {"lon", h.lon ? boost::json::value(*h.lon) : nullptr},
          {"lat", h.lat ? boost::json::value(*h.lat) : nullptr},
          {"at", h.at > 0 ? boost::json::value(format_rfc3339(h.at)) : nullptr},
          {"snippet", h.snippet}};
}

Result<Page<SearchHit>> AnalysisService::search(const Principal& by, const SearchQuery& q) {
  if (q.text.empty()) return Error::validation("q", "q: the text to search for is required");
  if (q.text.size() > 200) return Error::validation("q", "q: at most 200 characters");
  db::TextQuery tq;
  tq.text = q.text;
  bool known = q.entity.empty();
  for (const auto& s : kSearchable) {
    if (!q.entity.empty() && s.entity != q.entity) continue;
    known = true;
    if (by.has(s.permission)) {
      tq.entities.emplace_back(s.entity);
    } else if (!q.entity.empty()) {
      return Error::forbidden("missing permission " + std::string(s.permission));
    }
  }
  if (!known) {
    return Error::validation("kind",
                             "kind: one of resource, station, incident, alert, "
                             "organisation, person");
  }
  Page<SearchHit> out;
  if (tq.entities.empty()) return out;
  FENGHUO_ASSIGN(pattern, region_pattern(by, q.region));
  tq.region_pattern = pattern;
  tq.from = q.from;
  tq.to = q.to;
  tq.limit = q.limit;
  tq.offset = q.offset;
  Page<db::TextHit> found;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(page, db::search_text(c, tq));
    found = std::move(page);
    return {};
  }));
  FENGHUO_ASSIGN(regions, census());
  out.total = found.total;
  for (auto& h : found.items) {
    // Warnings carry many regions: the warnings module decides who sees each.
    if (h.entity == "alert" && !alerts_.get(by, h.id).ok()) {
      --out.total;
      continue;
    }
    SearchHit hit;
    hit.entity = h.entity;
    hit.id = h.id;
    hit.kind = h.kind;
    hit.region = h.region;
    if (auto it = regions->find(h.region); it != regions->end()) hit.region_name = it->second.name;
    hit.lon = h.lon;
    hit.lat = h.lat;
    hit.at = h.at;
    hit.snippet = snippet_of(h.title, q.text);
    if (hit.snippet.empty()) hit.snippet = snippet_of(h.body, q.text);
    hit.title = std::move(h.title);
    out.items.push_back(std::move(hit));
  }
  return out;
}

}  // namespace fenghuo::analysis

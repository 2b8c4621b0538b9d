#include "alerts/feeds.h"

#include <algorithm>

#include <boost/url.hpp>
#include <libxml/parser.h>
#include <spdlog/spdlog.h>

#include <memory>

#include "http/client.h"

namespace fenghuo::alerts {
namespace {

std::string_view local_name(const xmlNode* n) { return reinterpret_cast<const char*>(n->name); }

std::string attribute(const xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  std::string out = v ? reinterpret_cast<const char*>(v) : "";
  xmlFree(v);
  return out;
}

std::string content(const xmlNode* n) {
  xmlChar* v = xmlNodeGetContent(n);
  std::string s = v ? reinterpret_cast<const char*>(v) : "";
  xmlFree(v);
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string resolve(const std::string& base, const std::string& link) {
  auto b = boost::urls::parse_uri(base);
  auto r = boost::urls::parse_uri_reference(link);
  if (!b || !r) return link;
  boost::urls::url out;
  if (boost::urls::resolve(*b, *r, out)) return std::string(out.buffer());
  return link;
}

bool is_cap(std::string_view xml) {
  return xml.find("urn:oasis:names:tc:emergency:cap:1.2") != std::string_view::npos &&
         xml.find("<feed") == std::string_view::npos && xml.find("<rss") == std::string_view::npos;
}

}  // namespace

Result<std::vector<std::string>> feed_links(std::string_view xml, const std::string& base_url) {
  std::unique_ptr<xmlDoc, void (*)(xmlDoc*)> doc(
      xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "feed.xml", nullptr,
                    XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR),
      xmlFreeDoc);
  if (!doc) return Error{ErrorCode::kUnprocessable, "the feed is not well-formed XML", "xml"};
  if (doc->intSubset != nullptr || doc->extSubset != nullptr) {
    return Error{ErrorCode::kUnprocessable, "a DTD is not allowed in a feed", "xml"};
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  std::vector<std::string> links;
  if (local_name(root) == "feed") {  // ATOM: entry/link@href, a CAP link preferred
    for (const xmlNode* e = root->children; e; e = e->next) {
      if (e->type != XML_ELEMENT_NODE || local_name(e) != "entry") continue;
      std::string chosen;
      for (const xmlNode* l = e->children; l; l = l->next) {
        if (l->type != XML_ELEMENT_NODE || local_name(l) != "link") continue;
        std::string href = attribute(l, "href"), type = attribute(l, "type");
        if (href.empty()) continue;
        if (type.find("cap") != std::string::npos || chosen.empty()) chosen = href;
      }
      if (!chosen.empty()) links.push_back(resolve(base_url, chosen));
    }
  } else if (local_name(root) == "rss") {  // RSS 2.0: channel/item/link
    for (const xmlNode* c = root->children; c; c = c->next) {
      if (c->type != XML_ELEMENT_NODE || local_name(c) != "channel") continue;
      for (const xmlNode* i = c->children; i; i = i->next) {
        if (i->type != XML_ELEMENT_NODE || local_name(i) != "item") continue;
        for (const xmlNode* l = i->children; l; l = l->next) {
          if (l->type == XML_ELEMENT_NODE && local_name(l) == "link") {
            if (auto href = content(l); !href.empty()) links.push_back(resolve(base_url, href));
          }
        }
      }
    }
  } else {
    return Error{ErrorCode::kUnprocessable, "neither an ATOM nor an RSS feed", "xml"};
  }
  if (links.size() > 500) links.resize(500);
  return links;
}

FeedPoller::FeedPoller(AlertService& alerts, std::vector<std::string> urls,
                       std::chrono::milliseconds timeout, std::int64_t interval_ms)
    : alerts_(alerts), urls_(std::move(urls)), timeout_(timeout), interval_ms_(interval_ms) {}

int FeedPoller::import_document(const std::string& url, const std::string& xml,
                                FeedReport& report) {
  auto imported = alerts_.import_cap(Principal::system("fenghuo feed " + url), xml);
  if (!imported.ok()) {
    ++report.refused;
    spdlog::warn("feed {}: {} refused: {}", report.url, url, imported.error().message);
    return 0;
  }
  if (imported->created || imported->alert.cap.msg_type != "Alert") {
    ++report.imported;
  } else {
    ++report.known;
  }
  return 1;
}

std::vector<FeedStatus> FeedPoller::status() const {
  std::lock_guard lock(mutex_);
  std::vector<FeedStatus> out = status_;
  for (const auto& url : urls_) {
    if (std::none_of(out.begin(), out.end(), [&](const FeedStatus& s) { return s.url == url; })) {
      FeedStatus fresh;
      fresh.url = url;
      out.push_back(std::move(fresh));
    }
  }
  return out;
}

std::vector<FeedReport> FeedPoller::poll(std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  std::vector<FeedReport> reports;
  for (const auto& url : urls_) {
    FeedReport report;
    report.url = url;
    auto index = http::get(url, timeout_);
    if (!index.ok() || index->status != 200) {
      report.error = index.ok() ? "status " + std::to_string(index->status) : index.error().message;
      spdlog::warn("feed {}: {}", url, report.error);
      reports.push_back(std::move(report));
      continue;
    }
    if (is_cap(index->body)) {
      import_document(url, index->body, report);
    } else {
      auto links = feed_links(index->body, url);
      if (!links.ok()) {
        report.error = links.error().message;
        spdlog::warn("feed {}: {}", url, report.error);
      } else {
        for (const auto& link : *links) {
          if (fetched_.contains(link)) continue;
          auto doc = http::get(link, timeout_);
          if (!doc.ok() || doc->status != 200) {
            ++report.refused;
            spdlog::warn("feed {}: {} not fetched: {}", url, link,
                         doc.ok() ? "status " + std::to_string(doc->status) : doc.error().message);
            continue;  // tried again on the next poll
          }
          fetched_.insert(link);
          import_document(link, doc->body, report);
        }
      }
    }
    reports.push_back(std::move(report));
  }
  for (const auto& r : reports) {
    auto it = std::find_if(status_.begin(), status_.end(), [&](const FeedStatus& s) { return s.url == r.url; });
    if (it == status_.end()) {
      FeedStatus fresh;
      fresh.url = r.url;
      it = status_.insert(status_.end(), std::move(fresh));
    }
    it->polled_at = now_ms;
    if (r.error.empty()) it->ok_at = now_ms;
    it->error = r.error;
    it->imported += r.imported;
    it->refused += r.refused;
  }
  return reports;
}

void FeedPoller::poll_if_due(std::int64_t now_ms) {
  {
    std::lock_guard lock(mutex_);
    if (urls_.empty() || now_ms - last_poll_ < interval_ms_) return;
    last_poll_ = now_ms;
  }
  for (const auto& r : poll(now_ms)) {
    if (r.imported > 0) spdlog::info("feed {}: {} warnings imported", r.url, r.imported);
  }
}

}  // namespace fenghuo::alerts

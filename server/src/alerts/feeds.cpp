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

// The host of a URL, lower-case ("" when it has none).
std::string host_of(const std::string& url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return {};
  std::string host = parsed->host_address();
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return host;
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

FeedPoller::FeedPoller(AlertService& alerts, std::vector<FeedSource> feeds, FeedOptions options)
    : alerts_(alerts), feeds_(std::move(feeds)), options_(std::move(options)) {
  for (auto& f : feeds_) {
    if (f.regions.empty())
      f.regions = {options_.province + std::string(6 - options_.province.size(), '0')};
    FeedStatus fresh;
    fresh.url = f.url;
    fresh.regions = f.regions;
    status_.push_back(std::move(fresh));
  }
}

void FeedPoller::refuse(FeedReport& report, const std::string& why) {
  ++report.refused;
  report.last_refusal = why;
  spdlog::warn("feed {}: refused {}", report.url, why);
}

int FeedPoller::import_document(const Issuer& issuer, const std::string& url,
                                const std::string& xml, FeedReport& report) {
  auto imported = alerts_.import_cap(issuer, xml);
  if (!imported.ok()) {
    refuse(report, url + ": " + imported.error().message);
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
  std::lock_guard lock(status_mutex_);
  return status_;
}

FeedReport FeedPoller::poll_one(const FeedSource& feed, std::int64_t now_ms) {
  FeedReport report;
  report.url = feed.url;
  http::ClientOptions client;
  client.timeout = options_.timeout;
  client.ca_file = options_.ca_file;
  client.refuse_internal = true;
  client.internal_networks = options_.internal_networks;
  Issuer issuer = Issuer::feed(feed.url, feed.regions);
  auto index = http::get(feed.url, client);
  if (!index.ok() || index->status != 200) {
    report.error = index.ok() ? "status " + std::to_string(index->status) : index.error().message;
    spdlog::warn("feed {}: {}", feed.url, report.error);
    return report;
  }
  if (is_cap(index->body)) {
    import_document(issuer, feed.url, index->body, report);
    return report;
  }
  auto links = feed_links(index->body, feed.url);
  if (!links.ok()) {
    report.error = links.error().message;
    spdlog::warn("feed {}: {}", feed.url, report.error);
    return report;
  }
  std::string own_host = host_of(feed.url);
  for (const auto& link : *links) {
    if (fetched_.contains(link)) continue;
    std::string host = host_of(link);
    bool allowed =
        !host.empty() &&
        (host == own_host || std::find(options_.link_hosts.begin(), options_.link_hosts.end(),
                                       host) != options_.link_hosts.end());
    if (!allowed) {
      fetched_.insert(link);  // refused once, not asked again
      refuse(report, link + ": links are fetched only from the feed's host " + own_host +
                         " or alerts.feed_link_hosts");
      continue;
    }
    auto doc = http::get(link, client);
    if (!doc.ok() || doc->status != 200) {
      // tried again on the next poll
      refuse(report,
             link + ": not fetched: " +
                 (doc.ok() ? "status " + std::to_string(doc->status) : doc.error().message));
      continue;
    }
    fetched_.insert(link);
    import_document(issuer, link, doc->body, report);
  }
  (void)now_ms;
  return report;
}

std::vector<FeedReport> FeedPoller::poll(std::int64_t now_ms) {
  std::lock_guard poll_lock(poll_mutex_);
  std::vector<FeedReport> reports;
  for (std::size_t i = 0; i < feeds_.size(); ++i) {
    {
      std::lock_guard lock(status_mutex_);
      status_[i].polling = true;
    }
    FeedReport report = poll_one(feeds_[i], now_ms);
    {
      std::lock_guard lock(status_mutex_);
      FeedStatus& s = status_[i];
      s.polling = false;
      s.polled_at = now_ms;
      if (report.error.empty()) s.ok_at = now_ms;
      s.error = report.error;
      s.imported += report.imported;
      s.refused += report.refused;
      if (!report.last_refusal.empty()) {
        s.last_refusal = report.last_refusal;
        s.refused_at = now_ms;
      }
    }
    reports.push_back(std::move(report));
  }
  return reports;
}

void FeedPoller::poll_if_due(std::int64_t now_ms) {
  {
    std::lock_guard lock(status_mutex_);
    if (feeds_.empty() || now_ms - last_poll_ < options_.interval_ms) return;
    last_poll_ = now_ms;
  }
  for (const auto& r : poll(now_ms)) {
    if (r.imported > 0) spdlog::info("feed {}: {} warnings imported", r.url, r.imported);
  }
}

}  // namespace fenghuo::alerts

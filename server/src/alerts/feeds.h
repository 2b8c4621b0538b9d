#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "alerts/service.h"
#include "core/client_address.h"

namespace fenghuo::alerts {

// The CAP documents an ATOM or RSS index links to (resolved against `base_url`), or an
// error when the text is neither. DTDs are refused and nothing outside is read.
Result<std::vector<std::string>> feed_links(std::string_view xml, const std::string& base_url);

struct FeedReport {
  std::string url;
  int imported = 0;   // new warnings, updates and cancels
  int known = 0;      // messages seen before
  int refused = 0;    // not fetched (a host or address not allowed) or not imported (not valid
                      // CAP, outside the feed's regions), logged with the reason
  std::string error;  // the feed itself could not be read
  std::string last_refusal;  // why the last refused message was refused
};

// How a feed fared: shown to the people who keep the warning feeds (a failing feed must not
// go unnoticed in a log).
struct FeedStatus {
  std::string url;
  std::vector<std::string> regions;       // the region codes it may issue warnings for
  std::int64_t polled_at = 0, ok_at = 0;  // 0 = never
  std::string error;                      // of the last poll; "" when it was read
  int imported = 0, refused = 0;          // since the process started
  std::string last_refusal;               // the last message refused and why ("" = none)
  std::int64_t refused_at = 0;            // when (0 = never)
  bool polling = false;                   // a poll of it is under way
};

// A configured feed: its URL and the region codes it may issue for (empty: the province).
struct FeedSource {
  std::string url;
  std::vector<std::string> regions;
};

struct FeedOptions {
  std::chrono::milliseconds timeout{10000};  // per request
  std::int64_t interval_ms = 60000;
  std::string province = "14";  // the regions of a feed that names none
  // Hosts besides a feed's own that the documents it links to may be fetched from.
  std::vector<std::string> link_hosts;
  // Internal networks (CIDR) that may be reached; every other internal address is refused.
  std::vector<IpNetwork> internal_networks;
  std::string ca_file;  // CAs trusted for https:// ("" = the system's)
};

// Polls configured feed URLs (an ATOM/RSS index of CAP messages, or one CAP document) and
// imports what they carry, as the feed (Issuer::feed): a message for regions outside the
// feed's is refused. Linked documents are fetched only from the feed's own host or
// `link_hosts`, and no request reaches an internal address outside `internal_networks`. A
// linked message is fetched once per process; the identifier and sender make repeats harmless
// anyway. Thread-safe: one poll at a time, and status() never waits for a poll.
class FeedPoller {
 public:
  FeedPoller(AlertService& alerts, std::vector<FeedSource> feeds, FeedOptions options);

  // Polls every feed now (`now_ms` is recorded in the status).
  std::vector<FeedReport> poll(std::int64_t now_ms = 0);
  // Polls when the interval has passed since the last poll (the checks timer calls this).
  void poll_if_due(std::int64_t now_ms);
  const std::vector<FeedSource>& feeds() const { return feeds_; }
  // A snapshot of every feed's status, also while a poll is under way.
  std::vector<FeedStatus> status() const;

 private:
  FeedReport poll_one(const FeedSource& feed, std::int64_t now_ms);
  int import_document(const Issuer& issuer, const std::string& url, const std::string& xml,
                      FeedReport& report);
  void refuse(FeedReport& report, const std::string& why);

  AlertService& alerts_;
  std::vector<FeedSource> feeds_;
  FeedOptions options_;
  std::mutex poll_mutex_;  // one poll at a time; guards fetched_
  std::set<std::string> fetched_;
  mutable std::mutex status_mutex_;  // held only briefly; guards last_poll_ and status_
  std::int64_t last_poll_ = INT64_MIN / 2;
  std::vector<FeedStatus> status_;  // one per feed, in the order of feeds_
};

}  // namespace fenghuo::alerts

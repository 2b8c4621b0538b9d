#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "alerts/service.h"

namespace fenghuo::alerts {

// The CAP documents an ATOM or RSS index links to (resolved against `base_url`), or an
// error when the text is neither. DTDs are refused and nothing outside is read.
Result<std::vector<std::string>> feed_links(std::string_view xml, const std::string& base_url);

struct FeedReport {
  std::string url;
  int imported = 0;  // new warnings, updates and cancels
  int known = 0;     // messages seen before
  int refused = 0;   // fetched but not valid CAP (logged with the reason)
  std::string error; // the feed itself could not be read
};

// How a feed fared: shown to the people who keep the warning feeds (a failing feed must not
// go unnoticed in a log).
struct FeedStatus {
  std::string url;
  std::int64_t polled_at = 0, ok_at = 0;  // 0 = never
  std::string error;                      // of the last poll; "" when it was read
  int imported = 0, refused = 0;          // since the process started
};

// Polls configured feed URLs (an ATOM/RSS index of CAP messages, or one CAP document) and
// imports what they carry. A linked message is fetched once per process; the identifier and
// sender make repeats harmless anyway. Thread-safe.
class FeedPoller {
 public:
  FeedPoller(AlertService& alerts, std::vector<std::string> urls,
             std::chrono::milliseconds timeout, std::int64_t interval_ms);

  // Polls every feed now (`now_ms` is recorded in the status).
  std::vector<FeedReport> poll(std::int64_t now_ms = 0);
  // Polls when the interval has passed since the last poll (the checks timer calls this).
  void poll_if_due(std::int64_t now_ms);
  const std::vector<std::string>& urls() const { return urls_; }
  std::vector<FeedStatus> status() const;

 private:
  int import_document(const std::string& url, const std::string& xml, FeedReport& report);

  AlertService& alerts_;
  std::vector<std::string> urls_;
  std::chrono::milliseconds timeout_;
  std::int64_t interval_ms_;
  mutable std::mutex mutex_;
  std::int64_t last_poll_ = INT64_MIN / 2;
  std::set<std::string> fetched_;
  std::vector<FeedStatus> status_;
};

}  // namespace fenghuo::alerts

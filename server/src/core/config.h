#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace fenghuo {

// Everything `fenghuo` can be configured with. Defaults suit `make run` on a laptop.
// Every key is `section.key` in fenghuo.toml and FENGHUO_SECTION_KEY in the environment.
struct Config {
  struct Server {
    std::string host = "127.0.0.1";
    int port = 8080;
    int threads = 0;  // I/O threads; 0 = number of cores
    int workers = 0;  // blocking-work threads (database); 0 = 2 x cores
    int max_connections = 10000;
    int max_connections_per_address = 256;  // trusted proxies excepted
    // Largest body of a JSON request; uploads and imports take up to storage.max_file_mb.
    int max_json_body_kb = 1024;
    int max_header_bytes = 16 * 1024;
    int read_timeout_s = 30;      // a request must arrive within this time
    int shutdown_timeout_s = 10;  // in-flight requests get this long on SIGTERM
    // Reverse proxies whose X-Forwarded-For is believed (addresses and CIDR ranges, space- or
    // comma-separated); empty = the socket peer is the client.
    std::string trusted_proxies;
  } server;
  struct Database {
    std::string url = "sqlite:var/fenghuo.db";
    int pool_size = 8;
    int busy_timeout_ms = 5000;
  } database;
  struct Storage {
    std::string path = "var/data";
    int max_file_mb = 20;  // uploads (attachments, faxes), imports, CAP messages
  } storage;
  struct Web {
    std::string root = "web/dist";
    std::string content_sources;  // extra origins for map tiles and video (CSP)
  } web;
  struct Log {
    std::string level = "info";  // trace, debug, info, warn, error, off
    bool access = true;          // one line per request
  } log;
  struct Region {
    std::string province = "14";  // GB/T 2260 province prefix (14 = Shanxi)
    std::string data_file;        // regions JSON; empty = the data built into fenghuo
  } region;
  struct Sms {
    std::string gateway = "outbox";  // outbox | http
    std::string outbox_path = "var/sms-outbox.jsonl";
    std::string http_url;
    std::string http_secret;
    std::string http_template = R"({"to":"{{to}}","text":"{{text}}"})";
    int timeout_ms = 5000;
    int attempts = 3;
    std::string http_ca_file;  // CAs trusted for an https:// gateway; "" = the system store
  } sms;
  struct Session {
    int idle_timeout_min = 30;
    int lifetime_h = 12;
    std::string cookie_secure = "auto";  // auto (when X-Forwarded-Proto is https), always, never
    // After this many SMS codes for a phone or from a client address within an hour, a code
    // request needs an image CAPTCHA (GET /api/v1/auth/captcha); 0 = never.
    int captcha_after = 3;
  } session;
  struct Audit {
    std::string hash = "sha256";  // sha256 | sm3
    // The key of the chain's HMACs, outside the database; "" = <storage.path>/audit.key,
    // made on first start. Keep a copy apart from the server.
    std::string key_file;
  } audit;
  // Reporting time limits (minutes) per incident level, "I=60,II=60,III=60,IV=60": the
  // national defaults (DOMAIN.md); a province configures stricter ones.
  struct Reporting {
    std::string first_report = "I=60,II=60,III=60,IV=60";           // 首报 after intake
    std::string update_interval = "I=720,II=720,III=1440,IV=1440";  // 续报 cadence
    // 电话报告 due after intake (or after the level is reached); levels not named need none.
    std::string phone_report = "I=30,II=30";
    // A bureau passes a received report on up within these minutes, per level: written reports
    // (首报/续报/终报/补报; "" = I=60,II=60,III=120,IV=120), overridable per kind; phone reports.
    std::string relay;
    std::string relay_phone = "I=30,II=30";
    std::string relay_first, relay_update, relay_final, relay_supplement;  // "" = as relay
    int relay_minutes = 0;  // replaced by relay; 0 = not given (see DeadlineRules)
    // 补报 window in days by type code (its subtypes too), "*" for the rest.
    std::string supplement_days = "A07=7,A08=7,*=30";
    int check_interval_s = 30;  // how often due times and fax reminders are checked
    std::string grading_file;   // extra grading tables (JSON); empty = built-in only
  } reporting;
  struct Notify {
    // A report still waiting for approval after this is texted to the duty leader (once).
    int approval_sms_after_min = 15;
  } notify;
  struct Duty {
    std::string shifts = "day=08:00-20:00,night=20:00-08:00";  // default shifts of a roster
    int fax_remind_after_min = 30;  // an unsigned fax is chased after this time
  } duty;
  struct Alerts {
    int ack_timeout_min = 10;  // 叫应: unacknowledged after this, an SMS; after twice, the leader
    // A warning feed: an http:// or https:// URL (ATOM/RSS of CAP, or one CAP) and the region
    // codes it may issue warnings for (empty = the deployment's province). In TOML
    // `[[alerts.feeds]] url = ... regions = [...]`, or a space-separated string of URLs (also
    // FENGHUO_ALERTS_FEEDS), each with the province.
    struct Feed {
      std::string url;
      std::vector<std::string> regions;
    };
    std::vector<Feed> feeds;
    int feed_interval_s = 60;  // how often the feeds are polled
    int feed_timeout_s = 10;   // per request
    // Hosts besides a feed's own that documents linked from it may be fetched from
    // (space-separated host names).
    std::string feed_link_hosts;
    // Networks (CIDR, space-separated) that feeds may reach although they are internal
    // (loopback, link-local, private, ULA, CGNAT ...); "" = none.
    std::string feed_internal_networks;
    std::string feed_ca_file;  // CAs trusted for https:// feeds; "" = the system store
  } alerts;
  struct Monitoring {
    // The MQTT broker readings come from ("" = none), e.g. mqtt://127.0.0.1:1883. Several
    // processes share the subscription ($share/fenghuo/...), so each message is read once.
    // Readings from the broker are trusted as the system's (the broker authenticates devices).
    std::string mqtt_url;
    std::string mqtt_topic = "fenghuo/readings/+";
    int simulate_rate = 0;  // demo: simulated readings a second fed in by serve itself
  } monitoring;
  struct Analysis {
    // The rings of a situation picture, in metres, ascending (comma-separated).
    std::string rings_m = "5000,10000,20000,50000";
    // Straight-line speed (km/h) for a team's ETA by team category; "default" for the rest.
    std::string team_speed_kmh =
        "default=40,national_fire=60,national_professional=50,provincial_regional=50";
    int nearest_per_kind = 10;   // items listed per kind, nearest first
    int neighbours_per_kind = 5; // items of neighbouring jurisdictions listed per kind
    int related_days = 30;       // incidents near in time: this many days before
    int related_km = 20;         // and this near
    int quake_strike_deg = 30;   // long axis of isoseismals when the fault is unknown (NNE)
  } analysis;
  struct Realtime {
    int ws_queue_limit = 256;    // queued messages before a slow client is dropped
    int ws_idle_timeout_s = 60;  // a ping goes out after half of this
  } realtime;

  // Keys of earlier versions that are set but no longer used (a line each, for the log).
  std::vector<std::string> retired_keys;
};

// The audit key's file: audit.key_file, or audit.key beside the uploaded files.
std::string audit_key_file(const Config& config);

// Where the values come from, in rising priority: defaults, the TOML file, the environment.
// `environment` maps variable names to values (tests pass their own; main passes environ).
// Unknown keys and bad values are errors whose field names the key ("server.port").
Result<Config> load_config(const std::optional<std::string>& file_path,
                           const std::map<std::string, std::string>& environment);

// "5000,10000" as ascending positive numbers (field `key` in errors).
Result<std::vector<double>> parse_ascending_numbers(const std::string& text, const std::string& key);
// "default=40,social=30" as names with positive numbers (field `key` in errors).
Result<std::map<std::string, double>> parse_named_numbers(const std::string& text,
                                                          const std::string& key);

// The process environment as a map (FENGHUO_* variables only).
std::map<std::string, std::string> fenghuo_environment();

}  // namespace fenghuo

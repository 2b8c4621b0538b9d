#include "core/config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <functional>
#include <vector>

#include "core/client_address.h"
#include "core/numbers.h"

extern char** environ;

namespace fenghuo {
namespace {

// One configurable key: how to read it from TOML and from an environment string.
struct Key {
  std::string section;
  std::string name;
  std::function<Status(const toml::node&, const std::string& key)> from_toml;
  std::function<Status(const std::string&, const std::string& key)> from_text;
};

Error bad_value(const std::string& key, const std::string& why) {
  return Error::validation(key, "configuration key " + key + ": " + why);
}

// An integer key stored as T (int or std::int64_t), within [min, max].
template <typename T>
Key integer_key(std::string section, std::string name, T* target, std::int64_t min,
                std::int64_t max) {
  auto check = [=](std::int64_t v, const std::string& key) -> Status {
    if (v < min || v > max) {
      return bad_value(key, "must be between " + std::to_string(min) + " and " +
                                std::to_string(max) + ", got " + std::to_string(v));
    }
    *target = static_cast<T>(v);
    return {};
  };
  return Key{std::move(section), std::move(name),
             [=](const toml::node& n, const std::string& key) -> Status {
               auto v = n.value_exact<std::int64_t>();
               if (!v) return bad_value(key, "must be an integer");
               return check(*v, key);
             },
             [=](const std::string& s, const std::string& key) -> Status {
               std::int64_t v = 0;
               auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
               if (ec != std::errc{} || p != s.data() + s.size()) {
                 return bad_value(key, "must be an integer, got '" + s + "'");
               }
               return check(v, key);
             }};
}

Key int_key(std::string section, std::string name, int* target, std::int64_t min,
            std::int64_t max) {
  return integer_key(std::move(section), std::move(name), target, min, max);
}

Key string_key(std::string section, std::string name, std::string* target,
               std::function<Status(const std::string&, const std::string&)> validate = {}) {
  auto set = [=](const std::string& v, const std::string& key) -> Status {
    if (validate) FENGHUO_TRY(validate(v, key));
    *target = v;
    return {};
  };
  return Key{std::move(section), std::move(name),
             [=](const toml::node& n, const std::string& key) -> Status {
               auto v = n.value_exact<std::string>();
               if (!v) return bad_value(key, "must be a string");
               return set(*v, key);
             },
             set};
}

Key bool_key(std::string section, std::string name, bool* target) {
  return Key{std::move(section), std::move(name),
             [=](const toml::node& n, const std::string& key) -> Status {
               auto v = n.value_exact<bool>();
               if (!v) return bad_value(key, "must be true or false");
               *target = *v;
               return {};
             },
             [=](const std::string& s, const std::string& key) -> Status {
               if (s == "true" || s == "1") {
                 *target = true;
               } else if (s == "false" || s == "0") {
                 *target = false;
               } else {
                 return bad_value(key, "must be true or false, got '" + s + "'");
               }
               return {};
             }};
}

Status non_empty(const std::string& v, const std::string& key) {
  if (v.empty()) return bad_value(key, "must not be empty");
  return {};
}

Status database_url(const std::string& v, const std::string& key) {
  if (v.starts_with("sqlite:") && v.size() > 7) return {};
  if (v.starts_with("postgresql://") || v.starts_with("postgres://")) return {};
  return bad_value(key, "must be sqlite:PATH or postgresql://..., got '" + v + "'");
}

// Space-separated origins for the CSP: scheme://host[:port], nothing that could end a directive.
Status origins(const std::string& v, const std::string& key) {
  for (char ch : v) {
    if (ch == ';' || ch == ',' || ch == '\'' || ch == '"') {
      return bad_value(key, "must be space-separated origins such as https://tiles.example");
    }
  }
  return {};
}

Status log_level(const std::string& v, const std::string& key) {
  for (const char* level : {"trace", "debug", "info", "warn", "error", "off"}) {
    if (v == level) return {};
  }
  return bad_value(key, "must be one of trace, debug, info, warn, error, off; got '" + v + "'");
}

std::function<Status(const std::string&, const std::string&)> one_of(
    std::vector<std::string> allowed) {
  return [allowed](const std::string& v, const std::string& key) -> Status {
    for (const auto& a : allowed) {
      if (v == a) return {};
    }
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    return bad_value(key, "must be one of " + list + "; got '" + v + "'");
  };
}

Status network_list(const std::string& v, const std::string& key) {
  return parse_networks(v, key).status();
}

Status province_code(const std::string& v, const std::string& key) {
  if (v.size() == 2 && v.find_first_not_of("0123456789") == std::string::npos) return {};
  return bad_value(key, "must be a 2-digit province code such as \"14\"; got '" + v + "'");
}

bool is_region_code(std::string_view v) {
  return v.size() == 6 && v.find_first_not_of("0123456789") == std::string_view::npos;
}

Status feed_url(const std::string& url, const std::string& key) {
  if ((!url.starts_with("http://") || url.size() <= 7) &&
      (!url.starts_with("https://") || url.size() <= 8)) {
    return bad_value(key, "takes http:// or https:// URLs, got '" + url + "'");
  }
  if (url.find_first_of(" \t\r\n") != std::string::npos) {
    return bad_value(key, "a URL has no spaces, got '" + url + "'");
  }
  return {};
}

// alerts.feeds: a space-separated string of URLs, an array of URLs, or an array of tables
// {url, regions}.
Key feeds_key(std::vector<Config::Alerts::Feed>* target) {
  auto from_text = [=](const std::string& s, const std::string& key) -> Status {
    std::vector<Config::Alerts::Feed> out;
    std::size_t at = 0;
    while (at < s.size()) {
      auto begin = s.find_first_not_of(" \t\r\n", at);
      if (begin == std::string::npos) break;
      auto end = s.find_first_of(" \t\r\n", begin);
      std::string url = s.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
      FENGHUO_TRY(feed_url(url, key));
      out.push_back({url, {}});
      at = end == std::string::npos ? s.size() : end;
    }
    *target = std::move(out);
    return {};
  };
  auto from_toml = [=](const toml::node& n, const std::string& key) -> Status {
    if (auto text = n.value_exact<std::string>()) return from_text(*text, key);
    const toml::array* list = n.as_array();
    if (list == nullptr) {
      return bad_value(key, "must be a list of feeds ({url, regions}) or of URLs");
    }
    std::vector<Config::Alerts::Feed> out;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const toml::node& item = *list->get(i);
      std::string at = key + "[" + std::to_string(i) + "]";
      Config::Alerts::Feed feed;
      if (auto url = item.value_exact<std::string>()) {
        feed.url = *url;
      } else if (const toml::table* t = item.as_table()) {
        for (const auto& [k, v] : *t) {
          if (k.str() != "url" && k.str() != "regions") {
            return bad_value(at + "." + std::string(k.str()), "unknown key (url, regions)");
          }
        }
        auto url = (*t)["url"].value_exact<std::string>();
        if (!url) return bad_value(at + ".url", "must be a string");
        feed.url = *url;
        if (const toml::node* regions = t->get("regions")) {
          const toml::array* codes = regions->as_array();
          if (codes == nullptr) return bad_value(at + ".regions", "must be a list of region codes");
          for (const auto& code : *codes) {
            auto text = code.value_exact<std::string>();
            if (!text || !is_region_code(*text)) {
              return bad_value(at + ".regions", "must be 6-digit region codes such as \"140100\"");
            }
            feed.regions.push_back(*text);
          }
        }
      } else {
        return bad_value(at, "must be a URL or a table {url, regions}");
      }
      FENGHUO_TRY(feed_url(feed.url, at + ".url"));
      out.push_back(std::move(feed));
    }
    *target = std::move(out);
    return {};
  };
  return Key{"alerts", "feeds", from_toml, from_text};
}

// Space-separated host names (no scheme, port or path).
Status hosts(const std::string& v, const std::string& key) {
  for (char ch : v) {
    if (ch == '/' || ch == ':' || ch == ',' || ch == ';' || ch == '@') {
      return bad_value(key, "must be space-separated host names such as cap.example.cn");
    }
  }
  return {};
}

std::vector<Key> keys_of(Config& c) {
  return {
      string_key("server", "host", &c.server.host, non_empty),
      int_key("server", "port", &c.server.port, 0, 65535),
      int_key("server", "threads", &c.server.threads, 0, 256),
      int_key("server", "workers", &c.server.workers, 0, 1024),
      int_key("server", "max_connections", &c.server.max_connections, 1, 1000000),
      int_key("server", "max_connections_per_address", &c.server.max_connections_per_address, 1,
              1000000),
      int_key("server", "max_json_body_kb", &c.server.max_json_body_kb, 1, 64 * 1024),
      int_key("server", "max_header_bytes", &c.server.max_header_bytes, 1024, 1024 * 1024),
      int_key("server", "read_timeout_s", &c.server.read_timeout_s, 1, 3600),
      int_key("server", "shutdown_timeout_s", &c.server.shutdown_timeout_s, 0, 3600),
      string_key("server", "trusted_proxies", &c.server.trusted_proxies, network_list),
      string_key("database", "url", &c.database.url, database_url),
      int_key("database", "pool_size", &c.database.pool_size, 1, 256),
      int_key("database", "busy_timeout_ms", &c.database.busy_timeout_ms, 0, 600000),
      string_key("storage", "path", &c.storage.path, non_empty),
      int_key("storage", "max_file_mb", &c.storage.max_file_mb, 1, 1024),
      string_key("web", "root", &c.web.root, non_empty),
      string_key("web", "content_sources", &c.web.content_sources, origins),
      string_key("log", "level", &c.log.level, log_level),
      bool_key("log", "access", &c.log.access),
      string_key("region", "province", &c.region.province, province_code),
      string_key("region", "data_file", &c.region.data_file),
      string_key("sms", "gateway", &c.sms.gateway, one_of({"outbox", "http"})),
      string_key("sms", "outbox_path", &c.sms.outbox_path, non_empty),
      string_key("sms", "http_url", &c.sms.http_url,
                 [](const std::string& v, const std::string& key) -> Status {
                   return v.empty() ? Status{} : feed_url(v, key);
                 }),
      string_key("sms", "http_secret", &c.sms.http_secret),
      string_key("sms", "http_template", &c.sms.http_template, non_empty),
      int_key("sms", "timeout_ms", &c.sms.timeout_ms, 100, 120000),
      int_key("sms", "attempts", &c.sms.attempts, 1, 10),
      string_key("sms", "http_ca_file", &c.sms.http_ca_file),
      int_key("session", "idle_timeout_min", &c.session.idle_timeout_min, 1, 24 * 60),
      int_key("session", "lifetime_h", &c.session.lifetime_h, 1, 24 * 30),
      int_key("session", "captcha_after", &c.session.captcha_after, 0, 1000),
      string_key("session", "cookie_secure", &c.session.cookie_secure,
                 one_of({"auto", "always", "never"})),
      string_key("audit", "hash", &c.audit.hash, one_of({"sha256", "sm3"})),
      string_key("audit", "key_file", &c.audit.key_file),
      string_key("reporting", "first_report", &c.reporting.first_report, non_empty),
      string_key("reporting", "update_interval", &c.reporting.update_interval, non_empty),
      string_key("reporting", "phone_report", &c.reporting.phone_report),
      string_key("reporting", "relay", &c.reporting.relay),
      string_key("reporting", "relay_phone", &c.reporting.relay_phone),
      string_key("reporting", "relay_first", &c.reporting.relay_first),
      string_key("reporting", "relay_update", &c.reporting.relay_update),
      string_key("reporting", "relay_final", &c.reporting.relay_final),
      string_key("reporting", "relay_supplement", &c.reporting.relay_supplement),
      int_key("reporting", "relay_minutes", &c.reporting.relay_minutes, 1, 7 * 24 * 60),
      string_key("reporting", "supplement_days", &c.reporting.supplement_days, non_empty),
      int_key("reporting", "check_interval_s", &c.reporting.check_interval_s, 1, 3600),
      string_key("reporting", "grading_file", &c.reporting.grading_file),
      int_key("notify", "approval_sms_after_min", &c.notify.approval_sms_after_min, 1, 24 * 60),
      string_key("duty", "shifts", &c.duty.shifts, non_empty),
      int_key("duty", "fax_remind_after_min", &c.duty.fax_remind_after_min, 1, 7 * 24 * 60),
      int_key("alerts", "ack_timeout_min", &c.alerts.ack_timeout_min, 1, 24 * 60),
      feeds_key(&c.alerts.feeds),
      int_key("alerts", "feed_interval_s", &c.alerts.feed_interval_s, 5, 24 * 3600),
      int_key("alerts", "feed_timeout_s", &c.alerts.feed_timeout_s, 1, 300),
      string_key("alerts", "feed_link_hosts", &c.alerts.feed_link_hosts, hosts),
      string_key("alerts", "feed_internal_networks", &c.alerts.feed_internal_networks,
                 network_list),
      string_key("alerts", "feed_ca_file", &c.alerts.feed_ca_file),
      string_key("monitoring", "mqtt_url", &c.monitoring.mqtt_url),
      string_key("monitoring", "mqtt_topic", &c.monitoring.mqtt_topic, non_empty),
      int_key("monitoring", "simulate_rate", &c.monitoring.simulate_rate, 0, 100000),
      string_key("analysis", "rings_m", &c.analysis.rings_m,
                 [](const std::string& v, const std::string& key) {
                   return parse_ascending_numbers(v, key).status();
                 }),
      string_key("analysis", "team_speed_kmh", &c.analysis.team_speed_kmh,
                 [](const std::string& v, const std::string& key) {
                   return parse_named_numbers(v, key).status();
                 }),
      int_key("analysis", "nearest_per_kind", &c.analysis.nearest_per_kind, 1, 100),
      int_key("analysis", "neighbours_per_kind", &c.analysis.neighbours_per_kind, 0, 100),
      int_key("analysis", "related_days", &c.analysis.related_days, 1, 3650),
      int_key("analysis", "related_km", &c.analysis.related_km, 1, 500),
      int_key("analysis", "quake_strike_deg", &c.analysis.quake_strike_deg, 0, 179),
      int_key("realtime", "ws_queue_limit", &c.realtime.ws_queue_limit, 1, 1000000),
      int_key("realtime", "ws_idle_timeout_s", &c.realtime.ws_idle_timeout_s, 2, 3600),
  };
}

}  // namespace

Result<std::vector<double>> parse_ascending_numbers(const std::string& text,
                                                    const std::string& key) {
  std::vector<double> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = std::min(text.find(',', start), text.size());
    auto v = numbers::parse_finite(std::string_view(text).substr(start, end - start));
    if (!v || *v <= 0 || (!out.empty() && *v <= out.back())) {
      return bad_value(
          key, "must be ascending positive numbers separated by commas, got '" + text + "'");
    }
    out.push_back(*v);
    start = end + 1;
  }
  return out;
}

Result<std::map<std::string, double>> parse_named_numbers(const std::string& text,
                                                          const std::string& key) {
  std::map<std::string, double> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = std::min(text.find(',', start), text.size());
    std::string_view item = std::string_view(text).substr(start, end - start);
    auto eq = item.find('=');
    auto v =
        eq == std::string_view::npos ? std::nullopt : numbers::parse_finite(item.substr(eq + 1));
    if (!v || *v <= 0 || eq == 0) {
      return bad_value(key, "must be name=number pairs separated by commas, got '" + text + "'");
    }
    out[std::string(item.substr(0, eq))] = *v;
    start = end + 1;
  }
  return out;
}

namespace {

std::string env_name(const Key& k) {
  std::string name = "FENGHUO_" + k.section + "_" + k.name;
  for (auto& ch : name) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return name;
}

// Keys an earlier version took: a file or environment that still sets one starts, with a
// warning saying what took its place.
struct RetiredKey {
  std::string_view section, name, instead;
};
constexpr RetiredKey kRetired[] = {
    {"server", "max_body_bytes", "server.max_json_body_kb and storage.max_file_mb"},
};

const RetiredKey* find_retired(std::string_view section, std::string_view name) {
  for (const auto& r : kRetired) {
    if (r.section == section && r.name == name) return &r;
  }
  return nullptr;
}

std::string retired_note(const RetiredKey& r, std::string_view where) {
  return std::string(r.section) + "." + std::string(r.name) + " (" + std::string(where) +
         ") is no longer used: see " + std::string(r.instead);
}

}  // namespace

Result<Config> load_config(const std::optional<std::string>& file_path,
                           const std::map<std::string, std::string>& environment) {
  Config config;
  std::vector<Key> keys = keys_of(config);

  if (file_path) {
    toml::table root;
    try {
      root = toml::parse_file(*file_path);
    } catch (const toml::parse_error& e) {
      const auto& at = e.source().begin;
      return Error::validation("config", "cannot read " + *file_path + " at line " +
                                             std::to_string(at.line) + ": " +
                                             std::string(e.description()));
    }
    for (const auto& [section_name, section_node] : root) {
      std::string section(section_name.str());
      const toml::table* section_table = section_node.as_table();
      if (section_table == nullptr) {
        return bad_value(section, "unknown key (expected a [section] table)");
      }
      for (const auto& [key_name, value] : *section_table) {
        std::string full = section + "." + std::string(key_name.str());
        auto it = std::find_if(keys.begin(), keys.end(), [&](const Key& k) {
          return k.section == section && k.name == key_name.str();
        });
        if (it == keys.end()) {
          if (const RetiredKey* r = find_retired(section, key_name.str())) {
            config.retired_keys.push_back(retired_note(*r, *file_path));
            continue;
          }
          return bad_value(full, "unknown key");
        }
        FENGHUO_TRY(it->from_toml(value, full));
      }
    }
  }

  for (const auto& r : kRetired) {
    std::string name = env_name(Key{std::string(r.section), std::string(r.name), {}, {}});
    if (environment.contains(name)) config.retired_keys.push_back(retired_note(r, name));
  }
  for (const Key& k : keys) {
    auto it = environment.find(env_name(k));
    if (it != environment.end()) {
      if (auto st = k.from_text(it->second, k.section + "." + k.name); !st.ok()) {
        Error e = std::move(st).error();
        e.message += " (from " + it->first + ")";
        return e;
      }
    }
  }
  return config;
}

std::string audit_key_file(const Config& config) {
  return config.audit.key_file.empty() ? config.storage.path + "/audit.key" : config.audit.key_file;
}

std::map<std::string, std::string> fenghuo_environment() {
  std::map<std::string, std::string> out;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view entry(*e);
    if (!entry.starts_with("FENGHUO_")) continue;
    auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    out.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
  }
  return out;
}

}  // namespace fenghuo

#include "monitoring/directory.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <charconv>

#include "monitoring/catalogue.h"
#include "resources/service.h"

namespace fenghuo::monitoring {
namespace {

constexpr std::int64_t kReloadEveryMs = 5000;  // at most, when an unknown station is named

std::string code_of(const std::string& attributes_json) {
  boost::system::error_code ec;
  auto attributes = boost::json::parse(attributes_json, ec);
  if (ec || !attributes.is_object()) return "";
  const auto* code = attributes.as_object().if_contains("code");
  return code && code->is_string() ? std::string(code->as_string()) : "";
}

std::shared_ptr<const StationInfo> info_of(const resources::ResourceService::Station& r) {
  auto s = std::make_shared<StationInfo>();
  s->id = r.id;
  s->code = code_of(r.attributes_json);
  s->name = r.name;
  s->category = r.category;
  s->region = r.region;
  s->region_name = r.region_name;
  s->lon = r.lon;
  s->lat = r.lat;
  s->parent_id = r.parent_id;
  s->parent_name = r.parent_name;
  s->enterprise_category = r.parent_category;
  s->theme = std::string(theme_of_station(s->category, s->enterprise_category));
  return s;
}

}  // namespace

StationDirectory::StationDirectory(db::Database& db, const Clock& clock, realtime::Bus& bus,
                                   const resources::ResourceService& resources)
    : db_(db), clock_(clock), bus_(bus), resources_(resources) {
  subscription_ = bus_.subscribe([this](const realtime::Event& e) {
    if (e.topic != "resources" || e.data.find("\"kind\":\"station\"") == std::string::npos) return;
    std::lock_guard lock(mutex_);
    loaded_at_ = 0;
  });
}

StationDirectory::~StationDirectory() { bus_.unsubscribe(subscription_); }

Status StationDirectory::reload() {
  std::vector<resources::ResourceService::Station> rows;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(found, resources_.stations(c));
    rows = std::move(found);
    return {};
  }));
  std::unordered_map<std::string, std::shared_ptr<const StationInfo>> by_code;
  std::unordered_map<std::int64_t, std::shared_ptr<const StationInfo>> by_id;
  for (const auto& row : rows) {
    auto s = info_of(row);
    if (!s->code.empty()) by_code[s->code] = s;
    by_id[s->id] = std::move(s);
  }
  std::lock_guard lock(mutex_);
  by_code_ = std::move(by_code);
  by_id_ = std::move(by_id);
  loaded_at_ = clock_.now_ms();
  return {};
}

std::shared_ptr<const StationInfo> StationDirectory::by_id(std::int64_t id) const {
  std::lock_guard lock(mutex_);
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

std::shared_ptr<const StationInfo> StationDirectory::find(std::string_view code_or_id) {
  auto lookup = [&]() -> std::shared_ptr<const StationInfo> {
    std::lock_guard lock(mutex_);
    if (auto it = by_code_.find(std::string(code_or_id)); it != by_code_.end()) return it->second;
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(code_or_id.data(), code_or_id.data() + code_or_id.size(), id);
    if (ec == std::errc() && end == code_or_id.data() + code_or_id.size()) {
      if (auto it = by_id_.find(id); it != by_id_.end()) return it->second;
    }
    return nullptr;
  };
  bool stale;
  {
    std::lock_guard lock(mutex_);
    stale = loaded_at_ == 0;
  }
  if (!stale) {
    if (auto s = lookup()) return s;
    std::lock_guard lock(mutex_);
    stale = clock_.now_ms() - loaded_at_ >= kReloadEveryMs;
  }
  if (stale) {
    if (auto reloaded = reload(); !reloaded.ok())
      spdlog::warn("monitoring: stations not read: {}", reloaded.error().message);
  }
  return lookup();
}

Result<std::shared_ptr<const StationInfo>> StationDirectory::visible(const Principal& by,
                                                                     std::int64_t id) {
  auto s = find(std::to_string(id));
  if (!s) return Error::not_found("station " + std::to_string(id) + " not found");
  FENGHUO_TRY(check_covers(by, s->region, "station"));
  return s;
}

std::vector<std::shared_ptr<const StationInfo>> StationDirectory::in_region(
    std::string_view region_prefix, std::string_view theme) {
  find("");  // reads again when a station changed
  std::vector<std::shared_ptr<const StationInfo>> out;
  std::lock_guard lock(mutex_);
  for (const auto& [id, s] : by_id_) {
    if (s->region.starts_with(region_prefix) && (theme.empty() || s->theme == theme))
      out.push_back(s);
  }
  return out;
}

}  // namespace fenghuo::monitoring

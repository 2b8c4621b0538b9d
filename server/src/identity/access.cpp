#include "identity/access.h"

#include <boost/json.hpp>
#include <charconv>

namespace fenghuo::identity {
namespace {

std::optional<std::int64_t> id_in(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  const auto& s = v->as_string();
  std::int64_t id = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  return id;
}

}  // namespace

void end_access(db::Transaction& tx, realtime::Bus* bus, const AccessEnded& ended) {
  if (bus == nullptr) return;
  boost::json::object data;
  data["user_id"] = std::to_string(ended.user_id);
  if (ended.session_id) data["session_id"] = std::to_string(*ended.session_id);
  if (ended.token_id) data["token_id"] = std::to_string(*ended.token_id);
  data["reason"] = ended.reason;
  bus->publish_after_commit(
      tx, {kAccessTopic, ended.reason, boost::json::serialize(data), ended.region});
}

std::optional<AccessEnded> access_ended_of(const realtime::Event& event) {
  if (event.topic != kAccessTopic) return std::nullopt;
  boost::system::error_code ec;
  auto data = boost::json::parse(event.data, ec);
  if (ec || !data.is_object()) return std::nullopt;
  const auto& o = data.as_object();
  auto user = id_in(o, "user_id");
  if (!user) return std::nullopt;
  AccessEnded ended;
  ended.user_id = *user;
  ended.session_id = id_in(o, "session_id");
  ended.token_id = id_in(o, "token_id");
  if (const auto* r = o.if_contains("reason"); r != nullptr && r->is_string()) {
    ended.reason = std::string(r->as_string());
  }
  ended.region = event.region;
  return ended;
}

}  // namespace fenghuo::identity

#include "http/ws_protocol.h"

#include <boost/json.hpp>

namespace fenghuo::http {
namespace {

std::string error_reply(std::string message) {
  boost::json::object e;
  e["code"] = "bad_request";
  e["message"] = std::move(message);
  boost::json::object o;
  o["op"] = "error";
  o["error"] = std::move(e);
  return boost::json::serialize(o);
}

}  // namespace

bool WsProtocol::subscribed(std::string_view topic) const { return topics_.contains(topic); }

std::string WsProtocol::handle(std::string_view message) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(message, ec);
  if (ec || !v.is_object()) return error_reply("a message must be a JSON object");
  const auto& o = v.as_object();
  const auto* op = o.if_contains("op");
  if (op == nullptr || !op->is_string()) return error_reply("a message needs a string \"op\"");
  std::string_view name = op->as_string();

  if (name == "ping") return R"({"op":"pong"})";
  if (name != "subscribe" && name != "unsubscribe") {
    return error_reply("unknown op \"" + std::string(name) +
                       "\"; use subscribe, unsubscribe or ping");
  }
  const auto* topics = o.if_contains("topics");
  if (topics == nullptr || !topics->is_array()) {
    return error_reply("\"topics\" must be an array of strings");
  }
  std::vector<std::string> list;
  for (const auto& t : topics->as_array()) {
    if (!t.is_string() || t.as_string().empty() || t.as_string().size() > kMaxTopicLength) {
      return error_reply("each topic must be a non-empty string of at most " +
                         std::to_string(kMaxTopicLength) + " characters");
    }
    list.emplace_back(t.as_string());
  }
  boost::json::array refused;
  if (name == "subscribe") {
    std::vector<std::string> granted;
    for (auto& t : list) {
      Status allowed = check_ ? check_(t) : Status{};
      if (allowed.ok()) {
        granted.push_back(std::move(t));
        continue;
      }
      refused.push_back(boost::json::object{{"topic", t},
                                            {"code", error_code_name(allowed.error().code)},
                                            {"message", allowed.error().message}});
    }
    std::set<std::string, std::less<>> after = topics_;
    after.insert(granted.begin(), granted.end());
    if (after.size() > kMaxTopics) {
      return error_reply("at most " + std::to_string(kMaxTopics) + " topics per connection");
    }
    topics_ = std::move(after);
    list = std::move(granted);
  } else {
    for (const auto& t : list) topics_.erase(t);
  }
  boost::json::array echoed;
  for (const auto& t : list) echoed.emplace_back(t);
  boost::json::object reply;
  reply["op"] = name == "subscribe" ? "subscribed" : "unsubscribed";
  reply["topics"] = std::move(echoed);
  if (!refused.empty()) reply["refused"] = std::move(refused);
  return boost::json::serialize(reply);
}

}  // namespace fenghuo::http

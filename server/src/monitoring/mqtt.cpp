#include "monitoring/mqtt.h"

#include <mosquitto.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/json.hpp>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/principal.h"
#include "monitoring/ingest.h"

namespace fenghuo::monitoring {
namespace {

void init_library() {
  static std::once_flag once;
  std::call_once(once, [] { mosquitto_lib_init(); });
}

std::string client_id(std::string_view role) {
  static std::atomic<int> n{0};
  return "fenghuo-" + std::string(role) + "-" + std::to_string(::getpid()) + "-" +
         std::to_string(++n);
}

// The readings of one message, each with a station (from the topic when it has none).
boost::json::value readings_of(std::string_view topic, std::string_view payload,
                               std::string& error) {
  boost::system::error_code ec;
  auto body = boost::json::parse(payload, ec);
  if (ec) {
    error = "not JSON: " + ec.message();
    return nullptr;
  }
  boost::json::array list;
  if (body.is_array()) {
    list = std::move(body.as_array());
  } else if (body.is_object() && body.as_object().contains("readings") &&
             body.as_object().at("readings").is_array()) {
    list = std::move(body.as_object()["readings"].as_array());
  } else {
    list.push_back(std::move(body));
  }
  auto slash = topic.rfind('/');
  std::string station(slash == std::string_view::npos ? topic : topic.substr(slash + 1));
  for (auto& r : list) {
    if (r.is_object() && !r.as_object().contains("station") && !station.empty() && station != "+") {
      r.as_object()["station"] = station;
    }
  }
  return list;
}

}  // namespace

Result<MqttAddress> parse_mqtt_url(std::string_view url) {
  constexpr std::string_view kScheme = "mqtt://";
  if (!url.starts_with(kScheme)) {
    return Error::validation("monitoring.mqtt_url", "an MQTT broker is mqtt://HOST[:PORT]");
  }
  std::string_view rest = url.substr(kScheme.size());
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  MqttAddress a;
  auto colon = rest.rfind(':');
  if (colon != std::string_view::npos) {
    auto port = rest.substr(colon + 1);
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), a.port);
    if (ec != std::errc() || end != port.data() + port.size() || a.port < 1 || a.port > 65535) {
      return Error::validation("monitoring.mqtt_url", "bad port in " + std::string(url));
    }
    rest = rest.substr(0, colon);
  }
  if (rest.empty())
    return Error::validation("monitoring.mqtt_url", "no host in " + std::string(url));
  a.host = std::string(rest);
  return a;
}

struct MqttSubscriber::Impl {
  mosquitto* mosq = nullptr;
  std::string topic;
  Ingestion* ingestion = nullptr;
  Principal principal = Principal::system("mqtt");
  std::atomic<std::int64_t> rejected_logged{0};

  static void on_connect(mosquitto* m, void* self, int rc) {
    auto* impl = static_cast<Impl*>(self);
    if (rc != 0) {
      spdlog::warn("mqtt: the broker refused the connection ({})", mosquitto_connack_string(rc));
      return;
    }
    std::string shared = "$share/fenghuo/" + impl->topic;
    int sub = mosquitto_subscribe(m, nullptr, shared.c_str(), 1);
    if (sub != MOSQ_ERR_SUCCESS)
      spdlog::warn("mqtt: subscribe failed: {}", mosquitto_strerror(sub));
    else
      spdlog::info("mqtt: subscribed to {}", shared);
  }

  static void on_disconnect(mosquitto*, void*, int rc) {
    if (rc != 0) spdlog::warn("mqtt: connection lost ({}); reconnecting", mosquitto_strerror(rc));
  }

  static void on_message(mosquitto*, void* self, const mosquitto_message* msg) {
    auto* impl = static_cast<Impl*>(self);
    std::string_view payload(static_cast<const char*>(msg->payload),
                             static_cast<std::size_t>(msg->payloadlen));
    std::string error;
    auto readings = readings_of(msg->topic, payload, error);
    if (!error.empty()) {
      spdlog::warn("mqtt: message on {} refused: {}", msg->topic, error);
      return;
    }
    auto result = impl->ingestion->ingest(impl->principal, readings);
    if (!result.ok()) {
      spdlog::error("mqtt: readings on {} not stored: {}", msg->topic, result.error().message);
      return;
    }
    if (!result->rejected.empty() && impl->rejected_logged.fetch_add(1) < 100) {
      spdlog::warn("mqtt: {} reading(s) on {} refused, first: {}", result->rejected.size(),
                   msg->topic, result->rejected.front().second);
    }
  }
};

MqttSubscriber::MqttSubscriber(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<MqttSubscriber>> MqttSubscriber::start(const MqttAddress& broker,
                                                              std::string topic,
                                                              Ingestion& ingestion) {
  init_library();
  auto impl = std::make_unique<Impl>();
  impl->topic = std::move(topic);
  impl->ingestion = &ingestion;
  impl->mosq = mosquitto_new(client_id("sub").c_str(), true, impl.get());
  if (impl->mosq == nullptr) return Error::internal("mqtt: out of memory");
  mosquitto_connect_callback_set(impl->mosq, &Impl::on_connect);
  mosquitto_disconnect_callback_set(impl->mosq, &Impl::on_disconnect);
  mosquitto_message_callback_set(impl->mosq, &Impl::on_message);
  mosquitto_reconnect_delay_set(impl->mosq, 1, 30, true);
  // The broker may be down now: connect in the background and keep trying.
  int rc = mosquitto_connect_async(impl->mosq, broker.host.c_str(), broker.port, 30);
  if (rc != MOSQ_ERR_SUCCESS) {
    spdlog::warn("mqtt: cannot reach {}:{} yet ({}); retrying", broker.host, broker.port,
                 rc == MOSQ_ERR_ERRNO ? std::strerror(errno) : mosquitto_strerror(rc));
  }
  rc = mosquitto_loop_start(impl->mosq);
  if (rc != MOSQ_ERR_SUCCESS) {
    mosquitto_destroy(impl->mosq);
    return Error::internal(std::string("mqtt: no network thread: ") + mosquitto_strerror(rc));
  }
  return std::unique_ptr<MqttSubscriber>(new MqttSubscriber(std::move(impl)));
}

MqttSubscriber::~MqttSubscriber() {
  if (impl_ && impl_->mosq) {
    mosquitto_disconnect(impl_->mosq);
    mosquitto_loop_stop(impl_->mosq, true);
    mosquitto_destroy(impl_->mosq);
  }
}

struct MqttPublisher::Impl {
  mosquitto* mosq = nullptr;
  std::mutex mutex;
  std::condition_variable changed;
  bool connected = false;
  int connect_rc = -1;
  std::int64_t in_flight = 0;

  static void on_connect(mosquitto*, void* self, int rc) {
    auto* impl = static_cast<Impl*>(self);
    std::lock_guard lock(impl->mutex);
    impl->connect_rc = rc;
    impl->connected = rc == 0;
    impl->changed.notify_all();
  }
  static void on_publish(mosquitto*, void* self, int) {
    auto* impl = static_cast<Impl*>(self);
    std::lock_guard lock(impl->mutex);
    --impl->in_flight;
    impl->changed.notify_all();
  }
};

MqttPublisher::MqttPublisher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<MqttPublisher>> MqttPublisher::connect(const MqttAddress& broker) {
  init_library();
  auto impl = std::make_unique<Impl>();
  impl->mosq = mosquitto_new(client_id("pub").c_str(), true, impl.get());
  if (impl->mosq == nullptr) return Error::internal("mqtt: out of memory");
  mosquitto_connect_callback_set(impl->mosq, &Impl::on_connect);
  mosquitto_publish_callback_set(impl->mosq, &Impl::on_publish);
  mosquitto_max_inflight_messages_set(impl->mosq, 1000);
  int rc = mosquitto_connect_async(impl->mosq, broker.host.c_str(), broker.port, 30);
  if (rc == MOSQ_ERR_SUCCESS) rc = mosquitto_loop_start(impl->mosq);
  if (rc != MOSQ_ERR_SUCCESS) {
    mosquitto_destroy(impl->mosq);
    return Error::unavailable(
        "mqtt: cannot reach " + broker.host + ":" + std::to_string(broker.port) + ": " +
        (rc == MOSQ_ERR_ERRNO ? std::strerror(errno) : mosquitto_strerror(rc)));
  }
  std::unique_lock lock(impl->mutex);
  if (!impl->changed.wait_for(lock, std::chrono::seconds(10),
                              [&] { return impl->connect_rc >= 0; }) ||
      !impl->connected) {
    lock.unlock();
    mosquitto_loop_stop(impl->mosq, true);
    mosquitto_destroy(impl->mosq);
    return Error::unavailable("mqtt: no connection to " + broker.host + ":" +
                              std::to_string(broker.port));
  }
  lock.unlock();
  return std::unique_ptr<MqttPublisher>(new MqttPublisher(std::move(impl)));
}

MqttPublisher::~MqttPublisher() {
  if (impl_ && impl_->mosq) {
    mosquitto_disconnect(impl_->mosq);
    mosquitto_loop_stop(impl_->mosq, true);
    mosquitto_destroy(impl_->mosq);
  }
}

Status MqttPublisher::publish(const std::string& topic, std::string_view payload) {
  {
    std::lock_guard lock(impl_->mutex);
    ++impl_->in_flight;
  }
  int rc = mosquitto_publish(impl_->mosq, nullptr, topic.c_str(), static_cast<int>(payload.size()),
                             payload.data(), 1, false);
  if (rc != MOSQ_ERR_SUCCESS) {
    std::lock_guard lock(impl_->mutex);
    --impl_->in_flight;
    return Error::unavailable(std::string("mqtt: publish failed: ") + mosquitto_strerror(rc));
  }
  return {};
}

Status MqttPublisher::flush(int timeout_ms) {
  std::unique_lock lock(impl_->mutex);
  if (!impl_->changed.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                               [&] { return impl_->in_flight <= 0; })) {
    return Error::unavailable("mqtt: " + std::to_string(impl_->in_flight) +
                              " message(s) not acknowledged");
  }
  return {};
}

}  // namespace fenghuo::monitoring

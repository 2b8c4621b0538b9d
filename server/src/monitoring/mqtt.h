#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace fenghuo::monitoring {

class Ingestion;

// Where an MQTT broker listens: mqtt://HOST[:PORT] (1883 by default).
struct MqttAddress {
  std::string host;
  int port = 1883;
};
Result<MqttAddress> parse_mqtt_url(std::string_view url);

// Reads station readings from a Mosquitto broker (libmosquitto, its own network thread,
// reconnecting with backoff). Each message is JSON: one reading {station, metric, time,
// value}, a list of them, or {"readings":[...]}; a reading without a station takes the last
// level of the topic (fenghuo/readings/{station}). The subscription is shared
// ($share/fenghuo/...), so with several processes each message is read by one of them.
class MqttSubscriber {
 public:
  static Result<std::unique_ptr<MqttSubscriber>> start(const MqttAddress& broker, std::string topic,
                                                       Ingestion& ingestion);
  ~MqttSubscriber();
  MqttSubscriber(const MqttSubscriber&) = delete;
  MqttSubscriber& operator=(const MqttSubscriber&) = delete;

  struct Impl;

 private:
  explicit MqttSubscriber(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Publishes messages to a broker (simulate, tests, benchmarks). Blocks until connected.
class MqttPublisher {
 public:
  static Result<std::unique_ptr<MqttPublisher>> connect(const MqttAddress& broker);
  ~MqttPublisher();
  // QoS 1; answers once the broker has the message queued for sending.
  Status publish(const std::string& topic, std::string_view payload);
  // Waits until every published message was acknowledged by the broker.
  Status flush(int timeout_ms);

  struct Impl;

 private:
  explicit MqttPublisher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace fenghuo::monitoring

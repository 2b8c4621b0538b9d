#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fenghuo::test {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lowercase names
  std::string body;
  std::string header(const std::string& name) const;
};

// A plain TCP connection to 127.0.0.1:port for tests that need control over every byte
// (slow clients, partial requests, keep-alive). Blocking, with timeouts.
class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool send(const std::string& bytes);
  // Reads one HTTP response (Content-Length bodies), or nullopt on timeout or close.
  std::optional<HttpResponse> read_response(std::chrono::milliseconds timeout =
                                                std::chrono::seconds(10));
  // True when the server closed the connection within `timeout`.
  bool closed_within(std::chrono::milliseconds timeout);
  int fd() const { return fd_; }
  // Reads what arrives within `timeout` into the buffer; false on close or error.
  bool fill(std::chrono::milliseconds timeout);
  std::string& buffer() { return buffer_; }

 private:
  int fd_ = -1;
  std::string buffer_;
};

// One request on its own connection.
HttpResponse http_request(std::uint16_t port, const std::string& method, const std::string& path,
                          const std::string& body = {},
                          const std::vector<std::pair<std::string, std::string>>& headers = {});

// A minimal WebSocket client (text frames, masked as RFC 6455 requires).
class WsClient {
 public:
  explicit WsClient(std::uint16_t port, const std::string& path = "/api/v1/ws",
                    const std::vector<std::pair<std::string, std::string>>& headers = {});
  bool connected() const { return connected_; }
  bool send_text(const std::string& text);
  // The next text message, or nullopt on timeout or close. Answers pings by itself.
  std::optional<std::string> read_text(std::chrono::milliseconds timeout =
                                           std::chrono::seconds(5));
  // The close code the server sent, once read_text saw a close frame.
  std::optional<int> close_code() const { return close_code_; }
  RawConnection& raw() { return connection_; }

 private:
  bool send_frame(int opcode, const std::string& payload);
  RawConnection connection_;
  bool connected_ = false;
  std::optional<int> close_code_;
};

}  // namespace fenghuo::test

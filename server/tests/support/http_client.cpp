#include "support/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace fenghuo::test {
namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Parses one response at the start of `buffer`; nullopt while it is incomplete.
std::optional<HttpResponse> parse_response(std::string& buffer) {
  auto end = buffer.find("\r\n\r\n");
  if (end == std::string::npos) return std::nullopt;
  HttpResponse r;
  std::string head = buffer.substr(0, end);
  auto line_end = head.find("\r\n");
  std::string status_line = head.substr(0, line_end);
  r.status = std::atoi(status_line.substr(9, 3).c_str());
  std::size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    auto next = head.find("\r\n", pos);
    if (next == std::string::npos) next = head.size();
    std::string line = head.substr(pos, next - pos);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
      std::string value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      r.headers[lower(line.substr(0, colon))] = value;
    }
    pos = next + 2;
  }
  std::size_t length = 0;
  if (auto it = r.headers.find("content-length"); it != r.headers.end()) {
    length = std::stoul(it->second);
  }
  if (r.status == 304 || r.status == 101) length = 0;
  if (buffer.size() < end + 4 + length) return std::nullopt;
  r.body = buffer.substr(end + 4, length);
  buffer.erase(0, end + 4 + length);
  return r;
}

}  // namespace

std::string HttpResponse::header(const std::string& name) const {
  auto it = headers.find(lower(name));
  return it == headers.end() ? std::string() : it->second;
}

RawConnection::RawConnection(std::uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
  int one = 1;
  if (fd_ >= 0) ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) ::close(fd_);
}

bool RawConnection::send(const std::string& bytes) {
  if (fd_ < 0) return false;
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

bool RawConnection::fill(std::chrono::milliseconds timeout) {
  if (fd_ < 0) return false;
  pollfd p{fd_, POLLIN, 0};
  int ready = ::poll(&p, 1, static_cast<int>(timeout.count()));
  if (ready <= 0) return ready == 0;  // timeout: still open
  char buf[65536];
  ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
  if (n <= 0) return false;
  buffer_.append(buf, static_cast<std::size_t>(n));
  return true;
}

std::optional<HttpResponse> RawConnection::read_response(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (auto r = parse_response(buffer_)) return r;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    std::size_t before = buffer_.size();
    if (!fill(std::min(left, std::chrono::milliseconds(100)))) {
      return parse_response(buffer_);
    }
    (void)before;
  }
}

bool RawConnection::closed_within(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!fill(std::chrono::milliseconds(50))) return true;
  }
  return false;
}

HttpResponse http_request(std::uint16_t port, const std::string& method, const std::string& path,
                          const std::string& body,
                          const std::vector<std::pair<std::string, std::string>>& headers) {
  RawConnection c(port);
  std::string request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  bool has_type = false;
  for (const auto& [k, v] : headers) {
    request += k + ": " + v + "\r\n";
    if (lower(k) == "content-type") has_type = true;
  }
  if (!body.empty() && !has_type) request += "Content-Type: application/json\r\n";
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  request += "Connection: close\r\n\r\n" + body;
  c.send(request);
  auto r = c.read_response();
  return r ? *r : HttpResponse{};
}

WsClient::WsClient(std::uint16_t port, const std::string& path,
                   const std::vector<std::pair<std::string, std::string>>& headers)
    : connection_(port) {
  std::string request = "GET " + path +
                        " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                        "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        "Sec-WebSocket-Version: 13\r\n";
  for (const auto& [k, v] : headers) request += k + ": " + v + "\r\n";
  request += "\r\n";
  if (!connection_.send(request)) return;
  auto r = connection_.read_response();
  connected_ = r && r->status == 101;
}

bool WsClient::send_frame(int opcode, const std::string& payload) {
  std::string frame;
  frame.push_back(static_cast<char>(0x80 | opcode));
  std::size_t n = payload.size();
  if (n < 126) {
    frame.push_back(static_cast<char>(0x80 | n));
  } else if (n < 65536) {
    frame.push_back(static_cast<char>(0x80 | 126));
    frame.push_back(static_cast<char>((n >> 8) & 0xff));
    frame.push_back(static_cast<char>(n & 0xff));
  } else {
    frame.push_back(static_cast<char>(0x80 | 127));
    for (int i = 7; i >= 0; --i) frame.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
  }
  const unsigned char mask[4] = {0x12, 0x34, 0x56, 0x78};
  frame.append(reinterpret_cast<const char*>(mask), 4);
  for (std::size_t i = 0; i < n; ++i) {
    frame.push_back(static_cast<char>(payload[i] ^ mask[i % 4]));
  }
  return connection_.send(frame);
}

bool WsClient::send_text(const std::string& text) { return send_frame(0x1, text); }

std::optional<std::string> WsClient::read_text(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string& buf = connection_.buffer();
  for (;;) {
    // Try to parse one frame from the buffer.
    if (buf.size() >= 2) {
      auto b0 = static_cast<unsigned char>(buf[0]);
      auto b1 = static_cast<unsigned char>(buf[1]);
      std::size_t header = 2;
      std::size_t length = b1 & 0x7f;
      if (length == 126 && buf.size() >= 4) {
        length = (static_cast<unsigned char>(buf[2]) << 8) | static_cast<unsigned char>(buf[3]);
        header = 4;
      } else if (length == 127 && buf.size() >= 10) {
        length = 0;
        for (int i = 0; i < 8; ++i) length = (length << 8) | static_cast<unsigned char>(buf[2 + i]);
        header = 10;
      }
      bool complete = (b1 & 0x7f) < 126 || header > 2;
      if (complete && buf.size() >= header + length) {
        std::string payload = buf.substr(header, length);
        buf.erase(0, header + length);
        int opcode = b0 & 0x0f;
        if (opcode == 0x1) return payload;
        if (opcode == 0x9) send_frame(0xA, payload);  // ping -> pong
        if (opcode == 0x8) {
          close_code_ = payload.size() >= 2 ? ((static_cast<unsigned char>(payload[0]) << 8) |
                                               static_cast<unsigned char>(payload[1]))
                                            : 1005;
          send_frame(0x8, payload.substr(0, 2));  // answer the close, as RFC 6455 asks
          return std::nullopt;
        }
        continue;
      }
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    if (!connection_.fill(std::min(left, std::chrono::milliseconds(100)))) return std::nullopt;
  }
}

}  // namespace fenghuo::test

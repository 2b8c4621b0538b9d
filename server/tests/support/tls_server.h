#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace fenghuo::test {

// A small HTTPS server for tests, on 127.0.0.1 and a free port: a self-signed certificate for
// "localhost" (only: not for 127.0.0.1) made with the openssl command line in `dir`, fixed bodies
// by path (any method; 404 otherwise). Remembers the server name (SNI) clients sent and the
// requests it answered.
class TlsServer {
 public:
  TlsServer(const std::filesystem::path& dir, std::map<std::string, std::string> bodies);
  ~TlsServer();
  bool ok() const;  // the certificate was made and the server listens
  std::uint16_t port() const;
  std::string cert_file() const;              // the certificate (PEM): the CA a client must trust
  std::string server_name() const;            // the last SNI name ("" when none was sent)
  std::vector<std::string> requests() const;  // "POST /sms <body>" per request

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fenghuo::test

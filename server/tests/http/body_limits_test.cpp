// Request bodies through the real application on SQLite and PostgreSQL: each route reads at
// most its limit (JSON documents server.max_json_body_kb, files storage.max_file_mb), and the
// header is routed and authenticated before a byte of the body is read.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/http_client.h"
#include "support/manual_clock.h"
#include "support/session.h"
#include "support/test_app.h"

namespace fenghuo::test {
namespace {

using namespace std::chrono_literals;

boost::json::value json(const HttpResponse& r) { return boost::json::parse(r.body); }

// A PDF (the upload route checks the content) of `size` bytes.
std::string pdf_of(std::size_t size) {
  std::string head = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
  std::string out = head;
  out.resize(size - 6, ' ');
  out += "\n%%EOF";
  return out;
}

// The request line and headers of a POST that declares `length` bytes of body.
std::string header_only(const std::string& path, std::size_t length,
                        const std::string& extra = {}) {
  return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
         extra + "Content-Length: " + std::to_string(length) + "\r\n\r\n";
}

class BodyLimits : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgresql) FENGHUO_NEED_PG();
    clock_ = std::make_shared<ManualClock>();
    app_ = std::make_unique<TestApp>(
        GetParam(), [](Config& c) { c.storage.max_file_mb = 6; }, clock_);
    add_user(*app_, "13800000002", "小店区值班员", "140105", {"data_operator", "duty_officer"});
    operator_ = sign_in(*app_, "13800000002", clock_.get());
  }
  std::uint16_t port() { return app_->port(); }
  HttpResponse upload(const std::string& bytes) {
    return http_request(port(), "POST", "/api/v1/files?name=plan.pdf", bytes,
                        {{"Authorization", "Bearer " + operator_.token},
                         {"Content-Type", "application/octet-stream"}});
  }

  std::shared_ptr<ManualClock> clock_;
  std::unique_ptr<TestApp> app_;
  Session operator_;
};

TEST_P(BodyLimits, JsonOverTheJsonLimitIs413NamingTheLimit) {
  std::string name(2 * 1024 * 1024, 'x');
  auto r = operator_.bearer("POST", "/api/v1/resources",
                            R"({"kind":"shelter","name":")" + name + R"("})");
  ASSERT_EQ(r.status, 413) << r.body.substr(0, 300);
  auto error = json(r).at("error");
  EXPECT_EQ(error.at("code").as_string(), "payload_too_large");
  std::string message(error.at("message").as_string());
  EXPECT_NE(message.find("1 MB"), std::string::npos) << message;
  EXPECT_NE(message.find("server.max_json_body_kb"), std::string::npos) << message;
  EXPECT_EQ(json(operator_.bearer("GET", "/api/v1/resources?kind=shelter")).at("total").as_int64(),
            0);
}

TEST_P(BodyLimits, UploadBelowTheFileLimitIsAcceptedAboveIs413) {
  auto five = upload(pdf_of(5 * 1024 * 1024));
  ASSERT_EQ(five.status, 201) << five.body;
  auto got =
      operator_.bearer("GET", "/api/v1/files/" + std::string(json(five).at("id").as_string()));
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.body.size(), 5u * 1024 * 1024);

  auto seven = upload(pdf_of(7 * 1024 * 1024));
  ASSERT_EQ(seven.status, 413) << seven.body;
  std::string message(json(seven).at("error").at("message").as_string());
  EXPECT_NE(message.find("6 MB"), std::string::npos) << message;
  EXPECT_NE(message.find("storage.max_file_mb"), std::string::npos) << message;
}

TEST_P(BodyLimits, BigBodyWithoutCredentialsIs401BeforeTheBodyIsSent) {
  // 50 MB declared, nothing of it sent: the answer must come from the header alone.
  for (const std::string path :
       {"/api/v1/resources", "/api/v1/files?name=a.pdf", "/api/v1/identity/import"}) {
    RawConnection c(port());
    ASSERT_TRUE(c.send(header_only(path, 50 * 1024 * 1024)));
    auto started = std::chrono::steady_clock::now();
    auto r = c.read_response(5s);
    ASSERT_TRUE(r) << path << ": no answer without the body";
    EXPECT_EQ(r->status, 401) << path << ": " << r->body;
    EXPECT_LT(std::chrono::steady_clock::now() - started, 3s) << path;
    EXPECT_EQ(r->header("Connection"), "close") << path;
    EXPECT_TRUE(c.closed_within(5s)) << path << ": the unread body ends the connection";
  }
  // Within the file limit too: still not read without credentials.
  RawConnection c(port());
  ASSERT_TRUE(c.send(header_only("/api/v1/files?name=a.pdf", 1024 * 1024)));
  auto r = c.read_response(5s);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
}

TEST_P(BodyLimits, CallerWithoutThePermissionIs403BeforeTheBodyIsSent) {
  add_user(*app_, "13800000009", "观察员", "140105", {"viewer"});
  Session viewer = sign_in(*app_, "13800000009", clock_.get());
  RawConnection c(port());
  ASSERT_TRUE(c.send(header_only("/api/v1/resources/import?kind=shelter", 5 * 1024 * 1024,
                                 "Authorization: Bearer " + viewer.token + "\r\n")));
  auto r = c.read_response(5s);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403) << r->body;
}

TEST_P(BodyLimits, DeclaredLengthOverTheLimitIs413BeforeTheBodyIsSent) {
  RawConnection c(port());
  ASSERT_TRUE(c.send(header_only("/api/v1/resources", 2 * 1024 * 1024,
                                 "Authorization: Bearer " + operator_.token + "\r\n")));
  auto r = c.read_response(5s);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413) << r->body;
}

TEST_P(BodyLimits, ContinueIsSentOnlyToAnAdmittedCaller) {
  std::string body = pdf_of(64 * 1024);
  {
    RawConnection c(port());
    ASSERT_TRUE(
        c.send(header_only("/api/v1/files?name=a.pdf", body.size(), "Expect: 100-continue\r\n")));
    auto r = c.read_response(5s);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401);
  }
  RawConnection c(port());
  ASSERT_TRUE(c.send(
      header_only("/api/v1/files?name=a.pdf", body.size(),
                  "Expect: 100-continue\r\nAuthorization: Bearer " + operator_.token + "\r\n")));
  auto go_on = c.read_response(5s);
  ASSERT_TRUE(go_on);
  EXPECT_EQ(go_on->status, 100);
  ASSERT_TRUE(c.send(body));
  auto r = c.read_response(5s);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201) << r->body;
}

INSTANTIATE_TEST_SUITE_P(Backends, BodyLimits,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const auto& info) { return backend_name(info.param); });

}  // namespace
}  // namespace fenghuo::test

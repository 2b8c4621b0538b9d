#include "support/test_app.h"

#include <fstream>
#include <regex>
#include <stdexcept>

#include "core/log.h"

namespace fenghuo::test {

std::string backend_name(Backend backend) {
  return backend == Backend::kSqlite ? "sqlite" : "postgresql";
}

Config test_config(const TempDir& dir, const std::string& database_url) {
  static const bool logging = [] { return init_logging("warn").ok(); }();
  (void)logging;
  Config c;
  c.server.host = "127.0.0.1";
  c.server.port = 0;
  c.server.threads = 2;
  c.server.workers = 2;
  c.database.url = database_url.empty() ? "sqlite:" + (dir / "test.db").string() : database_url;
  c.storage.path = (dir / "data").string();
  c.web.root = (dir / "web").string();
  c.log.access = false;
  c.sms.outbox_path = (dir / "sms-outbox.jsonl").string();
  // Tests run the periodic checks themselves, at the (manual) time they choose.
  c.reporting.check_interval_s = 3600;
  // Tests sign many users in from 127.0.0.1; the CAPTCHA tests turn it on themselves.
  c.session.captcha_after = 0;
  return c;
}

TestApp::TestApp(Backend backend, const std::function<void(Config&)>& customize,
                 std::shared_ptr<const Clock> clock) {
  std::string url;
  if (backend == Backend::kPostgresql) {
    auto admin = pg_admin_url();
    if (!admin) throw std::runtime_error("no PostgreSQL: FENGHUO_TEST_PG_URL is unset");
    pg_.emplace(*admin);
    url = pg_->url();
  }
  Config config = test_config(dir_, url);
  if (customize) customize(config);
  auto app = App::open(config, std::move(clock));
  if (!app.ok()) throw std::runtime_error("App::open failed: " + app.error().message);
  app_ = std::move(app).value();
  thread_ = std::thread([this] { app_->run(false); });
}

TestApp::~TestApp() {
  app_->stop();
  thread_.join();
  app_.reset();
}

}  // namespace fenghuo::test

namespace fenghuo::test {

std::string code_in_sms(const std::string& outbox_line) {
  static const std::regex digits("[^0-9]([0-9]{6})[^0-9]");
  auto text = outbox_line.find("\"text\":\"");
  if (text == std::string::npos) return {};
  std::string rest = outbox_line.substr(text);
  std::smatch m;
  return std::regex_search(rest, m, digits) ? std::string(m[1]) : std::string();
}

std::string TestApp::last_code(const std::string& phone) const {
  std::ifstream in(outbox_path());
  std::string line, code;
  while (std::getline(in, line)) {
    if (line.find("\"to\":\"" + phone + "\"") == std::string::npos) continue;
    code = code_in_sms(line);
  }
  return code;
}

}  // namespace fenghuo::test

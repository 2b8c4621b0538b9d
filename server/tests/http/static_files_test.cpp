#include "http/static_files.h"

#include <gtest/gtest.h>

#include <fstream>

#include "support/temp_dir.h"

namespace fenghuo::http {
namespace {

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write("index.html", "<!doctype html><title>desktop</title>");
    write("m/index.html", "<!doctype html><title>mobile</title>");
    write("assets/app-3f2a1b.js", "console.log('app')");
    write("assets/app-3f2a1b.js.gz", "gzipped-bytes");
    write("favicon.svg", "<svg/>");
    std::ofstream(dir_ / "secret.txt") << "outside";
  }
  void write(const std::string& name, const std::string& text) {
    auto path = dir_ / "web" / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }
  Response get(const std::string& path,
               std::vector<std::pair<std::string, std::string>> headers = {}) {
    Request r;
    r.method = Method::kGet;
    r.path = path;
    r.headers = std::move(headers);
    return StaticFiles(dir_ / "web").serve(r);
  }
  static std::string file_text(const Response& r) {
    std::ifstream in(r.file_path);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  test::TempDir dir_;
};

TEST_F(StaticFilesTest, ServesFilesWithTheirContentType) {
  Response r = get("/favicon.svg");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "image/svg+xml");
  EXPECT_EQ(file_text(r), "<svg/>");
}

TEST_F(StaticFilesTest, HashedAssetsAreImmutable) {
  Response r = get("/assets/app-3f2a1b.js");
  EXPECT_EQ(r.header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(r.header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(get("/").header("Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, PrecompressedTwinWhenGzipAccepted) {
  Response gz = get("/assets/app-3f2a1b.js", {{"accept-encoding", "gzip, deflate, br"}});
  EXPECT_EQ(gz.header("Content-Encoding"), "gzip");
  EXPECT_EQ(file_text(gz), "gzipped-bytes");
  EXPECT_EQ(gz.header("Content-Type"), "text/javascript; charset=utf-8");
  Response plain = get("/assets/app-3f2a1b.js");
  EXPECT_EQ(plain.header("Content-Encoding"), "");
  EXPECT_NE(gz.header("ETag"), plain.header("ETag"));
  Response refused = get("/assets/app-3f2a1b.js", {{"accept-encoding", "gzip;q=0"}});
  EXPECT_EQ(refused.header("Content-Encoding"), "");
}

TEST_F(StaticFilesTest, MatchingEtagIs304) {
  Response first = get("/favicon.svg");
  ASSERT_FALSE(first.header("ETag").empty());
  Response again = get("/favicon.svg", {{"if-none-match", std::string(first.header("ETag"))}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.file_path.empty());
}

TEST_F(StaticFilesTest, AppPathsFallBackToIndex) {
  Response r = get("/resources/map");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(file_text(r).find("desktop"), std::string::npos);
  EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8");
}

TEST_F(StaticFilesTest, MobilePathsFallBackToMobileIndex) {
  EXPECT_NE(file_text(get("/m/tasks")).find("mobile"), std::string::npos);
  EXPECT_NE(file_text(get("/m/")).find("mobile"), std::string::npos);
  EXPECT_NE(file_text(get("/m")).find("mobile"), std::string::npos);
}

TEST_F(StaticFilesTest, MissingAssetIs404NotTheApp) {
  EXPECT_EQ(get("/assets/gone-123.js").status, 404);
}

TEST_F(StaticFilesTest, NeverLeavesTheRoot) {
  EXPECT_EQ(get("/../secret.txt").status, 404);
  EXPECT_EQ(get("/assets/../../secret.txt").status, 404);
}

TEST_F(StaticFilesTest, WritesAreRefused) {
  Request r;
  r.method = Method::kPost;
  r.path = "/index.html";
  EXPECT_EQ(StaticFiles(dir_ / "web").serve(r).status, 405);
}

}  // namespace
}  // namespace fenghuo::http

#include "incidents/docx.h"

#include <boost/json.hpp>
#include <zip.h>

#include <cstdio>
#include <memory>

#include "core/time.h"
#include "core/xml.h"

namespace fenghuo::incidents {
namespace {

std::string china_time(std::int64_t ms) {
  std::string t = format_rfc3339(ms + 8 * 3600 * 1000);
  return t.substr(0, 4) + "年" + t.substr(5, 2) + "月" + t.substr(8, 2) + "日 " + t.substr(11, 5);
}

// One paragraph; `size` in half-points, lines of `text` become line breaks.
std::string para(const std::string& text, int size = 32, bool bold = false,
                 const char* align = "left", const char* color = nullptr) {
  std::string run_props = "<w:rPr><w:rFonts w:ascii=\"SimSun\" w:eastAsia=\"仿宋_GB2312\"/>";
  if (bold) run_props += "<w:b/>";
  if (color) run_props += std::string("<w:color w:val=\"") + color + "\"/>";
  run_props += "<w:sz w:val=\"" + std::to_string(size) + "\"/></w:rPr>";
  std::string out = std::string("<w:p><w:pPr><w:jc w:val=\"") + align + "\"/></w:pPr>";
  std::size_t start = 0;
  bool first = true;
  while (start <= text.size()) {
    auto nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    out += "<w:r>" + run_props;
    if (!first) out += "<w:br/>";
    out += "<w:t xml:space=\"preserve\">" + xml_escape(text.substr(start, nl - start)) +
           "</w:t></w:r>";
    first = false;
    start = nl + 1;
  }
  return out + "</w:p>";
}

std::string rule_line() {
  return "<w:p><w:pPr><w:pBdr><w:bottom w:val=\"single\" w:sz=\"18\" w:space=\"1\" "
         "w:color=\"D9001B\"/></w:pBdr></w:pPr></w:p>";
}

std::string count(std::int64_t n) { return std::to_string(n) + "人"; }

std::string money(double yuan) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f万元", yuan / 10000);
  return buf;
}

struct ZipDeleter {
  void operator()(zip_t* z) const { zip_discard(z); }
};

}  // namespace

Result<std::string> report_docx(const Report& r, const std::string& approved_by) {
  const ReportContent& c = r.content;
  std::string kind(report_kind_name(r.kind));
  if (r.kind == "update" || r.kind == "supplement") kind += "（第" + std::to_string(r.seq) + "次）";
  std::string body;
  body += para("值 班 信 息", 52, true, "center", "D9001B");
  body += para(r.org_name + (r.drill ? "（演练）" : ""), 28, false, "center");
  body += para("签发：" + (approved_by.empty() ? std::string("—") : approved_by) + "        " +
                   china_time(r.sent_at.value_or(r.updated_at)),
               24, false, "right");
  body += rule_line();
  body += para("关于" + r.incident_title + "的" + kind, 36, true, "center");
  body += para("一、事发单位：" + c.unit);
  body += para("二、事发时间：" + c.occurred_at);
  body += para("三、事发地点：" + c.place);
  body += para("四、事件简要经过：\n" + c.summary);
  body += para("五、伤亡及损失：死亡" + count(c.deaths) + "，失踪" + count(c.missing) + "，受伤" +
               count(c.injured) + "（其中重伤" + count(c.seriously_injured) + "），被困" +
               count(c.trapped) + "；初步估计直接经济损失" + money(c.direct_loss_yuan) + "。");
  body += para("六、已经采取的措施：\n" + c.measures);
  body += para("七、其他应当报告的情况：\n" + (c.other.empty() ? std::string("无") : c.other));
  for (const auto& k : r.comments) {
    if (k.action == "approve" && !k.text.empty()) {
      body += para("领导批示（" + k.by + "，" + china_time(k.at) + "）：" + k.text, 28);
    }
  }
  body += para("报告人：" + c.reporter_name + "    联系电话：" + c.reporter_phone, 28, false,
               "right");
  body += "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"2098\" "
          "w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\" w:header=\"851\" w:footer=\"992\" "
          "w:gutter=\"0\"/></w:sectPr>";

  const std::string document =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
      "<w:body>" + body + "</w:body></w:document>";
  const std::string content_types =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Default Extension=\"rels\" "
      "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
      "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
  const std::string rels =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
      "relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";

  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (buffer == nullptr) return Error::internal("docx: no zip buffer");
  zip_source_keep(buffer);
  std::unique_ptr<zip_t, ZipDeleter> archive(zip_open_from_source(buffer, ZIP_TRUNCATE, &error));
  if (!archive) {
    zip_source_free(buffer);
    return Error::internal("docx: cannot open zip");
  }
  auto add = [&](const char* name, const std::string& text) -> bool {
    zip_source_t* s = zip_source_buffer(archive.get(), text.data(), text.size(), 0);
    if (s == nullptr) return false;
    if (zip_file_add(archive.get(), name, s, ZIP_FL_ENC_UTF_8) < 0) {
      zip_source_free(s);
      return false;
    }
    return true;
  };
  if (!add("[Content_Types].xml", content_types) || !add("_rels/.rels", rels) ||
      !add("word/document.xml", document)) {
    zip_source_free(buffer);
    return Error::internal("docx: cannot add a part");
  }
  if (zip_close(archive.release()) < 0) {
    zip_source_free(buffer);
    return Error::internal("docx: cannot write the archive");
  }
  std::string out;
  zip_stat_t st;
  if (zip_source_stat(buffer, &st) == 0 && zip_source_open(buffer) == 0) {
    out.resize(st.size);
    auto n = zip_source_read(buffer, out.data(), st.size);
    zip_source_close(buffer);
    if (n < 0 || static_cast<zip_uint64_t>(n) != st.size) out.clear();
  }
  zip_source_free(buffer);
  if (out.empty()) return Error::internal("docx: cannot read the archive back");
  return out;
}

std::string report_exchange_json(const Report& r, const Incident& x) {
  const ReportContent& c = r.content;
  boost::json::object o{
      {"schema", "fenghuo.report/1"},
      {"report_id", std::to_string(r.id)},
      {"kind", r.kind},
      {"kind_name", report_kind_name(r.kind)},
      {"seq", r.seq},
      {"reporting_org", r.org_name},
      {"sent_at", r.sent_at ? boost::json::value(format_rfc3339(*r.sent_at)) : nullptr},
      {"drill", r.drill},
      {"incident", {{"id", std::to_string(x.id)},
                    {"title", x.title},
                    {"type", x.type},
                    {"type_name", x.type_name},
                    {"level", x.level},
                    {"level_name", level_name(x.level, x.grading)},
                    {"region", x.region},
                    {"occurred_at", format_rfc3339(x.occurred_at)},
                    {"lon", x.lon ? boost::json::value(*x.lon) : nullptr},
                    {"lat", x.lat ? boost::json::value(*x.lat) : nullptr}}},
      {"content", to_json(c)}};
  return boost::json::serialize(o);
}

}  // namespace fenghuo::incidents

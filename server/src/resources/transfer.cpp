#include "resources/transfer.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/csv.h"
#include "core/random.h"
#include "db/batch.h"
#include "resources/spatial.h"
#include "resources/store.h"

namespace fenghuo::resources {
namespace {

std::string cell_text(const Resource& r, const std::string& key) {
  if (key == "id") return std::to_string(r.id);
  if (key == "name") return r.name;
  if (key == "category") {
    const Kind* kind = find_kind(r.kind);
    const Option* c = kind ? find_category(*kind, r.category) : nullptr;
    return c ? std::string(c->name) : r.category;
  }
  if (key == "region") return r.region;
  if (key == "lon") return r.lon ? std::to_string(*r.lon) : "";
  if (key == "lat") return r.lat ? std::to_string(*r.lat) : "";
  if (key == "address") return r.address;
  if (key == "contact_person") return r.contact_person;
  if (key == "contact_phone") return r.contact_phone;
  if (key == "data_source") return r.data_source;
  if (key == "parent_id") return r.parent_id ? std::to_string(*r.parent_id) : "";
  const auto* v = r.attributes.if_contains(key);
  if (v == nullptr || v->is_null()) return "";
  if (v->is_string()) {
    const Kind* kind = find_kind(r.kind);
    const Field* f = kind ? find_field(*kind, key) : nullptr;
    if (f != nullptr && f->type == FieldType::kEnum) {
      for (const auto& o : f->options) {
        if (o.code == v->as_string()) return std::string(o.name);
      }
    }
    return std::string(v->as_string());
  }
  if (v->is_int64()) return std::to_string(v->as_int64());
  if (v->is_double()) {
    std::ostringstream s;
    s << v->as_double();
    return s.str();
  }
  return boost::json::serialize(*v);
}

// Closes the workbook written at `path` and answers its bytes; the file is removed.
Result<std::string> finish(lxw_workbook* book, const std::string& path) {
  lxw_error err = workbook_close(book);
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::error_code ec;
  std::filesystem::remove(path, ec);
  if (err != LXW_NO_ERROR) {
    return Error::unavailable(std::string("cannot write the spreadsheet: ") + lxw_strerror(err));
  }
  return bytes;
}

}  // namespace

std::vector<Column> columns_of(const Kind& kind) {
  std::vector<Column> out = {{"id", "编号"},        {"name", "名称"},      {"category", "类别"},
                             {"region", "行政区划代码"}};
  if (kind.located) {
    out.push_back({"lon", "经度"});
    out.push_back({"lat", "纬度"});
  }
  out.push_back({"address", "地址"});
  out.push_back({"contact_person", "联系人"});
  out.push_back({"contact_phone", "联系电话"});
  out.push_back({"data_source", "数据来源"});
  if (!kind.parent_kind.empty()) out.push_back({"parent_id", "所属编号"});
  for (const auto& f : kind.fields) {
    std::string header(f.name);
    if (!f.unit.empty()) header += "(" + std::string(f.unit) + ")";
    out.push_back({std::string(f.key), header});
  }
  return out;
}

std::string to_csv(const Kind& kind, const std::vector<Resource>& rows) {
  auto columns = columns_of(kind);
  std::string out = "\xEF\xBB\xBF";  // BOM: Excel then reads UTF-8
  std::vector<std::string> header;
  for (const auto& c : columns) header.push_back(c.header);
  out += csv_line(header);
  for (const auto& r : rows) {
    std::vector<std::string> cells;
    for (const auto& c : columns) cells.push_back(cell_text(r, c.key));
    out += csv_line(cells);
  }
  return out;
}

Result<std::string> to_xlsx(const Kind& kind, const std::vector<Resource>& rows,
                            const std::string& temp_folder) {
  std::filesystem::create_directories(temp_folder);
  std::string path = (std::filesystem::path(temp_folder) / ("export-" + random_hex(8) + ".xlsx")).string();
  lxw_workbook* book = workbook_new(path.c_str());
  if (book == nullptr) return Error::unavailable("cannot write the spreadsheet in " + temp_folder);
  lxw_worksheet* sheet = workbook_add_worksheet(book, std::string(kind.name).c_str());
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  auto columns = columns_of(kind);
  for (std::size_t c = 0; c < columns.size(); ++c) {
    worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), columns[c].header.c_str(), bold);
    worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), 16, nullptr);
  }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      std::string text = cell_text(rows[r], columns[c].key);
      const auto* v = rows[r].attributes.if_contains(columns[c].key);
      bool numeric = (v != nullptr && v->is_number()) || columns[c].key == "lon" ||
                     columns[c].key == "lat";
      if (numeric && !text.empty()) {
        worksheet_write_number(sheet, static_cast<lxw_row_t>(r + 1), static_cast<lxw_col_t>(c),
                               std::strtod(text.c_str(), nullptr), nullptr);
      } else {
        worksheet_write_string(sheet, static_cast<lxw_row_t>(r + 1), static_cast<lxw_col_t>(c),
                               text.c_str(), nullptr);
      }
    }
  }
  return finish(book, path);
}

namespace {

// The allowed values of a coded column (category, enum fields), as the sheet takes them.
std::vector<std::string_view> allowed_values(const Kind& kind, const std::string& key) {
  std::vector<std::string_view> out;
  std::span<const Option> options;
  if (key == "category") {
    options = kind.categories;
  } else if (const Field* f = find_field(kind, key); f != nullptr && f->type == FieldType::kEnum) {
    options = f->options;
  }
  for (const auto& o : options) out.push_back(o.name);
  return out;
}

std::string joined(const std::vector<std::string_view>& values, std::string_view separator) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += separator;
    out += v;
  }
  return out;
}

std::string number_text(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

// How a column is filled in (zh-CN, like the headers), and an example value.
struct ColumnHelp {
  bool required = false;
  std::string format;
  std::string example;
};

ColumnHelp help_of(const Kind& kind, const std::string& key) {
  auto allowed = allowed_values(kind, key);
  std::string choose = "从下列值中选一个：" + joined(allowed, "、");
  if (key == "id") return {false, "留空则新增；填写已有记录的编号则更新该记录", ""};
  if (key == "name")
    return {true, "文本；同一区划内同名且位置相距 30 米以内的记录视为已存在，不重复导入",
            std::string(kind.name) + "（示例）"};
  if (key == "category") return {true, choose, allowed.empty() ? "" : std::string(allowed.front())};
  if (key == "region")
    return {true, "6 位县级行政区划代码（GB/T 2260），如 140105 表示太原市小店区", "140105"};
  if (key == "lon") return {kind.located, "WGS-84 经度，十进制度，如 112.5656", "112.5656"};
  if (key == "lat") return {kind.located, "WGS-84 纬度，十进制度，如 37.7364", "37.7364"};
  if (key == "address") return {false, "文本", "太原市小店区示例路 1 号"};
  if (key == "contact_person") return {false, "文本", "张三"};
  if (key == "contact_phone")
    return {false, "手机或座机号码，如 13800000000 或 0351-1234567", "0351-1234567"};
  if (key == "data_source") return {false, "文本，数据的提供单位", "小店区应急管理局"};
  if (key == "parent_id") {
    const Kind* parent = find_kind(kind.parent_kind);
    return {
        kind.parent_required,
        "所属" + std::string(parent ? parent->name : kind.parent_kind) + "的编号（见其列表或导出）",
        "1"};
  }
  const Field* f = find_field(kind, key);
  if (f == nullptr) return {};
  std::string unit = f->unit.empty() ? "" : "，单位：" + std::string(f->unit);
  switch (f->type) {
    case FieldType::kEnum:
      return {f->required, choose, allowed.empty() ? "" : std::string(allowed.front())};
    case FieldType::kInteger:
      return {f->required, "整数，" + number_text(f->min) + "～" + number_text(f->max) + unit,
              number_text(std::max(f->min, std::min(f->max, 10.0)))};
    case FieldType::kNumber:
      return {f->required, "数字，" + number_text(f->min) + "～" + number_text(f->max) + unit,
              number_text(std::max(f->min, std::min(f->max, 12.5)))};
    case FieldType::kPhone:
      return {f->required, "手机或座机号码，如 13800000000 或 0351-1234567", "13800000000"};
    case FieldType::kDate:
      return {f->required, "日期，格式 YYYY-MM-DD，如 2027-06-30", "2027-06-30"};
    case FieldType::kUrl:
      return {f->required, "网址，以 http:// 或 https:// 开头", "https://example.org"};
    case FieldType::kText:
      break;
  }
  return {f->required, "文本" + unit, ""};
}

}  // namespace

Result<std::string> template_xlsx(const Kind& kind, const std::string& temp_folder) {
  std::filesystem::create_directories(temp_folder);
  std::string path =
      (std::filesystem::path(temp_folder) / ("template-" + random_hex(8) + ".xlsx")).string();
  lxw_workbook* book = workbook_new(path.c_str());
  if (book == nullptr) return Error::unavailable("cannot write the spreadsheet in " + temp_folder);
  // The first sheet is the one imported: headers only. The others explain and are not read.
  lxw_worksheet* data = workbook_add_worksheet(book, std::string(kind.name).c_str());
  lxw_worksheet* help = workbook_add_worksheet(book, "填写说明");
  lxw_worksheet* example = workbook_add_worksheet(book, "示例");
  lxw_worksheet* values = workbook_add_worksheet(book, "可选值");
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  lxw_format* wrap = workbook_add_format(book);
  format_set_text_wrap(wrap);
  format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);

  const char* help_headers[] = {"列名", "必填", "填写格式或可选值", "示例"};
  for (lxw_col_t c = 0; c < 4; ++c) worksheet_write_string(help, 0, c, help_headers[c], bold);
  worksheet_set_column(help, 0, 0, 18, nullptr);
  worksheet_set_column(help, 1, 1, 6, nullptr);
  worksheet_set_column(help, 2, 2, 70, wrap);
  worksheet_set_column(help, 3, 3, 24, nullptr);

  auto columns = columns_of(kind);
  lxw_col_t coded = 0;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const auto& column = columns[i];
    auto c = static_cast<lxw_col_t>(i);
    ColumnHelp h = help_of(kind, column.key);
    worksheet_write_string(data, 0, c, column.header.c_str(), bold);
    worksheet_set_column(data, c, c, 16, nullptr);
    if (!h.format.empty()) worksheet_write_comment(data, 0, c, h.format.c_str());
    worksheet_write_string(example, 0, c, column.header.c_str(), bold);
    worksheet_write_string(example, 1, c, h.example.c_str(), nullptr);
    worksheet_set_column(example, c, c, 16, nullptr);
    auto row = static_cast<lxw_row_t>(i + 1);
    worksheet_write_string(help, row, 0, column.header.c_str(), nullptr);
    worksheet_write_string(help, row, 1, h.required ? "是" : "", nullptr);
    worksheet_write_string(help, row, 2, h.format.c_str(), nullptr);
    worksheet_write_string(help, row, 3, h.example.c_str(), nullptr);

    // Coded columns list their values on the 可选值 sheet. (No drop-down: libxlsxwriter 1.1
    // leaks the formula of a list validation.)
    auto allowed = allowed_values(kind, column.key);
    if (allowed.empty()) continue;
    worksheet_write_string(values, 0, coded, column.header.c_str(), bold);
    worksheet_set_column(values, coded, coded, 24, nullptr);
    for (std::size_t v = 0; v < allowed.size(); ++v) {
      worksheet_write_string(values, static_cast<lxw_row_t>(v + 1), coded,
                             std::string(allowed[v]).c_str(), nullptr);
    }
    ++coded;
  }
  worksheet_write_string(help, static_cast<lxw_row_t>(columns.size() + 2), 0,
                         "只导入第一个工作表；本说明、示例和可选值工作表不会被导入。", nullptr);
  worksheet_freeze_panes(data, 1, 0);
  return finish(book, path);
}

namespace {

// Turns template headers (Chinese, with units) or keys into field keys.
std::string key_for_header(const Kind& kind, std::string header) {
  while (!header.empty() && (header.back() == ' ' || header.back() == '\r')) header.pop_back();
  for (const auto& c : columns_of(kind)) {
    if (c.header == header || c.key == header) return c.key;
  }
  return header;  // unknown: apply_fields names it
}

Result<std::vector<std::pair<int, boost::json::object>>> parse_rows(const Kind& kind,
                                                                   const std::string& type,
                                                                   const std::string& body) {
  std::vector<std::pair<int, boost::json::object>> rows;
  if (type.starts_with("text/csv")) {
    // Record by record: what is kept is the rows, not a parsed copy of the whole file.
    std::vector<std::string> keys;
    bool have_header = false;
    FENGHUO_TRY(for_each_csv_record(body, [&](int line, std::vector<std::string>& cells) -> Status {
      if (!have_header) {
        for (auto& h : cells) keys.push_back(key_for_header(kind, std::move(h)));
        have_header = true;
        return {};
      }
      if (rows.size() >= kMaxImportRows) return too_many_import_rows();
      boost::json::object o;
      for (std::size_t c = 0; c < keys.size() && c < cells.size(); ++c) {
        if (!cells[c].empty()) o[keys[c]] = cells[c];
      }
      rows.emplace_back(line, std::move(o));
      return {};
    }));
    if (!have_header) return Error::bad_request("the CSV is empty");
    return rows;
  }
  if (type.starts_with("application/json")) {
    boost::system::error_code ec;
    auto doc = boost::json::parse(body, ec);
    if (ec || !doc.is_object() || !doc.as_object().contains("rows") ||
        !doc.at("rows").is_array()) {
      return Error::bad_request("the JSON must be {\"rows\":[{...}, ...]}");
    }
    auto& list = doc.as_object()["rows"].as_array();
    if (list.size() > kMaxImportRows) return too_many_import_rows();
    rows.reserve(list.size());
    int n = 0;
    for (auto& row : list) {
      ++n;
      rows.emplace_back(n, row.is_object() ? std::move(row.as_object()) : boost::json::object());
    }
    return rows;
  }
  return Error{ErrorCode::kUnsupportedMediaType, "send text/csv or application/json", {}};
}

// A row without an id names a record that is already there when a live record of the same kind
// has the same name in the same region and, when both have a position, lies within
// kSamePlaceMetres of it. Answers that record's id.
Result<std::optional<std::int64_t>> find_existing(db::Connection& c, const Resource& r) {
  FENGHUO_ASSIGN(named, store::find_named(c, r.kind, r.name, r.region));
  for (const auto& x : named) {
    if (!r.lon || !r.lat || !x.lon || !x.lat ||
        geodesic_m(*r.lon, *r.lat, *x.lon, *x.lat) <= kSamePlaceMetres) {
      return std::optional<std::int64_t>(x.id);
    }
  }
  return std::optional<std::int64_t>();
}

// Category and enum values may come as their Chinese names.
void codes_from_names(const Kind& kind, boost::json::object& o) {
  if (auto* c = o.if_contains("category"); c && c->is_string()) {
    for (const auto& option : kind.categories) {
      if (option.name == c->as_string()) *c = option.code;
    }
  }
}

}  // namespace

Result<ImportReport> import_rows(db::Database& db, ResourceService& service, const Principal& by,
                                 const Kind& kind, const std::string& content_type,
                                 const std::string& body, bool dry_run, bool partial) {
  FENGHUO_ASSIGN(rows, parse_rows(kind, content_type, body));
  ImportReport report;
  FENGHUO_ASSIGN(kept, db::run_batch(db, dry_run, partial, [&](db::Transaction& tx,
                                                              db::RowBatch& batch) -> Status {
    db::Connection& c = tx.connection();
    for (auto& [number, fields] : rows) {
      codes_from_names(kind, fields);
      std::optional<Error> refused;
      FENGHUO_TRY(batch.row([&]() -> Status {
        std::int64_t id = 0;
        if (const auto* v = fields.if_contains("id"); v && !v->is_null()) {
          if (v->is_int64()) {
            id = v->as_int64();
          } else if (v->is_string() && !v->as_string().empty()) {
            id = std::strtoll(std::string(v->as_string()).c_str(), nullptr, 10);
          } else if (!v->is_string()) {
            id = -1;
          }
          if (id < 0 || (id == 0 && !(v->is_string() && v->as_string().empty()))) {
            return Error::validation("id", "id: not a record id");
          }
        }
        fields.erase("id");
        if (const auto* k = fields.if_contains("kind");
            k && !(k->is_string() && k->as_string() == kind.key)) {
          return Error::validation("kind", "kind: this import is for " + std::string(kind.key));
        }
        if (id > 0) {
          FENGHUO_ASSIGN(before, store::find(c, id));
          FENGHUO_TRY(check_covers(by, before.region, "resource"));
          if (before.kind != kind.key) return Error::validation("id", "id: a record of another kind");
          Resource after = before;
          FENGHUO_TRY(apply_fields(after, fields));
          FENGHUO_ASSIGN(u, service.update_in(tx, by, before, std::move(after)));
          ++report.updated;
          return {};
        }
        Resource r;
        r.kind = std::string(kind.key);
        FENGHUO_TRY(apply_fields(r, fields));
        // Only records the caller may see are looked for (create_in refuses the others).
        if (by.covers(r.region)) {
          FENGHUO_ASSIGN(same, find_existing(c, r));
          if (same) {
            report.existing.push_back({number, *same});
            return {};
          }
        }
        FENGHUO_ASSIGN(created, service.create_in(tx, by, std::move(r)));
        ++report.created;
        return {};
      }, refused));
      if (refused) report.rejected.push_back({number, refused->field, refused->message});
    }
    return {};
  }));
  report.applied = kept;
  return report;
}

boost::json::object to_json(const ImportReport& report) {
  boost::json::object o;
  o["applied"] = report.applied;
  o["created"] = report.created;
  o["updated"] = report.updated;
  o["existing"] = static_cast<std::int64_t>(report.existing.size());
  boost::json::array existing;
  for (const auto& e : report.existing) {
    existing.push_back(boost::json::object{{"row", e.row}, {"id", std::to_string(e.id)}});
  }
  o["existing_rows"] = std::move(existing);
  boost::json::array rejected;
  for (const auto& r : report.rejected) {
    boost::json::object x;
    x["row"] = r.row;
    x["field"] = r.field;
    x["reason"] = r.reason;
    rejected.push_back(std::move(x));
  }
  o["rejected"] = std::move(rejected);
  return o;
}

}  // namespace fenghuo::resources

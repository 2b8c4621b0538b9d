#include "resources/transfer.h"

#include <xlsxwriter.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/csv.h"
#include "core/random.h"
#include "db/batch.h"

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

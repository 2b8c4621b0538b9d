#include "incidents/store.h"

#include <boost/json.hpp>

#include "db/query.h"
#include "identity/directory.h"
#include "storage/files.h"

namespace fenghuo::incidents::store {
namespace {

using db::Param;

Param opt(const std::optional<double>& v) { return v ? Param(*v) : Param(nullptr); }
Param opt(const std::optional<std::int64_t>& v) { return v ? Param(*v) : Param(nullptr); }

constexpr std::string_view kIncidentColumns =
    "SELECT i.id, i.title, i.type_code, COALESCE(t.name, ''), COALESCE(t.category, ''), "
    "i.occurred_at, i.received_at, i.lon, i.lat, i.region_code, COALESCE(g.name, ''), i.address, "
    "i.deaths, i.missing, i.injured, i.seriously_injured, i.trapped, i.direct_loss_yuan, "
    "i.metrics_json, i.description, i.drill, i.reporting_unit, i.reporter_name, "
    "i.reporter_phone, i.attachments_json, i.level, i.level_reason, i.level_source, i.status, "
    "i.merged_into, i.org_id, COALESCE(o.name, ''), i.created_by, i.created_at, i.updated_at, "
    "i.version, (SELECT MIN(r.due_at) FROM reports r WHERE r.incident_id = i.id "
    "AND r.org_id = i.org_id AND r.status <> 'sent'), COALESCE(t.grading, ''), "
    "i.source_alarm_id "
    "FROM incidents i LEFT JOIN incident_types t ON t.code = i.type_code "
    "LEFT JOIN regions g ON g.code = i.region_code "
    "LEFT JOIN organisations o ON o.id = i.org_id ";

std::vector<std::int64_t> id_list(const std::string& json) {
  std::vector<std::int64_t> out;
  boost::system::error_code ec;
  auto v = boost::json::parse(json, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& x : v.as_array()) {
    if (x.is_int64()) out.push_back(x.as_int64());
  }
  return out;
}

std::string id_json(const std::vector<Attachment>& files) {
  boost::json::array a;
  for (const auto& f : files) a.push_back(f.id);
  return boost::json::serialize(a);
}

std::string metrics_json(const Incident& x) {
  boost::json::object m;
  if (x.forest_area_ha) m["forest_area_ha"] = *x.forest_area_ha;
  if (x.grassland_area_ha) m["grassland_area_ha"] = *x.grassland_area_ha;
  if (x.magnitude) m["magnitude"] = *x.magnitude;
  if (x.dense_population) m["dense_population"] = true;
  if (x.people_to_relocate) m["people_to_relocate"] = *x.people_to_relocate;
  if (x.potential_loss_yuan) m["potential_loss_yuan"] = *x.potential_loss_yuan;
  if (!x.fire_conditions.empty()) {
    boost::json::array a;
    for (const auto& f : x.fire_conditions) a.emplace_back(f);
    m["fire_conditions"] = std::move(a);
  }
  return boost::json::serialize(m);
}

void read_metrics(Incident& x, const std::string& json) {
  boost::system::error_code ec;
  auto v = boost::json::parse(json, ec);
  if (ec || !v.is_object()) return;
  const auto& m = v.as_object();
  auto num = [&](const char* k) -> std::optional<double> {
    auto it = m.find(k);
    return it != m.end() && it->value().is_number()
               ? std::optional<double>(it->value().to_number<double>())
               : std::nullopt;
  };
  x.forest_area_ha = num("forest_area_ha");
  x.grassland_area_ha = num("grassland_area_ha");
  x.magnitude = num("magnitude");
  x.dense_population = m.contains("dense_population");
  if (auto p = num("people_to_relocate")) x.people_to_relocate = static_cast<std::int64_t>(*p);
  x.potential_loss_yuan = num("potential_loss_yuan");
  if (auto it = m.find("fire_conditions"); it != m.end() && it->value().is_array()) {
    for (const auto& f : it->value().as_array()) {
      if (f.is_string()) x.fire_conditions.emplace_back(f.as_string());
    }
  }
}

Result<Incident> incident_of(db::Connection& c, const db::Rows& r, std::size_t i) {
  Incident x;
  x.id = r.i64(i, 0);
  x.title = r.text(i, 1);
  x.type = r.text(i, 2);
  x.type_name = r.text(i, 3);
  x.category = r.text(i, 4);
  x.occurred_at = r.i64(i, 5);
  x.received_at = r.i64(i, 6);
  if (!r.is_null(i, 7)) x.lon = r.f64(i, 7);
  if (!r.is_null(i, 8)) x.lat = r.f64(i, 8);
  x.region = r.text(i, 9);
  x.region_name = r.text(i, 10);
  x.address = r.text(i, 11);
  x.deaths = r.i64(i, 12);
  x.missing = r.i64(i, 13);
  x.injured = r.i64(i, 14);
  x.seriously_injured = r.i64(i, 15);
  x.trapped = r.i64(i, 16);
  x.direct_loss_yuan = r.f64(i, 17);
  read_metrics(x, r.text(i, 18));
  x.description = r.text(i, 19);
  x.drill = r.i64(i, 20) != 0;
  x.reporting_unit = r.text(i, 21);
  x.reporter_name = r.text(i, 22);
  x.reporter_phone = r.text(i, 23);
  auto ids = id_list(r.text(i, 24));
  if (!ids.empty()) {
    FENGHUO_ASSIGN(found, files(c, ids));
    x.attachments = std::move(found);
  }
  x.level = r.text(i, 25);
  x.level_reason = r.text(i, 26);
  x.level_source = r.text(i, 27);
  x.status = r.text(i, 28);
  x.merged_into = r.opt_i64(i, 29);
  x.org_id = r.i64(i, 30);
  x.org_name = r.text(i, 31);
  x.created_by = r.text(i, 32);
  x.created_at = r.i64(i, 33);
  x.updated_at = r.i64(i, 34);
  x.version = r.i64(i, 35);
  x.next_due_at = r.opt_i64(i, 36);
  x.grading = r.text(i, 37);
  x.source_alarm_id = r.opt_i64(i, 38);
  return x;
}

std::vector<Param> incident_params(const Incident& x) {
  return {x.title,
          x.type,
          x.occurred_at,
          x.received_at,
          opt(x.lon),
          opt(x.lat),
          x.region,
          x.address,
          x.deaths,
          x.missing,
          x.injured,
          x.seriously_injured,
          x.trapped,
          x.direct_loss_yuan,
          metrics_json(x),
          x.description,
          std::int64_t{x.drill ? 1 : 0},
          x.reporting_unit,
          x.reporter_name,
          x.reporter_phone,
          id_json(x.attachments),
          x.level,
          x.level_reason,
          x.level_source,
          x.status,
          opt(x.merged_into),
          x.updated_at};
}

constexpr std::string_view kReportColumns =
    "SELECT r.id, r.incident_id, i.title, i.region_code, i.drill, r.kind, r.seq, r.org_id, "
    "COALESCE(o.name, ''), r.status, r.content_json, r.level, r.due_at, r.sent_at, "
    "r.created_by, r.created_at, r.updated_at, r.version, COALESCE(t.grading, ''), i.level, "
    "r.submitted_at "
    "FROM reports r JOIN incidents i ON i.id = r.incident_id "
    "LEFT JOIN incident_types t ON t.code = i.type_code "
    "LEFT JOIN organisations o ON o.id = r.org_id ";

constexpr std::string_view kCorrectionsOf =
    "SELECT at, by_name, field, old_value, new_value FROM report_corrections "
    "WHERE report_id = $1 ORDER BY id";
constexpr std::string_view kInsertCorrection =
    "INSERT INTO report_corrections (report_id, at, by_name, field, old_value, new_value) "
    "VALUES ($1, $2, $3, $4, $5, $6)";
constexpr std::string_view kMarkSubmitted =
    "UPDATE reports SET submitted_at = $2, approval_sms_at = NULL WHERE id = $1";
constexpr std::string_view kAwaitingApproval =
    "SELECT r.id, r.org_id, r.incident_id, i.title, i.region_code, r.kind, r.seq, r.due_at "
    "FROM reports r JOIN incidents i ON i.id = r.incident_id WHERE r.status = 'pending' "
    "AND r.submitted_at <= $1 AND r.approval_sms_at IS NULL ORDER BY r.submitted_at LIMIT 200";
constexpr std::string_view kMarkApprovalTexted =
    "UPDATE reports SET approval_sms_at = $2 WHERE id = $1 AND status = 'pending' "
    "AND approval_sms_at IS NULL";

Report report_of(const db::Rows& r, std::size_t i) {
  Report x;
  x.id = r.i64(i, 0);
  x.incident_id = r.i64(i, 1);
  x.incident_title = r.text(i, 2);
  x.incident_region = r.text(i, 3);
  x.drill = r.i64(i, 4) != 0;
  x.kind = r.text(i, 5);
  x.seq = r.i64(i, 6);
  x.org_id = r.i64(i, 7);
  x.org_name = r.text(i, 8);
  x.status = r.text(i, 9);
  boost::system::error_code ec;
  auto content = boost::json::parse(r.text(i, 10), ec);
  if (!ec && content.is_object()) x.content = content_of(content.as_object());
  x.level = r.text(i, 11);
  x.due_at = r.opt_i64(i, 12);
  x.sent_at = r.opt_i64(i, 13);
  x.created_by = r.text(i, 14);
  x.created_at = r.i64(i, 15);
  x.updated_at = r.i64(i, 16);
  x.version = r.i64(i, 17);
  x.grading = r.text(i, 18);
  // A report not yet sent speaks of the incident as it stands (a level raised since the draft
  // began); a sent one keeps the level it reported.
  if (x.status != "sent") x.level = r.text(i, 19);
  x.submitted_at = r.opt_i64(i, 20);
  return x;
}

Status fill_report(db::Connection& c, Report& x) {
  auto comments = c.query(
      "SELECT at, by_name, action, text FROM report_comments WHERE report_id = $1 ORDER BY id",
      {x.id});
  if (!comments.ok()) return std::move(comments).error();
  for (std::size_t i = 0; i < comments->size(); ++i) {
    x.comments.push_back(
        {comments->i64(i, 0), comments->text(i, 1), comments->text(i, 2), comments->text(i, 3)});
  }
  auto deliveries = c.query(
      "SELECT d.org_id, COALESCE(o.name, ''), d.from_org_id, d.kind, d.sent_at, d.sent_by, "
      "d.signed_at, COALESCE(d.signed_by, ''), d.relay_due_at, d.relayed_at, d.skip_level "
      "FROM report_deliveries d LEFT JOIN organisations o ON o.id = d.org_id "
      "WHERE d.report_id = $1 ORDER BY d.id",
      {x.id});
  if (!deliveries.ok()) return std::move(deliveries).error();
  for (std::size_t i = 0; i < deliveries->size(); ++i) {
    Delivery d;
    d.org_id = deliveries->i64(i, 0);
    d.org_name = deliveries->text(i, 1);
    d.from_org_id = deliveries->i64(i, 2);
    d.kind = deliveries->text(i, 3);
    d.sent_at = deliveries->i64(i, 4);
    d.sent_by = deliveries->text(i, 5);
    d.signed_at = deliveries->opt_i64(i, 6);
    d.signed_by = deliveries->text(i, 7);
    d.relay_due_at = deliveries->opt_i64(i, 8);
    d.relayed_at = deliveries->opt_i64(i, 9);
    d.skip_level = deliveries->i64(i, 10) != 0;
    x.deliveries.push_back(std::move(d));
  }
  FENGHUO_ASSIGN(
      corrections, db::query_all(c, kCorrectionsOf, {x.id}, [](const db::Rows& r, std::size_t i) {
        return Correction{r.i64(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4)};
      }));
  x.corrections = std::move(corrections);
  return {};
}

}  // namespace

Result<std::int64_t> insert_incident(db::Connection& c, const Incident& x) {
  auto params = incident_params(x);
  params.push_back(x.org_id);
  params.push_back(x.created_by);
  params.push_back(x.created_at);
  params.push_back(opt(x.source_alarm_id));
  auto rows = c.query(
      "INSERT INTO incidents (title, type_code, occurred_at, received_at, lon, lat, region_code, "
      "address, deaths, missing, injured, seriously_injured, trapped, direct_loss_yuan, "
      "metrics_json, description, drill, reporting_unit, reporter_name, reporter_phone, "
      "attachments_json, level, level_reason, level_source, status, merged_into, updated_at, "
      "org_id, created_by, created_at, source_alarm_id, version) VALUES ($1, $2, $3, $4, $5, $6, "
      "$7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, "
      "$25, $26, $27, $28, $29, $30, $31, 1) RETURNING id",
      params);
  if (!rows.ok()) return std::move(rows).error();
  return rows->i64(0, 0);
}

Status update_incident(db::Connection& c, const Incident& x, std::int64_t expected_version) {
  auto params = incident_params(x);
  params.push_back(x.id);
  params.push_back(expected_version);
  auto n = c.execute(
      "UPDATE incidents SET title = $1, type_code = $2, occurred_at = $3, received_at = $4, "
      "lon = $5, lat = $6, region_code = $7, address = $8, deaths = $9, missing = $10, "
      "injured = $11, seriously_injured = $12, trapped = $13, direct_loss_yuan = $14, "
      "metrics_json = $15, description = $16, drill = $17, reporting_unit = $18, "
      "reporter_name = $19, reporter_phone = $20, attachments_json = $21, level = $22, "
      "level_reason = $23, level_source = $24, status = $25, merged_into = $26, updated_at = $27, "
      "version = version + 1 WHERE id = $28 AND version = $29",
      params);
  if (!n.ok()) return n.error();
  if (*n == 1) return {};
  return db::version_miss(c, "SELECT version FROM incidents WHERE id = $1", x.id, "the incident");
}

Result<Incident> find_incident(db::Connection& c, std::int64_t id) {
  static const std::string sql = std::string(kIncidentColumns) + "WHERE i.id = $1";
  auto rows = c.query(sql, {id});
  if (!rows.ok()) return std::move(rows).error();
  if (rows->empty()) return Error::not_found("incident not found");
  return incident_of(c, *rows, 0);
}

Result<Page<Incident>> list_incidents(db::Connection& c, const std::string& region_pattern,
                                      const IncidentQuery& q) {
  constexpr std::string_view kWhere =
      "WHERE i.region_code LIKE $1 AND ($2 = '' OR i.status = $2) AND ($3 = '' OR i.level = $3) "
      "AND ($4 = '' OR i.type_code = $4 OR i.type_code LIKE $4 || '%') "
      "AND ($5 = '' OR i.title LIKE '%' || $5 || '%' OR i.address LIKE '%' || $5 || '%' "
      "OR i.description LIKE '%' || $5 || '%') AND ($6 < 0 OR i.drill = $6) "
      "AND i.occurred_at >= $7 AND i.occurred_at < $8 ";
  std::vector<Param> params = {region_pattern,
                               q.status,
                               q.level,
                               q.type,
                               q.text,
                               std::int64_t{q.drill ? (*q.drill ? 1 : 0) : -1},
                               q.from.value_or(INT64_MIN),
                               q.to.value_or(INT64_MAX)};
  static const std::string count_sql = "SELECT COUNT(*) FROM incidents i " + std::string(kWhere);
  auto total = c.query(count_sql, params);
  if (!total.ok()) return std::move(total).error();
  static const std::string sql = std::string(kIncidentColumns) + std::string(kWhere) +
                                 "ORDER BY i.occurred_at DESC, i.id DESC LIMIT $9 OFFSET $10";
  params.push_back(q.limit);
  params.push_back(q.offset);
  auto rows = c.query(sql, params);
  if (!rows.ok()) return std::move(rows).error();
  Page<Incident> out;
  out.total = total->i64(0, 0);
  for (std::size_t i = 0; i < rows->size(); ++i) {
    FENGHUO_ASSIGN(x, incident_of(c, *rows, i));
    out.items.push_back(std::move(x));
  }
  return out;
}

Result<bool> org_received_incident(db::Connection& c, std::int64_t incident_id,
                                   std::int64_t org_id) {
  auto rows = c.query(
      "SELECT 1 FROM report_deliveries d JOIN reports r ON r.id = d.report_id "
      "WHERE r.incident_id = $1 AND d.org_id = $2 LIMIT 1",
      {incident_id, org_id});
  if (!rows.ok()) return std::move(rows).error();
  return !rows->empty();
}

Status insert_level(db::Connection& c, std::int64_t incident_id, const LevelChange& l) {
  auto n = c.execute(
      "INSERT INTO incident_levels (incident_id, level, reason, source, at, by_name) "
      "VALUES ($1, $2, $3, $4, $5, $6)",
      {incident_id, l.level, l.reason, l.source, l.at, l.by});
  return n.status();
}

Result<std::vector<LevelChange>> levels_of(db::Connection& c, std::int64_t incident_id) {
  return db::query_all(
      c,
      "SELECT level, reason, source, at, by_name FROM incident_levels WHERE incident_id = $1 "
      "ORDER BY id",
      {incident_id}, [](const db::Rows& r, std::size_t i) {
        return LevelChange{r.text(i, 0), r.text(i, 1), r.text(i, 2), r.i64(i, 3), r.text(i, 4)};
      });
}

Status insert_intake(db::Connection& c, std::int64_t incident_id, const Intake& x) {
  auto n = c.execute(
      "INSERT INTO incident_intakes (incident_id, at, by_name, reporting_unit, reporter_name, "
      "reporter_phone, description, from_incident) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {incident_id, x.at, x.by, x.reporting_unit, x.reporter_name, x.reporter_phone, x.description,
       opt(x.from_incident)});
  return n.status();
}

Result<std::vector<Intake>> intakes_of(db::Connection& c, std::int64_t incident_id) {
  return db::query_all(
      c,
      "SELECT at, by_name, reporting_unit, reporter_name, reporter_phone, description, "
      "from_incident FROM incident_intakes WHERE incident_id = $1 ORDER BY at, id",
      {incident_id}, [](const db::Rows& r, std::size_t i) {
        return Intake{r.i64(i, 0),  r.text(i, 1), r.text(i, 2),   r.text(i, 3),
                      r.text(i, 4), r.text(i, 5), r.opt_i64(i, 6)};
      });
}

Status move_intakes(db::Connection& c, std::int64_t from, std::int64_t into) {
  auto n = c.execute(
      "UPDATE incident_intakes SET incident_id = $2, from_incident = $1 WHERE incident_id = $1",
      {from, into});
  return n.status();
}

Status insert_event(db::Connection& c, std::int64_t incident_id, const TimelineEntry& e) {
  auto n = c.execute(
      "INSERT INTO incident_events (incident_id, at, actor, org_name, action, detail) "
      "VALUES ($1, $2, $3, $4, $5, $6)",
      {incident_id, e.at, e.actor, e.org_name, e.action, e.detail});
  return n.status();
}

Result<std::vector<TimelineEntry>> events_of(db::Connection& c, std::int64_t incident_id) {
  return db::query_all(
      c,
      "SELECT at, actor, org_name, action, detail FROM incident_events WHERE incident_id = $1 "
      "ORDER BY at, id",
      {incident_id}, [](const db::Rows& r, std::size_t i) {
        return TimelineEntry{r.i64(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4)};
      });
}

Result<std::vector<Attachment>> files(db::Connection& c, const std::vector<std::int64_t>& ids) {
  std::vector<Attachment> out;
  for (auto id : ids) {
    FENGHUO_ASSIGN(f, storage::file_in(c, id));
    if (!f) return Error::validation("attachments", "file " + std::to_string(id) + " not found");
    out.push_back({f->id, f->name, f->type, f->size});
  }
  return out;
}

Result<std::vector<std::int64_t>> incidents_attaching(db::Connection& c, std::int64_t file_id) {
  // attachments_json is written by id_json only: "[1,2,3]", no spaces.
  std::string id = std::to_string(file_id);
  return db::query_all(
      c,
      "SELECT id FROM incidents WHERE attachments_json = $1 OR attachments_json LIKE $2 "
      "OR attachments_json LIKE $3 OR attachments_json LIKE $4 ORDER BY id",
      {"[" + id + "]", "[" + id + ",%", "%," + id + ",%", "%," + id + "]"},
      [](const db::Rows& r, std::size_t i) { return r.i64(i, 0); });
}

Result<std::int64_t> insert_report(db::Connection& c, const Report& r) {
  auto rows = c.query(
      "INSERT INTO reports (incident_id, kind, seq, org_id, status, content_json, level, due_at, "
      "created_by, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
      "$10, $10, 1) RETURNING id",
      {r.incident_id, r.kind, r.seq, r.org_id, r.status, boost::json::serialize(to_json(r.content)),
       r.level, opt(r.due_at), r.created_by, r.created_at});
  if (!rows.ok()) return std::move(rows).error();
  return rows->i64(0, 0);
}

Status update_report(db::Connection& c, const Report& r, std::int64_t expected_version) {
  auto n = c.execute(
      "UPDATE reports SET kind = $2, seq = $3, status = $4, content_json = $5, level = $6, "
      "due_at = $7, sent_at = $8, updated_at = $9, version = version + 1 "
      "WHERE id = $1 AND version = $10",
      {r.id, r.kind, r.seq, r.status, boost::json::serialize(to_json(r.content)), r.level,
       opt(r.due_at), opt(r.sent_at), r.updated_at, expected_version});
  if (!n.ok()) return n.error();
  if (*n == 1) return {};
  return db::version_miss(c, "SELECT version FROM reports WHERE id = $1", r.id, "the report");
}

Result<Report> find_report(db::Connection& c, std::int64_t id) {
  static const std::string sql = std::string(kReportColumns) + "WHERE r.id = $1";
  auto rows = c.query(sql, {id});
  if (!rows.ok()) return std::move(rows).error();
  if (rows->empty()) return Error::not_found("report not found");
  Report r = report_of(*rows, 0);
  FENGHUO_TRY(fill_report(c, r));
  return r;
}

Result<std::vector<Report>> reports_of(db::Connection& c, std::int64_t incident_id) {
  static const std::string sql =
      std::string(kReportColumns) + "WHERE r.incident_id = $1 ORDER BY r.created_at, r.id";
  auto rows = c.query(sql, {incident_id});
  if (!rows.ok()) return std::move(rows).error();
  std::vector<Report> out;
  for (std::size_t i = 0; i < rows->size(); ++i) {
    Report r = report_of(*rows, i);
    FENGHUO_TRY(fill_report(c, r));
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::int64_t> next_seq(db::Connection& c, std::int64_t incident_id, std::int64_t org_id,
                              const std::string& kind) {
  auto rows = c.query(
      "SELECT COALESCE(MAX(seq), 0) + 1 FROM reports WHERE incident_id = $1 AND org_id = $2 "
      "AND kind = $3",
      {incident_id, org_id, kind});
  if (!rows.ok()) return std::move(rows).error();
  return rows->i64(0, 0);
}

Status insert_comment(db::Connection& c, std::int64_t report_id, const Comment& x) {
  auto n = c.execute(
      "INSERT INTO report_comments (report_id, at, by_name, action, text) "
      "VALUES ($1, $2, $3, $4, $5)",
      {report_id, x.at, x.by, x.action, x.text});
  return n.status();
}

Status insert_delivery(db::Connection& c, std::int64_t report_id, const Delivery& d) {
  auto n = c.execute(
      "INSERT INTO report_deliveries (report_id, org_id, from_org_id, kind, sent_at, sent_by, "
      "relay_due_at, skip_level) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
      "ON CONFLICT (report_id, org_id) DO NOTHING",
      {report_id, d.org_id, d.from_org_id, d.kind, d.sent_at, d.sent_by, opt(d.relay_due_at),
       std::int64_t{d.skip_level ? 1 : 0}});
  return n.status();
}

Status insert_correction(db::Connection& c, std::int64_t report_id, const Correction& x) {
  return c.execute(kInsertCorrection, {report_id, x.at, x.by, x.field, x.old_value, x.new_value})
      .status();
}

Status mark_submitted(db::Connection& c, std::int64_t report_id, std::optional<std::int64_t> at) {
  return c.execute(kMarkSubmitted, {report_id, opt(at)}).status();
}

Result<std::vector<AwaitingApproval>> awaiting_approval(db::Connection& c,
                                                        std::int64_t submitted_before) {
  return db::query_all(
      c, kAwaitingApproval, {submitted_before}, [](const db::Rows& r, std::size_t i) {
        return AwaitingApproval{r.i64(i, 0),  r.i64(i, 1),  r.i64(i, 2), r.text(i, 3),
                                r.text(i, 4), r.text(i, 5), r.i64(i, 6), r.opt_i64(i, 7)};
      });
}

Result<bool> mark_approval_texted(db::Connection& c, std::int64_t report_id, std::int64_t now) {
  auto n = c.execute(kMarkApprovalTexted, {report_id, now});
  if (!n.ok()) return std::move(n).error();
  return *n == 1;
}

Result<bool> sign_delivery(db::Connection& c, std::int64_t report_id, std::int64_t org_id,
                           std::int64_t at, const std::string& by) {
  auto n = c.execute(
      "UPDATE report_deliveries SET signed_at = $3, signed_by = $4 WHERE report_id = $1 "
      "AND org_id = $2 AND signed_at IS NULL",
      {report_id, org_id, at, by});
  if (!n.ok()) return std::move(n).error();
  return *n == 1;
}

Status mark_relayed(db::Connection& c, std::int64_t report_id, std::int64_t org_id,
                    std::int64_t at) {
  auto n = c.execute(
      "UPDATE report_deliveries SET relayed_at = $3 WHERE report_id = $1 AND org_id = $2 "
      "AND relayed_at IS NULL",
      {report_id, org_id, at});
  return n.status();
}

Status set_report_due(db::Connection& c, std::int64_t report_id, std::int64_t due_at,
                      std::int64_t now) {
  auto n = c.execute(
      "UPDATE reports SET due_at = $2, overdue_notified_at = NULL, updated_at = $3, "
      "version = version + 1 WHERE id = $1 AND status <> 'sent'",
      {report_id, due_at, now});
  return n.status();
}

Result<std::vector<PendingRelay>> pending_relays(db::Connection& c, std::int64_t incident_id) {
  return db::query_all(
      c,
      "SELECT d.report_id, r.kind, d.org_id, d.relay_due_at FROM report_deliveries d "
      "JOIN reports r ON r.id = d.report_id WHERE r.incident_id = $1 AND d.kind = 'up' "
      "AND d.relayed_at IS NULL ORDER BY d.id",
      {incident_id}, [](const db::Rows& r, std::size_t i) {
        return PendingRelay{r.i64(i, 0), r.text(i, 1), r.i64(i, 2), r.opt_i64(i, 3)};
      });
}

Status set_relay_due(db::Connection& c, std::int64_t report_id, std::int64_t org_id,
                     std::int64_t due_at) {
  auto n = c.execute(
      "UPDATE report_deliveries SET relay_due_at = $3, relay_notified_at = NULL "
      "WHERE report_id = $1 AND org_id = $2 AND relayed_at IS NULL",
      {report_id, org_id, due_at});
  return n.status();
}

Result<Page<Report>> box(db::Connection& c, const BoxFilter& f) {
  std::string where;
  std::vector<Param> params;
  std::string order = "r.due_at, r.id";
  if (f.box == "drafts" || f.box == "approval" || f.box == "outbox") {
    where = f.box == "drafts"     ? "r.org_id = $1 AND r.status IN ('draft', 'returned') "
            : f.box == "approval" ? "r.org_id = $1 AND r.status = 'pending' "
                                  : "r.org_id = $1 AND r.status = 'sent' ";
    if (f.box == "outbox") order = "r.sent_at DESC, r.id DESC";
    params = {f.org_id};
  } else if (f.box == "inbox") {
    where =
        "EXISTS (SELECT 1 FROM report_deliveries d WHERE d.report_id = r.id AND d.org_id = $1) ";
    order =
        "(SELECT CASE WHEN d.signed_at IS NULL THEN 0 ELSE 1 END FROM report_deliveries d "
        "WHERE d.report_id = r.id AND d.org_id = $1), r.sent_at DESC, r.id DESC";
    params = {f.org_id};
  } else if (f.box == "unsigned") {
    // Delivered here and not signed for yet (待签收).
    where =
        "EXISTS (SELECT 1 FROM report_deliveries d WHERE d.report_id = r.id AND d.org_id = $1 "
        "AND d.signed_at IS NULL) ";
    order = "r.sent_at, r.id";
    params = {f.org_id};
  } else if (f.box == "overdue" || f.box == "due_soon") {
    // Unsent reports of organisations in the jurisdiction.
    where = f.box == "overdue"
                ? "r.status <> 'sent' AND r.due_at < $1 AND o.region_code LIKE $2 "
                : "r.status <> 'sent' AND r.due_at >= $1 AND r.due_at < $1 + 3600000 "
                  "AND o.region_code LIKE $2 ";
    params = {f.now, f.region_pattern};
  } else {
    return Error::validation(
        "box", "box must be drafts, approval, outbox, inbox, unsigned, overdue or due_soon");
  }
  auto total = c.query(
      "SELECT COUNT(*) FROM reports r JOIN incidents i ON i.id = r.incident_id "
      "LEFT JOIN organisations o ON o.id = r.org_id WHERE " +
          where,
      params);
  if (!total.ok()) return std::move(total).error();
  params.push_back(f.limit);
  params.push_back(f.offset);
  auto rows =
      c.query(std::string(kReportColumns) + "WHERE " + where + "ORDER BY " + order + " LIMIT $" +
                  std::to_string(params.size() - 1) + " OFFSET $" + std::to_string(params.size()),
              params);
  if (!rows.ok()) return std::move(rows).error();
  Page<Report> out;
  out.total = total->i64(0, 0);
  for (std::size_t i = 0; i < rows->size(); ++i) {
    Report r = report_of(*rows, i);
    FENGHUO_TRY(fill_report(c, r));
    out.items.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<Overdue>> overdue_unnotified(db::Connection& c, std::int64_t now) {
  std::vector<Overdue> out;
  auto rows = c.query(
      "SELECT r.id, r.org_id, r.incident_id, i.title, i.region_code, r.kind, r.due_at "
      "FROM reports r JOIN incidents i ON i.id = r.incident_id WHERE r.status <> 'sent' "
      "AND r.due_at < $1 AND r.overdue_notified_at IS NULL ORDER BY r.due_at LIMIT 200",
      {now});
  if (!rows.ok()) return std::move(rows).error();
  for (std::size_t i = 0; i < rows->size(); ++i) {
    out.push_back({rows->i64(i, 0), rows->i64(i, 1), rows->i64(i, 2), rows->text(i, 3),
                   rows->text(i, 4), rows->text(i, 5), rows->i64(i, 6), false});
  }
  auto relays = c.query(
      "SELECT r.id, d.org_id, r.incident_id, i.title, i.region_code, r.kind, d.relay_due_at "
      "FROM report_deliveries d JOIN reports r ON r.id = d.report_id "
      "JOIN incidents i ON i.id = r.incident_id WHERE d.relayed_at IS NULL "
      "AND d.relay_due_at < $1 AND d.relay_notified_at IS NULL ORDER BY d.relay_due_at LIMIT 200",
      {now});
  if (!relays.ok()) return std::move(relays).error();
  for (std::size_t i = 0; i < relays->size(); ++i) {
    out.push_back({relays->i64(i, 0), relays->i64(i, 1), relays->i64(i, 2), relays->text(i, 3),
                   relays->text(i, 4), relays->text(i, 5), relays->i64(i, 6), true});
  }
  return out;
}

Result<bool> mark_notified(db::Connection& c, const Overdue& o, std::int64_t now) {
  auto n = o.relay ? c.execute(
                         "UPDATE report_deliveries SET relay_notified_at = $3 "
                         "WHERE report_id = $1 AND org_id = $2 AND relay_notified_at IS NULL",
                         {o.report_id, o.org_id, now})
                   : c.execute(
                         "UPDATE reports SET overdue_notified_at = $2 WHERE id = $1 "
                         "AND overdue_notified_at IS NULL",
                         {o.report_id, now});
  if (!n.ok()) return std::move(n).error();
  return *n == 1;
}

Result<std::optional<std::int64_t>> parent_org(db::Connection& c, std::int64_t org_id) {
  return identity::parent_organisation_in(c, org_id);
}

Result<OrgRow> org(db::Connection& c, std::int64_t org_id) {
  FENGHUO_ASSIGN(o, identity::organisation_in(c, org_id));
  if (!o) return Error::not_found("organisation not found");
  return OrgRow{o->id, std::move(o->name), std::move(o->region), std::move(o->type), o->parent_id};
}

}  // namespace fenghuo::incidents::store

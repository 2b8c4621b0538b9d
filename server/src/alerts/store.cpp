#include "alerts/store.h"

#include <boost/json.hpp>

#include "db/query.h"

namespace fenghuo::alerts::store {
namespace {

using db::Param;

Param opt(const std::optional<std::int64_t>& v) { return v ? Param(*v) : Param(nullptr); }

std::int64_t id_of(const db::Rows& r, std::size_t i) { return r.i64(i, 0); }

// ---- warnings ---------------------------------------------------------------------------
constexpr std::string_view kAlertColumns =
    "SELECT a.id, a.level, a.state, a.superseded_by, a.state_reason, a.from_cap, a.cap_json, "
    "a.created_by, a.created_at, a.updated_at, a.version, a.issuer_org_id, a.issuer, "
    "COALESCE(io.name, '') FROM alerts a LEFT JOIN organisations io ON io.id = a.issuer_org_id ";
// Visible to the caller: a region inside the jurisdiction ($1 LIKE pattern), or one whose
// area holds the caller's region ($2 the caller's region code).
constexpr std::string_view kVisible =
    "EXISTS (SELECT 1 FROM alert_regions r WHERE r.alert_id = a.id AND "
    "(r.region_code LIKE $1 OR $2 LIKE r.prefix || '%')) ";
// A list's filter: $3 level, $4 text, $5 active (-1 any) at $6, $7 unacknowledged by.
constexpr std::string_view kMatching =
    "AND ($3 = '' OR a.level = $3) AND ($4 = '' OR a.headline LIKE '%' || $4 || '%' "
    "OR a.event LIKE '%' || $4 || '%') AND ($5 < 0 OR ($5 = 1) = (a.state = 'active' "
    "AND a.msg_type <> 'Cancel' AND (a.expires_at IS NULL OR a.expires_at > $6))) "
    "AND ($7 = 0 OR EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.alert_id = a.id "
    "AND d.user_id = $7 AND d.acknowledged_at IS NULL)) ";
constexpr std::string_view kAlertRegions =
    "SELECT r.region_code, COALESCE(g.name, r.region_code) FROM alert_regions r "
    "LEFT JOIN regions g ON g.code = r.region_code WHERE r.alert_id = $1 ORDER BY r.region_code";
constexpr std::string_view kInsertAlert =
    "INSERT INTO alerts (identifier, sender, sent_at, status, msg_type, level, event, headline, "
    "source, effective_at, expires_at, min_lon, min_lat, max_lon, max_lat, state, state_reason, "
    "from_cap, cap_json, original_xml, created_by, created_at, updated_at, version, "
    "issuer_org_id, issuer) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
    "$14, $15, $16, $17, $18, $19, $20, $21, $22, $22, 1, $23, $24) RETURNING id";
constexpr std::string_view kInsertAlertRegion =
    "INSERT INTO alert_regions (alert_id, region_code, prefix) VALUES ($1, $2, $3)";
constexpr std::string_view kIdsByReference =
    "SELECT id FROM alerts WHERE identifier = $1 AND sender = $2 AND id <> $3 ORDER BY id";
constexpr std::string_view kLevelsByReference =
    "SELECT level FROM alerts WHERE identifier = $1 AND sender = $2";
constexpr std::string_view kCountAll = "SELECT COUNT(*) FROM alerts";
constexpr std::string_view kSupersede =
    "UPDATE alerts SET state = $2, superseded_by = $3, state_reason = $4, updated_at = $5, "
    "version = version + 1 WHERE id = $1";
constexpr std::string_view kCancel =
    "UPDATE alerts SET state = 'cancelled', state_reason = $2, updated_at = $3, "
    "version = version + 1 WHERE id = $1 AND state = 'active'";
constexpr std::string_view kExpiredIds =
    "SELECT id FROM alerts WHERE state = 'active' AND expires_at IS NOT NULL AND expires_at <= $1 "
    "ORDER BY id LIMIT $2";
constexpr std::string_view kExpire =
    "UPDATE alerts SET state = 'expired', updated_at = $2, version = version + 1 "
    "WHERE id = $1 AND state = 'active'";
Alert alert_of(const db::Rows& r, std::size_t i) {
  Alert a;
  a.id = r.i64(i, 0);
  a.level = r.text(i, 1);
  a.state = state_of(r.text(i, 2));
  a.superseded_by = r.opt_i64(i, 3);
  a.state_reason = r.text(i, 4);
  a.from_cap = r.i64(i, 5) != 0;
  boost::system::error_code ec;
  auto cap = boost::json::parse(r.text(i, 6), ec);
  if (!ec && cap.is_object()) a.cap = cap_from_json(cap.as_object());
  a.created_by = r.text(i, 7);
  a.created_at = r.i64(i, 8);
  a.updated_at = r.i64(i, 9);
  a.version = r.i64(i, 10);
  a.issuer_org_id = r.opt_i64(i, 11);
  a.issuer = r.text(i, 12);
  a.issuer_org_name = r.text(i, 13);
  return a;
}

std::vector<Param> filter_params(const AlertFilter& f) {
  return {f.visible.pattern,  f.visible.region, f.level, f.text, std::int64_t{f.active}, f.now,
          f.unacknowledged_by};
}

// ---- deliveries -------------------------------------------------------------------------
constexpr std::string_view kDeliveryColumns =
    "SELECT d.user_id, d.org_id, o.name, o.region_code, COALESCE(g.name, ''), d.delivered_at, "
    "d.acknowledged_at, d.sms_at, d.sms_error, d.escalated_at FROM alert_deliveries d "
    "JOIN organisations o ON o.id = d.org_id LEFT JOIN regions g ON g.code = o.region_code ";
constexpr std::string_view kInsertDelivery =
    "INSERT INTO alert_deliveries (alert_id, user_id, org_id, delivered_at) "
    "VALUES ($1, $2, $3, $4) ON CONFLICT (alert_id, user_id) DO NOTHING";
constexpr std::string_view kAcknowledge =
    "UPDATE alert_deliveries SET acknowledged_at = $3 WHERE alert_id = $1 AND user_id = $2 "
    "AND acknowledged_at IS NULL";
constexpr std::string_view kSmsDue =
    "SELECT d.alert_id, d.user_id FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id "
    "WHERE d.acknowledged_at IS NULL AND a.state = 'active' AND d.sms_at IS NULL "
    "AND d.delivered_at <= $1 ORDER BY d.delivered_at LIMIT $2";
constexpr std::string_view kEscalationDue =
    "SELECT d.alert_id, d.user_id FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id "
    "WHERE d.acknowledged_at IS NULL AND a.state = 'active' AND d.escalated_at IS NULL "
    "AND d.delivered_at <= $1 ORDER BY d.delivered_at LIMIT $2";
constexpr std::string_view kSmsSent =
    "UPDATE alert_deliveries SET sms_at = $3, sms_error = '' WHERE alert_id = $1 AND user_id = $2";
constexpr std::string_view kSmsFailed =
    "UPDATE alert_deliveries SET sms_error = $3 WHERE alert_id = $1 AND user_id = $2";
constexpr std::string_view kMyAcks =
    "SELECT alert_id, acknowledged_at FROM alert_deliveries WHERE user_id = $1 "
    "AND alert_id BETWEEN $2 AND $3";
constexpr std::string_view kEscalate =
    "UPDATE alert_deliveries SET escalated_at = $3 WHERE alert_id = $1 AND user_id = $2 "
    "AND escalated_at IS NULL";

Delivery delivery_of(const db::Rows& r, std::size_t i) {
  Delivery d;
  d.user_id = r.i64(i, 0);
  d.org_id = r.i64(i, 1);
  d.org_name = r.text(i, 2);
  d.region = r.text(i, 3);
  d.region_name = r.text(i, 4);
  d.delivered_at = r.i64(i, 5);
  d.acknowledged_at = r.opt_i64(i, 6);
  d.sms_at = r.opt_i64(i, 7);
  d.sms_error = r.text(i, 8);
  d.escalated_at = r.opt_i64(i, 9);
  return d;
}

DeliveryKey key_of(const db::Rows& r, std::size_t i) { return {r.i64(i, 0), r.i64(i, 1)}; }

}  // namespace

// ---- warnings ---------------------------------------------------------------------------
Result<std::optional<Alert>> find_alert(db::Connection& c, const Visibility& v, std::int64_t id) {
  static const std::string sql =
      std::string(kAlertColumns) + "WHERE a.id = $3 AND " + std::string(kVisible);
  return db::query_one(c, sql, {v.pattern, v.region, id}, alert_of);
}

Result<std::vector<std::pair<std::string, std::string>>> alert_regions(db::Connection& c,
                                                                       std::int64_t id) {
  return db::query_all(c, kAlertRegions, {id}, [](const db::Rows& r, std::size_t i) {
    return std::make_pair(r.text(i, 0), r.text(i, 1));
  });
}

Result<std::int64_t> insert_alert(db::Connection& c, const Alert& a, const std::optional<Box>& box,
                                  const std::string& original_xml) {
  const CapInfo* info = a.shown();
  auto edge = [&](double Box::*side) { return box ? Param((*box).*side) : Param(nullptr); };
  FENGHUO_ASSIGN(id, db::query_one(c, kInsertAlert,
                                   {a.cap.identifier,
                                    a.cap.sender,
                                    a.cap.sent,
                                    a.cap.status,
                                    a.cap.msg_type,
                                    a.level,
                                    info ? info->event : std::string(),
                                    info ? info->headline : std::string(),
                                    a.cap.source,
                                    opt(info ? info->effective : std::nullopt),
                                    opt(a.expires_at()),
                                    edge(&Box::min_lon),
                                    edge(&Box::min_lat),
                                    edge(&Box::max_lon),
                                    edge(&Box::max_lat),
                                    std::string(state_name(a.state)),
                                    a.state_reason,
                                    std::int64_t{a.from_cap ? 1 : 0},
                                    boost::json::serialize(to_json(a.cap)),
                                    original_xml,
                                    a.created_by,
                                    a.created_at,
                                    opt(a.issuer_org_id),
                                    a.issuer},
                                   id_of));
  if (!id) return Error::internal("the warning was not stored");
  return *id;
}

Status insert_alert_region(db::Connection& c, std::int64_t alert_id, const std::string& code,
                           const std::string& prefix) {
  return c.execute(kInsertAlertRegion, {alert_id, code, prefix}).status();
}

Result<std::vector<std::int64_t>> ids_by_reference(db::Connection& c, const std::string& identifier,
                                                   const std::string& sender, std::int64_t except) {
  return db::query_all(c, kIdsByReference, {identifier, sender, except}, id_of);
}

Result<std::vector<std::string>> levels_by_reference(db::Connection& c,
                                                     const std::string& identifier,
                                                     const std::string& sender) {
  return db::query_all(c, kLevelsByReference, {identifier, sender},
                       [](const db::Rows& r, std::size_t i) { return r.text(i, 0); });
}

Result<std::int64_t> count_alerts(db::Connection& c) {
  FENGHUO_ASSIGN(n, db::query_one(c, kCountAll, std::span<const Param>(), id_of));
  return n.value_or(0);
}

Status supersede(db::Connection& c, std::int64_t id, AlertState state, std::int64_t by,
                 const std::string& reason, std::int64_t now) {
  return c.execute(kSupersede, {id, std::string(state_name(state)), by, reason, now}).status();
}

Result<std::int64_t> cancel_alert(db::Connection& c, std::int64_t id, const std::string& reason,
                                  std::int64_t now) {
  return c.execute(kCancel, {id, reason, now});
}

Result<std::vector<std::int64_t>> expired_ids(db::Connection& c, std::int64_t now,
                                              std::int64_t limit) {
  return db::query_all(c, kExpiredIds, {now, limit}, id_of);
}

Result<std::int64_t> expire_alert(db::Connection& c, std::int64_t id, std::int64_t now) {
  return c.execute(kExpire, {id, now});
}

Result<std::int64_t> count_alerts(db::Connection& c, const AlertFilter& f) {
  static const std::string sql =
      "SELECT COUNT(*) FROM alerts a WHERE " + std::string(kVisible) + std::string(kMatching);
  auto params = filter_params(f);
  FENGHUO_ASSIGN(n, db::query_one(c, sql, params, id_of));
  return n.value_or(0);
}

Result<std::vector<std::int64_t>> list_alert_ids(db::Connection& c, const AlertFilter& f) {
  static const std::string sql = "SELECT a.id FROM alerts a WHERE " + std::string(kVisible) +
                                 std::string(kMatching) +
                                 "ORDER BY a.sent_at DESC, a.id DESC LIMIT $8 OFFSET $9";
  auto params = filter_params(f);
  params.emplace_back(f.limit);
  params.emplace_back(f.offset);
  return db::query_all(c, sql, params, id_of);
}

// ---- deliveries -------------------------------------------------------------------------
Status insert_delivery(db::Connection& c, std::int64_t alert_id, std::int64_t user_id,
                       std::int64_t org_id, std::int64_t now) {
  return c.execute(kInsertDelivery, {alert_id, user_id, org_id, now}).status();
}

Result<std::optional<Delivery>> find_delivery(db::Connection& c, std::int64_t alert_id,
                                              std::int64_t user_id) {
  static const std::string sql =
      std::string(kDeliveryColumns) + "WHERE d.alert_id = $1 AND d.user_id = $2";
  return db::query_one(c, sql, {alert_id, user_id}, delivery_of);
}

Result<std::vector<Delivery>> deliveries_in(db::Connection& c, std::int64_t alert_id,
                                            const std::string& region_pattern) {
  static const std::string sql =
      std::string(kDeliveryColumns) +
      "WHERE d.alert_id = $1 AND o.region_code LIKE $2 ORDER BY o.region_code, o.id, d.user_id";
  return db::query_all(c, sql, {alert_id, region_pattern}, delivery_of);
}

Result<std::int64_t> acknowledge(db::Connection& c, std::int64_t alert_id, std::int64_t user_id,
                                 std::int64_t now) {
  return c.execute(kAcknowledge, {alert_id, user_id, now});
}

Result<std::vector<DeliveryKey>> sms_due(db::Connection& c, std::int64_t before,
                                         std::int64_t limit) {
  return db::query_all(c, kSmsDue, {before, limit}, key_of);
}

Result<std::vector<DeliveryKey>> escalation_due(db::Connection& c, std::int64_t before,
                                                std::int64_t limit) {
  return db::query_all(c, kEscalationDue, {before, limit}, key_of);
}

Status sms_sent(db::Connection& c, const DeliveryKey& k, std::int64_t now) {
  return c.execute(kSmsSent, {k.alert_id, k.user_id, now}).status();
}

Status sms_failed(db::Connection& c, const DeliveryKey& k, const std::string& error) {
  return c.execute(kSmsFailed, {k.alert_id, k.user_id, error}).status();
}

Result<std::int64_t> escalate(db::Connection& c, const DeliveryKey& k, std::int64_t now) {
  return c.execute(kEscalate, {k.alert_id, k.user_id, now});
}

Result<std::vector<MyAck>> my_acks(db::Connection& c, std::int64_t user_id, std::int64_t from_id,
                                   std::int64_t to_id) {
  return db::query_all(c, kMyAcks, {user_id, from_id, to_id}, [](const db::Rows& r, std::size_t i) {
    return MyAck{r.i64(i, 0), r.opt_i64(i, 1)};
  });
}

}  // namespace fenghuo::alerts::store

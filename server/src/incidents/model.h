#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "incidents/grading.h"

namespace fenghuo::incidents {

struct Attachment {
  std::int64_t id = 0;
  std::string name;
  std::string type;
  std::int64_t size = 0;
};

// An incident (事件) as taken in by a duty room.
struct Incident {
  std::int64_t id = 0;
  std::string title;
  std::string type;
  std::string type_name;
  std::string category;
  std::string grading;  // the type's grading scheme: names its levels (level_name)
  std::int64_t occurred_at = 0;
  std::int64_t received_at = 0;
  std::optional<double> lon, lat;
  std::string region;
  std::string region_name;
  std::string address;
  std::int64_t deaths = 0, missing = 0, injured = 0, seriously_injured = 0, trapped = 0;
  double direct_loss_yuan = 0;
  // Grading inputs of natural-disaster types.
  std::optional<double> forest_area_ha, grassland_area_ha, magnitude;
  bool dense_population = false;
  std::optional<std::int64_t> people_to_relocate;
  std::optional<double> potential_loss_yuan;
  // Forest and grassland fires: the circumstances of 森林防火条例 art. 32 (GRADING §1e) that
  // call for a report at once, beyond level and casualties (fire_condition_names).
  std::vector<std::string> fire_conditions;
  std::string description;
  bool drill = false;
  std::string reporting_unit, reporter_name, reporter_phone;
  std::vector<Attachment> attachments;
  std::string level = "IV";
  std::string level_reason;
  std::string level_source = "rules";  // rules | override
  std::string status = "received";     // received | responding | closed | merged
  std::optional<std::int64_t> merged_into;
  // The monitoring alarm it was made from (转事件), if any; set at intake only.
  std::optional<std::int64_t> source_alarm_id;
  std::int64_t org_id = 0;
  std::string org_name;
  std::string created_by;
  std::int64_t created_at = 0, updated_at = 0;
  std::int64_t version = 1;
  std::optional<std::int64_t> next_due_at;  // the owning org's earliest unsent report

  GradingInputs grading_inputs() const;
};

// The fields an intake or an edit may set. Unknown fields are refused; errors name the field.
// `attachment_ids` receives the ids of "attachments" when given.
Status apply_input(Incident& x, const boost::json::object& in, bool creating,
                   std::optional<std::vector<std::int64_t>>* attachment_ids);

boost::json::object to_json(const Incident& x, std::int64_t now_ms);

// The content of a report (条例 art. 12).
struct ReportContent {
  std::string unit, occurred_at, place, summary;
  std::int64_t deaths = 0, missing = 0, injured = 0, seriously_injured = 0, trapped = 0;
  double direct_loss_yuan = 0;
  std::string measures, other, reporter_name, reporter_phone;
};
boost::json::object to_json(const ReportContent& c);
ReportContent content_of(const boost::json::object& o);                 // lenient: stored JSON
Status apply_content(ReportContent& c, const boost::json::object& in);  // strict: input
// The text fields of a report's content (what an approver may correct), and their values.
const std::vector<std::string>& content_text_fields();
std::string content_text(const ReportContent& c, std::string_view field);  // "" when unknown

struct Comment {
  std::int64_t at = 0;
  std::string by, action, text;
};

struct Delivery {
  std::int64_t org_id = 0;
  std::string org_name;
  std::int64_t from_org_id = 0;
  std::string kind;  // up | forward
  std::int64_t sent_at = 0;
  std::string sent_by;
  std::optional<std::int64_t> signed_at;
  std::string signed_by;
  std::optional<std::int64_t> relay_due_at, relayed_at;
  bool skip_level = false;  // 越级上报: sent up past the sender's direct superior
};

// A change the approver made to a submitted report instead of returning it.
struct Correction {
  std::int64_t at = 0;
  std::string by, field, old_value, new_value;
};

// A report (首报 first, 续报 update, 终报 final, 补报 supplement) of one organisation.
struct Report {
  std::int64_t id = 0;
  std::int64_t incident_id = 0;
  std::string incident_title;
  std::string incident_region;
  bool drill = false;
  std::string kind;
  std::int64_t seq = 1;
  std::int64_t org_id = 0;
  std::string org_name;
  std::string status = "draft";  // draft | pending | returned | approved | sent
  ReportContent content;
  std::string level;
  std::string grading;  // the incident type's grading scheme
  std::optional<std::int64_t> due_at, sent_at;
  std::vector<Comment> comments;
  std::vector<Delivery> deliveries;
  std::vector<Correction> corrections;
  std::optional<std::int64_t> submitted_at;  // when it last went to the duty leader
  std::string created_by;
  std::int64_t created_at = 0, updated_at = 0;
  std::int64_t version = 1;

  bool overdue(std::int64_t now_ms) const;
};
boost::json::object to_json(const Report& r, std::int64_t now_ms);

// The circumstances a duty officer may state for a forest or grassland fire, with their names:
// border, settlements, burning_24h, primeval_forest, provincial_boundary, national_support.
std::string_view fire_condition_name(std::string_view code);  // "" when unknown
// Why a fire must be reported at once (GRADING §1e), empty when it need not or x is no fire.
std::vector<std::string> at_once_reasons(const Incident& x);
// The level whose time limits a report of x follows: 1 (特别重大) when it must be reported at
// once, else its level's rank.
int reporting_rank(const Incident& x);

// first, update, final, supplement, phone (电话报告).
bool is_report_kind(std::string_view kind);
std::string_view report_kind_name(std::string_view kind);  // 首报 ...
std::string_view status_name(std::string_view status);     // 接报 ...

}  // namespace fenghuo::incidents

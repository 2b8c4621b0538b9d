#include "monitoring/rules.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>

#include "monitoring/catalogue.h"

namespace fenghuo::monitoring {
namespace {

constexpr std::size_t kMaxRules = 8;
constexpr std::size_t kMaxThresholds = 4;

Result<double> finite_number(const boost::json::object& o, std::string_view key,
                             const std::string& field, bool required, double fallback) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) {
    if (required) return Error::validation(field, field + " is required");
    return fallback;
  }
  if (!v->is_number()) return Error::validation(field, field + " must be a number");
  double d = v->to_number<double>();
  if (!std::isfinite(d)) return Error::validation(field, field + " must be a finite number");
  return d;
}

Result<std::string> level_field(const boost::json::object& o, const std::string& field) {
  const auto* v = o.if_contains("level");
  if (v == nullptr || !v->is_string() || level_rank(v->as_string()) == 0) {
    return Error::validation(field, field + " must be red, orange, yellow or blue");
  }
  return std::string(v->as_string());
}

Result<Rule> parse_rule(const boost::json::value& json, const std::string& at) {
  if (!json.is_object()) return Error::validation(at, at + " must be an object");
  const auto& o = json.as_object();
  const auto* kind = o.if_contains("kind");
  std::string_view k = kind != nullptr && kind->is_string() ? std::string_view(kind->as_string())
                                                            : std::string_view();
  Rule r;
  if (k == "above")
    r.kind = Rule::Kind::kAbove;
  else if (k == "below")
    r.kind = Rule::Kind::kBelow;
  else if (k == "rate")
    r.kind = Rule::Kind::kRate;
  else if (k == "silence")
    r.kind = Rule::Kind::kSilence;
  else
    return Error::validation(at + ".kind", at + ".kind must be above, below, rate or silence");

  for (const auto& [name, value] : o) {
    static constexpr std::string_view kAllowed[] = {"kind",       "thresholds", "deadband",
                                                    "window_min", "minutes",    "level"};
    if (std::find(std::begin(kAllowed), std::end(kAllowed), name) == std::end(kAllowed)) {
      return Error::validation(at + "." + std::string(name),
                               at + "." + std::string(name) + " is not a rule field");
    }
  }

  if (r.kind == Rule::Kind::kSilence) {
    FENGHUO_ASSIGN(minutes, finite_number(o, "minutes", at + ".minutes", true, 0));
    if (minutes < 1 || minutes > 7 * 24 * 60 || minutes != std::floor(minutes)) {
      return Error::validation(at + ".minutes",
                               at + ".minutes must be a whole number from 1 to 10080");
    }
    r.minutes = static_cast<int>(minutes);
    FENGHUO_ASSIGN(level, level_field(o, at + ".level"));
    r.level = std::move(level);
    return r;
  }

  FENGHUO_ASSIGN(deadband, finite_number(o, "deadband", at + ".deadband", false, 0));
  if (deadband < 0)
    return Error::validation(at + ".deadband", at + ".deadband must not be negative");
  r.deadband = deadband;
  if (r.kind == Rule::Kind::kRate) {
    FENGHUO_ASSIGN(window, finite_number(o, "window_min", at + ".window_min", false, 60));
    if (window < 1 || window > 24 * 60 || window != std::floor(window)) {
      return Error::validation(at + ".window_min",
                               at + ".window_min must be a whole number from 1 to 1440");
    }
    r.window_min = static_cast<int>(window);
  }
  const auto* list = o.if_contains("thresholds");
  if (list == nullptr || !list->is_array() || list->as_array().empty() ||
      list->as_array().size() > kMaxThresholds) {
    return Error::validation(at + ".thresholds",
                             at + ".thresholds must list 1 to 4 levels with their values");
  }
  for (std::size_t i = 0; i < list->as_array().size(); ++i) {
    std::string t_at = at + ".thresholds[" + std::to_string(i) + "]";
    const auto& item = list->as_array()[i];
    if (!item.is_object()) return Error::validation(t_at, t_at + " must be an object");
    FENGHUO_ASSIGN(level, level_field(item.as_object(), t_at + ".level"));
    FENGHUO_ASSIGN(value, finite_number(item.as_object(), "value", t_at + ".value", true, 0));
    if (r.kind == Rule::Kind::kRate && value <= 0) {
      return Error::validation(t_at + ".value", t_at + ".value must be a positive change");
    }
    r.thresholds.push_back({std::move(level), value});
  }
  // Levels in rising severity; a more severe level must lie further out.
  std::sort(r.thresholds.begin(), r.thresholds.end(), [](const Threshold& a, const Threshold& b) {
    return level_rank(a.level) < level_rank(b.level);
  });
  for (std::size_t i = 1; i < r.thresholds.size(); ++i) {
    const auto& lower = r.thresholds[i - 1];
    const auto& higher = r.thresholds[i];
    bool outward =
        r.kind == Rule::Kind::kBelow ? higher.value < lower.value : higher.value > lower.value;
    if (level_rank(lower.level) == level_rank(higher.level) || !outward) {
      return Error::validation(
          at + ".thresholds", at + ".thresholds: each level once, a more severe level further out");
    }
  }
  return r;
}

}  // namespace

std::string_view kind_name(Rule::Kind kind) {
  switch (kind) {
    case Rule::Kind::kAbove:
      return "above";
    case Rule::Kind::kBelow:
      return "below";
    case Rule::Kind::kRate:
      return "rate";
    case Rule::Kind::kSilence:
      return "silence";
  }
  return "above";
}

Result<std::vector<Rule>> parse_rules(const boost::json::value& json) {
  if (!json.is_array() || json.as_array().size() > kMaxRules) {
    return Error::validation("rules", "rules must be an array of at most 8 rules");
  }
  std::vector<Rule> rules;
  for (std::size_t i = 0; i < json.as_array().size(); ++i) {
    FENGHUO_ASSIGN(rule, parse_rule(json.as_array()[i], "rules[" + std::to_string(i) + "]"));
    for (const auto& other : rules) {
      if (other.kind == rule.kind) {
        return Error::validation("rules[" + std::to_string(i) + "].kind",
                                 "one rule of each kind per metric (levels go in thresholds)");
      }
    }
    rules.push_back(std::move(rule));
  }
  return rules;
}

boost::json::array rules_json(const std::vector<Rule>& rules) {
  boost::json::array out;
  for (const auto& r : rules) {
    boost::json::object o{{"kind", kind_name(r.kind)}};
    if (r.kind == Rule::Kind::kSilence) {
      o["minutes"] = r.minutes;
      o["level"] = r.level;
    } else {
      boost::json::array thresholds;
      for (const auto& t : r.thresholds)
        thresholds.push_back({{"level", t.level}, {"value", t.value}});
      o["thresholds"] = std::move(thresholds);
      o["deadband"] = r.deadband;
      if (r.kind == Rule::Kind::kRate) o["window_min"] = r.window_min;
    }
    out.push_back(std::move(o));
  }
  return out;
}

void RuleEngine::configure(std::int64_t station, int metric, std::vector<Rule> rules,
                           std::int64_t now) {
  auto& s = series_[key(station, metric)];
  std::vector<int> levels(rules.size(), 0);
  for (std::size_t i = 0; i < rules.size(); ++i) {
    for (std::size_t j = 0; j < s.levels.size(); ++j) {
      if ((*s.rules)[j].kind == rules[i].kind) levels[i] = s.levels[j];
    }
  }
  s.rules = std::make_shared<const std::vector<Rule>>(std::move(rules));
  s.levels = std::move(levels);
  if (s.since == 0) s.since = now;
}

void RuleEngine::remove(std::int64_t station, int metric) { series_.erase(key(station, metric)); }

bool RuleEngine::configured(std::int64_t station, int metric) const {
  return series_.contains(key(station, metric));
}

void RuleEngine::seed_level(std::int64_t station, int metric, Rule::Kind rule, int level) {
  auto it = series_.find(key(station, metric));
  if (it == series_.end()) return;
  for (std::size_t i = 0; i < it->second.levels.size(); ++i) {
    if ((*it->second.rules)[i].kind == rule) it->second.levels[i] = level;
  }
}

void RuleEngine::seed_history(std::int64_t station, int metric,
                              const std::vector<std::pair<std::int64_t, double>>& readings) {
  auto it = series_.find(key(station, metric));
  if (it == series_.end()) return;
  Series& s = it->second;
  for (const auto& [ts, value] : readings) {
    if (!s.window.empty() && ts <= s.window.back().ts) continue;
    s.window.push_back({ts, value, (s.window.empty() ? 0 : s.window.back().total) + value});
  }
  if (!s.window.empty()) seed_last(station, metric, s.window.back().ts, s.window.back().value);
}

void RuleEngine::seed_last(std::int64_t station, int metric, std::int64_t ts, double value) {
  auto it = series_.find(key(station, metric));
  if (it == series_.end() || ts <= it->second.last_ts) return;
  it->second.last_ts = ts;
  it->second.last_value = value;
}

std::optional<std::int64_t> RuleEngine::last(std::int64_t station, int metric) const {
  auto it = series_.find(key(station, metric));
  if (it == series_.end() || it->second.last_ts < 0) return std::nullopt;
  return it->second.last_ts;
}

std::optional<std::pair<std::int64_t, double>> RuleEngine::last_reading(std::int64_t station,
                                                                        int metric) const {
  auto it = series_.find(key(station, metric));
  if (it == series_.end() || it->second.last_ts < 0) return std::nullopt;
  return std::make_pair(it->second.last_ts, it->second.last_value);
}

std::vector<std::pair<std::pair<std::int64_t, int>, std::vector<Rule>>> RuleEngine::all() const {
  std::vector<std::pair<std::pair<std::int64_t, int>, std::vector<Rule>>> out;
  out.reserve(series_.size());
  for (const auto& [k, s] : series_) {
    out.push_back({{static_cast<std::int64_t>(k >> 16), static_cast<int>(k & 0xffff)}, *s.rules});
  }
  return out;
}

void RuleEngine::save(std::uint64_t k, const Series& s) {
  if (in_batch_) saved_.try_emplace(k, s);
}

void RuleEngine::begin_batch() {
  saved_.clear();
  in_batch_ = true;
}

void RuleEngine::rollback_batch() {
  for (auto& [k, s] : saved_) series_[k] = std::move(s);
  saved_.clear();
  in_batch_ = false;
}

void RuleEngine::commit_batch() {
  saved_.clear();
  in_batch_ = false;
}

void RuleEngine::on_reading(std::int64_t station, int metric, std::int64_t ts, double value,
                            std::vector<Transition>& out) {
  auto k = key(station, metric);
  auto it = series_.find(k);
  if (it == series_.end() || ts <= it->second.last_ts) return;
  Series& s = it->second;
  save(k, s);
  s.last_ts = ts;
  s.last_value = value;

  // How much history this series keeps: its rate rules' windows, and a day for a metric that
  // others are summed from.
  const Metric* self = find_metric(metric);
  int keep_min = 0;
  for (const auto& rule : *s.rules) {
    if (rule.kind == Rule::Kind::kRate) keep_min = std::max(keep_min, rule.window_min);
  }
  std::vector<const Metric*> derived;
  if (self != nullptr) {
    for (const auto& m : metrics()) {
      if (m.source == self->code) {
        keep_min = std::max(keep_min, m.window_min);
        if (configured(station, m.id)) derived.push_back(&m);
      }
    }
  }
  if (keep_min > 0) {
    s.window.push_back({ts, value, (s.window.empty() ? 0 : s.window.back().total) + value});
    const std::int64_t from = ts - std::int64_t{keep_min} * 60000;
    while (!s.window.empty() && s.window.front().ts < from) s.window.pop_front();
  } else {
    s.window.clear();
  }
  // The first point at or after `from`.
  auto first_from = [&](std::int64_t from) {
    return std::lower_bound(s.window.begin(), s.window.end(), from,
                            [](const Series::Point& p, std::int64_t t) { return p.ts < t; });
  };

  for (std::size_t i = 0; i < s.levels.size(); ++i) {
    const Rule& rule = (*s.rules)[i];
    int current = s.levels[i];
    int target = 0;
    double threshold = 0;
    if (rule.kind == Rule::Kind::kSilence) {
      target = 0;  // a reading ends a silence
    } else {
      double measured = value;
      bool measurable = true;
      if (rule.kind == Rule::Kind::kRate) {
        auto first = first_from(ts - std::int64_t{rule.window_min} * 60000);
        measurable = s.window.end() - first >= 2;
        if (measurable) measured = std::abs(value - first->value);
      }
      if (measurable) {
        for (const auto& t : rule.thresholds) {
          int rank = level_rank(t.level);
          bool crossed, held;
          if (rule.kind == Rule::Kind::kBelow) {
            crossed = measured <= t.value;
            held = current >= rank && measured < t.value + rule.deadband;
          } else {
            crossed = measured >= t.value;
            held = current >= rank && measured > t.value - rule.deadband;
          }
          if ((crossed || held) && rank > target) {
            target = rank;
            threshold = t.value;
          }
        }
      } else {
        target = current;
      }
    }
    if (target == current) continue;
    if (target == 0) {
      for (const auto& t : rule.thresholds) {
        if (level_rank(t.level) == current) threshold = t.value;
      }
    }
    s.levels[i] = target;
    out.push_back({station, metric, rule.kind, current, target, value, threshold, ts});
  }

  // The sums computed from this metric: readings within (ts - window, ts].
  std::vector<std::pair<int, double>> sums;
  for (const Metric* m : derived) {
    auto first = first_from(ts - std::int64_t{m->window_min} * 60000 + 1);
    if (first == s.window.end()) continue;
    double sum = s.window.back().total - (first->total - first->value);
    sums.emplace_back(m->id, std::round(std::max(0.0, sum) * 1000) / 1000);
  }
  // `s` may move when the derived series are touched: nothing of it is used below.
  for (const auto& [id, sum] : sums) on_reading(station, id, ts, sum, out);
}

void RuleEngine::check_silence(std::int64_t now, std::vector<Transition>& out) {
  for (auto& [k, s] : series_) {
    for (std::size_t i = 0; i < s.levels.size(); ++i) {
      const Rule& rule = (*s.rules)[i];
      if (rule.kind != Rule::Kind::kSilence || s.levels[i] != 0) continue;
      std::int64_t since = s.last_ts >= 0 ? s.last_ts : s.since;
      std::int64_t quiet = now - since;
      if (quiet < std::int64_t{rule.minutes} * 60000) continue;
      save(k, s);
      s.levels[i] = level_rank(rule.level);
      out.push_back({static_cast<std::int64_t>(k >> 16), static_cast<int>(k & 0xffff), rule.kind, 0,
                     s.levels[i], static_cast<double>(quiet / 60000),
                     static_cast<double>(rule.minutes), now});
    }
  }
}

}  // namespace fenghuo::monitoring

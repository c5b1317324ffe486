#include "core/session/table_session.h"

#include "core/session/unit_explanation.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "core/friction/after_order_detectors.h"
#include "core/friction/click_detectors.h"
#include "core/friction/error_detector.h"
#include "core/friction/friction_context.h"
#include "core/friction/friction_settings.h"
#include "core/friction/navigation_detectors.h"
#include "core/friction/signals.h"
#include "core/ingest/file_schema_json.h"
#include "core/friction/friction_section.h"
#include "core/journey/property_check.h"
#include "core/report/journey_report.h"
#include "core/time_format.h"

namespace fl {

TableSession::TableSession(Analysis analysis, std::vector<FileSchema> schemas, int threads)
    : table_(std::move(analysis.table)),
      schemas_(std::move(schemas)),
      journey_(std::move(analysis.journey)),
      threads_(threads) {
  // The table's own warnings: a journey's go into its report only (BuildJourneyReport).
  ingest_warnings_ = table_.input.warnings;
}

absl::StatusOr<nlohmann::ordered_json> TableSession::Reanalyze(std::string_view journey) {
  std::string spec_text(journey);
  if (const char* builtin = BuiltinJourneyJson(spec_text)) spec_text = builtin;
  absl::StatusOr<JourneySpec> spec = ParseJourneySpec(spec_text);
  if (!spec.ok()) return spec.status();
  table_.input.warnings = ingest_warnings_;
  absl::StatusOr<nlohmann::ordered_json> report = BuildJourneyReport(*spec, &table_, threads_);
  if (!report.ok()) return report.status();
  journey_ = *std::move(spec);
  return report;
}

nlohmann::ordered_json TableSession::Files() const {
  nlohmann::ordered_json files = nlohmann::ordered_json::array();
  for (const FileSchema& schema : schemas_) files.push_back(FileSchemaToJson(schema));
  return files;
}

nlohmann::ordered_json TableSession::Preview(size_t limit) const {
  nlohmann::ordered_json columns = {"user", "time", "event", "session"};
  for (const PropertyColumn& p : table_.properties) columns.push_back(p.name);
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  const size_t n = std::min(limit, table_.size());
  uint32_t user = 0;
  for (size_t row = 0; row < n; ++row) {
    while (table_.user_begin[user + 1] <= row) ++user;
    nlohmann::ordered_json values = nlohmann::ordered_json::array();
    values.push_back(table_.users.Value(user));
    values.push_back(FormatIsoUtc(table_.time_ms[row]));
    values.push_back(table_.event_names.Value(table_.event[row]));
    values.push_back(table_.session[row]);
    for (const PropertyColumn& p : table_.properties) values.push_back(p.values.Value(p.ids[row]));
    rows.push_back(std::move(values));
  }
  return {{"columns", std::move(columns)}, {"rows", std::move(rows)}, {"total", table_.size()}};
}

nlohmann::ordered_json TableSession::Properties(size_t limit) const {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const PropertyColumn& p : table_.properties) {
    std::vector<int64_t> counts(p.values.size(), 0);
    for (uint32_t id : p.ids) ++counts[id];
    std::vector<uint32_t> order;
    for (uint32_t id = 1; id < counts.size(); ++id) {
      if (counts[id] > 0) order.push_back(id);
    }
    const size_t distinct = order.size();
    const size_t keep = std::min(limit, order.size());
    std::partial_sort(order.begin(), order.begin() + keep, order.end(), [&](uint32_t a, uint32_t b) {
      if (counts[a] != counts[b]) return counts[a] > counts[b];
      return p.values.Value(a) < p.values.Value(b);
    });
    nlohmann::ordered_json values = nlohmann::ordered_json::array();
    for (size_t i = 0; i < keep; ++i) values.push_back({{"value", p.values.Value(order[i])}, {"count", counts[order[i]]}});
    out.push_back({{"name", p.name},
                   {"filled", static_cast<int64_t>(table_.size()) - counts[0]},
                   {"distinct", distinct},
                   {"values", std::move(values)}});
  }
  return out;
}

absl::StatusOr<nlohmann::ordered_json> TableSession::UserTimeline(std::string_view user, size_t limit) const {
  const uint32_t u = table_.users.Find(user);
  if (u == Dictionary::kNotFound) {
    return absl::NotFoundError("user \"" + std::string(user) + "\" is not in the data");
  }
  const uint32_t begin = table_.user_begin[u], end = table_.user_begin[u + 1];

  // The friction detectors over this user's rows, as the friction analysis runs them.
  std::vector<std::vector<const SignalHit*>> hits_at(end - begin);
  std::vector<SignalHit> hits;
  absl::StatusOr<FrictionSettings> settings = FrictionSettingsOf(journey_);
  if (!settings.ok()) return settings.status();
  JourneySpec by_user = journey_;
  by_user.unit = CountingUnit::kUsers;
  absl::StatusOr<FrictionContext> ctx = BuildFrictionContext(*settings, by_user, table_);
  if (!ctx.ok()) return ctx.status();
  DetectRageClicks(*ctx, begin, end, &hits);
  DetectDeadClicks(*ctx, begin, end, &hits);
  DetectErrors(*ctx, begin, end, &hits);
  DetectQuickBacks(*ctx, begin, end, &hits);
  DetectAfterOrder(*ctx, begin, end, &hits);
  for (const SignalHit& hit : hits) {
    if (hit.row >= begin && hit.row < end) hits_at[hit.row - begin].push_back(&hit);
  }

  nlohmann::ordered_json events = nlohmann::ordered_json::array();
  for (uint32_t row = begin; row < end && row - begin < limit; ++row) {
    nlohmann::ordered_json steps = nlohmann::ordered_json::array();
    for (size_t s = 0; s < ctx->steps.step_count(); ++s) {
      if (ctx->steps.Matches(s, row)) steps.push_back(s);
    }
    nlohmann::ordered_json signals = nlohmann::ordered_json::array();
    for (const SignalHit* hit : hits_at[row - begin]) {
      signals.push_back({{"signal", SignalName(hit->kind)}, {"target", hit->target}});
    }
    nlohmann::ordered_json properties = nlohmann::ordered_json::object();
    for (const PropertyColumn& p : table_.properties) {
      const uint32_t id = p.ids[row];
      if (id != 0) properties[p.name] = p.values.Value(id);
    }
    events.push_back({{"time", FormatIsoUtc(table_.time_ms[row])},
                      {"event", table_.event_names.Value(table_.event[row])},
                      {"session", table_.session[row]},
                      {"steps", std::move(steps)},
                      {"signals", std::move(signals)},
                      {"properties", std::move(properties)}});
  }
  return nlohmann::ordered_json{{"user", std::string(user)}, {"total", end - begin}, {"events", std::move(events)}};
}

absl::StatusOr<nlohmann::ordered_json> TableSession::Explain(std::string_view user, size_t limit) const {
  absl::StatusOr<nlohmann::ordered_json> why = ExplainUser(journey_, table_, user);
  if (!why.ok()) return why.status();
  absl::StatusOr<nlohmann::ordered_json> timeline = UserTimeline(user, limit);
  if (!timeline.ok()) return timeline.status();
  nlohmann::ordered_json& events = (*timeline)["events"];
  for (auto& event : events) event["chain"] = nlohmann::ordered_json::array();
  for (const auto& unit : (*why)["units"]) {
    for (const auto& link : unit["chain"]) {
      if (!link.contains("index")) continue;  // a skipped optional step
      const size_t index = link["index"].get<size_t>();
      if (index < events.size()) events[index]["chain"].push_back({{"unit", unit["unit"]}, {"step", link["step"]}});
    }
  }
  (*why)["total"] = (*timeline)["total"];
  (*why)["events"] = std::move(events);
  return why;
}

}  // namespace fl

#ifndef FRICTIONLENS_CORE_SESSION_TABLE_SESSION_H_
#define FRICTIONLENS_CORE_SESSION_TABLE_SESSION_H_

// A read table kept for more questions, so that a journey changed in the workbench is
// re-run without reading the files again. Built from a finished Analyzer run:
//
//   absl::StatusOr<Analysis> a = analyzer->Finish();
//   TableSession session(*std::move(a), analyzer->schemas(), threads);
//   session.Reanalyze(R"({"steps": [{"name": "View", "event": "product_view"}, ...]})");
//
// Reanalyze gives byte for byte the report a fresh Analyzer gives for the same files
// and that journey. The other calls describe the table for choosing steps: the files'
// columns and roles, the first events, the property values present, one user's events.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/analyzer.h"
#include "core/event_table.h"
#include "core/ingest/event_table_builder.h"
#include "core/journey/journey_spec.h"
#include "nlohmann/json.hpp"

namespace fl {

class TableSession {
 public:
  TableSession(Analysis analysis, std::vector<FileSchema> schemas, int threads);

  // The report of `journey` (spec JSON text or a built-in name) on the kept table. A
  // bad spec fails with its JSON path and leaves the last journey in place.
  absl::StatusOr<nlohmann::ordered_json> Reanalyze(std::string_view journey);

  // What the reader found per file (FileSchemaToJson): format, columns and roles.
  nlohmann::ordered_json Files() const;

  // The first `limit` events in table order (user by user, each in time order):
  //   {"columns": ["user", "time", "event", "session", "device", ...],
  //    "rows": [["u1", "2026-11-01T00:00:00Z", "product_view", 0, "ios", ...], ...],
  //    "total": 198000}
  // A missing property is "". `session` is the event's session among its user's.
  nlohmann::ordered_json Preview(size_t limit) const;

  // Per property column, in column order: {"name", "filled" (events with a value),
  // "distinct", "values": [{"value", "count"}, ...]}, the `limit` most frequent values
  // first (ties by value): what a step's condition can be picked from.
  nlohmann::ordered_json Properties(size_t limit) const;

  // One user's events under the last journey, at most `limit` from the first:
  //   {"user": "u1", "total": 14, "events": [{"time", "event", "session",
  //     "steps": [0, 1] (journey steps the event matches),
  //     "signals": [{"signal": "rage_click", "target": "#apply-coupon"}],
  //     "properties": {"device": "android", ...}}, ...]}
  // Signals are those of the row-level detectors (rage, dead and error clicks, errors,
  // quick backs, after the order); loops and slow steps belong to stages, not events.
  // NOT_FOUND when the data has no such user.
  absl::StatusOr<nlohmann::ordered_json> UserTimeline(std::string_view user, size_t limit) const;

  // One user's story under the last journey (`frictionlens explain`): ExplainUser's units
  // (core/session/unit_explanation.h: the chain and why it stopped) and UserTimeline's
  // events, each marked with the units whose chain it is a step of:
  //   {"user", "journey", "units": [...], "total", "events": [{..., "chain": [{"unit": 1,
  //    "step": "Cart"}]}]}
  absl::StatusOr<nlohmann::ordered_json> Explain(std::string_view user, size_t limit) const;

  const JourneySpec& journey() const { return journey_; }
  const EventTable& table() const { return table_; }

 private:
  EventTable table_;
  std::vector<FileSchema> schemas_;
  std::vector<std::string> ingest_warnings_;  // the table's own, before any journey's
  JourneySpec journey_;
  int threads_;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_SESSION_TABLE_SESSION_H_

#ifndef FRICTIONLENS_CORE_JOURNEY_JOURNEY_SPEC_H_
#define FRICTIONLENS_CORE_JOURNEY_JOURNEY_SPEC_H_

// The journey spec: which steps make the funnel and how they are counted.
// JSON form documented in README "Journey spec" and schema/journey.schema.json.
// Parse errors name the JSON path: `steps[2].event: expected a string or an array`.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "core/json/json_reader.h"
#include "nlohmann/json.hpp"

namespace fl {

enum class FunnelOrder { kOrdered, kStrict, kAny };
enum class CountingUnit { kUsers, kSessions, kAttempts };
enum class Attribution { kFirstTouch, kLastTouch };

// One condition on a property: equals / in / prefix, optionally negated ("not").
struct PropertyPredicate {
  enum class Op { kIn, kPrefix };  // equals is kIn with one value
  std::string property;
  Op op = Op::kIn;
  std::vector<std::string> values;
  bool negate = false;
};

struct StepSpec {
  std::string name;
  std::vector<std::string> events;          // any of these event names
  std::vector<PropertyPredicate> where;     // all must hold
  bool optional = false;                    // may be skipped; skipping counts as passing
  std::optional<int64_t> window_ms;         // at most this long after the previous step
  std::optional<int64_t> min_gap_ms;        // at least this long after the previous step
};

// An event that, between two steps, ends the attempt (the unit drops at `from_step`).
struct ExclusionSpec {
  std::vector<std::string> events;
  std::vector<PropertyPredicate> where;
  int from_step = 0;  // 0-based step index; applies after this step is reached...
  int to_step = 0;    // ...and before this one is
};

struct BreakdownSpec {
  std::string property;  // empty = no breakdown
  Attribution attribution = Attribution::kFirstTouch;
  // Segments shown: the `top` largest by units entering; the rest add up in one
  // "(other)" segment, so that a property of 100,000 values makes 26 rows, not 100,000.
  int64_t top = 25;
};

struct JourneySpec {
  std::string name;
  int64_t window_ms = 0;
  FunnelOrder order = FunnelOrder::kOrdered;
  std::vector<StepSpec> steps;
  std::vector<ExclusionSpec> exclusions;
  std::vector<std::string> hold_constant;  // property names held equal across steps
  CountingUnit unit = CountingUnit::kUsers;
  // ClickHouse windowFunnel's modes (core/journey/window_funnel.h). `order: "strict"` is
  // not strict_order: it is PostHog's / Amplitude's / GA4's rule (nothing in between).
  bool strict_deduplication = false;
  bool strict_order = false;
  bool strict_increase = false;
  bool strict_once = false;    // one event advances the chain by one step at most
  bool allow_reentry = false;  // with strict_order: a step whose previous step was never
                               // reached is ignored instead of ending the search
  BreakdownSpec breakdown;
  std::string trend_bucket = "day";  // hour | day | week
  // The keys that belong to report sections ("friction", "value", "sections", ...), as
  // written (objects with their keys sorted), in the order the parser was given them.
  // Each section reads and checks its own (ParseJourneySpec, core/report/journey_sections.h,
  // also fills in their defaults); the journey itself never looks inside.
  nlohmann::ordered_json section_settings = nlohmann::ordered_json::object();

  // The journey's own keys re-serialised with every default filled in and in a fixed
  // order: two specs are the same journey (the same matcher, the same funnel) exactly
  // when these strings are equal, however their sections' settings are written.
  std::string CoreCanonicalJson() const;
  nlohmann::ordered_json CoreCanonicalObject() const;
  // CoreCanonicalJson followed by section_settings: the spec as applied, as the report
  // echoes it.
  std::string CanonicalJson() const;
};

// The journey's own keys; the keys in `section_keys` are kept as written in
// section_settings, any other key is refused. Use ParseJourneySpec
// (core/report/journey_sections.h) for a spec with its sections checked.
absl::StatusOr<JourneySpec> ParseJourneyCore(std::string_view json_text,
                                             absl::Span<const absl::string_view> section_keys = {});

// Built-in journeys by name ("store"); nullptr when unknown.
const char* BuiltinJourneyJson(std::string_view name);

// Errors in a journey spec read "journey: <path>: <reason>" (core/json/json_reader.h).
inline constexpr const char* kJourneyErrorPrefix = "journey: ";

// Durations: "30m", "1h", "14d", "90s", "500ms" or a number of seconds; errors by
// `reader` (the journey's by default).
absl::StatusOr<int64_t> ParseDurationMs(const nlohmann::json& value, std::string_view path);
absl::StatusOr<int64_t> ParseDurationMs(const nlohmann::json& value, std::string_view path,
                                        const JsonReader& reader);

const char* FunnelOrderName(FunnelOrder order);
const char* CountingUnitName(CountingUnit unit);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_JOURNEY_JOURNEY_SPEC_H_

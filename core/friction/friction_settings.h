#ifndef FRICTIONLENS_CORE_FRICTION_FRICTION_SETTINGS_H_
#define FRICTIONLENS_CORE_FRICTION_FRICTION_SETTINGS_H_

// The detector and scoring settings, read from the journey spec's "friction" object
// (and "value" for the order value). Every field has a documented default; the
// report echoes the effective settings. Full reference: docs/friction.md.
//
//   "friction": {"rage_click": "mixpanel", "dead_click": {"timeout": "1s"},
//                "segments": ["device", "country"]}
//
// Presets (each explicit field overrides its preset's value):
//   rage_click  posthog (default): 3 clicks, each < 30 px (Manhattan) and < 1 s from the previous
//               mixpanel: 4 clicks, each < 30 px (Euclidean) and < 1 s from the previous
//               amplitude: 4 clicks on one target, first to last < 1 s
//               datadog:   more than 3 (so 4) clicks on one target in a 1 s sliding window
//               sentry:    3 clicks on one target, first to last < 7 s
//   dead_click  posthog (default) 2.5 s, mixpanel 0.5 s, amplitude 3 s, sentry 7 s

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/friction/signals.h"
#include "nlohmann/json.hpp"

namespace fl {

// Which event and properties the click and page detectors read.
struct FrictionColumns {
  std::string click_event = "click";
  std::string x = "x";
  std::string y = "y";
  std::string target = "target";
  std::string page = "page";
  std::string order_id = "order_id";
  // Form fields: an error event carrying a field is named by its field (and form), so the
  // point says "errors (checkout form, field #postcode)", not the event's name. The
  // default form column falls back to GA4's form_id, then form_name (also event_params.*).
  std::string form = "form";
  std::string field = "field";
};

struct RageClickSettings {
  bool enabled = true;
  std::string preset = "posthog";
  int clicks = 3;                 // clicks that make a burst
  int64_t max_gap_ms = 1000;      // chain rule: each click < this after the previous (0 = off)
  int64_t window_ms = 0;          // window rule: first to last click < this (0 = off)
  double max_distance_px = 30;    // each click < this from the previous (0 = off)
  bool euclidean = false;         // distance: Euclidean, else Manhattan (|dx| + |dy|)
  bool same_target = false;       // clicks of a burst must share the target property
  std::vector<std::string> labelled_events = {"$rageclick", "rage_click"};
  // Clicks that were meant (each filter's removals are counted in the report):
  // - answered: every click of the burst is followed, before the next click and within
  //   this long, by an answer event: a stepper, pagination or a carousel (0 = off);
  int64_t answered_within_ms = 1000;
  // - answer events: empty = any event that is not a click, a click label or an error;
  std::vector<std::string> answer_events;
  // - text selection: a burst of at most 3 clicks (a double or triple click) followed,
  //   before the next click and within selection_within_ms, by one of these events;
  std::vector<std::string> selection_events = {"text_selected", "selection", "$selection", "copy",
                                               "$copy_autocapture"};
  int64_t selection_within_ms = 1000;
  // - targets never rage-clicked (glob patterns on the target; PostHog's
  //   `ph-no-rageclick` class).
  std::vector<std::string> ignore_targets = {"*ph-no-rageclick*", "*fl-no-rageclick*"};
};

struct DeadClickSettings {
  bool enabled = true;
  std::string preset = "posthog";
  int64_t timeout_ms = 2500;  // a response at most this long after the click saves it
  std::vector<std::string> response_events;  // empty: any event that is not a click
  std::vector<std::string> labelled_events = {"$dead_click", "dead_click"};
};

struct ErrorSettings {
  bool enabled = true;
  // Event names or glob patterns (* and ?).
  std::vector<std::string> events = {"js_error", "*_error", "error", "$exception",
                                     "payment_declined"};
  std::vector<std::string> status_properties = {"status", "http_status"};
  int64_t min_status = 500;
  int64_t click_window_ms = 1000;  // the last click at most this long before an error
};

struct LoopSettings {
  bool enabled = true;
  std::vector<std::string> repeat_events;  // events whose repetition within a stage is a retry
};

struct SlowStepSettings {
  bool enabled = true;
  int64_t threshold_ms = 0;  // 0: use the step's percentile instead
  double percentile = 90;    // nearest-rank, over units that reached the step
};

struct QuickBackSettings {
  bool enabled = true;
  int64_t within_ms = 10000;
};

struct AfterOrderSettings {
  bool enabled = true;
  // The step that is "the order" (step name). Empty: the first step with an event
  // named like an order (*order*, *purchase*, *transaction*, *checkout_complete*),
  // else the journey's last step.
  std::string order_step;
  std::string promised_property = "promised_at";
  int64_t late_grace_ms = 0;  // late when delivered > promised + grace
  std::vector<std::string> delivered_events = {"delivered"};
  std::vector<std::string> failed_delivery_events = {"delivery_failed"};
  std::vector<std::string> refund_events = {"refund_requested", "return_requested"};
  std::vector<std::string> support_events = {"support_contact"};
  std::vector<std::string> review_events = {"review"};
  std::string score_property = "score";
  double low_score = 2;  // a review with score <= this is low
  // What "converting" means after the order. Empty event: ordering again (an event of
  // the order step later than the order). Otherwise an `outcome_event` later than the
  // order, with `outcome_property` >= `outcome_min` when a property is given.
  std::string outcome_event;
  std::string outcome_property;
  double outcome_min = 0;
  std::string outcome_label = "order again";   // "29% order again vs 40%"
  std::string outcome_noun = "repeat orders";  // "about 12 lost repeat orders"
};

struct FrictionSettings {
  FrictionColumns columns;
  RageClickSettings rage_click;
  DeadClickSettings dead_click;
  ErrorSettings error;
  LoopSettings loops;
  SlowStepSettings slow_step;
  QuickBackSettings quick_back;
  AfterOrderSettings after_order;
  std::vector<std::string> segments;  // empty: every property with <= max_segment_values values
  int max_segment_values = 20;
  std::array<double, kSignalKindCount> weights = {3, 1, 0, 2, 1, 1, 1, 1, 2, 3, 2, 1, 2};
  // What a point compares before the order: "order" (reaching the order step: the
  // total effect, and the one money follows) or "next_step" (reaching the step being
  // worked towards: the direct effect). After the order: always the outcome.
  bool compare_next_step = false;
  // Units whose conversion window is still open at the end of the data count as not
  // converted (yet) on both sides by default, which keeps the comparison fair when the
  // signal does not change when units arrive; true leaves them out before the order.
  bool exclude_in_progress = false;
  int64_t min_affected = 30;     // below this on either side: not enough data
  double merge_jaccard = 0.8;    // same stage and target, overlap >= this: one point
  int max_targets = 20;          // per (stage, signal), the most affected targets
  int max_points = 100;          // points listed in the report (all are tested)
  double alpha = 0.05;           // significant when q < alpha
  std::string conversion_noun = "orders";  // "about 359 lost orders"
  std::string value_property = "price";    // from the spec's "value"
  // From the spec's "experiment" block, when there is one: each point is also counted
  // per variant (variant_friction.h). Not a friction setting, so not in its JSON.
  std::string variant_property;
  std::string variant_control;  // empty: the first variant by name
};

// Reads the spec's "friction" object and "value" (null, a property name, or
// {"property": "price"}). Errors name the JSON path: `friction.rage_click.clicks: ...`.
absl::StatusOr<FrictionSettings> ParseFrictionSettings(const nlohmann::json& friction,
                                                       const nlohmann::json& value);

// The vendor presets in a fixed order: a rage or dead click hit keeps, as bit i, whether
// preset i's rule finds the same signal at the same stage and target (robustness).
inline constexpr const char* kRagePresets[] = {"posthog", "mixpanel", "amplitude", "datadog", "sentry"};
inline constexpr int kRagePresetCount = 5;
inline constexpr const char* kDeadPresets[] = {"posthog", "mixpanel", "amplitude", "sentry"};
inline constexpr int kDeadPresetCount = 4;
// `base` with one preset's rule (clicks, gap, window, distance, same target); the
// labels and the filters of clicks that were meant stay base's.
RageClickSettings RagePresetRule(const std::string& preset, const RageClickSettings& base);
// `base` with one preset's timeout.
DeadClickSettings DeadPresetRule(const std::string& preset, const DeadClickSettings& base);

// The effective settings, every default filled in, keys in a fixed order.
nlohmann::ordered_json FrictionSettingsToJson(const FrictionSettings& settings);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FRICTION_FRICTION_SETTINGS_H_

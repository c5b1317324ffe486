#ifndef FRICTIONLENS_CORE_FRICTION_FRICTION_RESULT_H_
#define FRICTIONLENS_CORE_FRICTION_FRICTION_RESULT_H_

// What a finalized friction analysis says; rendered to the report's `friction`
// section by FrictionResultToJson (core/friction/friction_analysis.h).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/friction/friction_settings.h"
#include "core/stats/intervals.h"

namespace fl {

// Where a significant point concentrates: among the affected units, the share with
// property = value, and how much more common that is than in the whole population
// that reached the stage (lift = affected share / population share).
struct SegmentConcentration {
  std::string property;
  std::string value;
  int64_t affected_count = 0;
  double affected_share = 0;
  double population_share = 0;
  double lift = 0;
  Interval lift_ci95;  // Wilson interval of the affected share / population share
};

// One variant of the spec's experiment at one friction point ("did B remove the rage
// clicks at checkout?"): among the variant's units compared at the point's stage, how
// many the point affects, and the conversions it costs in that variant, against the
// variant's own unaffected units.
struct VariantFriction {
  std::string variant;
  int64_t units = 0;         // the variant's units compared at the stage
  int64_t affected = 0;
  double affected_share = 0;
  Interval affected_share_ci95;  // Wilson
  double affected_conversion = 0;
  double baseline_conversion = 0;
  bool enough_data = false;  // >= min_affected units on both sides within the variant
  double lost_conversions = 0;
  Interval lost_conversions_ci95;
  double lost_per_1000 = 0;  // lost conversions per 1,000 units compared at the stage
  Interval lost_per_1000_ci95;
};

// A variant against the control at one point.
struct VariantFrictionDifference {
  std::string variant;
  double affected_share_difference = 0;  // variant - control
  Interval affected_share_difference_ci95;  // Newcombe
  double p_value = 1;                        // two-proportion z test
  bool lost_numbers = false;                 // both variants have enough data
  double lost_per_1000_difference = 0;       // variant - control
  Interval lost_per_1000_difference_ci95;    // normal approximation, see variant_friction.h
  // "B: 6.0% affected vs 12.0% in A (-6.0 pp, 95% CI -8.5 to -3.5)"
  std::string sentence;
};

// Robustness of a rage or dead click point: of its affected units, how many one vendor
// preset's rule also finds with that signal at the same stage and target.
struct PresetAgreement {
  std::string signal;  // rage_click | dead_click
  std::string preset;  // posthog, mixpanel, amplitude, datadog, sentry
  int64_t affected = 0;
  bool found = false;  // at least half of the point's affected units
};

struct FrictionPoint {
  // Stage s < order step + 1: the unit had reached step s - 1 and was working towards
  // step s; named after the step reached ("Checkout"), stage 0 "Before <first step>".
  // Stage order step + 1: "After the order".
  int stage_index = 0;
  std::string stage;
  std::string next_step;     // the step being worked towards; empty after the order
  std::string signal;        // the main signal (most affected units among the merged ones)
  std::vector<std::string> labels;  // every signal merged into this point
  std::string target;        // empty: every target of the signal at this stage
  int64_t affected = 0;
  int64_t baseline = 0;      // unaffected units that reached the same stage
  std::string compare;       // what the conversions below are: order | next_step | outcome
  int64_t affected_converted = 0;
  int64_t baseline_converted = 0;
  double affected_conversion = 0;
  double baseline_conversion = 0;
  double affected_order = 0;       // reached the order (after it: the outcome)
  double baseline_order = 0;
  double affected_next_step = 0;   // reached the next step (after the order: the outcome)
  double baseline_next_step = 0;
  int64_t left_after = 0;    // affected units that reached no further step (window closed)
  bool enough_data = false;  // >= min_affected units on both sides
  // The rest is meaningful only with enough data (null in JSON otherwise).
  double difference = 0;     // affected_conversion - baseline_conversion
  Interval difference_ci95;
  double lost_conversions = 0;  // affected x (baseline - affected conversion)
  Interval lost_conversions_ci95;
  bool has_revenue = false;
  double revenue_at_risk = 0;   // lost conversions x average order value
  Interval revenue_at_risk_ci95;
  double p_value = 1;        // computed for every point (Fisher's test when small)
  std::string test;          // "z" or "fisher"
  std::optional<double> q_value;  // Benjamini-Hochberg over the points with enough data
  bool significant = false;  // enough data and q < alpha
  std::vector<SegmentConcentration> segments;  // significant points only, top 3 by lift
  std::vector<std::string> examples;           // up to 5 smallest user ids
  // Rage and dead click points: every preset of each of the point's click signals, and in
  // words: "rage clicks found under 5 of 5 vendor rules (PostHog, ...)".
  std::vector<PresetAgreement> presets;
  std::string found_under;
  // With an experiment in the spec: per variant (by name), and each against the control.
  std::vector<VariantFriction> by_variant;
  std::vector<VariantFrictionDifference> variant_differences;
};

// Sessions by friction score at one stage (the stage at each session's last event).
struct SessionScoreRow {
  int stage_index = 0;
  std::string stage;
  int64_t sessions = 0;
  std::vector<int64_t> counts;  // per bucket of FrictionResult::score_buckets
  double mean_score = 0;
};

struct FrictionResult {
  FrictionSettings settings;
  std::vector<std::string> stages;  // names, index = stage_index
  std::string order_step;           // the step that is the order
  std::string outcome_label;        // what converting means after the order
  std::string outcome_noun;
  int64_t units = 0;
  int64_t units_in_progress = 0;    // left out of the comparisons before the order
  int64_t candidates = 0;           // points tested (all are in the BH family if enough data)
  int64_t tested = 0;               // points with enough data
  bool has_order_value = false;
  double average_order_value = 0;
  int64_t order_value_count = 0;
  // With an experiment in the spec: its variant property, the control, the variants by
  // name with their units, and the units whose events carry two variants (left out).
  std::string variant_property;
  std::string variant_control;
  std::vector<std::string> variants;
  std::vector<int64_t> variant_units;
  int64_t variant_mixed_units = 0;
  // Bursts that reached the rage rule but were clicks that were meant, by filter.
  int64_t rage_answered = 0, rage_text_selection = 0, rage_ignored_target = 0;
  std::vector<FrictionPoint> points;  // ranked, at most settings.max_points
  std::vector<std::string> score_buckets;  // "0", "1-2", "3-5", "6-9", "10+"
  std::vector<SessionScoreRow> session_scores;
  SessionScoreRow session_scores_total;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FRICTION_FRICTION_RESULT_H_

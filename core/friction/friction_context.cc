#include "core/friction/friction_context.h"

#include <algorithm>

#include <cmath>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "core/friction/property_values.h"

namespace fl {

namespace {

const std::string& EmptyString() {
  static const std::string* const kEmpty = new std::string();
  return *kEmpty;
}

bool MatchesAny(const std::vector<std::string>& patterns, std::string_view name) {
  for (const std::string& pattern : patterns) {
    if (GlobMatch(pattern, name)) return true;
  }
  return false;
}

}  // namespace

int DefaultOrderStep(const JourneySpec& spec) {
  static constexpr const char* kOrderNames[] = {"*order*", "*purchase*", "*transaction*",
                                                "*checkout_complete*"};
  for (size_t i = 0; i < spec.steps.size(); ++i) {
    for (const std::string& event : spec.steps[i].events) {
      const std::string lower = absl::AsciiStrToLower(event);
      for (const char* pattern : kOrderNames) {
        if (GlobMatch(pattern, lower)) return static_cast<int>(i);
      }
    }
  }
  return static_cast<int>(spec.steps.size()) - 1;
}

StepMatcher::StepMatcher(const JourneySpec& spec, const EventTable& table) : table_(&table) {
  for (const StepSpec& step_spec : spec.steps) {
    Step step;
    step.by_event.assign(table.event_names.size(), 0);
    for (const std::string& name : step_spec.events) {
      const uint32_t id = table.event_names.Find(name);
      if (id != Dictionary::kNotFound) step.by_event[id] = 1;
    }
    step.where = BindPredicates(step_spec.where, table);
    steps_.push_back(std::move(step));
  }
}

bool StepMatcher::Matches(size_t step, uint32_t row) const {
  const Step& s = steps_[step];
  if (!s.by_event[table_->event[row]]) return false;
  return AllPredicatesHold(s.where, *table_, row);
}

const std::string& FrictionContext::Value(int column, uint32_t row) const {
  if (column < 0) return EmptyString();
  const PropertyColumn& c = table->properties[column];
  return c.values.Value(c.ids[row]);
}

int64_t FrictionContext::ErrorStatus(uint32_t row) const {
  for (size_t i = 0; i < status_columns.size(); ++i) {
    const double v = status_number[i][table->properties[status_columns[i]].ids[row]];
    if (std::isfinite(v) && v >= static_cast<double>(settings->error.min_status)) {
      return static_cast<int64_t>(v);
    }
  }
  return 0;
}

absl::StatusOr<FrictionContext> BuildFrictionContext(const FrictionSettings& settings,
                                                     const JourneySpec& spec,
                                                     const EventTable& table) {
  if (spec.steps.empty()) return absl::InvalidArgumentError("steps: the journey has no steps");
  if (spec.steps.size() >= static_cast<size_t>(kMaxFrictionStage)) {
    return absl::InvalidArgumentError(
        absl::StrCat("steps: friction supports at most ", kMaxFrictionStage - 1, " steps"));
  }
  FrictionContext ctx;
  ctx.settings = &settings;
  ctx.spec = &spec;
  ctx.table = &table;
  const AfterOrderSettings& after = settings.after_order;
  ctx.order_step = DefaultOrderStep(spec);
  if (!after.order_step.empty()) {
    ctx.order_step = -1;
    for (size_t i = 0; i < spec.steps.size(); ++i) {
      if (spec.steps[i].name == after.order_step) ctx.order_step = static_cast<int>(i);
    }
    if (ctx.order_step < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "friction.after_order.order_step: no step is named \"", after.order_step, "\""));
    }
  }
  ctx.steps = StepMatcher(spec, table);

  const FrictionColumns& cols = settings.columns;
  ctx.any_response_is_non_click = settings.dead_click.response_events.empty();
  ctx.event_flags.assign(table.event_names.size(), 0);
  for (uint32_t id = 0; id < table.event_names.size(); ++id) {
    const std::string& name = table.event_names.Value(id);
    uint16_t f = 0;
    auto in = [&](const std::vector<std::string>& names) {
      for (const std::string& n : names) {
        if (n == name) return true;
      }
      return false;
    };
    const bool click = name == cols.click_event;
    if (click) f |= kFlagClick;
    if (settings.rage_click.enabled && in(settings.rage_click.labelled_events)) f |= kFlagRageLabel;
    if (settings.dead_click.enabled && in(settings.dead_click.labelled_events)) f |= kFlagDeadLabel;
    if (settings.error.enabled && MatchesAny(settings.error.events, name)) f |= kFlagErrorName;
    // SDK-made labels are not the page responding.
    const bool label = in(settings.rage_click.labelled_events) ||
                       in(settings.dead_click.labelled_events);
    if (ctx.any_response_is_non_click ? (!click && !label)
                                      : in(settings.dead_click.response_events)) {
      f |= kFlagResponse;
    }
    if (in(after.delivered_events)) f |= kFlagDelivered;
    if (in(after.failed_delivery_events)) f |= kFlagFailedDelivery;
    if (in(after.refund_events)) f |= kFlagRefund;
    if (in(after.support_events)) f |= kFlagSupport;
    if (in(after.review_events)) f |= kFlagReview;
    if (in(settings.loops.repeat_events)) f |= kFlagRepeat;
    if (!after.outcome_event.empty() && name == after.outcome_event) f |= kFlagOutcome;
    const std::vector<std::string>& answers = settings.rage_click.answer_events;
    if (answers.empty() ? !click && !label && !(f & kFlagErrorName) : in(answers)) f |= kFlagAnswer;
    if (in(settings.rage_click.selection_events)) f |= kFlagSelection;
    ctx.event_flags[id] = f;
  }

  auto column = [&](const std::string& name) { return name.empty() ? -1 : table.FindProperty(name); };
  ctx.x_column = column(cols.x);
  ctx.y_column = column(cols.y);
  ctx.target_column = column(cols.target);
  ctx.page_column = column(cols.page);
  ctx.order_id_column = column(cols.order_id);
  ctx.field_column = column(cols.field);
  ctx.form_column = column(cols.form);
  if (ctx.form_column < 0 && cols.form == FrictionColumns().form) {
    // GA4's names, as its events carry them and as its BigQuery export flattens them.
    for (const char* name : {"form_id", "form_name", "event_params.form_id", "event_params.form_name"}) {
      if (ctx.form_column < 0) ctx.form_column = column(name);
    }
  }
  ctx.promised_column = column(after.promised_property);
  ctx.score_column = column(after.score_property);
  ctx.value_column = column(settings.value_property);
  ctx.outcome_column = column(after.outcome_property);
  if (settings.rage_click.enabled) {
    for (const char* preset : kRagePresets) ctx.rage_presets.push_back(RagePresetRule(preset, settings.rage_click));
  }
  if (settings.dead_click.enabled) {
    for (const char* preset : kDeadPresets) ctx.dead_presets.push_back(DeadPresetRule(preset, settings.dead_click));
  }
  if (ctx.target_column >= 0 && !settings.rage_click.ignore_targets.empty()) {
    const Dictionary& targets = table.properties[ctx.target_column].values;
    ctx.rage_ignored_target.assign(targets.size(), 0);
    for (uint32_t id = 1; id < targets.size(); ++id) {
      ctx.rage_ignored_target[id] = MatchesAny(settings.rage_click.ignore_targets, targets.Value(id));
    }
  }
  if (ctx.x_column >= 0) ctx.x_number = NumbersByValueId(table.properties[ctx.x_column]);
  if (ctx.y_column >= 0) ctx.y_number = NumbersByValueId(table.properties[ctx.y_column]);
  if (ctx.score_column >= 0) ctx.score_number = NumbersByValueId(table.properties[ctx.score_column]);
  if (ctx.value_column >= 0) ctx.value_number = NumbersByValueId(table.properties[ctx.value_column]);
  if (ctx.outcome_column >= 0) {
    ctx.outcome_number = NumbersByValueId(table.properties[ctx.outcome_column]);
  }
  if (ctx.promised_column >= 0) ctx.promised_ms = TimesByValueId(table.properties[ctx.promised_column]);
  if (settings.error.enabled) {
    for (const std::string& name : settings.error.status_properties) {
      const int c = column(name);
      if (c < 0) continue;
      ctx.status_columns.push_back(c);
      ctx.status_number.push_back(NumbersByValueId(table.properties[c]));
    }
  }

  // Segment candidates: the named properties, or every property that is not one the
  // detectors read as a coordinate, id, element, time, score or amount (those are never
  // segments: "mostly field=#email" says where people were, not who they are).
  std::set<int> not_segments = {ctx.x_column,        ctx.y_column,       ctx.target_column,
                                ctx.page_column,     ctx.order_id_column, ctx.promised_column,
                                ctx.score_column,    ctx.value_column,   ctx.outcome_column,
                                ctx.form_column,     ctx.field_column};
  for (int c : ctx.status_columns) not_segments.insert(c);
  if (!settings.segments.empty()) {
    for (const std::string& name : settings.segments) {
      const int c = table.FindProperty(name);
      if (c >= 0) ctx.segment_columns.push_back(c);
    }
  } else {
    for (size_t c = 0; c < table.properties.size(); ++c) {
      if (!not_segments.count(static_cast<int>(c))) ctx.segment_columns.push_back(static_cast<int>(c));
    }
  }
  // Points are counted per variant from the units' variant segment, so the variant
  // property is a segment whatever `segments` names (a missing one: no variants).
  if (!settings.variant_property.empty()) {
    ctx.variant_column = table.FindProperty(settings.variant_property);
    if (ctx.variant_column >= 0 && std::find(ctx.segment_columns.begin(), ctx.segment_columns.end(),
                                             ctx.variant_column) == ctx.segment_columns.end()) {
      ctx.segment_columns.push_back(ctx.variant_column);
    }
  }
  return ctx;
}

}  // namespace fl

#ifndef FRICTIONLENS_CORE_FORMS_FORMS_SETTINGS_H_
#define FRICTIONLENS_CORE_FORMS_FORMS_SETTINGS_H_

// The spec's "forms" settings: which events are form events and which properties name
// the form and the field. The defaults fit the common exports without a setting:
//   our own and Zuko-style events  form_start, field_focus, field_change, field_blur,
//                                  field_error, form_submit with `form` and `field`
//   GA4 enhanced measurement       form_start, form_submit with form_id / form_name
//                                  (event_params.form_id in a BigQuery export)
//   Amplitude autocapture          [Amplitude] Form Started / Form Submitted with
//                                  [Amplitude] Form ID / Form Name
//   PostHog autocapture            $autocapture with $event_type change / submit, read
//                                  at ingest as field_change / form_submit whose element
//                                  (the `target` column, "#email") names the field
// A form event without a form property belongs to the page's form (the `page` column),
// else to "(form)"; a field event without a field property is named by its `target`.
//   {"forms": {"submit": ["checkout_submitted"], "field": ["input_name"]}}

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/journey/journey_spec.h"
#include "nlohmann/json.hpp"

namespace fl {

struct FormsSettings {
  std::vector<std::string> start = {"form_start", "[Amplitude] Form Started"};
  std::vector<std::string> submit = {"form_submit", "[Amplitude] Form Submitted"};
  std::vector<std::string> focus = {"field_focus"};
  std::vector<std::string> change = {"field_change"};
  std::vector<std::string> blur = {"field_blur"};
  std::vector<std::string> error = {"field_error", "form_error"};
  // Properties naming the form, the first non-empty one wins.
  std::vector<std::string> form = {"form",
                                   "form_id",
                                   "form_name",
                                   "event_params.form_id",
                                   "event_params.form_name",
                                   "event_properties.[Amplitude] Form ID",
                                   "event_properties.[Amplitude] Form Name",
                                   "[Amplitude] Form ID",
                                   "[Amplitude] Form Name"};
  std::vector<std::string> field = {"field", "field_id", "field_name"};
  // The report lists at most this many forms (most started first) and fields per form
  // (most reached); the rest are counted, never dropped silently.
  int max_forms = 20;
  int max_fields = 40;
  // A field's abandonment is friction when it is above the other fields' with
  // Benjamini-Hochberg q below this.
  double alpha = 0.05;
};

absl::StatusOr<FormsSettings> FormsSettingsOf(const JourneySpec& spec);
nlohmann::ordered_json FormsSettingsToJson(const FormsSettings& settings);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FORMS_FORMS_SETTINGS_H_

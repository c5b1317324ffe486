#ifndef FRICTIONLENS_CORE_FORMS_FORMS_SECTION_H_
#define FRICTIONLENS_CORE_FORMS_FORMS_SECTION_H_

// The report's `forms` section: which field makes people leave a form (the question
// Zuko, Hotjar and Contentsquare's form analytics answer), counted per person.
//   per form   started (any event of the form), submitted, completion rate with its
//              Wilson interval, time to complete (first event -> first submit: median,
//              p90), left before any field, left after filling every usual field
//   per field  in form order (the mean rank at which people first touch it): reached,
//              abandoned here (the last field touched by a person who never submitted,
//              unless they had touched every usual field of the form and this one had
//              no error (an error in the field they left means it stopped them): those
//              are the form's `left_after_fields`, who filled it in and did not submit;
//              a usual field is one at least half of the starters reached) with its
//              rate and interval, that rate against the other fields' (the
//              difference with Newcombe's interval, p, Benjamini-Hochberg q over every
//              field of every form; `friction` when above them and q < alpha), the
//              excess abandonments (reached x difference, with interval), errors and
//              persons with errors, returns and persons who came back (refills), time
//              in field (median, p90), example persons who left there
// Form events, form and field names: core/forms/forms_settings.h. A person's way through
// a form: core/forms/form_visits.h.
//   10 start the checkout form, 6 submit; of the 4 who leave, 3 last touched #postcode:
//   completion 60% (95% CI 31.3% to 83.2%), #postcode abandoned 3 of 10 reached.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/forms/form_visits.h"
#include "core/forms/forms_settings.h"
#include "core/sections/section.h"
#include "core/stats/duration_counts.h"

namespace fl {

struct FieldCounts {
  int64_t reached = 0, abandoned = 0, errors = 0, error_persons = 0, returns = 0, refill_persons = 0;
  int64_t rank_sum = 0;          // of the ranks at which persons first touched the field
  // Persons who left here, by how many fields they had touched (0: the field they left
  // had an error): those who touched all the form's usual fields, with no error here,
  // left after filling it in, not at this field.
  std::map<int64_t, int64_t> abandoned_by_touched;
  DurationCounts time_in_field;  // per person with a focus -> blur pair
  std::vector<std::string> examples;  // the smallest ids of persons who left here (at most 5)
};

struct FormCounts {
  int64_t started = 0, submitted = 0, left_before_fields = 0, form_errors = 0;
  DurationCounts to_complete;
  std::map<std::string, FieldCounts> fields;
};

class FormsState : public SectionState {
 public:
  FormsState(const FormsSettings& settings, const FormsBinding* binding)
      : settings_(settings), binding_(binding) {}

  void Add(const UserPass& user) override;
  absl::Status MergeShard(SectionState&& other) override;
  nlohmann::ordered_json Finalize() const override;
  nlohmann::ordered_json ToJson() const override;
  static absl::StatusOr<FormsState> FromJson(const FormsSettings& settings, const nlohmann::json& json);

  const std::map<std::string, FormCounts>& forms() const { return forms_; }

 private:
  FormsSettings settings_;
  const FormsBinding* binding_;  // null for a state read from JSON (it only merges)
  std::map<std::string, FormCounts> forms_;
  std::vector<FormVisit> scratch_;
};

class FormsSection : public Section {
 public:
  static constexpr const char* kName = "forms";
  using State = FormsState;
  const char* name() const override { return kName; }
  std::vector<SpecKey> spec_keys() const override;
  absl::Status CheckSettings(const JourneySpec& spec) const override;
  PassNeeds needs(const JourneySpec&) const override { return PassNeeds{/*units=*/false, /*as_user=*/false}; }
  absl::StatusOr<std::unique_ptr<SectionRun>> Prepare(const JourneySpec& spec,
                                                      const EventTable& table) const override;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FORMS_FORMS_SECTION_H_

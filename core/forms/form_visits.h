#ifndef FRICTIONLENS_CORE_FORMS_FORM_VISITS_H_
#define FRICTIONLENS_CORE_FORMS_FORM_VISITS_H_

// One person's way through each form, read from their events (core/forms/forms_section.h
// counts them). Per form: when it was first touched and first submitted; per field, in the
// order the person first touched them: returns, errors and time in the field.
//   focus #email, change #email, blur #email, focus #postcode, error #postcode,
//   focus #email, focus #postcode, (no submit)
//   -> fields #email (rank 0, 1 return), #postcode (rank 1, 1 return, 1 error);
//      the person left the form at #postcode, the last field focused, changed or in error.
// A return is coming back to a field after another field was focused, changed or in
// error (Zuko's "field returns"); blurs never move the cursor, so a tracker that sends
// the blur of the field left after the focus of the next one counts no return.
// Time in a field adds up focus -> blur of that field; a field with no such pair has no
// time (its person is not in the field's time quantiles).

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/event_table.h"
#include "core/forms/forms_settings.h"

namespace fl {

enum FormRole : uint8_t {
  kFormNone = 0,
  kFormStart = 1,
  kFormSubmit = 2,
  kFieldFocus = 4,
  kFieldChange = 8,
  kFieldBlur = 16,
  kFieldError = 32,
};

// The settings bound to one table: each event name's roles and the columns to read.
struct FormsBinding {
  FormsBinding(const FormsSettings& settings, const EventTable& table);
  const EventTable* table;
  std::vector<uint8_t> role_of_event;  // by event id
  std::vector<int> form_columns, field_columns;
  int page_column = -1, target_column = -1;
  bool any() const;  // some event of the table has a form role
};

struct FieldVisit {
  std::string_view field;
  int rank = 0;          // 0 for the first field the person touched in the form
  int64_t returns = 0;
  int64_t errors = 0;
  int64_t time_ms = 0;
  bool timed = false;    // some focus -> blur pair
  int64_t focus_ms = -1;  // an open focus
};

struct FormVisit {
  std::string_view form;
  int64_t first_ms = 0;
  int64_t submit_ms = -1;  // the first submit; -1: never submitted
  int64_t form_errors = 0;  // errors that name no field
  std::vector<FieldVisit> fields;
  int last_field = -1;  // index in `fields` of the last field focused, changed or in error
};

// The person's rows [begin, end) (time order) -> one visit per form touched, in the
// order first touched. `out` is cleared first.
void ReadFormVisits(const FormsBinding& binding, uint32_t begin, uint32_t end, std::vector<FormVisit>* out);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FORMS_FORM_VISITS_H_

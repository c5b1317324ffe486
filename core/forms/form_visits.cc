#include "core/forms/form_visits.h"

#include <algorithm>
#include <string>

namespace fl {
namespace {

int ColumnOf(const EventTable& table, const std::string& name) {
  for (size_t c = 0; c < table.properties.size(); ++c) {
    if (table.properties[c].name == name) return static_cast<int>(c);
  }
  return -1;
}

std::string_view FirstValue(const EventTable& table, const std::vector<int>& columns, uint32_t row) {
  for (int c : columns) {
    const PropertyColumn& column = table.properties[c];
    const std::string& value = column.values.Value(column.ids[row]);
    if (!value.empty()) return value;
  }
  return {};
}

std::string_view ValueOf(const EventTable& table, int column, uint32_t row) {
  if (column < 0) return {};
  const PropertyColumn& c = table.properties[column];
  return c.values.Value(c.ids[row]);
}

}  // namespace

FormsBinding::FormsBinding(const FormsSettings& settings, const EventTable& t) : table(&t) {
  role_of_event.assign(t.event_names.size(), kFormNone);
  struct Role {
    const std::vector<std::string>* names;
    FormRole role;
  };
  for (const Role& r : {Role{&settings.start, kFormStart}, Role{&settings.submit, kFormSubmit},
                        Role{&settings.focus, kFieldFocus}, Role{&settings.change, kFieldChange},
                        Role{&settings.blur, kFieldBlur}, Role{&settings.error, kFieldError}}) {
    for (const std::string& name : *r.names) {
      const uint32_t id = t.event_names.Find(name);
      if (id != Dictionary::kNotFound) role_of_event[id] |= r.role;
    }
  }
  for (const std::string& name : settings.form) {
    if (int c = ColumnOf(t, name); c >= 0) form_columns.push_back(c);
  }
  for (const std::string& name : settings.field) {
    if (int c = ColumnOf(t, name); c >= 0) field_columns.push_back(c);
  }
  page_column = ColumnOf(t, "page");
  target_column = ColumnOf(t, "target");
}

bool FormsBinding::any() const {
  return std::any_of(role_of_event.begin(), role_of_event.end(), [](uint8_t r) { return r != kFormNone; });
}

void ReadFormVisits(const FormsBinding& b, uint32_t begin, uint32_t end, std::vector<FormVisit>* out) {
  out->clear();
  const EventTable& t = *b.table;
  constexpr uint8_t kFieldRoles = kFieldFocus | kFieldChange | kFieldBlur | kFieldError;
  for (uint32_t row = begin; row < end; ++row) {
    const uint8_t role = b.role_of_event[t.event[row]];
    if (role == kFormNone) continue;
    std::string_view form = FirstValue(t, b.form_columns, row);
    if (form.empty()) form = ValueOf(t, b.page_column, row);
    if (form.empty()) form = "(form)";
    const int64_t time = t.time_ms[row];
    auto visit = std::find_if(out->begin(), out->end(), [&](const FormVisit& v) { return v.form == form; });
    if (visit == out->end()) {
      out->push_back(FormVisit{form, time, -1, 0, {}, -1});
      visit = out->end() - 1;
    }
    if ((role & kFormSubmit) && visit->submit_ms < 0) visit->submit_ms = time;
    if (!(role & kFieldRoles)) continue;
    std::string_view field = FirstValue(t, b.field_columns, row);
    if (field.empty()) field = ValueOf(t, b.target_column, row);
    if (field.empty()) {  // an event of the form that names no field
      if (role & kFieldError) ++visit->form_errors;
      continue;
    }
    auto& fields = visit->fields;
    auto f = std::find_if(fields.begin(), fields.end(), [&](const FieldVisit& v) { return v.field == field; });
    const bool seen_before = f != fields.end();
    const int index = static_cast<int>(f - fields.begin());
    if (!seen_before) fields.push_back(FieldVisit{field, index});
    FieldVisit& v = fields[index];
    if (role & kFieldError) ++v.errors;
    if ((role & kFieldBlur) && v.focus_ms >= 0) {
      v.time_ms += time - v.focus_ms;
      v.timed = true;
      v.focus_ms = -1;
    }
    if (role & kFieldFocus) v.focus_ms = time;
    // Focus, change and error move the cursor; coming back to a field touched before is a return.
    if (role & (kFieldFocus | kFieldChange | kFieldError)) {
      if (seen_before && visit->last_field != index) ++v.returns;
      visit->last_field = index;
    }
  }
}

}  // namespace fl

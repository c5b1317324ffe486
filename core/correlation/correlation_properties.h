#ifndef FRICTIONLENS_CORE_CORRELATION_CORRELATION_PROPERTIES_H_
#define FRICTIONLENS_CORE_CORRELATION_CORRELATION_PROPERTIES_H_

// Which property columns the correlation section tests, and why. With "auto", a column
// is taken when it has at most max_values distinct non-empty values, its name does not
// look like an id ("id", "*_id", "*.id", "*uuid*", "*Id"), and it is set on at least half
// of the events: a column of ids or free text has a value per unit (a value no other unit
// shares cannot go with anything), and a column set on a few events (a click's target, its
// x and y) describes those events, not the unit's state at the step.
//   device (3 values): tested; order_id (1,204 values): left out, an id;
//   referrer (312 values): left out, more than 50 values; target (4 values, on 9% of the
//   events): left out, describes events
// A listed column is tested whatever its size, its values past the first max_values of
// the table's dictionary (first-seen order of the input, so the same for any split of
// the users) not tracked and counted in values_left_out.

#include <cstdint>
#include <string>
#include <vector>

#include "core/correlation/correlation_settings.h"
#include "core/event_table.h"
#include "nlohmann/json.hpp"

namespace fl {

struct CorrelationProperty {
  std::string name;
  int column = -1;        // -1: the table has no such column (a listed name)
  int64_t values = 0;     // distinct non-empty values in the table
  bool tested = false;
  uint32_t max_id = 0;    // value ids 1..max_id are tracked
  std::string reason;     // "3 values", "an id", "more than 50 values", "no such column"
  int64_t values_left_out() const { return tested ? values - static_cast<int64_t>(max_id) : 0; }
};

std::vector<CorrelationProperty> ChooseCorrelationProperties(const CorrelationSettings& settings,
                                                             const EventTable& table);

// [{"property", "values", "tested", "reason", "values_left_out"}] in table column order
// ("auto") or the listed order.
nlohmann::ordered_json CorrelationPropertiesToJson(const std::vector<CorrelationProperty>& properties);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_CORRELATION_CORRELATION_PROPERTIES_H_

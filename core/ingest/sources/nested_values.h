#ifndef FRICTIONLENS_CORE_INGEST_SOURCES_NESTED_VALUES_H_
#define FRICTIONLENS_CORE_INGEST_SOURCES_NESTED_VALUES_H_

// Values that hold JSON, turned into dotted keys a step, breakdown or value can use:
//   a JSON object in a CSV cell (PostHog's `properties` column)
//     properties = {"$current_url":"/cart","plan":{"tier":"pro"}}
//     -> properties.$current_url=/cart  properties.plan.tier=pro
//   a key/value array (GA4's `event_params`, `user_properties`)
//     event_params = [{"key":"page_location","value":{"string_value":"/cart"}},
//                     {"key":"ga_session_id","value":{"int_value":"17"}}]
//     -> event_params.page_location=/cart  event_params.ga_session_id=17
//   Snowplow self-describing JSON, addressed by the schema's name
//     unstruct_event = {"schema":"iglu:.../unstruct_event/jsonschema/1-0-0",
//       "data":{"schema":"iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1",
//               "data":{"targetUrl":"/help"}}}            -> link_click.targetUrl=/help
//     contexts = {"schema":"iglu:.../contexts/jsonschema/1-0-0",
//       "data":[{"schema":"iglu:org.schema/WebPage/jsonschema/1-0-0","data":{"genre":"blog"}}]}
//                                                          -> WebPage.genre=blog
// Other arrays stay one value (compact JSON text), as in JSON Lines.

#include <string_view>

#include "core/ingest/jsonl_reader.h"

namespace fl {

// Appends the pairs of `value` (the text of column `column`) to `out` and returns
// true when it is one of the shapes above; false (nothing appended) otherwise, and
// for invalid JSON, which the caller keeps as plain text.
bool ExpandJsonValue(std::string_view column, std::string_view value, FlatObject* out);

// Whether `value` may be one of those shapes (a cheap look at its first bytes).
inline bool MayHoldJson(std::string_view value) {
  return value.size() >= 2 && (value.front() == '{' || (value.front() == '[' && value[1] == '{'));
}

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_SOURCES_NESTED_VALUES_H_

#ifndef FRICTIONLENS_CORE_INGEST_SOURCES_SOURCE_PROFILE_H_
#define FRICTIONLENS_CORE_INGEST_SOURCES_SOURCE_PROFILE_H_

// What each analytics tool's export looks like: which column is the event, the time,
// the session and the insert id, which ids belong to one person, and which calls
// carry identity only. docs/sources.md gives each with the vendor's documentation.
//
// A file is recognised by its columns (CSV header, JSON keys after flattening) or, for
// Snowplow's headerless enriched TSV, by its first record. `generic` is the reader
// without a vendor: roles from common names (column_roles.h).
//
//   {"event":"Added to cart","properties":{"time":1709553600,"distinct_id":"$device:d1",
//    "$device_id":"d1","$insert_id":"a1"}}
//   -> Mixpanel: event = event, time = properties.time, person = properties.$user_id |
//      properties.distinct_id | properties.$device_id (all ids on one event are one
//      person), duplicates by properties.$insert_id.

#include <string>
#include <string_view>
#include <vector>

namespace fl {

enum class SourceKind { kGeneric, kPostHog, kMixpanel, kAmplitude, kSegment, kRudderStack, kGa4, kSnowplow };

struct SourceProfile {
  SourceKind kind;
  const char* name;   // the --source value
  const char* title;  // "a Mixpanel raw export"
  // Candidates per role, in order; the first present column wins. Identity columns are
  // all used: a row's person is its first non-empty one, and every id on one row
  // belongs to the same person. They are ordered by how a person is best named (a
  // login before a device id).
  std::vector<std::string> identity;
  std::vector<std::string> time;
  std::vector<std::string> event;
  std::vector<std::string> session;
  std::vector<std::string> insert_id;  // duplicates by (event, this) are dropped
  // Segment and RudderStack: the call type (track, page, screen, identify, alias, group)
  // and the page or screen name of page and screen calls.
  std::vector<std::string> call_type;
  std::vector<std::string> call_name;
  // Where the page is (URL or path), copied to the `page` property the friction
  // detectors read; and the properties that describe a clicked element, most readable
  // first, copied to `target`.
  std::vector<std::string> page;
  std::vector<std::string> element;
  // Values meaning "no id" in this export (Amplitude's session_id -1).
  std::vector<std::string> null_values;
  const char* identity_rule;
  const char* docs;
};

// The profile named `name` (posthog, mixpanel, amplitude, segment, rudderstack, ga4,
// snowplow, generic), or nullptr.
const SourceProfile* FindSource(std::string_view name);
const SourceProfile& GenericSource();
// "posthog, mixpanel, ..., generic" for messages.
std::string SourceNames();

struct SourceMatch {
  const SourceProfile* profile = nullptr;  // GenericSource() when nothing matched
  std::string reason;                      // "keys event, properties.time, properties.distinct_id"
};

// Recognises a vendor by its columns. Generic (with an empty reason) when none fits.
SourceMatch DetectSource(const std::vector<std::string>& columns);

// Snowplow's enriched event TSV: 131 tab-separated fields, no header. The columns in
// the order of the Snowplow analytics SDKs.
const std::vector<std::string>& SnowplowEnrichedColumns();
// Whether the first record of a headerless file looks like an enriched event: 131
// tab-separated fields, a known platform in field 2 and a timestamp in field 4.
bool LooksLikeSnowplowTsv(std::string_view first_line);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_SOURCES_SOURCE_PROFILE_H_

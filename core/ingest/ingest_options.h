#ifndef FRICTIONLENS_CORE_INGEST_INGEST_OPTIONS_H_
#define FRICTIONLENS_CORE_INGEST_INGEST_OPTIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fl {

// Which input column plays which role. Empty means "detect from common names". `user`
// may list fallbacks, "userId|anonymousId": each row's first non-empty id is its person.
struct ColumnRoles {
  std::string user;
  std::string time;
  std::string event;
  std::string session;
};

struct IngestOptions {
  std::string format = "auto";       // auto | csv | jsonl | otto
  // Whose export this is: auto (recognised by its columns) | posthog | mixpanel |
  // amplitude | segment | rudderstack | ga4 | snowplow | generic (no vendor rules).
  std::string source = "auto";
  char delimiter = 0;                // 0 = detect among , ; TAB |
  std::vector<std::string> columns;  // names for headerless CSV; empty = first row is the header
  ColumnRoles map;
  std::string time_format = "auto";  // auto | iso | epoch_s | epoch_ms
  int64_t session_gap_ms = 30 * 60 * 1000;
  // Times far outside the bulk of the data (1970 in a 2017 capture) are rejected with a
  // warning unless this is set; see EventTableBuilder::Finish.
  bool keep_time_outliers = false;
  // A quoted CSV field still open after this many bytes, or any record (line) longer
  // than max_line_bytes, is a rejected row, and reading goes on at the next line: a
  // stray quote cannot swallow the rest of a file, nor a giant line all memory.
  int64_t max_quoted_bytes = int64_t{1} << 20;
  int64_t max_line_bytes = int64_t{16} << 20;
  // Projection (core/report/properties_read.h): when set, only the property columns
  // named here (or whose name ends with "." and one of these) are interned; the others
  // are still split and checked (UTF-8), and named in EventTable::unread_properties.
  // Unset: every column. Never for a table kept for other journeys (the workbench).
  std::optional<std::vector<std::string>> read_properties;
  // Threads for the table's column work (appending parts, sorting); any count gives
  // the same table.
  int threads = 1;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_INGEST_OPTIONS_H_

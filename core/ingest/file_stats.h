#ifndef FRICTIONLENS_CORE_INGEST_FILE_STATS_H_
#define FRICTIONLENS_CORE_INGEST_FILE_STATS_H_

// Ingest's bookkeeping for the input_quality section: what kind of problem each
// rejected row had, and per file its rows, rejections, events and time range.

#include <string>
#include <string_view>
#include <vector>

#include "core/event_table.h"
#include "core/ingest/event_rows.h"
#include "core/ingest/event_table_builder.h"

namespace fl {

// The kind of a rejection reason, by its wording:
//   "row has 3 fields, expected 5 ..."       -> "wrong_field_count"
//   "empty user in column user_id"           -> "empty_user"   (also empty_event, empty_time)
//   "unparseable time \"x\" in column ts"    -> "bad_time"
//   "time 1970-... is far outside ..."       -> "time_outlier"
//   anything else (invalid JSON, ...)        -> "invalid_record"
std::string RejectionKind(std::string_view reason);

// Per file, its used rows and its rejections so far: taken while the rows are still
// in input order and before the time-outlier screen (each file's rows are then one
// contiguous range; EventRows::Locate names the file of a row).
struct FileRowCounts {
  std::vector<int64_t> used;
  std::vector<int64_t> rejected;
};
FileRowCounts CountFileRows(const EventRows& rows, const std::vector<FileSchema>& schemas);

// Fills input->per_file once the screen has removed its outliers (counted in
// schemas[f].rejected) and before the rows are sorted: file f's rows are the next
// `used - outliers` rows.
void CollectFileStats(const FileRowCounts& before, const std::vector<int64_t>& time_ms,
                      const std::vector<FileSchema>& schemas, InputStats* input);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_FILE_STATS_H_

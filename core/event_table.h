#ifndef FRICTIONLENS_CORE_EVENT_TABLE_H_
#define FRICTIONLENS_CORE_EVENT_TABLE_H_

// The columnar, interned table every analysis reads. Built by EventTableBuilder
// (core/ingest/event_table_builder.h); immutable afterwards.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/dictionary.h"
#include "core/id_column.h"

namespace fl {

// One rejected input row: where, and why. Lines and columns are 1-based;
// column 0 means "the whole row".
struct Rejection {
  std::string file;
  int64_t line = 0;
  int64_t column = 0;
  std::string reason;
};

// One input file as ingest saw it (the input_quality section).
struct FileInputStats {
  std::string file;
  int64_t rows = 0;      // data rows read, used + rejected
  int64_t rejected = 0;
  int64_t events = 0;    // rows used
  int64_t first_time_ms = 0, last_time_ms = 0;  // over its used rows; 0 when none
};

// One table of a journey's "tables" (core/ingest/tables): its files and rows, the events
// its rows made, how its joins matched, and the rows whose stages are out of order.
struct TableInput {
  std::string table;
  std::string kind;  // events | attributes
  std::vector<std::string> files;
  int64_t rows = 0, rejected = 0, events = 0;
  // Attribute tables: rows that some event row looked up.
  int64_t joined_rows = 0;
  struct Join {
    std::string table, on;
    int64_t matched = 0, unmatched = 0;  // event rows whose key the table has / lacks
    std::vector<std::string> unmatched_examples;
  };
  std::vector<Join> joins;
  struct Finding {
    std::string kind;  // out_of_order | no_stage_time
    std::string what;  // "shipped before payment_approved"
    int64_t count = 0;
    std::vector<std::string> examples;  // units
    std::vector<int64_t> example_lines;
  };
  std::vector<Finding> findings;
};

// What ingest saw, for the report's `input` section.
struct InputStats {
  std::vector<std::string> files;
  int64_t rows = 0;       // data rows read (header rows excluded), used + rejected
  int64_t rejected = 0;   // rows not used, each with a reason
  std::vector<Rejection> rejections;  // the first kMaxRejectionsKept
  std::vector<std::string> warnings;  // sorted, deduplicated
  static constexpr size_t kMaxRejectionsKept = 20;
  // Vendor exports (core/ingest/sources): rows that only link ids (identify, alias,
  // group calls), events dropped as duplicates of an earlier one by the vendor's
  // insert id, and how ids were stitched into persons.
  int64_t identity_rows = 0;
  int64_t duplicates = 0;
  struct Source {
    std::string file, name, title, reason, identity_rule;
    bool detected = false;
    std::vector<std::string> identity_columns;
    std::vector<std::pair<std::string, int64_t>> renamed;  // "$rageclick -> rage_click", count
  };
  std::vector<Source> sources;  // files read with a vendor profile or an id fallback list
  struct Identity {
    int64_t ids = 0;        // distinct ids seen
    int64_t persons = 0;    // persons they make
    int64_t merged_ids = 0; // ids that joined another id's person
    int64_t largest = 0;    // ids in the largest person
  };
  Identity identity;
  bool stitched = false;
  // Every rejected row counted by what was wrong with it (RejectionKind,
  // core/ingest/file_stats.h): "bad_time", "empty_user", "time_outlier", ...
  std::map<std::string, int64_t> rejected_by_kind;
  std::vector<FileInputStats> per_file;  // in input order
  std::vector<TableInput> tables;        // only when the journey maps tables
};

// Whether `name` is the last dotted part of property column `column` (`$pathname` of
// properties.$pathname): how a journey may name a vendor's nested property.
inline bool IsDottedSuffix(std::string_view column, std::string_view name) {
  return column.size() > name.size() && column[column.size() - name.size() - 1] == '.' &&
         column.substr(column.size() - name.size()) == name;
}

// A property column: dictionary-encoded values, one id per event (1, 2 or 4 bytes
// each, see core/id_column.h). Id 0 is always the empty string, which stands for
// "missing".
struct PropertyColumn {
  std::string name;
  Dictionary values;
  IdColumn ids;
};

// Events sorted by (user, time, input order); user u owns rows
// [user_begin[u], user_begin[u + 1]) (there is no per-event user column: every
// analysis walks users' slices, and 4 bytes an event is a lot at 10 M events; use
// UserOf for a single row). Users are numbered in first-seen order of the input, so
// anything shown to a person that depends on user order must sort by user name
// instead (results may not depend on input order beyond ties).
//
// Sessions are numbered per user: session[row] is the index of the row's session
// among its user's sessions (0, 1, ...; usually one byte an event), and
// user_first_session[u] + session[row] is the session's global index, in (user, time)
// order.
struct EventTable {
  Dictionary users;
  Dictionary event_names;
  std::vector<int64_t> time_ms;  // per event, Unix epoch milliseconds (UTC)
  IdColumn event;                // per event, id in event_names
  IdColumn session;              // per event, index among its user's sessions
  std::vector<PropertyColumn> properties;
  // Columns of the input that this run did not read (projection: the report's sections
  // never look at them; core/report/properties_read.h), sorted. Kept so that a misspelt
  // property in a journey is still told its nearest names.
  std::vector<std::string> unread_properties;
  std::vector<uint32_t> user_begin;          // size users.size() + 1
  std::vector<uint32_t> user_first_session;  // size users.size() + 1; the last is session_count
  uint32_t session_count = 0;
  int64_t first_time_ms = 0;  // over used events; 0 when empty
  int64_t last_time_ms = 0;
  InputStats input;
  // When this table is a part of a larger one (a scale-out shard, or the table without
  // rows that a merge reads states against: core/scaleout), the whole table's event
  // count and, per property column, its rows with a value; -1 and empty otherwise. What
  // decides from the whole data (correlation's choice of columns) reads them through
  // WholeEvents and WholeRowsSet, so that every shard decides as one run would.
  int64_t whole_events = -1;
  std::vector<int64_t> whole_rows_set;

  size_t size() const { return time_ms.size(); }
  int64_t WholeEvents() const;
  int64_t WholeRowsSet(size_t column) const;
  size_t user_count() const { return users.size(); }
  // The user owning `row` (a binary search over user_begin).
  uint32_t UserOf(size_t row) const;
  // Index of the property column with this name, or -1; when no column has the name
  // exactly, the one column whose name ends with "." + name (so `$pathname` finds
  // properties.$pathname and `page_location` event_params.page_location), if only one does.
  int FindProperty(std::string_view name) const;
  // Exact names only (ingest, which creates columns by name).
  int FindPropertyExact(std::string_view name) const;
  // Bytes held per event by the columns (not the dictionaries).
  size_t ColumnBytes() const;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_EVENT_TABLE_H_

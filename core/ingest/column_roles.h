#ifndef FRICTIONLENS_CORE_INGEST_COLUMN_ROLES_H_
#define FRICTIONLENS_CORE_INGEST_COLUMN_ROLES_H_

// Which column is the user, the time, the event name and (optionally) the session.
//
// Detection compares names case-insensitively, ignoring '_', '-' and spaces, against
// lists in priority order (the first listed name present wins):
//   user:    user_id, userId, distinct_id, visitorid, visitor_id, customer_unique_id,
//            customer_id, person_id, uid, user — else session (a session-only log:
//            each session is its own unit)
//   time:    ts, timestamp, time, event_time, event_timestamp, eventdate, event_date, datetime, date,
//            created_at, occurred_at
//   event:   event, event_name, event_type, behavior, behaviour, type, activity,
//            action, name
//   session: session_id, user_session, session
// customer_unique_id comes before customer_id because in order exports (Olist) the
// former is the person and the latter is per order.
// IngestOptions::map overrides any role: exact name first, then the same loose match.
// The user role may be a fallback list, "userId|anonymousId": a row's person is its
// first non-empty id, and ids seen on one row are one person (identity_stitching.h).
// A vendor profile (sources/source_profile.h) supplies its own names per role first.

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/ingest/ingest_options.h"
#include "core/ingest/sources/source_profile.h"

namespace fl {

// Column indexes (0-based into the column list), -1 when absent.
struct RoleIndexes {
  int user = -1;
  int time = -1;
  int event = -1;
  int session = -1;
  // Every person-id column, the preferred first (identity[0] == user).
  std::vector<int> identity;
  // Event columns read on a row whose `event` is empty (Snowplow: event_name, event).
  std::vector<int> event_fallbacks;
  // Vendor columns (-1 or empty when absent): the call type and page name of Segment
  // calls, the insert id, where the page is, what describes a clicked element.
  int call_type = -1;
  int call_name = -1;
  int insert_id = -1;
  std::vector<int> page;
  std::vector<int> element;

  // Whether column c plays a role that keeps it out of the properties (the insert id
  // stays a property until duplicates are dropped).
  bool IsRole(int c) const;
};

// "User_ID" -> "userid".
std::string NormalizeColumnName(std::string_view name);

// Resolves every role. Fatal errors name the file and list the columns found:
//   "f.csv: line 1: no event column found among [a, b, c]; name it with --map event=COLUMN"
//   "f.csv: --map user=visitor: no column \"visitor\" among [a, b, c]"
// When there is a single column the message asks whether the delimiter is right.
// `where` is "line 1" for a CSV header, or e.g. "line 1 (JSON keys)".
absl::StatusOr<RoleIndexes> ResolveRoles(std::string_view file, std::string_view where,
                                         const std::vector<std::string>& columns, const ColumnRoles& map,
                                         std::string_view delimiter_hint);

// Roles for a file of `profile`'s shape: each role from `map` when given, else the
// profile's names, else the common names above. With `may_add` (JSON Lines, where a
// key absent from the first lines may come later, like $user_id after a login) the
// profile's identity, event and call-type names absent from `columns` are appended to
// it, so that they are never taken for properties. Every missing role is named at once.
absl::StatusOr<RoleIndexes> ResolveProfileRoles(std::string_view file, std::string_view where,
                                                std::vector<std::string>* columns, const ColumnRoles& map,
                                                const SourceProfile& profile, bool may_add,
                                                std::string_view delimiter_hint);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_COLUMN_ROLES_H_

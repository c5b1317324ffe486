#ifndef FRICTIONLENS_CORE_INGEST_ROLE_CHECKS_H_
#define FRICTIONLENS_CORE_INGEST_ROLE_CHECKS_H_

// Evidence against a guessed role, gathered while one file is read, so that a wrong
// guess is said out loud instead of giving a plausible wrong funnel:
//   - the time column holds dates without a time of day (GA4's event_date), or all its
//     times fall within one day while another time column spans more;
//   - the user column is empty on many rows (Amplitude's user_id before a login)
//     while another id column is filled on them;
//   - some times before 1990 or from 2100 on among plausible ones: kept (1969 and 9999
//     are valid times), but such strays are mostly a wrong unit (microseconds read as
//     milliseconds) or a placeholder date (1970-01-01, 9999-12-31), which would stretch
//     windows and durations.
// Each warning names the better column and the flag that takes it.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/ingest/column_roles.h"
#include "core/ingest/timestamp_parser.h"

namespace fl {

class RoleChecks {
 public:
  // The columns and the roles chosen for them.
  void Begin(const std::vector<std::string>& columns, const RoleIndexes& roles);
  // A row was accepted with this time. `fields` follow the columns given to Begin.
  // Inline: it runs for every row.
  void OnAccepted(const std::string_view* fields, int64_t time_ms) {
    time_low_ = time_ms < time_low_ ? time_ms : time_low_;
    time_high_ = time_ms > time_high_ ? time_ms : time_high_;
    implausible_ += time_ms < kPlausibleFromMs || time_ms >= kPlausibleBeforeMs;
    ++accepted_;
    if (sampled_ < kSampleRows && !other_times_.empty()) Sample(fields);
  }
  // A row was rejected because its user was empty.
  void OnEmptyUser(const std::string_view* fields);
  void OnRow() { ++rows_; }
  // Takes over what a later part of the same file counted.
  void Merge(const RoleChecks& later);
  // The warnings, given which time kinds the time column held (bits of TimeKind).
  void Warn(std::string_view file, unsigned time_kinds, std::vector<std::string>* warnings) const;

 private:
  struct Span {
    int64_t low = INT64_MAX, high = INT64_MIN, parsed = 0;
    bool time_of_day = false;
    void Add(int64_t t, bool with_time);
    int64_t width() const { return parsed > 0 ? high - low : 0; }
  };
  void Sample(const std::string_view* fields);
  static constexpr int64_t kSampleRows = 2000;
  static constexpr int64_t kPlausibleFromMs = 631152000000;     // 1990-01-01T00:00:00Z
  static constexpr int64_t kPlausibleBeforeMs = 4102444800000;  // 2100-01-01T00:00:00Z
  std::vector<std::string> columns_;
  int time_ = -1, user_ = -1;
  std::vector<int> other_times_;  // time-like columns besides the chosen one
  std::vector<int> other_ids_;    // id-like columns besides the user
  int64_t time_low_ = INT64_MAX, time_high_ = INT64_MIN, accepted_ = 0;  // the chosen column
  int64_t implausible_ = 0;  // accepted times before 1990 or from 2100 on
  std::vector<Span> other_spans_;
  int64_t sampled_ = 0;
  int64_t rows_ = 0;
  int64_t empty_user_ = 0;
  std::vector<int64_t> id_filled_;  // per other_ids_: filled on rows with an empty user
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_ROLE_CHECKS_H_

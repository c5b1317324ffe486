#include "core/ingest/role_checks.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "core/ingest/text_view.h"
#include "core/time_format.h"

namespace fl {
namespace {

constexpr int64_t kDayMs = 86400000;

bool Contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

bool TimeLike(const std::string& normalized) {
  return Contains(normalized, "time") || Contains(normalized, "tstamp") || Contains(normalized, "date") ||
         normalized == "ts";
}

// user_pseudo_id, anonymousId, device_id, distinct_id, domain_userid, ...
bool IdLike(const std::string& normalized) {
  const bool id = normalized.size() >= 2 && normalized.substr(normalized.size() - 2) == "id";
  return id && (Contains(normalized, "user") || Contains(normalized, "anon") || Contains(normalized, "device") ||
                Contains(normalized, "distinct") || Contains(normalized, "visitor") ||
                Contains(normalized, "client") || Contains(normalized, "cookie") || Contains(normalized, "person"));
}

bool Blank(std::string_view v) { return v.find_first_not_of(" \t\r") == std::string_view::npos; }

}  // namespace

void RoleChecks::Span::Add(int64_t t, bool with_time) {
  low = std::min(low, t);
  high = std::max(high, t);
  ++parsed;
  time_of_day = time_of_day || with_time;
}

void RoleChecks::Begin(const std::vector<std::string>& columns, const RoleIndexes& roles) {
  columns_ = columns;
  time_ = roles.time;
  user_ = roles.user;
  other_times_.clear();
  other_ids_.clear();
  for (size_t i = 0; i < columns.size(); ++i) {
    const int c = static_cast<int>(i);
    if (roles.IsRole(c)) continue;
    const std::string normalized = NormalizeColumnName(columns[i]);
    if (TimeLike(normalized)) other_times_.push_back(c);
    if (roles.identity.size() < 2 && IdLike(normalized)) other_ids_.push_back(c);
  }
  other_spans_.assign(other_times_.size(), Span());
  id_filled_.assign(other_ids_.size(), 0);
}

void RoleChecks::Sample(const std::string_view* fields) {
  ++sampled_;
  for (size_t k = 0; k < other_times_.size(); ++k) {
    int64_t t = 0;
    TimeKind kind;
    if (ParseTimestamp(fields[other_times_[k]], TimeFormat::kAuto, &t, &kind)) {
      other_spans_[k].Add(t, kind != TimeKind::kDate);
    }
  }
}

void RoleChecks::OnEmptyUser(const std::string_view* fields) {
  ++empty_user_;
  for (size_t k = 0; k < other_ids_.size(); ++k) id_filled_[k] += !Blank(fields[other_ids_[k]]);
}

void RoleChecks::Merge(const RoleChecks& later) {
  rows_ += later.rows_;
  empty_user_ += later.empty_user_;
  for (size_t k = 0; k < id_filled_.size() && k < later.id_filled_.size(); ++k) id_filled_[k] += later.id_filled_[k];
  time_low_ = std::min(time_low_, later.time_low_);
  time_high_ = std::max(time_high_, later.time_high_);
  accepted_ += later.accepted_;
  implausible_ += later.implausible_;
}

void RoleChecks::Warn(std::string_view file, unsigned time_kinds, std::vector<std::string>* warnings) const {
  if (time_ >= 0 && accepted_ > 0) {
    const std::string& chosen = columns_[time_];
    // The best other time column: parsed on most sampled rows, with times of day.
    int best = -1;
    for (size_t k = 0; k < other_times_.size(); ++k) {
      const Span& s = other_spans_[k];
      if (s.parsed * 10 < sampled_ * 9 || !s.time_of_day) continue;
      if (best < 0 || s.width() > other_spans_[best].width()) best = static_cast<int>(k);
    }
    const std::string better =
        best < 0 ? "" : absl::StrCat("; column ", columns_[other_times_[best]], " has times: use --map time=",
                                     columns_[other_times_[best]]);
    const bool dates_only = time_kinds == (1u << static_cast<unsigned>(TimeKind::kDate));
    if (dates_only) {
      warnings->push_back(absl::StrCat(Sv(file), ": the time column ", chosen,
                                       " holds dates without a time of day, so every event of a day gets the same "
                                       "time and steps and durations within a day are lost",
                                       better));
    } else if (best >= 0 && accepted_ > 1 && time_high_ - time_low_ < kDayMs &&
               other_spans_[best].width() >= kDayMs) {
      warnings->push_back(absl::StrCat(Sv(file), ": every time in column ", chosen,
                                       " falls within one day while column ", columns_[other_times_[best]],
                                       " spans more", better));
    }
  }
  // Only when they are mixed with plausible times: a file wholly in 1970 is synthetic data
  // (times 1, 2, 3 in tests), not a stray placeholder.
  if (time_ >= 0 && implausible_ > 0 && implausible_ < accepted_) {
    warnings->push_back(absl::StrCat(
        Sv(file), ": ", implausible_, " time", implausible_ == 1 ? "" : "s", " in column ", columns_[time_],
        " fall before 1990 or after 2099 (earliest ", FormatIsoUtc(time_low_), ", latest ", FormatIsoUtc(time_high_),
        "); they are kept, but such times are mostly a wrong unit or a placeholder date and stretch windows and "
        "durations"));
  }
  // Many rows without a user: a login id that anonymous visitors lack.
  if (rows_ > 0 && empty_user_ * 5 >= rows_) {
    int best = -1;
    for (size_t k = 0; k < other_ids_.size(); ++k) {
      if (id_filled_[k] * 10 >= empty_user_ * 9 && (best < 0 || id_filled_[k] > id_filled_[best])) {
        best = static_cast<int>(k);
      }
    }
    const int64_t percent = empty_user_ * 100 / rows_;
    std::string message = absl::StrCat(Sv(file), ": the user column ", columns_[user_], " is empty on ", percent,
                                       "% of rows, which were rejected");
    if (best >= 0) {
      const std::string& other = columns_[other_ids_[best]];
      absl::StrAppend(&message, "; column ", other, " is filled on them: count persons over both with --map user=",
                      columns_[user_], "|", other, " (ids seen on one row are one person), or name the export "
                      "with --source");
    }
    warnings->push_back(std::move(message));
  }
}

}  // namespace fl

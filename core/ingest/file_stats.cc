#include "core/ingest/file_stats.h"

#include <algorithm>

#include "absl/strings/match.h"

namespace fl {

std::string RejectionKind(std::string_view reason) {
  const absl::string_view text(reason.data(), reason.size());
  if (absl::StartsWith(text, "row has ")) return "wrong_field_count";
  if (absl::StartsWith(text, "empty user")) return "empty_user";
  if (absl::StartsWith(text, "empty event")) return "empty_event";
  if (absl::StartsWith(text, "empty time")) return "empty_time";
  if (absl::StartsWith(text, "unparseable time")) return "bad_time";
  if (absl::StartsWith(text, "time ") && absl::StrContains(text, "far outside")) return "time_outlier";
  return "invalid_record";
}

FileRowCounts CountFileRows(const EventRows& rows, const std::vector<FileSchema>& schemas) {
  FileRowCounts counts;
  counts.used.assign(schemas.size(), 0);
  counts.rejected.resize(schemas.size());
  for (size_t f = 0; f < schemas.size(); ++f) counts.rejected[f] = schemas[f].rejected;
  const uint32_t n = static_cast<uint32_t>(rows.size());
  auto file_of = [&](uint32_t row) {
    uint32_t file = 0;
    int64_t line = 0;
    rows.Locate(row, &file, &line);
    return file;
  };
  // Files' rows are contiguous and in file order: find each range's end by bisection.
  for (uint32_t begin = 0; begin < n;) {
    const uint32_t file = file_of(begin);
    uint32_t lo = begin + 1, hi = n;  // the range ends in [lo, hi]
    while (lo < hi) {
      const uint32_t mid = lo + (hi - lo) / 2;
      if (file_of(mid) == file) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    if (file < counts.used.size()) counts.used[file] += lo - begin;
    begin = lo;
  }
  return counts;
}

void CollectFileStats(const FileRowCounts& before, const std::vector<int64_t>& time_ms,
                      const std::vector<FileSchema>& schemas, InputStats* input) {
  input->per_file.assign(schemas.size(), FileInputStats());
  size_t begin = 0;
  for (size_t f = 0; f < schemas.size(); ++f) {
    FileInputStats& stats = input->per_file[f];
    stats.file = schemas[f].file;
    stats.rows = schemas[f].rows;
    stats.rejected = schemas[f].rejected;
    const int64_t outliers = f < before.rejected.size() ? schemas[f].rejected - before.rejected[f] : 0;
    const int64_t used = f < before.used.size() ? before.used[f] - outliers : 0;
    const size_t end = std::min(time_ms.size(), begin + static_cast<size_t>(std::max<int64_t>(used, 0)));
    stats.events = static_cast<int64_t>(end - begin);
    if (end > begin) {
      const auto [first, last] = std::minmax_element(time_ms.begin() + begin, time_ms.begin() + end);
      stats.first_time_ms = *first;
      stats.last_time_ms = *last;
    }
    begin = end;
  }
}

}  // namespace fl

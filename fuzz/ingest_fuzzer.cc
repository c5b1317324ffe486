// A whole file through EventTableBuilder, read as each vendor source
// (IngestOptions::source), three ways: in one Feed, in random chunks, and by
// IngestFile on two threads with tiny parts. Invariants:
//   - no crash, no sanitizer report;
//   - every row is used or counted:
//       rows == events + rejected + identity_only_rows + duplicates;
//   - the three readings give the same table, the same input report and the same
//     fatal error, if any (the builder promises chunking never matters).
// Input: byte 0 picks the source, byte 1 seeds the chunk sizes and the part size;
// the rest is the file.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "core/ingest/event_table_builder.h"
#include "core/report/report_builder.h"
#include "fuzz/fuzz_support.h"

namespace {

constexpr const char* kSources[] = {"auto",    "generic", "posthog",     "mixpanel", "amplitude",
                                    "segment", "rudderstack", "ga4", "snowplow"};
constexpr size_t kSourceCount = sizeof(kSources) / sizeof(kSources[0]);

// Everything a table holds, as text, so that two readings compare as strings.
std::string Describe(const absl::StatusOr<fl::EventTable>& table) {
  if (!table.ok()) return absl::StrCat("error: ", table.status().ToString());
  const fl::EventTable& t = *table;
  std::string out;
  for (size_t row = 0; row < t.size(); ++row) {
    const uint32_t user = t.UserOf(row);
    absl::StrAppend(&out, t.users.Value(user), " ", t.time_ms[row], " ", t.event_names.Value(t.event[row]), " s",
                    t.session[row]);
    for (const fl::PropertyColumn& c : t.properties) absl::StrAppend(&out, " ", c.name, "=", c.values.Value(c.ids[row]));
    out += "\n";
  }
  // As the report is rendered (RenderReportJson): invalid UTF-8 replaced, not thrown.
  absl::StrAppend(&out, fl::InputSectionToJson(t).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "\n");
  return out;
}

void CheckCounts(const fl::EventTable& t, const std::string& file) {
  const int64_t events = static_cast<int64_t>(t.size());
  const int64_t accounted = events + t.input.rejected + t.input.identity_rows + t.input.duplicates;
  fl::fuzz::Check(t.input.rows == accounted, "rows != events + rejected + identity_only_rows + duplicates",
                  absl::StrCat("rows ", t.input.rows, " events ", events, " rejected ", t.input.rejected,
                               " identity_only_rows ", t.input.identity_rows, " duplicates ", t.input.duplicates,
                               "\n--- file\n", file));
  fl::fuzz::Check(t.input.rejected >= 0 && t.input.rejections.size() <= fl::InputStats::kMaxRejectionsKept &&
                      static_cast<int64_t>(t.input.rejections.size()) <= t.input.rejected,
                  "rejections listed do not match the count", file);
  fl::fuzz::Check(t.user_begin.size() == t.users.size() + 1 && t.user_begin.back() == t.size(),
                  "user_begin does not cover the events", file);
}

absl::StatusOr<fl::EventTable> ReadInChunks(const fl::IngestOptions& options, std::string_view file,
                                            size_t max_chunk, uint64_t seed) {
  fl::EventTableBuilder builder(options);
  if (absl::Status s = builder.BeginFile("input"); !s.ok()) return s;
  fl::fuzz::ChunkSizes sizes(seed);
  for (size_t at = 0; at < file.size();) {
    const size_t n = std::min(file.size() - at, max_chunk == 0 ? file.size() : sizes.Next(max_chunk));
    if (absl::Status s = builder.Feed(file.substr(at, n)); !s.ok()) return s;
    at += n;
  }
  if (absl::Status s = builder.EndFile(); !s.ok()) return s;
  return builder.Finish();
}

absl::StatusOr<fl::EventTable> ReadInParts(const fl::IngestOptions& options, std::string_view file,
                                           int64_t min_part_bytes) {
  fl::EventTableBuilder builder(options);
  const fl::BytesInput input(file);
  if (absl::Status s = builder.IngestFile("input", input, /*threads=*/2, min_part_bytes); !s.ok()) return s;
  return builder.Finish();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2 || size > 64 * 1024) return 0;
  fl::IngestOptions options;
  options.source = kSources[data[0] % kSourceCount];
  const uint8_t seed = data[1];
  const std::string copy(reinterpret_cast<const char*>(data) + 2, size - 2);
  const std::string_view file(copy);

  const absl::StatusOr<fl::EventTable> whole = ReadInChunks(options, file, 0, 0);
  if (whole.ok()) CheckCounts(*whole, copy);
  const std::string expected = Describe(whole);

  const absl::StatusOr<fl::EventTable> chunked = ReadInChunks(options, file, 1 + seed % 64, seed);
  const std::string got = Describe(chunked);
  fl::fuzz::Check(got == expected, "random chunks give another table than one Feed",
                  absl::StrCat("source ", options.source, " chunks up to ", 1 + seed % 64, "\n--- one feed\n",
                               expected, "--- chunks\n", got, "--- file\n", copy));

  const absl::StatusOr<fl::EventTable> parts = ReadInParts(options, file, 1 + seed % 32);
  const std::string in_parts = Describe(parts);
  fl::fuzz::Check(in_parts == expected, "IngestFile on two threads gives another table than one Feed",
                  absl::StrCat("source ", options.source, " min part ", 1 + seed % 32, "\n--- one feed\n", expected,
                               "--- parts\n", in_parts, "--- file\n", copy));
  return 0;
}

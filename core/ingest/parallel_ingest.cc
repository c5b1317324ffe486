#include "core/ingest/parallel_ingest.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/parallel.h"

namespace fl {
namespace {

constexpr size_t kScanBytes = 4 << 20;
constexpr size_t kProbeBytes = 64 << 10;

// Newlines in [p, p + n). Sixteen bytes at a time, per-lane byte counters summed
// every 255 blocks: several times faster than std::count, which the pre-count of a
// large file was waiting on.
int64_t CountNewlines(const char* p, size_t n) {
  int64_t count = 0;
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i newline = _mm_set1_epi8('\n');
  while (i + 16 <= n) {
    __m128i lanes = _mm_setzero_si128();
    const size_t blocks = std::min<size_t>((n - i) / 16, 255);
    for (size_t b = 0; b < blocks; ++b, i += 16) {
      const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(block, newline));  // a match is -1
    }
    const __m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());
    count += _mm_cvtsi128_si64(sums) + _mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums));
  }
#endif
  for (; i < n; ++i) count += p[i] == '\n';
  return count;
}

struct PartScan {
  int64_t newlines = 0;
  absl::Status status;
};

// Counts the newlines in [begin, end).
PartScan ScanPart(const RandomAccessInput& input, int64_t begin, int64_t end) {
  PartScan scan;
  std::string buffer;
  for (int64_t at = begin; at < end;) {
    const size_t n = static_cast<size_t>(std::min<int64_t>(kScanBytes, end - at));
    scan.status = input.Read(at, n, &buffer);
    if (!scan.status.ok()) return scan;
    if (buffer.empty()) break;
    scan.newlines += CountNewlines(buffer.data(), buffer.size());
    at += static_cast<int64_t>(buffer.size());
  }
  return scan;
}

}  // namespace

absl::StatusOr<int64_t> NextLineStart(const RandomAccessInput& input, int64_t from) {
  std::string buffer;
  for (int64_t at = from; at < input.size();) {
    if (absl::Status s = input.Read(at, kProbeBytes, &buffer); !s.ok()) return s;
    if (buffer.empty()) break;
    const void* nl = std::memchr(buffer.data(), '\n', buffer.size());
    if (nl != nullptr) return at + (static_cast<const char*>(nl) - buffer.data()) + 1;
    at += static_cast<int64_t>(buffer.size());
  }
  return input.size();
}

absl::StatusOr<std::vector<FilePart>> PlanFileParts(const RandomAccessInput& input, int64_t begin,
                                                    int64_t first_line, int parts) {
  const int64_t size = input.size();
  std::vector<int64_t> cuts = {begin};
  for (int i = 1; i < parts; ++i) {
    const int64_t target = begin + static_cast<int64_t>(Boundary(static_cast<size_t>(size - begin), parts, i));
    absl::StatusOr<int64_t> cut = NextLineStart(input, std::max(target, cuts.back()));
    if (!cut.ok()) return cut.status();
    if (*cut > cuts.back() && *cut < size) cuts.push_back(*cut);
  }
  cuts.push_back(size);
  const int n = static_cast<int>(cuts.size()) - 1;
  // Only the parts before the last need their lines counted (a part's first line is
  // the lines before it). That is every thread's work before parsing starts, so each
  // counted part is cut into one slice per thread and all slices shared out.
  std::vector<PartScan> scans(static_cast<size_t>(std::max(n - 1, 0)) * n);
  std::vector<std::function<void()>> tasks;
  for (int i = 0; i + 1 < n; ++i) {
    for (int k = 0; k < n; ++k) {
      tasks.push_back([&, i, k] {
        const size_t length = static_cast<size_t>(cuts[i + 1] - cuts[i]);
        scans[static_cast<size_t>(i) * n + k] =
            ScanPart(input, cuts[i] + static_cast<int64_t>(Boundary(length, n, k)),
                     cuts[i] + static_cast<int64_t>(Boundary(length, n, k + 1)));
      });
    }
  }
  RunTasks(n, tasks);
  std::vector<FilePart> out;
  int64_t line = first_line;
  for (int i = 0; i < n; ++i) {
    out.push_back({cuts[i], cuts[i + 1], line});
    for (int k = 0; i + 1 < n && k < n; ++k) {
      const PartScan& scan = scans[static_cast<size_t>(i) * n + k];
      if (!scan.status.ok()) return scan.status;
      line += scan.newlines;
    }
  }
  return out;
}

}  // namespace fl

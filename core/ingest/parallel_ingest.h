#ifndef FRICTIONLENS_CORE_INGEST_PARALLEL_INGEST_H_
#define FRICTIONLENS_CORE_INGEST_PARALLEL_INGEST_H_

// Where one file can be cut so that each part is read by its own thread and the parts,
// appended in order, give exactly what one sequential read gives (same rows, ids,
// lines, rejections, warnings).
//
// A cut must fall on a record boundary. In JSON Lines (and OTTO) every newline is one:
// JSON strings cannot hold a raw newline. In CSV a quoted field may hold newlines, and
// from the middle of a file nobody can tell whether a newline is inside quotes, so a
// cut is a guess, confirmed after the parts are read (EventTableBuilder::ReadParts:
// the part before must end exactly at the cut with no record unfinished; if not, the
// file is read again by one reader). Cuts are placed just after a newline near equal
// shares of the bytes; each part's first line number is counted beforehand (also in
// parallel): when the cuts are confirmed, lines are newlines + 1, so messages name
// the true line.

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "core/ingest/random_access_input.h"

namespace fl {

struct FilePart {
  int64_t begin = 0;  // byte offsets, [begin, end)
  int64_t end = 0;
  int64_t first_line = 0;  // 1-based line number of the byte at `begin`
};

// Splits [begin, input.size()) into at most `parts` parts, each starting just after a
// newline, the first at line `first_line`.
absl::StatusOr<std::vector<FilePart>> PlanFileParts(const RandomAccessInput& input, int64_t begin,
                                                    int64_t first_line, int parts);

// The offset just after the first newline at or after `from`, or input.size().
absl::StatusOr<int64_t> NextLineStart(const RandomAccessInput& input, int64_t from);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_PARALLEL_INGEST_H_

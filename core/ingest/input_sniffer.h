#ifndef FRICTIONLENS_CORE_INGEST_INPUT_SNIFFER_H_
#define FRICTIONLENS_CORE_INGEST_INPUT_SNIFFER_H_

// Decisions taken once per file from its first bytes (at most kSniffBytes, or the
// whole file when shorter). Because the builder always waits for exactly that prefix,
// the decisions never depend on how the input was chunked.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace fl {

inline constexpr size_t kSniffBytes = 64 * 1024;

// Length of a UTF-8 byte order mark at the start of `bytes` (3 or 0).
size_t Utf8BomLength(std::string_view bytes);

// Fatal when the prefix looks binary: a NUL byte, or invalid UTF-8 in more than 10%
// of the bytes (a Latin-1 CSV has a few; gzip or a spreadsheet has many). The message
// names the file, the byte offset and the line of the first offending byte. (gzip and
// zstd are decompressed before this, see decompressing_input.h: the gzip hint is for a
// file compressed twice.)
//   "events.csv.gz.gz: byte 3 (line 1): binary data (NUL byte), not CSV or JSON Lines
//    (it starts like gzip: decompress it first)"
// `complete` says whether `prefix` is the whole file (a sequence cut by the prefix
// end is then invalid rather than unfinished).
absl::Status CheckNotBinary(std::string_view file, std::string_view prefix, bool complete);

// Fatal for layouts we can name but not read:
//   a JSON array ("[{...},{...}]"): "events.json: starts with '[': a JSON array, not JSON
//     Lines (one object per line); convert it with: jq -c '.[]' events.json"
//   lines ending in CR alone (classic Mac OS): "... lines end with CR only; convert with
//     tr '\r' '\n'"
absl::Status CheckLayout(std::string_view file, std::string_view prefix, bool complete);

enum class InputFormat { kCsv, kJsonl, kOtto };
const char* InputFormatName(InputFormat format);

// auto-detection: JSON Lines when the first non-space byte is '{'; OTTO when that
// first object has a "session" key and an "events" key holding an array (checked on
// the text of the first line within the prefix); else CSV.
InputFormat DetectFormat(std::string_view prefix);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_INPUT_SNIFFER_H_

// CsvTokenizer and CsvBoundaryScanner read the same bytes: they must end every record
// at the same offset, whether the scanner is fed the rest of the input at once or in
// pieces (as the builder feeds it an unfinished record across chunks).
// Input: byte 0 picks the delimiter (, ; TAB |) and seeds the piece sizes; the rest is CSV.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/ingest/csv_tokenizer.h"
#include "fuzz/fuzz_support.h"

namespace {

// Where the record starting at the front of `rest` ends, by the scanner fed in pieces;
// npos when it does not end within `rest`.
size_t ScanInPieces(char delimiter, std::string_view rest, fl::fuzz::ChunkSizes* sizes) {
  fl::CsvBoundaryScanner scanner(delimiter);
  size_t at = 0;
  while (at < rest.size()) {
    const size_t n = std::min(rest.size() - at, sizes->Next(16));
    const size_t end = scanner.Scan(rest.substr(at, n));
    if (end != std::string_view::npos) return at + end;
    at += n;
  }
  return std::string_view::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char kDelimiters[] = {',', ';', '\t', '|'};
  const char delimiter = kDelimiters[data[0] % 4];
  const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string_view bytes(input);
  fl::fuzz::ChunkSizes sizes(data[0]);

  const fl::CsvTokenizer tokenizer(delimiter);
  fl::CsvRecord record;
  size_t at = 0;
  while (at < bytes.size()) {
    const std::string_view rest = bytes.substr(at);
    const size_t taken = tokenizer.Next(rest, /*at_end=*/false, &record);
    fl::CsvBoundaryScanner whole(delimiter);
    const size_t scanned = whole.Scan(rest);
    const size_t pieces = ScanInPieces(delimiter, rest, &sizes);
    fl::fuzz::Check(pieces == scanned, "the scanner fed in pieces ends the record elsewhere", rest);
    if (taken == 0) {
      fl::fuzz::Check(scanned == std::string_view::npos, "the scanner ends a record the tokenizer finds unfinished",
                      rest);
      // The rest is the last record: at_end must take all of it.
      const size_t last = tokenizer.Next(rest, /*at_end=*/true, &record);
      fl::fuzz::Check(last == rest.size(), "at_end did not take the whole last record", rest);
      fl::fuzz::Check(!record.terminated, "an unfinished last record is marked terminated", rest);
      break;
    }
    fl::fuzz::Check(taken == scanned, "tokenizer and scanner end the record at different offsets", rest);
    fl::fuzz::Check(taken <= rest.size() && rest[taken - 1] == '\n', "a record does not end after a newline", rest);
    fl::fuzz::Check(record.terminated && record.newlines >= 1, "a complete record is not marked terminated", rest);
    fl::fuzz::Check(!record.fields.empty(), "a record without fields", rest);
    at += taken;
  }
  return 0;
}

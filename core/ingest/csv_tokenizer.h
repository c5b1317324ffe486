#ifndef FRICTIONLENS_CORE_INGEST_CSV_TOKENIZER_H_
#define FRICTIONLENS_CORE_INGEST_CSV_TOKENIZER_H_

// RFC 4180 records: fields split by a delimiter, records by '\n' (a '\r' just before
// it is dropped, so CRLF works). A field that starts with '"' is quoted: it may hold
// the delimiter, newlines and "" for one quote. Lenient like Python's csv module where
// RFC 4180 says nothing: a quote inside an unquoted field is literal (5" screen), and
// text after a closing quote continues the field ("ab"c -> abc).
//
//   a,"b,c","say ""hi""",   ->  [a] [b,c] [say "hi"] []
//
// The tokenizer reads complete records from a buffer; the builder carries an
// unfinished record over to the next chunk and uses CsvBoundaryScanner to find where
// it ends, so every record is scanned once however the input is chunked.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fl {

struct CsvRecord {
  // Views into the input buffer, or into `scratch` for quoted fields. Valid until the
  // next call that fills this record, and while the input buffer lives.
  std::vector<std::string_view> fields;
  int64_t newlines = 0;             // '\n' bytes consumed: the terminator plus embedded ones
  bool terminated = true;           // false: the input ended without a final newline
  bool unterminated_quote = false;  // the input ended inside a quoted field
  bool blank = false;               // an empty line (no bytes but the terminator)
  bool ascii = false;               // every byte is ASCII (false: not known)
  // The record had a '"' somewhere (it took the quoted path). A cell holding a JSON
  // object with a key always does, so only such records need looking at for JSON.
  bool has_quote = false;
  // Some byte of the record is NUL (binary data past the sniffed prefix): the row is
  // rejected, never read into a name.
  bool has_nul = false;

  std::string scratch;
  std::vector<uint32_t> bounds;  // internal: field end offsets into scratch
};

class CsvTokenizer {
 public:
  explicit CsvTokenizer(char delimiter) : delimiter_(delimiter) {}

  // Reads the record at the front of `data` into *record. Returns the bytes it spans
  // (terminator included), or 0 when `data` does not hold a whole record and more
  // may follow. With `at_end`, whatever is left is the last record (0 only if empty).
  size_t Next(std::string_view data, bool at_end, CsvRecord* record) const;

  char delimiter() const { return delimiter_; }

 private:
  size_t NextQuoted(std::string_view data, bool at_end, CsvRecord* record) const;
  void SplitUnquoted(const char* begin, size_t size, CsvRecord* record) const;
  char delimiter_;
};

// Finds the end of a record fed in pieces, with the same state machine as the
// tokenizer (quotes only open at the start of a field).
class CsvBoundaryScanner {
 public:
  explicit CsvBoundaryScanner(char delimiter) : delimiter_(delimiter) {}
  void Reset() { state_ = kFieldStart; }
  // The scan stopped inside a quoted field.
  bool in_quotes() const { return state_ == kQuoted; }
  // Continues the scan through `bytes`; returns the offset just past the '\n' that
  // ends the record, or std::string_view::npos when the record goes on.
  size_t Scan(std::string_view bytes);

 private:
  enum State { kFieldStart, kUnquoted, kQuoted, kQuotedQuote };
  char delimiter_;
  State state_ = kFieldStart;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_CSV_TOKENIZER_H_

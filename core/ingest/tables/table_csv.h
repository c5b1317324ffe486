#ifndef FRICTIONLENS_CORE_INGEST_TABLES_TABLE_CSV_H_
#define FRICTIONLENS_CORE_INGEST_TABLES_TABLE_CSV_H_

// One whole CSV file of a journey's tables, read record by record with the rules of the
// event reader (core/ingest/file_ingest.cc): the delimiter detected among , ; TAB |, a
// UTF-8 BOM skipped, RFC 4180 quoting, a stray quote costing its own line only, invalid
// UTF-8 replaced by U+FFFD. Records that cannot be a row come back with a problem (and
// the 1-based column it is in, 0 for the whole row) so that the caller counts them as
// rejected with their line.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "core/ingest/csv_tokenizer.h"

namespace fl {

struct TableRecord {
  int64_t line = 0;  // where the record starts
  std::vector<std::string> fields;
  std::string problem;  // non-empty: the row is to be rejected for this
  int64_t problem_column = 0;
};

class TableCsvReader {
 public:
  // `bytes` (decompressed) must outlive the reader; `delimiter` 0 = detect.
  TableCsvReader(std::string file, std::string_view bytes, char delimiter);

  // Reads the header (the first non-blank line). Fatal errors: binary data, no header,
  // a repeated or empty column name.
  absl::Status ReadHeader();
  const std::vector<std::string>& columns() const { return columns_; }
  char delimiter() const { return tokenizer_.delimiter(); }
  // The column's index, or -1.
  int Column(std::string_view name) const;

  // The next data record; false at the end of the file.
  bool Next(TableRecord* out);

  // Values whose invalid UTF-8 was replaced, and the first line with one.
  int64_t bad_utf8_values() const { return bad_utf8_values_; }
  int64_t bad_utf8_first_line() const { return bad_utf8_first_line_; }
  const std::string& file() const { return file_; }

 private:
  std::string file_;
  std::string_view rest_;
  CsvTokenizer tokenizer_;
  CsvRecord record_;
  int64_t line_ = 1;
  std::vector<std::string> columns_;
  int64_t bad_utf8_values_ = 0;
  int64_t bad_utf8_first_line_ = 0;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_TABLES_TABLE_CSV_H_

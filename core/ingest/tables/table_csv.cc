#include "core/ingest/tables/table_csv.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "core/ingest/delimiter_detection.h"
#include "core/ingest/input_sniffer.h"
#include "core/ingest/utf8.h"

namespace fl {
namespace {

constexpr size_t kDelimiterSample = 64 << 10;

}  // namespace

TableCsvReader::TableCsvReader(std::string file, std::string_view bytes, char delimiter)
    : file_(std::move(file)),
      rest_(bytes.substr(Utf8BomLength(bytes))),
      tokenizer_(delimiter != 0 ? delimiter : DetectDelimiter(rest_.substr(0, kDelimiterSample))) {}

int TableCsvReader::Column(std::string_view name) const {
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i] == name) return static_cast<int>(i);
  }
  return -1;
}

absl::Status TableCsvReader::ReadHeader() {
  const std::string_view prefix = rest_.substr(0, kDelimiterSample);
  if (absl::Status s = CheckNotBinary(file_, prefix, /*complete=*/rest_.size() <= kDelimiterSample); !s.ok()) {
    return s;
  }
  while (!rest_.empty()) {
    const size_t n = tokenizer_.Next(rest_, /*at_end=*/true, &record_);
    if (n == 0) break;
    const int64_t line = line_;
    rest_.remove_prefix(n);
    line_ += record_.newlines;
    if (record_.blank) continue;
    std::set<std::string> seen;
    for (size_t i = 0; i < record_.fields.size(); ++i) {
      std::string name(record_.fields[i]);
      if (!IsValidUtf8(name)) {
        std::string clean;
        ReplaceInvalidUtf8(name, &clean);
        name = clean;
      }
      if (name.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(file_, ": line ", line, ": column ", i + 1, ": empty column name"));
      }
      if (!seen.insert(name).second) {
        return absl::InvalidArgumentError(
            absl::StrCat(file_, ": line ", line, ": column ", i + 1, ": column name ", name, " repeats"));
      }
      columns_.push_back(std::move(name));
    }
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrCat(file_, ": empty file (no header)"));
}

bool TableCsvReader::Next(TableRecord* out) {
  while (!rest_.empty()) {
    const size_t n = tokenizer_.Next(rest_, /*at_end=*/true, &record_);
    if (n == 0) return false;
    out->line = line_;
    out->problem.clear();
    out->problem_column = 0;
    out->fields.clear();
    const size_t first_line_end = rest_.find('\n');
    const size_t first_line = first_line_end == std::string_view::npos ? rest_.size() : first_line_end + 1;
    const bool spans_lines = record_.newlines > (record_.terminated ? 1 : 0);
    if (record_.unterminated_quote || (spans_lines && record_.fields.size() != columns_.size())) {
      // A stray quote: its line is rejected and the lines it swallowed are read again.
      out->problem = record_.unterminated_quote
                         ? "a quoted field opened here is never closed"
                         : absl::StrCat("a quoted field opened here runs over the next lines and leaves the row with ",
                                        record_.fields.size(), " fields, expected ", columns_.size(),
                                        "; reading went on at the next line");
      rest_.remove_prefix(first_line);
      ++line_;
      return true;
    }
    rest_.remove_prefix(n);
    line_ += record_.newlines;
    if (record_.blank) continue;
    if (record_.fields.size() != columns_.size()) {
      out->problem = absl::StrCat("row has ", record_.fields.size(), " fields, expected ", columns_.size());
      return true;
    }
    if (record_.has_nul) {
      out->problem = "NUL byte in the row (binary data?)";
      return true;
    }
    for (std::string_view field : record_.fields) {
      if (record_.ascii || IsValidUtf8(field)) {
        out->fields.emplace_back(field);
      } else {
        out->fields.emplace_back();
        ReplaceInvalidUtf8(field, &out->fields.back());
        if (bad_utf8_values_++ == 0) bad_utf8_first_line_ = out->line;
      }
    }
    return true;
  }
  return false;
}

}  // namespace fl

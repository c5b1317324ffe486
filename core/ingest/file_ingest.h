#ifndef FRICTIONLENS_CORE_INGEST_FILE_INGEST_H_
#define FRICTIONLENS_CORE_INGEST_FILE_INGEST_H_

// One input file on its way into EventRows: waits for the sniff prefix (so that the
// format, delimiter and binary decisions never depend on chunking), then splits the
// bytes into records, carrying only the unfinished record from one chunk to the next,
// and turns each record into an accepted or a rejected row.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/ingest/column_roles.h"
#include "core/ingest/csv_tokenizer.h"
#include "core/ingest/event_rows.h"
#include "core/ingest/recent_values.h"
#include "core/ingest/role_checks.h"
#include "core/ingest/event_table_builder.h"
#include "core/ingest/ingest_options.h"
#include "core/ingest/input_sniffer.h"
#include "core/ingest/jsonl_reader.h"
#include "core/ingest/otto_importer.h"
#include "core/ingest/sources/source_profile.h"
#include "core/ingest/timestamp_parser.h"

namespace fl {

class FileIngest {
 public:
  // `schema` and `warnings` must outlive this object.
  FileIngest(uint32_t index, const IngestOptions& options, TimeFormat time_format, EventRows* rows,
             FileSchema* schema, std::vector<std::string>* warnings);

  absl::Status Feed(std::string_view bytes);
  absl::Status End();

  // Row index (in EventRows) of an accepted last line that had no newline, or -1:
  // Finish warns about it if it turns out to be a time outlier.
  int64_t unterminated_row() const { return unterminated_row_; }

  // --- Parallel ingest of one file (core/ingest/parallel_ingest.h) -----------------
  // The file's first part decides (format, delimiter, columns: decided() once all are
  // known, e.g. not while every JSON line so far was invalid); every later part is
  // read by a Continuation that takes those decisions over and starts at a record
  // boundary. Parts are then folded back in file order.
  bool decided() const { return decided_ && have_columns_; }
  InputFormat format() const { return format_; }
  // No unfinished record is held: the bytes fed so far end at a record boundary.
  bool at_record_boundary() const { return sniff_.empty() && carry_.empty() && !skipping_; }
  int64_t next_line() const { return line_; }
  // A reader for a later part of the same file, writing into `rows` (its property
  // columns are registered in this reader's order), counting lines from `first_line`.
  std::unique_ptr<FileIngest> Continuation(EventRows* rows, FileSchema* schema,
                                           std::vector<std::string>* warnings,
                                           int64_t first_line) const;
  // Reads the unfinished last record (a last line without a newline), as End does,
  // without End's whole-file warnings: for the file's last part.
  absl::Status FlushLastRecord();
  // Takes over what `later` (a Continuation whose rows were appended after row
  // `row_offset` of this reader's rows) counted for the whole-file warnings and the
  // schema, so that End reports on the whole file.
  void Absorb(const FileIngest& later, int64_t row_offset);

 private:
  absl::Status Decide(bool complete);
  absl::Status Process(std::string_view data);
  absl::Status ProcessCsv(std::string_view data);
  absl::Status OnCsvRecord(const CsvRecord& record);
  // record_, read from the front of `text` (n bytes): used or rejected. Returns the bytes
  // consumed: n, or only the first line when a stray quote swallowed the lines after it
  // (they are to be read again).
  absl::StatusOr<size_t> TakeCsvRecord(std::string_view text, size_t n);
  // `next` starts the record after the one being read: its user field, found by a
  // quick scan (a plain field on its first line), is prefetched in the users' index.
  void PrefetchUser(std::string_view next) const;
  absl::Status ProcessLines(std::string_view data);
  // Counts the record starting at line_ (`text`) as a rejected row: a quote that never
  // closes, an overlong line. Fatal for the header.
  // `open_quote`: the row's column is that of the quoted field left open.
  absl::Status RejectOpenRecord(std::string_view text, std::string_view reason, bool open_quote);
  // When the unfinished record outgrew its limit: rejected, and reading goes on at the
  // line after its first (a quoted field) or after its end (an overlong line).
  absl::Status CheckCarryLimit();
  // Drops input up to the end of the current line (after an overlong one); the bytes
  // left after it, or empty while the line goes on.
  std::string_view SkipRestOfLine(std::string_view data);
  absl::Status OnLine(std::string_view line, bool terminated);
  void OnJsonLine(std::string_view line, bool terminated);
  void OnOttoLine(std::string_view line, bool terminated);
  absl::Status SetColumns(std::vector<std::string> columns, std::string_view where);
  // The vendor profile for these columns (--source, or recognised), into source_.
  void ChooseSource(const std::vector<std::string>& columns);
  // Maps the pairs in flat_ to column slots (new keys become property columns) and
  // accepts the row: JSON Lines, and CSV rows with JSON cells.
  void AcceptFlat(int64_t line, bool terminated);
  // Replaces values of flat_ that hold JSON (nested_values.h) by their dotted keys.
  void ExpandNestedValues();
  // A vendor row: its event as the vendor meant it, page and target filled in, into
  // vendor_fields_. False when the row carries identity only (then already counted).
  bool PrepareVendorRow(const std::string_view* fields, int64_t line, bool terminated);
  std::string_view FieldByName(const std::string_view* fields, std::string_view name) const;
  int AddSyntheticColumn(const std::string& name);
  // The property column of input column `name`, or -1 when projection leaves it unread
  // (IngestOptions::read_properties; it is then named in the table's unread_properties).
  int32_t PropertyColumnFor(const std::string& name);
  uint32_t JsonSlot(const std::string& key);
  // Validates and appends (or rejects) one row whose fields follow columns_.
  // `ascii`: every field is known to be ASCII (so valid UTF-8, no check needed).
  void AcceptRow(const std::string_view* fields, int64_t line, bool terminated, bool ascii = false);
  void RejectRow(int64_t line, int64_t column, std::string reason, bool terminated);
  std::string_view CleanUtf8(std::string_view value, std::string* scratch, int64_t line);

  const uint32_t index_;
  const IngestOptions& options_;
  TimeFormat time_format_;
  EventRows* rows_;
  FileSchema* schema_;
  std::vector<std::string>* warnings_;

  bool decided_ = false;
  std::string sniff_;  // the first bytes, until the decisions are taken
  int64_t bytes_ = 0;
  InputFormat format_ = InputFormat::kCsv;
  std::string carry_;  // the unfinished record
  bool skipping_ = false;  // inside an overlong line that was rejected
  int64_t line_ = 1;   // line where the next record starts

  // CSV
  CsvTokenizer tokenizer_{','};
  CsvBoundaryScanner scanner_{','};
  CsvRecord record_;
  bool have_columns_ = false;
  std::vector<std::string> columns_;
  RoleIndexes roles_;
  std::vector<int32_t> column_property_;  // per column: property index or -1
  // Per column: a property column that projection leaves unread. Its values are still
  // checked for UTF-8, so that the warning counts the same values as a full read.
  std::vector<bool> column_unread_;
  // The column of a plain CSV row's user (one id column, no vendor rules), for
  // PrefetchUser; -1: no prefetch.
  int prefetch_user_column_ = -1;
  // Per column: id of the value the previous row had there (0 = none). Consecutive
  // rows often repeat it (a user's device, country, browser), and a field equal to an
  // interned value is known to be valid UTF-8: no check, no hash lookup.
  // Per column: the values seen lately (see recent_values.h).
  std::vector<RecentValues> recent_;
  std::vector<uint32_t> row_property_ids_;  // the row being accepted

  // Vendor exports (core/ingest/sources)
  const SourceProfile* source_ = nullptr;
  std::string source_reason_;
  bool vendor_ = false;
  size_t csv_width_ = 0;  // fields of a CSV record (columns_ grows with JSON cells)
  int page_out_ = -1, target_out_ = -1;  // the `page` and `target` columns filled per row
  std::vector<std::string_view> vendor_fields_;
  std::string event_scratch_, target_scratch_;
  FlatObject expanded_;
  std::map<std::pair<std::string, std::string>, int64_t> renamed_;
  RoleChecks checks_;

  // JSON Lines and OTTO
  FlatObject flat_;
  OttoSession otto_;
  absl::flat_hash_map<std::string, uint32_t> json_slots_;
  std::vector<std::string_view> slot_values_;
  std::vector<uint32_t> line_slots_;  // per key position in the last line: its slot
  std::string error_text_;

  unsigned time_kinds_ = 0;  // bit per TimeKind seen
  int64_t unterminated_row_ = -1;
  int64_t bad_utf8_values_ = 0;
  int64_t bad_utf8_first_line_ = 0;
  std::string utf8_user_, utf8_event_, utf8_other_;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_FILE_INGEST_H_

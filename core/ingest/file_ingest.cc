#include "core/ingest/file_ingest.h"

#include "core/ingest/cell_text.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/ingest/text_view.h"
#include "core/ingest/delimiter_detection.h"
#include "core/ingest/sources/nested_values.h"
#include "core/ingest/sources/vendor_events.h"
#include "core/ingest/utf8.h"
#include "core/short_text.h"

namespace fl {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

// Header names: trimmed; an empty name becomes column_N; a repeated name gets _2, _3, and
// each such rename is said in `renamed` ("column 4 \"event\" is read as \"event_2\""), since
// the first of two same-named columns is the one a role or a step property takes.
// Linear in the header's width (a set of the names so far), whatever its width.
std::vector<std::string> CleanColumnNames(const std::vector<std::string_view>& fields,
                                          std::vector<std::string>* renamed) {
  std::vector<std::string> names;
  names.reserve(fields.size());
  absl::flat_hash_set<std::string> taken;
  for (size_t i = 0; i < fields.size(); ++i) {
    std::string name(Trim(fields[i]));
    if (name.empty()) name = absl::StrCat("column_", i + 1);
    if (taken.contains(name)) {
      for (int k = 2;; ++k) {
        std::string candidate = absl::StrCat(name, "_", k);
        if (!taken.contains(candidate)) {
          renamed->push_back(absl::StrCat("column ", i + 1, " ", Quoted(name), " is read as ", Quoted(candidate)));
          name = std::move(candidate);
          break;
        }
      }
    }
    taken.insert(name);
    names.push_back(std::move(name));
  }
  return names;
}

}  // namespace

FileIngest::FileIngest(uint32_t index, const IngestOptions& options, TimeFormat time_format, EventRows* rows,
                       FileSchema* schema, std::vector<std::string>* warnings)
    : index_(index),
      options_(options),
      time_format_(time_format),
      rows_(rows),
      schema_(schema),
      warnings_(warnings) {}

absl::Status FileIngest::Feed(std::string_view bytes) {
  bytes_ += static_cast<int64_t>(bytes.size());
  if (decided_) return Process(bytes);
  sniff_.append(bytes.data(), bytes.size());
  if (sniff_.size() < kSniffBytes) return absl::OkStatus();
  return Decide(/*complete=*/false);
}

std::unique_ptr<FileIngest> FileIngest::Continuation(EventRows* rows, FileSchema* schema,
                                                     std::vector<std::string>* warnings,
                                                     int64_t first_line) const {
  auto part = std::make_unique<FileIngest>(index_, options_, time_format_, rows, schema, warnings);
  part->decided_ = true;
  part->format_ = format_;
  part->line_ = first_line;
  part->tokenizer_ = CsvTokenizer(tokenizer_.delimiter());
  part->scanner_ = CsvBoundaryScanner(tokenizer_.delimiter());
  part->have_columns_ = have_columns_;
  part->columns_ = columns_;
  part->roles_ = roles_;
  part->column_property_ = column_property_;
  part->column_unread_ = column_unread_;
  part->prefetch_user_column_ = prefetch_user_column_;
  // Register the properties in this reader's order, so the indexes above hold there.
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (column_property_[i] >= 0) rows->PropertyIndex(columns_[i]);
  }
  if (roles_.session >= 0) rows->EnableSessions();
  part->json_slots_ = json_slots_;
  part->source_ = source_;
  part->vendor_ = vendor_;
  part->csv_width_ = csv_width_;
  part->page_out_ = page_out_;
  part->target_out_ = target_out_;
  part->checks_.Begin(columns_, roles_);
  for (uint32_t column : rows_->insert_id_columns()) {
    rows->MarkInsertId(rows->PropertyIndex(rows_->table().properties[column].name));
  }
  return part;
}

absl::Status FileIngest::FlushLastRecord() {
  if (format_ == InputFormat::kCsv) {
    const std::string rest = std::move(carry_);
    carry_.clear();
    std::string_view view = rest;
    while (!view.empty()) {
      const size_t n = tokenizer_.Next(view, /*at_end=*/true, &record_);
      if (!record_.unterminated_quote) {
        absl::StatusOr<size_t> taken = TakeCsvRecord(view, n);
        if (!taken.ok()) return taken.status();
        view.remove_prefix(*taken);
        continue;
      }
      // A quote opened on this line never closes: the line is a rejected row, and the
      // lines the quote swallowed are read again as records.
      if (absl::Status s = RejectOpenRecord(view, "a quoted field opened here is never closed", true); !s.ok()) {
        return s;
      }
      const size_t nl = view.find('\n');
      if (nl == std::string_view::npos) break;
      view.remove_prefix(nl + 1);
      ++line_;
    }
  } else if (!carry_.empty()) {
    if (absl::Status s = OnLine(carry_, /*terminated=*/false); !s.ok()) return s;
  }
  carry_.clear();
  skipping_ = false;
  return absl::OkStatus();
}

absl::Status FileIngest::RejectOpenRecord(std::string_view text, std::string_view reason, bool open_quote) {
  if (!have_columns_) {
    return absl::InvalidArgumentError(absl::StrCat(schema_->file, ": line ", line_, ": the header: ", Sv(reason)));
  }
  int64_t column = 0;
  if (open_quote) {
    // Read alone, the first line ends inside the open field: its 1-based index.
    CsvRecord first;
    tokenizer_.Next(text.substr(0, std::min(text.find('\n'), size_t{1} << 16)), /*at_end=*/true, &first);
    column = static_cast<int64_t>(first.fields.size());
  }
  rows_->CountRow();
  ++schema_->rows;
  RejectRow(line_, column, std::string(reason), /*terminated=*/true);
  return absl::OkStatus();
}

absl::Status FileIngest::CheckCarryLimit() {
  const bool quoted = format_ == InputFormat::kCsv && scanner_.in_quotes();
  const int64_t limit = quoted ? options_.max_quoted_bytes : options_.max_line_bytes;
  if (static_cast<int64_t>(carry_.size()) <= limit) return absl::OkStatus();
  const std::string reason =
      quoted ? absl::StrCat("a quoted field opened here is still open after ", limit,
                            " bytes (a stray quote?); reading went on at the next line")
             : absl::StrCat("line longer than ", limit, " bytes");
  if (absl::Status s = RejectOpenRecord(carry_, reason, quoted); !s.ok()) return s;
  const size_t nl = carry_.find('\n');
  if (nl == std::string::npos) {
    // One line with no end yet: its bytes are dropped as they come.
    carry_.clear();
    skipping_ = true;
    return absl::OkStatus();
  }
  const std::string rest = carry_.substr(nl + 1);
  carry_.clear();
  ++line_;
  scanner_.Reset();
  return Process(rest);
}

std::string_view FileIngest::SkipRestOfLine(std::string_view data) {
  const size_t nl = data.find('\n');
  if (nl == std::string_view::npos) return {};
  skipping_ = false;
  ++line_;
  return data.substr(nl + 1);
}

void FileIngest::Absorb(const FileIngest& later, int64_t row_offset) {
  bytes_ += later.bytes_;
  line_ = later.line_;
  time_kinds_ |= later.time_kinds_;
  if (later.bad_utf8_values_ > 0 && bad_utf8_values_ == 0) bad_utf8_first_line_ = later.bad_utf8_first_line_;
  bad_utf8_values_ += later.bad_utf8_values_;
  if (later.unterminated_row_ >= 0) unterminated_row_ = later.unterminated_row_ + row_offset;
  // JSON keys first seen in a later part are more columns, in first-seen order.
  for (const std::string& column : later.columns_) {
    if (std::find(columns_.begin(), columns_.end(), column) != columns_.end()) continue;
    columns_.push_back(column);
    column_property_.push_back(PropertyColumnFor(column));
    column_unread_.push_back(column_property_.back() < 0);
    json_slots_.emplace(column, static_cast<uint32_t>(columns_.size() - 1));
  }
  for (const auto& [names, count] : later.renamed_) renamed_[names] += count;
  checks_.Merge(later.checks_);
  schema_->columns = columns_;
  schema_->rows += later.schema_->rows;
  schema_->rejected += later.schema_->rejected;
}

absl::Status FileIngest::End() {
  if (!decided_) {
    if (absl::Status s = Decide(/*complete=*/true); !s.ok()) return s;
  }
  // The unfinished record is the last one, even without a newline.
  if (absl::Status s = FlushLastRecord(); !s.ok()) return s;

  const std::string& file = schema_->file;
  if (bytes_ == 0 || (!have_columns_ && schema_->rows == 0 && format_ == InputFormat::kCsv)) {
    warnings_->push_back(absl::StrCat(file, ": empty file"));
  } else if (schema_->rows == 0) {
    warnings_->push_back(absl::StrCat(file, ": no data rows"));
  }
  if (bad_utf8_values_ > 0) {
    warnings_->push_back(absl::StrCat(file, ": line ", bad_utf8_first_line_, ": invalid UTF-8 replaced by U+FFFD in ",
                                      bad_utf8_values_, bad_utf8_values_ == 1 ? " value" : " values"));
  }
  checks_.Warn(file, time_kinds_, warnings_);
  schema_->renamed.clear();
  for (const auto& [names, count] : renamed_) schema_->renamed.emplace_back(names.first + " -> " + names.second, count);
  int kinds = 0;
  for (int k = 0; k < kTimeKindCount; ++k) kinds += (time_kinds_ >> k) & 1;
  if (kinds == 1) {
    for (int k = 0; k < kTimeKindCount; ++k) {
      if (time_kinds_ & (1u << k)) schema_->time_format = TimeKindName(static_cast<TimeKind>(k));
    }
  } else if (kinds > 1) {
    schema_->time_format = "mixed";
  }
  return absl::OkStatus();
}

absl::Status FileIngest::Decide(bool complete) {
  decided_ = true;
  const std::string_view prefix = std::string_view(sniff_).substr(0, kSniffBytes);
  const std::string& file = schema_->file;
  if (absl::Status s = CheckNotBinary(file, prefix, complete); !s.ok()) return s;
  if (absl::Status s = CheckLayout(file, prefix, complete); !s.ok()) return s;
  const size_t bom = Utf8BomLength(prefix);
  const std::string_view body = prefix.substr(bom);

  if (options_.format == "csv") {
    format_ = InputFormat::kCsv;
  } else if (options_.format == "jsonl") {
    format_ = InputFormat::kJsonl;
  } else if (options_.format == "otto") {
    format_ = InputFormat::kOtto;
  } else {
    format_ = DetectFormat(body);
  }
  schema_->format = InputFormatName(format_);

  if (format_ == InputFormat::kCsv) {
    const char delimiter = options_.delimiter != 0 ? options_.delimiter : DetectDelimiter(body);
    tokenizer_ = CsvTokenizer(delimiter);
    scanner_ = CsvBoundaryScanner(delimiter);
    schema_->delimiter = delimiter;
    schema_->header = options_.columns.empty();
    if (!options_.columns.empty()) {
      if (absl::Status s = SetColumns(options_.columns, "--columns"); !s.ok()) return s;
    } else if ((options_.source == "auto" || options_.source == "snowplow") &&
               LooksLikeSnowplowTsv(body.substr(0, body.find('\n')))) {
      // Snowplow's enriched TSV has no header: its columns are the documented layout.
      source_ = FindSource("snowplow");
      if (options_.source == "auto") {
        source_reason_ = "131 tab-separated fields, a platform and a collector time, as Snowplow's enriched events";
      }
      tokenizer_ = CsvTokenizer('\t');
      scanner_ = CsvBoundaryScanner('\t');
      schema_->delimiter = '\t';
      schema_->header = false;
      if (absl::Status s = SetColumns(SnowplowEnrichedColumns(), "Snowplow enriched TSV"); !s.ok()) return s;
    }
  } else if (format_ == InputFormat::kOtto) {
    schema_->header = false;
    if (absl::Status s = SetColumns({"session", "aid", "ts", "type"}, "OTTO"); !s.ok()) return s;
  } else {
    schema_->header = false;
    // Roles come from the keys of every complete line in the prefix, in first-seen order.
    std::vector<std::string> keys;
    std::string_view rest = body;
    while (!rest.empty()) {
      const size_t nl = rest.find('\n');
      if (nl == std::string_view::npos && !complete) break;
      const std::string_view line = rest.substr(0, nl);
      rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
      if (IsBlank(line) || !FlattenJsonLine(line, &flat_, &error_text_)) continue;
      ExpandNestedValues();
      for (size_t i = 0; i < flat_.size; ++i) {
        if (std::find(keys.begin(), keys.end(), flat_.keys[i]) == keys.end()) keys.push_back(flat_.keys[i]);
      }
    }
    if (!keys.empty()) {
      if (absl::Status s = SetColumns(std::move(keys), "line 1 (JSON keys)"); !s.ok()) return s;
    }
  }

  std::string buffered = std::move(sniff_);
  sniff_ = std::string();
  return Process(std::string_view(buffered).substr(bom));
}

void FileIngest::ChooseSource(const std::vector<std::string>& columns) {
  if (source_ != nullptr) return;  // a Snowplow TSV, chosen in Decide
  if (options_.source == "auto") {
    SourceMatch match = DetectSource(columns);
    source_ = match.profile;
    source_reason_ = std::move(match.reason);
  } else {
    source_ = FindSource(options_.source);
    if (source_ == nullptr) source_ = &GenericSource();  // checked by EventTableBuilder
  }
}

absl::Status FileIngest::SetColumns(std::vector<std::string> columns, std::string_view where) {
  // A CSV record has the header's fields; the roles may add columns the file lacks.
  const size_t width = columns.size();
  absl::StatusOr<RoleIndexes> roles;
  if (format_ == InputFormat::kOtto) {
    RoleIndexes otto;  // session, aid, ts, type
    otto.user = 0;
    otto.time = 2;
    otto.event = 3;
    otto.identity = {0};
    roles = std::move(otto);
    source_ = &GenericSource();
  } else {
    ChooseSource(columns);
    roles = ResolveProfileRoles(schema_->file, where, &columns, options_.map, *source_,
                                /*may_add=*/true,
                                format_ == InputFormat::kCsv ? DelimiterName(tokenizer_.delimiter()) : "");
  }
  if (!roles.ok()) return roles.status();
  roles_ = *roles;
  columns_ = std::move(columns);
  csv_width_ = width;
  have_columns_ = true;
  vendor_ = source_->kind != SourceKind::kGeneric;
  prefetch_user_column_ = -1;
  if (format_ == InputFormat::kCsv && !vendor_ && roles_.identity.size() <= 1) {
    prefetch_user_column_ = roles_.identity.empty() ? roles_.user : roles_.identity[0];
  }
  column_property_.assign(columns_.size(), -1);
  column_unread_.assign(columns_.size(), false);
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (roles_.IsRole(static_cast<int>(i))) continue;
    // The insert id is always read: it decides which rows are duplicates.
    const bool insert_id = static_cast<int>(i) == roles_.insert_id;
    column_property_[i] = insert_id ? static_cast<int32_t>(rows_->PropertyIndex(columns_[i]))
                                    : PropertyColumnFor(columns_[i]);
    column_unread_[i] = column_property_[i] < 0;
  }
  if (roles_.insert_id >= 0) rows_->MarkInsertId(static_cast<uint32_t>(column_property_[roles_.insert_id]));
  if (roles_.session >= 0) rows_->EnableSessions();
  json_slots_.clear();
  for (size_t i = 0; i < columns_.size(); ++i) json_slots_.emplace(columns_[i], static_cast<uint32_t>(i));
  // The properties the friction detectors read, from the vendor's own names.
  if (vendor_ && !source_->page.empty()) page_out_ = AddSyntheticColumn("page");
  if (vendor_ && !source_->element.empty()) target_out_ = AddSyntheticColumn("target");
  schema_->columns = columns_;
  schema_->user_column = columns_[roles_.user];
  schema_->time_column = columns_[roles_.time];
  schema_->event_column = columns_[roles_.event];
  schema_->session_column = roles_.session >= 0 ? columns_[roles_.session] : "";
  schema_->source = source_->name;
  schema_->source_title = source_->title;
  schema_->source_reason = source_reason_;
  schema_->source_detected = options_.source == "auto" && vendor_;
  schema_->identity_columns.clear();
  for (int c : roles_.identity) schema_->identity_columns.push_back(columns_[c]);
  checks_.Begin(columns_, roles_);
  return absl::OkStatus();
}

// A column of the file's own name wins: `page` is then the vendor's, not ours.
int FileIngest::AddSyntheticColumn(const std::string& name) {
  if (json_slots_.contains(Sv(name))) return -1;
  columns_.push_back(name);
  column_property_.push_back(PropertyColumnFor(name));
  column_unread_.push_back(column_property_.back() < 0);
  json_slots_.emplace(name, static_cast<uint32_t>(columns_.size() - 1));
  return static_cast<int>(columns_.size() - 1);
}

absl::Status FileIngest::Process(std::string_view data) {
  if (format_ == InputFormat::kCsv) return ProcessCsv(data);
  return ProcessLines(data);
}

absl::Status FileIngest::ProcessCsv(std::string_view data) {
  if (skipping_) data = SkipRestOfLine(data);
  if (!carry_.empty()) {
    const size_t end = scanner_.Scan(data);
    if (end == std::string_view::npos) {
      carry_.append(data.data(), data.size());
      return CheckCarryLimit();
    }
    carry_.append(data.data(), end);
    const std::string record = std::move(carry_);
    carry_.clear();
    const size_t n = tokenizer_.Next(record, /*at_end=*/false, &record_);
    absl::StatusOr<size_t> taken = TakeCsvRecord(record, n);
    if (!taken.ok()) return taken.status();
    data.remove_prefix(end);
    if (*taken < record.size()) {
      // The lines a stray quote swallowed, read again, then the rest of this chunk.
      if (absl::Status s = ProcessCsv(std::string_view(record).substr(*taken)); !s.ok()) return s;
      return ProcessCsv(data);
    }
  }
  while (!data.empty()) {
    const size_t n = tokenizer_.Next(data, /*at_end=*/false, &record_);
    if (n == 0) {
      carry_.assign(data.data(), data.size());
      scanner_.Reset();
      scanner_.Scan(carry_);  // sets the scanner's state at the end of the carry
      return CheckCarryLimit();
    }
    if (prefetch_user_column_ >= 0 && n < data.size()) PrefetchUser(data.substr(n));
    absl::StatusOr<size_t> taken = TakeCsvRecord(data, n);
    if (!taken.ok()) return taken.status();
    data.remove_prefix(*taken);
  }
  return absl::OkStatus();
}

void FileIngest::PrefetchUser(std::string_view next) const {
  // A hint only: a quoted or odd record just prefetches a slot nobody reads.
  const char delimiter = tokenizer_.delimiter();
  const size_t limit = std::min<size_t>(next.size(), 1024);
  size_t start = 0;
  for (int column = 0;; ++column) {
    size_t end = start;
    while (end < limit && next[end] != delimiter && next[end] != '\n' && next[end] != '\r') ++end;
    if (end == limit) return;
    if (column == prefetch_user_column_) {
      rows_->PrefetchUser(next.substr(start, end - start));
      return;
    }
    if (next[end] != delimiter) return;  // the line ended first
    start = end + 1;
  }
}

absl::StatusOr<size_t> FileIngest::TakeCsvRecord(std::string_view text, size_t n) {
  if (static_cast<int64_t>(n) > options_.max_line_bytes) {
    const int64_t newlines = record_.newlines;
    absl::Status s =
        RejectOpenRecord(text, absl::StrCat("line longer than ", options_.max_line_bytes, " bytes"), false);
    if (!s.ok()) return s;
    line_ += newlines;
    return n;
  }
  const bool spans_lines = record_.newlines > (record_.terminated ? 1 : 0);
  if (have_columns_ && spans_lines && record_.fields.size() != csv_width_) {
    // A quote that closes lines later and leaves the row with the wrong field count is
    // a stray quote, not a field with line breaks: only its first line is rejected.
    const std::string reason =
        absl::StrCat("a quoted field opened here runs over the next lines and leaves the row with ",
                     record_.fields.size(), " fields, expected ", csv_width_, "; reading went on at the next line");
    if (absl::Status s = RejectOpenRecord(text, reason, true); !s.ok()) return s;
    ++line_;
    return text.find('\n') + 1;
  }
  if (absl::Status s = OnCsvRecord(record_); !s.ok()) return s;
  return n;
}

absl::Status FileIngest::OnCsvRecord(const CsvRecord& record) {
  const int64_t line = line_;
  line_ += record.newlines;
  if (record.blank) return absl::OkStatus();
  if (!have_columns_) {
    std::vector<std::string> renamed;
    std::vector<std::string> names = CleanColumnNames(record.fields, &renamed);
    if (!renamed.empty()) {
      // Bounded: a header of 100,000 copies of one name makes one line, not 100,000.
      const size_t shown = std::min<size_t>(renamed.size(), 3);
      std::string message = absl::StrCat(schema_->file, ": line ", line, ": the header repeats column names: ",
                                         absl::StrJoin(renamed.begin(), renamed.begin() + shown, "; "));
      if (renamed.size() > shown) absl::StrAppend(&message, "; and ", renamed.size() - shown, " more");
      warnings_->push_back(std::move(message));
    }
    // Values here are column names: make them valid UTF-8 for every door.
    for (std::string& name : names) {
      if (!IsValidUtf8(name)) {
        std::string clean;
        ReplaceInvalidUtf8(name, &clean);
        name = std::move(clean);
      }
    }
    return SetColumns(std::move(names), absl::StrCat("line ", line));
  }
  rows_->CountRow();
  ++schema_->rows;
  if (record.fields.size() != csv_width_) {
    RejectRow(line, 0,
              absl::StrCat("row has ", record.fields.size(), record.fields.size() == 1 ? " field" : " fields",
                           ", expected ", csv_width_, schema_->header ? " (as in the header)" : " (--columns)"),
              record.terminated);
    return absl::OkStatus();
  }
  if (record.has_nul) {
    for (size_t i = 0; i < record.fields.size(); ++i) {
      if (record.fields[i].find('\0') == std::string_view::npos) continue;
      RejectRow(line, static_cast<int64_t>(i) + 1,
                absl::StrCat("NUL byte in column ", Sv(columns_[i]), " (binary data?)"), record.terminated);
      return absl::OkStatus();
    }
  }
  bool json_cell = false;
  if (record.has_quote) {
    for (const std::string_view field : record.fields) json_cell = json_cell || MayHoldJson(field);
  }
  if (json_cell) {
    // A cell holding JSON (PostHog's `properties`, Snowplow's contexts): its keys
    // become columns, as in JSON Lines.
    flat_.Clear();
    for (size_t i = 0; i < csv_width_; ++i) {
      if (!MayHoldJson(record.fields[i]) || !ExpandJsonValue(columns_[i], record.fields[i], &flat_)) {
        flat_.Add(columns_[i], record.fields[i]);
      }
    }
    AcceptFlat(line, record.terminated);
  } else if (columns_.size() > csv_width_) {
    slot_values_.assign(columns_.size(), std::string_view());
    std::copy(record.fields.begin(), record.fields.end(), slot_values_.begin());
    AcceptRow(slot_values_.data(), line, record.terminated, record.ascii);
  } else {
    AcceptRow(record.fields.data(), line, record.terminated, record.ascii);
  }
  return absl::OkStatus();
}

absl::Status FileIngest::ProcessLines(std::string_view data) {
  if (skipping_) data = SkipRestOfLine(data);
  if (!carry_.empty()) {
    const void* nl = std::memchr(data.data(), '\n', data.size());
    if (nl == nullptr) {
      carry_.append(data.data(), data.size());
      return CheckCarryLimit();
    }
    const size_t end = static_cast<size_t>(static_cast<const char*>(nl) - data.data());
    carry_.append(data.data(), end);
    if (absl::Status s = OnLine(carry_, /*terminated=*/true); !s.ok()) return s;
    carry_.clear();
    data.remove_prefix(end + 1);
  }
  while (!data.empty()) {
    const void* nl = std::memchr(data.data(), '\n', data.size());
    if (nl == nullptr) {
      carry_.assign(data.data(), data.size());
      return CheckCarryLimit();
    }
    const size_t end = static_cast<size_t>(static_cast<const char*>(nl) - data.data());
    if (static_cast<int64_t>(end) > options_.max_line_bytes) {
      if (absl::Status s = RejectOpenRecord(
              data.substr(0, end), absl::StrCat("line longer than ", options_.max_line_bytes, " bytes"), false);
          !s.ok()) {
        return s;
      }
      ++line_;
    } else if (absl::Status s = OnLine(data.substr(0, end), /*terminated=*/true); !s.ok()) {
      return s;
    }
    data.remove_prefix(end + 1);
  }
  return absl::OkStatus();
}

absl::Status FileIngest::OnLine(std::string_view line, bool terminated) {
  if (format_ == InputFormat::kOtto) {
    OnOttoLine(line, terminated);
  } else {
    OnJsonLine(line, terminated);
  }
  ++line_;
  return absl::OkStatus();
}

uint32_t FileIngest::JsonSlot(const std::string& key) {
  auto it = json_slots_.find(key);
  if (it != json_slots_.end()) return it->second;
  // A key first seen after the roles were fixed: one more property column.
  const uint32_t slot = static_cast<uint32_t>(columns_.size());
  columns_.push_back(key);
  column_property_.push_back(PropertyColumnFor(key));
  column_unread_.push_back(column_property_.back() < 0);
  json_slots_.emplace(key, slot);
  schema_->columns = columns_;
  return slot;
}

void FileIngest::OnJsonLine(std::string_view line, bool terminated) {
  if (IsBlank(line)) return;
  if (!FlattenJsonLine(line, &flat_, &error_text_)) {
    rows_->CountRow();
    ++schema_->rows;
    RejectRow(line_, 0, error_text_, terminated);
    return;
  }
  ExpandNestedValues();
  if (!have_columns_) {
    // No complete object in the sniffed prefix (a very long first line): use this one.
    std::vector<std::string> keys;
    for (size_t i = 0; i < flat_.size; ++i) {
      if (std::find(keys.begin(), keys.end(), flat_.keys[i]) == keys.end()) keys.push_back(flat_.keys[i]);
    }
    absl::Status s = SetColumns(std::move(keys), absl::StrCat("line ", line_, " (JSON keys)"));
    if (!s.ok()) {
      // Not fatal here (the status cannot escape a row); record it like a rejected row.
      rows_->CountRow();
      ++schema_->rows;
      RejectRow(line_, 0, std::string(s.message()), terminated);
      return;
    }
  }
  rows_->CountRow();
  ++schema_->rows;
  if (!flat_.simple) {
    // "\u0000" decodes to a NUL byte: no name or value may hold one.
    for (size_t i = 0; i < flat_.size; ++i) {
      if (flat_.values[i].find('\0') == std::string::npos && flat_.keys[i].find('\0') == std::string::npos) continue;
      const bool in_key = flat_.keys[i].find('\0') != std::string::npos;
      RejectRow(line_, 0, in_key ? "NUL byte in a key" : absl::StrCat("NUL byte in the value of ", Quoted(flat_.keys[i])),
                terminated);
      return;
    }
  }
  AcceptFlat(line_, terminated);
}

void FileIngest::ExpandNestedValues() {
  if (flat_.simple) return;
  size_t first = flat_.size;
  for (size_t i = 0; i < flat_.size && first == flat_.size; ++i) {
    if (MayHoldJson(flat_.values[i])) first = i;
  }
  if (first == flat_.size) return;
  expanded_.Clear();
  for (size_t i = 0; i < flat_.size; ++i) {
    if (i >= first && MayHoldJson(flat_.values[i]) && ExpandJsonValue(flat_.keys[i], flat_.values[i], &expanded_)) {
      continue;
    }
    if (expanded_.size == expanded_.keys.size()) {
      expanded_.keys.emplace_back();
      expanded_.values.emplace_back();
    }
    expanded_.keys[expanded_.size].swap(flat_.keys[i]);
    expanded_.values[expanded_.size].swap(flat_.values[i]);
    ++expanded_.size;
  }
  std::swap(flat_, expanded_);
}

void FileIngest::AcceptFlat(int64_t line, bool terminated) {
  // Lines usually repeat the previous line's keys in the same order: check the slot
  // the key had at this position last time before looking it up.
  if (line_slots_.size() < flat_.size) line_slots_.resize(flat_.size, UINT32_MAX);
  for (size_t i = 0; i < flat_.size; ++i) {
    uint32_t& slot = line_slots_[i];
    if (slot == UINT32_MAX || columns_[slot] != flat_.keys[i]) slot = JsonSlot(flat_.keys[i]);
  }
  slot_values_.assign(columns_.size(), std::string_view());
  for (size_t i = 0; i < flat_.size; ++i) slot_values_[line_slots_[i]] = flat_.values[i];
  AcceptRow(slot_values_.data(), line, terminated);
}

void FileIngest::OnOttoLine(std::string_view line, bool terminated) {
  if (IsBlank(line)) return;
  if (!ParseOttoLine(line, &otto_, &error_text_)) {
    rows_->CountRow();
    ++schema_->rows;
    RejectRow(line_, 0, error_text_, terminated);
    return;
  }
  std::string_view fields[4];
  fields[0] = otto_.session;
  for (size_t i = 0; i < otto_.event_count; ++i) {
    const OttoEvent& e = otto_.events[i];
    fields[1] = e.aid;
    fields[2] = e.ts;
    fields[3] = e.type;
    rows_->CountRow();
    ++schema_->rows;
    AcceptRow(fields, line_, terminated);
  }
}

void FileIngest::RejectRow(int64_t line, int64_t column, std::string reason, bool terminated) {
  rows_->Reject(index_, schema_->file, line, column, std::move(reason));
  ++schema_->rejected;
  if (!terminated) {
    warnings_->push_back(absl::StrCat(schema_->file, ": line ", line, ": last line has no newline and looks cut off"));
  }
}

int32_t FileIngest::PropertyColumnFor(const std::string& name) {
  if (options_.read_properties.has_value()) {
    bool read = false;
    for (const std::string& wanted : *options_.read_properties) {
      // As EventTable::FindProperty resolves a journey's name: exactly, or as the last
      // dotted part.
      read = read || name == wanted || IsDottedSuffix(name, wanted);
    }
    if (!read) {
      rows_->NoteUnreadProperty(name);
      return -1;
    }
  }
  return static_cast<int32_t>(rows_->PropertyIndex(name));
}

std::string_view FileIngest::CleanUtf8(std::string_view value, std::string* scratch, int64_t line) {
  if (IsValidUtf8(value)) return value;
  ReplaceInvalidUtf8(value, scratch);
  if (bad_utf8_values_++ == 0) bad_utf8_first_line_ = line;
  return *scratch;
}

std::string_view FileIngest::FieldByName(const std::string_view* fields, std::string_view name) const {
  auto it = json_slots_.find(Sv(name));
  if (it == json_slots_.end() || it->second >= columns_.size()) return {};
  return fields[it->second];
}

bool FileIngest::PrepareVendorRow(const std::string_view* fields, int64_t line, bool terminated) {
  vendor_fields_.assign(fields, fields + columns_.size());
  std::string_view event = fields[roles_.event];
  for (int c : roles_.event_fallbacks) {
    if (IsBlank(event)) event = fields[c];
  }
  if (roles_.call_type >= 0) {
    const std::string_view type = fields[roles_.call_type];
    const std::string_view name = roles_.call_name >= 0 ? fields[roles_.call_name] : std::string_view();
    if (SegmentCallEvent(type, event, name, &event_scratch_, &event) == CallKind::kIdentityOnly) {
      // Its ids link; the call itself is no step of a journey.
      uint32_t first = Dictionary::kNotFound;
      for (size_t k = 0; k < roles_.identity.size(); ++k) {
        const std::string_view id = fields[roles_.identity[k]];
        if (IsBlank(id)) continue;
        const uint32_t user = rows_->InternIdentity(CleanUtf8(id, &utf8_user_, line), static_cast<uint8_t>(k));
        if (first == Dictionary::kNotFound) {
          first = user;
        } else {
          rows_->Link(first, user);
        }
      }
      if (first == Dictionary::kNotFound) {
        RejectRow(line, roles_.user + 1, absl::StrCat(Sv(type), " call without an id (", Sv(columns_[roles_.user]), ")"),
                  terminated);
        return false;
      }
      rows_->CountIdentityRow();
      return false;
    }
  }
  const std::string_view canonical = CanonicalVendorEvent(event, FieldByName(fields, "properties.$event_type"));
  if (canonical.data() != event.data()) {
    ++renamed_[{std::string(event), std::string(canonical)}];
    event = canonical;
  }
  vendor_fields_[roles_.event] = event;
  if (roles_.session >= 0) {
    for (const std::string& null_value : source_->null_values) {
      if (fields[roles_.session] == null_value) vendor_fields_[roles_.session] = {};
    }
  }
  if (page_out_ >= 0) {
    for (const std::string& name : source_->page) {
      if (std::string_view page = FieldByName(fields, name); !page.empty()) {
        vendor_fields_[page_out_] = page;
        break;
      }
    }
  }
  if (target_out_ >= 0) {
    for (const std::string& name : source_->element) {
      const std::string_view value = FieldByName(fields, name);
      if (value.empty()) continue;
      target_scratch_ = name.find("elements_chain") != std::string::npos ? ElementFromChain(value)
                                                                         : ElementFromProperty(name, value);
      if (target_scratch_.empty()) continue;
      vendor_fields_[target_out_] = target_scratch_;
      break;
    }
  }
  return true;
}

void FileIngest::AcceptRow(const std::string_view* fields, int64_t line, bool terminated, bool ascii) {
  if (vendor_) {
    if (!PrepareVendorRow(fields, line, terminated)) return;
    fields = vendor_fields_.data();
    ascii = false;
  }
  // The person: the first non-empty id column (one column unless a vendor profile or
  // --map user=a|b gives several).
  size_t user_rank = 0;
  if (roles_.identity.size() > 1) {
    while (user_rank + 1 < roles_.identity.size() && IsBlank(fields[roles_.identity[user_rank]])) ++user_rank;
  }
  const int user_column = roles_.identity.empty() ? roles_.user : roles_.identity[user_rank];
  const std::string_view user = fields[user_column];
  const std::string_view event = fields[roles_.event];
  const std::string_view time_text = fields[roles_.time];
  int64_t time_ms = 0;
  TimeKind kind = TimeKind::kIso;
  const TimeFormat format = format_ == InputFormat::kOtto ? TimeFormat::kEpochMs : time_format_;

  // Report the leftmost problem, as a person reading the row would find it.
  int64_t bad_column = 0;
  std::string reason;
  auto problem = [&](int column, std::string text) {
    if (bad_column == 0 || column + 1 < bad_column) {
      bad_column = column + 1;
      reason = std::move(text);
    }
  };
  if (IsBlank(user)) {
    if (roles_.identity.size() > 1) {
      std::vector<std::string> names;
      for (int c : roles_.identity) names.push_back(columns_[c]);
      problem(roles_.user, absl::StrCat("no id in any of the columns ", absl::StrJoin(names, ", ")));
    } else {
      problem(roles_.user, absl::StrCat("empty user in column ", columns_[roles_.user]));
    }
  }
  if (IsBlank(event)) problem(roles_.event, absl::StrCat("empty event in column ", columns_[roles_.event]));
  if (!ParseTimestamp(time_text, format, &time_ms, &kind)) {
    problem(roles_.time, IsBlank(time_text)
                             ? absl::StrCat("empty time in column ", columns_[roles_.time])
                             : absl::StrCat("unparseable time ", Quoted(time_text), " in column ", columns_[roles_.time]));
  }
  checks_.OnRow();
  if (bad_column != 0) {
    if (IsBlank(user)) checks_.OnEmptyUser(fields);
    RejectRow(line, bad_column, std::move(reason), terminated);
    return;
  }
  checks_.OnAccepted(fields, time_ms);
  time_kinds_ |= 1u << static_cast<unsigned>(kind);
  // Property ids first, then the row in one append (each column written once).
  row_property_ids_.assign(rows_->property_count(), 0);
  if (recent_.size() < columns_.size()) recent_.resize(columns_.size());
  for (size_t i = 0; i < columns_.size(); ++i) {
    const int32_t property = column_property_[i];
    if (property < 0 || fields[i].empty()) {
      if (!ascii && column_unread_[i] && !fields[i].empty()) CleanUtf8(fields[i], &utf8_other_, line);
      continue;
    }
    const uint32_t column = static_cast<uint32_t>(property);
    uint32_t id = recent_[i].Find(fields[i]);
    if (id == RecentValues::kMiss) {
      id = rows_->InternProperty(column, ascii ? fields[i] : CleanUtf8(fields[i], &utf8_other_, line));
      recent_[i].Put(rows_->PropertyValue(column, id), id);
    }
    row_property_ids_[column] = id;
  }
  rows_->Append(index_, line, ascii ? user : CleanUtf8(user, &utf8_user_, line), time_ms,
                ascii ? event : CleanUtf8(event, &utf8_event_, line), row_property_ids_.data());
  if (roles_.session >= 0 && !fields[roles_.session].empty()) {
    rows_->SetSession(CleanUtf8(fields[roles_.session], &utf8_other_, line));
  }
  if (roles_.identity.size() > 1) {
    // Every other id on this row belongs to the same person.
    rows_->RankLastUser(static_cast<uint8_t>(user_rank));
    const uint32_t person = rows_->last_user();
    for (size_t k = user_rank + 1; k < roles_.identity.size(); ++k) {
      const std::string_view id = fields[roles_.identity[k]];
      if (IsBlank(id)) continue;
      rows_->Link(person, rows_->InternIdentity(CleanUtf8(id, &utf8_other_, line), static_cast<uint8_t>(k)));
    }
  }
  if (!terminated) unterminated_row_ = static_cast<int64_t>(rows_->size()) - 1;
}

}  // namespace fl

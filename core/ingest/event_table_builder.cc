#include "core/ingest/event_table_builder.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/container/flat_hash_set.h"
#include "core/ingest/decompressing_input.h"
#include "core/ingest/event_order.h"
#include "core/ingest/identity_stitching.h"
#include "core/ingest/sources/source_profile.h"
#include "core/ingest/event_rows.h"
#include "core/ingest/file_ingest.h"
#include "core/ingest/file_stats.h"
#include "core/ingest/parallel_ingest.h"
#include "core/ingest/time_outliers.h"
#include "core/ingest/timestamp_parser.h"
#include "core/parallel.h"
#include "core/time_format.h"

namespace fl {

struct EventTableBuilder::Impl {
  IngestOptions options;
  TimeFormat time_format = TimeFormat::kAuto;
  absl::Status error;  // sticky
  EventRows rows;
  std::vector<FileSchema> schemas;
  std::vector<std::string> warnings;
  std::vector<int64_t> unterminated_rows;  // per file
  std::unique_ptr<FileIngest> current;
  std::unique_ptr<DecompressingInput> decoder;  // in front of `current`
  int64_t bytes = 0;
  std::vector<uint32_t> made_ids;  // AddMadeEvent's property ids

  absl::Status Fail(absl::Status status) {
    error = status;
    current.reset();
    return status;
  }
  // The current file's bytes, decompressed on the way when they are gzip or zstd.
  absl::Status FeedCurrent(std::string_view bytes) {
    return decoder->Feed(bytes, [this](std::string_view text) { return current->Feed(text); });
  }
  absl::Status EndCurrent() {
    if (current == nullptr) return absl::OkStatus();
    absl::Status s = decoder->End([this](std::string_view text) { return current->Feed(text); });
    schemas.back().compression = CompressionName(decoder->compression());
    if (s.ok()) s = current->End();
    unterminated_rows.push_back(current->unterminated_row());
    current.reset();
    return s;
  }
  void ScreenTimeOutliers();
  void RenumberUsersAndEvents();
  // Removes the rows whose `keep` is false from every column.
  void KeepRows(const std::vector<bool>& keep);
  void DropDuplicates();
  void Stitch();
  void RecordSources();
};

namespace {

// A person of this many ids is more likely a shared device than one shopper.
constexpr int64_t kLargePerson = 50;

template <typename T>
void KeepIf(const std::vector<int64_t>& time, int64_t low, int64_t high, std::vector<T>* column) {
  size_t w = 0;
  for (size_t i = 0; i < time.size(); ++i) {
    if (time[i] >= low && time[i] <= high) (*column)[w++] = (*column)[i];
  }
  column->resize(w);
  column->shrink_to_fit();
}

// Re-interns a dictionary in first-use order of `ids`, dropping unused entries.
template <typename Ids>
void Renumber(Dictionary* dictionary, Ids* ids) {
  std::vector<uint32_t> remap(dictionary->size(), Dictionary::kNotFound);
  Dictionary fresh;
  for (size_t row = 0; row < ids->size(); ++row) {
    const uint32_t id = (*ids)[row];
    if (remap[id] == Dictionary::kNotFound) remap[id] = fresh.Intern(dictionary->Value(id));
    (*ids)[row] = remap[id];
  }
  *dictionary = std::move(fresh);
}

}  // namespace

// See time_outliers.h. Outlier rows are removed from every column, counted as
// rejected with their file and line, and summarised in one warning.
void EventTableBuilder::Impl::ScreenTimeOutliers() {
  EventTable& table = rows.table();
  if (options.keep_time_outliers || table.size() == 0) return;
  const TimeBounds bounds = ComputeTimeBounds(table.time_ms);
  const std::string range = absl::StrCat(FormatIsoUtc(bounds.q001), "..", FormatIsoUtc(bounds.q999));

  std::vector<Rejection> outliers;
  std::vector<uint32_t> outlier_files;
  int64_t count = 0;
  std::string first_place;
  for (size_t row = 0; row < table.size(); ++row) {
    const int64_t t = table.time_ms[row];
    if (t >= bounds.low && t <= bounds.high) continue;
    uint32_t file = 0;
    int64_t line = 0;
    rows.Locate(static_cast<uint32_t>(row), &file, &line);
    ++count;
    ++schemas[file].rejected;
    if (count == 1) first_place = absl::StrCat(schemas[file].file, " line ", line);
    if (outliers.size() < InputStats::kMaxRejectionsKept) {
      outliers.push_back({schemas[file].file, line, 0,
                          absl::StrCat("time ", FormatIsoUtc(t), " is far outside the data's range ", range)});
      outlier_files.push_back(file);
    }
    if (unterminated_rows[file] == static_cast<int64_t>(row)) {
      warnings.push_back(absl::StrCat(schemas[file].file, ": line ", line, ": last line has no newline and looks cut off"));
    }
  }
  if (count == 0) return;

  table.input.rejected += count;
  table.input.rejected_by_kind["time_outlier"] += count;
  warnings.push_back(absl::StrCat(count, count == 1 ? " row has a time" : " rows have times",
                                  " far outside the data's range ", range, " and ", count == 1 ? "was" : "were",
                                  " rejected (first: ", first_place, "); keep them with --keep-time-outliers"));
  // Merge with the row rejections: both lists hold their first rows in input order,
  // so the first kMaxRejectionsKept of the merge are the first overall.
  std::vector<std::pair<uint32_t, Rejection>> merged;
  for (size_t i = 0; i < table.input.rejections.size(); ++i) {
    merged.emplace_back(rows.rejection_files()[i], std::move(table.input.rejections[i]));
  }
  for (size_t i = 0; i < outliers.size(); ++i) merged.emplace_back(outlier_files[i], std::move(outliers[i]));
  std::stable_sort(merged.begin(), merged.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second.line < b.second.line;
  });
  if (merged.size() > InputStats::kMaxRejectionsKept) merged.resize(InputStats::kMaxRejectionsKept);
  table.input.rejections.clear();
  for (auto& entry : merged) table.input.rejections.push_back(std::move(entry.second));

  const int64_t low = bounds.low, high = bounds.high;
  KeepIf(table.time_ms, low, high, &rows.row_users());
  std::vector<bool> keep(table.size());
  for (size_t row = 0; row < table.size(); ++row) keep[row] = table.time_ms[row] >= low && table.time_ms[row] <= high;
  table.event.KeepRows(keep);
  for (PropertyColumn& column : table.properties) column.ids.KeepRows(keep);
  if (rows.has_sessions()) KeepIf(table.time_ms, low, high, &rows.session_values());
  std::vector<int64_t> times = table.time_ms;  // KeepIf reads the predicate from the column it filters
  KeepIf(times, low, high, &table.time_ms);
  RenumberUsersAndEvents();
}

void EventTableBuilder::Impl::KeepRows(const std::vector<bool>& keep) {
  EventTable& table = rows.table();
  auto filter = [&](auto* column) {
    size_t w = 0;
    for (size_t i = 0; i < keep.size(); ++i) {
      if (keep[i]) (*column)[w++] = (*column)[i];
    }
    column->resize(w);
    column->shrink_to_fit();
  };
  filter(&rows.row_users());
  filter(&table.time_ms);
  table.event.KeepRows(keep);
  for (PropertyColumn& column : table.properties) column.ids.KeepRows(keep);
  if (rows.has_sessions()) filter(&rows.session_values());
}

// A vendor's insert id names one event however often it was sent (retries, replays,
// overlapping exports): later rows with the same event, insert id and time are
// dropped and counted (Mixpanel's rule; the person is left out, as ids are stitched
// after). The insert id columns themselves leave the table: an id per event is no
// property to segment by.
void EventTableBuilder::Impl::DropDuplicates() {
  EventTable& table = rows.table();
  const std::set<uint32_t>& columns = rows.insert_id_columns();
  if (columns.empty()) return;
  std::vector<bool> keep(table.size(), true);
  int64_t dropped = 0;
  for (uint32_t c : columns) {
    absl::flat_hash_set<std::tuple<uint32_t, uint32_t, int64_t>> seen;
    const IdColumn& ids = table.properties[c].ids;
    for (size_t row = 0; row < table.size(); ++row) {
      const uint32_t id = ids[row];
      if (id == 0 || !keep[row]) continue;
      if (!seen.insert({table.event[row], id, table.time_ms[row]}).second) {
        keep[row] = false;
        ++dropped;
      }
    }
  }
  if (dropped > 0) {
    // Each file's rows are one contiguous range (input order): its events lose its drops.
    size_t row = 0;
    for (FileInputStats& file : table.input.per_file) {
      const size_t end = std::min(keep.size(), row + static_cast<size_t>(std::max<int64_t>(file.events, 0)));
      for (; row < end; ++row) file.events -= keep[row] ? 0 : 1;
    }
    KeepRows(keep);
    table.input.duplicates += dropped;
    warnings.push_back(absl::StrCat(dropped, dropped == 1 ? " event was a duplicate" : " events were duplicates",
                                    " of an earlier one (same event, insert id and time) and ",
                                    dropped == 1 ? "was" : "were", " dropped"));
  }
  std::vector<PropertyColumn> kept;
  for (size_t c = 0; c < table.properties.size(); ++c) {
    if (!columns.count(static_cast<uint32_t>(c))) kept.push_back(std::move(table.properties[c]));
  }
  table.properties = std::move(kept);
  if (dropped > 0) RenumberUsersAndEvents();
}

void EventTableBuilder::Impl::Stitch() {
  if (!rows.has_identity()) return;
  EventTable& table = rows.table();
  std::vector<uint32_t>& row_users = rows.row_users();
  std::vector<bool> has_rows(table.users.size(), false);
  for (uint32_t u : row_users) has_rows[u] = true;
  const StitchResult stitched = StitchIdentities(table.users, rows.user_ranks(), rows.links(), has_rows);
  rows.RekeySessions(stitched.person_of);
  for (uint32_t& u : row_users) u = stitched.person_of[u];
  Renumber(&table.users, &row_users);
  table.input.identity = stitched.stats;
  table.input.stitched = true;
  rows.links() = {};
  if (stitched.stats.largest >= kLargePerson) {
    warnings.push_back(absl::StrCat("one person joins ", stitched.stats.largest,
                                    " ids: a shared device or a test account links many people; check the id "
                                    "columns (input.sources) or name one with --map user=COLUMN"));
  }
}

void EventTableBuilder::Impl::RecordSources() {
  for (const FileSchema& s : schemas) {
    if (s.source == "generic" && s.identity_columns.size() < 2) continue;
    InputStats::Source source;
    source.file = s.file;
    source.name = s.source;
    source.title = s.source_title;
    source.reason = s.source_reason;
    source.detected = s.source_detected;
    source.identity_columns = s.identity_columns;
    source.renamed = s.renamed;
    const SourceProfile* profile = FindSource(s.source);
    source.identity_rule = s.source == "generic" ? "ids on one row are one person (--map user=A|B)"
                                                 : profile->identity_rule;
    rows.table().input.sources.push_back(std::move(source));
  }
}

// Users and event names seen only on rejected rows must not count as users.
void EventTableBuilder::Impl::RenumberUsersAndEvents() {
  EventTable& table = rows.table();
  Renumber(&table.users, &rows.row_users());
  Renumber(&table.event_names, &table.event);
}

EventTableBuilder::EventTableBuilder(IngestOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  const IngestOptions& o = impl_->options;
  if (!ParseTimeFormatName(o.time_format, &impl_->time_format)) {
    impl_->error = absl::InvalidArgumentError(
        absl::StrCat("unknown time format \"", o.time_format, "\" (expected auto, iso, epoch_s or epoch_ms)"));
  } else if (o.format != "auto" && o.format != "csv" && o.format != "jsonl" && o.format != "otto") {
    impl_->error = absl::InvalidArgumentError(
        absl::StrCat("unknown input format \"", o.format, "\" (expected auto, csv, jsonl or otto)"));
  } else if (o.delimiter == '"' || o.delimiter == '\n' || o.delimiter == '\r') {
    impl_->error = absl::InvalidArgumentError("the delimiter cannot be a quote or a line break");
  } else if (FindSource(o.source) == nullptr && o.source != "auto") {
    impl_->error = absl::InvalidArgumentError(
        absl::StrCat("unknown source \"", o.source, "\" (expected auto, ", SourceNames(), ")"));
  } else if (o.session_gap_ms <= 0) {
    impl_->error = absl::InvalidArgumentError("the session gap must be positive");
  }
}

EventTableBuilder::~EventTableBuilder() = default;
EventTableBuilder::EventTableBuilder(EventTableBuilder&&) noexcept = default;
EventTableBuilder& EventTableBuilder::operator=(EventTableBuilder&&) noexcept = default;

absl::Status EventTableBuilder::BeginFile(std::string name) {
  Impl& m = *impl_;
  if (!m.error.ok()) return m.error;
  if (absl::Status s = m.EndCurrent(); !s.ok()) return m.Fail(s);
  FileSchema schema;
  schema.file = std::move(name);
  m.rows.table().input.files.push_back(schema.file);
  m.decoder = std::make_unique<DecompressingInput>(schema.file);
  m.schemas.push_back(std::move(schema));
  m.current = std::make_unique<FileIngest>(static_cast<uint32_t>(m.schemas.size() - 1), m.options, m.time_format,
                                           &m.rows, &m.schemas.back(), &m.warnings);
  return absl::OkStatus();
}

absl::Status EventTableBuilder::Feed(std::string_view bytes) {
  Impl& m = *impl_;
  if (!m.error.ok()) return m.error;
  if (m.current == nullptr) {
    if (absl::Status s = BeginFile("input"); !s.ok()) return s;
  }
  m.bytes += static_cast<int64_t>(bytes.size());
  if (absl::Status s = m.FeedCurrent(bytes); !s.ok()) return m.Fail(s);
  return absl::OkStatus();
}

absl::Status EventTableBuilder::EndFile() {
  Impl& m = *impl_;
  if (!m.error.ok()) return m.error;
  if (absl::Status s = m.EndCurrent(); !s.ok()) return m.Fail(s);
  return absl::OkStatus();
}

namespace {

constexpr size_t kReadBytes = 8 << 20;

absl::Status FeedRange(const RandomAccessInput& input, int64_t begin, int64_t end, DecompressingInput::Sink feed) {
  std::string buffer;
  for (int64_t at = begin; at < end;) {
    const size_t n = static_cast<size_t>(std::min<int64_t>(kReadBytes, end - at));
    if (absl::Status s = input.Read(at, n, &buffer); !s.ok()) return s;
    if (buffer.empty()) break;
    if (absl::Status s = feed(buffer); !s.ok()) return s;
    input.Parsed(static_cast<int64_t>(buffer.size()));
    at += static_cast<int64_t>(buffer.size());
  }
  return absl::OkStatus();
}

absl::Status FeedRange(const RandomAccessInput& input, int64_t begin, int64_t end, FileIngest* ingest) {
  return FeedRange(input, begin, end, [ingest](std::string_view bytes) { return ingest->Feed(bytes); });
}

// Rows expected in `bytes` more bytes, from the rows per byte seen so far, with 10 %
// to spare: columns given this room up front are not copied again and again as they
// grow by doubling (which also peaks at 1.5x).
size_t ExpectedRows(int64_t rows_seen, int64_t bytes_seen, int64_t bytes) {
  if (bytes_seen <= 0) return 0;
  return static_cast<size_t>(1.1 * static_cast<double>(rows_seen) / static_cast<double>(bytes_seen) *
                             static_cast<double>(bytes));
}

}  // namespace

absl::Status EventTableBuilder::IngestFile(std::string name, const RandomAccessInput& input, int threads,
                                           int64_t min_part_bytes) {
  Impl& m = *impl_;
  if (absl::Status s = BeginFile(std::move(name)); !s.ok()) return s;
  const int64_t size = input.size();
  m.bytes += size;
  // A compressed file is read in one stream, through the decoder: where its records
  // lie is not known without inflating everything before them.
  std::string magic;
  if (absl::Status s = input.Read(0, kCompressionMagicBytes, &magic); !s.ok()) return m.Fail(s);
  if (Compression c; DetectCompression(magic, /*complete=*/true, &c) && c != Compression::kNone) {
    absl::Status s = FeedRange(input, 0, size, [&m](std::string_view bytes) { return m.FeedCurrent(bytes); });
    if (s.ok()) s = m.EndCurrent();
    return s.ok() ? s : m.Fail(s);
  }
  FileIngest* first = m.current.get();
  const int parts = static_cast<int>(std::min<int64_t>(std::max(threads, 1), size / std::max<int64_t>(min_part_bytes, 1)));
  int64_t done = 0;
  if (parts >= 2) {
    // The first reader decides (format, delimiter, columns) from the sniff prefix;
    // parts start only once that is settled and the bytes so far end on a record
    // boundary.
    absl::StatusOr<int64_t> head = NextLineStart(input, static_cast<int64_t>(kSniffBytes));
    if (!head.ok()) return m.Fail(head.status());
    if (absl::Status s = FeedRange(input, 0, *head, first); !s.ok()) return m.Fail(s);
    done = *head;
    if (first->decided() && first->at_record_boundary() && done < size) {
      absl::StatusOr<std::vector<FilePart>> plan = PlanFileParts(input, done, first->next_line(), parts);
      if (!plan.ok()) return m.Fail(plan.status());
      absl::StatusOr<bool> read = ReadParts(input, *plan, first);
      if (!read.ok()) return m.Fail(read.status());
      if (*read) done = size;
    }
  }
  if (done < size) {
    // Read in one go: give the columns the room the rest of the file will need.
    const int64_t sniff_end = std::min<int64_t>(size, static_cast<int64_t>(kSniffBytes));
    if (done < sniff_end) {
      if (absl::Status s = FeedRange(input, done, sniff_end, first); !s.ok()) return m.Fail(s);
      done = sniff_end;
    }
    if (done < size) m.rows.Reserve(m.rows.size() + ExpectedRows(m.schemas.back().rows, done, size - done));
  }
  if (absl::Status s = FeedRange(input, done, size, first); !s.ok()) return m.Fail(s);
  if (absl::Status s = m.EndCurrent(); !s.ok()) return m.Fail(s);
  return absl::OkStatus();
}

// Reads every part on its own thread: part 0 by the file's own reader, straight into
// the table's rows; each later part by a Continuation into its own rows, appended in
// order afterwards. A later part's start is only a guess at a record boundary (in
// CSV a newline may sit inside a quoted field); it is confirmed when the reader of the
// part before ends exactly there with nothing unfinished. Part 0 starts at a known
// boundary, so by induction every start is confirmed, or at the first that is not, the
// later parts are dropped and the file's reader goes on from the end of part 0 in one
// go. Errors count only from parts whose start is confirmed. Returns whether the file
// was read to its end (false: too few parts, nothing was read).
absl::StatusOr<bool> EventTableBuilder::ReadParts(const RandomAccessInput& input,
                                                  const std::vector<FilePart>& plan, FileIngest* first) {
  Impl& m = *impl_;
  const size_t n = plan.size();
  if (n < 2) return false;
  std::vector<EventRows> rows(n);
  std::vector<FileSchema> schemas(n, m.schemas.back());
  std::vector<std::vector<std::string>> warnings(n);
  std::vector<std::unique_ptr<FileIngest>> readers(n);
  auto room = [&](const FilePart& part) {
    return ExpectedRows(m.schemas.back().rows, plan[0].begin, part.end - part.begin) + 1024;
  };
  // Part 0's columns get room for the whole file: the later parts are appended there,
  // and room not yet written costs nothing (see IdColumn::reserve), where growing a
  // std::vector later would copy part 0's rows while both copies are held.
  m.rows.Reserve(m.rows.size() + room({plan[0].begin, plan.back().end, 0}));
  for (size_t i = 1; i < n; ++i) {
    schemas[i].rows = schemas[i].rejected = 0;
    readers[i] = first->Continuation(&rows[i], &schemas[i], &warnings[i], plan[i].first_line);
    rows[i].Reserve(room(plan[i]));
  }
  std::vector<absl::Status> status(n);
  ParallelFor(static_cast<int>(n), [&](int i) {
    FileIngest* reader = i == 0 ? first : readers[i].get();
    status[i] = FeedRange(input, plan[i].begin, plan[i].end, reader);
    if (status[i].ok() && static_cast<size_t>(i) == n - 1) status[i] = reader->FlushLastRecord();
  });
  for (size_t i = 0; i < n; ++i) {
    if (!status[i].ok()) return status[i];
    FileIngest* reader = i == 0 ? first : readers[i].get();
    if (i + 1 < n && !reader->at_record_boundary()) {
      // A cut fell inside a record: keep part 0 (read by the file's reader, which
      // carries the unfinished record on) and read the rest in one go.
      if (absl::Status s = FeedRange(input, plan[1].begin, plan.back().end, first); !s.ok()) return s;
      return true;
    }
  }
  size_t total = m.rows.size();
  for (const EventRows& part : rows) total += part.size();
  m.rows.Reserve(total);
  for (size_t i = 1; i < n; ++i) {
    const int64_t offset = static_cast<int64_t>(m.rows.size());
    m.rows.AppendRows(std::move(rows[i]), m.options.threads);
    first->Absorb(*readers[i], offset);
    readers[i].reset();
    for (std::string& w : warnings[i]) m.warnings.push_back(std::move(w));
  }
  return true;
}

absl::Status EventTableBuilder::BeginMadeFile(FileSchema schema) {
  Impl& m = *impl_;
  if (!m.error.ok()) return m.error;
  if (absl::Status s = m.EndCurrent(); !s.ok()) return m.Fail(s);
  m.rows.table().input.files.push_back(schema.file);
  m.schemas.push_back(std::move(schema));
  m.unterminated_rows.push_back(-1);  // the tables reader reads whole files
  return absl::OkStatus();
}

uint32_t EventTableBuilder::MadeProperty(std::string_view name) { return impl_->rows.PropertyIndex(name); }

void EventTableBuilder::AddMadeEvent(int64_t line, std::string_view user, int64_t time_ms, std::string_view event,
                                     const std::vector<std::pair<uint32_t, std::string_view>>& properties) {
  Impl& m = *impl_;
  m.made_ids.assign(m.rows.property_count(), 0);
  for (const auto& [column, value] : properties) {
    if (!value.empty()) m.made_ids[column] = m.rows.InternProperty(column, value);
  }
  m.rows.Append(static_cast<uint32_t>(m.schemas.size() - 1), line, user, time_ms, event, m.made_ids.data());
}

void EventTableBuilder::CountMadeRow() {
  impl_->rows.CountRow();
  ++impl_->schemas.back().rows;
}

void EventTableBuilder::RejectMadeRow(int64_t line, int64_t column, std::string reason) {
  Impl& m = *impl_;
  FileSchema& schema = m.schemas.back();
  m.rows.Reject(static_cast<uint32_t>(m.schemas.size() - 1), schema.file, line, column, std::move(reason));
  ++schema.rejected;
}

void EventTableBuilder::AddWarning(std::string warning) { impl_->warnings.push_back(std::move(warning)); }

void EventTableBuilder::SetTableInputs(std::vector<TableInput> tables) {
  impl_->rows.table().input.tables = std::move(tables);
}

absl::StatusOr<EventTable> EventTableBuilder::Finish() {
  Impl& m = *impl_;
  if (!m.error.ok()) return m.error;
  if (absl::Status s = m.EndCurrent(); !s.ok()) return m.Fail(s);

  // Stitching first: it works on user ids, which dropping rows renumbers.
  m.Stitch();
  const FileRowCounts file_rows = CountFileRows(m.rows, m.schemas);
  m.ScreenTimeOutliers();
  EventTable& table = m.rows.table();
  CollectFileStats(file_rows, table.time_ms, m.schemas, &table.input);
  // After the per-file counts, which it corrects: rows are still in input order here.
  m.DropDuplicates();
  m.RecordSources();

  // Rows grouped by user (a common export layout) move only within the slices of the
  // users whose rows are out of time order, in place; anything else is sorted and
  // every column gathered whole.
  std::vector<uint32_t>& row_users = m.rows.row_users();
  std::vector<std::function<void()>> tasks;
  if (GroupedByUser(row_users, table.users.size(), &table.user_begin)) {
    const LocalOrder local = TimeOrderWithinUsers(table.time_ms, table.user_begin);
    if (!local.ranges.empty()) {
      tasks = {[&] { ApplyOrderInRanges(local, &table.time_ms); },
               [&] { table.event.PermuteRanges(local.ranges, local.sources); }};
      for (PropertyColumn& column : table.properties) {
        tasks.push_back([&] { column.ids.PermuteRanges(local.ranges, local.sources); });
      }
      if (m.rows.has_sessions()) tasks.push_back([&] { ApplyOrderInRanges(local, &m.rows.session_values()); });
      RunTasks(m.options.threads, tasks);
    }
  } else {
    std::vector<uint32_t> order;
    SortByUserAndTime(row_users, table.users.size(), table.time_ms, &order, &table.user_begin);
    tasks = {[&] { ApplyOrder(order, &table.time_ms); }, [&] { table.event.Permute(order); }};
    for (PropertyColumn& column : table.properties) tasks.push_back([&] { column.ids.Permute(order); });
    if (m.rows.has_sessions()) tasks.push_back([&] { ApplyOrder(order, &m.rows.session_values()); });
    RunTasks(m.options.threads, tasks);
  }
  row_users = std::vector<uint32_t>();  // the table keeps user_begin only
  const int64_t interleaved =
      AssignSessions(m.rows.has_sessions() ? &m.rows.session_values() : nullptr, m.options.session_gap_ms, &table);
  if (interleaved > 0) {
    m.warnings.push_back(absl::StrCat(
        interleaved, interleaved == 1 ? " user has" : " users have",
        " events of one session id resumed after another's (two devices at once, once their ids are "
        "stitched): each run counts as a session of its own, so a funnel with unit \"sessions\" splits them"));
  }
  // Each column in its smaller form, now that it is complete.
  std::vector<std::function<void()>> compact = {[&] { table.session.Compact(); }};
  for (PropertyColumn& column : table.properties) compact.push_back([&] { column.ids.Compact(); });
  RunTasks(m.options.threads, compact);

  table.first_time_ms = 0;
  table.last_time_ms = 0;
  if (table.size() > 0) {
    const auto [lo, hi] = std::minmax_element(table.time_ms.begin(), table.time_ms.end());
    table.first_time_ms = *lo;
    table.last_time_ms = *hi;
  }
  std::vector<std::string>& warnings = table.input.warnings;
  warnings = std::move(m.warnings);
  std::sort(warnings.begin(), warnings.end());
  warnings.erase(std::unique(warnings.begin(), warnings.end()), warnings.end());

  EventTable out = std::move(table);
  m.error = absl::FailedPreconditionError("EventTableBuilder::Finish was already called");
  return out;
}

const std::vector<FileSchema>& EventTableBuilder::schemas() const { return impl_->schemas; }

int64_t EventTableBuilder::bytes_fed() const { return impl_->bytes; }

}  // namespace fl

#include "core/ingest/event_table_builder.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "core/ingest/event_order.h"
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
  int64_t bytes = 0;

  absl::Status Fail(absl::Status status) {
    error = status;
    current.reset();
    return status;
  }
  absl::Status EndCurrent() {
    if (current == nullptr) return absl::OkStatus();
    absl::Status s = current->End();
    unterminated_rows.push_back(current->unterminated_row());
    current.reset();
    return s;
  }
  void ScreenTimeOutliers();
  void RenumberUsersAndEvents();
};

namespace {

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
  if (absl::Status s = m.current->Feed(bytes); !s.ok()) return m.Fail(s);
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

absl::Status FeedRange(const RandomAccessInput& input, int64_t begin, int64_t end, FileIngest* ingest) {
  std::string buffer;
  for (int64_t at = begin; at < end;) {
    const size_t n = static_cast<size_t>(std::min<int64_t>(kReadBytes, end - at));
    if (absl::Status s = input.Read(at, n, &buffer); !s.ok()) return s;
    if (buffer.empty()) break;
    if (absl::Status s = ingest->Feed(buffer); !s.ok()) return s;
    input.Parsed(static_cast<int64_t>(buffer.size()));
    at += static_cast<int64_t>(buffer.size());
  }
  return absl::OkStatus();
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

absl::StatusOr<EventTable> EventTableBuilder::Finish() {
  Impl& m = *impl_;
  if (!m.error.ok()) return m.error;
  if (absl::Status s = m.EndCurrent(); !s.ok()) return m.Fail(s);

  const FileRowCounts file_rows = CountFileRows(m.rows, m.schemas);
  m.ScreenTimeOutliers();
  EventTable& table = m.rows.table();
  CollectFileStats(file_rows, table.time_ms, m.schemas, &table.input);

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
  AssignSessions(m.rows.has_sessions() ? &m.rows.session_values() : nullptr, m.options.session_gap_ms, &table);
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

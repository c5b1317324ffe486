#ifndef FRICTIONLENS_CORE_INGEST_EVENT_TABLE_BUILDER_H_
#define FRICTIONLENS_CORE_INGEST_EVENT_TABLE_BUILDER_H_

// Streaming ingest: bytes in (any chunking), an EventTable out. The result never
// depends on where chunk boundaries fall. Contract, as in perfetto's Parse():
// after a fatal error (Status not OK) every later call returns that same error.
// Row-level problems are not fatal: the row is counted in InputStats.rejected.

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/event_table.h"
#include "core/ingest/ingest_options.h"
#include "core/ingest/parallel_ingest.h"
#include "core/ingest/random_access_input.h"

namespace fl {

class FileIngest;

// What was detected about one input file (for `frictionlens validate`).
struct FileSchema {
  std::string file;
  std::string format;     // csv | jsonl | otto
  std::string compression;  // gzip | zstd | "" (not compressed): told by the first bytes
  char delimiter = ',';   // csv only
  bool header = true;     // csv only
  std::vector<std::string> columns;
  std::string user_column, time_column, event_column, session_column;
  // The vendor shape read (core/ingest/sources): its name ("generic" for none), its
  // title ("a Mixpanel raw export"), whether it was recognised rather than named with
  // --source, and from what; every person-id column, the preferred first.
  std::string source = "generic", source_title, source_reason;
  bool source_detected = false;
  std::vector<std::string> identity_columns;
  // Vendor events read under our names: "$rageclick -> rage_click" and how many.
  std::vector<std::pair<std::string, int64_t>> renamed;
  std::string time_format;  // what the time column was read as: iso | epoch_s | epoch_ms | mixed
  // A file of a journey's tables (core/ingest/tables): column -> its role there
  // ("time of event shipped", "key of table customers").
  std::map<std::string, std::string> table_roles;
  int64_t rows = 0;
  int64_t rejected = 0;
};

class EventTableBuilder {
 public:
  explicit EventTableBuilder(IngestOptions options);
  ~EventTableBuilder();
  EventTableBuilder(EventTableBuilder&&) noexcept;
  EventTableBuilder& operator=(EventTableBuilder&&) noexcept;

  absl::Status BeginFile(std::string name);
  absl::Status Feed(std::string_view bytes);
  absl::Status EndFile();
  // BeginFile + Feed of every byte + EndFile, with the file read by up to `threads`
  // threads in parts (core/ingest/parallel_ingest.h) when it is large enough and can be
  // cut safely. The result is exactly that of the sequential calls.
  // `min_part_bytes`: no part is made smaller than this (tests lower it).
  absl::Status IngestFile(std::string name, const RandomAccessInput& input, int threads,
                          int64_t min_part_bytes = kMinPartBytes);
  // Below this many bytes per thread, starting threads costs more than it saves.
  static constexpr int64_t kMinPartBytes = 8 << 20;
  // --- Rows made by a reader of its own (the wide tables of core/ingest/tables) ---------
  // A file whose rows are parsed elsewhere and handed over as events, each with the line
  // it came from: one row may make several events, or none (an attribute table's row is
  // read and counted, and makes no event). Rejections and time outliers still name the
  // file's own lines.
  absl::Status BeginMadeFile(FileSchema schema);
  // The property column `name` (created on first use).
  uint32_t MadeProperty(std::string_view name);
  // One event of the current made file; `properties`: (MadeProperty column, value) pairs,
  // values valid UTF-8.
  void AddMadeEvent(int64_t line, std::string_view user, int64_t time_ms, std::string_view event,
                    const std::vector<std::pair<uint32_t, std::string_view>>& properties);
  // A data row of the current made file was read (used or rejected).
  void CountMadeRow();
  void RejectMadeRow(int64_t line, int64_t column, std::string reason);
  void AddWarning(std::string warning);
  // What the tables reader found, for the report's input.tables.
  void SetTableInputs(std::vector<TableInput> tables);

  // Sorts, assigns sessions, screens time outliers and returns the table.
  absl::StatusOr<EventTable> Finish();

  const std::vector<FileSchema>& schemas() const;
  int64_t bytes_fed() const;

 private:
  absl::StatusOr<bool> ReadParts(const RandomAccessInput& input, const std::vector<FilePart>& plan,
                                 FileIngest* first);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_EVENT_TABLE_BUILDER_H_

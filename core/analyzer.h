#ifndef FRICTIONLENS_CORE_ANALYZER_H_
#define FRICTIONLENS_CORE_ANALYZER_H_

// The one entry point every door binds (CLI, wasm, later Python): options in,
// bytes in, report out. As in perfetto's trace processor, the doors only call
// Create / BeginFile / Feed / EndFile / Finish and render what comes back.
// After a fatal error every later call returns that same error.

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/event_table.h"
#include "core/ingest/event_table_builder.h"
#include "core/ingest/ingest_options.h"
#include "core/ingest/tables/wide_tables.h"
#include "core/journey/journey_spec.h"
#include "core/report/journey_sections.h"
#include "nlohmann/json.hpp"

namespace fl {

struct AnalyzerOptions {
  IngestOptions ingest;
  // A journey spec as JSON text, or the name of a built-in journey ("store").
  std::string journey = "store";
  // Threads for reading a file (IngestFile) and for the analyses. Any count gives the
  // same report; 1 in the WebAssembly build, which has no threads.
  int threads = 1;
  // Intern only the property columns the journey's sections read (projection, see
  // core/report/properties_read.h): the same report, in less time and memory. Only for
  // a run that makes one report: Analysis::table then lacks the unread columns, so a
  // door that keeps the table for other journeys (the workbench) leaves this off.
  bool project = false;
};

// Options as JSON text, the form in which they cross from JavaScript:
// {"journey": "store" | {...spec...} | "<spec JSON text>", "format": "auto", "source": "auto",
//  "delimiter": ",", "columns": ["a","b"], "map": {"user": "visitorid"},
//  "time_format": "auto", "session_gap": "30m", "keep_time_outliers": false}
absl::StatusOr<AnalyzerOptions> ParseAnalyzerOptions(std::string_view options_json);

// Everything one run produced; the doors render `report` (and may show the rest).
struct Analysis {
  EventTable table;
  JourneySpec journey;
  nlohmann::ordered_json report;
};

class Analyzer {
 public:
  static absl::StatusOr<std::unique_ptr<Analyzer>> Create(AnalyzerOptions options);

  absl::Status BeginFile(std::string name);
  absl::Status Feed(std::string_view bytes);
  absl::Status EndFile();
  // A whole file at once, read by up to options.threads threads (see
  // EventTableBuilder::IngestFile); the same result as BeginFile, Feed..., EndFile.
  absl::Status IngestFile(std::string name, const RandomAccessInput& input);
  // Builds the table, runs every analysis and assembles the report.
  absl::StatusOr<Analysis> Finish();
  // Builds the table only (`frictionlens shard`, which splits it for other machines to
  // analyse); Finish is FinishTable, then the report.
  absl::StatusOr<EventTable> FinishTable();
  int64_t bytes_fed() const { return builder_.bytes_fed() + table_bytes_; }
  const std::vector<FileSchema>& schemas() const { return builder_.schemas(); }

 private:
  Analyzer(AnalyzerOptions options, JourneySpec journey, std::unique_ptr<WideTables> tables);
  AnalyzerOptions options_;
  JourneySpec journey_;
  EventTableBuilder builder_;
  // A journey with "tables" reads its files through this, whole, at Finish.
  std::unique_ptr<WideTables> tables_;
  int64_t table_bytes_ = 0;
  absl::Status error_;  // sticky
};

// The report as bytes: two-space indent, fixed key order, trailing newline.
// The same input and journey give the same bytes on every door.
std::string RenderReportJson(const nlohmann::ordered_json& report);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_ANALYZER_H_

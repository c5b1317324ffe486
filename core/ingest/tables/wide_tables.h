#ifndef FRICTIONLENS_CORE_INGEST_TABLES_WIDE_TABLES_H_
#define FRICTIONLENS_CORE_INGEST_TABLES_WIDE_TABLES_H_

// The files of a journey with "tables" (tables_spec.h), turned into events. Files are
// held whole (decompressed) until all have arrived, since an order file may come before
// the customer file it joins; then each is given its table, attribute tables are read
// into lookups, and every file in the order given goes to the event table builder:
// attribute rows are counted (or rejected), event rows make one event per stage time.
//
// Nothing is dropped silently. A row with no unit, or a stage time that is not a time,
// is rejected with its file, line and column. A row whose join key the other table
// lacks keeps its events without that table's columns, and is counted per join. A row
// whose stages are out of their listed order (shipped before the payment was approved)
// keeps its events and is a data-quality finding, with counts and examples, in the
// report's input.tables.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "core/ingest/decompressing_input.h"
#include "core/ingest/event_table_builder.h"
#include "core/ingest/tables/tables_spec.h"
#include "core/ingest/timestamp_parser.h"

namespace fl {

class WideTables {
 public:
  // `delimiter`: 0 = detect per file.
  WideTables(TablesSpec spec, char delimiter, TimeFormat time_format);
  ~WideTables();

  absl::Status BeginFile(std::string name);
  absl::Status Feed(std::string_view bytes);
  absl::Status EndFile();
  // Reads every file into `builder`, in the order given. Fatal errors: a file that fits
  // no table, or lacks a column its table names.
  absl::Status Build(EventTableBuilder* builder);

 private:
  struct File {
    std::string name;
    std::string bytes;  // decompressed
    std::string compression;
  };
  TablesSpec spec_;
  char delimiter_;
  TimeFormat time_format_;
  std::vector<File> files_;
  std::unique_ptr<DecompressingInput> decoder_;  // of the last file, until EndFile
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_TABLES_WIDE_TABLES_H_

// `frictionlens validate FILE...`: what the reader found, without analysing.

#include <cstdio>

#include "core/analyzer.h"
#include "core/ingest/file_schema_json.h"
#include "core/ingest/tables/wide_tables.h"
#include "core/journey/property_check.h"
#include "core/report/report_builder.h"
#include "native-cli/cli_args.h"
#include "native-cli/commands.h"
#include "native-cli/display_width.h"
#include "native-cli/file_feed.h"
#include "native-cli/input_flags.h"
#include "native-cli/report_output.h"
#include "native-cli/report_text.h"
#include "native-cli/terminal_text.h"

namespace fl::cli {
namespace {

constexpr const char* kHelp = R"(Usage: frictionlens validate FILE... [options]

Reads the files as `analyze` would and reports what it found: format (and
compression), columns and their roles, time range, events with counts, rejected rows and why; with
--journey, whether each step's events occur in the data. No analysis is run.
  --format text|json          (default text)
  --strict                    exit 4 if any row was rejected
)";

// A name from the data as a column of `width` display columns (at least one space after
// it), escaped for the terminal and cut at 60 columns.
std::string Column(const std::string& name, size_t width) {
  const std::string shown = CutToWidth(ForTerminal(name), 60);
  const size_t columns = DisplayWidth(shown);
  return shown + std::string(columns < width ? width - columns : 1, ' ');
}

}  // namespace

int RunValidate(const std::vector<std::string>& argv) {
  ParsedArgs args;
  AnalyzerOptions options;
  if (int stop = ParseInputCommand("validate", kHelp, argv, {"format"}, &args, &options); stop >= 0) return stop;
  std::string spec_text = options.journey;
  if (const char* builtin = BuiltinJourneyJson(spec_text)) spec_text = builtin;
  absl::StatusOr<JourneySpec> journey = ParseJourneySpec(spec_text);
  if (!journey.ok()) return ReportError(journey.status());

  EventTableBuilder builder(options.ingest);
  // A journey with "tables" reads its files as tables (core/ingest/tables), whole.
  std::unique_ptr<WideTables> tables;
  if (auto it = journey->section_settings.find(kTablesKey); it != journey->section_settings.end()) {
    absl::StatusOr<TablesSpec> tables_spec = ParseTablesSpec(nlohmann::json::parse(it->dump()));
    if (!tables_spec.ok()) return ReportError(tables_spec.status());
    TimeFormat time_format = TimeFormat::kAuto;
    ParseTimeFormatName(options.ingest.time_format, &time_format);  // checked by ParseInputCommand
    tables = std::make_unique<WideTables>(*std::move(tables_spec), options.ingest.delimiter, time_format);
  }
  for (const std::string& path : args.positional) {
    std::string bytes;
    absl::Status s = ReadWholeFile(path, &bytes);
    if (s.ok()) s = tables ? tables->BeginFile(path) : builder.BeginFile(path);
    if (s.ok()) s = tables ? tables->Feed(bytes) : builder.Feed(bytes);
    if (s.ok()) s = tables ? tables->EndFile() : builder.EndFile();
    if (!s.ok()) return ReportError(s);
  }
  if (tables) {
    if (absl::Status s = tables->Build(&builder); !s.ok()) return ReportError(s);
  }
  absl::StatusOr<EventTable> table = builder.Finish();
  if (!table.ok()) return ReportError(table.status());
  // After Finish: it rejects time outliers and counts them in their file's schema.
  std::vector<FileSchema> schemas = builder.schemas();
  nlohmann::ordered_json input = InputSectionToJson(*table);

  // Every property the journey names must be in the data (a misspelt one matches nothing).
  // Checked when a journey was named: the built-in default need not fit every file.
  const MissingProperties missing =
      args.Has("journey") ? MissingJourneyProperties(*journey, *table) : MissingProperties();
  const std::vector<std::string>& missing_properties = missing.errors;

  // Which steps of the journey the data can reach at all.
  nlohmann::ordered_json steps = nlohmann::ordered_json::array();
  for (const StepSpec& step : journey->steps) {
    nlohmann::ordered_json missing = nlohmann::ordered_json::array();
    for (const std::string& name : step.events) {
      if (table->event_names.Find(name) == Dictionary::kNotFound) missing.push_back(name);
    }
    steps.push_back({{"name", step.name}, {"events", step.events}, {"missing_events", missing}});
  }

  if (args.Get("format", "text") == "json") {
    nlohmann::ordered_json out;
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    for (const FileSchema& s : schemas) files.push_back(FileSchemaToJson(s));
    out["files"] = files;
    out["input"] = input;
    out["journey_steps"] = steps;
    out["journey_errors"] = missing_properties;
    out["journey_warnings"] = missing.warnings;
    if (absl::Status s = WriteText(out.dump(2) + "\n", "-"); !s.ok()) return ReportError(s);
  } else {
    std::string text;
    for (const FileSchema& s : schemas) {
      text += s.file + ": " + s.format;
      if (!s.compression.empty()) text += " in " + s.compression;
      if (s.format == "csv") {
        text += std::string(", delimiter ") + (s.delimiter == '\t' ? "TAB" : std::string(1, s.delimiter)) +
                (s.header ? ", header row" : ", no header (--columns)");
      }
      text += ", " + WithThousands(s.rows) + " rows, " + WithThousands(s.rejected) + " rejected\n";
      if (s.source != "generic") {
        text += "  " + std::string(s.source_detected ? "looks like " : "read as ") + s.source_title +
                (s.source_detected ? " (" + s.source_reason + "); --source generic reads it without vendor rules\n"
                                   : " (--source " + s.source + ")\n");
      }
      if (s.identity_columns.size() > 1) {
        text += "  person: the first non-empty of ";
        for (size_t i = 0; i < s.identity_columns.size(); ++i) text += (i ? ", " : "") + s.identity_columns[i];
        text += "; ids seen on one row are one person\n";
      }
      for (const std::string& c : s.columns) text += "  " + Column(c, 24) + ColumnRole(s, c) + "\n";
    }
    text += "\n" + WithThousands(input["users"].get<int64_t>()) + " users, " +
            WithThousands(input["sessions"].get<int64_t>()) + " sessions, " +
            WithThousands(input["events"].get<int64_t>()) + " events";
    if (input["first_time"].is_string()) {
      text += ", " + input["first_time"].get<std::string>() + " to " + input["last_time"].get<std::string>();
    }
    text += "\n\nEvents\n";
    for (const auto& e : input["event_counts"]) {
      text += "  " + Column(e["event"].get<std::string>(), 28) + WithThousands(e["count"].get<int64_t>()) + "\n";
    }
    if (input.contains("event_names_not_listed")) {
      text += "  and " + WithThousands(input["event_names_not_listed"].get<int64_t>()) + " more names (" +
              WithThousands(input["events_not_listed"].get<int64_t>()) + " events)\n";
    }
    text += "\nJourney '" + journey->name + "'\n";
    for (const auto& step : steps) {
      text += "  " + step["name"].get<std::string>() +
              (step["missing_events"].empty() ? ": ok" : ": not in the data: " + step["missing_events"].dump()) + "\n";
    }
    if (input.contains("identity")) {
      const auto& id = input["identity"];
      text += "Persons: " + WithThousands(id["ids"].get<int64_t>()) + " ids stitched into " +
              WithThousands(id["persons"].get<int64_t>()) + " persons (" +
              WithThousands(id["identity_only_rows"].get<int64_t>()) + " identity-only calls)\n";
    }
    for (const std::string& e : missing_properties) text += "error: " + e + "\n";
    for (const std::string& w : missing.warnings) text += "warning: " + w + "\n";
    for (const auto& w : input["warnings"]) text += "warning: " + w.get<std::string>() + "\n";
    for (const auto& r : input["rejections"]) {
      text += "rejected: " + r["file"].get<std::string>() + ":" + std::to_string(r["line"].get<int64_t>()) + ":" +
              std::to_string(r["column"].get<int64_t>()) + ": " + r["reason"].get<std::string>() + "\n";
    }
    if (absl::Status s = WriteText(ForTerminal(text, /*keep_layout=*/true), "-"); !s.ok()) return ReportError(s);
  }
  if (!missing_properties.empty()) return kExitBadInput;
  if (args.Has("strict") && table->input.rejected > 0) return kExitRejectedRows;
  return kExitOk;
}

}  // namespace fl::cli

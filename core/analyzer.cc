#include "core/analyzer.h"

#include "core/ingest/sources/source_profile.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "core/ingest/tables/tables_spec.h"
#include "core/ingest/timestamp_parser.h"
#include "core/json/json_reader.h"
#include "core/report/report_builder.h"
#include "core/report/journey_report.h"
#include "core/report/properties_read.h"


namespace fl {
namespace {

// Errors name the option: "options.map.user: expected a column name".
JsonReader OptionsReader() { return JsonReader("options."); }

absl::Status OptionError(absl::string_view key, absl::string_view what) {
  return OptionsReader().Error(key, what);
}

absl::Status ReadString(const nlohmann::json& options, const char* key, std::string* out) {
  auto it = options.find(key);
  if (it == options.end() || it->is_null()) return absl::OkStatus();
  if (!it->is_string()) return OptionError(key, "expected a string");
  *out = it->get<std::string>();
  return absl::OkStatus();
}

IngestOptions IngestOptionsFor(const AnalyzerOptions& options, const JourneySpec& journey) {
  IngestOptions ingest = options.ingest;
  ingest.threads = options.threads;
  if (options.project) ingest.read_properties = PropertiesRead(journey);
  return ingest;
}

}  // namespace

absl::StatusOr<AnalyzerOptions> ParseAnalyzerOptions(std::string_view options_json) {
  AnalyzerOptions parsed;
  if (options_json.empty()) return parsed;
  nlohmann::json options = nlohmann::json::parse(options_json, nullptr, /*allow_exceptions=*/false);
  if (options.is_discarded()) {
    return OptionsReader().Error("", "not valid JSON (or not valid UTF-8)");
  }
  if (!options.is_object()) return OptionsReader().Error("", "expected a JSON object");
  static const char* kKnown[] = {"journey",     "format",      "source",     "delimiter",         "columns",
                                 "map",         "time_format", "session_gap", "keep_time_outliers"};
  for (auto it = options.begin(); it != options.end(); ++it) {
    bool known = false;
    for (const char* key : kKnown) known = known || it.key() == key;
    if (!known) return OptionError(it.key(), "unknown option");
  }
  if (auto it = options.find("journey"); it != options.end()) {
    if (it->is_object()) {
      parsed.journey = it->dump();
    } else if (it->is_string()) {
      parsed.journey = it->get<std::string>();
    } else {
      return OptionError("journey", "expected a built-in name, a spec object or spec JSON text");
    }
  }
  IngestOptions& ingest = parsed.ingest;
  if (absl::Status s = ReadString(options, "format", &ingest.format); !s.ok()) return s;
  if (ingest.format != "auto" && ingest.format != "csv" && ingest.format != "jsonl" && ingest.format != "otto") {
    return OptionError("format", "expected auto, csv, jsonl or otto");
  }
  if (absl::Status s = ReadString(options, "source", &ingest.source); !s.ok()) return s;
  if (ingest.source != "auto" && FindSource(ingest.source) == nullptr) {
    return OptionError("source", absl::StrCat("expected auto, ", SourceNames()));
  }
  std::string delimiter;
  if (absl::Status s = ReadString(options, "delimiter", &delimiter); !s.ok()) return s;
  if (delimiter == "\\t" || delimiter == "tab") delimiter = "\t";
  if (delimiter.size() > 1) return OptionError("delimiter", "expected one character");
  ingest.delimiter = delimiter.empty() ? 0 : delimiter[0];
  if (auto it = options.find("columns"); it != options.end()) {
    if (!it->is_array()) return OptionError("columns", "expected an array of names");
    for (const auto& name : *it) {
      if (!name.is_string()) return OptionError("columns", "expected an array of names");
      ingest.columns.push_back(name.get<std::string>());
    }
  }
  if (auto it = options.find("map"); it != options.end()) {
    if (!it->is_object()) return OptionError("map", "expected an object of role: column");
    for (auto role = it->begin(); role != it->end(); ++role) {
      if (!role.value().is_string()) return OptionError(absl::StrCat("map.", role.key()), "expected a column name");
      const std::string column = role.value().get<std::string>();
      if (role.key() == "user") ingest.map.user = column;
      else if (role.key() == "time") ingest.map.time = column;
      else if (role.key() == "event") ingest.map.event = column;
      else if (role.key() == "session") ingest.map.session = column;
      else return OptionError(absl::StrCat("map.", role.key()), "unknown role (user, time, event, session)");
    }
  }
  if (absl::Status s = ReadString(options, "time_format", &ingest.time_format); !s.ok()) return s;
  if (auto it = options.find("session_gap"); it != options.end()) {
    absl::StatusOr<int64_t> gap = ParseDurationMs(*it, "session_gap", OptionsReader());
    if (!gap.ok()) return gap.status();
    ingest.session_gap_ms = *gap;
  }
  if (auto it = options.find("keep_time_outliers"); it != options.end()) {
    if (!it->is_boolean()) return OptionError("keep_time_outliers", "expected true or false");
    ingest.keep_time_outliers = it->get<bool>();
  }
  return parsed;
}

absl::StatusOr<std::unique_ptr<Analyzer>> Analyzer::Create(AnalyzerOptions options) {
  std::string spec_text = options.journey;
  if (const char* builtin = BuiltinJourneyJson(spec_text)) spec_text = builtin;
  absl::StatusOr<JourneySpec> spec = ParseJourneySpec(spec_text);
  if (!spec.ok()) return spec.status();
  std::unique_ptr<WideTables> tables;
  if (auto it = spec->section_settings.find(kTablesKey); it != spec->section_settings.end()) {
    absl::StatusOr<TablesSpec> tables_spec = ParseTablesSpec(nlohmann::json::parse(it->dump()));
    if (!tables_spec.ok()) return tables_spec.status();
    if (options.ingest.format != "auto" && options.ingest.format != "csv") {
      return OptionError("format", "a journey with \"tables\" reads CSV files");
    }
    if (!options.ingest.columns.empty()) {
      return OptionError("columns", "a journey with \"tables\" reads each file's header");
    }
    const ColumnRoles& map = options.ingest.map;
    if (!map.user.empty() || !map.time.empty() || !map.event.empty() || !map.session.empty()) {
      return OptionError("map", "a journey with \"tables\" names its columns in the tables (unit, events)");
    }
    if (options.ingest.source != "auto" && options.ingest.source != "generic") {
      return OptionError("source", "a journey with \"tables\" reads plain tables, not a vendor's export");
    }
    TimeFormat time_format = TimeFormat::kAuto;
    if (!ParseTimeFormatName(options.ingest.time_format, &time_format)) {
      return OptionError("time_format", "expected auto, iso, epoch_s or epoch_ms");
    }
    tables = std::make_unique<WideTables>(*std::move(tables_spec), options.ingest.delimiter, time_format);
  }
  return std::unique_ptr<Analyzer>(new Analyzer(std::move(options), *std::move(spec), std::move(tables)));
}

Analyzer::Analyzer(AnalyzerOptions options, JourneySpec journey, std::unique_ptr<WideTables> tables)
    : options_(std::move(options)),
      journey_(std::move(journey)),
      builder_(IngestOptionsFor(options_, journey_)),
      tables_(std::move(tables)) {}

absl::Status Analyzer::BeginFile(std::string name) {
  if (!error_.ok()) return error_;
  error_ = tables_ ? tables_->BeginFile(std::move(name)) : builder_.BeginFile(std::move(name));
  return error_;
}

absl::Status Analyzer::Feed(std::string_view bytes) {
  if (!error_.ok()) return error_;
  if (tables_) table_bytes_ += static_cast<int64_t>(bytes.size());
  error_ = tables_ ? tables_->Feed(bytes) : builder_.Feed(bytes);
  return error_;
}

absl::Status Analyzer::IngestFile(std::string name, const RandomAccessInput& input) {
  if (!error_.ok()) return error_;
  if (tables_) {
    // Tables are read whole at Finish (a file may join one that comes after it).
    if (absl::Status s = BeginFile(std::move(name)); !s.ok()) return s;
    std::string buffer;
    constexpr size_t kChunk = 8 << 20;
    for (int64_t at = 0; at < input.size();) {
      if (absl::Status s = input.Read(at, kChunk, &buffer); !s.ok()) return error_ = s;
      if (buffer.empty()) break;
      if (absl::Status s = Feed(buffer); !s.ok()) return s;
      input.Parsed(static_cast<int64_t>(buffer.size()));
      at += static_cast<int64_t>(buffer.size());
    }
    return EndFile();
  }
  error_ = builder_.IngestFile(std::move(name), input, options_.threads);
  return error_;
}

absl::Status Analyzer::EndFile() {
  if (!error_.ok()) return error_;
  error_ = tables_ ? tables_->EndFile() : builder_.EndFile();
  return error_;
}

absl::StatusOr<EventTable> Analyzer::FinishTable() {
  if (!error_.ok()) return error_;
  if (tables_) {
    error_ = tables_->Build(&builder_);
    tables_.reset();
    if (!error_.ok()) return error_;
  }
  absl::StatusOr<EventTable> table = builder_.Finish();
  if (!table.ok()) error_ = table.status();
  return table;
}

absl::StatusOr<Analysis> Analyzer::Finish() {
  absl::StatusOr<EventTable> table = FinishTable();
  if (!table.ok()) return table.status();
  Analysis analysis;
  analysis.table = *std::move(table);
  analysis.journey = journey_;
  absl::StatusOr<nlohmann::ordered_json> report = BuildJourneyReport(journey_, &analysis.table, options_.threads);
  if (!report.ok()) {
    error_ = report.status();
    return error_;
  }
  analysis.report = *std::move(report);
  return analysis;
}

std::string RenderReportJson(const nlohmann::ordered_json& report) {
  std::string text = report.dump(2, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace);
  text.push_back('\n');
  return text;
}

}  // namespace fl

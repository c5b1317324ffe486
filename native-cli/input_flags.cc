#include "native-cli/input_flags.h"

#include <cstdio>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "core/ingest/sources/source_profile.h"
#include "core/parallel.h"
#include "native-cli/file_feed.h"
#include "native-cli/terminal_text.h"

namespace fl::cli {

const std::set<std::string> kInputValueFlags = {"journey",     "map",         "columns",     "delimiter", "input-format",
                                                "source",      "time-format", "session-gap", "threads"};

const char* const kInputFlagsHelp = R"(Input options:
  --journey SPEC.json|store   the journey spec file, or a built-in journey (default: store)
  --source S                  whose export: auto (recognised by its columns), posthog,
                              mixpanel, amplitude, segment, rudderstack, ga4, snowplow,
                              generic (no vendor rules); see docs/sources.md
  --map ROLE=COLUMN,...       which columns hold user, time, event, session
                              (default: detected from common names); the user may be
                              a fallback list, user=userId|anonymousId: ids seen on
                              one row are stitched into one person
  --columns A,B,C             column names for a CSV file without a header row
  --delimiter C               CSV delimiter: , ; tab | (default: detected)
  --input-format F            auto | csv | jsonl | otto (default: auto)
  --time-format F             auto | iso | epoch_s | epoch_ms (default: auto)
  --session-gap D             inactivity that ends a session, e.g. 30m (default: 30m)
  --keep-time-outliers        keep rows whose time is far outside the rest of the data
  --threads N                 threads for reading and analysing (default: the
                              machine's cores); any N gives the same report
)";

absl::StatusOr<AnalyzerOptions> AnalyzerOptionsFromFlags(const ParsedArgs& args) {
  AnalyzerOptions options;
  IngestOptions& ingest = options.ingest;
  ingest.format = args.Get("input-format", "auto");
  if (ingest.format != "auto" && ingest.format != "csv" && ingest.format != "jsonl" && ingest.format != "otto") {
    return absl::InvalidArgumentError("--input-format: expected auto, csv, jsonl or otto");
  }
  ingest.source = args.Get("source", "auto");
  if (ingest.source != "auto" && FindSource(ingest.source) == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("--source: expected auto, ", SourceNames()));
  }
  std::string delimiter = args.Get("delimiter");
  if (delimiter == "tab" || delimiter == "\\t") delimiter = "\t";
  if (delimiter.size() > 1) return absl::InvalidArgumentError("--delimiter: expected one character or 'tab'");
  ingest.delimiter = delimiter.empty() ? 0 : delimiter[0];
  if (args.Has("columns")) {
    for (absl::string_view name : absl::StrSplit(args.Get("columns"), ',')) ingest.columns.emplace_back(name);
  }
  if (args.Has("map")) {
    for (absl::string_view pair : absl::StrSplit(args.Get("map"), ',', absl::SkipEmpty())) {
      std::pair<std::string, std::string> kv = absl::StrSplit(pair, absl::MaxSplits('=', 1));
      if (kv.second.empty()) return absl::InvalidArgumentError(absl::StrCat("--map: expected ROLE=COLUMN, got '", pair, "'"));
      if (kv.first == "user") ingest.map.user = kv.second;
      else if (kv.first == "time") ingest.map.time = kv.second;
      else if (kv.first == "event") ingest.map.event = kv.second;
      else if (kv.first == "session") ingest.map.session = kv.second;
      else return absl::InvalidArgumentError(absl::StrCat("--map: unknown role '", kv.first, "' (user, time, event, session)"));
    }
  }
  ingest.time_format = args.Get("time-format", "auto");
  if (ingest.time_format != "auto" && ingest.time_format != "iso" && ingest.time_format != "epoch_s" &&
      ingest.time_format != "epoch_ms") {
    return absl::InvalidArgumentError("--time-format: expected auto, iso, epoch_s or epoch_ms");
  }
  if (args.Has("session-gap")) {
    absl::StatusOr<int64_t> gap = ParseDurationMs(nlohmann::json(args.Get("session-gap")), "--session-gap");
    if (!gap.ok()) {
      // ParseDurationMs speaks of the journey spec; this flag is not part of it.
      absl::string_view message = gap.status().message();
      absl::ConsumePrefix(&message, "journey: ");
      return absl::InvalidArgumentError(message);
    }
    ingest.session_gap_ms = *gap;
  }
  ingest.keep_time_outliers = args.Has("keep-time-outliers");
  options.threads = AvailableThreads();
  if (args.Has("threads")) {
    int threads = 0;
    if (!absl::SimpleAtoi(args.Get("threads"), &threads) || threads < 1 || threads > 256) {
      return absl::InvalidArgumentError("--threads: expected a whole number from 1 to 256");
    }
    options.threads = threads;
  }

  const std::string journey = args.Get("journey", "store");
  if (BuiltinJourneyJson(journey) != nullptr) {
    options.journey = journey;
  } else {
    std::string text;
    if (absl::Status s = ReadWholeFile(journey, &text); !s.ok()) return s;
    // Check the spec here so that its errors name the file.
    absl::StatusOr<JourneySpec> spec = ParseJourneySpec(text);
    if (!spec.ok()) return absl::FailedPreconditionError(absl::StrCat(journey, ": ", spec.status().message()));
    options.journey = text;
  }
  return options;
}

int ParseInputCommand(const char* command, const char* help, const std::vector<std::string>& argv,
                      const std::set<std::string>& extra_values, ParsedArgs* args, AnalyzerOptions* options) {
  std::set<std::string> value_flags = kInputValueFlags;
  value_flags.insert(extra_values.begin(), extra_values.end());
  std::string error;
  if (!ParseArgs(argv, value_flags, {"help", "strict", "keep-time-outliers"}, args, &error)) {
    std::fprintf(stderr, "frictionlens %s: %s\n\n%s%s", command, ForTerminal(error).c_str(), help, kInputFlagsHelp);
    return kExitUsage;
  }
  if (args->Has("help")) {
    std::printf("%s\n%s", help, kInputFlagsHelp);
    return kExitOk;
  }
  if (args->positional.empty()) {
    std::fprintf(stderr, "frictionlens %s: no input files\n\n%s", command, help);
    return kExitUsage;
  }
  absl::StatusOr<AnalyzerOptions> parsed = AnalyzerOptionsFromFlags(*args);
  if (!parsed.ok()) {
    // A malformed flag is a usage error; a missing or invalid journey file is bad input.
    if (parsed.status().code() == absl::StatusCode::kInvalidArgument) {
      std::fprintf(stderr, "frictionlens %s: %s\n", command, ForTerminal(parsed.status().message()).c_str());
      return kExitUsage;
    }
    return ReportError(parsed.status());
  }
  *options = *std::move(parsed);
  return -1;
}

int ReportError(const absl::Status& status) {
  std::fprintf(stderr, "frictionlens: %s\n", ForTerminal(status.message(), /*keep_layout=*/true).c_str());
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kDataLoss:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kOutOfRange:
      return kExitBadInput;
    default:
      return kExitFailure;
  }
}

}  // namespace fl::cli

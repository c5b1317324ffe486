// `frictionlens analyze FILE...`: read event files, run the journey, write the report.

#include <unistd.h>

#include <cstdio>

#include "core/analyzer.h"
#include "native-cli/cli_args.h"
#include "native-cli/commands.h"
#include "native-cli/file_feed.h"
#include "native-cli/input_flags.h"
#include "native-cli/report_output.h"

namespace fl::cli {
namespace {

constexpr const char* kHelp = R"(Usage: frictionlens analyze FILE... [options]

Reads CSV or JSON Lines event files (several files make one data set), runs the
journey's funnel and friction analysis and writes the report.

Output options:
  --format table|json|html    table on a terminal, json otherwise (default)
  --output PATH               write there instead of standard output
  --strict                    exit 4 if any row was rejected
)";

}  // namespace

int RunAnalyze(const std::vector<std::string>& argv) {
  ParsedArgs args;
  AnalyzerOptions options;
  if (int stop = ParseInputCommand("analyze", kHelp, argv, {"format", "output"}, &args, &options); stop >= 0) {
    return stop;
  }
  const std::string output = args.Get("output");
  std::string format = args.Get("format");
  if (format.empty()) format = (output.empty() && isatty(STDOUT_FILENO)) ? "table" : "json";
  if (format != "table" && format != "json" && format != "html") {
    std::fprintf(stderr, "frictionlens analyze: --format: expected table, json or html\n");
    return kExitUsage;
  }
  absl::StatusOr<std::unique_ptr<Analyzer>> analyzer = Analyzer::Create(std::move(options));
  if (!analyzer.ok()) return ReportError(analyzer.status());
  if (absl::Status s = FeedFiles(args.positional, analyzer->get()); !s.ok()) return ReportError(s);
  absl::StatusOr<Analysis> analysis = (*analyzer)->Finish();
  if (!analysis.ok()) return ReportError(analysis.status());
  if (absl::Status s = WriteReport(analysis->report, format, output); !s.ok()) return ReportError(s);
  const int64_t rejected = analysis->table.input.rejected;
  if (rejected > 0 && args.Has("strict")) {
    std::fprintf(stderr, "frictionlens analyze: %lld rows rejected (--strict)\n", static_cast<long long>(rejected));
    return kExitRejectedRows;
  }
  return kExitOk;
}

}  // namespace fl::cli

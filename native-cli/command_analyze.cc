// `frictionlens analyze FILE...`: read event files, run the journey, write the report.

#include <cstdio>
#include <string>

#include "core/analyzer.h"
#include "native-cli/cli_args.h"
#include "native-cli/commands.h"
#include "native-cli/file_feed.h"
#include "native-cli/input_flags.h"
#include "native-cli/report_output.h"
#include "native-cli/terminal_text.h"

namespace fl::cli {
namespace {

constexpr const char* kHelp = R"(Usage: frictionlens analyze FILE... [options]

Reads CSV or JSON Lines event files (several files make one data set; gzip and
zstd files, and /dev/stdin, are decompressed as they are read), runs the
journey's funnel and friction analysis and writes the report.

Output options:
  --format table|json|html|csv  table on a terminal, json otherwise (default);
                              csv: a table for spreadsheets (--table)
  --table NAME                with csv: funnel (default), friction, paths,
                              correlation or conformance
  --output PATH               write there instead of standard output
  --strict                    exit 4 if any row was rejected
)";

// Rows the report leaves out must not go unnoticed when the report goes to a file or
// a pipe: one line per warning and the first rejection with its place, on stderr.
void TellInputProblems(const InputStats& input) {
  for (const std::string& warning : input.warnings) {
    std::fprintf(stderr, "frictionlens: warning: %s\n", ForTerminal(warning).c_str());
  }
  if (input.rejected == 0 || input.rejections.empty()) return;
  const Rejection& first = input.rejections.front();
  std::string place = first.file + ":" + std::to_string(first.line);
  if (first.column > 0) place += ":" + std::to_string(first.column);
  std::fprintf(stderr, "frictionlens: %lld of %lld rows rejected (input.rejections in the report); first: %s: %s\n",
               static_cast<long long>(input.rejected), static_cast<long long>(input.rows),
               ForTerminal(place).c_str(), ForTerminal(first.reason).c_str());
}

}  // namespace

int RunAnalyze(const std::vector<std::string>& argv) {
  ParsedArgs args;
  AnalyzerOptions options;
  if (int stop = ParseInputCommand("analyze", kHelp, argv, {"format", "output", "table"}, &args, &options); stop >= 0) {
    return stop;
  }
  const std::string output = args.Get("output");
  std::string format, table;
  if (!ReportFormatFromFlags("analyze", args, output, &format, &table)) return kExitUsage;
  for (const absl::Status& s : {CheckOutputIsNoInput(output, args.positional), CheckDistinctInputs(args.positional)}) {
    if (!s.ok()) {
      std::fprintf(stderr, "frictionlens analyze: %s\n", ForTerminal(s.message()).c_str());
      return kExitUsage;
    }
  }
  // One report, and the table is dropped after it: only the columns it reads are read.
  options.project = true;
  absl::StatusOr<std::unique_ptr<Analyzer>> analyzer = Analyzer::Create(std::move(options));
  if (!analyzer.ok()) return ReportError(analyzer.status());
  if (absl::Status s = FeedFiles(args.positional, analyzer->get()); !s.ok()) return ReportError(s);
  absl::StatusOr<Analysis> analysis = (*analyzer)->Finish();
  if (!analysis.ok()) return ReportError(analysis.status());
  if (absl::Status s = WriteReport(analysis->report, format, output, table); !s.ok()) return ReportError(s);
  TellInputProblems(analysis->table.input);
  const int64_t rejected = analysis->table.input.rejected;
  if (rejected > 0 && args.Has("strict")) {
    std::fprintf(stderr, "frictionlens analyze: %lld %s rejected (--strict)\n", static_cast<long long>(rejected),
                 rejected == 1 ? "row" : "rows");
    return kExitRejectedRows;
  }
  return kExitOk;
}

}  // namespace fl::cli

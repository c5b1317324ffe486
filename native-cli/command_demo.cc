// `frictionlens demo`: no files needed. Generates the demo store, analyses it with
// the built-in `store` journey, prints the table and writes a self-contained HTML report.

#include <cstdio>

#include "absl/strings/numbers.h"
#include "core/analyzer.h"
#include "core/demo/demo_store.h"
#include "native-cli/cli_args.h"
#include "native-cli/commands.h"
#include "native-cli/input_flags.h"
#include "native-cli/report_output.h"
#include "native-cli/report_table.h"

namespace fl::cli {
namespace {

constexpr const char* kHelp = R"(Usage: frictionlens demo [--users N] [--seed S] [--output PATH] [--events PATH]

Generates the built-in demo store (default 20000 users, seed 1: about 196,000
events over 14 days, with a checkout defect planted in it), analyses it with the
`store` journey, prints the table and writes the HTML report to PATH
(default frictionlens-demo.html). --events PATH also saves the generated CSV.
)";

}  // namespace

int RunDemo(const std::vector<std::string>& argv) {
  ParsedArgs args;
  std::string error;
  if (!ParseArgs(argv, {"users", "seed", "output", "events"}, {"help"}, &args, &error) || !args.positional.empty()) {
    std::fprintf(stderr, "frictionlens demo: %s\n\n%s", error.empty() ? "takes no files" : error.c_str(), kHelp);
    return kExitUsage;
  }
  if (args.Has("help")) {
    std::fputs(kHelp, stdout);
    return kExitOk;
  }
  DemoStoreOptions demo;
  if (!absl::SimpleAtoi(args.Get("users", "20000"), &demo.users) || demo.users <= 0 ||
      !absl::SimpleAtoi(args.Get("seed", "1"), &demo.seed)) {
    std::fprintf(stderr, "frictionlens demo: --users and --seed take whole numbers\n");
    return kExitUsage;
  }
  std::string csv = DemoCsvHeader();
  GenerateDemoStore(demo, [&csv](const DemoEvent& event) { AppendDemoCsvRow(event, &csv); });
  if (args.Has("events")) {
    if (absl::Status s = WriteText(csv, args.Get("events")); !s.ok()) return ReportError(s);
  }

  AnalyzerOptions options;
  options.journey = "store";
  absl::StatusOr<std::unique_ptr<Analyzer>> analyzer = Analyzer::Create(options);
  if (!analyzer.ok()) return ReportError(analyzer.status());
  absl::Status fed = (*analyzer)->BeginFile("demo-store.csv");
  if (fed.ok()) fed = (*analyzer)->Feed(csv);
  if (fed.ok()) fed = (*analyzer)->EndFile();
  if (!fed.ok()) return ReportError(fed);
  absl::StatusOr<Analysis> analysis = (*analyzer)->Finish();
  if (!analysis.ok()) return ReportError(analysis.status());

  if (absl::Status s = WriteText(RenderReportTable(analysis->report), "-"); !s.ok()) return ReportError(s);
  const std::string html_path = args.Get("output", "frictionlens-demo.html");
  if (absl::Status s = WriteReport(analysis->report, "html", html_path); !s.ok()) return ReportError(s);
  std::printf("\nHTML report written to %s\n", html_path.c_str());
  return kExitOk;
}

}  // namespace fl::cli

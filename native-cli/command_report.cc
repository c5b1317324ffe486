// `frictionlens report STATE`: the report of a partial state that covers every shard.

#include <cstdio>
#include <string>
#include <vector>

#include "native-cli/cli_args.h"
#include "native-cli/commands.h"
#include "native-cli/file_feed.h"
#include "native-cli/input_flags.h"
#include "native-cli/report_output.h"
#include "native-cli/state_files.h"
#include "native-cli/terminal_text.h"

namespace fl::cli {
namespace {

constexpr const char* kHelp = R"(Usage: frictionlens report STATE [options]

Writes the report of a partial state that covers every shard of its input (the
merge of all of them): the same bytes `frictionlens analyze` writes for the
whole input. A state that lacks a shard is refused, never reported as all users.

  --format table|json|html|csv  table on a terminal, json otherwise (default)
  --table NAME                with csv: funnel (default), friction, paths,
                              correlation or conformance
  --output PATH               write there instead of standard output
STATE may be - (standard input).
)";

}  // namespace

int RunReport(const std::vector<std::string>& argv) {
  ParsedArgs args;
  std::string error;
  if (!ParseArgs(argv, {"format", "output", "table"}, {"help"}, &args, &error)) {
    std::fprintf(stderr, "frictionlens report: %s\n\n%s", ForTerminal(error).c_str(), kHelp);
    return kExitUsage;
  }
  if (args.Has("help")) {
    std::fputs(kHelp, stdout);
    return kExitOk;
  }
  if (args.positional.size() != 1) {
    std::fprintf(stderr, "frictionlens report: expected one state file (merge several first)\n\n%s", kHelp);
    return kExitUsage;
  }
  const std::string output = args.Get("output");
  std::string format, table;
  if (!ReportFormatFromFlags("report", args, output, &format, &table)) return kExitUsage;
  if (absl::Status s = CheckOutputIsNoInput(output, args.positional); !s.ok()) {
    std::fprintf(stderr, "frictionlens report: %s\n", ForTerminal(s.message()).c_str());
    return kExitUsage;
  }
  absl::StatusOr<PartialState> state = ReadStateFile(args.positional[0]);
  if (!state.ok()) return ReportError(state.status());
  absl::StatusOr<nlohmann::ordered_json> report = ReportFromPartial(*state);
  if (!report.ok()) return ReportError(report.status());
  if (absl::Status s = WriteReport(*report, format, output, table); !s.ok()) return ReportError(s);
  return kExitOk;
}

}  // namespace fl::cli

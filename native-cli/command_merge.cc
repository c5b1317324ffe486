// `frictionlens merge STATE... --output STATE`: partial states of disjoint shards into one.

#include <string>
#include <utility>
#include <vector>

#include "native-cli/cli_args.h"
#include "native-cli/commands.h"
#include "native-cli/input_flags.h"
#include "native-cli/state_files.h"

namespace fl::cli {
namespace {

constexpr const char* kHelp = R"(Usage: frictionlens merge STATE... [--output STATE] [--json]

Merges partial states (written by `frictionlens partial` or an earlier merge) of
the shards of one `frictionlens shard` run into one state. The merge is exact:
any order and any grouping give the same bytes. It refuses states of another
journey, another input or another split, and a shard given twice.

  --output PATH   write there instead of standard output (- is standard output)
  --json          write the state's JSON view instead of its binary form
STATE may be - (standard input, once).
)";

}  // namespace

int RunMerge(const std::vector<std::string>& argv) {
  ParsedArgs args;
  if (int stop = ParseStateCommand("merge", kHelp, "state files", argv, {"output"}, &args); stop >= 0) return stop;
  const std::string output = args.Get("output");
  // One state at a time: each is read into the sum and its JSON freed before the next.
  PartialMerger merger;
  for (const std::string& path : args.positional) {
    absl::StatusOr<PartialState> state = ReadStateFile(path);
    if (!state.ok()) return ReportError(state.status());
    if (absl::Status s = merger.Add(*std::move(state)); !s.ok()) return ReportError(s);
  }
  absl::StatusOr<PartialState> merged = merger.Finish();
  if (!merged.ok()) return ReportError(merged.status());
  if (absl::Status s = WriteStateFile(*merged, output, args.Has("json")); !s.ok()) return ReportError(s);
  return kExitOk;
}

}  // namespace fl::cli

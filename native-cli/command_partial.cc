// `frictionlens partial SHARD... --journey J --output STATE`: the partial state of shards.

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/scaleout/table_shard.h"
#include "native-cli/cli_args.h"
#include "native-cli/commands.h"
#include "native-cli/file_feed.h"
#include "native-cli/input_flags.h"
#include "native-cli/state_files.h"
#include "native-cli/terminal_text.h"

namespace fl::cli {
namespace {

constexpr const char* kHelp = R"(Usage: frictionlens partial SHARD... [options]

Analyses shard files written by `frictionlens shard` (each holds every event of
each of its users) and writes their partial state, to be merged with the other
shards' states (`frictionlens merge`) and reported (`frictionlens report`).

  --journey SPEC.json|store   the journey spec file, or a built-in journey (default: store)
  --output PATH               write there instead of standard output (- is standard output)
  --json                      write the state's JSON view instead of its binary form
  --threads N                 threads for the analysis (default 1; any count, same bytes)
SHARD may be - (standard input, once).
)";

}  // namespace

int RunPartial(const std::vector<std::string>& argv) {
  ParsedArgs args;
  if (int stop = ParseStateCommand("partial", kHelp, "shard files", argv, {"journey", "output", "threads"}, &args);
      stop >= 0) {
    return stop;
  }
  int threads = 1;
  if (args.Has("threads") && (!absl::SimpleAtoi(args.Get("threads"), &threads) || threads < 1 || threads > 256)) {
    std::fprintf(stderr, "frictionlens partial: --threads: expected a whole number from 1 to 256\n");
    return kExitUsage;
  }
  const std::string output = args.Get("output");
  absl::StatusOr<JourneySpec> journey = JourneyFromFlag(args.Get("journey", "store"));
  if (!journey.ok()) return ReportError(journey.status());
  PartialMerger merger;
  for (const std::string& path : args.positional) {
    std::string bytes;
    if (absl::Status s = ReadWholeFile(path, &bytes); !s.ok()) return ReportError(s);
    const std::string name = path == "-" ? "standard input" : path;
    if (!LooksLikeTableShard(bytes)) {
      return ReportError(absl::FailedPreconditionError(
          absl::StrCat(name, ": not a shard file; `frictionlens shard` makes them from event files")));
    }
    absl::StatusOr<TableShard> shard = ReadTableShard(bytes, name);
    if (!shard.ok()) return ReportError(shard.status());
    bytes = std::string();  // the table holds it now; keep one copy at a time
    absl::StatusOr<PartialState> state = BuildPartial(*journey, *shard, threads);
    if (!state.ok()) return ReportError(state.status());
    if (args.positional.size() == 1) {
      if (absl::Status s = WriteStateFile(*state, output, args.Has("json")); !s.ok()) return ReportError(s);
      return kExitOk;
    }
    if (absl::Status s = merger.Add(*std::move(state)); !s.ok()) return ReportError(s);
  }
  absl::StatusOr<PartialState> merged = merger.Finish();
  if (!merged.ok()) return ReportError(merged.status());
  if (absl::Status s = WriteStateFile(*merged, output, args.Has("json")); !s.ok()) return ReportError(s);
  return kExitOk;
}

}  // namespace fl::cli

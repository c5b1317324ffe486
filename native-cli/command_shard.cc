// `frictionlens shard FILE... --shards N --by user --output-dir DIR`: the input, read as
// `analyze` reads it, split by person into shard files for `frictionlens partial`.

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/analyzer.h"
#include "core/report/report_builder.h"
#include "core/scaleout/table_shard.h"
#include "native-cli/cli_args.h"
#include "native-cli/commands.h"
#include "native-cli/file_feed.h"
#include "native-cli/input_flags.h"
#include "native-cli/report_output.h"
#include "native-cli/state_files.h"
#include "native-cli/terminal_text.h"

namespace fl::cli {
namespace {

constexpr const char* kHelp = R"(Usage: frictionlens shard FILE... --shards N --output-dir DIR [options]

Reads event files exactly as `analyze` does (the same columns, rejections,
warnings and stitched persons) and splits them by person into N shard files,
DIR/shard-00000-of-0000N.fltable ..., each holding every event of each of its
persons (a stable hash of the person id picks the shard). Each shard carries
what the whole input's report needs (its input section, first and last time,
names), so `frictionlens partial` on each shard, `merge` and `report` give the
bytes `analyze` gives for the files. The whole input is held in memory here once.

  --shards N        number of shards, 1 to 65536
  --by user         what a shard keeps together (only `user`: the stitched person)
  --output-dir DIR  where to write the shards (created if missing)
)";

std::string ShardPath(const std::string& dir, uint32_t index, uint32_t count) {
  return absl::StrFormat("%s/shard-%05u-of-%05u.fltable", dir, index, count);
}

}  // namespace

int RunShard(const std::vector<std::string>& argv) {
  ParsedArgs args;
  AnalyzerOptions options;
  if (int stop = ParseInputCommand("shard", kHelp, argv, {"shards", "by", "output-dir"}, &args, &options); stop >= 0) {
    return stop;
  }
  uint32_t shards = 0;
  if (!absl::SimpleAtoi(args.Get("shards"), &shards) || shards < 1 || shards > 65536) {
    std::fprintf(stderr, "frictionlens shard: --shards: expected a whole number from 1 to 65536\n");
    return kExitUsage;
  }
  if (args.Get("by", "user") != "user") {
    std::fprintf(stderr, "frictionlens shard: --by: only `user` (a person's events must meet in one shard)\n");
    return kExitUsage;
  }
  const std::string dir = args.Get("output-dir");
  if (dir.empty()) {
    std::fprintf(stderr, "frictionlens shard: --output-dir is required\n");
    return kExitUsage;
  }
  if (absl::Status s = CheckDistinctInputs(args.positional); !s.ok()) {
    std::fprintf(stderr, "frictionlens shard: %s\n", ForTerminal(s.message()).c_str());
    return kExitUsage;
  }
  if (mkdir(dir.c_str(), 0777) != 0 && errno != EEXIST) {
    return ReportError(absl::NotFoundError(absl::StrCat(dir, ": cannot create: ", std::strerror(errno))));
  }
  absl::StatusOr<std::unique_ptr<Analyzer>> analyzer = Analyzer::Create(std::move(options));
  if (!analyzer.ok()) return ReportError(analyzer.status());
  if (absl::Status s = FeedFiles(args.positional, analyzer->get()); !s.ok()) return ReportError(s);
  absl::StatusOr<EventTable> table = (*analyzer)->FinishTable();
  if (!table.ok()) return ReportError(table.status());
  auto context = std::make_shared<const ScaleoutContext>(ScaleoutContext::Of(*table, InputSectionToJson(*table)));
  const std::vector<uint32_t> shard_of_user = ShardsOfUsers(*table, shards);
  for (uint32_t i = 0; i < shards; ++i) {
    const TableShard shard = TakeShard(*table, shard_of_user, i, shards, context);
    const std::string bytes = WriteTableShard(shard);
    const std::string path = ShardPath(dir, i, shards);
    if (absl::Status s = WriteFileAtomically(bytes, path); !s.ok()) return ReportError(s);
    std::fprintf(stderr, "frictionlens shard: %s: %zu persons, %zu events, %zu bytes\n", ForTerminal(path).c_str(),
                 shard.table.user_count(), shard.table.size(), bytes.size());
  }
  if (table->input.rejected > 0) {
    std::fprintf(stderr, "frictionlens shard: %lld of %lld rows rejected (input.rejections in the report)\n",
                 static_cast<long long>(table->input.rejected), static_cast<long long>(table->input.rows));
  }
  for (const std::string& warning : table->input.warnings) {
    std::fprintf(stderr, "frictionlens: warning: %s\n", ForTerminal(warning).c_str());
  }
  return kExitOk;
}

}  // namespace fl::cli

// frictionlens: where a shop's customer journey loses people, and why.
// This file only dispatches to one subcommand; each lives in its own file.

#include <cstdio>
#include <string>
#include <vector>

#include "core/version.h"
#include "native-cli/cli_args.h"
#include "native-cli/commands.h"
#include "native-cli/huge_pages.h"
#include "native-cli/terminal_text.h"

namespace {

constexpr const char* kUsage = R"(frictionlens: customer-journey funnel and friction analysis

Usage:
  frictionlens analyze FILE... [--journey SPEC.json|store] [--format table|json|html] [--output PATH]
  frictionlens demo [--users N] [--seed S] [--output report.html]
  frictionlens generate --users N --seed S [--format csv|jsonl] --output PATH
  frictionlens validate FILE... [--journey SPEC.json|store]
  frictionlens explain FILE... --user ID [--journey SPEC.json|store] [--format text|json]
  frictionlens plan --baseline P --daily N (--mde D | --days T) [--variants K]
  frictionlens shard FILE... --shards N --by user --output-dir DIR [input options]
  frictionlens partial SHARD... [--journey SPEC.json|store] [--output STATE]
  frictionlens merge STATE... [--output STATE]
  frictionlens report STATE [--format table|json|html|csv] [--output PATH]
  frictionlens COMMAND --help

Exit codes: 0 success; 1 internal failure; 2 usage; 3 unreadable input or journey
spec; 4 rows were rejected and --strict was given.
)";

}  // namespace

int main(int argc, char** argv) {
  fl::cli::UseHugePagesForHeap(argv);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::fputs(kUsage, stderr);
    return fl::cli::kExitUsage;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  if (command == "analyze") return fl::cli::RunAnalyze(args);
  if (command == "demo") return fl::cli::RunDemo(args);
  if (command == "explain") return fl::cli::RunExplain(args);
  if (command == "generate") return fl::cli::RunGenerate(args);
  if (command == "plan") return fl::cli::RunPlan(args);
  if (command == "shard") return fl::cli::RunShard(args);
  if (command == "partial") return fl::cli::RunPartial(args);
  if (command == "merge") return fl::cli::RunMerge(args);
  if (command == "report") return fl::cli::RunReport(args);
  if (command == "validate") return fl::cli::RunValidate(args);
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(kUsage, stdout);
    return fl::cli::kExitOk;
  }
  if (command == "--version") {
    std::printf("frictionlens %s\n", kFrictionlensVersion);
    return fl::cli::kExitOk;
  }
  std::fprintf(stderr, "frictionlens: unknown command '%s'\n\n%s", fl::cli::ForTerminal(command).c_str(), kUsage);
  return fl::cli::kExitUsage;
}

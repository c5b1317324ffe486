// `frictionlens explain FILE... --user ID`: one user's story under the journey: each
// event with the steps it matches and whether it is in the chain, the chain the funnel
// chose for each unit, why it stopped there, and the friction signals that hit them.

#include <cstdio>
#include <string>

#include "core/analyzer.h"
#include "core/session/table_session.h"
#include "native-cli/cli_args.h"
#include "native-cli/commands.h"
#include "native-cli/file_feed.h"
#include "native-cli/input_flags.h"
#include "native-cli/terminal_text.h"

namespace fl::cli {
namespace {

constexpr const char* kHelp = R"(Usage: frictionlens explain FILE... --user ID [options]

Reads the files as analyze does and tells one user's story under the journey:
their events (at most --events, default 500) with the steps each matches, the
chain of events the funnel counted for each unit (a session or an attempt when
the journey counts those), why it stopped where it did (converted, still in
progress, window closed at T, excluded by event E, strict order broken by E,
no next-step event), and the friction signals on each event.

Options:
  --user ID                   the user (as the report names users)
  --events N                  events listed (default 500)
  --format text|json          text (default) or the JSON document
)";

std::string Text(const nlohmann::ordered_json& story) {
  std::string out = "User " + ForTerminal(story["user"].get<std::string>()) + " under '" +
                    ForTerminal(story["journey"].get<std::string>()) + "': " +
                    std::to_string(story["total"].get<int64_t>()) + (story["total"] == 1 ? " event\n" : " events\n");
  for (const auto& unit : story["units"]) {
    out += "\nUnit " + std::to_string(unit["unit"].get<int64_t>()) + ": reached " +
           std::to_string(unit["level"].get<int64_t>()) + " of the steps\n";
    for (const auto& link : unit["chain"]) {
      out += "  " + ForTerminal(link["step"].get<std::string>()) + ": " +
             (link.contains("skipped") ? std::string("passed by skipping (optional)")
                                       : ForTerminal(link["event"].get<std::string>()) + " at " +
                                             link["time"].get<std::string>()) +
             "\n";
    }
    out += "  -> " + ForTerminal(unit["reason"].get<std::string>()) + "\n";
  }
  out += "\nEvents (* = in a unit's chain):\n";
  for (const auto& e : story["events"]) {
    std::string line = "  " + e["time"].get<std::string>() + (e["chain"].empty() ? "   " : " * ") +
                       ForTerminal(e["event"].get<std::string>());
    for (const auto& link : e["chain"]) {
      line += "  [unit " + std::to_string(link["unit"].get<int64_t>()) + ": " + ForTerminal(link["step"].get<std::string>()) + "]";
    }
    for (const auto& s : e["signals"]) {
      line += "  !" + s["signal"].get<std::string>() +
              (s["target"].get<std::string>().empty() ? "" : " " + ForTerminal(s["target"].get<std::string>()));
    }
    out += line + "\n";
  }
  const int64_t shown = static_cast<int64_t>(story["events"].size());
  if (shown < story["total"].get<int64_t>()) {
    out += "  ... " + std::to_string(story["total"].get<int64_t>() - shown) + " more (--events)\n";
  }
  return out;
}

}  // namespace

int RunExplain(const std::vector<std::string>& argv) {
  ParsedArgs args;
  AnalyzerOptions options;
  if (int stop = ParseInputCommand("explain", kHelp, argv, {"user", "events", "format"}, &args, &options); stop >= 0) {
    return stop;
  }
  const std::string user = args.Get("user");
  if (user.empty()) {
    std::fprintf(stderr, "frictionlens explain: --user ID is required\n");
    return kExitUsage;
  }
  const std::string format = args.Get("format", "text");
  if (format != "text" && format != "json") {
    std::fprintf(stderr, "frictionlens explain: --format: expected text or json\n");
    return kExitUsage;
  }
  long long events = 500;
  const std::string events_text = args.Get("events", "500");
  char* end = nullptr;
  events = std::strtoll(events_text.c_str(), &end, 10);
  if (end == events_text.c_str() || *end != '\0' || events < 1) {
    std::fprintf(stderr, "frictionlens explain: --events: expected a positive integer\n");
    return kExitUsage;
  }
  const int threads = options.threads;
  absl::StatusOr<std::unique_ptr<Analyzer>> analyzer = Analyzer::Create(std::move(options));
  if (!analyzer.ok()) return ReportError(analyzer.status());
  if (absl::Status s = FeedFiles(args.positional, analyzer->get()); !s.ok()) return ReportError(s);
  absl::StatusOr<Analysis> analysis = (*analyzer)->Finish();
  if (!analysis.ok()) return ReportError(analysis.status());
  // After Finish: a journey's tables are read there.
  std::vector<FileSchema> schemas = (*analyzer)->schemas();
  const TableSession session(*std::move(analysis), std::move(schemas), threads);
  absl::StatusOr<nlohmann::ordered_json> story = session.Explain(user, static_cast<size_t>(events));
  if (!story.ok()) return ReportError(story.status());
  const std::string text = format == "json" ? story->dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"
                                            : Text(*story);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return kExitOk;
}

}  // namespace fl::cli

// `frictionlens plan`: how long an A/B test must run to detect a lift, or what lift a
// number of days can detect (core/experiment/experiment_plan.h).

#include <cstdio>

#include "absl/strings/numbers.h"
#include "core/experiment/experiment_plan.h"
#include "native-cli/cli_args.h"
#include "native-cli/commands.h"
#include "native-cli/report_text.h"

namespace fl::cli {
namespace {

constexpr const char* kHelp = R"(Usage: frictionlens plan --baseline P --daily N (--mde D | --days T)
                         [--variants K] [--alpha A] [--power B] [--format table|json]

Plans an A/B test of a conversion rate: with --mde (an absolute lift, e.g. 0.02 for
+2 pp), the units per variant and the days needed; with --days, the smallest lift
those days can detect. P is control's rate (e.g. 0.2), N the units entering the test
per day over all K variants (default 2). Two-sided test at A (default 0.05) with
power B (default 0.8), each variant against control.
)";

}  // namespace

int RunPlan(const std::vector<std::string>& argv) {
  ParsedArgs args;
  std::string error;
  if (!ParseArgs(argv, {"baseline", "daily", "mde", "days", "variants", "alpha", "power", "format"}, {"help"}, &args,
                 &error) ||
      !args.positional.empty()) {
    std::fprintf(stderr, "frictionlens plan: %s\n\n%s", error.empty() ? "unexpected argument" : error.c_str(), kHelp);
    return kExitUsage;
  }
  if (args.Has("help")) {
    std::fputs(kHelp, stdout);
    return kExitOk;
  }
  nlohmann::json input = nlohmann::json::object();
  const std::pair<const char*, const char*> keys[] = {{"baseline", "baseline"}, {"daily", "daily_units"},
                                                      {"mde", "mde"},           {"days", "days"},
                                                      {"alpha", "alpha"},       {"power", "power"}};
  for (const auto& [flag, key] : keys) {
    if (!args.Has(flag)) continue;
    double value = 0;
    if (!absl::SimpleAtod(args.Get(flag), &value)) {
      std::fprintf(stderr, "frictionlens plan: --%s: expected a number\n", flag);
      return kExitUsage;
    }
    input[key] = value;
  }
  if (args.Has("variants")) {
    int64_t variants = 0;
    if (!absl::SimpleAtoi(args.Get("variants"), &variants)) {
      std::fprintf(stderr, "frictionlens plan: --variants: expected a whole number\n");
      return kExitUsage;
    }
    input["variants"] = variants;
  }
  const std::string format = args.Get("format", "table");
  if (format != "table" && format != "json") {
    std::fprintf(stderr, "frictionlens plan: --format: expected table or json\n");
    return kExitUsage;
  }
  absl::StatusOr<PlanInput> parsed = ParsePlanInput(input);
  absl::StatusOr<nlohmann::ordered_json> plan = parsed.ok() ? PlanExperiment(*parsed) : parsed.status();
  if (!plan.ok()) {
    std::fprintf(stderr, "frictionlens %s\n", std::string(plan.status().message()).c_str());
    return kExitUsage;
  }
  if (format == "json") {
    std::printf("%s\n", plan->dump(2).c_str());
    return kExitOk;
  }
  const auto& p = *plan;
  std::printf("Baseline %.2f%%, %s units a day over %d variants (alpha %g, power %g):\n",
              100 * p["baseline"].get<double>(), WithThousands(static_cast<int64_t>(p["daily_units"].get<double>())).c_str(),
              p["variants"].get<int>(), p["alpha"].get<double>(), p["power"].get<double>());
  std::printf("  detects %+.2f pp (%+.1f%% relative) with %s units per variant in %g days\n",
              100 * p["mde"].get<double>(), 100 * p["relative_mde"].get<double>(),
              WithThousands(p["units_per_variant"].get<int64_t>()).c_str(), p["days"].get<double>());
  std::printf("  method: %s\n", p["method"].get<std::string>().c_str());
  return kExitOk;
}

}  // namespace fl::cli

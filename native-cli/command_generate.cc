// `frictionlens generate`: write the demo store's events (any size) for benchmarks.

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/numbers.h"
#include "core/demo/demo_store.h"
#include "native-cli/cli_args.h"
#include "native-cli/commands.h"
#include "native-cli/progress_bar.h"

namespace fl::cli {
namespace {

constexpr const char* kHelp = R"(Usage: frictionlens generate --users N --seed S [--format csv|jsonl] --output PATH
                           [--experiment-lift L] [--experiment-b-share S] [--experiment-fix-coupon]
                           [--checkout-form] [--quantity-stepper]

Writes the built-in demo store's clickstream (the same generator as `demo`):
about 9.8 events and 860 bytes of CSV per user, so --users 1020000 gives about
10 million events. PATH - writes to standard output.

A planted A/B test (examples/store-experiment.json analyses it): with either flag,
every user is in variant A or B (a `variant` column), an `experiment_exposure`
event opens their first session, and B's add-to-cart chance is higher by L
(absolute, e.g. 0.04; default 0). S is B's share of users (default 0.5; set it
off 0.5 to plant a sample-ratio mismatch). --experiment-fix-coupon: B ships the
fix of the planted coupon defect (no rage clicks at #apply-coupon for B's android
users), which the friction points' counts per variant should show.

--checkout-form: the checkout form field by field (form_start, field_focus,
field_change, field_blur, field_error, form_submit, with `form` and `field`
columns), where #postcode rejects valid input on iOS: the forms section and the
friction points should name that field. --quantity-stepper: quick "+" clicks on the
cart's stepper, each answered by `cart_updated`: clicks that were meant, not rage.
)";

// A probability-like flag in [lo, hi].
bool ReadShare(const ParsedArgs& args, const char* name, double lo, double hi, double* out) {
  if (!args.Has(name)) return true;
  if (!absl::SimpleAtod(args.Get(name), out) || !(*out >= lo && *out <= hi)) {
    std::fprintf(stderr, "frictionlens generate: --%s: expected a number from %g to %g\n", name, lo, hi);
    return false;
  }
  return true;
}

}  // namespace

int RunGenerate(const std::vector<std::string>& argv) {
  ParsedArgs args;
  std::string error;
  if (!ParseArgs(argv, {"users", "seed", "format", "output", "experiment-lift", "experiment-b-share"}, {"help", "experiment-fix-coupon", "checkout-form", "quantity-stepper"}, &args, &error)) {
    std::fprintf(stderr, "frictionlens generate: %s\n\n%s", error.c_str(), kHelp);
    return kExitUsage;
  }
  if (args.Has("help")) {
    std::fputs(kHelp, stdout);
    return kExitOk;
  }
  DemoStoreOptions options;
  if (!absl::SimpleAtoi(args.Get("users", "20000"), &options.users) || options.users < 0) {
    std::fprintf(stderr, "frictionlens generate: --users: expected a whole number\n");
    return kExitUsage;
  }
  if (!absl::SimpleAtoi(args.Get("seed", "1"), &options.seed)) {
    std::fprintf(stderr, "frictionlens generate: --seed: expected a whole number\n");
    return kExitUsage;
  }
  if (!ReadShare(args, "experiment-lift", 0, 0.5, &options.experiment_cart_lift) ||
      !ReadShare(args, "experiment-b-share", 0.01, 0.99, &options.experiment_b_share)) {
    return kExitUsage;
  }
  options.experiment_fixes_coupon = args.Has("experiment-fix-coupon");
  options.checkout_form = args.Has("checkout-form");
  options.quantity_stepper = args.Has("quantity-stepper");
  options.experiment =
      args.Has("experiment-lift") || args.Has("experiment-b-share") || options.experiment_fixes_coupon;
  const std::string format = args.Get("format", "csv");
  if (format != "csv" && format != "jsonl") {
    std::fprintf(stderr, "frictionlens generate: --format: expected csv or jsonl\n");
    return kExitUsage;
  }
  const std::string path = args.Get("output");
  if (path.empty() || args.positional.size() > 0) {
    std::fprintf(stderr, "frictionlens generate: --output PATH is required\n\n%s", kHelp);
    return kExitUsage;
  }
  FILE* file = path == "-" ? stdout : std::fopen(path.c_str(), "wb");
  if (file == nullptr) {
    std::fprintf(stderr, "frictionlens: %s: cannot write: %s\n", path.c_str(), std::strerror(errno));
    return kExitBadInput;
  }
  std::string buffer = format == "csv" ? DemoCsvHeader(options.experiment, options.checkout_form) : std::string();
  bool write_ok = true;
  ProgressBar progress("generating", options.users);
  GenerateDemoStore(options, [&](const DemoEvent& event) {
    if (format == "csv") AppendDemoCsvRow(event, &buffer); else AppendDemoJsonLine(event, &buffer);
    if (buffer.size() >= (4u << 20)) {
      write_ok = write_ok && std::fwrite(buffer.data(), 1, buffer.size(), file) == buffer.size();
      buffer.clear();
      progress.Update(event.user - 100000);
    }
  });
  write_ok = write_ok && std::fwrite(buffer.data(), 1, buffer.size(), file) == buffer.size();
  progress.Finish();
  if (file != stdout) write_ok = std::fclose(file) == 0 && write_ok; else write_ok = std::fflush(stdout) == 0 && write_ok;
  if (!write_ok) {
    std::fprintf(stderr, "frictionlens: %s: write failed\n", path.c_str());
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace fl::cli

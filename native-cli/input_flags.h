#ifndef FRICTIONLENS_NATIVE_CLI_INPUT_FLAGS_H_
#define FRICTIONLENS_NATIVE_CLI_INPUT_FLAGS_H_

// The flags `analyze` and `validate` share: how to read the input and which journey.

#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/analyzer.h"
#include "native-cli/cli_args.h"

namespace fl::cli {

extern const std::set<std::string> kInputValueFlags;
extern const char* const kInputFlagsHelp;

// Builds analyzer options from the flags; reads the journey file if one is named.
// Errors: InvalidArgument for a malformed flag (usage), NotFound for a missing file.
absl::StatusOr<AnalyzerOptions> AnalyzerOptionsFromFlags(const ParsedArgs& args);

// The shared front of `analyze` and `validate`: parses the command line (input flags
// plus `extra_values` and the switches help, strict, keep-time-outliers), prints help
// or usage errors, and builds the analyzer options. Returns an exit code when the
// command should stop now (help shown, or an error), or -1 to go on.
int ParseInputCommand(const char* command, const char* help, const std::vector<std::string>& argv,
                      const std::set<std::string>& extra_values, ParsedArgs* args, AnalyzerOptions* options);

// Prints "frictionlens: <message>" and maps a Status to an exit code.
int ReportError(const absl::Status& status);

}  // namespace fl::cli

#endif  // FRICTIONLENS_NATIVE_CLI_INPUT_FLAGS_H_

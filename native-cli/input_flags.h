#ifndef FRICTIONLENS_NATIVE_CLI_INPUT_FLAGS_H_
#define FRICTIONLENS_NATIVE_CLI_INPUT_FLAGS_H_

// The flags `analyze` and `validate` share: how to read the input and which journey.

#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "core/analyzer.h"
#include "native-cli/cli_args.h"

namespace fl::cli {

extern const std::set<std::string> kInputValueFlags;
extern const char* const kInputFlagsHelp;

// Builds analyzer options from the flags; reads the journey file if one is named.
// Errors: InvalidArgument for a malformed flag (usage), NotFound for a missing file.
absl::StatusOr<AnalyzerOptions> AnalyzerOptionsFromFlags(const ParsedArgs& args);

// Prints "frictionlens: <message>" and maps a Status to an exit code.
int ReportError(const absl::Status& status);

}  // namespace fl::cli

#endif  // FRICTIONLENS_NATIVE_CLI_INPUT_FLAGS_H_

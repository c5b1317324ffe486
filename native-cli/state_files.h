#ifndef FRICTIONLENS_NATIVE_CLI_STATE_FILES_H_
#define FRICTIONLENS_NATIVE_CLI_STATE_FILES_H_

// Reading and writing partial states (core/scaleout/partial_state.h) for `partial`,
// `merge` and `report`: `-` is standard input or output, so that the commands chain in
// pipes (Spark's RDD.pipe, Hadoop streaming).

#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/scaleout/partial_state.h"
#include "native-cli/cli_args.h"

namespace fl::cli {

// One state file (binary or JSON view); errors name the path.
absl::StatusOr<PartialState> ReadStateFile(const std::string& path);

// `state` in its binary form, or its JSON view when `json_view`. A file is written under
// a temporary name and renamed, so that a task killed mid-write (a Dask worker lost)
// never leaves a half state where a whole one is expected. "" or "-" is stdout.
absl::Status WriteStateFile(const PartialState& state, const std::string& path, bool json_view);

// `bytes` written to `path` under a temporary name, then renamed.
absl::Status WriteFileAtomically(const std::string& bytes, const std::string& path);

// The shared front of `partial` and `merge`: parses the command line (`value_flags`, and
// the switches help and json), prints help or a usage error, and refuses an empty input
// list ("no <what>"), an --output naming an input and an input given twice. Returns an
// exit code when the command should stop now, or -1 to go on.
int ParseStateCommand(const char* command, const char* help, const char* what, const std::vector<std::string>& argv,
                      const std::set<std::string>& value_flags, ParsedArgs* args);

// The journey named by --journey (a built-in name or a spec file).
absl::StatusOr<JourneySpec> JourneyFromFlag(const std::string& value);

}  // namespace fl::cli

#endif  // FRICTIONLENS_NATIVE_CLI_STATE_FILES_H_

#ifndef FRICTIONLENS_NATIVE_CLI_FILE_FEED_H_
#define FRICTIONLENS_NATIVE_CLI_FILE_FEED_H_

// Reads input files in fixed-size chunks into an Analyzer, with a progress bar.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "core/analyzer.h"

namespace fl::cli {

// Reads a whole (small) file, e.g. a journey spec. Errors name the path.
absl::Status ReadWholeFile(const std::string& path, std::string* out);

// Feeds every file to the analyzer; read errors (missing file) are NotFound,
// parse errors come from the core as InvalidArgument. A regular file is handed over
// whole (Analyzer::IngestFile) so that it can be read by several threads in parts;
// anything else (a pipe) is streamed in chunks.
// `-` among the paths is standard input.
absl::Status FeedFiles(const std::vector<std::string>& paths, Analyzer* analyzer);

// A file named twice (by any path) would count its events twice: refused.
absl::Status CheckDistinctInputs(const std::vector<std::string>& paths);
// --output naming one of the inputs would destroy it: refused.
absl::Status CheckOutputIsNoInput(const std::string& output, const std::vector<std::string>& inputs);

}  // namespace fl::cli

#endif  // FRICTIONLENS_NATIVE_CLI_FILE_FEED_H_

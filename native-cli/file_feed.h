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
// parse errors come from the core as InvalidArgument. With threads > 1 a regular file
// is handed over whole (Analyzer::IngestFile) so that it can be read in parallel.
absl::Status FeedFiles(const std::vector<std::string>& paths, int threads, Analyzer* analyzer);

}  // namespace fl::cli

#endif  // FRICTIONLENS_NATIVE_CLI_FILE_FEED_H_

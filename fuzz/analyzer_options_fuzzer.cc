// ParseAnalyzerOptions on any text: options or an error with a message, never a
// crash. Parsed options must be usable: creating an Analyzer from them returns a
// status (it validates the journey and the ingest settings) without crashing.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/analyzer.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<fl::AnalyzerOptions> options = fl::ParseAnalyzerOptions(text);
  if (!options.ok()) {
    fl::fuzz::Check(!options.status().message().empty(), "refused options without a message", text);
    return 0;
  }
  options->threads = 1;
  options->ingest.threads = 1;
  absl::StatusOr<std::unique_ptr<fl::Analyzer>> analyzer = fl::Analyzer::Create(*std::move(options));
  if (analyzer.ok()) {
    // A tiny file through the configured reader: the options must not make it crash.
    (void)(*analyzer)->Feed("user_id,timestamp,event\nu1,2024-01-01T00:00:00Z,view\n");
    (void)(*analyzer)->Finish();
  }
  return 0;
}

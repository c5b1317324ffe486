// ParseJourneySpec on any text: a spec or an error, never a crash; a parsed spec's
// CanonicalJson parses again to the same canonical form (a fixed point).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "core/journey/journey_spec.h"
#include "core/report/journey_sections.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<fl::JourneySpec> spec = fl::ParseJourneySpec(text);
  if (!spec.ok()) {
    fl::fuzz::Check(!spec.status().message().empty(), "a refused spec without a message", text);
    return 0;
  }
  const std::string canonical = spec->CanonicalJson();
  absl::StatusOr<fl::JourneySpec> again = fl::ParseJourneySpec(canonical);
  fl::fuzz::Check(again.ok(), "the canonical form of a spec does not parse",
                  absl::StrCat(std::string(text), "\n--- canonical\n", canonical, "\n--- error\n",
                               again.ok() ? "" : again.status().ToString()));
  const std::string twice = again->CanonicalJson();
  fl::fuzz::Check(twice == canonical, "canonical form is not a fixed point",
                  absl::StrCat(std::string(text), "\n--- canonical\n", canonical, "\n--- again\n", twice));
  return 0;
}

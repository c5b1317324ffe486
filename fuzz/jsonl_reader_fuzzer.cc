// FlattenJsonLine (the hand-written fast path, then simdjson's On-Demand where the
// build has it, falling back to SAX) and FlattenJsonLineSax must agree on every line:
// both accept or both reject it, with the same pairs in the same order.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "core/ingest/jsonl_reader.h"
#include "fuzz/fuzz_support.h"

namespace {

std::string Pairs(const fl::FlatObject& flat) {
  std::string out;
  for (size_t i = 0; i < flat.size; ++i) absl::StrAppend(&out, flat.keys[i], "=", flat.values[i], "\n");
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string line(reinterpret_cast<const char*>(data), size);
  fl::FlatObject fast, sax;
  std::string fast_error, sax_error;
  // Objects reused across lines keep stale strings beyond `size`: start them dirty.
  fast.Add("stale", "value");
  fast.Clear();
  const bool fast_ok = fl::FlattenJsonLine(line, &fast, &fast_error);
  const bool sax_ok = fl::FlattenJsonLineSax(line, &sax, &sax_error);
  fl::fuzz::Check(fast_ok == sax_ok, "one path accepts a line the other rejects",
                  absl::StrCat(line, "\n--- fast: ", fast_ok ? "accepted" : fast_error, "\n--- sax: ",
                               sax_ok ? "accepted" : sax_error));
  if (!fast_ok) {
    fl::fuzz::Check(!fast_error.empty() && !sax_error.empty(), "a rejected line without an error message", line);
    return 0;
  }
  fl::fuzz::Check(Pairs(fast) == Pairs(sax), "the two paths give different pairs",
                  absl::StrCat(line, "\n--- fast\n", Pairs(fast), "--- sax\n", Pairs(sax)));
  return 0;
}

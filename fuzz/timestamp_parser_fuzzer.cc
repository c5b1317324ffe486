// ParseTimestamp on any text in every format: no crash, no undefined behaviour (UBSan
// checks the digit arithmetic for overflow), and a value accepted in auto mode as ISO
// is accepted with the same instant when ISO is forced.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/ingest/timestamp_parser.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  int64_t ms[4] = {0, 0, 0, 0};
  fl::TimeKind kind = fl::TimeKind::kIso;
  const bool auto_ok = fl::ParseTimestamp(text, fl::TimeFormat::kAuto, &ms[0], &kind);
  const bool iso_ok = fl::ParseTimestamp(text, fl::TimeFormat::kIso, &ms[1]);
  fl::ParseTimestamp(text, fl::TimeFormat::kEpochS, &ms[2]);
  fl::ParseTimestamp(text, fl::TimeFormat::kEpochMs, &ms[3]);
  if (auto_ok && kind == fl::TimeKind::kIso) {
    fl::fuzz::Check(iso_ok && ms[0] == ms[1], "auto reads ISO that forced ISO reads otherwise", text);
  }
  if (auto_ok) fl::fuzz::Check(fl::TimeKindName(kind) != nullptr, "a kind without a name", text);
  return 0;
}

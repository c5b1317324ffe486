#ifndef FRICTIONLENS_FUZZ_FUZZ_SUPPORT_H_
#define FRICTIONLENS_FUZZ_FUZZ_SUPPORT_H_

// Shared by the libFuzzer targets in fuzz/: a failed invariant aborts with a message
// (libFuzzer records the input as a crash), and a small deterministic generator turns
// bytes of the input into chunk sizes.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace fl::fuzz {

[[noreturn]] inline void Fail(const char* what, std::string_view detail = {}) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n%.*s\n", what, static_cast<int>(detail.size()), detail.data());
  std::abort();
}

inline void Check(bool ok, const char* what, std::string_view detail = {}) {
  if (!ok) Fail(what, detail);
}

// splitmix64: chunk sizes derived from the input, so a crash replays exactly.
class ChunkSizes {
 public:
  explicit ChunkSizes(uint64_t seed) : state_(seed) {}
  // 1..limit bytes.
  size_t Next(size_t limit) {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return 1 + static_cast<size_t>(z % limit);
  }

 private:
  uint64_t state_;
};

}  // namespace fl::fuzz

#endif  // FRICTIONLENS_FUZZ_FUZZ_SUPPORT_H_

#ifndef FRICTIONLENS_CORE_SHORT_TEXT_H_
#define FRICTIONLENS_CORE_SHORT_TEXT_H_

// Equality and hashing for the short strings of a clickstream (ids, codes, names,
// selectors: mostly under 16 bytes), inline, without a libc call per compare. Interning
// every field of every row made the generic paths (absl's string hash and memcmp calls
// from the hash map's equality) about a fifth of a 10 M-event run.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "absl/hash/hash.h"
#include "absl/strings/string_view.h"

namespace fl {

// The first and last sizeof(Word) bytes of a and b (n bytes each, n >= sizeof(Word))
// are equal: two overlapping loads a side cover the whole text.
template <typename Word>
inline bool SameEnds(const char* a, const char* b, size_t n) {
  Word a0, a1, b0, b1;
  std::memcpy(&a0, a, sizeof(Word));
  std::memcpy(&b0, b, sizeof(Word));
  std::memcpy(&a1, a + n - sizeof(Word), sizeof(Word));
  std::memcpy(&b1, b + n - sizeof(Word), sizeof(Word));
  return ((a0 ^ b0) | (a1 ^ b1)) == 0;
}

// a == b: sizes first, then at most two overlapping 8-byte (or 4-byte) loads per side.
inline bool SameShortText(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  if (n > 16) return std::memcmp(a.data(), b.data(), n) == 0;
  if (n >= 8) return SameEnds<uint64_t>(a.data(), b.data(), n);
  if (n >= 4) return SameEnds<uint32_t>(a.data(), b.data(), n);
  for (size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

// A well-mixed 64-bit hash: up to 16 bytes are read as two words (overlapping) and
// folded through one 64x64->128 multiply; longer text goes to absl's hash. Not stable
// across versions: only for in-memory tables.
inline size_t HashShortText(std::string_view text) {
  const size_t n = text.size();
  if (n > 16) return absl::Hash<absl::string_view>{}(absl::string_view(text.data(), n));
  const char* p = text.data();
  uint64_t a = 0, b = 0;
  if (n >= 8) {
    std::memcpy(&a, p, 8);
    std::memcpy(&b, p + n - 8, 8);
  } else if (n >= 4) {
    uint32_t x, y;
    std::memcpy(&x, p, 4);
    std::memcpy(&y, p + n - 4, 4);
    a = x;
    b = y;
  } else if (n > 0) {
    a = static_cast<uint64_t>(static_cast<unsigned char>(p[0])) |
        static_cast<uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8 |
        static_cast<uint64_t>(static_cast<unsigned char>(p[n - 1])) << 16;
  }
  const unsigned __int128 m = static_cast<unsigned __int128>(a ^ 0x243F6A8885A308D3ULL ^ (static_cast<uint64_t>(n) << 56)) *
                              (b ^ 0x9E3779B97F4A7C15ULL);
  return static_cast<size_t>(static_cast<uint64_t>(m >> 64) ^ static_cast<uint64_t>(m));
}

}  // namespace fl

#endif  // FRICTIONLENS_CORE_SHORT_TEXT_H_

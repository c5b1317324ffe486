#ifndef FRICTIONLENS_CORE_VARINT_H_
#define FRICTIONLENS_CORE_VARINT_H_

// LEB128 varints for the packed in-memory forms (friction unit records, duration
// counts): 7 bits a byte, low bits first, the high bit set on every byte but the last.
// Signed values go through zigzag first, so small magnitudes stay short.
//   300 -> AC 02;  ZigZag(-1) = 1, ZigZag(1) = 2

#include <cstdint>

namespace fl {

inline constexpr int kMaxVarintBytes = 10;  // of a 64-bit value

// Writes `v` at `p` (room for kMaxVarintBytes) and returns the byte after it.
inline uint8_t* PutVarint(uint64_t v, uint8_t* p) {
  while (v >= 0x80) {
    *p++ = static_cast<uint8_t>(v | 0x80);
    v >>= 7;
  }
  *p++ = static_cast<uint8_t>(v);
  return p;
}

// Reads a varint at *p, advancing it. The bytes must be a varint PutVarint wrote.
inline uint64_t ReadVarint(const uint8_t** p) {
  uint64_t v = 0;
  for (int shift = 0;; shift += 7) {
    const uint8_t b = *(*p)++;
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (b < 0x80) return v;
  }
}

inline uint64_t ZigZag(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
inline int64_t UnZigZag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

}  // namespace fl

#endif  // FRICTIONLENS_CORE_VARINT_H_

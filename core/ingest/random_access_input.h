#ifndef FRICTIONLENS_CORE_INGEST_RANDOM_ACCESS_INPUT_H_
#define FRICTIONLENS_CORE_INGEST_RANDOM_ACCESS_INPUT_H_

// An input whose bytes can be read at any offset, from several threads at once: what
// parallel ingest needs to give each thread its own part of a file. The door supplies
// it (the CLI reads a file with pread); the core never opens files itself.

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace fl {

class RandomAccessInput {
 public:
  virtual ~RandomAccessInput() = default;
  virtual int64_t size() const = 0;
  // Replaces *out with the bytes [offset, offset + n) (fewer only at the end).
  // Must be safe to call from several threads at once.
  virtual absl::Status Read(int64_t offset, size_t n, std::string* out) const = 0;
  // Told, from whichever reader thread, that `bytes` more bytes were parsed: a door's
  // progress display. Must be safe to call from several threads at once.
  virtual void Parsed(int64_t bytes) const { (void)bytes; }
};

// Bytes already in memory (tests, and doors that hold the whole file).
class BytesInput : public RandomAccessInput {
 public:
  explicit BytesInput(std::string_view bytes) : bytes_(bytes) {}
  int64_t size() const override { return static_cast<int64_t>(bytes_.size()); }
  absl::Status Read(int64_t offset, size_t n, std::string* out) const override {
    out->assign(bytes_.substr(static_cast<size_t>(offset), n));
    return absl::OkStatus();
  }

 private:
  std::string_view bytes_;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_RANDOM_ACCESS_INPUT_H_

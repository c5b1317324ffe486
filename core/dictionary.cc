#include "core/dictionary.h"

namespace fl {

size_t Dictionary::ApproxBytes() const {
  size_t bytes = ids_.capacity() * (sizeof(uint32_t) + 1) + hashes_->capacity() * sizeof(uint32_t);
  for (const std::string& value : *values_) bytes += sizeof(std::string) + (value.size() > 15 ? value.capacity() : 0);
  return bytes;
}

}  // namespace fl

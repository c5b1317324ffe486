#include "core/id_column.h"

namespace fl {

void IdColumn::Widen(uint32_t id) {
  const uint8_t width = id <= 0xFFFF ? 2 : 4;
  if (width <= width_) return;
  IdColumn wider;
  wider.width_ = width;
  wider.max_ = width == 2 ? 0xFFFF : 0xFFFFFFFF;
  wider.bytes_.reserve(std::max(bytes_.capacity() / width_, size_) * width);
  wider.bytes_.resize(size_ * width);
  wider.size_ = size_;
  for (size_t row = 0; row < size_; ++row) wider.Store(row, Get(row));
  *this = std::move(wider);
}

void IdColumn::Permute(const std::vector<uint32_t>& order) {
  IdColumn sorted;
  sorted.width_ = width_;
  sorted.max_ = max_;
  sorted.bytes_.resize(order.size() * width_);
  sorted.size_ = order.size();
  for (size_t i = 0; i < order.size(); ++i) sorted.Store(i, Get(order[i]));
  *this = std::move(sorted);
}

void IdColumn::KeepRows(const std::vector<bool>& keep) {
  size_t w = 0;
  for (size_t row = 0; row < size_; ++row) {
    if (keep[row]) Store(w++, Get(row));
  }
  size_ = w;
  bytes_.resize(w * width_);
  bytes_.shrink_to_fit();
}

}  // namespace fl

#include "core/id_column.h"

#include <new>

namespace fl {

IdColumn::IdColumn(const IdColumn& other) : width_(other.width_), max_(other.max_) {
  Reallocate(other.size_);
  if (other.size_ > 0) std::memcpy(data_, other.data_, other.size_ * width_);
  size_ = other.size_;
}

IdColumn& IdColumn::operator=(const IdColumn& other) {
  if (this != &other) {
    IdColumn copy(other);
    Swap(copy);
  }
  return *this;
}

void IdColumn::Reallocate(size_t capacity) {
  if (capacity == 0) {
    std::free(data_);
    data_ = nullptr;
    capacity_ = 0;
    return;
  }
  void* grown = std::realloc(data_, capacity * width_);
  if (grown == nullptr) throw std::bad_alloc();
  data_ = static_cast<uint8_t*>(grown);
  capacity_ = capacity;
}

void IdColumn::resize(size_t n, uint32_t id) {
  if (id > max_) Widen(id);
  if (n > capacity_) Reallocate(n);
  if (id == 0) {
    if (n > size_) std::memset(data_ + size_ * width_, 0, (n - size_) * width_);
  } else {
    for (size_t row = size_; row < n; ++row) Store(row, id);
  }
  size_ = n;
}

void IdColumn::Widen(uint32_t id) {
  const uint8_t width = id <= 0xFFFF ? 2 : 4;
  if (width <= width_) return;
  IdColumn wider;
  wider.width_ = width;
  wider.max_ = width == 2 ? 0xFFFF : 0xFFFFFFFF;
  wider.Reallocate(std::max<size_t>(capacity_, 64));
  for (size_t row = 0; row < size_; ++row) wider.Store(row, Get(row));
  wider.size_ = size_;
  Swap(wider);
}

void IdColumn::AppendMapped(const IdColumn& from, const std::vector<uint32_t>& map) {
  uint32_t largest = 0;
  for (uint32_t id : map) largest = std::max(largest, id);
  if (largest > max_) Widen(largest);
  reserve(size_ + from.size_);
  for (size_t row = 0; row < from.size_; ++row) Store(size_ + row, map[from.Get(row)]);
  size_ += from.size_;
}

void IdColumn::Permute(const std::vector<uint32_t>& order) {
  IdColumn sorted;
  sorted.width_ = width_;
  sorted.max_ = max_;
  sorted.Reallocate(order.size());
  for (size_t i = 0; i < order.size(); ++i) sorted.Store(i, Get(order[i]));
  sorted.size_ = order.size();
  Swap(sorted);
}

void IdColumn::PermuteRanges(const std::vector<uint32_t>& order,
                             const std::vector<std::pair<uint32_t, uint32_t>>& ranges) {
  std::vector<uint32_t> moved;
  for (const auto& [begin, end] : ranges) {
    moved.clear();
    for (uint32_t i = begin; i < end; ++i) moved.push_back(Get(order[i]));
    for (uint32_t i = begin; i < end; ++i) Store(i, moved[i - begin]);
  }
}

void IdColumn::KeepRows(const std::vector<bool>& keep) {
  size_t w = 0;
  for (size_t row = 0; row < size_; ++row) {
    if (keep[row]) Store(w++, Get(row));
  }
  size_ = w;
  shrink_to_fit();
}

}  // namespace fl

#include "core/id_column.h"

#include <new>

#include "core/memory_release.h"

namespace fl {
namespace {

// Bytes of the sparse form for `rows` rows of which `values` have an id `width` wide.
size_t SparseBytes(size_t rows, size_t values, int width) { return rows / 8 + rows / 16 + values * width; }

}  // namespace

IdColumn::IdColumn(const IdColumn& other)
    : width_(other.width_), max_(other.max_), value_width_(other.value_width_), values_(other.values_),
      bits_(other.bits_), ranks_(other.ranks_) {
  const size_t count = sparse() ? other.values_ : other.size_;
  Reallocate(count);
  if (count > 0) std::memcpy(data_, other.data_, count * width());
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
  void* grown = std::realloc(data_, capacity * width());
  if (grown == nullptr) throw std::bad_alloc();
  data_ = static_cast<uint8_t*>(grown);
  capacity_ = capacity;
}

void IdColumn::reserve(size_t n) {
  if (sparse()) {
    bits_.reserve((n + 63) / 64);
    ranks_.reserve((n + 63) / 64);
  } else if (n > capacity_) {
    Reallocate(n);
  }
}

void IdColumn::shrink_to_fit() {
  if (sparse()) {
    bits_.shrink_to_fit();
    ranks_.shrink_to_fit();
    Reallocate(values_);
  } else {
    Reallocate(size_);
  }
}

void IdColumn::clear() {
  size_ = 0;
  values_ = 0;
  bits_.clear();
  ranks_.clear();
}

size_t IdColumn::capacity_bytes() const {
  return capacity_ * width() + bits_.capacity() * sizeof(uint64_t) + ranks_.capacity() * sizeof(uint32_t);
}

void IdColumn::resize(size_t n, uint32_t id) {
  if (sparse()) {
    if (id != 0 || n < size_) Densify();
    else {
      while (size_ < n) SparsePushBack(0);
      return;
    }
  }
  if (id > max_) Widen(id);
  if (n > capacity_) Reallocate(n);
  if (id == 0) {
    if (n > size_) std::memset(data_ + size_ * width_, 0, (n - size_) * width_);
  } else {
    for (size_t row = size_; row < n; ++row) Store(row, id);
  }
  size_ = n;
}

// Rewrites the stored ids (all rows when dense, the non-zero values when sparse) at the
// width that holds `id`.
void IdColumn::Widen(uint32_t id) {
  const uint8_t old = static_cast<uint8_t>(width());
  const uint8_t width = id <= 0xFF ? 1 : id <= 0xFFFF ? 2 : 4;
  if (width <= old) return;
  const size_t count = sparse() ? values_ : size_;
  const size_t capacity = std::max<size_t>(capacity_, 64);
  auto* wider = static_cast<uint8_t*>(std::malloc(capacity * width));
  if (wider == nullptr) throw std::bad_alloc();
  for (size_t i = 0; i < count; ++i) StoreAt(wider, width, i, Load(data_, old, i));
  std::free(data_);
  data_ = wider;
  capacity_ = capacity;
  (sparse() ? value_width_ : width_) = width;
  max_ = width == 2 ? 0xFFFF : 0xFFFFFFFF;
}

void IdColumn::Sparse(bool on) {
  if (!empty() || on == sparse()) return;
  Reallocate(0);
  width_ = on ? 0 : 1;
  value_width_ = 1;
  max_ = 0xFF;
}

void IdColumn::StoreValue(size_t index, uint32_t id) {
  if (id > max_) Widen(id);
  if (index >= capacity_) Grow(index + 1);
  StoreAt(data_, value_width_, index, id);
}

void IdColumn::SparsePushBack(uint32_t id) {
  if ((size_ & 63) == 0) {
    // Checked as a word starts at a power of two: a column that turns out mostly
    // filled goes dense. (Rows inside a word may not come here; see push_back.)
    if (size_ >= 4096 && (size_ & (size_ - 1)) == 0 && values_ * 2 > size_) {
      Densify();
      push_back(id);
      return;
    }
    ranks_.push_back(static_cast<uint32_t>(values_));
    bits_.push_back(0);
  }
  if (id != 0) {
    bits_.back() |= uint64_t{1} << (size_ & 63);
    StoreValue(values_, id);  // before counting it: a widening copies values_ values
    ++values_;
  }
  ++size_;
}

void IdColumn::SparseSet(size_t row, uint32_t id) {
  const uint32_t current = SparseGet(row);
  if (current == id) return;
  const size_t word = row >> 6;
  const uint64_t bit = uint64_t{1} << (row & 63);
  if (current != 0 && id != 0) {
    StoreValue(ValuesBefore(row), id);  // replace in place
  } else if (row + 1 == size_ && id != 0) {
    bits_[word] |= bit;  // the last row gets a value: it is the last value too
    StoreValue(values_, id);  // before counting it: a widening copies values_ values
    ++values_;
  } else if (row + 1 == size_) {
    bits_[word] &= ~bit;  // the last row loses its value, the last value
    --values_;
  } else {
    Densify();  // anything else would shift the values after it
    Set(row, id);
  }
}

size_t IdColumn::CountNonZero() const {
  if (sparse()) return values_;
  size_t n = 0;
  for (size_t row = 0; row < size_; ++row) n += Get(row) != 0;
  return n;
}

void IdColumn::Densify() {
  if (!sparse()) return;
  IdColumn dense;
  dense.width_ = value_width_;
  dense.max_ = max_;
  dense.Reallocate(std::max<size_t>(size_, 1));
  for (size_t row = 0; row < size_; ++row) dense.Store(row, SparseGet(row));
  dense.size_ = size_;
  Swap(dense);
}

void IdColumn::Sparsify() {
  if (sparse()) return;
  IdColumn sparse;
  sparse.Sparse(true);
  sparse.reserve(size_);
  for (size_t row = 0; row < size_; ++row) {
    const uint32_t id = Get(row);
    if ((row & 63) == 0) {
      sparse.ranks_.push_back(static_cast<uint32_t>(sparse.values_));
      sparse.bits_.push_back(0);
    }
    if (id != 0) {
      sparse.bits_.back() |= uint64_t{1} << (row & 63);
      sparse.StoreValue(sparse.values_, id);
      ++sparse.values_;
    }
  }
  sparse.size_ = size_;
  sparse.Reallocate(sparse.values_);
  Swap(sparse);
}

void IdColumn::Compact() {
  const size_t values = CountNonZero();
  const size_t dense_bytes = size_ * width();
  if (SparseBytes(size_, values, width()) * 3 <= dense_bytes * 2) {
    Sparsify();
  } else {
    Densify();
  }
  shrink_to_fit();
}

void IdColumn::AppendMapped(const IdColumn& from, const std::vector<uint32_t>& map) {
  AppendMappedFrom(from, map, /*release=*/false);
}

void IdColumn::AppendMapped(IdColumn&& from, const std::vector<uint32_t>& map) {
  AppendMappedFrom(from, map, /*release=*/true);
  from = IdColumn();
}

void IdColumn::AppendMappedFrom(const IdColumn& from, const std::vector<uint32_t>& map, bool release) {
  if (sparse() && from.sparse() && map[0] == 0) {
    AppendSparse(from, map);
    return;
  }
  if (sparse() || from.sparse()) {
    for (size_t row = 0; row < from.size_; ++row) push_back(map[from.Get(row)]);
    return;
  }
  uint32_t largest = 0;
  for (uint32_t id : map) largest = std::max(largest, id);
  if (largest > max_) Widen(largest);
  reserve(size_ + from.size_);
  constexpr size_t kChunk = size_t{1} << 20;
  for (size_t begin = 0; begin < from.size_; begin += kChunk) {
    const size_t end = std::min(from.size_, begin + kChunk);
    for (size_t row = begin; row < end; ++row) Store(size_ + row, map[from.Get(row)]);
    if (release) ReleasePages(from.data_, from.data_ + end * from.width_);
  }
  size_ += from.size_;
}

// Both sparse: the other's bits are shifted in word by word and its values mapped,
// with no per-row work (appending parts read on other threads is on the critical path).
void IdColumn::AppendSparse(const IdColumn& from, const std::vector<uint32_t>& map) {
  const size_t shift = size_ & 63;
  const size_t words = (size_ + from.size_ + 63) / 64;
  bits_.resize(words, 0);
  for (size_t w = 0; w < from.bits_.size(); ++w) {
    const uint64_t word = from.bits_[w];
    const size_t at = size_ / 64 + w;
    bits_[at] |= word << shift;
    if (shift != 0 && at + 1 < words) bits_[at + 1] |= word >> (64 - shift);
  }
  for (size_t i = 0; i < from.values_; ++i) {
    StoreValue(values_, map[Load(from.data_, from.value_width_, i)]);
    ++values_;
  }
  size_ += from.size_;
  ranks_.resize(words);
  uint32_t count = 0;
  for (size_t w = 0; w < words; ++w) {
    ranks_[w] = count;
    count += static_cast<uint32_t>(__builtin_popcountll(bits_[w]));
  }
}

void IdColumn::Permute(const std::vector<uint32_t>& order) {
  // A sparse column is gathered dense and made sparse again at once: reading it at
  // random costs a popcount and three cache misses a row (1 s more on 10 M
  // time-ordered rows), and going sparse again right away keeps only this column's
  // copies dense, not every column's until Compact.
  const bool was_sparse = sparse();
  Densify();
  IdColumn sorted;
  sorted.width_ = width_;
  sorted.max_ = max_;
  sorted.Reallocate(order.size());
  for (size_t i = 0; i < order.size(); ++i) sorted.Store(i, Get(order[i]));
  sorted.size_ = order.size();
  Swap(sorted);
  if (was_sparse) Sparsify();
}

void IdColumn::PermuteRanges(const std::vector<std::pair<uint32_t, uint32_t>>& ranges,
                             const std::vector<uint32_t>& sources) {
  std::vector<uint32_t> moved;
  const uint32_t* source = sources.data();
  for (const auto& [begin, end] : ranges) {
    moved.clear();
    for (uint32_t i = begin; i < end; ++i) moved.push_back(Get(*source++));
    if (!sparse()) {
      for (uint32_t i = begin; i < end; ++i) Store(i, moved[i - begin]);
      continue;
    }
    // A permutation within the range keeps its number of values, and those values sit
    // together in data_: rewrite the range's bits and values, then the running counts
    // of the words that start inside it.
    size_t index = ValuesBefore(begin);
    for (uint32_t i = begin; i < end; ++i) {
      const uint64_t bit = uint64_t{1} << (i & 63);
      bits_[i >> 6] &= ~bit;
      if (moved[i - begin] == 0) continue;
      bits_[i >> 6] |= bit;
      StoreValue(index++, moved[i - begin]);
    }
    for (size_t w = (begin >> 6) + 1; w <= ((end - 1) >> 6); ++w) {
      ranks_[w] = ranks_[w - 1] + static_cast<uint32_t>(__builtin_popcountll(bits_[w - 1]));
    }
  }
}

void IdColumn::KeepRows(const std::vector<bool>& keep) {
  Densify();
  size_t w = 0;
  for (size_t row = 0; row < size_; ++row) {
    if (keep[row]) Store(w++, Get(row));
  }
  size_ = w;
  shrink_to_fit();
}

}  // namespace fl

#ifndef FRICTIONLENS_CORE_ID_COLUMN_H_
#define FRICTIONLENS_CORE_ID_COLUMN_H_

// A column of dictionary ids stored in the narrowest width that holds them: 1 byte
// while every id is below 256, 2 below 65,536, else 4. Most property columns of a
// clickstream have few values (device, country, browser, element), so this cuts the
// table's memory by about half on a store export (12 property columns: 48 -> ~22
// bytes per event) at the cost of a predictable branch per read. The column widens
// itself (once, copying) when a larger id arrives.

#include <cstddef>
#include <cstdint>
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <utility>
#include <vector>

namespace fl {

class IdColumn {
 public:
  // Writable element, for `column[row] = id` (tests and table builders).
  class Ref {
   public:
    Ref(IdColumn* column, size_t row) : column_(column), row_(row) {}
    operator uint32_t() const { return column_->Get(row_); }
    Ref& operator=(uint32_t id) {
      column_->Set(row_, id);
      return *this;
    }

   private:
    IdColumn* column_;
    size_t row_;
  };

  // Read-only iteration, for `for (uint32_t id : column)`.
  class ConstIterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = uint32_t;
    using difference_type = std::ptrdiff_t;
    using pointer = const uint32_t*;
    using reference = uint32_t;
    ConstIterator(const IdColumn* column, size_t row) : column_(column), row_(row) {}
    uint32_t operator*() const { return column_->Get(row_); }
    ConstIterator& operator++() {
      ++row_;
      return *this;
    }
    bool operator!=(const ConstIterator& other) const { return row_ != other.row_; }
    bool operator==(const ConstIterator& other) const { return row_ == other.row_; }

   private:
    const IdColumn* column_;
    size_t row_;
  };

  IdColumn() = default;
  IdColumn(size_t n, uint32_t id) { assign(n, id); }
  IdColumn(const IdColumn& other);
  IdColumn& operator=(const IdColumn& other);
  IdColumn(IdColumn&& other) noexcept { Swap(other); }
  IdColumn& operator=(IdColumn&& other) noexcept {
    IdColumn gone;
    Swap(other);
    other.Swap(gone);
    return *this;
  }
  ~IdColumn() { std::free(data_); }

  uint32_t operator[](size_t row) const { return Get(row); }
  Ref operator[](size_t row) { return Ref(this, row); }
  uint32_t Get(size_t row) const {
    switch (width_) {
      case 1: return data_[row];
      case 2: {
        uint16_t v;
        std::memcpy(&v, data_ + 2 * row, 2);
        return v;
      }
      default: {
        uint32_t v;
        std::memcpy(&v, data_ + 4 * row, 4);
        return v;
      }
    }
  }
  void Set(size_t row, uint32_t id) {
    if (id > max_) Widen(id);
    Store(row, id);
  }
  void push_back(uint32_t id) {
    if (id > max_) Widen(id);
    if (size_ == capacity_) Grow(size_ + 1);
    Store(size_++, id);
  }
  uint32_t back() const { return Get(size_ - 1); }
  ConstIterator begin() const { return ConstIterator(this, 0); }
  ConstIterator end() const { return ConstIterator(this, size_); }
  void assign(size_t n, uint32_t id) {
    size_ = 0;
    resize(n, id);
  }
  void resize(size_t n, uint32_t id = 0);
  // Room for n ids of the current width. The buffer comes from malloc/realloc: large
  // blocks are mapped pages, so room not yet written costs no memory, and growing
  // one moves no bytes (mremap) where a std::vector would copy it all.
  void reserve(size_t n) {
    if (n > capacity_) Reallocate(n);
  }
  void shrink_to_fit() { Reallocate(size_); }
  void clear() { size_ = 0; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  int width() const { return width_; }
  size_t capacity_bytes() const { return capacity_ * width_; }

  // Appends map[id] for every id of `from` (one widening at most, no per-id checks).
  void AppendMapped(const IdColumn& from, const std::vector<uint32_t>& map);
  // column = column[order] (order: new position -> old row).
  void Permute(const std::vector<uint32_t>& order);
  // The same for the rows of `ranges` only, each range a permutation of itself.
  void PermuteRanges(const std::vector<uint32_t>& order, const std::vector<std::pair<uint32_t, uint32_t>>& ranges);
  // Keeps the rows whose keep[row] is true, in order.
  void KeepRows(const std::vector<bool>& keep);

 private:
  void Store(size_t row, uint32_t id) {
    switch (width_) {
      case 1: data_[row] = static_cast<uint8_t>(id); break;
      case 2: {
        const uint16_t v = static_cast<uint16_t>(id);
        std::memcpy(data_ + 2 * row, &v, 2);
        break;
      }
      default: std::memcpy(data_ + 4 * row, &id, 4); break;
    }
  }
  void Swap(IdColumn& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(capacity_, other.capacity_);
    std::swap(width_, other.width_);
    std::swap(max_, other.max_);
  }
  void Grow(size_t at_least) { Reallocate(std::max<size_t>({at_least, 2 * capacity_, 64})); }
  void Reallocate(size_t capacity);
  void Widen(uint32_t id);

  uint8_t* data_ = nullptr;  // malloc'd, capacity_ * width_ bytes
  size_t size_ = 0;
  size_t capacity_ = 0;  // in ids
  uint8_t width_ = 1;
  uint32_t max_ = 0xFF;  // the largest id the current width holds
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_ID_COLUMN_H_

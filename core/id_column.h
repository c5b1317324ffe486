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
#include <cstring>
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

  IdColumn() = default;
  IdColumn(size_t n, uint32_t id) { assign(n, id); }

  uint32_t operator[](size_t row) const { return Get(row); }
  Ref operator[](size_t row) { return Ref(this, row); }
  uint32_t Get(size_t row) const {
    switch (width_) {
      case 1: return bytes_[row];
      case 2: {
        uint16_t v;
        std::memcpy(&v, bytes_.data() + 2 * row, 2);
        return v;
      }
      default: {
        uint32_t v;
        std::memcpy(&v, bytes_.data() + 4 * row, 4);
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
    bytes_.resize(bytes_.size() + width_);
    Store(size_, id);
    ++size_;
  }
  uint32_t back() const { return Get(size_ - 1); }
  void assign(size_t n, uint32_t id) {
    bytes_.clear();
    size_ = 0;
    resize(n, id);
  }
  void resize(size_t n, uint32_t id = 0) {
    if (id > max_) Widen(id);
    const size_t old = size_;
    bytes_.resize(n * width_);
    size_ = n;
    if (id == 0) {
      if (n > old) std::memset(bytes_.data() + old * width_, 0, (n - old) * width_);
    } else {
      for (size_t row = old; row < n; ++row) Store(row, id);
    }
  }
  // Room for n ids of the current width.
  void reserve(size_t n) { bytes_.reserve(n * width_); }
  void shrink_to_fit() { bytes_.shrink_to_fit(); }
  void clear() { assign(0, 0); }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  int width() const { return width_; }
  size_t capacity_bytes() const { return bytes_.capacity(); }

  // column = column[order] (order: new position -> old row).
  void Permute(const std::vector<uint32_t>& order);
  // Keeps the rows whose keep[row] is true, in order.
  void KeepRows(const std::vector<bool>& keep);

 private:
  void Store(size_t row, uint32_t id) {
    switch (width_) {
      case 1: bytes_[row] = static_cast<uint8_t>(id); break;
      case 2: {
        const uint16_t v = static_cast<uint16_t>(id);
        std::memcpy(bytes_.data() + 2 * row, &v, 2);
        break;
      }
      default: std::memcpy(bytes_.data() + 4 * row, &id, 4); break;
    }
  }
  void Widen(uint32_t id);

  std::vector<uint8_t> bytes_;
  size_t size_ = 0;
  uint8_t width_ = 1;
  uint32_t max_ = 0xFF;  // the largest id the current width holds
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_ID_COLUMN_H_

#ifndef FRICTIONLENS_CORE_ID_COLUMN_H_
#define FRICTIONLENS_CORE_ID_COLUMN_H_

// A column of dictionary ids stored in the narrowest width that holds them: 1 byte
// while every id is below 256, 2 below 65,536, else 4. Most property columns of a
// clickstream have few values (device, country, browser, element), so this cuts the
// table's memory by about half on a store export (12 property columns: 48 -> ~22
// bytes per event) at the cost of a predictable branch per read. The column widens
// itself (once, copying) when a larger id arrives.
//
// A column that is mostly missing (id 0: an order id on one event in ten, an error
// code on one in a hundred) can be sparse instead: one bit a row says whether the row
// has a value, a running count every 64 rows finds its place, and only the non-zero
// ids are stored (at their own narrowest width). That is 0.19 bytes a row plus the
// values: 40 MB -> 6 MB for the order ids of 10 M events. Reads stay O(1) (a bit test,
// a popcount). Sparse is asked for (Sparse(true)) while the column is empty; the
// column goes dense by itself when more than half of its rows turn out to have values,
// and Compact picks the smaller form once the column is complete.

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
      case 0: return SparseGet(row);
      case 1: return data_[row];
      case 2: return Load(data_, 2, row);
      default: return Load(data_, 4, row);
    }
  }
  void Set(size_t row, uint32_t id) {
    if (width_ == 0) {
      SparseSet(row, id);
      return;
    }
    if (id > max_) Widen(id);
    Store(row, id);
  }
  void push_back(uint32_t id) {
    if (width_ == 0) {
      // Most rows of a sparse column are missing: inside a word that is a count.
      if (id == 0 && (size_ & 63) != 0) {
        ++size_;
        return;
      }
      SparsePushBack(id);
      return;
    }
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
  void reserve(size_t n);
  void shrink_to_fit();
  void clear();
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // Bytes per stored id: 1, 2 or 4 (for a sparse column, of its non-zero ids).
  int width() const { return width_ == 0 ? value_width_ : width_; }
  bool sparse() const { return width_ == 0; }
  size_t capacity_bytes() const;

  // Asks for the sparse form (only while empty) or leaves it for the dense one.
  void Sparse(bool on);
  // Turns the complete column into whichever form holds it in fewer bytes (sparse
  // only when that saves at least a third, as its reads cost a little more).
  void Compact();

  // Appends map[id] for every id of `from` (one widening at most, no per-id checks).
  void AppendMapped(const IdColumn& from, const std::vector<uint32_t>& map);
  // The same, freeing `from` as it goes (its pages are released as they are copied, so
  // both copies are never held whole), for appending parts read apart.
  void AppendMapped(IdColumn&& from, const std::vector<uint32_t>& map);
  // column = column[order] (order: new position -> old row).
  void Permute(const std::vector<uint32_t>& order);
  // The same for the rows of `ranges` only, each range a permutation of itself:
  // `sources` holds, range after range, the old row of each new position.
  void PermuteRanges(const std::vector<std::pair<uint32_t, uint32_t>>& ranges, const std::vector<uint32_t>& sources);
  // Keeps the rows whose keep[row] is true, in order.
  void KeepRows(const std::vector<bool>& keep);

 private:
  static uint32_t Load(const uint8_t* data, int width, size_t i) {
    if (width == 1) return data[i];
    if (width == 2) {
      uint16_t v;
      std::memcpy(&v, data + 2 * i, 2);
      return v;
    }
    uint32_t v;
    std::memcpy(&v, data + 4 * i, 4);
    return v;
  }
  static void StoreAt(uint8_t* data, int width, size_t i, uint32_t id) {
    if (width == 1) {
      data[i] = static_cast<uint8_t>(id);
    } else if (width == 2) {
      const uint16_t v = static_cast<uint16_t>(id);
      std::memcpy(data + 2 * i, &v, 2);
    } else {
      std::memcpy(data + 4 * i, &id, 4);
    }
  }
  void Store(size_t row, uint32_t id) { StoreAt(data_, width_, row, id); }
  // Sparse form: bit r of bits_ tells whether row r has a value; ranks_[w] counts the
  // set bits in the words before w; data_ holds the values_ non-zero ids in row
  // order, value_width_ bytes each (capacity_ counts values, not rows).
  // The index in data_ of row's value: the values of the rows before it.
  size_t ValuesBefore(size_t row) const {
    const uint64_t below = (uint64_t{1} << (row & 63)) - 1;
    return ranks_[row >> 6] + static_cast<size_t>(__builtin_popcountll(bits_[row >> 6] & below));
  }
  uint32_t SparseGet(size_t row) const {
    if (((bits_[row >> 6] >> (row & 63)) & 1) == 0) return 0;
    return Load(data_, value_width_, ValuesBefore(row));
  }
  void SparsePushBack(uint32_t id);
  void SparseSet(size_t row, uint32_t id);
  void StoreValue(size_t index, uint32_t id);
  void AppendMappedFrom(const IdColumn& from, const std::vector<uint32_t>& map, bool release);
  void AppendSparse(const IdColumn& from, const std::vector<uint32_t>& map);
  void Densify();
  void Sparsify();
  size_t CountNonZero() const;

  void Swap(IdColumn& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(capacity_, other.capacity_);
    std::swap(width_, other.width_);
    std::swap(max_, other.max_);
    std::swap(value_width_, other.value_width_);
    std::swap(values_, other.values_);
    bits_.swap(other.bits_);
    ranks_.swap(other.ranks_);
  }
  void Grow(size_t at_least) { Reallocate(std::max<size_t>({at_least, 2 * capacity_, 64})); }
  void Reallocate(size_t capacity);
  void Widen(uint32_t id);

  uint8_t* data_ = nullptr;  // malloc'd, capacity_ * width() bytes
  size_t size_ = 0;          // rows
  size_t capacity_ = 0;      // in ids
  uint8_t width_ = 1;        // 0: sparse
  uint32_t max_ = 0xFF;      // the largest id the current width holds
  // Sparse form only.
  uint8_t value_width_ = 1;
  size_t values_ = 0;
  std::vector<uint64_t> bits_;
  std::vector<uint32_t> ranks_;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_ID_COLUMN_H_

#include "core/stats/duration_counts.h"

#include <algorithm>

#include "core/stats/radix_sort.h"
#include "core/varint.h"

namespace fl {
namespace {

using Pair = DurationCounts::Pair;

// Appends pairs in increasing ms order to a packed buffer, a pair at a time into room
// made ahead (two varints take at most 20 bytes).
class PackedWriter {
 public:
  explicit PackedWriter(std::vector<uint8_t>* out) : out_(out) {}
  void Put(const Pair& pair) {
    if (out_->size() - used_ < kMostPerPair) out_->resize(out_->size() + out_->size() / 2 + 64 * kMostPerPair);
    const uint64_t ms = static_cast<uint64_t>(pair.first);
    uint8_t* p = out_->data() + used_;
    // The first value zigzag-encoded; then gaps >= 1 (modulo 2^64, so any range is exact).
    p = PutVarint(count_ == 0 ? ZigZag(pair.first) : ms - last_, p);
    p = PutVarint(static_cast<uint64_t>(pair.second), p);
    used_ = static_cast<size_t>(p - out_->data());
    last_ = ms;
    ++count_;
  }
  // Drops the room made ahead.
  void Finish() {
    out_->resize(used_);
    out_->shrink_to_fit();
  }
  size_t count() const { return count_; }

 private:
  static constexpr size_t kMostPerPair = 2 * kMaxVarintBytes;
  std::vector<uint8_t>* out_;
  size_t used_ = 0;
  uint64_t last_ = 0;
  size_t count_ = 0;
};

class PackedReader {
 public:
  explicit PackedReader(const std::vector<uint8_t>& packed)
      : p_(packed.data()), end_(packed.data() + packed.size()) {}
  bool Next(Pair* out) {
    if (p_ == end_) return false;
    const uint64_t v = ReadVarint(&p_);
    last_ = first_ ? static_cast<uint64_t>(UnZigZag(v)) : last_ + v;
    first_ = false;
    *out = {static_cast<int64_t>(last_), static_cast<int64_t>(ReadVarint(&p_))};
    return true;
  }

 private:
  const uint8_t* p_;
  const uint8_t* end_;
  uint64_t last_ = 0;
  bool first_ = true;
};

class VectorReader {
 public:
  explicit VectorReader(const std::vector<Pair>& pairs) : pairs_(pairs) {}
  bool Next(Pair* out) {
    if (i_ == pairs_.size()) return false;
    *out = pairs_[i_++];
    return true;
  }

 private:
  const std::vector<Pair>& pairs_;
  size_t i_ = 0;
};

// Two sorted streams as one, adding the units of equal values.
template <typename A, typename B>
class MergedReader {
 public:
  MergedReader(A a, B b) : a_(std::move(a)), b_(std::move(b)) {
    has_a_ = a_.Next(&pa_);
    has_b_ = b_.Next(&pb_);
  }
  bool Next(Pair* out) {
    if (!has_a_ && !has_b_) return false;
    if (!has_b_ || (has_a_ && pa_.first < pb_.first)) {
      *out = pa_;
      has_a_ = a_.Next(&pa_);
    } else if (!has_a_ || pb_.first < pa_.first) {
      *out = pb_;
      has_b_ = b_.Next(&pb_);
    } else {
      *out = {pa_.first, pa_.second + pb_.second};
      has_a_ = a_.Next(&pa_);
      has_b_ = b_.Next(&pb_);
    }
    return true;
  }

 private:
  A a_;
  B b_;
  Pair pa_, pb_;
  bool has_a_ = false, has_b_ = false;
};
template <typename A, typename B>
MergedReader<A, B> Merged(A a, B b) {
  return MergedReader<A, B>(std::move(a), std::move(b));
}

// The unsorted buffers as sorted, run-length pairs (sorts them in place).
std::vector<Pair> SortPending(std::vector<int64_t>* ms, std::vector<Pair>* pairs) {
  std::vector<int64_t> scratch;
  RadixSort(ms, &scratch);
  std::vector<Pair> runs;
  for (int64_t v : *ms) {
    if (!runs.empty() && runs.back().first == v) {
      ++runs.back().second;
    } else {
      runs.emplace_back(v, 1);
    }
  }
  if (pairs->empty()) return runs;
  std::sort(pairs->begin(), pairs->end());
  std::vector<Pair> out;
  out.reserve(runs.size() + pairs->size());
  auto merged = Merged(VectorReader(runs), VectorReader(*pairs));
  Pair pair;
  while (merged.Next(&pair)) {
    if (!out.empty() && out.back().first == pair.first) {
      out.back().second += pair.second;  // a value repeated among the several-unit adds
    } else {
      out.push_back(pair);
    }
  }
  return out;
}

// Packs a sorted stream into `packed`, returning the number of distinct values.
template <typename Reader>
size_t Pack(Reader reader, std::vector<uint8_t>* packed) {
  std::vector<uint8_t> out(packed->size() + packed->size() / 4 + 256);
  PackedWriter writer(&out);
  Pair pair;
  while (reader.Next(&pair)) writer.Put(pair);
  writer.Finish();
  packed->swap(out);
  return writer.count();
}

}  // namespace

void DurationCounts::Fold() {
  if (pending_.empty() && pending_pairs_.empty()) return;
  const std::vector<Pair> sorted = SortPending(&pending_, &pending_pairs_);
  pending_.clear();
  pending_pairs_.clear();
  distinct_ = Pack(Merged(PackedReader(packed_), VectorReader(sorted)), &packed_);
}

void DurationCounts::Merge(const DurationCounts& other) {
  Fold();
  std::vector<int64_t> ms = other.pending_;
  std::vector<Pair> pairs = other.pending_pairs_;
  const std::vector<Pair> sorted = SortPending(&ms, &pairs);
  distinct_ = Pack(Merged(Merged(PackedReader(packed_), PackedReader(other.packed_)), VectorReader(sorted)),
                   &packed_);
}

std::vector<DurationCounts::Pair> DurationCounts::Sorted() const {
  std::vector<int64_t> ms = pending_;
  std::vector<Pair> pairs = pending_pairs_;
  const std::vector<Pair> sorted = SortPending(&ms, &pairs);
  std::vector<Pair> out;
  out.reserve(distinct_ + sorted.size());
  auto merged = Merged(PackedReader(packed_), VectorReader(sorted));
  Pair pair;
  while (merged.Next(&pair)) out.push_back(pair);
  return out;
}

size_t DurationCounts::bytes() const {
  return packed_.capacity() + pending_.capacity() * sizeof(int64_t) + pending_pairs_.capacity() * sizeof(Pair);
}

}  // namespace fl

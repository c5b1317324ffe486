#include "core/friction/unit_run.h"

#include <algorithm>
#include <cstring>

#include "core/stats/radix_sort.h"
#include "core/varint.h"

namespace fl {

namespace {

// Write at *p, advancing it.
void Put(uint64_t v, uint8_t** p) { *p = PutVarint(v, *p); }
void PutSigned(int64_t v, uint8_t** p) { *p = PutVarint(ZigZag(v), *p); }

void PutBytes(const void* data, size_t n, uint8_t** p) {
  if (n > 0) std::memcpy(*p, data, n);
  *p += n;
}

// Bytes a record of `unit` may take at most (varints of 32 bits take up to 5 bytes,
// of 64 bits up to 10).
size_t MaxRecordBytes(const FrictionUnit& unit) {
  return 2 + 10 + unit.user.size() + 2 * 10 + 10 + 6 * unit.segments.size() + 10 +
         unit.session_stage.size() + 10 + 20 * unit.stage_times.size() + 10 + 13 * unit.hits.size();
}

// Reads a record front to back; records are only ever written by UnitRun::Append.
class Reader {
 public:
  explicit Reader(const uint8_t* p) : p_(p) {}
  uint8_t Byte() { return *p_++; }
  uint64_t Varint() { return ReadVarint(&p_); }
  int64_t Signed() { return UnZigZag(ReadVarint(&p_)); }
  std::string_view Text() {
    const size_t n = Varint();
    std::string_view text(reinterpret_cast<const char*>(p_), n);
    p_ += n;
    return text;
  }
  // Past the status, the user and the order values, at the segments.
  void SkipToSegments() {
    p_ += 2;
    p_ += Varint();
    Varint();
    Varint();
  }
  void SegmentsInto(const std::vector<uint32_t>& map, std::vector<uint32_t>* out, std::vector<uint8_t>* stages) {
    const size_t n = Varint();
    out->resize(n);
    if (stages != nullptr) stages->resize(n);
    for (size_t k = 0; k < n; ++k) {
      const uint32_t local = static_cast<uint32_t>(Varint());
      (*out)[k] = map.empty() ? local : map[local];
      const uint8_t stage = Byte();
      if (stages != nullptr) (*stages)[k] = stage;
    }
  }
  void SkipSegments() {
    const size_t n = Varint();
    for (size_t k = 0; k < n; ++k) {
      Varint();
      Byte();
    }
  }
  void SessionStagesInto(std::vector<uint8_t>* out) {
    out->resize(Varint());
    for (uint8_t& s : *out) s = Byte();
  }
  void SkipSessionStages() { p_ += Varint(); }
  void StageTimesInto(std::vector<FrictionUnit::StageTime>* out) {
    out->resize(Varint());
    for (FrictionUnit::StageTime& st : *out) {
      const uint64_t stage = Varint();
      st.stage = static_cast<uint8_t>(stage >> 1);
      st.reached = (stage & 1) != 0;
      st.duration_ms = Signed();
      st.session = static_cast<uint32_t>(Varint());
    }
  }

 private:
  const uint8_t* p_;
};

}  // namespace

void FrictionUnit::Clear() {
  user = {};
  level = 0;
  in_progress = outcome = false;
  order_value_micros = order_value_count = 0;
  hits.clear();
  stage_times.clear();
  session_stage.clear();
  segments.clear();
  segment_stages.clear();
}

UnitRun::UnitRun(const UnitRun& other)
    : offsets_(other.offsets_), segment_map_(other.segment_map_), target_map_(other.target_map_) {
  blocks_.reserve(other.blocks_.size());
  for (const Block& b : other.blocks_) {
    Block& copy = blocks_.emplace_back();
    copy.data.reset(new uint8_t[b.size]);
    std::memcpy(copy.data.get(), b.data.get(), b.size);
    copy.size = copy.capacity = b.size;  // a copy is not appended to
  }
}

UnitRun& UnitRun::operator=(const UnitRun& other) {
  if (this != &other) *this = UnitRun(other);
  return *this;
}

size_t UnitRun::bytes() const {
  size_t n = offsets_.capacity() * sizeof(uint32_t);
  for (const Block& b : blocks_) n += b.capacity;
  return n;
}

bool UnitRun::Append(const FrictionUnit& unit) {
  const size_t most = MaxRecordBytes(unit);
  if (scratch_.size() < most) scratch_.resize(most);
  uint8_t* const start = scratch_.data();
  uint8_t* p = start;
  *p++ = static_cast<uint8_t>(unit.level);
  *p++ = static_cast<uint8_t>((unit.in_progress ? 1 : 0) | (unit.outcome ? 2 : 0));
  Put(unit.user.size(), &p);
  PutBytes(unit.user.data(), unit.user.size(), &p);
  PutSigned(unit.order_value_micros, &p);
  PutSigned(unit.order_value_count, &p);
  Put(unit.segments.size(), &p);
  for (size_t k = 0; k < unit.segments.size(); ++k) {
    Put(unit.segments[k], &p);
    *p++ = k < unit.segment_stages.size() ? unit.segment_stages[k] : 0;
  }
  Put(unit.session_stage.size(), &p);
  PutBytes(unit.session_stage.data(), unit.session_stage.size(), &p);
  Put(unit.stage_times.size(), &p);
  for (const FrictionUnit::StageTime& st : unit.stage_times) {
    Put(static_cast<uint64_t>(st.stage) << 1 | (st.reached ? 1 : 0), &p);
    PutSigned(st.duration_ms, &p);
    Put(st.session, &p);
  }
  Put(unit.hits.size(), &p);
  for (const FrictionUnit::Hit& h : unit.hits) {
    *p++ = h.stage;
    *p++ = static_cast<uint8_t>(h.kind);
    Put(h.session, &p);
    Put(h.target, &p);
    *p++ = h.presets;
  }
  return Place(start, static_cast<size_t>(p - start));
}

bool UnitRun::Place(const uint8_t* record, size_t n) {
  if (blocks_.empty() || blocks_.back().capacity - blocks_.back().size < n) {
    if (blocks_.size() == kMaxBlocks) return false;
    Block& b = blocks_.emplace_back();
    b.capacity = std::max<size_t>(kBlockSize, n);
    b.data.reset(new uint8_t[b.capacity]);
  }
  Block& b = blocks_.back();
  offsets_.push_back(static_cast<uint32_t>((blocks_.size() - 1) << kBlockBits | b.size));
  std::memcpy(b.data.get() + b.size, record, n);
  b.size += n;
  // An oversized block holds one record: the next one starts a new block.
  if (b.capacity > kBlockSize) b.size = b.capacity;
  return true;
}

std::string_view UnitRun::User(size_t i) const {
  Reader r(Record(i) + 2);
  return r.Text();
}

UnitStatus UnitRun::Status(size_t i) const {
  const uint8_t* p = Record(i);
  return {p[0], (p[1] & 1) != 0, (p[1] & 2) != 0};
}

void UnitRun::Decode(size_t i, FrictionUnit* out) const {
  FrictionUnit& u = *out;
  Reader r(Record(i));
  u.level = r.Byte();
  const uint8_t flags = r.Byte();
  u.in_progress = (flags & 1) != 0;
  u.outcome = (flags & 2) != 0;
  u.user = r.Text();
  u.order_value_micros = r.Signed();
  u.order_value_count = r.Signed();
  r.SegmentsInto(segment_map_, &u.segments, &u.segment_stages);
  r.SessionStagesInto(&u.session_stage);
  r.StageTimesInto(&u.stage_times);
  u.hits.resize(r.Varint());
  for (FrictionUnit::Hit& h : u.hits) {
    h.stage = r.Byte();
    h.kind = static_cast<SignalKind>(r.Byte());
    h.session = static_cast<uint32_t>(r.Varint());
    const uint32_t target = static_cast<uint32_t>(r.Varint());
    h.target = target_map_.empty() ? target : target_map_[target];
    h.presets = r.Byte();
  }
}

void UnitRun::Segments(size_t i, std::vector<uint32_t>* out, std::vector<uint8_t>* stages) const {
  Reader r(Record(i));
  r.SkipToSegments();
  r.SegmentsInto(segment_map_, out, stages);
}

void UnitRun::StageTimes(size_t i, std::vector<FrictionUnit::StageTime>* out) const {
  Reader r(Record(i));
  r.SkipToSegments();
  r.SkipSegments();
  r.SkipSessionStages();
  r.StageTimesInto(out);
}

bool UnitRun::SortedByUser() const {
  for (size_t i = 1; i < size(); ++i) {
    if (User(i) < User(i - 1)) return false;
  }
  return true;
}

namespace {

// The first 8 bytes of `text`, zero-padded, as a big-endian number: keys in numeric
// order are texts in byte order, except that equal keys say nothing (one text may be a
// prefix of the other, or they differ later).
uint64_t PrefixKey(std::string_view text) {
  uint8_t bytes[8] = {};
  std::memcpy(bytes, text.data(), std::min<size_t>(8, text.size()));
  uint64_t key = 0;
  for (uint8_t b : bytes) key = key << 8 | b;
  return key;
}

}  // namespace

void UnitRun::SortByUser() {
  if (SortedByUser()) return;
  // Sorted by (name, position): the order the stable sort by name gives. The names'
  // first 8 bytes are pulled out once, in record order, and sorted by radix, stably, so
  // equal prefixes stay in position order; only those runs (names longer than 8 bytes
  // sharing their start) are then compared by whole name, stably again. Comparing
  // records directly read two of them, anywhere in the blocks, per comparison: with
  // millions of units, the slowest part of finishing the friction section.
  std::vector<KeyedIndex> entries(size());
  for (size_t i = 0; i < size(); ++i) entries[i] = {PrefixKey(User(i)), static_cast<uint32_t>(i)};
  {
    std::vector<KeyedIndex> scratch;
    StableRadixSortByKey(&entries, &scratch);
  }
  for (size_t begin = 0; begin < entries.size();) {
    size_t end = begin + 1;
    while (end < entries.size() && entries[end].key == entries[begin].key) ++end;
    if (end - begin > 1) {
      std::stable_sort(entries.begin() + begin, entries.begin() + end, [this](const KeyedIndex& a, const KeyedIndex& b) {
        return User(a.index) < User(b.index);
      });
    }
    begin = end;
  }
  std::vector<uint32_t> order(size());
  for (size_t i = 0; i < size(); ++i) order[i] = entries[i].index;
  std::vector<KeyedIndex>().swap(entries);
  Rewrite(order);
}

void UnitRun::Rewrite(const std::vector<uint32_t>& order) {
  const size_t n = size();
  // Each record's length is read from where the next one starts, which needs the
  // records to sit in their blocks in offsets_' order (Place writes them so; only the
  // fallback here permutes offsets alone). Near the run's limit a new packing might not
  // fit: there too only the offsets are reordered.
  if (blocks_.size() > kMaxBlocks / 2 || !std::is_sorted(offsets_.begin(), offsets_.end())) {
    std::vector<uint32_t> sorted(n);
    for (size_t i = 0; i < n; ++i) sorted[i] = offsets_[order[i]];
    offsets_.swap(sorted);
    return;
  }
  std::vector<Block> old_blocks;
  std::vector<uint32_t> old_offsets;
  old_blocks.swap(blocks_);
  old_offsets.swap(offsets_);
  offsets_.reserve(n);
  for (const uint32_t j : order) {
    const uint32_t at = old_offsets[j];
    const uint32_t block = at >> kBlockBits;
    const bool next_in_block = j + 1 < n && old_offsets[j + 1] >> kBlockBits == block;
    const size_t length = next_in_block ? old_offsets[j + 1] - at : old_blocks[block].size - (at & (kBlockSize - 1));
    Place(old_blocks[block].data.get() + (at & (kBlockSize - 1)), length);
  }
}

void UnitRun::Remap(const std::vector<uint32_t>& segment_remap, const std::vector<uint32_t>& target_remap) {
  auto compose = [](const std::vector<uint32_t>& remap, std::vector<uint32_t>* map) {
    if (map->empty()) {
      *map = remap;
    } else {
      for (uint32_t& id : *map) id = remap[id];
    }
  };
  compose(segment_remap, &segment_map_);
  compose(target_remap, &target_map_);
}

}  // namespace fl

#ifndef FRICTIONLENS_CORE_FRICTION_UNIT_RUN_H_
#define FRICTIONLENS_CORE_FRICTION_UNIT_RUN_H_

// The friction state keeps one record per unit (a million on a big file), so records
// are packed bytes rather than structs of vectors: a FrictionUnit with its hits,
// stage times, sessions and segments in heap vectors cost about 170 bytes plus a
// heap block per list; a packed record is about 40 bytes, in 1 MiB blocks (no
// per-unit allocation, no copy of the whole store when it grows).
//
// Record layout (varint = LEB128; signed values zigzag-encoded first):
//   level (byte), flags (byte: 1 = in progress, 2 = outcome)
//   user: varint length, bytes
//   order_value_micros (signed varint), order_value_count (signed varint)
//   segments: varint count, each varint id and the stage its value first showed at (byte)
//   session_stage: varint count, one byte each
//   stage_times: varint count, each varint (stage << 1 | reached), signed varint
//                duration_ms, varint session
//   hits: varint count, each stage (byte), kind (byte), varint session, varint target,
//         presets (byte)
//   unit "u7", level 2, no lists -> 02 00 02 'u' '7' 00 00 00 00 00 00
//
// Segment and target ids are those of the dictionaries the run was built with; a
// run carries maps from them to its current state's ids (see Remap), so merging
// states rewrites two small maps instead of every record.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "core/friction/signals.h"

namespace fl {

// One unit as built and as read back: what it reached, its signals by stage, its
// first value of each segment property.
struct FrictionUnit {
  struct Hit {
    uint8_t stage = 0;
    SignalKind kind = SignalKind::kRageClick;
    uint32_t session = 0;  // index among the unit's own sessions
    uint32_t target = 0;   // id in the state's target dictionary; 0 = "" (no target)
    // Rage and dead clicks: bit i set when vendor preset i (kRagePresets / kDeadPresets)
    // finds the same signal at the same stage and target.
    uint8_t presets = 0;
  };
  // Time spent working towards step `stage` (>= 1), from reaching step stage - 1 until
  // reaching it, or until the unit's last event when it never did.
  struct StageTime {
    int64_t duration_ms = 0;
    uint32_t session = 0;
    uint8_t stage = 0;
    bool reached = false;
  };
  std::string_view user;  // views the record (or the builder's table) it came from
  int level = 0;             // steps reached, at most order step + 1
  bool in_progress = false;  // before the order, with its conversion window still open
  bool outcome = false;      // after the order: the outcome happened
  int64_t order_value_micros = 0;  // sum over the unit's order events, in millionths
  int64_t order_value_count = 0;
  std::vector<Hit> hits;
  std::vector<StageTime> stage_times;
  std::vector<uint8_t> session_stage;  // per own session: the stage at its last event
  std::vector<uint32_t> segments;      // (property, first value) pair ids, ascending
  // Per segment, the stage the unit was at when the value first showed: a point at
  // stage s is segmented only by values shown by then, never by later steps' values.
  std::vector<uint8_t> segment_stages;

  // Empties the unit, keeping the lists' capacity.
  void Clear();
};

// What the comparison populations need of a unit, without decoding the rest.
struct UnitStatus {
  int level = 0;
  bool in_progress = false;
  bool outcome = false;
};

// Units packed one after another. Not thread-safe for writing; reads are const.
class UnitRun {
 public:
  UnitRun() = default;
  UnitRun(const UnitRun& other);
  UnitRun& operator=(const UnitRun& other);
  UnitRun(UnitRun&&) noexcept = default;
  UnitRun& operator=(UnitRun&&) noexcept = default;

  // Appends a copy of `unit` (level < 256, stages < 256). False when the run is full
  // (4 GiB of records): start another run.
  bool Append(const FrictionUnit& unit);
  void Reserve(size_t units) { offsets_.reserve(units); }
  size_t size() const { return offsets_.size(); }
  bool empty() const { return offsets_.empty(); }
  // Bytes held (blocks and offsets), for tests and benchmarks.
  size_t bytes() const;

  std::string_view User(size_t i) const;
  UnitStatus Status(size_t i) const;
  // The whole unit, its ids mapped to the current state's (see Remap).
  void Decode(size_t i, FrictionUnit* out) const;
  // Only the segment ids (mapped) / the stage times, into `out`.
  void Segments(size_t i, std::vector<uint32_t>* out, std::vector<uint8_t>* stages = nullptr) const;
  void StageTimes(size_t i, std::vector<FrictionUnit::StageTime>* out) const;

  // Puts the units in user-name order, equal names keeping their order. The records
  // are rewritten in that order, so that the passes over sorted units that follow read
  // memory front to back instead of jumping between millions of records.
  void SortByUser();
  bool SortedByUser() const;

  // The state's dictionaries changed: ids that mapped to x now map to
  // segment_remap[x] / target_remap[x].
  void Remap(const std::vector<uint32_t>& segment_remap, const std::vector<uint32_t>& target_remap);

 private:
  static constexpr int kBlockBits = 20;
  static constexpr uint32_t kBlockSize = 1u << kBlockBits;
  static constexpr size_t kMaxBlocks = size_t{1} << (32 - kBlockBits);
  struct Block {
    std::unique_ptr<uint8_t[]> data;
    size_t size = 0;  // bytes in use
    size_t capacity = 0;
  };
  // Appends one encoded record of n bytes; false when the run is full.
  bool Place(const uint8_t* record, size_t n);
  // Rewrites the records so that record i is the one that was record order[i].
  void Rewrite(const std::vector<uint32_t>& order);
  const uint8_t* Record(size_t i) const {
    const uint32_t at = offsets_[i];
    return blocks_[at >> kBlockBits].data.get() + (at & (kBlockSize - 1));
  }

  std::vector<Block> blocks_;
  // Record i starts at byte (offsets_[i] & (kBlockSize - 1)) of block offsets_[i] >> kBlockBits.
  // A record longer than a block gets a block of its own.
  std::vector<uint32_t> offsets_;
  std::vector<uint32_t> segment_map_, target_map_;  // empty = identity
  std::vector<uint8_t> scratch_;  // the record being appended
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FRICTION_UNIT_RUN_H_

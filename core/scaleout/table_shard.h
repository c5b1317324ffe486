#ifndef FRICTIONLENS_CORE_SCALEOUT_TABLE_SHARD_H_
#define FRICTIONLENS_CORE_SCALEOUT_TABLE_SHARD_H_

// Scale-out, step 1: one read of the whole input (the same read `analyze` does) split
// into shards by user, so that each shard holds every event of each of its users and
// can be analysed on its own machine (`partial`), the states merged (`merge`) and the
// report written (`report`) with exactly the bytes `analyze` writes.
//
// What makes the merge exact without the data: every shard carries the whole input's
// context (ScaleoutContext): the input section as `analyze` would write it, the whole
// data set's first and last times (right-censoring is decided against the whole data's
// end, not the shard's), and the whole table's dictionaries in their id order, so that
// an event name, a property column or a value has the same id in every shard and the
// shards' section states merge as the threads of one run merge (MergeShard).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "core/event_table.h"
#include "nlohmann/json.hpp"

namespace fl {

// The shard of a (stitched) user name: FNV-1a 64 of its UTF-8 bytes, through
// MurmurHash3's 64-bit finalizer, modulo `shards`.
// Stable across machines, builds and runs: the same person always meets in one shard.
uint32_t ShardOfUser(std::string_view user, uint32_t shards);

// What every shard of one input shares: the whole input as `analyze` read it.
struct ScaleoutContext {
  // Fingerprint (16 hex digits) of everything below; shards and states of one split
  // carry the same id, and merge refuses to mix ids.
  std::string input_id;
  int64_t first_time_ms = 0, last_time_ms = 0;  // the whole table's
  InputStats input;                             // the whole table's (table.input)
  // InputSectionToJson of the whole table, before a journey adds its warnings.
  nlohmann::ordered_json input_section;
  // The whole table's dictionaries, in id order.
  std::vector<std::string> event_names;
  struct Property {
    std::string name;
    std::vector<std::string> values;  // values[0] is "" (missing)
  };
  std::vector<Property> properties;
  // The whole table's events and, per property column, its rows with a value
  // (EventTable::whole_events / whole_rows_set).
  int64_t events = 0;
  std::vector<int64_t> rows_set;

  // The context of `table`; `input_section` is InputSectionToJson(table) (the report
  // layer's, passed in so that this file does not depend on it). Computes input_id.
  static ScaleoutContext Of(const EventTable& table, nlohmann::ordered_json input_section);
  // The fingerprint of the fields above input_id (what Of sets input_id to).
  std::string Fingerprint() const;
  // A table with the context's dictionaries, times and input stats and no rows: what a
  // section is prepared against to read and merge states without the data.
  EventTable VocabularyTable() const;
};

// The context as canonical JSON (sorted keys), and back with every field checked
// (core/scaleout/scaleout_context_json.cc); the shard file and the partial state use it.
nlohmann::json ContextToJson(const ScaleoutContext& context);
absl::StatusOr<ScaleoutContext> ContextFromJson(const nlohmann::json& json);

struct TableShard {
  uint32_t index = 0, count = 1;
  // The rows of this shard's users, in the whole table's user order; dictionaries,
  // first/last times and input stats are the whole table's (the context's).
  EventTable table;
  std::shared_ptr<const ScaleoutContext> context;
};

// Each user's shard (ShardOfUser), by user id; and shard `index` of `table` alone, so that
// a writer holds one shard at a time besides the table.
std::vector<uint32_t> ShardsOfUsers(const EventTable& table, uint32_t shards);
TableShard TakeShard(const EventTable& table, const std::vector<uint32_t>& shard_of_user, uint32_t index,
                     uint32_t shards, std::shared_ptr<const ScaleoutContext> context);

// Splits `table` into `shards` shards by ShardOfUser (shards may be empty); `context`
// is ScaleoutContext::Of(table, ...).
std::vector<TableShard> SplitTable(const EventTable& table, uint32_t shards,
                                   std::shared_ptr<const ScaleoutContext> context);

// The shard file ("frictionlens.table/1"): a versioned binary form, zstd-compressed.
std::string WriteTableShard(const TableShard& shard);
// Errors name `file` and the reason (a truncated file, another format, a version this
// build does not read, ids out of range...): a shard file is as untrusted as any input.
absl::StatusOr<TableShard> ReadTableShard(std::string_view bytes, std::string_view file);
// Whether `bytes` start like a shard file (its magic).
bool LooksLikeTableShard(std::string_view bytes);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_SCALEOUT_TABLE_SHARD_H_

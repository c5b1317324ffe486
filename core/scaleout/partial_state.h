#ifndef FRICTIONLENS_CORE_SCALEOUT_PARTIAL_STATE_H_
#define FRICTIONLENS_CORE_SCALEOUT_PARTIAL_STATE_H_

// Scale-out, steps 2-4: the partial state of one or more shards ("frictionlens.partial/1"),
// merged in any order and grouping to the state of all of them, and the report from it,
// byte for byte the report `analyze` writes for the whole input.
//
// A partial state is: the journey (canonical JSON; merge refuses another journey), the
// input's context (table_shard.h; merge refuses another input), the shards it covers
// (merge refuses a shard twice; report refuses a state that lacks one), and every
// section's canonical partial form (SectionState::ToJson). Merging reads each section's
// states back against the context's vocabulary table, merges them as the threads of one
// run merge (SectionState::MergeShard: exact, so commutative and associative) and
// writes the partial form again.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "core/journey/journey_spec.h"
#include "core/scaleout/table_shard.h"
#include "nlohmann/json.hpp"

namespace fl {

inline constexpr const char* kPartialSchema = "frictionlens.partial/1";

struct PartialState {
  std::string journey_json;  // JourneySpec::CanonicalJson
  std::shared_ptr<const ScaleoutContext> context;
  uint32_t shard_count = 1;
  std::vector<uint32_t> shards;  // the shards covered, ascending
  // Each section's partial form, by name, in registry order (sorted keys: the canonical
  // form, and what SectionRun::StateFromJson reads without a copy).
  std::vector<std::pair<std::string, nlohmann::json>> sections;
};

// Analyses one shard (every section the journey turns on).
absl::StatusOr<PartialState> BuildPartial(const JourneySpec& journey, const TableShard& shard, int threads);

// Merges states of one journey and input covering disjoint shards, one at a time: each
// state's JSON is read into its sections' compact states and freed before the next, so a
// merge holds one state's JSON besides the sum.
class PartialMerger {
 public:
  PartialMerger();
  ~PartialMerger();
  absl::Status Add(PartialState state);
  absl::StatusOr<PartialState> Finish();

 private:
  struct Sum;
  std::unique_ptr<Sum> sum_;
};

// The same for states at hand.
absl::StatusOr<PartialState> MergePartials(std::vector<PartialState> states);

// The report of a state that covers every shard: the same JSON as BuildJourneyReport
// on the whole table.
absl::StatusOr<nlohmann::ordered_json> ReportFromPartial(const PartialState& state);

// The canonical binary form: a magic line, then the state as CBOR (RFC 8949) of the
// JSON view, whose keys are in a fixed order; the same state always gives the same bytes.
std::string EncodePartial(const PartialState& state);
// The JSON view (sorted keys), for debugging and for tools that read JSON.
nlohmann::json PartialToJson(const PartialState& state);
// Without "sections" when `with_sections` is false (EncodePartial writes them itself).
nlohmann::json PartialToJson(const PartialState& state, bool with_sections);
// Reads either form; errors name `file` and the reason.
absl::StatusOr<PartialState> DecodePartial(std::string_view bytes, std::string_view file);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_SCALEOUT_PARTIAL_STATE_H_

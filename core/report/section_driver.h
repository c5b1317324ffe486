#ifndef FRICTIONLENS_CORE_REPORT_SECTION_DRIVER_H_
#define FRICTIONLENS_CORE_REPORT_SECTION_DRIVER_H_

// The one shared pass: every enabled section's state is fed from one evaluation of
// each user. Users are split into contiguous shards (one per thread); each shard
// evaluates its users' units once with the journey's matcher (and, only when a section
// asks for it and the journey counts sessions or attempts, each user as one unit), hands
// every section the same UserPass, and the shards' states are merged in shard order.
// The result does not depend on the thread count.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/event_table.h"
#include "core/journey/journey_spec.h"
#include "core/sections/section.h"
#include "nlohmann/json.hpp"

namespace fl {

struct SectionPassOptions {
  int threads = 1;
  // The end of the WHOLE data set, for right-censoring: partitions whose states are
  // merged later must all pass the same value to agree with one run. Default:
  // table.last_time_ms.
  std::optional<int64_t> data_end_ms;
  // When not empty, just these sections (by name, whether or not the spec turns them
  // on), in registry order: for tests, benchmarks and typed results.
  std::vector<std::string> only;
};

// The merged states of one pass, with what they need kept alive.
struct SectionStates {
  std::vector<const Section*> sections;
  std::vector<std::unique_ptr<SectionRun>> runs;
  std::vector<std::unique_ptr<SectionState>> states;  // parallel to sections

  const SectionState* Find(const char* name) const;
};

absl::StatusOr<SectionStates> RunSectionPass(const JourneySpec& spec, const EventTable& table,
                                             const SectionPassOptions& options);

// Each section's finalized JSON, by name, in registry order.
std::vector<std::pair<std::string, nlohmann::ordered_json>> FinalizeSections(const SectionStates& states);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_REPORT_SECTION_DRIVER_H_

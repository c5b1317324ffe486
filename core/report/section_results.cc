#include "core/report/section_results.h"

#include <utility>

#include "core/friction/friction_section.h"
#include "core/funnel/funnel_section.h"
#include "core/report/section_driver.h"

namespace fl {
namespace {

// Runs the one section `Section` over `table` and hands its merged state to `take`.
template <typename Section, typename Take>
auto RunOne(const JourneySpec& spec, const EventTable& table, SectionPassOptions options, Take take)
    -> absl::StatusOr<decltype(take(std::declval<const typename Section::State&>().state()))> {
  options.only = {Section::kName};
  absl::StatusOr<SectionStates> run = RunSectionPass(spec, table, options);
  if (!run.ok()) return run.status();
  return take(static_cast<const typename Section::State*>(run->Find(Section::kName))->state());
}

SectionPassOptions Threads(int threads) {
  SectionPassOptions options;
  options.threads = threads;
  return options;
}

}  // namespace

absl::StatusOr<FunnelResult> AnalyzeFunnel(const JourneySpec& spec, const EventTable& table, int threads) {
  return RunOne<FunnelSection>(spec, table, Threads(threads), [](const FunnelState& s) { return s.Finalize(); });
}

absl::StatusOr<FunnelState> BuildFunnelState(const JourneySpec& spec, const EventTable& table,
                                             std::optional<int64_t> data_end_ms) {
  SectionPassOptions options;
  options.data_end_ms = data_end_ms;
  return RunOne<FunnelSection>(spec, table, options, [](const FunnelState& s) { return s; });
}

absl::StatusOr<FrictionResult> AnalyzeFriction(const JourneySpec& spec, const EventTable& table, int threads) {
  return RunOne<FrictionSection>(spec, table, Threads(threads), [](const FrictionState& s) { return s.Finalize(); });
}

absl::StatusOr<FrictionState> BuildFrictionState(const JourneySpec& spec, const EventTable& table) {
  return RunOne<FrictionSection>(spec, table, SectionPassOptions(), [](const FrictionState& s) { return s; });
}

}  // namespace fl

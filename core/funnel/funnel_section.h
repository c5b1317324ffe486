#ifndef FRICTIONLENS_CORE_FUNNEL_FUNNEL_SECTION_H_
#define FRICTIONLENS_CORE_FUNNEL_FUNNEL_SECTION_H_

// The report's `funnel` section: the journey's own keys are its settings (it owns no
// extra spec key); its state is a FunnelState fed with every counting unit of the
// shared pass, each with its breakdown segment (first- or last-touch).

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/funnel/funnel_analysis.h"
#include "core/sections/section.h"

namespace fl {

class FunnelSectionState : public SectionState {
 public:
  // `spec` and `table` must outlive the state.
  FunnelSectionState(const JourneySpec& spec, const EventTable& table);
  FunnelSectionState(const JourneySpec& spec, const EventTable& table, FunnelState state);

  void Add(const UserPass& user) override;
  // One unit, with its breakdown segment looked up in the table.
  void AddUnit(const UnitOutcome& unit);
  absl::Status MergeShard(SectionState&& other) override;
  nlohmann::ordered_json Finalize() const override;
  nlohmann::ordered_json ToJson() const override { return state_.ToJson(); }

  const FunnelState& state() const { return state_; }

 private:
  const JourneySpec& spec_;
  const EventTable& table_;
  int column_;  // the breakdown property's column, or -1
  bool first_touch_;
  FunnelState state_;
  std::string segment_;
};

class FunnelSection : public Section {
 public:
  static constexpr const char* kName = "funnel";
  using State = FunnelSectionState;
  const char* name() const override { return kName; }
  absl::Status CheckSettings(const JourneySpec&) const override { return absl::OkStatus(); }
  PassNeeds needs(const JourneySpec&) const override { return PassNeeds{/*units=*/true, /*as_user=*/false}; }
  // The breakdown property only; the steps' own properties are the shared pass's.
  std::optional<std::vector<std::string>> properties_read(const JourneySpec& spec) const override {
    std::vector<std::string> names;
    if (!spec.breakdown.property.empty()) names.push_back(spec.breakdown.property);
    return names;
  }
  absl::StatusOr<std::unique_ptr<SectionRun>> Prepare(const JourneySpec& spec,
                                                      const EventTable& table) const override;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FUNNEL_FUNNEL_SECTION_H_

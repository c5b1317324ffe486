#ifndef FRICTIONLENS_CORE_FRICTION_FRICTION_SECTION_H_
#define FRICTIONLENS_CORE_FRICTION_FRICTION_SECTION_H_

// The report's `friction` section. Owns the spec keys "friction" (detector settings,
// docs/friction.md) and "value" (the order value property); its state is a
// FrictionState fed with each user of the shared pass as one unit, whatever the
// journey's counting unit: friction follows a person across sessions.

#include <memory>

#include "absl/status/statusor.h"
#include "core/friction/friction_result.h"
#include "core/friction/friction_settings.h"
#include "core/friction/friction_state.h"
#include "core/sections/section.h"

namespace fl {

// The spec's friction settings, typed, every default filled in; errors name the path
// ("journey: friction.rage_click.clicks: expected an integer >= 2").
absl::StatusOr<FrictionSettings> FrictionSettingsOf(const JourneySpec& spec);

class FrictionSectionState : public SectionState {
 public:
  // With a builder (a shard of the pass) when `ctx` is given, else read-only (a state
  // read back from its partial form).
  FrictionSectionState(FrictionState state, const FrictionContext* ctx);

  void Add(const UserPass& user) override;
  void EndShard() override;
  absl::Status MergeShard(SectionState&& other) override;
  nlohmann::ordered_json Finalize() const override;
  nlohmann::ordered_json ToJson() const override { return state_.ToJson(); }

  const FrictionState& state() const { return state_; }

 private:
  FrictionState state_;
  std::unique_ptr<FrictionUnitBuilder> builder_;  // points at state_
};

class FrictionSection : public Section {
 public:
  static constexpr const char* kName = "friction";
  using State = FrictionSectionState;
  const char* name() const override { return kName; }
  std::vector<SpecKey> spec_keys() const override;
  absl::Status CheckSettings(const JourneySpec& spec) const override;
  PassNeeds needs(const JourneySpec&) const override { return PassNeeds{/*units=*/false, /*as_user=*/true}; }
  absl::StatusOr<std::unique_ptr<SectionRun>> Prepare(const JourneySpec& spec,
                                                      const EventTable& table) const override;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FRICTION_FRICTION_SECTION_H_

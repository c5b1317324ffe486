#include "core/funnel/funnel_section.h"

#include <utility>

#include "core/funnel/funnel_json.h"

namespace fl {
namespace {

constexpr char kNoSegment[] = "(none)";

class FunnelRun : public SectionRun {
 public:
  FunnelRun(const JourneySpec& spec, const EventTable& table) : spec_(spec), table_(table) {}
  std::unique_ptr<SectionState> NewState() const override {
    return std::make_unique<FunnelSectionState>(spec_, table_);
  }
  absl::StatusOr<std::unique_ptr<SectionState>> StateFromJson(const nlohmann::json& json) const override {
    // A state from another process: anything the checks miss is a refusal, not a crash.
    absl::StatusOr<FunnelState> state = absl::InternalError("");
    try {
      state = FunnelState::FromJson(json);
    } catch (const nlohmann::json::exception& e) {
      return absl::InvalidArgumentError(std::string("funnel state: ") + e.what());
    }
    if (!state.ok()) return state.status();
    return std::make_unique<FunnelSectionState>(spec_, table_, *std::move(state));
  }

 private:
  JourneySpec spec_;
  const EventTable& table_;
};

}  // namespace

FunnelSectionState::FunnelSectionState(const JourneySpec& spec, const EventTable& table)
    : FunnelSectionState(spec, table, FunnelState(spec)) {}

FunnelSectionState::FunnelSectionState(const JourneySpec& spec, const EventTable& table, FunnelState state)
    : spec_(spec),
      table_(table),
      column_(spec.breakdown.property.empty() ? -1 : table.FindProperty(spec.breakdown.property)),
      first_touch_(spec.breakdown.attribution == Attribution::kFirstTouch),
      state_(std::move(state)) {}

void FunnelSectionState::Add(const UserPass& user) {
  for (const UnitOutcome& unit : user.units) AddUnit(unit);
}

void FunnelSectionState::AddUnit(const UnitOutcome& outcome) {
  segment_.clear();
  if (!spec_.breakdown.property.empty()) {
    const uint32_t row = first_touch_ ? outcome.first_step_row : outcome.last_step_row;
    if (column_ >= 0 && row != UnitOutcome::kNoRow) {
      const PropertyColumn& c = table_.properties[column_];
      segment_ = c.values.Value(c.ids[row]);
    }
    if (segment_.empty()) segment_ = kNoSegment;
  }
  state_.Add(outcome, segment_);
}

absl::Status FunnelSectionState::MergeShard(SectionState&& other) {
  return state_.Merge(static_cast<FunnelSectionState&>(other).state_);
}

nlohmann::ordered_json FunnelSectionState::Finalize() const { return FunnelResultToJson(state_.Finalize()); }

absl::StatusOr<std::unique_ptr<SectionRun>> FunnelSection::Prepare(const JourneySpec& spec,
                                                                   const EventTable& table) const {
  return std::make_unique<FunnelRun>(spec, table);
}

}  // namespace fl

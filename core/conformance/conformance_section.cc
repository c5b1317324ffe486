#include "core/conformance/conformance_section.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"

namespace fl {
namespace {

class ConformanceRun : public SectionRun {
 public:
  ConformanceRun(JourneySpec spec, ConformanceSettings settings, const EventTable* table,
                 std::shared_ptr<const CompiledJourney> journey)
      : spec_(std::move(spec)), settings_(std::move(settings)), table_(table), journey_(std::move(journey)) {}
  std::unique_ptr<SectionState> NewState() const override {
    return std::make_unique<ConformanceState>(spec_, settings_, table_, journey_);
  }
  absl::StatusOr<std::unique_ptr<SectionState>> StateFromJson(const nlohmann::json& json) const override {
    auto state = std::make_unique<ConformanceState>(spec_, settings_, table_, nullptr);
    // A state from another process: anything the checks miss is a refusal, not a crash.
    try {
      if (absl::Status s = state->ReadJson(json); !s.ok()) return s;
    } catch (const nlohmann::json::exception& e) {
      return absl::InvalidArgumentError(absl::StrCat("conformance state: ", e.what()));
    }
    return std::unique_ptr<SectionState>(std::move(state));
  }

 private:
  JourneySpec spec_;
  ConformanceSettings settings_;
  const EventTable* table_;
  std::shared_ptr<const CompiledJourney> journey_;
};

}  // namespace

ConformanceState::ConformanceState(const JourneySpec& spec, const ConformanceSettings& settings,
                                   const EventTable* table, std::shared_ptr<const CompiledJourney> journey)
    : spec_(spec), settings_(settings), table_(table), journey_(std::move(journey)), steps_(spec.steps.size()) {
  for (size_t j = 0; j < spec_.steps.size(); ++j) {
    if (spec_.steps[j].optional) optional_ |= uint32_t{1} << j;
    steps_[j].back_from.assign(spec_.steps.size(), 0);
  }
}

void ConformanceState::Add(const UserPass& user) {
  for (const UnitOutcome& unit : user.units) {
    if (unit.level >= 1) AddUnit(unit, user.table->users.Value(user.user));
  }
}

void ConformanceState::AddUnit(const UnitOutcome& unit, const std::string& user) {
  const EventTable& t = journey_->table();
  const int n = static_cast<int>(spec_.steps.size());
  const int64_t horizon = spec_.window_ms > 0 && unit.start_ms <= std::numeric_limits<int64_t>::max() - spec_.window_ms
                              ? unit.start_ms + spec_.window_ms
                              : std::numeric_limits<int64_t>::max();
  // The unit's step events within its window, one entry per matched step, in the
  // funnel's order (time, step, row).
  entries_.clear();
  for (uint32_t r = unit.first_row; r < unit.end_row; ++r) {
    const int64_t time = t.time_ms[r];
    if (time < unit.start_ms) continue;
    if (time > horizon) break;
    for (uint32_t mask = journey_->StepMask(r); mask != 0; mask &= mask - 1) {
      entries_.push_back(FunnelEntry{time, r, static_cast<uint32_t>(__builtin_ctz(mask)) + 1});
    }
  }
  SortFunnelEntries(&entries_);
  sequence_.clear();
  for (const FunnelEntry& e : entries_) sequence_.push_back(static_cast<int>(e.level) - 1);
  WalkSteps(sequence_, n, optional_, settings_.repeats_ignored, &walk_);

  ++units_;
  for (int j = 0; j <= walk_.reached; ++j) ++steps_[j].units;
  const bool converted = unit.level == n;
  if (walk_.reached >= 1) {
    const int group = walk_.conformed() ? 0 : 2;
    ++past_first_[group];
    past_first_[group + 1] += converted ? 1 : 0;
  }
  if (walk_.conformed()) {
    ++conformed_;
    completed_ += walk_.reached == n - 1 ? 1 : 0;
    converted_conformed_ += converted ? 1 : 0;
    return;
  }
  converted_deviated_ += converted ? 1 : 0;
  for (int kind = 0; kind < kDeviationKinds; ++kind) {
    if (walk_.kinds[kind] == 0) continue;
    ++kind_units_[kind];
    for (int j = 0; j < n; ++j) {
      if (((walk_.kinds[kind] >> j) & 1) == 0) continue;
      KindCounts& counts = steps_[j].kinds[kind];
      ++counts.units;
      AddExample(user, &counts);
    }
  }
  for (int j = 0; j < n; ++j) {
    for (int k = j + 1; k < n; ++k) steps_[j].back_from[k] += (walk_.back_from[j] >> k) & 1;
  }
}

void ConformanceState::AddExample(const std::string& user, KindCounts* counts) const {
  std::vector<std::string>& examples = counts->examples;
  const size_t limit = static_cast<size_t>(settings_.examples);
  if (examples.size() == limit && (limit == 0 || !(user < examples.back()))) return;
  auto at = std::lower_bound(examples.begin(), examples.end(), user);
  if (at != examples.end() && *at == user) return;  // another unit of the same user
  examples.insert(at, user);
  if (examples.size() > limit) examples.pop_back();
}

absl::Status ConformanceState::MergeShard(SectionState&& other_state) {
  auto& o = static_cast<ConformanceState&>(other_state);
  units_ += o.units_;
  conformed_ += o.conformed_;
  completed_ += o.completed_;
  converted_conformed_ += o.converted_conformed_;
  converted_deviated_ += o.converted_deviated_;
  for (int i = 0; i < 4; ++i) past_first_[i] += o.past_first_[i];
  for (int kind = 0; kind < kDeviationKinds; ++kind) kind_units_[kind] += o.kind_units_[kind];
  for (size_t j = 0; j < steps_.size(); ++j) {
    StepCounts& mine = steps_[j];
    const StepCounts& theirs = o.steps_[j];
    mine.units += theirs.units;
    for (int kind = 0; kind < kDeviationKinds; ++kind) {
      mine.kinds[kind].units += theirs.kinds[kind].units;
      for (const std::string& user : theirs.kinds[kind].examples) AddExample(user, &mine.kinds[kind]);
    }
    for (size_t k = 0; k < steps_.size(); ++k) mine.back_from[k] += theirs.back_from[k];
  }
  o = ConformanceState(spec_, settings_, table_, journey_);
  return absl::OkStatus();
}

std::vector<SpecKey> ConformanceSection::spec_keys() const {
  return {SpecKey{"conformance", nlohmann::ordered_json::object(), /*echo_absent=*/false}};
}

absl::Status ConformanceSection::CheckSettings(const JourneySpec& spec) const {
  return ConformanceSettingsOf(spec).status();
}

absl::StatusOr<std::unique_ptr<SectionRun>> ConformanceSection::Prepare(const JourneySpec& spec,
                                                                        const EventTable& table) const {
  absl::StatusOr<ConformanceSettings> settings = ConformanceSettingsOf(spec);
  if (!settings.ok()) return settings.status();
  absl::StatusOr<std::shared_ptr<const CompiledJourney>> journey = CompileJourney(spec, table);
  if (!journey.ok()) return journey.status();
  return std::unique_ptr<SectionRun>(
      std::make_unique<ConformanceRun>(spec, *std::move(settings), &table, *std::move(journey)));
}

}  // namespace fl

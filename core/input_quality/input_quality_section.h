#ifndef FRICTIONLENS_CORE_INPUT_QUALITY_INPUT_QUALITY_SECTION_H_
#define FRICTIONLENS_CORE_INPUT_QUALITY_INPUT_QUALITY_SECTION_H_

// The report's `input_quality` section: how trustworthy the input is before anyone
// reads a funnel off it.
//   rows, events, rejected       what was read and used
//   rejected_by_reason           every rejected row by kind (bad_time, empty_user, ...)
//   duplicate_events             events identical to an earlier event of the same user
//                                (same time, event and every property): a double send
//   events_per_user              min, mean, max and nearest-rank percentiles
//   files                        per file: rows, rejected, events, first and last time
// Settings, the spec's "input_quality" key: {"percentiles": [50, 90, 99]} (default).
//   Events per user 1, 1, 2, 6: p50 = the 2nd smallest = 1, p90 = the 4th = 6.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/sections/section.h"

namespace fl {

struct InputQualitySettings {
  std::vector<double> percentiles = {50, 90, 99};  // of events per user, nearest rank
};

// The spec's "input_quality" settings, every default filled in; errors name the path.
absl::StatusOr<InputQualitySettings> InputQualitySettingsOf(const JourneySpec& spec);
nlohmann::ordered_json InputQualitySettingsToJson(const InputQualitySettings& settings);

class InputQualityState : public SectionState {
 public:
  // `input`: what ingest counted for the whole table (the same for every shard).
  InputQualityState(const InputQualitySettings& settings, const InputStats& input);

  void Add(const UserPass& user) override;
  absl::Status MergeShard(SectionState&& other) override;
  nlohmann::ordered_json Finalize() const override;
  nlohmann::ordered_json ToJson() const override;
  static absl::StatusOr<InputQualityState> FromJson(const InputQualitySettings& settings,
                                                    const nlohmann::json& json);

  int64_t duplicate_events() const { return duplicates_; }

 private:
  InputQualitySettings settings_;
  InputStats input_;  // table-level: rows, rejections by kind, per file (not the rejection list)
  std::map<int64_t, int64_t> users_by_events_;  // events of a user -> users
  int64_t duplicates_ = 0;
  std::vector<uint32_t> scratch_;
};

class InputQualitySection : public Section {
 public:
  static constexpr const char* kName = "input_quality";
  using State = InputQualityState;
  const char* name() const override { return kName; }
  std::vector<SpecKey> spec_keys() const override;
  absl::Status CheckSettings(const JourneySpec& spec) const override;
  PassNeeds needs(const JourneySpec&) const override { return PassNeeds{/*units=*/false, /*as_user=*/false}; }
  absl::StatusOr<std::unique_ptr<SectionRun>> Prepare(const JourneySpec& spec,
                                                      const EventTable& table) const override;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INPUT_QUALITY_INPUT_QUALITY_SECTION_H_

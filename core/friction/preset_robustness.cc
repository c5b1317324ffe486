#include "core/friction/preset_robustness.h"

#include <algorithm>
#include <array>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/friction/friction_settings.h"

namespace fl {
namespace {

std::string PresetTitle(const std::string& preset) {
  if (preset == "posthog") return "PostHog";
  std::string title = preset;
  title[0] = static_cast<char>(title[0] - 'a' + 'A');
  return title;
}

}  // namespace

void ScorePresetRobustness(const CandidateGroup& group, const SortedUnits& units, const Dictionary& targets,
                           FrictionPoint* point) {
  const bool rage = std::count(group.kinds.begin(), group.kinds.end(), SignalKind::kRageClick) > 0;
  const bool dead = std::count(group.kinds.begin(), group.kinds.end(), SignalKind::kDeadClick) > 0;
  if (!rage && !dead) return;
  std::array<int64_t, kRagePresetCount> rage_found{};
  std::array<int64_t, kDeadPresetCount> dead_found{};
  FrictionUnit unit;
  for (uint32_t u : group.units) {
    units.Decode(u, &unit);
    uint8_t rage_mask = 0, dead_mask = 0;
    for (const FrictionUnit::Hit& h : unit.hits) {
      if (h.stage != group.stage) continue;
      if (!group.target.empty() && targets.Value(h.target) != group.target) continue;
      if (h.kind == SignalKind::kRageClick) rage_mask |= h.presets;
      if (h.kind == SignalKind::kDeadClick) dead_mask |= h.presets;
    }
    for (int p = 0; p < kRagePresetCount; ++p) rage_found[p] += (rage_mask >> p) & 1;
    for (int p = 0; p < kDeadPresetCount; ++p) dead_found[p] += (dead_mask >> p) & 1;
  }
  const int64_t half = (static_cast<int64_t>(group.units.size()) + 1) / 2;
  auto add = [&](const char* signal, const char* noun, const char* const* presets, const int64_t* found, int n) {
    std::vector<std::string> names;
    for (int p = 0; p < n; ++p) {
      const bool yes = found[p] > 0 && found[p] >= half;
      point->presets.push_back({signal, presets[p], found[p], yes});
      if (yes) names.push_back(PresetTitle(presets[p]));
    }
    absl::StrAppend(&point->found_under, point->found_under.empty() ? "" : "; ", noun, " found under ", names.size(),
                    " of ", n, " vendor rules", names.empty() ? "" : " (", absl::StrJoin(names, ", "),
                    names.empty() ? "" : ")");
  };
  if (rage) add("rage_click", "rage clicks", kRagePresets, rage_found.data(), kRagePresetCount);
  if (dead) add("dead_click", "dead clicks", kDeadPresets, dead_found.data(), kDeadPresetCount);
}

}  // namespace fl

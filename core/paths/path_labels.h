#ifndef FRICTIONLENS_CORE_PATHS_PATH_LABELS_H_
#define FRICTIONLENS_CORE_PATHS_PATH_LABELS_H_

// The names paths are counted under, bound to one table: each event name (or the group
// its name falls in, PathsSettings::group), each step's name (for a graph of steps) and
// the report's own markers. A state counts label indexes; its partial form writes names.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "core/event_table.h"
#include "core/journey/journey_spec.h"
#include "core/paths/paths_settings.h"

namespace fl {

class PathLabels {
 public:
  // Markers, always at these indexes.
  static constexpr uint32_t kNoFurther = 0;  // "(no further event)": nothing else in the window
  static constexpr uint32_t kStart = 1;      // "(start)": nothing before
  static constexpr uint32_t kEnd = 2;        // "(end)": the graph's exit
  static constexpr uint32_t kOther = 3;      // "(other events)": a graph of steps' non-step events

  PathLabels(const JourneySpec& spec, const PathsSettings& settings, const EventTable& table);

  uint32_t OfEvent(uint32_t event_id) const { return event_label_[event_id]; }
  uint32_t OfStep(size_t step) const { return step_label_[step]; }
  const std::string& Name(uint32_t label) const { return names_[label]; }
  size_t size() const { return names_.size(); }
  // The label named `name`, or -1.
  int64_t Find(const std::string& name) const;

 private:
  uint32_t Intern(const std::string& name);
  std::vector<std::string> names_;
  absl::flat_hash_map<std::string, uint32_t> index_;
  std::vector<uint32_t> event_label_;
  std::vector<uint32_t> step_label_;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_PATHS_PATH_LABELS_H_

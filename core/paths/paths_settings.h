#ifndef FRICTIONLENS_CORE_PATHS_PATHS_SETTINGS_H_
#define FRICTIONLENS_CORE_PATHS_PATHS_SETTINGS_H_

// The spec's "paths" settings:
//   top               events listed per list (after a step, before it, after dropping
//                     there) and variants listed; the rest add up in "(other)"
//   edges             edges of the directly-follows graph listed, the most frequent first
//   collapse_repeats  consecutive events of one name count once (two product views in a
//                     row are one visit to the product page)
//   graph             "events": the graph's nodes are event names (after grouping);
//                     "steps": the journey's steps, every other event "(other events)"
//   group             [{"pattern": "page_*", "as": "page views"}]: events whose name
//                     matches a pattern (* and ?) count under one name, the first match
//   variant_steps     a variant longer than this many steps ends in "..."
//   {"paths": {"top": 5, "graph": "steps", "group": [{"pattern": "search*", "as": "search"}]}}

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/journey/journey_spec.h"
#include "nlohmann/json.hpp"

namespace fl {

struct PathsSettings {
  int top = 8;
  int edges = 40;
  bool collapse_repeats = true;
  bool graph_of_steps = false;
  struct Group {
    std::string pattern, as;
  };
  std::vector<Group> group;
  int variant_steps = 12;
};

absl::StatusOr<PathsSettings> PathsSettingsOf(const JourneySpec& spec);
nlohmann::ordered_json PathsSettingsToJson(const PathsSettings& settings);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_PATHS_PATHS_SETTINGS_H_

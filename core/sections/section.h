#ifndef FRICTIONLENS_CORE_SECTIONS_SECTION_H_
#define FRICTIONLENS_CORE_SECTIONS_SECTION_H_

// A report section as a plug-in, in the manner of ClickHouse's aggregate function
// factory (IAggregateFunction: add / merge / serialize / insertResultInto). Every
// analysis (funnel, friction, input_quality; later paths, delivery, experiments...) is
// one folder under core/ that implements these three interfaces, and one line in
// core/report/section_registry.cc lists it. See docs/adding-a-section.md.
//
//   Section       what the registry holds: the section's name (its key in the report
//                 and in the spec's "sections"), the spec keys it owns and their
//                 defaults, its typed settings parser, and Prepare.
//   SectionRun    the section bound to one EventTable (settings parsed, dictionaries
//                 looked up), shared read-only by every shard of the pass.
//   SectionState  the mergeable state: Add one user (from the one shared pass), merge
//                 states, finalize to the section's JSON, and a canonical partial form.
//
// The driver (core/report/section_driver.h) runs the shared pass: it splits users into
// shards, evaluates each user's units once with the journey's matcher
// (core/journey/unit_evaluator.h), hands the same UserPass to every section's state,
// then merges the shards' states in order. A section never includes another.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "core/event_table.h"
#include "core/journey/journey_spec.h"
#include "core/journey/unit_outcome.h"
#include "nlohmann/json.hpp"

namespace fl {

// One user, as the shared pass hands it to every section.
struct UserPass {
  const EventTable* table = nullptr;
  uint32_t user = 0;
  uint32_t begin_row = 0, end_row = 0;  // the user's events: rows [begin_row, end_row)
  // The journey's counting units of this user (users: one; sessions: one per session;
  // attempts: one per step-1 event, maybe none), evaluated by the matcher.
  absl::Span<const UnitOutcome> units;
  // The user's events as one unit, whatever the journey counts (friction follows a
  // person across sessions); null unless some section's needs() asked for it.
  const UnitOutcome* as_user = nullptr;
};

// What a section needs the shared pass to compute for every user.
struct PassNeeds {
  bool units = false;    // UserPass::units
  bool as_user = false;  // UserPass::as_user
};

class SectionState {
 public:
  virtual ~SectionState() = default;
  // One user from the shared pass; users arrive in table order within a shard.
  virtual void Add(const UserPass& user) = 0;
  // Called once after the last Add of a shard.
  virtual void EndShard() {}
  // Merges the state of another shard of the same table and run (disjoint users);
  // `other` is left empty. Merging is exact: the result does not depend on shards.
  virtual absl::Status MergeShard(SectionState&& other) = 0;
  // The section's report JSON.
  virtual nlohmann::ordered_json Finalize() const = 0;
  // The canonical partial form (fixed key order, integers and strings), for scale-out;
  // SectionRun::StateFromJson reads it back.
  virtual nlohmann::ordered_json ToJson() const = 0;
};

class SectionRun {
 public:
  virtual ~SectionRun() = default;
  virtual std::unique_ptr<SectionState> NewState() const = 0;
  virtual absl::StatusOr<std::unique_ptr<SectionState>> StateFromJson(const nlohmann::json& json) const = 0;
};

// A key of the journey spec that a section owns, and what the spec as applied (the
// report's `journey`) shows when the key is absent: `absent` (e.g. {} or null), or
// nothing when `echo_absent` is false.
struct SpecKey {
  const char* key;
  nlohmann::ordered_json absent;
  bool echo_absent = true;
};

class Section {
 public:
  virtual ~Section() = default;
  // The report's key, and the name in the spec's "sections": {"<name>": false}.
  virtual const char* name() const = 0;
  virtual std::vector<SpecKey> spec_keys() const { return {}; }
  // Whether the section runs for `spec` at all: a section that only means something when
  // the spec asks for it (experiment: its "experiment" block) stays out of other reports.
  virtual bool applies(const JourneySpec&) const { return true; }
  // Reads this section's keys of `spec` (JourneySpec::section_settings) into its typed
  // settings, every default filled in: errors name the JSON path
  // ("journey: friction.rage_click.clicks: expected an integer >= 2").
  virtual absl::Status CheckSettings(const JourneySpec& spec) const = 0;
  virtual PassNeeds needs(const JourneySpec& spec) const = 0;
  // The property columns the section reads for `spec`, by name, or nullopt for "any
  // column" (correlation and input_quality look at every one). When every enabled
  // section names its own, ingest interns only those (core/report/properties_read.h);
  // the default is the safe answer for a section that does not say.
  virtual std::optional<std::vector<std::string>> properties_read(const JourneySpec&) const { return std::nullopt; }
  // Binds the section to `table` (its settings parsed, names looked up).
  virtual absl::StatusOr<std::unique_ptr<SectionRun>> Prepare(const JourneySpec& spec,
                                                              const EventTable& table) const = 0;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_SECTIONS_SECTION_H_

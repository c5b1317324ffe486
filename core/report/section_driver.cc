#include "core/report/section_driver.h"

#include <algorithm>
#include <utility>

#include "core/journey/compiled_journey.h"
#include "core/journey/unit_evaluator.h"
#include "core/parallel.h"
#include "core/report/journey_sections.h"
#include "core/report/section_registry.h"

namespace fl {
namespace {

std::vector<const Section*> Chosen(const JourneySpec& spec, const std::vector<std::string>& only) {
  if (only.empty()) return EnabledSections(spec);
  std::vector<const Section*> chosen;
  for (const auto& section : SectionRegistry::Get().sections()) {
    if (std::find(only.begin(), only.end(), section->name()) != only.end()) chosen.push_back(section.get());
  }
  return chosen;
}

// One shard: users [begin, end) into `states`.
class ShardPass {
 public:
  ShardPass(const JourneySpec& spec, const EventTable& table, const CompiledJourney& journey,
            const CompiledJourney* by_user, PassNeeds needs, int64_t data_end_ms)
      : table_(table),
        by_units_(spec.unit == CountingUnit::kUsers),
        needs_(needs),
        data_end_ms_(data_end_ms),
        units_(journey) {
    if (by_user != nullptr) as_user_.emplace(*by_user);
  }

  void Run(uint32_t begin, uint32_t end, const std::vector<std::unique_ptr<SectionState>>& states) {
    auto add = [&](const UserPass& pass) {
      for (const auto& state : states) state->Add(pass);
    };
    for (uint32_t user = begin; user < end; ++user) {
      UserPass pass;
      pass.table = &table_;
      pass.user = user;
      pass.begin_row = table_.user_begin[user];
      pass.end_row = table_.user_begin[user + 1];
      if (by_units_) {
        // The user is the unit: one evaluation serves both views.
        if (!needs_.units && !needs_.as_user) {
          add(pass);
          continue;
        }
        units_.EvaluateUser(user, data_end_ms_, [&](const UnitOutcome& outcome) {
          pass.units = absl::MakeConstSpan(&outcome, 1);
          if (needs_.as_user) pass.as_user = &outcome;
          add(pass);
        });
        continue;
      }
      size_t count = 0;
      if (needs_.units) {
        units_.EvaluateUser(user, data_end_ms_, [&](const UnitOutcome& outcome) {
          if (count == outcome_copies_.size()) outcome_copies_.emplace_back();
          outcome_copies_[count++] = outcome;
        });
      }
      pass.units = absl::MakeConstSpan(outcome_copies_.data(), count);
      if (as_user_.has_value()) {
        as_user_->EvaluateUser(user, data_end_ms_, [&](const UnitOutcome& outcome) {
          pass.as_user = &outcome;
          add(pass);
        });
      } else {
        add(pass);
      }
    }
    for (const auto& state : states) state->EndShard();
  }

 private:
  const EventTable& table_;
  const bool by_units_;  // the journey counts users
  const PassNeeds needs_;
  const int64_t data_end_ms_;
  UnitEvaluator units_;
  std::optional<UnitEvaluator> as_user_;
  std::vector<UnitOutcome> outcome_copies_;  // sessions / attempts of the current user
};

}  // namespace

const SectionState* SectionStates::Find(const char* name) const {
  for (size_t i = 0; i < sections.size(); ++i) {
    if (std::string_view(sections[i]->name()) == name) return states[i].get();
  }
  return nullptr;
}

absl::StatusOr<SectionStates> RunSectionPass(const JourneySpec& spec, const EventTable& table,
                                             const SectionPassOptions& options) {
  SectionStates out;
  out.sections = Chosen(spec, options.only);
  // The matcher first, so that its errors come before any section's.
  absl::StatusOr<std::shared_ptr<const CompiledJourney>> journey = CompileJourney(spec, table);
  if (!journey.ok()) return journey.status();
  PassNeeds needs;
  for (const Section* section : out.sections) {
    const PassNeeds wants = section->needs(spec);
    needs.units = needs.units || wants.units;
    needs.as_user = needs.as_user || wants.as_user;
  }
  std::shared_ptr<const CompiledJourney> by_user;
  if (needs.as_user && spec.unit != CountingUnit::kUsers) {
    JourneySpec users = spec;
    users.unit = CountingUnit::kUsers;
    absl::StatusOr<std::shared_ptr<const CompiledJourney>> compiled = CompileJourney(users, table);
    if (!compiled.ok()) return compiled.status();
    by_user = *std::move(compiled);
  }
  for (const Section* section : out.sections) {
    absl::StatusOr<std::unique_ptr<SectionRun>> run = section->Prepare(spec, table);
    if (!run.ok()) return run.status();
    out.runs.push_back(*std::move(run));
  }

  const int64_t data_end_ms = options.data_end_ms.value_or(table.last_time_ms);
  const size_t users = table.user_count();
  const int shards = ShardCount(options.threads, users);
  std::vector<std::vector<std::unique_ptr<SectionState>>> shard_states(shards);
  for (auto& states : shard_states) {
    for (const auto& run : out.runs) states.push_back(run->NewState());
  }
  ParallelFor(shards, [&](int i) {
    ShardPass pass(spec, table, **journey, by_user.get(), needs, data_end_ms);
    pass.Run(static_cast<uint32_t>(Boundary(users, shards, i)), static_cast<uint32_t>(Boundary(users, shards, i + 1)),
             shard_states[i]);
  });
  // Shards hold disjoint users; merged in shard order, each freed once merged.
  out.states = std::move(shard_states[0]);
  for (int i = 1; i < shards; ++i) {
    for (size_t k = 0; k < out.states.size(); ++k) {
      if (absl::Status s = out.states[k]->MergeShard(std::move(*shard_states[i][k])); !s.ok()) return s;
      shard_states[i][k].reset();
    }
  }
  return out;
}

std::vector<std::pair<std::string, nlohmann::ordered_json>> FinalizeSections(const SectionStates& states) {
  std::vector<std::pair<std::string, nlohmann::ordered_json>> out;
  for (size_t i = 0; i < states.sections.size(); ++i) {
    out.emplace_back(states.sections[i]->name(), states.states[i]->Finalize());
  }
  return out;
}

}  // namespace fl

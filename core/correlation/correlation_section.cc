#include "core/correlation/correlation_section.h"

#include <algorithm>
#include <limits>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/correlation/correlation_report.h"
#include "core/json/json_reader.h"

namespace fl {
namespace {

using oj = nlohmann::ordered_json;

constexpr const char* kStateKind = "frictionlens.correlation_state/1";
constexpr uint32_t kNoRow = UINT32_MAX;
constexpr int64_t kMaxCount = int64_t{1} << 53;

class CorrelationRun : public SectionRun {
 public:
  explicit CorrelationRun(std::shared_ptr<const CorrelationContext> context) : context_(std::move(context)) {}
  std::unique_ptr<SectionState> NewState() const override { return std::make_unique<CorrelationState>(context_); }
  absl::StatusOr<std::unique_ptr<SectionState>> StateFromJson(const nlohmann::json& json) const override {
    auto state = std::make_unique<CorrelationState>(context_);
    // A state from another process: anything the checks miss is a refusal, not a crash.
    try {
      if (absl::Status s = state->ReadJson(json); !s.ok()) return s;
    } catch (const nlohmann::json::exception& e) {
      return absl::InvalidArgumentError(absl::StrCat("correlation state: ", e.what()));
    }
    return std::unique_ptr<SectionState>(std::move(state));
  }

 private:
  std::shared_ptr<const CorrelationContext> context_;
};

// The row of each step the unit's chain reached (kNoRow for one passed by skipping): the
// first event at the step's time that matches it, from the previous step's row on (or,
// failing that, before it: events at one millisecond may match in either order).
std::vector<uint32_t> StepRows(const CompiledJourney& journey, const UnitOutcome& unit) {
  const EventTable& t = journey.table();
  std::vector<uint32_t> rows(static_cast<size_t>(unit.level), kNoRow);
  uint32_t from = unit.first_row;
  for (int i = 0; i < unit.level; ++i) {
    if (unit.step_skipped[i]) continue;
    auto matches = [&](uint32_t r) { return t.time_ms[r] == unit.step_time_ms[i] && ((journey.StepMask(r) >> i) & 1); };
    uint32_t found = kNoRow;
    for (uint32_t r = from; r < unit.end_row && found == kNoRow; ++r) found = matches(r) ? r : kNoRow;
    for (uint32_t r = unit.first_row; r < from && found == kNoRow; ++r) found = matches(r) ? r : kNoRow;
    if (found == kNoRow) continue;
    rows[i] = found;
    from = found + 1;
  }
  return rows;
}

}  // namespace

CorrelationState::CorrelationState(std::shared_ptr<const CorrelationContext> context)
    : context_(std::move(context)),
      transitions_(context_->spec.steps.empty() ? 0 : context_->spec.steps.size() - 1),
      seen_(context_->table->event_names.size(), 0) {}

void CorrelationState::Add(const UserPass& user) {
  for (const UnitOutcome& unit : user.units) {
    if (unit.level >= 1) AddUnit(unit);
  }
}

void CorrelationState::AddCandidates(TransitionCounts& t, bool dropped, const std::string& user) {
  for (uint64_t key : keys_) {
    CandidateCounts& c = t.candidates[key];
    ++(dropped ? c.dropped : c.converted);
    AddExample(user, context_->settings.examples, dropped ? &c.dropped_examples : &c.converted_examples);
  }
}

void CorrelationState::AddUnit(const UnitOutcome& unit) {
  const CompiledJourney& journey = *context_->journey;
  const EventTable& t = *context_->table;
  const JourneySpec& spec = context_->spec;
  const std::vector<uint32_t> rows = StepRows(journey, unit);
  const int64_t horizon = spec.window_ms > 0 && unit.start_ms <= std::numeric_limits<int64_t>::max() - spec.window_ms
                              ? unit.start_ms + spec.window_ms
                              : std::numeric_limits<int64_t>::max();
  for (size_t i = 0; i < transitions_.size() && static_cast<int>(i) < unit.level; ++i) {
    TransitionCounts& tc = transitions_[i];
    const bool converted = unit.level >= static_cast<int>(i) + 2;
    if (!converted && unit.window_open_at_end) {
      ++tc.in_progress;
      continue;
    }
    if (rows[i] == kNoRow) {
      ++tc.skipped;
      continue;
    }
    ++(converted ? tc.converted : tc.dropped);
    // The span starts at the unit's first step-k event after its previous step's (the
    // chain may count a later one: a payment retried after a decline would hide the
    // decline from those who went on, and only from them).
    uint32_t start = rows[i];
    if (i > 0) {
      uint32_t previous = unit.first_row;
      for (size_t j = i; j-- > 0;) {
        if (rows[j] != kNoRow) {
          previous = rows[j] + 1;
          break;
        }
      }
      for (uint32_t r = previous; r < rows[i]; ++r) {
        if ((journey.StepMask(r) >> i) & 1) {
          start = r;
          break;
        }
      }
    }
    // Converted: up to the next step's event (at most the chain's, the first later step
    // with one of its own); dropped: to the end of the window.
    uint32_t end = unit.end_row;
    if (converted) {
      for (size_t j = i + 1; j < rows.size(); ++j) {
        if (rows[j] != kNoRow) {
          end = rows[j];
          break;
        }
      }
    }
    const uint32_t outcome_steps = (1u << i) | (1u << (i + 1));
    keys_.clear();
    ++visit_;
    for (uint32_t r = start + 1; r < end && t.time_ms[r] <= horizon; ++r) {
      const uint32_t mask = journey.StepMask(r);
      // A converter's span ends at its first event of a later step, even when the chain
      // counted a later one (a payment retried after a decline: the decline is after it).
      if (converted && (mask >> (i + 1)) != 0) break;
      if ((mask & outcome_steps) != 0) continue;
      const uint32_t name = t.event[r];
      if (seen_[name] == visit_) continue;
      seen_[name] = visit_;
      keys_.push_back(CandidateKey(0, name));
    }
    for (size_t slot = 1; slot < context_->tested.size(); ++slot) {
      const CorrelationProperty& p = context_->properties[static_cast<size_t>(context_->tested[slot])];
      const IdColumn& ids = t.properties[static_cast<size_t>(p.column)].ids;
      uint32_t value = 0;
      for (uint32_t r = start + 1; r-- > unit.first_row && value == 0;) value = ids[r];
      if (value != 0 && value <= p.max_id) keys_.push_back(CandidateKey(static_cast<uint32_t>(slot), value));
    }
    AddCandidates(tc, !converted, t.users.Value(unit.user));
  }
}

absl::Status CorrelationState::MergeShard(SectionState&& other_state) {
  auto& o = static_cast<CorrelationState&>(other_state);
  for (size_t i = 0; i < transitions_.size(); ++i) {
    transitions_[i].Merge(std::move(o.transitions_[i]), context_->settings.examples);
  }
  return absl::OkStatus();
}

oj CorrelationState::Finalize() const {
  const EventTable& t = *context_->table;
  oj out;
  out["settings"] = CorrelationSettingsToJson(context_->settings);
  out["properties"] = CorrelationPropertiesToJson(context_->properties);
  oj steps = oj::array();
  oj sentences = oj::array();
  TransitionNames names;
  names.candidate = [&](uint64_t key) {
    const uint32_t slot = CandidateSlot(key), id = CandidateId(key);
    if (slot == 0) {
      const std::string& event = t.event_names.Value(id);
      return CandidateName{oj{{"kind", "event"}, {"event", event}}, absl::StrCat("did ", event)};
    }
    const CorrelationProperty& p = context_->properties[static_cast<size_t>(context_->tested[slot])];
    const std::string& value = t.properties[static_cast<size_t>(p.column)].values.Value(id);
    return CandidateName{oj{{"kind", "property"}, {"property", p.name}, {"value", value}},
                         absl::StrCat("had ", p.name, " = ", value)};
  };
  for (size_t i = 0; i < transitions_.size(); ++i) {
    names.step = context_->spec.steps[i].name;
    names.next_step = context_->spec.steps[i + 1].name;
    steps.push_back(TransitionReport(transitions_[i], names, context_->settings, &sentences));
  }
  out["steps"] = std::move(steps);
  out["sentences"] = std::move(sentences);
  return out;
}

oj CorrelationState::ToJson() const {
  const EventTable& t = *context_->table;
  auto users = [](const std::vector<std::string>& names) {
    oj out = oj::array();
    for (const std::string& name : names) out.push_back(name);
    return out;
  };
  oj out;
  out["state"] = kStateKind;
  oj transitions = oj::array();
  for (const TransitionCounts& tc : transitions_) {
    // By name, so that the bytes do not depend on hash order.
    std::vector<std::pair<std::pair<std::string, std::string>, const CandidateCounts*>> events, properties;
    for (const auto& [key, c] : tc.candidates) {
      const uint32_t slot = CandidateSlot(key), id = CandidateId(key);
      if (slot == 0) {
        events.push_back({{t.event_names.Value(id), ""}, &c});
      } else {
        const CorrelationProperty& p = context_->properties[static_cast<size_t>(context_->tested[slot])];
        properties.push_back({{p.name, t.properties[static_cast<size_t>(p.column)].values.Value(id)}, &c});
      }
    }
    std::sort(events.begin(), events.end());
    std::sort(properties.begin(), properties.end());
    oj event_list = oj::array(), property_list = oj::array();
    for (const auto& [name, c] : events) {
      event_list.push_back(oj::array({name.first, c->dropped, c->converted, users(c->dropped_examples), users(c->converted_examples)}));
    }
    for (const auto& [name, c] : properties) {
      property_list.push_back(oj::array(
          {name.first, name.second, c->dropped, c->converted, users(c->dropped_examples), users(c->converted_examples)}));
    }
    transitions.push_back({{"dropped", tc.dropped},
                           {"converted", tc.converted},
                           {"in_progress", tc.in_progress},
                           {"skipped", tc.skipped},
                           {"events", std::move(event_list)},
                           {"properties", std::move(property_list)}});
  }
  out["transitions"] = std::move(transitions);
  return out;
}

absl::Status CorrelationState::ReadJson(const nlohmann::json& json) {
  const EventTable& t = *context_->table;
  const JsonReader reader("correlation state: ");
  if (!json.is_object() || JsonReader::StringOr(json, "state") != kStateKind) {
    return reader.Error("state", absl::StrCat("expected \"", kStateKind, "\""));
  }
  if (absl::Status s = reader.CheckKeys(json, "", {"state", "transitions"}); !s.ok()) return s;
  const nlohmann::json& transitions = json.at("transitions");
  if (!transitions.is_array() || transitions.size() != transitions_.size()) {
    return reader.Error("transitions", absl::StrCat("expected an array of ", transitions_.size(), " transitions"));
  }
  // Example users: names, increasing, at most `examples`, and no more than the units
  // they stand for. Not looked up in the table: a merged state's users are of other
  // shards (core/scaleout).
  auto read_users = [&](const nlohmann::json& list, int64_t units, const std::string& path,
                        std::vector<std::string>* out) -> absl::Status {
    if (!list.is_array() || list.size() > static_cast<size_t>(context_->settings.examples) ||
        static_cast<int64_t>(list.size()) > units) {
      return reader.Error(path, "expected at most `examples` example users, no more than the units");
    }
    for (const nlohmann::json& name : list) {
      if (!name.is_string()) return reader.Error(path, "expected user names");
      if (!out->empty() && !(out->back() < name.get<std::string>())) {
        return reader.Error(path, "example users out of order or twice");
      }
      out->push_back(name.get<std::string>());
    }
    return absl::OkStatus();
  };
  auto read_counts = [&](const nlohmann::json& row, size_t at, const TransitionCounts& tc, const std::string& path,
                         CandidateCounts* c) -> absl::Status {
    if (!row[at].is_number_integer() || !row[at + 1].is_number_integer()) {
      return reader.Error(path, "expected integer counts");
    }
    c->dropped = row[at].get<int64_t>();
    c->converted = row[at + 1].get<int64_t>();
    if (c->dropped < 0 || c->converted < 0 || c->dropped > tc.dropped || c->converted > tc.converted ||
        c->dropped + c->converted == 0) {
      return reader.Error(path, "counts beyond the transition's dropped and converted units");
    }
    if (absl::Status s = read_users(row[at + 2], c->dropped, JsonReader::Index(path, at + 2), &c->dropped_examples); !s.ok()) {
      return s;
    }
    return read_users(row[at + 3], c->converted, JsonReader::Index(path, at + 3), &c->converted_examples);
  };
  for (size_t i = 0; i < transitions_.size(); ++i) {
    const std::string path = JsonReader::Index("transitions", i);
    const nlohmann::json& j = transitions[i];
    if (!j.is_object()) return reader.Error(path, "expected an object");
    if (absl::Status s = reader.CheckKeys(j, path, {"dropped", "converted", "in_progress", "skipped", "events", "properties"});
        !s.ok()) {
      return s;
    }
    TransitionCounts& tc = transitions_[i];
    for (const auto& [key, out] : {std::make_pair("dropped", &tc.dropped), std::make_pair("converted", &tc.converted),
                                   std::make_pair("in_progress", &tc.in_progress), std::make_pair("skipped", &tc.skipped)}) {
      if (!j.contains(key)) return reader.Error(JsonReader::Key(path, key), "missing");
      if (absl::Status s = reader.ReadInt(j, key, path, 0, out, kMaxCount); !s.ok()) return s;
    }
    const nlohmann::json& events = j.at("events");
    if (!events.is_array()) return reader.Error(JsonReader::Key(path, "events"), "expected an array");
    for (size_t e = 0; e < events.size(); ++e) {
      const std::string at = JsonReader::Index(JsonReader::Key(path, "events"), e);
      const nlohmann::json& row = events[e];
      if (!row.is_array() || row.size() != 5 || !row[0].is_string()) {
        return reader.Error(at, "expected [event, dropped, converted, [users], [users]]");
      }
      const uint32_t id = t.event_names.Find(row[0].get<std::string>());
      if (id == Dictionary::kNotFound) return reader.Error(at, "an event this table does not have");
      const uint64_t key = CandidateKey(0, id);
      if (tc.candidates.count(key)) return reader.Error(at, "an event twice");
      if (absl::Status s = read_counts(row, 1, tc, at, &tc.candidates[key]); !s.ok()) return s;
    }
    const nlohmann::json& properties = j.at("properties");
    if (!properties.is_array()) return reader.Error(JsonReader::Key(path, "properties"), "expected an array");
    for (size_t e = 0; e < properties.size(); ++e) {
      const std::string at = JsonReader::Index(JsonReader::Key(path, "properties"), e);
      const nlohmann::json& row = properties[e];
      if (!row.is_array() || row.size() != 6 || !row[0].is_string() || !row[1].is_string()) {
        return reader.Error(at, "expected [property, value, dropped, converted, [users], [users]]");
      }
      size_t slot = 1;
      while (slot < context_->tested.size() &&
             context_->properties[static_cast<size_t>(context_->tested[slot])].name != row[0].get<std::string>()) {
        ++slot;
      }
      if (slot == context_->tested.size()) return reader.Error(at, "a property this run does not test");
      const CorrelationProperty& p = context_->properties[static_cast<size_t>(context_->tested[slot])];
      const uint32_t id = t.properties[static_cast<size_t>(p.column)].values.Find(row[1].get<std::string>());
      if (id == Dictionary::kNotFound || id == 0 || id > p.max_id) return reader.Error(at, "a value this run does not track");
      const uint64_t key = CandidateKey(static_cast<uint32_t>(slot), id);
      if (tc.candidates.count(key)) return reader.Error(at, "a value twice");
      if (absl::Status s = read_counts(row, 2, tc, at, &tc.candidates[key]); !s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

std::vector<SpecKey> CorrelationSection::spec_keys() const {
  return {SpecKey{"correlation", nlohmann::ordered_json::object(), /*echo_absent=*/false}};
}

absl::Status CorrelationSection::CheckSettings(const JourneySpec& spec) const {
  return CorrelationSettingsOf(spec).status();
}

absl::StatusOr<std::unique_ptr<SectionRun>> CorrelationSection::Prepare(const JourneySpec& spec,
                                                                        const EventTable& table) const {
  absl::StatusOr<CorrelationSettings> settings = CorrelationSettingsOf(spec);
  if (!settings.ok()) return settings.status();
  absl::StatusOr<std::shared_ptr<const CompiledJourney>> journey = CompileJourney(spec, table);
  if (!journey.ok()) return journey.status();
  auto context = std::make_shared<CorrelationContext>();
  context->spec = spec;
  context->settings = *std::move(settings);
  context->properties = ChooseCorrelationProperties(context->settings, table);
  context->tested.push_back(-1);  // slot 0: event names
  for (size_t p = 0; p < context->properties.size(); ++p) {
    if (context->properties[p].tested) context->tested.push_back(static_cast<int>(p));
  }
  context->journey = *std::move(journey);
  context->table = &table;
  return std::unique_ptr<SectionRun>(std::make_unique<CorrelationRun>(std::move(context)));
}

}  // namespace fl

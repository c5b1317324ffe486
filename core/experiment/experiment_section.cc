#include "core/experiment/experiment_section.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/json/json_reader.h"

namespace fl {
namespace {

constexpr const char* kStateKind = "frictionlens.experiment_state/1";
using oj = nlohmann::ordered_json;

class ExperimentRun : public SectionRun {
 public:
  ExperimentRun(ExperimentSettings settings, std::vector<std::string> step_names,
                std::shared_ptr<const CompiledJourney> by_person, int variant_column, uint32_t exposure_event,
                int64_t data_end_ms)
      : settings_(std::move(settings)),
        step_names_(std::move(step_names)),
        by_person_(std::move(by_person)),
        variant_column_(variant_column),
        exposure_event_(exposure_event),
        data_end_ms_(data_end_ms) {}
  std::unique_ptr<SectionState> NewState() const override {
    return std::make_unique<ExperimentState>(settings_, step_names_, by_person_, variant_column_, exposure_event_,
                                             data_end_ms_);
  }
  absl::StatusOr<std::unique_ptr<SectionState>> StateFromJson(const nlohmann::json& json) const override {
    auto state = std::make_unique<ExperimentState>(settings_, step_names_, by_person_, variant_column_,
                                                   exposure_event_, data_end_ms_);
    // A state from another process: anything the checks miss is a refusal, not a crash.
    try {
      if (absl::Status s = state->ReadJson(json); !s.ok()) return s;
    } catch (const nlohmann::json::exception& e) {
      return absl::InvalidArgumentError(absl::StrCat("experiment state: ", e.what()));
    }
    return std::unique_ptr<SectionState>(std::move(state));
  }

 private:
  ExperimentSettings settings_;
  std::vector<std::string> step_names_;
  std::shared_ptr<const CompiledJourney> by_person_;
  int variant_column_;
  uint32_t exposure_event_;
  int64_t data_end_ms_;
};

void AddCounts(const VariantCounts& from, VariantCounts* to) {
  to->units += from.units;
  to->pre_converted += from.pre_converted;
  to->reached.resize(std::max(to->reached.size(), from.reached.size()), 0);
  to->reached_and_pre_converted.resize(to->reached.size(), 0);
  for (size_t k = 0; k < from.reached.size(); ++k) {
    to->reached[k] += from.reached[k];
    to->reached_and_pre_converted[k] += from.reached_and_pre_converted[k];
  }
}

}  // namespace

ExperimentState::ExperimentState(const ExperimentSettings& settings, std::vector<std::string> step_names,
                                 std::shared_ptr<const CompiledJourney> by_person, int variant_column,
                                 uint32_t exposure_event, int64_t data_end_ms)
    : settings_(settings),
      step_names_(std::move(step_names)),
      by_person_(std::move(by_person)),
      evaluator_(std::make_unique<UnitEvaluator>(*by_person_)),
      variant_column_(variant_column),
      exposure_event_(exposure_event),
      data_end_ms_(data_end_ms) {}

void ExperimentState::AddMixedExample(const std::string& user) {
  mixed_examples_.push_back(user);
  std::sort(mixed_examples_.begin(), mixed_examples_.end());
  if (mixed_examples_.size() > kExamples) mixed_examples_.resize(kExamples);
}

void ExperimentState::Add(const UserPass& user) {
  const EventTable& table = *user.table;
  const PropertyColumn& variant = table.properties[variant_column_];
  const bool by_exposure = exposure_event_ != Dictionary::kNotFound;
  // The variant values the person shows where assignment happens, and the exposure row.
  scratch_.clear();
  uint32_t exposure_row = user.end_row;
  for (uint32_t row = user.begin_row; row < user.end_row; ++row) {
    if (by_exposure && table.event[row] != exposure_event_) continue;
    const uint32_t value = variant.ids[row];
    if (value == 0) continue;  // missing
    if (exposure_row == user.end_row) exposure_row = row;
    if (std::find(scratch_.begin(), scratch_.end(), value) == scratch_.end()) scratch_.push_back(value);
  }
  if (scratch_.empty()) {
    ++unassigned_;
    return;
  }
  if (scratch_.size() > 1) {
    ++mixed_;
    AddMixedExample(table.users.Value(user.user));
    return;
  }
  const uint32_t from = by_exposure ? exposure_row : user.begin_row;
  int level = 0;
  evaluator_->EvaluateRows(user.user, from, user.end_row, data_end_ms_,
                           [&](const UnitOutcome& outcome) { level = outcome.level; });
  bool pre_converted = false;
  if (by_exposure && from > user.begin_row) {
    evaluator_->EvaluateRows(user.user, user.begin_row, from, data_end_ms_, [&](const UnitOutcome& outcome) {
      pre_converted = outcome.level == static_cast<int>(step_names_.size());
    });
  }
  VariantCounts& counts = variants_[variant.values.Value(scratch_[0])];
  counts.reached.resize(step_names_.size(), 0);
  counts.reached_and_pre_converted.resize(step_names_.size(), 0);
  ++counts.units;
  counts.pre_converted += pre_converted ? 1 : 0;
  for (int k = 0; k < level; ++k) {
    ++counts.reached[k];
    counts.reached_and_pre_converted[k] += pre_converted ? 1 : 0;
  }
}

absl::Status ExperimentState::MergeShard(SectionState&& other) {
  auto& from = static_cast<ExperimentState&>(other);
  for (const auto& [name, counts] : from.variants_) AddCounts(counts, &variants_[name]);
  unassigned_ += from.unassigned_;
  mixed_ += from.mixed_;
  for (const std::string& user : from.mixed_examples_) AddMixedExample(user);
  from.variants_.clear();
  from.unassigned_ = from.mixed_ = 0;
  from.mixed_examples_.clear();
  return absl::OkStatus();
}

oj ExperimentState::Finalize() const {
  return ExperimentReport(settings_, step_names_, variants_, unassigned_, mixed_, mixed_examples_);
}

oj ExperimentState::ToJson() const {
  oj out;
  out["kind"] = kStateKind;
  out["settings"] = ExperimentSettingsToJson(settings_);
  oj variants = oj::object();
  for (const auto& [name, c] : variants_) {
    variants[name] = oj{{"units", c.units},
                        {"reached", c.reached},
                        {"pre_converted", c.pre_converted},
                        {"reached_and_pre_converted", c.reached_and_pre_converted}};
  }
  out["variants"] = std::move(variants);
  out["unassigned"] = unassigned_;
  out["mixed"] = mixed_;
  out["mixed_examples"] = mixed_examples_;
  return out;
}

absl::Status ExperimentState::ReadJson(const nlohmann::json& json) {
  const JsonReader reader("experiment state: ");
  if (JsonReader::StringOr(json, "kind") != kStateKind) {
    return reader.Error("kind", absl::StrCat("expected \"", kStateKind, "\""));
  }
  if (json.value("settings", nlohmann::json()) != nlohmann::json::parse(ExperimentSettingsToJson(settings_).dump())) {
    return reader.Error("settings", "a state of other settings");
  }
  if (absl::Status s = reader.ReadInt(json, "unassigned", "", 0, &unassigned_); !s.ok()) return s;
  if (absl::Status s = reader.ReadInt(json, "mixed", "", 0, &mixed_); !s.ok()) return s;
  const size_t steps = step_names_.size();
  auto counts_of = [&](const nlohmann::json& list, const std::string& path, std::vector<int64_t>* out) {
    if (!list.is_array() || list.size() != steps) return reader.Error(path, absl::StrCat("expected ", steps, " counts"));
    for (size_t k = 0; k < steps; ++k) {
      if (!list[k].is_number_integer() || list[k].get<int64_t>() < 0) {
        return reader.Error(JsonReader::Index(path, k), "expected an integer >= 0");
      }
      out->push_back(list[k].get<int64_t>());
    }
    return absl::OkStatus();
  };
  const nlohmann::json& variants = json.value("variants", nlohmann::json::object());
  if (!variants.is_object()) return reader.Error("variants", "expected an object");
  for (auto it = variants.begin(); it != variants.end(); ++it) {
    const std::string path = JsonReader::Key("variants", it.key());
    VariantCounts c;
    if (!it->is_object()) return reader.Error(path, "expected an object");
    if (absl::Status s = reader.ReadInt(*it, "units", path, 0, &c.units); !s.ok()) return s;
    if (absl::Status s = reader.ReadInt(*it, "pre_converted", path, 0, &c.pre_converted); !s.ok()) return s;
    if (absl::Status s = counts_of(it->value("reached", nlohmann::json()), JsonReader::Key(path, "reached"), &c.reached);
        !s.ok()) {
      return s;
    }
    if (absl::Status s = counts_of(it->value("reached_and_pre_converted", nlohmann::json()),
                                   JsonReader::Key(path, "reached_and_pre_converted"), &c.reached_and_pre_converted);
        !s.ok()) {
      return s;
    }
    variants_[it.key()] = std::move(c);
  }
  const nlohmann::json& examples = json.value("mixed_examples", nlohmann::json::array());
  if (!examples.is_array()) return reader.Error("mixed_examples", "expected an array of ids");
  for (const auto& e : examples) {
    if (!e.is_string()) return reader.Error("mixed_examples", "expected an array of ids");
    AddMixedExample(e.get<std::string>());
  }
  return absl::OkStatus();
}

std::vector<SpecKey> ExperimentSection::spec_keys() const {
  return {SpecKey{kExperimentKey, nullptr, /*echo_absent=*/false}};
}

absl::Status ExperimentSection::CheckSettings(const JourneySpec& spec) const {
  if (!HasExperiment(spec)) return absl::OkStatus();
  return ExperimentSettingsOf(spec).status();
}

absl::StatusOr<std::unique_ptr<SectionRun>> ExperimentSection::Prepare(const JourneySpec& spec,
                                                                       const EventTable& table) const {
  absl::StatusOr<ExperimentSettings> settings = ExperimentSettingsOf(spec);
  if (!settings.ok()) return settings.status();
  const JsonReader reader(kJourneyErrorPrefix);
  const int column = table.FindProperty(settings->variant_property);
  if (column < 0) {
    return reader.Error(JsonReader::Key(kExperimentKey, "variant_property"),
                        absl::StrCat("no property \"", settings->variant_property, "\" in the data"));
  }
  uint32_t exposure = Dictionary::kNotFound;
  if (!settings->exposure_event.empty()) {
    exposure = table.event_names.Find(settings->exposure_event);
    if (exposure == Dictionary::kNotFound) {
      return reader.Error(JsonReader::Key(kExperimentKey, "exposure_event"),
                          absl::StrCat("no event \"", settings->exposure_event, "\" in the data"));
    }
  }
  // The experiment's unit is the person, whatever the journey counts.
  JourneySpec by_person = spec;
  by_person.unit = CountingUnit::kUsers;
  absl::StatusOr<std::shared_ptr<const CompiledJourney>> compiled = CompileJourney(by_person, table);
  if (!compiled.ok()) return compiled.status();
  std::vector<std::string> steps;
  for (const StepSpec& step : spec.steps) steps.push_back(step.name);
  return std::unique_ptr<SectionRun>(std::make_unique<ExperimentRun>(*std::move(settings), std::move(steps),
                                                                     *std::move(compiled), column, exposure,
                                                                     table.last_time_ms));
}

}  // namespace fl

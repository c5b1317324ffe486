#include "core/friction/friction_section.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "core/friction/friction_analysis.h"
#include "core/friction/friction_context.h"
#include "core/json/json_reader.h"

namespace fl {
namespace {

constexpr const char* kFrictionKey = "friction";
constexpr const char* kValueKey = "value";

// Everything the shards share, built once. Not movable: the context points at the
// settings and the spec.
class FrictionRun : public SectionRun {
 public:
  FrictionRun(const JourneySpec& spec, FrictionSettings settings) : settings_(std::move(settings)), by_user_(spec) {
    by_user_.unit = CountingUnit::kUsers;
  }
  FrictionRun(const FrictionRun&) = delete;
  FrictionRun& operator=(const FrictionRun&) = delete;

  absl::Status Bind(const EventTable& table) {
    absl::StatusOr<FrictionContext> ctx = BuildFrictionContext(settings_, by_user_, table);
    if (!ctx.ok()) return ctx.status();
    ctx_.emplace(*std::move(ctx));
    return absl::OkStatus();
  }

  std::unique_ptr<SectionState> NewState() const override {
    return std::make_unique<FrictionSectionState>(FrictionState(by_user_, settings_, ctx_->order_step), &*ctx_);
  }
  absl::StatusOr<std::unique_ptr<SectionState>> StateFromJson(const nlohmann::json& json) const override {
    // A state from another process: anything the checks miss is a refusal, not a crash.
    absl::StatusOr<FrictionState> state = absl::InternalError("");
    try {
      state = FrictionState::FromJson(by_user_, settings_, json);
    } catch (const nlohmann::json::exception& e) {
      return absl::InvalidArgumentError(std::string("friction state: ") + e.what());
    }
    if (!state.ok()) return state.status();
    return std::make_unique<FrictionSectionState>(*std::move(state), nullptr);
  }

 private:
  FrictionSettings settings_;
  JourneySpec by_user_;
  std::optional<FrictionContext> ctx_;
};

}  // namespace

absl::StatusOr<FrictionSettings> FrictionSettingsOf(const JourneySpec& spec) {
  const JsonReader reader(kJourneyErrorPrefix);
  const nlohmann::ordered_json& keys = spec.section_settings;
  nlohmann::json friction = nlohmann::json::object();
  nlohmann::json value;
  if (auto it = keys.find(kFrictionKey); it != keys.end()) {
    if (!it->is_object()) return reader.Error(kFrictionKey, "expected an object");
    friction = nlohmann::json::parse(it->dump());
  }
  if (auto it = keys.find(kValueKey); it != keys.end()) {
    if (!it->is_object() && !it->is_null()) return reader.Error(kValueKey, "expected an object or null");
    value = nlohmann::json::parse(it->dump());
  }
  absl::StatusOr<FrictionSettings> settings = ParseFrictionSettings(friction, value);
  if (!settings.ok()) return settings.status();
  // The experiment's variants, to count each point per variant. The experiment section
  // owns and checks the block; friction only reads the two names it needs.
  if (auto it = keys.find("experiment"); it != keys.end() && it->is_object()) {
    if (auto p = it->find("variant_property"); p != it->end() && p->is_string()) {
      settings->variant_property = p->get<std::string>();
    }
    if (auto c = it->find("control"); c != it->end() && c->is_string()) {
      settings->variant_control = c->get<std::string>();
    }
  }
  const std::string& order_step = settings->after_order.order_step;
  if (!order_step.empty() &&
      std::none_of(spec.steps.begin(), spec.steps.end(), [&](const StepSpec& step) { return step.name == order_step; })) {
    return reader.Error("friction.after_order.order_step", absl::StrCat("no step is named \"", order_step, "\""));
  }
  return settings;
}

FrictionSectionState::FrictionSectionState(FrictionState state, const FrictionContext* ctx)
    : state_(std::move(state)) {
  if (ctx != nullptr) builder_ = std::make_unique<FrictionUnitBuilder>(*ctx, &state_);
}

void FrictionSectionState::Add(const UserPass& user) { builder_->Add(*user.as_user); }

void FrictionSectionState::EndShard() {
  if (builder_ != nullptr) builder_->Finish();
}

absl::Status FrictionSectionState::MergeShard(SectionState&& other) {
  return state_.MergeDisjoint(std::move(static_cast<FrictionSectionState&>(other).state_));
}

nlohmann::ordered_json FrictionSectionState::Finalize() const { return FrictionResultToJson(state_.Finalize()); }

std::vector<SpecKey> FrictionSection::spec_keys() const {
  return {SpecKey{kFrictionKey, nlohmann::ordered_json::object(), true}, SpecKey{kValueKey, nullptr, true}};
}

absl::Status FrictionSection::CheckSettings(const JourneySpec& spec) const {
  return FrictionSettingsOf(spec).status();
}

absl::StatusOr<std::unique_ptr<SectionRun>> FrictionSection::Prepare(const JourneySpec& spec,
                                                                     const EventTable& table) const {
  absl::StatusOr<FrictionSettings> settings = FrictionSettingsOf(spec);
  if (!settings.ok()) return settings.status();
  auto run = std::make_unique<FrictionRun>(spec, *std::move(settings));
  if (absl::Status s = run->Bind(table); !s.ok()) return s;
  return std::unique_ptr<SectionRun>(std::move(run));
}

}  // namespace fl

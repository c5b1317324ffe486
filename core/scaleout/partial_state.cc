#include "core/scaleout/partial_state.h"

#include <algorithm>
#include <cstdint>
#include <exception>
#include <iterator>
#include <stdexcept>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/journey/property_check.h"
#include "core/report/journey_sections.h"
#include "core/report/report_builder.h"
#include "core/report/section_driver.h"
#include "core/version.h"

namespace fl {
namespace {

// The binary form's first bytes: the schema and a newline, so that `head -1` names it.
constexpr std::string_view kMagic = "frictionlens.partial/1\n";

absl::Status Refuse(std::string_view file, absl::string_view reason) {
  return absl::InvalidArgumentError(absl::StrCat(std::string(file), ": not a partial state this build can use: ", reason));
}

// The sections of `journey` prepared against the context's vocabulary table, with an
// empty state each: what reads states back and merges or finalizes them.
struct PreparedSections {
  EventTable table;
  SectionStates states;
};

absl::StatusOr<std::unique_ptr<PreparedSections>> Prepare(const JourneySpec& journey, const ScaleoutContext& context) {
  auto prepared = std::make_unique<PreparedSections>();
  prepared->table = context.VocabularyTable();
  SectionPassOptions pass;
  pass.data_end_ms = context.last_time_ms;
  absl::StatusOr<SectionStates> states = RunSectionPass(journey, prepared->table, pass);
  if (!states.ok()) return states.status();
  prepared->states = *std::move(states);
  return prepared;
}

absl::StatusOr<JourneySpec> JourneyOf(const PartialState& state) {
  absl::StatusOr<JourneySpec> journey = ParseJourneySpec(state.journey_json);
  if (!journey.ok()) return journey.status();
  if (journey->CanonicalJson() != state.journey_json) {
    return absl::InvalidArgumentError("the state's journey is not in its canonical form");
  }
  return journey;
}

// Reads every section of `state` back as states of `prepared`'s runs, in its order.
absl::StatusOr<std::vector<std::unique_ptr<SectionState>>> ReadSections(const PreparedSections& prepared,
                                                                        const PartialState& state) {
  const SectionStates& s = prepared.states;
  if (state.sections.size() != s.sections.size()) {
    return absl::InvalidArgumentError(absl::StrCat("the state has ", state.sections.size(), " sections; its journey runs ",
                                                   s.sections.size()));
  }
  std::vector<std::unique_ptr<SectionState>> out;
  for (size_t i = 0; i < s.sections.size(); ++i) {
    if (state.sections[i].first != s.sections[i]->name()) {
      return absl::InvalidArgumentError(absl::StrCat("the state's section ", i + 1, " is \"", state.sections[i].first,
                                                     "\"; its journey's is \"", s.sections[i]->name(), "\""));
    }
    absl::StatusOr<std::unique_ptr<SectionState>> read = s.runs[i]->StateFromJson(state.sections[i].second);
    if (!read.ok()) return read.status();
    out.push_back(*std::move(read));
  }
  return out;
}

// A section's partial form with sorted keys (the canonical form), moved node by node,
// with the value types a parser gives (so that it reads as the same form read from a file).
nlohmann::json Plain(nlohmann::ordered_json&& j) {
  switch (j.type()) {
    case nlohmann::ordered_json::value_t::object: {
      nlohmann::json out = nlohmann::json::object();
      for (auto& [key, value] : j.items()) out[key] = Plain(std::move(value));
      return out;
    }
    case nlohmann::ordered_json::value_t::array: {
      nlohmann::json out = nlohmann::json::array();
      out.get_ref<nlohmann::json::array_t&>().reserve(j.size());
      for (auto& value : j) out.push_back(Plain(std::move(value)));
      return out;
    }
    case nlohmann::ordered_json::value_t::string:
      return std::move(j.get_ref<std::string&>());
    case nlohmann::ordered_json::value_t::boolean:
      return j.get<bool>();
    case nlohmann::ordered_json::value_t::number_integer: {
      // As a parser reads it back (JSON text or CBOR): non-negative integers unsigned.
      const int64_t v = j.get<int64_t>();
      if (v >= 0) return static_cast<uint64_t>(v);
      return v;
    }
    case nlohmann::ordered_json::value_t::number_unsigned:
      return j.get<uint64_t>();
    case nlohmann::ordered_json::value_t::number_float:
      return j.get<double>();
    default:
      return nullptr;
  }
}

// A value as a message shows it (bytes that are not UTF-8 as U+FFFD).
std::string Shown(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

// A shard number or count; nlohmann's get<uint32_t> would take 2^32 + 1 as 1 and a float
// out of range undefined. Throws as get does (DecodePartial turns it into a refusal).
uint32_t Uint32(const nlohmann::json& j) {
  if (!j.is_number_unsigned() || j.get<uint64_t>() > UINT32_MAX) {
    throw std::invalid_argument("expected an integer from 0 to 2^32 - 1, not " + Shown(j));
  }
  return static_cast<uint32_t>(j.get<uint64_t>());
}

std::string ShardList(const std::vector<uint32_t>& shards) { return absl::StrJoin(shards, ", "); }

}  // namespace

absl::StatusOr<PartialState> BuildPartial(const JourneySpec& journey, const TableShard& shard, int threads) {
  if (shard.context == nullptr) return absl::InvalidArgumentError("the shard has no input context");
  // The same refusal `analyze` gives for a property the data lacks; the shard has the
  // whole table's columns, so every shard agrees with it.
  MissingProperties missing = MissingJourneyProperties(journey, shard.table);
  if (!missing.errors.empty()) return absl::InvalidArgumentError(absl::StrJoin(missing.errors, "\n"));
  SectionPassOptions pass;
  pass.threads = threads;
  pass.data_end_ms = shard.context->last_time_ms;  // right-censoring at the whole data's end
  absl::StatusOr<SectionStates> states = RunSectionPass(journey, shard.table, pass);
  if (!states.ok()) return states.status();
  PartialState out;
  out.journey_json = journey.CanonicalJson();
  out.context = shard.context;
  out.shard_count = shard.count;
  out.shards = {shard.index};
  for (size_t i = 0; i < states->sections.size(); ++i) {
    out.sections.emplace_back(states->sections[i]->name(), Plain(states->states[i]->ToJson()));
  }
  return out;
}

// What the merger holds: the first state's identity, the shards seen, and the sum of
// the sections' states, prepared against the first state's context.
struct PartialMerger::Sum {
  std::string journey_json;
  std::shared_ptr<const ScaleoutContext> context;
  uint32_t shard_count = 0;
  std::vector<uint32_t> shards;
  std::vector<std::string> names;
  std::unique_ptr<PreparedSections> prepared;
  std::vector<std::unique_ptr<SectionState>> states;
  size_t added = 0;
};

PartialMerger::PartialMerger() = default;
PartialMerger::~PartialMerger() = default;

absl::Status PartialMerger::Add(PartialState state) {
  const size_t k = sum_ ? sum_->added + 1 : 1;
  if (state.context == nullptr) return absl::InvalidArgumentError(absl::StrCat("state ", k, " has no input context"));
  if (sum_ != nullptr) {
    const Sum& first = *sum_;
    if (state.journey_json != first.journey_json) {
      return absl::InvalidArgumentError(absl::StrCat("state ", k, " is of another journey than state 1"));
    }
    if (state.context->input_id != first.context->input_id) {
      return absl::InvalidArgumentError(absl::StrCat("state ", k, " is of another input than state 1 (input ",
                                                     state.context->input_id, " against ", first.context->input_id,
                                                     "): shard all files in one `frictionlens shard` run"));
    }
    if (state.shard_count != first.shard_count) {
      return absl::InvalidArgumentError(absl::StrCat("state ", k, " is of a split into ", state.shard_count,
                                                     " shards; state 1 of one into ", first.shard_count));
    }
    for (uint32_t shard : state.shards) {
      if (std::binary_search(first.shards.begin(), first.shards.end(), shard)) {
        return absl::InvalidArgumentError(
            absl::StrCat("shard ", shard, " is in two of the states: its users would count twice"));
      }
    }
  } else {
    auto sum = std::make_unique<Sum>();
    sum->journey_json = state.journey_json;
    sum->context = state.context;
    sum->shard_count = state.shard_count;
    absl::StatusOr<JourneySpec> journey = JourneyOf(state);
    if (!journey.ok()) return journey.status();
    absl::StatusOr<std::unique_ptr<PreparedSections>> prepared = Prepare(*journey, *state.context);
    if (!prepared.ok()) return prepared.status();
    sum->prepared = *std::move(prepared);
    for (const auto& [name, form] : state.sections) sum->names.push_back(name);
    sum_ = std::move(sum);
  }
  Sum& sum = *sum_;
  absl::StatusOr<std::vector<std::unique_ptr<SectionState>>> read = ReadSections(*sum.prepared, state);
  if (!read.ok()) return absl::Status(read.status().code(), absl::StrCat("state ", k, ": ", read.status().message()));
  state.sections.clear();  // the JSON is read: free it before the next state comes
  if (sum.states.empty()) {
    sum.states = *std::move(read);
  } else {
    // Shards hold disjoint users, as the threads of one run do: the same exact merge.
    for (size_t i = 0; i < sum.states.size(); ++i) {
      if (absl::Status s = sum.states[i]->MergeShard(std::move(*(*read)[i])); !s.ok()) return s;
    }
  }
  std::vector<uint32_t> shards;
  std::merge(sum.shards.begin(), sum.shards.end(), state.shards.begin(), state.shards.end(), std::back_inserter(shards));
  sum.shards = std::move(shards);
  sum.added = k;
  return absl::OkStatus();
}

absl::StatusOr<PartialState> PartialMerger::Finish() {
  if (sum_ == nullptr) return absl::InvalidArgumentError("nothing to merge");
  PartialState out;
  out.journey_json = sum_->journey_json;
  out.context = sum_->context;
  out.shard_count = sum_->shard_count;
  out.shards = sum_->shards;
  for (size_t i = 0; i < sum_->states.size(); ++i) {
    out.sections.emplace_back(sum_->names[i], Plain(sum_->states[i]->ToJson()));
  }
  return out;
}

absl::StatusOr<PartialState> MergePartials(std::vector<PartialState> states) {
  PartialMerger merger;
  for (PartialState& state : states) {
    if (absl::Status s = merger.Add(std::move(state)); !s.ok()) return s;
  }
  return merger.Finish();
}

absl::StatusOr<nlohmann::ordered_json> ReportFromPartial(const PartialState& state) {
  if (state.context == nullptr) return absl::InvalidArgumentError("the state has no input context");
  std::vector<uint32_t> missing_shards;
  for (uint32_t i = 0, k = 0; i < state.shard_count; ++i) {
    if (k < state.shards.size() && state.shards[k] == i) {
      ++k;
    } else {
      missing_shards.push_back(i);
    }
  }
  if (!missing_shards.empty()) {
    // A report of some shards would be a report of some users, shown as all of them.
    return absl::FailedPreconditionError(absl::StrCat("the state covers ", state.shards.size(), " of ", state.shard_count,
                                                      " shards; merge the states of shards ", ShardList(missing_shards),
                                                      " into it first"));
  }
  absl::StatusOr<JourneySpec> journey = JourneyOf(state);
  if (!journey.ok()) return journey.status();
  absl::StatusOr<std::unique_ptr<PreparedSections>> prepared = Prepare(*journey, *state.context);
  if (!prepared.ok()) return prepared.status();
  // What BuildJourneyReport checks against the whole table, against its dictionaries.
  MissingProperties missing = MissingJourneyProperties(*journey, (*prepared)->table);
  if (!missing.errors.empty()) return absl::InvalidArgumentError(absl::StrJoin(missing.errors, "\n"));
  absl::StatusOr<std::vector<std::unique_ptr<SectionState>>> read = ReadSections(**prepared, state);
  if (!read.ok()) return read.status();
  std::vector<std::pair<std::string, nlohmann::ordered_json>> sections;
  for (size_t i = 0; i < read->size(); ++i) sections.emplace_back(state.sections[i].first, (*read)[i]->Finalize());
  nlohmann::ordered_json input = state.context->input_section;
  for (std::string& warning : missing.warnings) input["warnings"].push_back(std::move(warning));
  return AssembleReportWithInput(*journey, std::move(input), std::move(sections));
}

nlohmann::json PartialToJson(const PartialState& state) { return PartialToJson(state, true); }

nlohmann::json PartialToJson(const PartialState& state, bool with_sections) {
  nlohmann::json j;
  j["schema"] = kPartialSchema;
  j["engine"] = kFrictionlensVersion;
  j["journey"] = state.journey_json;
  j["shard_count"] = state.shard_count;
  j["shards"] = state.shards;
  j["context"] = state.context ? ContextToJson(*state.context) : nullptr;
  if (!with_sections) return j;
  nlohmann::json sections = nlohmann::json::array();
  for (const auto& [name, form] : state.sections) sections.push_back({{"section", name}, {"state", form}});
  j["sections"] = std::move(sections);
  return j;
}

// A CBOR head (RFC 8949 3.1): major type and argument, in the shortest form, as
// nlohmann's writer puts it.
void PutCborHead(uint8_t major, uint64_t n, std::string* out) {
  const auto byte = [&](uint64_t v) { out->push_back(static_cast<char>(v & 0xff)); };
  if (n < 24) {
    byte(major << 5 | n);
  } else if (n <= 0xff) {
    byte(major << 5 | 24);
    byte(n);
  } else if (n <= 0xffff) {
    byte(major << 5 | 25);
    for (int shift = 8; shift >= 0; shift -= 8) byte(n >> shift);
  } else if (n <= 0xffffffffull) {
    byte(major << 5 | 26);
    for (int shift = 24; shift >= 0; shift -= 8) byte(n >> shift);
  } else {
    byte(major << 5 | 27);
    for (int shift = 56; shift >= 0; shift -= 8) byte(n >> shift);
  }
}

void PutCbor(const nlohmann::json& value, std::string* out) { nlohmann::json::to_cbor(value, *out); }

std::string EncodePartial(const PartialState& state) {
  // The bytes of to_cbor(PartialToJson(state)), written piece by piece so that the
  // sections' forms (most of a state) are not copied into one document first. Keys in
  // nlohmann::json's (sorted) order.
  const nlohmann::json view = PartialToJson(state, /*with_sections=*/false);
  std::string out(kMagic);
  PutCborHead(5, view.size() + 1, &out);  // a map: the view's keys and "sections"
  bool sections_written = false;
  auto put_sections = [&] {
    PutCbor("sections", &out);
    PutCborHead(4, state.sections.size(), &out);  // an array
    for (const auto& [name, form] : state.sections) {
      PutCborHead(5, 2, &out);
      PutCbor("section", &out);
      PutCbor(name, &out);
      PutCbor("state", &out);
      PutCbor(form, &out);
    }
    sections_written = true;
  };
  for (const auto& [key, value] : view.items()) {
    if (!sections_written && key > std::string("sections")) put_sections();
    PutCbor(key, &out);
    PutCbor(value, &out);
  }
  if (!sections_written) put_sections();
  return out;
}

absl::StatusOr<PartialState> DecodePartial(std::string_view bytes, std::string_view file) {
  nlohmann::json j;
  try {
    if (bytes.substr(0, kMagic.size()) == kMagic) {
      j = nlohmann::json::from_cbor(bytes.substr(kMagic.size()));
    } else {
      const size_t first = bytes.find_first_not_of(" \t\r\n");
      if (first == std::string_view::npos || bytes[first] != '{') {
        return Refuse(file, "it starts neither with \"frictionlens.partial/1\" nor with a JSON object");
      }
      j = nlohmann::json::parse(bytes);
    }
  } catch (const std::exception& e) {
    return Refuse(file, e.what());
  }
  PartialState state;
  try {
    if (!j.is_object()) return Refuse(file, "expected an object");
    if (j.at("schema") != kPartialSchema) return Refuse(file, absl::StrCat("its schema is ", Shown(j.at("schema"))));
    if (j.at("engine") != kFrictionlensVersion) {
      return Refuse(file, absl::StrCat("written by frictionlens ", Shown(j.at("engine")), ", this is ",
                                       kFrictionlensVersion, "; run `partial` again with one version"));
    }
    state.journey_json = j.at("journey").get<std::string>();
    state.shard_count = Uint32(j.at("shard_count"));
    if (!j.at("shards").is_array()) throw std::invalid_argument("shards: expected an array");
    for (const nlohmann::json& shard : j.at("shards")) state.shards.push_back(Uint32(shard));
    absl::StatusOr<ScaleoutContext> context = ContextFromJson(j.at("context"));
    if (!context.ok()) return Refuse(file, context.status().message());
    state.context = std::make_shared<const ScaleoutContext>(*std::move(context));
    for (auto& s : j.at("sections")) {
      // Moved, not copied: a state's JSON is most of its memory.
      state.sections.emplace_back(s.at("section").get<std::string>(), std::move(s.at("state")));
    }
  } catch (const std::exception& e) {
    return Refuse(file, e.what());
  }
  if (state.shard_count == 0) return Refuse(file, "shard_count is 0");
  if (state.shards.empty()) return Refuse(file, "it covers no shard");
  for (size_t i = 0; i < state.shards.size(); ++i) {
    if (state.shards[i] >= state.shard_count || (i > 0 && state.shards[i] <= state.shards[i - 1])) {
      return Refuse(file, "its shards are not ascending, distinct and below shard_count");
    }
  }
  return state;
}

}  // namespace fl

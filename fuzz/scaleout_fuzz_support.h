#ifndef FRICTIONLENS_FUZZ_SCALEOUT_FUZZ_SUPPORT_H_
#define FRICTIONLENS_FUZZ_SCALEOUT_FUZZ_SUPPORT_H_

// Shared by the scale-out targets (table_shard_fuzzer, partial_file_fuzzer): the small
// demo store they split and analyse, the store journey with its planted A/B test (so that
// every section runs), and a forger's step: setting a context's input_id to the
// fingerprint of its (mutated) fields, so that mutations of the context reach the code
// behind the fingerprint check (the id is a checksum against damage, not a signature).

#include <exception>
#include <stdexcept>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/demo/demo_store.h"
#include "core/ingest/event_table_builder.h"
#include "core/journey/journey_spec.h"
#include "core/report/journey_sections.h"
#include "core/report/report_builder.h"
#include "core/scaleout/input_stats_json.h"
#include "core/scaleout/partial_state.h"
#include "core/scaleout/table_shard.h"
#include "fuzz/fuzz_support.h"
#include "nlohmann/json.hpp"

namespace fl::fuzz {

// `users` persons over two weeks with the A/B test and the checkout form. 12 give shard
// files of 2-3 KiB (bodies of 6-9 KiB); the context's dictionaries and the friction and
// paths states make a partial state of 4 persons 9-15 KiB already.
inline EventTable SmallStoreTable(int users = 12) {
  DemoStoreOptions options;
  options.users = users;
  options.seed = 7;
  options.days = 14;
  options.experiment = true;
  options.experiment_cart_lift = 0.05;
  options.checkout_form = true;
  std::string csv = DemoCsvHeader(true, true);
  GenerateDemoStore(options, [&](const DemoEvent& e) { AppendDemoCsvRow(e, &csv); });
  EventTableBuilder builder{IngestOptions()};
  Check(builder.BeginFile("store.csv").ok(), "the demo store does not read");
  Check(builder.Feed(csv).ok(), "the demo store does not read");
  Check(builder.EndFile().ok(), "the demo store does not read");
  absl::StatusOr<EventTable> table = builder.Finish();
  Check(table.ok(), "the demo store does not read");
  return *std::move(table);
}

inline JourneySpec StoreJourneyWithExperiment() {
  std::string text = BuiltinJourneyJson("store");
  text.insert(1, R"("experiment": {"variant_property": "variant", "exposure_event": "experiment_exposure", "control": "A"}, )");
  absl::StatusOr<JourneySpec> spec = ParseJourneySpec(text);
  Check(spec.ok(), "the store journey with an experiment does not parse", spec.status().ToString());
  return *std::move(spec);
}

inline std::shared_ptr<const ScaleoutContext> ContextOf(const EventTable& table) {
  return std::make_shared<const ScaleoutContext>(ScaleoutContext::Of(table, InputSectionToJson(table)));
}

// Sets context["input_id"] to the fingerprint of the fields it covers (the fields read as
// ContextFromJson reads them); leaves the context alone when they do not read.
inline void Refingerprint(nlohmann::json* context) {
  try {
    if (!context->is_object()) return;
    const nlohmann::json& j = *context;
    ScaleoutContext c;
    c.input_section = nlohmann::ordered_json::parse(j.at("input_section").get<std::string>());
    // Integers only: a float's conversion here would be the harness's own undefined behaviour.
    auto integer = [](const nlohmann::json& v) {
      if (!v.is_number_integer()) throw std::invalid_argument("not an integer");
      return v.get<int64_t>();
    };
    c.first_time_ms = integer(j.at("first_time_ms"));
    c.last_time_ms = integer(j.at("last_time_ms"));
    c.events = integer(j.at("events"));
    for (const nlohmann::json& v : j.at("rows_set")) c.rows_set.push_back(integer(v));
    c.input = InputStatsFromJson(j.at("input"));
    c.event_names = j.at("event_names").get<std::vector<std::string>>();
    for (const nlohmann::json& p : j.at("properties")) {
      c.properties.push_back({p.at("name").get<std::string>(), p.at("values").get<std::vector<std::string>>()});
    }
    (*context)["input_id"] = c.Fingerprint();
  } catch (const std::exception&) {
  }
}

inline std::string Dump(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The report of `state` is given (and renders) or refused with a message.
inline void ReportOrCleanRefusal(const PartialState& state) {
  absl::StatusOr<nlohmann::ordered_json> report = ReportFromPartial(state);
  if (report.ok()) {
    (void)Dump(*report);
  } else {
    Check(!report.status().message().empty(), "ReportFromPartial refused without a message");
  }
}

}  // namespace fl::fuzz

#endif  // FRICTIONLENS_FUZZ_SCALEOUT_FUZZ_SUPPORT_H_

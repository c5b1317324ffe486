#ifndef FRICTIONLENS_TESTS_UNIT_SECTION_TEST_SUPPORT_H_
#define FRICTIONLENS_TESTS_UNIT_SECTION_TEST_SUPPORT_H_

// What the section tests share: a table from CSV text, one section's report, and the
// error a spec gets for a section's settings block.

#include <functional>
#include <memory>
#include <string>

#include "core/demo/demo_store.h"
#include "core/event_table.h"
#include "core/ingest/event_table_builder.h"
#include "core/report/journey_sections.h"
#include "core/report/section_driver.h"
#include "gtest/gtest.h"

namespace fl::testing {

// `csv` read as the one file `name`; a failure is a test failure.
inline EventTable TableFromCsv(const std::string& csv, const std::string& name = "shop.csv") {
  EventTableBuilder builder{IngestOptions()};
  EXPECT_TRUE(builder.BeginFile(name).ok());
  EXPECT_TRUE(builder.Feed(csv).ok());
  EXPECT_TRUE(builder.EndFile().ok());
  absl::StatusOr<EventTable> table = builder.Finish();
  EXPECT_TRUE(table.ok()) << table.status();
  return *std::move(table);
}

// The demo store (core/demo) with `options`, with its variant and form columns, read as
// the one file "store.csv"; `extra_rows` (CSV lines) are appended to it.
inline EventTable DemoStoreTable(const DemoStoreOptions& options, const std::string& extra_rows = "") {
  std::string csv = DemoCsvHeader(true, true);
  GenerateDemoStore(options, [&](const DemoEvent& e) { AppendDemoCsvRow(e, &csv); });
  return TableFromCsv(csv + extra_rows, "store.csv");
}

// The message ParseJourneySpec gives `spec` (a JSON object) with `"key": settings` added.
inline std::string SettingsError(const std::string& spec, const std::string& key, const std::string& settings) {
  return std::string(
      ParseJourneySpec(std::string(spec).insert(1, "\"" + key + "\": " + settings + ", ")).status().message());
}

// Section `name` alone run over `table` for the journey `spec`, on `threads` threads, and
// finalized: its report JSON.
inline nlohmann::ordered_json SectionReport(const std::string& spec, const EventTable& table, const char* name,
                                            int threads = 1) {
  absl::StatusOr<JourneySpec> parsed = ParseJourneySpec(spec);
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  SectionPassOptions options;
  options.threads = threads;
  options.only = {name};
  absl::StatusOr<SectionStates> states = RunSectionPass(*parsed, table, options);
  EXPECT_TRUE(states.ok()) << states.status();
  return states->states[0]->Finalize();
}

// A section's partial form, checked to read back to the same partial form and the same
// report; `refusal(broken)` then gives the message a changed copy of it is refused with.
struct PartialForm {
  nlohmann::json json;
  std::function<std::string(const nlohmann::json&)> refusal;
};
inline PartialForm ExpectPartialFormReadsBack(const std::string& spec, const EventTable& table, const char* name) {
  absl::StatusOr<JourneySpec> parsed = ParseJourneySpec(spec);
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  SectionPassOptions options;
  options.only = {name};
  auto states = std::make_shared<SectionStates>();
  absl::StatusOr<SectionStates> pass = RunSectionPass(*parsed, table, options);
  EXPECT_TRUE(pass.ok()) << pass.status();
  *states = *std::move(pass);
  const nlohmann::ordered_json partial = states->states[0]->ToJson();
  absl::StatusOr<std::unique_ptr<SectionState>> back =
      states->runs[0]->StateFromJson(nlohmann::json::parse(partial.dump()));
  EXPECT_TRUE(back.ok()) << back.status();
  if (back.ok()) {
    EXPECT_EQ((*back)->ToJson().dump(), partial.dump());
    EXPECT_EQ((*back)->Finalize().dump(), states->states[0]->Finalize().dump());
  }
  return PartialForm{nlohmann::json::parse(partial.dump()), [states](const nlohmann::json& broken) {
                       absl::StatusOr<std::unique_ptr<SectionState>> s = states->runs[0]->StateFromJson(broken);
                       return s.ok() ? std::string("accepted") : std::string(s.status().message());
                     }};
}

}  // namespace fl::testing

#endif  // FRICTIONLENS_TESTS_UNIT_SECTION_TEST_SUPPORT_H_

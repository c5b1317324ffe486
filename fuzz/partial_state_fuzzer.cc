// The partial-state parser: SectionRun::StateFromJson of every section, which reads a
// state written by another process (scale-out: `partial` on each shard, then `merge`),
// so its input is as untrusted as a file. The fuzzer mutates real partial states of the
// demo store (with its planted A/B test, so that every section runs, the experiment
// included). Invariants:
//   - no crash, no sanitizer report, whatever the bytes;
//   - a state that is accepted finalizes, writes its partial form again, and that form
//     reads back to the same bytes (the parser accepts only what it can use);
//   - an accepted state merges with the real state of the same run, and the merge
//     finalizes, both ways round.
// Input: byte 0 picks the section (modulo their count); the rest is the JSON text.
// Seeds: FL_FUZZ_WRITE_SEEDS=DIR ./partial_state_fuzzer writes each section's real
// state into DIR and exits (fuzz/corpus/partial_state_fuzzer holds them).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "core/demo/demo_store.h"
#include "core/ingest/event_table_builder.h"
#include "core/journey/journey_spec.h"
#include "core/report/journey_sections.h"
#include "core/report/section_driver.h"
#include "fuzz/fuzz_support.h"
#include "fuzz/scaleout_fuzz_support.h"
#include "nlohmann/json.hpp"

namespace {

struct Fixture {
  fl::EventTable table;
  fl::SectionStates states;
};

fl::EventTable StoreTable() {
  fl::DemoStoreOptions options;
  options.users = 12;  // small: every seed state fits the fuzz runs' 4 KiB inputs
  options.seed = 7;
  options.days = 14;
  options.experiment = true;
  options.experiment_cart_lift = 0.05;
  options.checkout_form = true;  // so that the forms section's state has forms and fields
  std::string csv = fl::DemoCsvHeader(true, true);
  fl::GenerateDemoStore(options, [&](const fl::DemoEvent& e) { fl::AppendDemoCsvRow(e, &csv); });
  fl::EventTableBuilder builder{fl::IngestOptions()};
  fl::fuzz::Check(builder.Feed(csv).ok(), "the demo store does not read");
  absl::StatusOr<fl::EventTable> table = builder.Finish();
  fl::fuzz::Check(table.ok(), "the demo store does not read");
  return *std::move(table);
}

const Fixture& GetFixture() {
  static const Fixture* fixture = [] {
    auto* f = new Fixture{StoreTable(), {}};
    const fl::JourneySpec spec = fl::fuzz::StoreJourneyWithExperiment();
    absl::StatusOr<fl::SectionStates> states = fl::RunSectionPass(spec, f->table, fl::SectionPassOptions());
    fl::fuzz::Check(states.ok(), "the section pass fails", states.status().ToString());
    f->states = *std::move(states);
    return f;
  }();
  return *fixture;
}

using fl::fuzz::Dump;

// A fresh copy of the run's real state of section `i`, through its partial form.
std::unique_ptr<fl::SectionState> RealState(const Fixture& f, size_t i) {
  const nlohmann::json form = nlohmann::json::parse(Dump(f.states.states[i]->ToJson()));
  absl::StatusOr<std::unique_ptr<fl::SectionState>> state = f.states.runs[i]->StateFromJson(form);
  fl::fuzz::Check(state.ok(), "a real partial state does not read back", state.status().ToString());
  return *std::move(state);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const Fixture& f = GetFixture();
  if (const char* dir = std::getenv("FL_FUZZ_WRITE_SEEDS")) {
    for (size_t i = 0; i < f.states.sections.size(); ++i) {
      std::ofstream out(absl::StrCat(dir, "/", f.states.sections[i]->name(), ".seed"), std::ios::binary);
      out << static_cast<char>(i) << Dump(f.states.states[i]->ToJson());
    }
    std::exit(0);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const Fixture& f = GetFixture();
  const size_t i = data[0] % f.states.sections.size();
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const nlohmann::json form = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (form.is_discarded()) return 0;

  absl::StatusOr<std::unique_ptr<fl::SectionState>> read = f.states.runs[i]->StateFromJson(form);
  if (!read.ok()) {
    fl::fuzz::Check(!read.status().message().empty(), "a refusal without a message");
    return 0;
  }
  std::unique_ptr<fl::SectionState> state = *std::move(read);
  const std::string section = f.states.sections[i]->name();
  (void)Dump(state->Finalize());
  const std::string written = Dump(state->ToJson());
  absl::StatusOr<std::unique_ptr<fl::SectionState>> again = f.states.runs[i]->StateFromJson(nlohmann::json::parse(written));
  fl::fuzz::Check(again.ok(), "an accepted state's own partial form is refused",
                  absl::StrCat(section, ": ", again.status().ToString(), "\n", written));
  fl::fuzz::Check(Dump((*again)->ToJson()) == written, "an accepted state does not round-trip",
                  absl::StrCat(section, "\n", written));

  // Merging with the real state, both ways: refusals are fine, crashes are not.
  std::unique_ptr<fl::SectionState> real = RealState(f, i);
  if (real->MergeShard(std::move(*state)).ok()) (void)Dump(real->Finalize());
  std::unique_ptr<fl::SectionState> other = RealState(f, i);
  if ((*again)->MergeShard(std::move(*other)).ok()) (void)Dump((*again)->Finalize());
  return 0;
}

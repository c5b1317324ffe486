// The partial state file: DecodePartial (the CBOR form after its magic line, or the JSON
// view), then MergePartials and ReportFromPartial, which `frictionlens merge` and `report`
// run on states other machines wrote, so their input is as untrusted as any file. The
// fuzzer mutates real states of the demo store split into two shards. Invariants:
//   - no crash, no sanitizer report, whatever the bytes; refusals have a message;
//   - an accepted state encodes (EncodePartial) to bytes that decode and encode to the
//     same bytes;
//   - its report (ReportFromPartial) is given or cleanly refused;
//   - merged with the real state of either shard, both orders are accepted or both
//     refused, and give the same bytes (the merge is commutative); a merge that covers
//     every shard gives its report or a clean refusal.
// Input: byte 0, bit 0 set: the harness first sets the state's context's input_id to
// the fingerprint of its fields (as a forger would), so that mutations of the context are
// read further; the rest is the file's bytes.
// Seeds: FL_FUZZ_WRITE_SEEDS=DIR ./partial_file_fuzzer writes each shard's state and
// their merge, in the binary and the JSON form, into DIR and exits
// (fuzz/corpus/partial_file_fuzzer).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/scaleout/partial_state.h"
#include "core/scaleout/table_shard.h"
#include "fuzz/fuzz_support.h"
#include "fuzz/scaleout_fuzz_support.h"
#include "nlohmann/json.hpp"

namespace {

constexpr std::string_view kMagic = "frictionlens.partial/1\n";

struct Fixture {
  std::vector<std::string> shard_states;  // EncodePartial of each shard's state
  std::string merged;                     // of their merge
};

fl::PartialState Decode(std::string_view bytes) {
  absl::StatusOr<fl::PartialState> state = fl::DecodePartial(bytes, "real.flpartial");
  fl::fuzz::Check(state.ok(), "a real state does not decode", state.status().ToString());
  return *std::move(state);
}

const Fixture& GetFixture() {
  static const Fixture* fixture = [] {
    auto* f = new Fixture;
    // 4 persons: every seed state fits the runs' 16 KiB inputs (partial_file_fuzzer.max_len).
    const fl::EventTable table = fl::fuzz::SmallStoreTable(4);
    const fl::JourneySpec journey = fl::fuzz::StoreJourneyWithExperiment();
    std::vector<fl::PartialState> states;
    for (const fl::TableShard& shard : fl::SplitTable(table, 2, fl::fuzz::ContextOf(table))) {
      absl::StatusOr<fl::PartialState> state = fl::BuildPartial(journey, shard, 1);
      fl::fuzz::Check(state.ok(), "a real shard does not analyse", state.status().ToString());
      f->shard_states.push_back(fl::EncodePartial(*state));
      states.push_back(*std::move(state));
    }
    absl::StatusOr<fl::PartialState> merged = fl::MergePartials(std::move(states));
    fl::fuzz::Check(merged.ok(), "the real states do not merge", merged.status().ToString());
    f->merged = fl::EncodePartial(*merged);
    return f;
  }();
  return *fixture;
}

// The bytes with the state's context re-fingerprinted, in the same form (unchanged when
// they do not parse).
std::string Refingerprinted(std::string_view bytes) {
  const bool binary = bytes.substr(0, kMagic.size()) == kMagic;
  nlohmann::json j;
  try {  // nlohmann throws on some bytes (an object longer than memory) even when told not to
    j = binary ? nlohmann::json::from_cbor(bytes.substr(kMagic.size()), true, /*allow_exceptions=*/false)
               : nlohmann::json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  } catch (const std::exception&) {
    return std::string(bytes);
  }
  if (!j.is_object() || !j.contains("context")) return std::string(bytes);
  fl::fuzz::Refingerprint(&j["context"]);
  if (!binary) return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out(kMagic);
  nlohmann::json::to_cbor(j, out);
  return out;
}

void WriteSeeds(const char* dir) {
  const Fixture& f = GetFixture();
  auto write = [&](const std::string& name, char mode, const std::string& bytes) {
    std::ofstream(absl::StrCat(dir, "/", name), std::ios::binary) << mode << bytes;
  };
  auto json_view = [](const std::string& bytes) { return fl::fuzz::Dump(fl::PartialToJson(Decode(bytes))); };
  for (size_t i = 0; i < f.shard_states.size(); ++i) {
    write(absl::StrCat("shard-", i, ".cbor"), '\0', f.shard_states[i]);
  }
  write("shard-0.json", '\0', json_view(f.shard_states[0]));
  write("merged.cbor", '\0', f.merged);
  write("merged-forged.cbor", '\1', f.merged);
  write("shard-1-forged.json", '\1', json_view(f.shard_states[1]));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (const char* dir = std::getenv("FL_FUZZ_WRITE_SEEDS")) {
    WriteSeeds(dir);
    std::exit(0);
  }
  (void)GetFixture();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const Fixture& f = GetFixture();
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string forged;
  if (data[0] & 1) {
    forged = Refingerprinted(rest);
    rest = forged;
  }

  absl::StatusOr<fl::PartialState> read = fl::DecodePartial(rest, "fuzz.flpartial");
  if (!read.ok()) {
    fl::fuzz::Check(!read.status().message().empty(), "a refusal without a message");
    return 0;
  }
  const std::string encoded = fl::EncodePartial(*read);
  absl::StatusOr<fl::PartialState> again = fl::DecodePartial(encoded, "again.flpartial");
  fl::fuzz::Check(again.ok(), "an accepted state's own bytes are refused", again.status().ToString());
  fl::fuzz::Check(fl::EncodePartial(*again) == encoded, "an accepted state does not round-trip");

  fl::fuzz::ReportOrCleanRefusal(*read);

  for (const std::string& real : f.shard_states) {
    absl::StatusOr<fl::PartialState> ab = fl::MergePartials({Decode(encoded), Decode(real)});
    absl::StatusOr<fl::PartialState> ba = fl::MergePartials({Decode(real), Decode(encoded)});
    fl::fuzz::Check(ab.ok() == ba.ok(), "a merge is accepted in one order and refused in the other",
                    absl::StrCat(ab.status().ToString(), "\n", ba.status().ToString()));
    if (!ab.ok()) {
      fl::fuzz::Check(!ab.status().message().empty() && !ba.status().message().empty(), "a merge refused without a message");
      continue;
    }
    const std::string merged = fl::EncodePartial(*ab);
    fl::fuzz::Check(fl::EncodePartial(*ba) == merged, "the merge is not commutative");
    fl::fuzz::ReportOrCleanRefusal(*ab);
  }
  return 0;
}

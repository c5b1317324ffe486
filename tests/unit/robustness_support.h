#ifndef FRICTIONLENS_TESTS_UNIT_ROBUSTNESS_SUPPORT_H_
#define FRICTIONLENS_TESTS_UNIT_ROBUSTNESS_SUPPORT_H_

// Shared by the robustness_*_test.cc files: a deterministic random stream, the
// inputs (generated demo store, a pv/cart/buy journey for Taobao) and one helper
// that runs fl::Analyzer over files fed in chosen chunk sizes and checks the
// invariants every run must keep, whatever the bytes:
//   - a fatal problem is a Status with a message (never a crash or a hang);
//   - a report keeps every row: input.rows == input.events + input.rejected;
//   - every kept rejection names an input file, a line >= 1 and a reason;
//   - the report JSON is valid JSON (valid UTF-8 even for invalid input bytes).

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "core/analyzer.h"
#include "core/demo/demo_store.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace fl::testing {

// splitmix64: the same numbers on every platform and standard library.
class TestRandom {
 public:
  explicit TestRandom(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n); n > 0.
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }
  bool OneIn(size_t n) { return Below(n) == 0; }

 private:
  uint64_t state_;
};

using Files = std::vector<std::pair<std::string, std::string>>;

// The Taobao journey of tests/cases/taobao_journey.json, inline so that a test never
// depends on the working directory.
inline constexpr const char kTaobaoJourney[] = R"json({
  "name": "Taobao: view, cart, buy",
  "window": "1h",
  "order": "ordered",
  "steps": [
    {"name": "Product view", "event": "pv"},
    {"name": "Cart", "event": "cart"},
    {"name": "Buy", "event": "buy"}
  ]
})json";

inline AnalyzerOptions StoreOptions() { return AnalyzerOptions{}; }

inline AnalyzerOptions TaobaoOptions() {
  AnalyzerOptions options;
  options.journey = kTaobaoJourney;
  options.ingest.columns = {"user_id", "item_id", "category_id", "behavior", "timestamp"};
  return options;
}

// Pv/cart/buy events in a small CSV with a header (user_id,timestamp,event).
inline AnalyzerOptions PvCartBuyOptions() {
  AnalyzerOptions options;
  options.journey = kTaobaoJourney;
  return options;
}

inline std::string DemoCsv(int64_t users, uint64_t seed) {
  std::string out = DemoCsvHeader();
  DemoStoreOptions options;
  options.users = users;
  options.seed = seed;
  GenerateDemoStore(options, [&](const DemoEvent& e) { AppendDemoCsvRow(e, &out); });
  return out;
}

inline std::string DemoJsonl(int64_t users, uint64_t seed) {
  std::string out;
  DemoStoreOptions options;
  options.users = users;
  options.seed = seed;
  GenerateDemoStore(options, [&](const DemoEvent& e) { AppendDemoJsonLine(e, &out); });
  return out;
}

// How a file's bytes are handed to Feed: all at once (seed 0), or in random chunk
// sizes drawn from `seed` (mostly small, some large, now and then a single byte).
inline std::vector<std::string_view> Chunks(std::string_view bytes, uint64_t seed) {
  std::vector<std::string_view> chunks;
  if (seed == 0) {
    chunks.push_back(bytes);
    return chunks;
  }
  TestRandom random(seed);
  size_t at = 0;
  while (at < bytes.size()) {
    size_t size;
    switch (random.Below(4)) {
      case 0: size = 1; break;
      case 1: size = 1 + random.Below(16); break;
      case 2: size = 1 + random.Below(4096); break;
      default: size = 1 + random.Below(256 * 1024); break;
    }
    size = std::min(size, bytes.size() - at);
    chunks.push_back(bytes.substr(at, size));
    at += size;
  }
  return chunks;
}

// What one run produced.
struct RunResult {
  absl::Status status;        // first error from any call
  bool ingest_error = false;  // the error came from BeginFile / Feed / EndFile
  std::string json;           // the rendered report when status is OK
  nlohmann::ordered_json report;
};

inline RunResult RunAnalyzer(const AnalyzerOptions& options, const Files& files, uint64_t chunk_seed) {
  RunResult result;
  absl::StatusOr<std::unique_ptr<Analyzer>> analyzer = Analyzer::Create(options);
  if (!analyzer.ok()) {
    result.status = analyzer.status();
    return result;
  }
  uint64_t seed = chunk_seed;
  for (const auto& [name, bytes] : files) {
    absl::Status s = (*analyzer)->BeginFile(name);
    for (std::string_view chunk : Chunks(bytes, seed)) {
      if (!s.ok()) break;
      s = (*analyzer)->Feed(chunk);
    }
    if (s.ok()) s = (*analyzer)->EndFile();
    if (!s.ok()) {
      result.status = s;
      result.ingest_error = true;
      return result;
    }
    if (seed != 0) seed = seed * 31 + 7;  // each file chunked differently
  }
  absl::StatusOr<Analysis> analysis = (*analyzer)->Finish();
  if (!analysis.ok()) {
    result.status = analysis.status();
    return result;
  }
  result.report = analysis->report;
  result.json = RenderReportJson(analysis->report);
  return result;
}

// The invariants of the file comment; `where` says which case failed.
inline void ExpectSane(const RunResult& run, const Files& files, const std::string& where) {
  if (!run.status.ok()) {
    EXPECT_FALSE(run.status.message().empty()) << where;
    if (run.ingest_error) {
      // Ingest errors name the file they are about.
      bool names_file = false;
      for (const auto& [name, bytes] : files) names_file = names_file || absl::StrContains(run.status.message(), name);
      EXPECT_TRUE(names_file) << where << ": " << run.status;
    }
    return;
  }
  const auto& input = run.report["input"];
  ASSERT_TRUE(input.is_object()) << where;
  const int64_t rows = input["rows"].get<int64_t>();
  const int64_t events = input["events"].get<int64_t>();
  const int64_t rejected = input["rejected"].get<int64_t>();
  EXPECT_EQ(rows, events + rejected) << where;
  EXPECT_GE(events, 0) << where;
  EXPECT_GE(rejected, 0) << where;
  EXPECT_LE(input["rejections"].size(), static_cast<size_t>(rejected)) << where;
  for (const auto& r : input["rejections"]) {
    bool known_file = false;
    for (const auto& [name, bytes] : files) known_file = known_file || r["file"] == name;
    EXPECT_TRUE(known_file) << where << ": " << r.dump();
    EXPECT_GE(r["line"].get<int64_t>(), 1) << where << ": " << r.dump();
    EXPECT_GE(r["column"].get<int64_t>(), 0) << where << ": " << r.dump();
    EXPECT_FALSE(r["reason"].get<std::string>().empty()) << where << ": " << r.dump();
  }
  const nlohmann::json reparsed = nlohmann::json::parse(run.json, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(reparsed.is_discarded()) << where << ": the report is not valid JSON";
}

}  // namespace fl::testing

#endif  // FRICTIONLENS_TESTS_UNIT_ROBUSTNESS_SUPPORT_H_

// Bad input never crashes, hangs or silently loses data (issue 2, item 7), through
// fl::Analyzer: generated demo CSV and JSON Lines and real Taobao bytes, corrupted at
// random with fixed seeds, fed in random chunk sizes. Every run must end in a report
// or a clear Status (robustness_support.h lists the invariants), and the report bytes
// (or the error) must not depend on where the chunk boundaries fall.

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/ingest/input_sniffer.h"
#include "gtest/gtest.h"
#include "unit/robustness_support.h"
#include "unit/test_paths.h"

namespace fl {
namespace {

using ::fl::testing::Files;
using ::fl::testing::RunAnalyzer;
using ::fl::testing::RunResult;
using ::fl::testing::TestRandom;

// ---- corruptions: each edits `bytes` in place, drawing positions from `random` ----

size_t Position(const std::string& bytes, TestRandom& random) { return random.Below(bytes.size() + 1); }

void FlipBytes(std::string& bytes, TestRandom& random) {
  const size_t n = 1 + random.Below(30);
  for (size_t i = 0; i < n && !bytes.empty(); ++i) {
    bytes[random.Below(bytes.size())] ^= static_cast<char>(1 + random.Below(255));
  }
}

void InsertBytes(std::string& bytes, TestRandom& random) {
  const size_t n = 1 + random.Below(30);
  for (size_t i = 0; i < n; ++i) {
    std::string inserted(1 + random.Below(8), '\0');
    for (char& c : inserted) c = static_cast<char>(random.Below(256));
    bytes.insert(Position(bytes, random), inserted);
  }
}

void DeleteBytes(std::string& bytes, TestRandom& random) {
  const size_t n = 1 + random.Below(30);
  for (size_t i = 0; i < n && !bytes.empty(); ++i) {
    const size_t at = random.Below(bytes.size());
    bytes.erase(at, 1 + random.Below(64));
  }
}

// Cuts lines short (the rest of the line up to its newline is lost), joins lines by
// deleting their newline, and cuts the file itself mid-line.
void CutLines(std::string& bytes, TestRandom& random) {
  const size_t n = 1 + random.Below(20);
  for (size_t i = 0; i < n && !bytes.empty(); ++i) {
    const size_t at = random.Below(bytes.size());
    const size_t nl = bytes.find('\n', at);
    if (nl == std::string::npos) continue;
    if (random.OneIn(3)) {
      bytes.erase(nl, 1);
    } else {
      bytes.erase(at, nl - at);
    }
  }
  bytes.resize(bytes.size() - random.Below(std::min<size_t>(bytes.size(), 200)));
}

void StrayQuotes(std::string& bytes, TestRandom& random) {
  const size_t n = 1 + random.Below(12);
  for (size_t i = 0; i < n; ++i) bytes.insert(Position(bytes, random), 1, '"');
}

// NUL bytes after the sniffed prefix, where binary detection no longer looks.
void NulsBeyondSniff(std::string& bytes, TestRandom& random) {
  ASSERT_GT(bytes.size(), kSniffBytes + 1000) << "the base input must be longer than the sniffed prefix";
  const size_t n = 1 + random.Below(10);
  for (size_t i = 0; i < n; ++i) {
    const size_t at = kSniffBytes + random.Below(bytes.size() - kSniffBytes);
    if (random.OneIn(2)) {
      bytes[at] = '\0';
    } else {
      bytes.insert(at, std::string(1 + random.Below(100), '\0'));
    }
  }
}

// A 1 MB field: inserted just after a delimiter (CSV) or a string's opening quote
// (JSON), so that it lands inside one value.
void GiantField(std::string& bytes, TestRandom& random) {
  const size_t start = random.Below(bytes.size());
  size_t at = bytes.find_first_of(",\"", start);
  if (at == std::string::npos) at = bytes.size() - 1;
  bytes.insert(at + 1, std::string(1 << 20, static_cast<char>('a' + random.Below(26))));
}

// A 3 MB line of field-like text with no newline.
void VeryLongLine(std::string& bytes, TestRandom& random) {
  std::string line;
  while (line.size() < (3u << 20)) line += random.OneIn(2) ? "abc," : "1511658000;pv|";
  const size_t nl = bytes.find('\n', random.Below(bytes.size()));
  bytes.insert(nl == std::string::npos ? bytes.size() : nl + 1, line);
}

// Lines of deeply nested JSON: 200,000 arrays, 100,000 objects with keys, and a
// nested value inside an otherwise valid event object.
void DeepJson(std::string& bytes, TestRandom& random) {
  const size_t depth = 1 + random.Below(200000);
  std::string arrays = std::string(depth, '[') + std::string(depth, ']') + "\n";
  std::string objects;
  const size_t object_depth = 1 + random.Below(100000);
  for (size_t i = 0; i < object_depth; ++i) objects += "{\"a\":";
  objects += "1" + std::string(object_depth, '}') + "\n";
  std::string inside = "{\"user_id\":\"deep\",\"timestamp\":\"2026-11-02T00:00:00Z\",\"event\":\"page_view\",\"x\":";
  const size_t inner = 1 + random.Below(50000);
  inside += std::string(inner, '[') + "0" + std::string(inner, ']') + "}\n";
  for (const std::string* line : {&arrays, &objects, &inside}) {
    const size_t nl = bytes.find('\n', random.Below(bytes.size()));
    bytes.insert(nl == std::string::npos ? bytes.size() : nl + 1, *line);
  }
}

// Invalid UTF-8 of every kind: stray continuation bytes, overlong forms, surrogates,
// code points above U+10FFFF, truncated sequences (also at the very end).
void InvalidUtf8(std::string& bytes, TestRandom& random) {
  static const char* const kBad[] = {"\x80", "\xBF\xBF", "\xC0\x80", "\xC1\xBF", "\xE0\x80\x80", "\xED\xA0\x80",
                                     "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xFF", "\xFE\xFF", "\xE2\x82",
                                     "\xF0\x9F\x98"};
  const size_t n = 1 + random.Below(40);
  for (size_t i = 0; i < n; ++i) bytes.insert(Position(bytes, random), kBad[random.Below(std::size(kBad))]);
  bytes += "\xF0\x9F";
}

struct Corruption {
  const char* name;
  std::function<void(std::string&, TestRandom&)> apply;
};

const std::vector<Corruption>& Corruptions() {
  static const std::vector<Corruption> kAll = {
      {"flip_bytes", FlipBytes},     {"insert_bytes", InsertBytes}, {"delete_bytes", DeleteBytes},
      {"cut_lines", CutLines},       {"stray_quotes", StrayQuotes}, {"nuls_beyond_64k", NulsBeyondSniff},
      {"giant_field", GiantField},   {"very_long_line", VeryLongLine}, {"deep_json", DeepJson},
      {"invalid_utf8", InvalidUtf8},
  };
  return kAll;
}

// ---- the inputs ----

struct Base {
  std::string name;  // also the file name given to the analyzer
  AnalyzerOptions options;
  std::string bytes;
};

Base DemoCsvBase() { return {"demo.csv", testing::StoreOptions(), testing::DemoCsv(100, 7)}; }
Base DemoJsonlBase() { return {"demo.jsonl", testing::StoreOptions(), testing::DemoJsonl(60, 7)}; }

// The first 96 KiB of the Taobao flink subset, cut at a line end (the real cut-off
// last line is tested by the CLI test).
bool TaobaoBase(Base* base) {
  std::string all;
  if (!testing::ReadFile(testing::SharedData("taobao/UserBehavior_flink_subset.csv"), &all)) return false;
  all.resize(all.rfind('\n', 96 * 1024) + 1);
  *base = {"taobao.csv", testing::TaobaoOptions(), std::move(all)};
  return true;
}

// OTTO sessions (one JSON object per session, events nested), repeated past the
// sniffed prefix.
bool OttoBase(Base* base) {
  std::string one;
  if (!testing::ReadFile(testing::SharedData("otto/train_head.jsonl"), &one)) return false;
  AnalyzerOptions options;
  options.journey = R"({"window": "1d", "steps": [{"name": "Click", "event": "clicks"},
      {"name": "Cart", "event": "carts"}, {"name": "Order", "event": "orders"}]})";
  std::string bytes;
  while (bytes.size() < kSniffBytes + 20000) bytes += one;
  *base = {"otto.jsonl", options, std::move(bytes)};
  return true;
}

// Corrupts `base` with every corruption under each seed and checks the invariants
// and that three chunkings (whole, two random ones) agree byte for byte.
void CheckCorruptions(const Base& base, const std::vector<uint64_t>& seeds) {
  // The uncorrupted input first: every line is a row and none is rejected.
  {
    const Files files = {{base.name, base.bytes}};
    RunResult clean = RunAnalyzer(base.options, files, 0);
    ASSERT_TRUE(clean.status.ok()) << clean.status;
    EXPECT_EQ(clean.report["input"]["rejected"], 0);
    int64_t lines = std::count(base.bytes.begin(), base.bytes.end(), '\n');
    if (base.name == "demo.csv") --lines;  // the header row
    if (base.name != "otto.jsonl") EXPECT_EQ(clean.report["input"]["rows"], lines);  // OTTO: a row per event
    RunResult chunked = RunAnalyzer(base.options, files, 99);
    EXPECT_EQ(clean.json, chunked.json);
  }
  int reports = 0, errors = 0;
  for (const Corruption& corruption : Corruptions()) {
    for (uint64_t seed : seeds) {
      const std::string where = absl::StrCat(base.name, " ", corruption.name, " seed ", seed);
      SCOPED_TRACE(where);
      TestRandom random(seed);
      std::string bytes = base.bytes;
      corruption.apply(bytes, random);
      const Files files = {{base.name, bytes}};
      RunResult whole = RunAnalyzer(base.options, files, 0);
      testing::ExpectSane(whole, files, where);
      for (uint64_t chunk_seed : {seed * 1000 + 1, seed * 1000 + 2}) {
        RunResult chunked = RunAnalyzer(base.options, files, chunk_seed);
        testing::ExpectSane(chunked, files, where);
        ASSERT_EQ(whole.status, chunked.status) << where << " chunk seed " << chunk_seed;
        ASSERT_EQ(whole.json, chunked.json) << where << " chunk seed " << chunk_seed;
      }
      ++(whole.status.ok() ? reports : errors);
    }
  }
  // Most corruptions damage rows, not the whole file: they must give reports (the
  // NULs past the sniffed prefix end in an error naming the byte and line, or a report).
  EXPECT_GT(reports, static_cast<int>(Corruptions().size() * seeds.size() / 2)) << errors << " errors";
}

TEST(RobustnessCorruptionTest, DemoCsv) { CheckCorruptions(DemoCsvBase(), {1, 2, 3}); }

TEST(RobustnessCorruptionTest, DemoJsonLines) { CheckCorruptions(DemoJsonlBase(), {1, 2, 3}); }

TEST(RobustnessCorruptionTest, TaobaoBytes) {
  Base base;
  if (!TaobaoBase(&base)) GTEST_SKIP() << "shared data not found: " << testing::SharedData("taobao");
  CheckCorruptions(base, {1, 2});
}

TEST(RobustnessCorruptionTest, OttoSessions) {
  Base base;
  if (!OttoBase(&base)) GTEST_SKIP() << "shared data not found: " << testing::SharedData("otto");
  CheckCorruptions(base, {1, 2});
}

// Several corruptions on top of each other, over several files at once.
TEST(RobustnessCorruptionTest, StackedCorruptionsAcrossFiles) {
  const Base csv = DemoCsvBase();
  const Base jsonl = DemoJsonlBase();
  for (uint64_t seed = 10; seed < 14; ++seed) {
    TestRandom random(seed);
    Files files;
    for (int f = 0; f < 3; ++f) {
      std::string bytes = (f == 1 ? jsonl : csv).bytes;
      for (int k = 0; k < 3; ++k) {
        const Corruption& corruption = Corruptions()[random.Below(Corruptions().size())];
        if (std::string(corruption.name) == "nuls_beyond_64k" && bytes.size() <= kSniffBytes + 1000) continue;
        corruption.apply(bytes, random);
      }
      files.emplace_back(absl::StrCat("part", f, f == 1 ? ".jsonl" : ".csv"), std::move(bytes));
    }
    const std::string where = absl::StrCat("stacked seed ", seed);
    RunResult whole = RunAnalyzer(testing::StoreOptions(), files, 0);
    testing::ExpectSane(whole, files, where);
    RunResult chunked = RunAnalyzer(testing::StoreOptions(), files, seed);
    testing::ExpectSane(chunked, files, where);
    EXPECT_EQ(whole.status, chunked.status) << where;
    EXPECT_EQ(whole.json, chunked.json) << where;
  }
}

// A JSON Lines row nesting objects 1.5 million deep (9 MB) is one rejected row, read
// in linear time (each level used to copy the dotted key path: minutes).
TEST(RobustnessCorruptionTest, DeeplyNestedObjectLineIsRejectedQuickly) {
  const size_t depth = 1500000;
  std::string bytes = "{\"user_id\":\"u\",\"timestamp\":1700000000,\"event\":\"product_view\"}\n";
  bytes.reserve(depth * 6 + 100);
  for (size_t i = 0; i < depth; ++i) bytes += "{\"a\":";
  bytes += "1" + std::string(depth, '}') + "\n";
  const Files files = {{"deep.jsonl", bytes}};
  RunResult run = RunAnalyzer(testing::StoreOptions(), files, 0);
  testing::ExpectSane(run, files, "deep objects");
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_EQ(run.report["input"]["rows"], 2);
  EXPECT_EQ(run.report["input"]["rejected"], 1);
  ASSERT_EQ(run.report["input"]["rejections"].size(), 1u);
  EXPECT_EQ(run.report["input"]["rejections"][0]["line"], 2);
  EXPECT_EQ(run.report["input"]["rejections"][0]["reason"], "objects nested deeper than 64 levels");
}

}  // namespace
}  // namespace fl

// Inputs the libFuzzer targets in fuzz/ found (docs/fuzzing.md), minimised, each
// pinned here with the behaviour it now has. Named by target and what broke.

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <utility>

#include "core/ingest/event_table_builder.h"
#include "core/input_quality/input_quality_section.h"
#include "core/json/json_reader.h"
#include "core/ingest/jsonl_reader.h"
#include "core/demo/demo_store.h"
#include "core/report/report_builder.h"
#include "core/scaleout/partial_state.h"
#include "core/scaleout/table_shard.h"
#include "gtest/gtest.h"

namespace fl {
namespace {

// jsonl_reader_fuzzer: the fast path kept a float's written form without asking
// whether it is finite, so it accepted {"price":1e400} while the SAX path (and so
// every line that takes it, e.g. one with an escape) refuses it as a number overflow.
// Now floats with an exponent or more than 18 integer digits take the SAX path.
TEST(FuzzRegressions, JsonlNumberOverflowIsRefusedByBothPaths) {
  for (const std::string line : {R"({"u":"a","price":1e400})", R"({"price":12.5777777e7777777777777770,"ok":true})",
                                 R"({"p":-1E+999})"}) {
    FlatObject fast, sax;
    std::string fast_error, sax_error;
    EXPECT_FALSE(FlattenJsonLine(line, &fast, &fast_error)) << line;
    EXPECT_FALSE(FlattenJsonLineSax(line, &sax, &sax_error)) << line;
    EXPECT_EQ(fast_error, sax_error) << line;
  }
  // Finite floats in every spelling still read the same both ways, as written.
  for (const std::string line : {R"({"a":1e3,"b":2.5E-7,"c":-0.0,"d":1234567890123456789.5})"}) {
    FlatObject fast, sax;
    std::string error;
    ASSERT_TRUE(FlattenJsonLine(line, &fast, &error)) << error;
    ASSERT_TRUE(FlattenJsonLineSax(line, &sax, &error)) << error;
    ASSERT_EQ(fast.size, 4u);
    ASSERT_EQ(sax.size, 4u);
    for (size_t i = 0; i < 4; ++i) EXPECT_EQ(fast.values[i], sax.values[i]) << fast.keys[i];
    EXPECT_EQ(fast.values[0], "1e3");
    EXPECT_EQ(fast.values[3], "1234567890123456789.5");
  }
}

// The same line in a file: rejected with a reason and counted, whichever path read it.
TEST(FuzzRegressions, JsonlNumberOverflowIsARejectedRow) {
  EventTableBuilder builder({});
  ASSERT_TRUE(builder.BeginFile("f.jsonl").ok());
  ASSERT_TRUE(builder
                  .Feed("{\"user_id\":\"u1\",\"event\":\"view\",\"timestamp\":1700000000,\"price\":1e400}\n"
                        "{\"user_id\":\"u1\",\"event\":\"cart\",\"timestamp\":1700000060,\"price\":2.5}\n")
                  .ok());
  ASSERT_TRUE(builder.EndFile().ok());
  absl::StatusOr<EventTable> t = builder.Finish();
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->input.rows, 2);
  EXPECT_EQ(t->input.rejected, 1);
  EXPECT_EQ(t->size(), 1u);
  ASSERT_EQ(t->input.rejections.size(), 1u);
  EXPECT_EQ(t->input.rejections[0].line, 1);
}

// partial_state_fuzzer: an input_quality partial state with 1,565,918,013 users of
// 1,794,683,536,980 events each was accepted, and Finalize overflowed the event total
// (signed overflow, UBSan). Counts must now be 1..2^63-1 and add up within 2^63, and
// merging two states that fit alone but not together is refused.
TEST(FuzzRegressions, InputQualityStateWithImpossibleCountsIsRefused) {
  const InputQualitySettings settings;
  auto state = [&](const std::string& users_by_events) {
    return InputQualityState::FromJson(settings, nlohmann::json::parse(
        R"({"kind": "frictionlens.input_quality_state/1", "settings": {"percentiles": [50.0, 90.0, 99.0]},
            "rows": 147, "rejected": 0, "duplicate_events": 0, "rejected_by_kind": {}, "files": [],
            "users_by_events": )" + users_by_events + "}"));
  };
  absl::StatusOr<InputQualityState> found = state("[[5, 1], [1565918013, 1794683536980]]");
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.status().message(), "input_quality state: users_by_events: more events than a table can hold (2^63)");
  EXPECT_FALSE(state("[[0, 3]]").ok());                     // a user has at least one event
  EXPECT_FALSE(state("[[-2, 3]]").ok());
  EXPECT_FALSE(state("[[2, 18446744073709551615]]").ok());  // above 2^63 - 1
  absl::StatusOr<InputQualityState> half = state("[[4611686018427387904, 1]]");  // 2^62 events
  ASSERT_TRUE(half.ok()) << half.status();
  absl::StatusOr<InputQualityState> other = state("[[4611686018427387904, 1]]");
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(half->MergeShard(std::move(*other)).ok());  // 2^63 together: refused
  absl::StatusOr<InputQualityState> fine = state("[[5, 1], [2, 1]]");
  ASSERT_TRUE(fine.ok());
  EXPECT_EQ(fine->Finalize()["events"], 7);
}

// partial_state_fuzzer: {"kind": 0, ...} made json::value("kind", "") throw
// type_error (a number is no string) out of the experiment state's reader, and the same
// call sat in every section's reader: the process aborted. Now a wrong kind of any type
// is a refusal with a message, in every section.
TEST(FuzzRegressions, APartialStateWhoseKindIsNoStringIsRefused) {
  EXPECT_EQ(JsonReader::StringOr(nlohmann::json::parse(R"({"kind": 0})"), "kind"), "");
  EXPECT_EQ(JsonReader::StringOr(nlohmann::json::parse(R"([1])"), "kind"), "");
  EXPECT_EQ(JsonReader::StringOr(nlohmann::json::parse(R"({"kind": "x"})"), "kind"), "x");
  absl::StatusOr<InputQualityState> state =
      InputQualityState::FromJson(InputQualitySettings(), nlohmann::json::parse(R"({"kind": 0})"));
  ASSERT_FALSE(state.ok());
  EXPECT_EQ(state.status().message(), "input_quality state: kind: expected \"frictionlens.input_quality_state/1\"");
}

// table_shard_fuzzer's harness (found reading the code for it, then replayed through the
// fuzzer: UBSan, signed overflow): the shard file's time column holds each row's step from
// the row before, and the reader added a step of up to 2^63 from the file to the time
// before it (and the writer subtracted times whose difference a forged context's range
// lets pass 2^63). Steps are now taken modulo 2^64 both ways: a forged step gives some
// time, which the order and range checks refuse, and times at both ends of int64 write
// and read back.
TEST(FuzzRegressions, ShardTimeStepsBeyondInt64DoNotOverflow) {
  DemoStoreOptions options;
  options.users = 4;
  options.seed = 7;
  options.days = 14;
  options.experiment = true;  // the columns DemoCsvHeader(true, true) names
  options.checkout_form = true;
  std::string csv = DemoCsvHeader(true, true);
  GenerateDemoStore(options, [&](const DemoEvent& e) { AppendDemoCsvRow(e, &csv); });
  EventTableBuilder builder{IngestOptions()};
  ASSERT_TRUE(builder.Feed(csv).ok());
  absl::StatusOr<EventTable> table = builder.Finish();
  ASSERT_TRUE(table.ok()) << table.status();
  ASSERT_GE(table->user_count(), 2u);
  ASSERT_GE(table->user_begin[1], 2u);  // the first user has two rows
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min(), kMax = std::numeric_limits<int64_t>::max();

  // A step of 2^63 - 1 after the first row: the time wraps below the first, out of order.
  auto context = std::make_shared<const ScaleoutContext>(ScaleoutContext::Of(*table, InputSectionToJson(*table)));
  TableShard shard = SplitTable(*table, 1, context)[0];
  shard.table.time_ms[1] = kMin + (shard.table.time_ms[0] - 1);
  absl::StatusOr<TableShard> read = ReadTableShard(WriteTableShard(shard), "s.fltable");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().message(),
            "s.fltable: not a shard file this build can read: user \"" + table->users.Value(0) + "\": times out of order");

  // A context from -2^63 to 2^63 - 1 (fingerprinted again, as a forger would), the first
  // user's rows at its start and the second user's at its end: a step of 2^64 - 1.
  ScaleoutContext wide = *context;
  wide.first_time_ms = kMin;
  wide.last_time_ms = kMax;
  wide.input_id = wide.Fingerprint();
  TableShard ends = SplitTable(*table, 1, std::make_shared<const ScaleoutContext>(wide))[0];
  for (uint32_t row = 0; row < ends.table.size(); ++row) ends.table.time_ms[row] = row < ends.table.user_begin[1] ? kMin : kMax;
  const std::string bytes = WriteTableShard(ends);
  read = ReadTableShard(bytes, "s.fltable");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->table.time_ms, ends.table.time_ms);
  EXPECT_EQ(WriteTableShard(*read), bytes);
}

// partial_file_fuzzer (its commutativity check, on a hand-edited seed: the 5-minute run
// did not reach it): a state whose context's input stats were edited kept its input_id,
// which did not cover them, so it merged with the other shards' states and the sum took
// the stats of whichever state came first (merging was not commutative) and the report's
// input quality the edit. The fingerprint now covers the input stats too.
TEST(FuzzRegressions, EditedInputStatsDoNotPassAsTheSameInput) {
  EventTable table;
  table.user_begin.push_back(0);
  table.user_first_session.push_back(0);
  table.input.rows = 41;
  table.input.files = {"store.csv"};
  ScaleoutContext context = ScaleoutContext::Of(table, InputSectionToJson(table));
  ASSERT_TRUE(ContextFromJson(ContextToJson(context)).ok());
  nlohmann::json edited = ContextToJson(context);
  edited["input"]["rows"] = 1041;
  absl::StatusOr<ScaleoutContext> read = ContextFromJson(edited);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().message(), "context: its fields do not match its input_id (edited or damaged)");
  context.input.rows = 1041;
  EXPECT_NE(context.Fingerprint(), context.input_id);
}

// partial_file_fuzzer (third 5-minute run, 2026-12-04): a state whose context held
// "first_time_ms": 1.79362e+57 reached nlohmann's get<int64_t>, whose conversion of a
// float out of range is undefined (UBSan); shard counts and numbers (get<uint32_t>) and the
// shard file's header counts were read the same way, and took 2^32 + 1 as 1. The context's
// numbers must now be integers, and shard counts and numbers integers below 2^32.
TEST(FuzzRegressions, FloatsWhereAStateOrShardHoldsIntegersAreRefused) {
  EventTable table;
  table.user_begin.push_back(0);
  table.user_first_session.push_back(0);
  const ScaleoutContext context = ScaleoutContext::Of(table, InputSectionToJson(table));
  nlohmann::json edited = ContextToJson(context);
  edited["first_time_ms"] = 1.79362e+57;
  absl::StatusOr<ScaleoutContext> read = ContextFromJson(edited);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().message(), "context: a number that is not an integer");
  edited = ContextToJson(context);
  edited["input"]["rows"] = 1e300;
  EXPECT_FALSE(ContextFromJson(edited).ok());

  PartialState state;
  state.journey_json = "{}";
  state.context = std::make_shared<const ScaleoutContext>(context);
  state.shards = {0};
  ASSERT_TRUE(DecodePartial(PartialToJson(state).dump(), "s.json").ok());
  for (const nlohmann::json& count : {nlohmann::json(1e300), nlohmann::json(1.0), nlohmann::json(4294967297u)}) {
    nlohmann::json j = PartialToJson(state);
    j["shard_count"] = count;
    absl::StatusOr<PartialState> decoded = DecodePartial(j.dump(), "s.json");
    ASSERT_FALSE(decoded.ok()) << count;
    EXPECT_NE(decoded.status().message().find("expected an integer from 0 to 2^32 - 1"), std::string::npos)
        << decoded.status().message();
  }
  nlohmann::json j = PartialToJson(state);
  j["shards"] = {-1.5e300};
  EXPECT_FALSE(DecodePartial(j.dump(), "s.json").ok());
}

// partial_file_fuzzer (fourth 5-minute run, 2026-12-04, its commutativity check): a
// state whose input_quality section said the file's last time was 1794582647044 instead
// of ...040 merged with the other shard's real state, and the sum kept the file stats of
// whichever state came first: every shard's state carries the whole input's rows,
// rejections and files, and the merge did not compare them. Now it refuses to merge
// states that disagree, both ways round.
TEST(FuzzRegressions, InputQualityStatesOfAnotherInputDoNotMerge) {
  const InputQualitySettings settings;
  auto state = [&](int rows, int64_t last_time_ms) {
    absl::StatusOr<InputQualityState> s = InputQualityState::FromJson(settings, nlohmann::json::parse(
        R"({"kind": "frictionlens.input_quality_state/1", "settings": {"percentiles": [50.0, 90.0, 99.0]},
            "rows": )" + std::to_string(rows) + R"(, "rejected": 0, "duplicate_events": 0, "rejected_by_kind": {},
            "files": [["store.csv", 41, 0, 41, 1793622841423, )" + std::to_string(last_time_ms) + R"(]],
            "users_by_events": [[5, 1]]})"));
    EXPECT_TRUE(s.ok()) << s.status();
    return *std::move(s);
  };
  for (const auto& [rows, last] : {std::pair<int, int64_t>{41, 1794582647044}, {42, 1794582647040}}) {
    InputQualityState a = state(41, 1794582647040), b = state(rows, last);
    absl::Status ab = a.MergeShard(std::move(b));
    EXPECT_EQ(ab.message(), "input_quality state: merged with a state of another input (rows, rejections or files differ)");
    InputQualityState c = state(41, 1794582647040), d = state(rows, last);
    EXPECT_FALSE(d.MergeShard(std::move(c)).ok());
  }
  InputQualityState same = state(41, 1794582647040);
  EXPECT_TRUE(same.MergeShard(state(41, 1794582647040)).ok());
  EXPECT_EQ(same.Finalize()["events"], 10);
}

}  // namespace
}  // namespace fl

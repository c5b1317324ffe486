// Scale-out: the report of shards analysed apart and merged is the report of the whole
// table, to the byte, however the users are split and the states merged (commutative,
// associative, shard-count invariant), through the binary and the JSON forms; and a
// state that would give a wrong report is refused.

#include "core/scaleout/partial_state.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "core/analyzer.h"
#include "core/demo/demo_store.h"
#include "core/report/journey_report.h"
#include "core/report/journey_sections.h"
#include "core/report/report_builder.h"
#include "gtest/gtest.h"
#include "unit/section_test_support.h"

namespace fl {
namespace {

EventTable DemoTable() {
  DemoStoreOptions options;
  options.users = 600;
  options.seed = 11;
  options.days = 21;
  options.experiment = true;
  options.experiment_cart_lift = 0.05;
  options.checkout_form = true;
  // A malformed row, so that the input section has a rejection to carry.
  return testing::DemoStoreTable(options, "ghost,not-a-time,page_view\n");
}

JourneySpec StoreJourneyWithExperiment() {
  std::string text = BuiltinJourneyJson("store");
  text.insert(1, R"("experiment": {"variant_property": "variant", "exposure_event": "experiment_exposure", "control": "A"}, )");
  absl::StatusOr<JourneySpec> spec = ParseJourneySpec(text);
  EXPECT_TRUE(spec.ok()) << spec.status();
  return *std::move(spec);
}

// "" when equal, else the first line that differs in each (the reports are long).
std::string FirstDifference(const std::string& got, const std::string& want) {
  if (got == want) return "";
  if (const char* dir = std::getenv("FL_TEST_DUMP_DIR")) {  // both reports, to diff by hand
    std::ofstream(std::string(dir) + "/got.json") << got;
    std::ofstream(std::string(dir) + "/want.json") << want;
  }
  size_t line = 1, i = 0;
  while (i < got.size() && i < want.size() && got[i] == want[i]) {
    if (got[i] == '\n') ++line;
    ++i;
  }
  auto line_at = [&](const std::string& s) {
    const size_t begin = s.rfind('\n', i == 0 ? 0 : i - 1);
    const size_t from = begin == std::string::npos ? 0 : begin + 1;
    return s.substr(from, s.find('\n', from) - from);
  };
  return "line " + std::to_string(line) + ": got [" + line_at(got) + "] want [" + line_at(want) + "]";
}

class PartialStateTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    table_ = new EventTable(DemoTable());
    journey_ = new JourneySpec(StoreJourneyWithExperiment());
    absl::StatusOr<nlohmann::ordered_json> report = BuildJourneyReport(*journey_, table_, 1);
    ASSERT_TRUE(report.ok()) << report.status();
    expected_ = new std::string(RenderReportJson(*report));
    context_ = std::make_shared<const ScaleoutContext>(ScaleoutContext::Of(*table_, InputSectionToJson(*table_)));
  }

  static std::vector<PartialState> Partials(uint32_t shards) {
    std::vector<PartialState> out;
    for (const TableShard& shard : SplitTable(*table_, shards, context_)) {
      absl::StatusOr<PartialState> partial = BuildPartial(*journey_, shard, 2);
      EXPECT_TRUE(partial.ok()) << partial.status();
      out.push_back(*std::move(partial));
    }
    return out;
  }

  static std::string Report(const PartialState& state) {
    absl::StatusOr<nlohmann::ordered_json> report = ReportFromPartial(state);
    EXPECT_TRUE(report.ok()) << report.status();
    return report.ok() ? RenderReportJson(*report) : "";
  }

  static PartialState Merge(std::vector<PartialState> states) {
    absl::StatusOr<PartialState> merged = MergePartials(std::move(states));
    EXPECT_TRUE(merged.ok()) << merged.status();
    return *std::move(merged);
  }

  static inline EventTable* table_ = nullptr;
  static inline JourneySpec* journey_ = nullptr;
  static inline std::string* expected_ = nullptr;
  static inline std::shared_ptr<const ScaleoutContext> context_;
};

TEST_F(PartialStateTest, ShardsMergedGiveTheWholeTablesReportForAnyShardCount) {
  for (uint32_t shards : {1u, 2u, 3u, 7u, 64u}) {
    SCOPED_TRACE(shards);
    EXPECT_EQ(FirstDifference(Report(Merge(Partials(shards))), *expected_), "");
  }
}

TEST_F(PartialStateTest, SplitCoversEveryUserOnceInTheWholeTablesOrder) {
  const std::vector<TableShard> shards = SplitTable(*table_, 5, context_);
  size_t users = 0, rows = 0;
  for (const TableShard& shard : shards) {
    users += shard.table.user_count();
    rows += shard.table.size();
    for (uint32_t u = 0; u < shard.table.user_count(); ++u) {
      EXPECT_EQ(ShardOfUser(shard.table.users.Value(u), 5), shard.index);
      if (u > 0) EXPECT_LT(table_->users.Find(shard.table.users.Value(u - 1)), table_->users.Find(shard.table.users.Value(u)));
    }
  }
  EXPECT_EQ(users, table_->user_count());
  EXPECT_EQ(rows, table_->size());
}

TEST_F(PartialStateTest, MergeIsCommutativeAndAssociativeToTheByte) {
  std::vector<PartialState> parts = Partials(5);
  const std::string in_order = EncodePartial(Merge(parts));
  std::mt19937 random(5);
  for (int trial = 0; trial < 4; ++trial) {
    std::vector<PartialState> shuffled = parts;
    std::shuffle(shuffled.begin(), shuffled.end(), random);
    // ((a b) c) (d e) against the order above.
    PartialState left = Merge({Merge({shuffled[0], shuffled[1]}), shuffled[2]});
    PartialState right = Merge({shuffled[3], shuffled[4]});
    EXPECT_EQ(EncodePartial(Merge({right, left})), in_order) << "trial " << trial;
  }
}

TEST_F(PartialStateTest, BinaryAndJsonFormsReadBackToTheSameState) {
  const PartialState merged = Merge(Partials(3));
  const std::string binary = EncodePartial(merged);
  ASSERT_EQ(binary.rfind("frictionlens.partial/1\n", 0), 0u);
  // Written piece by piece, the bytes are CBOR's of the JSON view, as one document.
  std::string whole = "frictionlens.partial/1\n";
  nlohmann::json::to_cbor(PartialToJson(merged), whole);
  EXPECT_TRUE(binary == whole);
  absl::StatusOr<PartialState> from_binary = DecodePartial(binary, "all.state");
  ASSERT_TRUE(from_binary.ok()) << from_binary.status();
  EXPECT_EQ(EncodePartial(*from_binary), binary);
  absl::StatusOr<PartialState> from_json = DecodePartial(PartialToJson(merged).dump(2), "all.json");
  ASSERT_TRUE(from_json.ok()) << from_json.status();
  EXPECT_EQ(EncodePartial(*from_json), binary);
  EXPECT_EQ(FirstDifference(Report(*from_binary), *expected_), "");
}

TEST_F(PartialStateTest, ReportRefusesAStateThatLacksAShard) {
  std::vector<PartialState> parts = Partials(4);
  parts.erase(parts.begin() + 2);
  absl::StatusOr<nlohmann::ordered_json> report = ReportFromPartial(Merge(parts));
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().message(), "the state covers 3 of 4 shards; merge the states of shards 2 into it first");
}

TEST_F(PartialStateTest, MergeRefusesAShardTwiceAnotherJourneyAnotherInputAnotherSplit) {
  std::vector<PartialState> parts = Partials(3);
  absl::StatusOr<PartialState> twice = MergePartials({parts[0], parts[1], parts[1]});
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.status().message(), "shard 1 is in two of the states: its users would count twice");

  PartialState other_journey = parts[1];
  other_journey.journey_json = ParseJourneySpec(BuiltinJourneyJson("store")).value().CanonicalJson();
  EXPECT_EQ(MergePartials({parts[0], other_journey}).status().message(), "state 2 is of another journey than state 1");

  PartialState other_split = Partials(2)[1];
  EXPECT_EQ(MergePartials({parts[0], other_split}).status().message(),
            "state 2 is of a split into 2 shards; state 1 of one into 3");

  auto other_context = std::make_shared<ScaleoutContext>(*context_);
  other_context->last_time_ms += 1;
  other_context->input_id = other_context->Fingerprint();
  PartialState other_input = parts[2];
  other_input.context = other_context;
  absl::StatusOr<PartialState> mixed = MergePartials({parts[0], other_input});
  ASSERT_FALSE(mixed.ok());
  EXPECT_NE(mixed.status().message().find("state 2 is of another input than state 1"), std::string::npos)
      << mixed.status();
}

TEST_F(PartialStateTest, DecodeRefusesDamagedStatesWithTheFileAndTheReason) {
  const std::string binary = EncodePartial(Partials(1)[0]);
  EXPECT_FALSE(DecodePartial(binary.substr(0, binary.size() / 2), "cut.state").ok());
  EXPECT_EQ(DecodePartial("id,time,event\n", "x.csv").status().message(),
            "x.csv: not a partial state this build can use: it starts neither with \"frictionlens.partial/1\" nor "
            "with a JSON object");
  nlohmann::ordered_json j = PartialToJson(Partials(1)[0]);
  j["engine"] = "0.0.1";
  EXPECT_NE(DecodePartial(j.dump(), "old.json").status().message().find("written by frictionlens \"0.0.1\""),
            std::string::npos);
  j = PartialToJson(Partials(1)[0]);
  j["context"]["last_time_ms"] = 1;  // edited: the fingerprint no longer matches
  EXPECT_NE(DecodePartial(j.dump(), "edited.json").status().message().find("do not match its input_id"),
            std::string::npos);
  j = PartialToJson(Partials(2)[0]);
  j["shards"] = {0, 0};
  EXPECT_NE(DecodePartial(j.dump(), "dup.json").status().message().find("not ascending, distinct"), std::string::npos);
}

}  // namespace
}  // namespace fl

// JSON Lines (flattening, arrays as text, invalid lines) and the OTTO importer.

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/ingest/event_table_builder.h"
#include "core/ingest/input_sniffer.h"
#include "core/ingest/jsonl_reader.h"
#include "core/ingest/otto_importer.h"
#include "gtest/gtest.h"
#include "unit/test_paths.h"

namespace fl {
namespace {

absl::StatusOr<EventTable> Build(const std::string& name, const std::string& bytes, const IngestOptions& options = {},
                                 size_t chunk = 0, std::vector<FileSchema>* schemas = nullptr) {
  EventTableBuilder builder(options);
  if (absl::Status s = builder.BeginFile(name); !s.ok()) return s;
  const size_t step = chunk == 0 ? std::max<size_t>(bytes.size(), 1) : chunk;
  for (size_t i = 0; i < bytes.size(); i += step) {
    if (absl::Status s = builder.Feed(std::string_view(bytes).substr(i, step)); !s.ok()) return s;
  }
  if (absl::Status s = builder.EndFile(); !s.ok()) return s;
  auto table = builder.Finish();
  if (schemas != nullptr) *schemas = builder.schemas();
  return table;
}

std::map<std::string, std::string> Flat(const std::string& line) {
  FlatObject flat;
  std::string error;
  EXPECT_TRUE(FlattenJsonLine(line, &flat, &error)) << error;
  std::map<std::string, std::string> out;
  for (size_t i = 0; i < flat.size; ++i) out[flat.keys[i]] = flat.values[i];
  return out;
}

std::string PropertyOf(const EventTable& t, const std::string& name, size_t row) {
  const int p = t.FindProperty(name);
  if (p < 0) return "<no column>";
  return t.properties[p].values.Value(t.properties[p].ids[row]);
}

TEST(IngestJsonlTest, FlattensNestedObjectsAndKeepsArraysAsText) {
  const auto flat = Flat(
      R"({"user":"u1","ts":1700000000,"props":{"page":"/cart","n":2,"deep":{"x":true}},)"
      R"("tags":["a","b\"c"],"mixed":[1,2.50,null,{"k":[false]}],"none":null,"price":9.90})");
  EXPECT_EQ(flat.at("user"), "u1");
  EXPECT_EQ(flat.at("ts"), "1700000000");
  EXPECT_EQ(flat.at("props.page"), "/cart");
  EXPECT_EQ(flat.at("props.n"), "2");
  EXPECT_EQ(flat.at("props.deep.x"), "true");
  EXPECT_EQ(flat.at("tags"), R"(["a","b\"c"])");
  EXPECT_EQ(flat.at("mixed"), R"([1,2.50,null,{"k":[false]}])");
  EXPECT_EQ(flat.at("none"), "");      // null = missing
  EXPECT_EQ(flat.at("price"), "9.90");  // numbers keep their written form
  EXPECT_EQ(flat.size(), 9u);
}

TEST(IngestJsonlTest, RejectsWhatIsNotOneObject) {
  FlatObject flat;
  std::string error;
  EXPECT_FALSE(FlattenJsonLine("[1,2]", &flat, &error));
  EXPECT_EQ(error, "not a JSON object");
  EXPECT_FALSE(FlattenJsonLine("42", &flat, &error));
  EXPECT_EQ(error, "not a JSON object");
  // A bare string was taken as one pair with an empty key (found by comparing against
  // simdjson's On-Demand in bench/jsonl_flatten_bench.cc).
  EXPECT_FALSE(FlattenJsonLine(R"("x")", &flat, &error));
  EXPECT_EQ(error, "not a JSON object");
  EXPECT_FALSE(FlattenJsonLineSax(R"("x")", &flat, &error));
  EXPECT_EQ(error, "not a JSON object");
  EXPECT_FALSE(FlattenJsonLine("null", &flat, &error));
  EXPECT_EQ(error, "not a JSON object");
  EXPECT_FALSE(FlattenJsonLine(R"({"a":1)", &flat, &error));
  EXPECT_NE(error.find("invalid JSON"), std::string::npos);
  EXPECT_FALSE(FlattenJsonLine(R"({"a":1} {"b":2})", &flat, &error));
}

TEST(IngestJsonlTest, BuildsATableAndRejectsInvalidLinesWithTheirLine) {
  const std::string jsonl =
      "{\"distinct_id\":\"u1\",\"event\":\"view\",\"time\":\"2024-01-01T00:00:00Z\",\"properties\":{\"page\":\"/\"}}\n"
      "{\"distinct_id\":\"u2\",\"event\":\"view\",\"time\":1704067201}\r\n"
      "\n"
      "{\"distinct_id\":\"u1\",\"event\":\"buy\",\"time\":1704067202, oops}\n"  // line 4
      "{\"distinct_id\":\"u1\",\"event\":\"buy\",\"time\":1704067203,\"tags\":[\"x\",1]}\n"
      "{\"distinct_id\":\"u3\",\"time\":1704067204}\n"  // line 6: no event
      "{\"distinct_id\":\"u2\",\"event\":\"buy\",\"time\":1704067205,\"late\":\"key\"}";
  for (size_t chunk : {0, 1, 7}) {
    std::vector<FileSchema> schemas;
    auto t = Build("e.jsonl", jsonl, {}, chunk, &schemas);
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ(schemas[0].format, "jsonl");
    EXPECT_EQ(schemas[0].user_column, "distinct_id");
    EXPECT_EQ(schemas[0].time_column, "time");
    EXPECT_EQ(schemas[0].time_format, "mixed");
    EXPECT_EQ(t->input.rows, 6);
    EXPECT_EQ(t->input.rejected, 2);
    ASSERT_EQ(t->input.rejections.size(), 2u);
    EXPECT_EQ(t->input.rejections[0].line, 4);
    EXPECT_EQ(t->input.rejections[0].column, 0);
    EXPECT_NE(t->input.rejections[0].reason.find("invalid JSON"), std::string::npos);
    EXPECT_EQ(t->input.rejections[1].line, 6);
    EXPECT_EQ(t->input.rejections[1].reason, "empty event in column event");
    ASSERT_EQ(t->size(), 4u);
    // Sorted: u1 (view, buy), u2 (view, buy).
    EXPECT_EQ(t->users.Value(t->UserOf(0)), "u1");
    EXPECT_EQ(PropertyOf(*t, "properties.page", 0), "/");
    EXPECT_EQ(PropertyOf(*t, "tags", 1), R"(["x",1])");
    EXPECT_EQ(PropertyOf(*t, "late", 3), "key");  // a key first seen late is a property too
    EXPECT_EQ(PropertyOf(*t, "late", 0), "");
  }
}

TEST(IngestJsonlTest, MissingRoleInJsonKeysIsFatal) {
  auto t = Build("k.jsonl", "{\"user_id\":\"u\",\"ts\":1}\n");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(),
            "k.jsonl: line 1 (JSON keys): no event column found among [user_id, ts]; name it with --map event=COLUMN");
}

TEST(IngestJsonlTest, FormatDetection) {
  EXPECT_EQ(DetectFormat("user,event,ts\n"), InputFormat::kCsv);
  EXPECT_EQ(DetectFormat("  \n{\"a\":1}\n"), InputFormat::kJsonl);
  EXPECT_EQ(DetectFormat("\xEF\xBB\xBF{\"a\":1}\n"), InputFormat::kJsonl);
  EXPECT_EQ(DetectFormat("{\"session\": 1, \"events\": [{\"aid\": 1}]}\n"), InputFormat::kOtto);
  EXPECT_EQ(DetectFormat("{\"session\": 1, \"events\": 3}\n"), InputFormat::kJsonl);  // not an array
  EXPECT_EQ(DetectFormat("{\"events\": []}\n"), InputFormat::kJsonl);  // no session key

  // A forced format wins over detection.
  IngestOptions csv;
  csv.format = "csv";
  std::vector<FileSchema> schemas;
  auto t = Build("f.txt", "{\"user\":\"u\",\"event\":\"e\",\"ts\":1}\n", csv, 0, &schemas);
  EXPECT_FALSE(t.ok());  // read as CSV, the braces are column names
  IngestOptions unknown;
  unknown.format = "xml";
  EXPECT_FALSE(Build("f.xml", "<a/>", unknown).ok());
}

TEST(IngestJsonlTest, OttoLineParser) {
  OttoSession session;
  std::string error;
  ASSERT_TRUE(ParseOttoLine(
      R"({"session": 7, "events": [{"aid": 11, "ts": 1659304800025, "type": "clicks"}, {"ts": 5, "type": "orders", "aid": 12, "extra": {"ts": 1}}]})",
      &session, &error))
      << error;
  EXPECT_EQ(session.session, "7");
  ASSERT_EQ(session.event_count, 2u);
  EXPECT_EQ(session.events[0].aid, "11");
  EXPECT_EQ(session.events[0].ts, "1659304800025");
  EXPECT_EQ(session.events[0].type, "clicks");
  EXPECT_EQ(session.events[1].ts, "5");  // the nested "ts" does not overwrite it
  EXPECT_FALSE(ParseOttoLine(R"({"events": []})", &session, &error));
  EXPECT_EQ(error, "no \"session\" key");
  EXPECT_FALSE(ParseOttoLine(R"({"session": 1})", &session, &error));
  EXPECT_EQ(error, "no \"events\" array");
  EXPECT_FALSE(ParseOttoLine(R"({"session": 1, "events": [)", &session, &error));
}

// Expectations computed from the text itself: one event per "ts" occurrence, one user
// per line, event names counted from "type" values.
TEST(IngestJsonlTest, OttoTrainSessions) {
  FL_READ_SHARED_OR_SKIP(text, "otto/out_train_sessions.jsonl");
  int64_t ts_count = 0;
  for (size_t at = text.find("\"ts\""); at != std::string::npos; at = text.find("\"ts\"", at + 1)) ++ts_count;
  const int64_t lines = std::count(text.begin(), text.end(), '\n') + (text.back() == '\n' ? 0 : 1);
  std::map<std::string, int64_t> by_type;
  for (const char* type : {"clicks", "carts", "orders"}) {
    const std::string needle = std::string("\"type\": \"") + type + "\"";
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++by_type[type];
  }
  ASSERT_GT(ts_count, 0);

  for (size_t chunk : {0, 1000, 7}) {
    std::vector<FileSchema> schemas;
    auto t = Build("otto.jsonl", text, {}, chunk, &schemas);
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ(schemas[0].format, "otto");
    EXPECT_EQ(schemas[0].user_column, "session");
    EXPECT_EQ(schemas[0].time_format, "epoch_ms");
    EXPECT_EQ(static_cast<int64_t>(t->size()), ts_count);
    EXPECT_EQ(t->input.rows, ts_count);
    EXPECT_EQ(t->input.rejected, 0);
    EXPECT_EQ(static_cast<int64_t>(t->user_count()), lines);
    for (const auto& [type, count] : by_type) {
      const uint32_t id = t->event_names.Find(type);
      ASSERT_NE(id, Dictionary::kNotFound) << type;
      EXPECT_EQ(std::count(t->event.begin(), t->event.end(), id), count) << type;
    }
    EXPECT_GE(t->FindProperty("aid"), 0);
    // Sorted by (user, time); OTTO times are milliseconds in 2022.
    for (size_t i = 1; i < t->size(); ++i) {
      if (t->UserOf(i) == t->UserOf(i - 1)) ASSERT_LE(t->time_ms[i - 1], t->time_ms[i]);
    }
    EXPECT_GT(t->first_time_ms, 1640995200000);  // after 2022-01-01
    EXPECT_LT(t->last_time_ms, 1672531200000);   // before 2023-01-01
  }
}

TEST(IngestJsonlTest, OttoBadLinesAndElements) {
  const std::string text =
      "{\"session\":1,\"events\":[{\"aid\":5,\"ts\":1659304800025,\"type\":\"clicks\"}]}\n"
      "{\"session\":2,\"events\":[{\"aid\":6,\"ts\":1659304800026,\"type\":\"clicks\"},{\"aid\":7,\"type\":\"carts\"}]}\n"
      "not json\n";
  auto t = Build("o.jsonl", text);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->input.rows, 4);
  EXPECT_EQ(t->input.rejected, 2);
  ASSERT_EQ(t->input.rejections.size(), 2u);
  EXPECT_EQ(t->input.rejections[0].line, 2);
  EXPECT_EQ(t->input.rejections[0].reason, "empty time in column ts");
  EXPECT_EQ(t->input.rejections[1].line, 3);
  EXPECT_EQ(t->size(), 2u);
}

}  // namespace
}  // namespace fl

namespace fl {
namespace {

// Ids are compared as text, in the form the file writes them: in JSON Lines 1 and "1"
// are the same user (a number's text is its digits), 1.0 is another ("1.0"); in CSV
// the field's text is the id. Documented in docs/sources.md (Limits).
TEST(IngestJsonlTest, NumericAndStringIdsAreComparedAsWritten) {
  auto t = Build("ids.jsonl",
                 "{\"user_id\":1,\"event\":\"view\",\"ts\":1700000000}\n"
                 "{\"user_id\":\"1\",\"event\":\"cart\",\"ts\":1700000001}\n"
                 "{\"user_id\":1.0,\"event\":\"view\",\"ts\":1700000002}\n"
                 "{\"user_id\":\"01\",\"event\":\"view\",\"ts\":1700000003}\n");
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->user_count(), 3u);
  std::vector<std::string> users;
  for (uint32_t u = 0; u < t->user_count(); ++u) users.push_back(t->users.Value(u));
  std::sort(users.begin(), users.end());
  EXPECT_EQ(users, (std::vector<std::string>{"01", "1", "1.0"}));
  const uint32_t one = t->users.Find("1");
  EXPECT_EQ(t->user_begin[one + 1] - t->user_begin[one], 2u);  // 1 and "1"
}

}  // namespace
}  // namespace fl

// End-to-end CSV ingest through EventTableBuilder: roles, properties, sorting,
// sessions, headerless files, BOM/CRLF/quoting and chunk-boundary independence.

#include "core/ingest/event_table_builder.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace fl {
namespace {

using Files = std::vector<std::pair<std::string, std::string>>;

// Feeds each file in chunks of `chunk` bytes.
absl::StatusOr<EventTable> Build(const Files& files, const IngestOptions& options = {}, size_t chunk = 0,
                                 std::vector<FileSchema>* schemas = nullptr) {
  EventTableBuilder builder(options);
  for (const auto& [name, bytes] : files) {
    if (absl::Status s = builder.BeginFile(name); !s.ok()) return s;
    const size_t step = chunk == 0 ? std::max<size_t>(bytes.size(), 1) : chunk;
    for (size_t i = 0; i < bytes.size(); i += step) {
      if (absl::Status s = builder.Feed(std::string_view(bytes).substr(i, step)); !s.ok()) return s;
    }
    if (absl::Status s = builder.EndFile(); !s.ok()) return s;
  }
  auto table = builder.Finish();
  if (schemas != nullptr) *schemas = builder.schemas();
  return table;
}

std::vector<uint32_t> Ids(const IdColumn& column) { return std::vector<uint32_t>(column.begin(), column.end()); }

// Each row's session by its global index (user_first_session + the per-user index).
std::vector<uint32_t> GlobalSessions(const EventTable& t) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < t.size(); ++i) out.push_back(t.user_first_session[t.UserOf(i)] + t.session[i]);
  return out;
}

// One line per event in table order: user|time|event|session|prop=value...
std::vector<std::string> Dump(const EventTable& t) {
  std::vector<std::string> out;
  for (size_t i = 0; i < t.size(); ++i) {
    std::string line = t.users.Value(t.UserOf(i)) + "|" + std::to_string(t.time_ms[i]) + "|" +
                       t.event_names.Value(t.event[i]) + "|s" + std::to_string(GlobalSessions(t)[i]);
    for (const PropertyColumn& p : t.properties) line += "|" + p.name + "=" + p.values.Value(p.ids[i]);
    out.push_back(line);
  }
  return out;
}

TEST(IngestBuilderTest, SortsByUserThenTimeAndKeepsInputOrderOnTies) {
  const std::string csv =
      "user_id,event,ts,page\n"
      "bob,view,1000,/a\n"
      "alice,view,3000,/b\n"
      "bob,cart,500,\n"
      "alice,buy,3000,/c\n"  // same time as alice's view: stays after it
      "alice,open,2000,/d\n";
  auto t = Build({{"e.csv", csv}});
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(Dump(*t), (std::vector<std::string>{
                          "bob|500000|cart|s0|page=",  // empty page = missing (id 0)
                          "bob|1000000|view|s0|page=/a",
                          "alice|2000000|open|s1|page=/d",
                          "alice|3000000|view|s1|page=/b",
                          "alice|3000000|buy|s1|page=/c",
                      }));
  // Users are numbered in first-seen order; user_begin is the CSR offset.
  EXPECT_EQ(t->users.Value(0), "bob");
  EXPECT_EQ(t->user_begin, (std::vector<uint32_t>{0, 2, 5}));
  EXPECT_EQ(t->properties[0].ids[0], 0u);
  EXPECT_EQ(t->properties[0].values.Value(0), "");
  EXPECT_EQ(t->first_time_ms, 500000);
  EXPECT_EQ(t->last_time_ms, 3000000);
  EXPECT_EQ(t->session_count, 2u);
  EXPECT_EQ(t->input.rows, 5);
  EXPECT_EQ(t->input.rejected, 0);
  EXPECT_EQ(t->input.files, (std::vector<std::string>{"e.csv"}));
}

TEST(IngestBuilderTest, SessionsFromGap) {
  // Gap 30 min: 10:00, 10:20 (20 min), 10:50 (exactly 30: same session), 11:21 (31: new).
  const std::string csv =
      "user,event,timestamp\n"
      "u,a,2024-01-01T10:00:00Z\n"
      "u,b,2024-01-01T10:20:00Z\n"
      "u,c,2024-01-01T10:50:00Z\n"
      "u,d,2024-01-01T11:21:00Z\n"
      "v,a,2024-01-01T10:00:00Z\n";
  auto t = Build({{"g.csv", csv}});
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(Ids(t->session), (std::vector<uint32_t>{0, 0, 0, 1, 0}));  // per user
  EXPECT_EQ(GlobalSessions(*t), (std::vector<uint32_t>{0, 0, 0, 1, 2}));
  EXPECT_EQ(t->user_first_session, (std::vector<uint32_t>{0, 2, 3}));
  EXPECT_EQ(t->session_count, 3u);

  IngestOptions short_gap;
  short_gap.session_gap_ms = 10 * 60 * 1000;
  auto t2 = Build({{"g.csv", csv}}, short_gap);
  ASSERT_TRUE(t2.ok());
  EXPECT_EQ(Ids(t2->session), (std::vector<uint32_t>{0, 1, 2, 3, 0}));
  EXPECT_EQ(GlobalSessions(*t2), (std::vector<uint32_t>{0, 1, 2, 3, 4}));
}

TEST(IngestBuilderTest, SessionsFromSessionColumn) {
  // A new session when the value changes; an empty value continues the current one;
  // the gap does not matter when a session column exists.
  const std::string csv =
      "user_id,session_id,event,ts\n"
      "u,s1,a,1000\n"
      "u,s1,b,90000\n"
      "u,,c,90001\n"
      "u,s2,d,90002\n"
      "u,s1,e,90003\n"
      "w,s1,a,1000\n";
  std::vector<FileSchema> schemas;
  auto t = Build({{"s.csv", csv}}, {}, 0, &schemas);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(Ids(t->session), (std::vector<uint32_t>{0, 0, 0, 1, 2, 0}));
  EXPECT_EQ(GlobalSessions(*t), (std::vector<uint32_t>{0, 0, 0, 1, 2, 3}));
  EXPECT_EQ(t->session_count, 4u);
  EXPECT_EQ(t->FindProperty("session_id"), -1);  // a role, not a property
  EXPECT_EQ(schemas[0].session_column, "session_id");
}

TEST(IngestBuilderTest, SessionValuesJoinAcrossTheIdsOfOnePerson) {
  // Session values are numbered per id while reading (core/ingest/user_sessions.h). Once
  // the ids are stitched into one person, a session text shown under both ids is one
  // session: here U's second value and a's first are both S1, so the person's rows in
  // time order are S0 | S1 S1 S1 | S2, three sessions, not four.
  IngestOptions options;
  options.map.user = "userId|anonymousId";
  const std::string csv =
      "userId,anonymousId,session_id,event,ts\n"
      "U,,S0,a,1000\n"
      ",a,S1,b,2000\n"
      "U,a,S1,c,3000\n"
      "U,,S1,d,4000\n"
      "U,,S2,e,5000\n"
      "V,,S1,a,1000\n";
  auto t = Build({{"p.csv", csv}}, options);
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->user_count(), 2u);
  EXPECT_EQ(Ids(t->session), (std::vector<uint32_t>{0, 1, 1, 1, 2, 0}));
  EXPECT_EQ(t->session_count, 4u);
  EXPECT_TRUE(t->input.stitched);
}

TEST(IngestBuilderTest, SessionOnlyLogUsesSessionAsUser) {
  auto t = Build({{"s.csv", "session,event_name,time\nA,view,1\nB,view,2\nA,buy,3\n"}});
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->user_count(), 2u);
  EXPECT_EQ(t->session_count, 2u);
}

TEST(IngestBuilderTest, DetectsRoleColumnsFromCommonNames) {
  struct Case {
    std::string header;
    std::string user, time, event, session;
  };
  const std::vector<Case> cases = {
      {"UserId,Event_Name,TimeStamp", "UserId", "TimeStamp", "Event_Name", ""},
      {"distinct_id,event,time,$browser", "distinct_id", "time", "event", ""},
      {"visitorid,event,timestamp,itemid", "visitorid", "timestamp", "event", ""},
      {"Visitor ID,Action,Event Date", "Visitor ID", "Event Date", "Action", ""},
      {"customer_id,customer_unique_id,activity,created_at", "customer_unique_id", "created_at", "activity", ""},
      {"person-id,behaviour,occurred_at", "person-id", "occurred_at", "behaviour", ""},
      {"uid,type,date", "uid", "date", "type", ""},
      {"user,name,datetime,user_session", "user", "datetime", "name", "user_session"},
      {"event_type,event_time,user_id,user_session,product_id", "user_id", "event_time", "event_type",
       "user_session"},
      {"date,ts,event,behavior,user_id", "user_id", "ts", "event", ""},  // list order decides
  };
  for (const Case& c : cases) {
    // One data row with plausible values in the right places.
    std::string row;
    std::vector<std::string> names;
    size_t start = 0;
    while (true) {
      const size_t comma = c.header.find(',', start);
      names.push_back(c.header.substr(start, comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    for (size_t i = 0; i < names.size(); ++i) {
      if (i > 0) row += ",";
      row += names[i] == c.time ? "2024-01-01" : "x" + std::to_string(i);
    }
    std::vector<FileSchema> schemas;
    auto t = Build({{"r.csv", c.header + "\n" + row + "\n"}}, {}, 0, &schemas);
    ASSERT_TRUE(t.ok()) << c.header << ": " << t.status();
    EXPECT_EQ(schemas[0].user_column, c.user) << c.header;
    EXPECT_EQ(schemas[0].time_column, c.time) << c.header;
    EXPECT_EQ(schemas[0].event_column, c.event) << c.header;
    EXPECT_EQ(schemas[0].session_column, c.session) << c.header;
    EXPECT_EQ(t->size(), 1u) << c.header;
    // Every column without a role is a property.
    size_t roles = c.session.empty() ? 3 : 4;
    EXPECT_EQ(t->properties.size(), names.size() - roles) << c.header;
  }
}

TEST(IngestBuilderTest, MapOverridesDetection) {
  IngestOptions options;
  options.map.user = "who";
  options.map.event = "WHAT";  // loose match: case-insensitive
  options.map.time = "when";
  std::vector<FileSchema> schemas;
  auto t = Build({{"m.csv", "who,what,when,user_id\nann,open,5,ignored\n"}}, options, 0, &schemas);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->users.Value(0), "ann");
  EXPECT_EQ(schemas[0].event_column, "what");
  EXPECT_GE(t->FindProperty("user_id"), 0);
}

TEST(IngestBuilderTest, MappedColumnMissingNamesFileAndColumns) {
  IngestOptions options;
  options.map.user = "visitor";
  auto t = Build({{"m.csv", "user_id,event,ts\nu,e,1\n"}}, options);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(), "m.csv: --map user=visitor: no column \"visitor\" among [user_id, event, ts]");
}

TEST(IngestBuilderTest, MissingRoleIsFatalWithAHint) {
  auto t = Build({{"a.csv", "user_id,ts,page\nu,1,/x\n"}});
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(),
            "a.csv: line 1: no event column found among [user_id, ts, page]; name it with --map event=COLUMN");
  auto t2 = Build({{"b.csv", "user_id,event\nu,view\n"}});
  ASSERT_FALSE(t2.ok());
  EXPECT_EQ(t2.status().message(),
            "b.csv: line 1: no time column found among [user_id, event]; name it with --map time=COLUMN");
}

TEST(IngestBuilderTest, HeaderlessWithColumns) {
  IngestOptions options;
  options.columns = {"user_id", "item_id", "category_id", "behavior", "timestamp"};
  std::vector<FileSchema> schemas;
  auto t = Build({{"t.csv", "1,10,100,pv,1511658000\n2,20,200,buy,1511658001\n1,11,100,cart,1511658002\n"}},
                 options, 0, &schemas);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->input.rows, 3);
  EXPECT_EQ(t->size(), 3u);
  EXPECT_FALSE(schemas[0].header);
  EXPECT_EQ(schemas[0].time_format, "epoch_s");
  EXPECT_EQ(Dump(*t)[1], "1|1511658002000|cart|s0|item_id=11|category_id=100");

  // Without --columns the first data row is taken for a header, and the error says so.
  auto bad = Build({{"t.csv", "1,10,100,pv,1511658000\n"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("the first row looks like data"), absl::string_view::npos)
      << bad.status();
}

TEST(IngestBuilderTest, PropertiesWithTheSameNameAcrossFilesAreOneColumn) {
  auto t = Build({{"a.csv", "user_id,event,ts,page\nu1,view,1,/a\n"},
                  {"b.csv", "ts;event;user_id;referrer;page\n2;view;u2;google;/b\n"}});
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->properties.size(), 2u);
  EXPECT_EQ(Dump(*t), (std::vector<std::string>{"u1|1000|view|s0|page=/a|referrer=",
                                                "u2|2000|view|s1|page=/b|referrer=google"}));
  EXPECT_EQ(t->input.files, (std::vector<std::string>{"a.csv", "b.csv"}));
}

TEST(IngestBuilderTest, QuotingBomCrLfAndQuotedHeader) {
  const std::string csv =
      "\xEF\xBB\xBF\"user_id\",\"event\",\"ts\",\"note\"\r\n"
      "u1,view,1,\"hello, world\"\r\n"
      "u1,view,2,\"she said \"\"hi\"\"\"\r\n"
      "u1,view,3,\"two\r\nlines\"\r\n"
      "u1,view,4,\r\n"
      "u1,view,5,\"\"\r\n";
  std::vector<FileSchema> schemas;
  auto t = Build({{"q.csv", csv}}, {}, 0, &schemas);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(schemas[0].columns, (std::vector<std::string>{"user_id", "event", "ts", "note"}));
  EXPECT_EQ(Dump(*t), (std::vector<std::string>{
                          "u1|1000|view|s0|note=hello, world",
                          "u1|2000|view|s0|note=she said \"hi\"",
                          "u1|3000|view|s0|note=two\r\nlines",
                          "u1|4000|view|s0|note=",
                          "u1|5000|view|s0|note=",
                      }));
  EXPECT_TRUE(t->input.warnings.empty());
}

TEST(IngestBuilderTest, EachDelimiterEndToEnd) {
  for (char d : {',', ';', '\t', '|'}) {
    std::string csv = "user_id,event,ts,city\nu1,view,1,\"Paris, FR\"\nu2,buy,2,Rome\n";
    std::replace(csv.begin(), csv.end(), ',', d);
    // Put the comma back inside the quoted value for the non-comma delimiters.
    if (d != ',') csv.replace(csv.find(std::string("Paris") + d), 6, "Paris,");
    std::vector<FileSchema> schemas;
    auto t = Build({{"d.csv", csv}}, {}, 0, &schemas);
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ(schemas[0].delimiter, d);
    EXPECT_EQ(Dump(*t), (std::vector<std::string>{"u1|1000|view|s0|city=Paris, FR", "u2|2000|buy|s1|city=Rome"}));
  }
}

TEST(IngestBuilderTest, GivenDelimiterOverridesDetection) {
  IngestOptions options;
  options.delimiter = ';';
  auto t = Build({{"x.csv", "user_id;event;ts;a,b,c,d,e\nu;v;1;1,2,3,4,5\n"}}, options);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_GE(t->FindProperty("a,b,c,d,e"), 0);
}

// A file with every awkward feature at once, fed whole, in 7-byte and in 1-byte
// chunks: the tables must be identical.
TEST(IngestBuilderTest, ChunkBoundariesDoNotMatter) {
  std::string csv = "\xEF\xBB\xBFuser_id;event;ts;note\r\n";
  for (int i = 0; i < 300; ++i) {
    const std::string u = "user" + std::to_string(i % 17);
    csv += u + ";ev" + std::to_string(i % 5) + ";" + std::to_string(1511658000 + (i * 7919) % 5000) + ";";
    switch (i % 6) {
      case 0: csv += "plain"; break;
      case 1: csv += "\"semi;colon\""; break;
      case 2: csv += "\"multi\r\nline \"\"quoted\"\"\""; break;
      case 3: break;  // empty
      case 4: csv += "caf\xC3\xA9"; break;
      case 5: csv += "\"\""; break;
    }
    csv += i % 2 ? "\r\n" : "\n";
    if (i % 50 == 7) csv += "u;e;not-a-time;x\n";       // rejected
    if (i % 70 == 3) csv += "short;row\n";               // rejected
    if (i % 40 == 9) csv += "\n";                        // blank line
  }
  csv += "last;ev;1511658001;\"no newline\"";
  auto whole = Build({{"c.csv", csv}});
  ASSERT_TRUE(whole.ok()) << whole.status();
  EXPECT_EQ(whole->input.rows, 301 + 6 + 5);
  EXPECT_EQ(whole->input.rejected, 6 + 5);
  for (size_t chunk : {1, 2, 3, 7, 64, 4096}) {
    auto t = Build({{"c.csv", csv}}, {}, chunk);
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ(Dump(*t), Dump(*whole)) << "chunk " << chunk;
    EXPECT_EQ(t->input.rows, whole->input.rows);
    EXPECT_EQ(t->input.rejected, whole->input.rejected);
    EXPECT_EQ(t->input.warnings, whole->input.warnings);
    ASSERT_EQ(t->input.rejections.size(), whole->input.rejections.size());
    for (size_t i = 0; i < t->input.rejections.size(); ++i) {
      EXPECT_EQ(t->input.rejections[i].line, whole->input.rejections[i].line);
      EXPECT_EQ(t->input.rejections[i].column, whole->input.rejections[i].column);
      EXPECT_EQ(t->input.rejections[i].reason, whole->input.rejections[i].reason);
    }
    EXPECT_EQ(t->user_begin, whole->user_begin);
    EXPECT_EQ(t->session_count, whole->session_count);
  }
}

TEST(IngestBuilderTest, LineNumbersCountPhysicalLines) {
  // Rejections name the line where the record starts, counting newlines inside quotes.
  const std::string csv =
      "user_id,event,ts,note\n"   // line 1
      "u,view,1,\"a\nb\nc\"\n"    // lines 2-4
      "\n"                        // line 5 (blank)
      "u,view,bad,x\n"            // line 6
      "u,view,2,\"x\ny\"\n"       // lines 7-8
      "u,,3,x\n";                 // line 9
  auto t = Build({{"l.csv", csv}});
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->input.rejections.size(), 2u);
  EXPECT_EQ(t->input.rejections[0].line, 6);
  EXPECT_EQ(t->input.rejections[0].column, 3);
  EXPECT_EQ(t->input.rejections[0].reason, "unparseable time \"bad\" in column ts");
  EXPECT_EQ(t->input.rejections[1].line, 9);
  EXPECT_EQ(t->input.rejections[1].column, 2);
  EXPECT_EQ(t->input.rejections[1].reason, "empty event in column event");
  EXPECT_EQ(t->input.rows, 4);
  EXPECT_EQ(t->size(), 2u);
}

TEST(IngestBuilderTest, TimeFormatsRecordedPerFile) {
  std::vector<FileSchema> schemas;
  auto t = Build({{"iso.csv", "user,event,ts\nu,a,2024-01-01T00:00:00Z\n"},
                  {"ms.csv", "user,event,ts\nu,b,1704067200001\n"},
                  {"mixed.csv", "user,event,ts\nu,c,1704067200\nu,d,2024-01-01\n"}},
                 {}, 0, &schemas);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(schemas[0].time_format, "iso");
  EXPECT_EQ(schemas[1].time_format, "epoch_ms");
  EXPECT_EQ(schemas[2].time_format, "mixed");

  IngestOptions forced;
  forced.time_format = "epoch_ms";
  auto t2 = Build({{"f.csv", "user,event,ts\nu,a,1700000000\n"}}, forced);
  ASSERT_TRUE(t2.ok());
  EXPECT_EQ(t2->time_ms[0], 1700000000);
}

TEST(IngestBuilderTest, BadOptionsAreFatalAndSticky) {
  IngestOptions options;
  options.time_format = "unix";
  EventTableBuilder builder(options);
  absl::Status s = builder.BeginFile("x.csv");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(builder.Feed("a").message(), s.message());
  EXPECT_EQ(builder.Finish().status().message(), s.message());
}

TEST(IngestBuilderTest, BytesFedAndRepeatedFinish) {
  EventTableBuilder builder(IngestOptions{});
  ASSERT_TRUE(builder.BeginFile("a.csv").ok());
  ASSERT_TRUE(builder.Feed("user,event,ts\n").ok());
  ASSERT_TRUE(builder.Feed("u,a,1\n").ok());
  EXPECT_EQ(builder.bytes_fed(), 20);
  ASSERT_TRUE(builder.Finish().ok());  // EndFile implied
  EXPECT_FALSE(builder.Finish().ok());
}

TEST(IngestBuilderTest, MemoryPerEventStaysSmall) {
  std::string csv = "user_id,event,ts,item,category\n";
  for (int i = 0; i < 20000; ++i) {
    csv += "u" + std::to_string(i % 997) + ",e" + std::to_string(i % 4) + "," + std::to_string(1600000000 + i) +
           ",i" + std::to_string(i % 5000) + ",c" + std::to_string(i % 30) + "\n";
  }
  auto t = Build({{"m.csv", csv}});
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->size(), 20000u);
  // user 4 + time 8 + event 4 + session 4 + two properties 8 = 28, plus user_begin.
  EXPECT_LE(t->ColumnBytes(), 32u * t->size());
}

}  // namespace
}  // namespace fl

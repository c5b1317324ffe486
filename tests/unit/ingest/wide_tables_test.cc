// Wide order tables through fl::Analyzer: a journey's "tables" turns one row per order
// (a timestamp column per stage) into events, joins attribute tables by key, and never
// drops a row silently. The counts below were worked out by hand from the CSV text.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "core/ingest/tables/tables_spec.h"
#include "core/report/journey_sections.h"
#include "gtest/gtest.h"
#include "unit/robustness_support.h"

namespace fl {
namespace {

using json = nlohmann::ordered_json;
using ::fl::testing::Files;
using ::fl::testing::RunAnalyzer;
using ::fl::testing::RunResult;

constexpr const char kJourney[] = R"({
  "name": "Orders", "window": "30d",
  "steps": [{"name": "Placed", "event": "placed"}, {"name": "Approved", "event": "approved"},
            {"name": "Shipped", "event": "shipped"}, {"name": "Delivered", "event": "delivered"}],
  "tables": {
    "orders": {"file": "orders*.csv", "unit": "order_id",
               "events": [{"column": "placed_at", "event": "placed"}, {"column": "approved_at", "event": "approved"},
                          {"column": "shipped_at", "event": "shipped"}, {"column": "delivered_at", "event": "delivered"}],
               "join": [{"table": "customers", "on": "customer_id"}]},
    "customers": {"file": "customers*.csv", "key": "customer_id"},
    "reviews": {"file": "reviews*.csv", "unit": "order_id", "events": [{"column": "answered_at", "event": "review"}]}
  },
  "delivery": {"placed": ["placed"], "delivered": ["delivered"], "promise": "promised", "status": "status",
               "score": "score", "by": ["state"]}
})";

// Line 1 is the header.
constexpr const char kOrders[] =
    "order_id,customer_id,status,placed_at,approved_at,shipped_at,delivered_at,promised\n"
    "o1,c1,delivered,2024-03-01 10:00:00,2024-03-01 10:05:00,2024-03-02 09:00:00,2024-03-04 12:00:00,2024-03-05\n"  // 2
    "o2,c2,delivered,2024-03-01 11:00:00,2024-03-02 08:00:00,2024-03-01 20:00:00,2024-03-08 12:00:00,2024-03-06\n"  // 3: shipped before approved; late
    "o3,c9,shipped,2024-03-02 10:00:00,2024-03-02 10:01:00,2024-03-03 10:00:00,,2024-03-20\n"  // 4: c9 unknown; awaiting
    ",c1,delivered,2024-03-02 10:00:00,,,,2024-03-09\n"  // 5: no unit -> rejected
    "o5,c2,delivered,2024-03-02 12:00:00,yesterday,,,2024-03-09\n"  // 6: bad time -> rejected, column 5
    "o6,c3,canceled,2024-03-03 09:00:00,,,,2024-03-10\n"  // 7: placed only
    "o7,c3,created,,,,,2024-03-10\n";  // 8: no stage time -> rejected

constexpr const char kCustomers[] =
    "customer_id,state,city\n"
    "c1,SP,sao paulo\n"
    "c2,RJ,rio\n"
    "c3,SP,campinas\n"
    "c1,MG,belo horizonte\n"  // line 5: repeated key -> rejected, the first row is joined
    "c4,BA,salvador\n";       // never looked up

constexpr const char kReviews[] =
    "review_id,order_id,score,answered_at\n"
    "r1,o1,5,2024-03-05 10:00:00\n"
    "r2,o2,1,2024-03-09 10:00:00\n";

AnalyzerOptions Options(const std::string& journey = kJourney) {
  AnalyzerOptions options;
  options.journey = journey;
  return options;
}

const json* Table(const json& report, const std::string& name) {
  for (const auto& t : report["input"]["tables"]) {
    if (t["table"] == name) return &t;
  }
  return nullptr;
}

TEST(WideTables, RowsBecomeEventsJoinedAndCounted) {
  const Files files = {{"orders.csv", kOrders}, {"customers.csv", kCustomers}, {"reviews.csv", kReviews}};
  RunResult run = RunAnalyzer(Options(), files, 0);
  ASSERT_TRUE(run.status.ok()) << run.status;
  const json& input = run.report["input"];
  // Rows: 7 orders + 5 customers + 2 reviews. Rejected: orders lines 5, 6, 8 and customers line 5.
  EXPECT_EQ(input["rows"], 14);
  EXPECT_EQ(input["rejected"], 4);
  // Events: o1 4, o2 4, o3 3, o6 1 = 12 order events, + 2 reviews.
  EXPECT_EQ(input["events"], 14);
  EXPECT_EQ(input["users"], 4);  // o1 o2 o3 o6
  std::vector<std::string> where;
  for (const auto& r : input["rejections"]) {
    where.push_back(absl::StrCat(r["file"].get<std::string>(), ":", r["line"].get<int64_t>(), ":",
                                 r["column"].get<int64_t>(), ": ", r["reason"].get<std::string>()));
  }
  ASSERT_EQ(where.size(), 4u);
  EXPECT_EQ(where[0], "orders.csv:5:1: empty user in column order_id");
  EXPECT_EQ(where[1], "orders.csv:6:5: unparseable time \"yesterday\" in column approved_at");
  EXPECT_EQ(where[2],
            "orders.csv:8:4: empty time in every stage column (placed_at, approved_at, shipped_at, delivered_at)");
  EXPECT_EQ(where[3],
            "customers.csv:5:1: customer_id \"c1\" repeats an earlier row's (customers.csv line 2); the first row is "
            "the one joined");

  const json* orders = Table(run.report, "orders");
  ASSERT_NE(orders, nullptr);
  EXPECT_EQ((*orders)["rows"], 7);
  EXPECT_EQ((*orders)["rejected"], 3);
  EXPECT_EQ((*orders)["events"], 12);
  ASSERT_EQ((*orders)["joins"].size(), 1u);
  // Looked up: every row that is not cut short by its shape, so also lines 5, 6 and 8
  // (c1, c2, c3), rejected afterwards for their unit or times. Only c9 is missing.
  const json& join = (*orders)["joins"][0];
  EXPECT_EQ(join["unmatched"], 1);
  EXPECT_EQ(join["unmatched_examples"], json::array({"c9"}));
  ASSERT_EQ((*orders)["findings"].size(), 1u);
  const json& finding = (*orders)["findings"][0];
  EXPECT_EQ(finding["what"], "shipped before approved");
  EXPECT_EQ(finding["count"], 1);
  EXPECT_EQ(finding["examples"], json::array({"o2"}));
  EXPECT_EQ(finding["example_lines"], json::array({3}));
  const json* customers = Table(run.report, "customers");
  ASSERT_NE(customers, nullptr);
  EXPECT_EQ((*customers)["rows"], 5);
  EXPECT_EQ((*customers)["rejected"], 1);
  EXPECT_EQ((*customers)["joined_rows"], 3);  // c1 c2 c3; c4 never looked up

  // The joined state reaches the sections: delivery's late share by state. Judged: o1
  // (SP, on time), o2 (RJ, late by 2.5 d). o3 awaits (promise after the data's end), o6
  // is canceled.
  const json& d = run.report["delivery"];
  EXPECT_EQ(d["orders"], 4);
  EXPECT_EQ(d["canceled"], 1);
  EXPECT_EQ(d["awaiting"], 1);
  EXPECT_EQ(d["rules"][0]["on_time"], 1);
  EXPECT_EQ(d["rules"][0]["late"], 1);
  const json& by_state = d["by"][0];
  EXPECT_EQ(by_state["property"], "state");
  ASSERT_EQ(by_state["values"].size(), 2u);
  // The reviews (another table, the same unit) reach their orders: both were reviewed.
  // (A score comparison needs two reviews a side, for its variance.)
  EXPECT_EQ(d["downstream"]["late_orders"], 1);
  EXPECT_EQ(d["downstream"]["on_time_orders"], 1);
  const json& reviewed = d["downstream"]["comparisons"][0];
  EXPECT_EQ(reviewed["measure"], "reviewed");
  EXPECT_EQ(reviewed["late"], 1.0);
  EXPECT_EQ(reviewed["on_time"], 1.0);
  // The funnel counts orders: o1 o2 o3 o6 placed; approved o1 o2 o3; shipped: o1 o3
  // (o2's shipping came before its approval, so in order it is never shipped after it);
  // delivered o1.
  std::vector<int64_t> counts;
  for (const auto& step : run.report["funnel"]["steps"]) counts.push_back(step["count"].get<int64_t>());
  EXPECT_EQ(counts, (std::vector<int64_t>{4, 3, 2, 1}));
}

TEST(WideTables, TheSameReportHoweverTheBytesArriveAndInAnyFileOrderOfJoins) {
  const Files files = {{"orders.csv", kOrders}, {"customers.csv", kCustomers}, {"reviews.csv", kReviews}};
  RunResult whole = RunAnalyzer(Options(), files, 0);
  ASSERT_TRUE(whole.status.ok()) << whole.status;
  for (uint64_t seed : {1u, 7u, 42u}) {
    RunResult chunked = RunAnalyzer(Options(), files, seed);
    ASSERT_TRUE(chunked.status.ok()) << chunked.status;
    EXPECT_EQ(chunked.json, whole.json) << "seed " << seed;
  }
  // The customers file first: the join does not depend on which file came first.
  RunResult customers_first =
      RunAnalyzer(Options(), {{"customers.csv", kCustomers}, {"orders.csv", kOrders}, {"reviews.csv", kReviews}}, 0);
  ASSERT_TRUE(customers_first.status.ok()) << customers_first.status;
  EXPECT_EQ(customers_first.report["delivery"], whole.report["delivery"]);
  EXPECT_EQ(customers_first.report["funnel"], whole.report["funnel"]);
}

TEST(WideTables, FilesFindTheirTableByHeaderWithoutPatterns) {
  std::string journey = absl::StrReplaceAll(
      kJourney, {{R"("file": "orders*.csv", )", ""}, {R"("file": "customers*.csv", )", ""}, {R"("file": "reviews*.csv", )", ""}});
  ASSERT_EQ(journey.find("\"file\""), std::string::npos);
  // Odd names: the orders file also holds customers' key; it names more of orders' columns.
  RunResult run = RunAnalyzer(Options(journey), {{"a.csv", kOrders}, {"b.csv", kCustomers}, {"c.csv", kReviews}}, 0);
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_EQ((*Table(run.report, "orders"))["files"], json::array({"a.csv"}));
  EXPECT_EQ((*Table(run.report, "customers"))["files"], json::array({"b.csv"}));
  EXPECT_EQ((*Table(run.report, "reviews"))["files"], json::array({"c.csv"}));
  EXPECT_EQ(run.report["input"]["events"], 14);
}

TEST(WideTables, AFileThatFitsNoTableIsAnErrorThatSaysWhatEachNeeds) {
  RunResult run = RunAnalyzer(Options(), {{"orders.csv", kOrders}, {"stray.csv", "a,b\n1,2\n"}}, 0);
  ASSERT_FALSE(run.status.ok());
  EXPECT_NE(run.status.message().find("stray.csv: line 1: fits no table of the journey"), std::string::npos)
      << run.status;
  EXPECT_NE(run.status.message().find("orders (file \"orders*.csv\"): placed_at, approved_at"), std::string::npos)
      << run.status;
  // A file its pattern names, without a column its table needs.
  run = RunAnalyzer(Options(), {{"orders.csv", "order_id,placed_at\no1,2024-03-01\n"}}, 0);
  ASSERT_FALSE(run.status.ok());
  EXPECT_NE(run.status.message().find("orders.csv: line 1: matches table orders (file \"orders*.csv\") but has no "
                                      "column approved_at, shipped_at, delivered_at, customer_id"),
            std::string::npos)
      << run.status;
}

TEST(WideTables, ATableMayHaveSeveralFilesAndAKeyRepeatedAcrossThemIsNamed) {
  const std::string more_customers = "customer_id,state,city\nc9,PE,recife\nc2,AM,manaus\n";
  RunResult run = RunAnalyzer(Options(), {{"orders.csv", kOrders}, {"customers.csv", kCustomers},
                                          {"customers_2.csv", more_customers}}, 0);
  ASSERT_TRUE(run.status.ok()) << run.status;
  const json* customers = Table(run.report, "customers");
  EXPECT_EQ((*customers)["files"], json::array({"customers.csv", "customers_2.csv"}));
  EXPECT_EQ((*customers)["rows"], 7);
  EXPECT_EQ((*Table(run.report, "orders"))["joins"][0]["unmatched"], 0);  // c9 is in the second file
  bool named = false;
  for (const auto& r : run.report["input"]["rejections"]) {
    named |= r["file"] == "customers_2.csv" && r["line"] == 3 &&
             r["reason"] == "customer_id \"c2\" repeats an earlier row's (customers.csv line 3); the first row is the one "
                            "joined";
  }
  EXPECT_TRUE(named) << run.report["input"]["rejections"].dump();
}

TEST(WideTables, AMissingAttributeFileIsAWarningAndTheRowsKeepTheirEvents) {
  RunResult run = RunAnalyzer(Options(), {{"orders.csv", kOrders}}, 0);
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_EQ(run.report["input"]["events"], 12);
  bool warned_customers = false, warned_reviews = false;
  for (const auto& w : run.report["input"]["warnings"]) {
    const std::string text = w.get<std::string>();
    warned_customers |= text == "table customers: no file was given for it, so the joins on it found nothing";
    warned_reviews |= text == "table reviews: no file was given for it, so it made no events";
  }
  EXPECT_TRUE(warned_customers);
  EXPECT_TRUE(warned_reviews);
}

TEST(WideTables, AUnitBroughtByAJoinCountsPersons) {
  // The unit is the customer's state here (a column only customers has): orders of one
  // state are one unit.
  std::string journey = absl::StrReplaceAll(kJourney, {{R"("unit": "order_id",
               "events": [{"column": "placed_at")", R"("unit": "state",
               "events": [{"column": "placed_at")"}});
  ASSERT_NE(journey.find("\"unit\": \"state\""), std::string::npos);
  RunResult run = RunAnalyzer(Options(journey), {{"orders.csv", kOrders}, {"customers.csv", kCustomers}}, 0);
  ASSERT_TRUE(run.status.ok()) << run.status;
  // o1 (c1, SP), o2 (c2, RJ), o6 (c3, SP): units SP and RJ; o3's c9 has no state: rejected.
  EXPECT_EQ(run.report["input"]["users"], 2);
  bool found = false;
  for (const auto& r : run.report["input"]["rejections"]) {
    found |= r["line"] == 4 && r["reason"] == "empty user: no state joined through customer_id";
  }
  EXPECT_TRUE(found) << run.report["input"]["rejections"].dump();
}

TEST(WideTables, SpecErrorsNameThePath) {
  struct Case {
    const char* tables;
    const char* error;
  };
  const Case cases[] = {
      {R"({"o": {"unit": "id"}})", "journey: tables.o: an event table needs \"events\" (its timestamp columns)"},
      {R"({"o": {"unit": "id", "events": [{"column": "t"}]}})", "journey: tables.o.events[0].event: expected an event name"},
      {R"({"o": {"unit": "id", "events": [{"column": "t", "event": "a"}, {"column": "t", "event": "b"}]}})",
       "journey: tables.o.events[1].column: column t is already a stage"},
      {R"({"o": {"unit": "id", "events": [{"column": "t", "event": "a"}], "join": [{"table": "c", "on": "cid"}]}})",
       "journey: tables.o.join[0].table: no table named c"},
      {R"({"c": {"key": "id", "join": []}, "o": {"unit": "id", "events": [{"column": "t", "event": "a"}]}})",
       "journey: tables.c.join: only event tables take this key"},
      {R"({"c": {"key": "id"}})", "journey: tables: no event table (a table with \"unit\" and \"events\")"},
      {R"({"o": {"unit": "id", "events": [{"column": "t", "event": "a"}], "colour": 1}})",
       "journey: tables.o.colour: unknown key"},
  };
  for (const Case& c : cases) {
    const std::string spec = absl::StrCat(R"({"steps": [{"name": "A", "event": "a"}], "tables": )", c.tables, "}");
    absl::StatusOr<JourneySpec> parsed = ParseJourneySpec(spec);
    ASSERT_FALSE(parsed.ok()) << c.tables;
    EXPECT_EQ(std::string(parsed.status().message()).rfind(c.error, 0), 0u) << parsed.status() << "\n  wanted: " << c.error;
  }
}

TEST(WideTables, OptionsThatNameEventColumnsAreRefused) {
  AnalyzerOptions options = Options();
  options.ingest.map.user = "order_id";
  absl::StatusOr<std::unique_ptr<Analyzer>> analyzer = Analyzer::Create(options);
  ASSERT_FALSE(analyzer.ok());
  EXPECT_EQ(analyzer.status().message(),
            "options.map: a journey with \"tables\" names its columns in the tables (unit, events)");
  options = Options();
  options.ingest.format = "jsonl";
  EXPECT_FALSE(Analyzer::Create(options).ok());
}

TEST(WideTables, FileNamePatterns) {
  EXPECT_TRUE(FileNameMatches("*orders*", "/data/olist_orders_dataset.csv"));
  EXPECT_TRUE(FileNameMatches("orders?.csv", "C:\\data\\orders1.csv"));
  EXPECT_FALSE(FileNameMatches("orders?.csv", "orders12.csv"));
  EXPECT_FALSE(FileNameMatches("*orders*", "/orders/customers.csv"));  // the base name only
  EXPECT_TRUE(FileNameMatches("*", ""));
}

}  // namespace
}  // namespace fl

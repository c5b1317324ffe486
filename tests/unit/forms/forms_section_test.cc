// The forms section: a hand-counted checkout form (completion with its interval, the field
// people leave at, errors, returns, time in field), GA4-style and PostHog-style form
// events, the same JSON for any split of the users, the partial form read back, settings
// errors naming their path, and the generated store's broken #postcode field found.

#include "core/forms/forms_section.h"

#include <string>

#include "core/demo/demo_store.h"
#include "core/ingest/event_table_builder.h"
#include "core/report/journey_sections.h"
#include "core/report/section_driver.h"
#include "unit/section_test_support.h"
#include "gtest/gtest.h"

namespace fl {
namespace {

constexpr char kSpec[] = R"({"steps": [{"name": "Start", "event": "form_start"}, {"name": "Submit", "event": "form_submit"}]})";

EventTable Table(const std::string& csv) { return testing::TableFromCsv(csv, "forms.csv"); }

// Ten people start the checkout form: p0-p5 fill #email, #postcode and #phone and submit;
// p6 and p7 leave at #postcode after an error; p8 gets the error, goes back to #email,
// comes back to #postcode, gets it again and leaves; p9 leaves before any field. p10
// submits a GA4-style form (form_id, no fields); p11 changes a PostHog-style field (no
// field property: its target on the page /search).
std::string Csv() {
  std::string csv = "user_id,timestamp,event,form,field,form_id,target,page\n";
  auto row = [&](int person, int second, const std::string& event, const std::string& field,
                 const std::string& rest = ",,") {
    const bool checkout = rest == ",,";
    csv += "p" + std::to_string(person) + ",2024-03-01T10:" + (second / 60 < 10 ? "0" : "") +
           std::to_string(second / 60) + ":" + (second % 60 < 10 ? "0" : "") + std::to_string(second % 60) + "Z," +
           event + "," + (checkout ? "checkout" : "") + "," + field + "," + rest + "\n";
  };
  for (int p = 0; p < 9; ++p) {
    row(p, 0, "form_start", "");
    row(p, 1, "field_focus", "#email");
    row(p, 3, "field_change", "#email");
    row(p, 6, "field_blur", "#email");  // 5 s in #email
    row(p, 7, "field_focus", "#postcode");
    row(p, 9, "field_change", "#postcode");
  }
  for (int p = 0; p < 6; ++p) {
    row(p, 17, "field_blur", "#postcode");  // 10 s in #postcode
    row(p, 18, "field_focus", "#phone");
    row(p, 20 + p, "field_change", "#phone");
    row(p, 21 + p, "field_blur", "#phone");
    row(p, 30 + 10 * p, "form_submit", "");  // 30 s to 80 s to complete
  }
  for (int p = 6; p < 9; ++p) row(p, 10, "field_error", "#postcode");
  row(8, 12, "field_focus", "#email");
  row(8, 14, "field_focus", "#postcode");
  row(8, 16, "field_change", "#postcode");
  row(8, 17, "field_error", "#postcode");
  row(9, 0, "form_start", "");
  row(10, 0, "form_start", "", "newsletter,,");
  row(10, 5, "form_submit", "", "newsletter,,");
  row(11, 0, "field_change", "", ",#q,/search");
  return csv;
}

nlohmann::ordered_json Section(const EventTable& table, int threads, const char* spec_text = kSpec) {
  return testing::SectionReport(spec_text, table, FormsSection::kName, threads);
}

TEST(FormsSection, CountsTheFormFieldByField) {
  const nlohmann::ordered_json s = Section(Table(Csv()), 1);
  ASSERT_EQ(s["forms_found"], 3);
  const nlohmann::ordered_json& f = s["forms"][0];
  EXPECT_EQ(f["form"], "checkout");
  EXPECT_EQ(f["started"], 10);
  EXPECT_EQ(f["submitted"], 6);
  EXPECT_EQ(f["abandoned"], 4);
  // Wilson 6 of 10: 31.27% to 83.18%.
  EXPECT_EQ(f["completion"].dump(), R"({"rate":0.6,"ci95":[0.312674,0.83182]})");
  // 30, 40, ..., 80 s: median (50 + 60) / 2, p90 the 6th of 6.
  EXPECT_EQ(f["time_to_complete"].dump(), R"({"persons":6,"median_ms":55000.0,"p90_ms":80000})");
  EXPECT_EQ(f["left_before_fields"], 1);
  EXPECT_EQ(f["usual_fields"], 3);  // #phone: 6 of 10 reached it
  EXPECT_EQ(f["left_after_fields"], 0);
  EXPECT_EQ(f["sentence"],
            "checkout: 10 started, 6 submitted: 60.0% (95% CI 31.3–" "83.2%); median 55 s to complete "
            "(p90 1.3 min); 1 left before any field");
  ASSERT_EQ(f["fields"].size(), 3u);
  const auto& email = f["fields"][0];
  const auto& postcode = f["fields"][1];
  const auto& phone = f["fields"][2];
  EXPECT_EQ(email["field"], "#email");
  EXPECT_EQ(postcode["field"], "#postcode");
  EXPECT_EQ(phone["field"], "#phone");
  EXPECT_EQ(postcode["reached"], 9);
  EXPECT_EQ(postcode["abandoned"], 3);
  EXPECT_EQ(postcode["abandonment"]["rate"], 0.333333);
  EXPECT_EQ(postcode["errors"], 4);
  EXPECT_EQ(postcode["error_persons"], 3);
  EXPECT_EQ(postcode["returns"], 1);
  EXPECT_EQ(postcode["refill_persons"], 1);
  EXPECT_EQ(email["returns"], 1);
  EXPECT_EQ(email["abandoned"], 0);
  EXPECT_EQ(postcode["examples"].dump(), R"(["p6","p7","p8"])");
  // 3 of 9 against 0 of the other fields' 15 reaches: Fisher's exact test.
  EXPECT_EQ(postcode["vs_other_fields"]["other_rate"], 0.0);
  EXPECT_EQ(postcode["vs_other_fields"]["difference"], 0.333333);
  EXPECT_EQ(postcode["vs_other_fields"]["test"], "fisher");
  EXPECT_EQ(postcode["excess_abandoned"], 3.0);
  // Time in field: focus -> blur pairs only (p6-p8 never blurred #postcode).
  EXPECT_EQ(email["time_in_field"].dump(), R"({"persons":9,"median_ms":5000.0,"p90_ms":5000})");
  EXPECT_EQ(postcode["time_in_field"].dump(), R"({"persons":6,"median_ms":10000.0,"p90_ms":10000})");
  EXPECT_EQ(phone["time_in_field"]["persons"], 6);
  // The other forms: GA4's form_id names one; a field with no form is its page's.
  EXPECT_EQ(s["forms"][1]["form"], "/search");
  EXPECT_EQ(s["forms"][1]["fields"][0]["field"], "#q");
  EXPECT_EQ(s["forms"][2]["form"], "newsletter");
  EXPECT_EQ(s["forms"][2]["completion"]["rate"], 1.0);
}

// PostHog autocapture: $autocapture with $event_type change is a field change whose
// element (from elements_chain) names the field; submit is the form's submit; both
// belong to the page's form.
TEST(FormsSection, ReadsPostHogFormAutocapture) {
  auto line = [](const std::string& id, int second, const std::string& type, const std::string& chain) {
    return R"({"uuid":"e)" + id + R"(","event":"$autocapture","distinct_id":"u)" + id.substr(0, 1) +
           R"(","timestamp":"2024-03-01T10:00:0)" + std::to_string(second) +
           R"(Z","properties":{"$event_type":")" + type + R"(","$pathname":"/checkout"},"elements_chain":")" +
           chain + "\"}\n";
  };
  const std::string email = R"(input.form-control:attr__id=\"email\"nth-child=\"1\";form:attr__id=\"co\")";
  const std::string zip = R"(input:attr__id=\"zip\";form:attr__id=\"co\")";
  const std::string form = R"(form:attr__id=\"co\")";
  const std::string jsonl = line("1a", 1, "change", email) + line("1b", 2, "change", zip) +
                            line("1c", 5, "submit", form) + line("2a", 1, "change", email) +
                            line("2b", 3, "change", zip);
  EventTableBuilder builder{IngestOptions()};
  ASSERT_TRUE(builder.BeginFile("posthog.jsonl").ok());
  ASSERT_TRUE(builder.Feed(jsonl).ok());
  ASSERT_TRUE(builder.EndFile().ok());
  absl::StatusOr<EventTable> table = builder.Finish();
  ASSERT_TRUE(table.ok()) << table.status();
  const nlohmann::ordered_json s = Section(*table, 1);
  ASSERT_EQ(s["forms_found"], 1) << s.dump();
  const nlohmann::ordered_json& f = s["forms"][0];
  EXPECT_EQ(f["form"], "/checkout");
  EXPECT_EQ(f["started"], 2);
  EXPECT_EQ(f["submitted"], 1);
  EXPECT_EQ(f["time_to_complete"]["median_ms"], 4000.0);
  ASSERT_EQ(f["fields"].size(), 2u);
  EXPECT_EQ(f["fields"][0]["field"], "#email");
  EXPECT_EQ(f["fields"][1]["field"], "#zip");
  // u2 touched both usual fields, no error: left after filling the form in.
  EXPECT_EQ(f["left_after_fields"], 1);
}

std::string Store(int64_t users) {
  DemoStoreOptions options;
  options.users = users;
  options.seed = 5;
  options.checkout_form = true;
  std::string csv = DemoCsvHeader(false, true);
  GenerateDemoStore(options, [&](const DemoEvent& e) { AppendDemoCsvRow(e, &csv); });
  return csv;
}

TEST(FormsSection, SameForAnySplitOfTheUsers) {
  const EventTable table = Table(Store(3000));
  const std::string one = Section(table, 1).dump();
  for (int threads : {2, 3, 8}) EXPECT_EQ(Section(table, threads).dump(), one) << threads;
}

TEST(FormsSection, PartialFormReadsBack) {
  const EventTable table = Table(Csv());
  const testing::PartialForm partial = testing::ExpectPartialFormReadsBack(kSpec, table, FormsSection::kName);
  nlohmann::json broken = partial.json;
  broken["forms"][0]["counts"][1] = 99;
  EXPECT_EQ(partial.refusal(broken),
            "forms state: forms[0].counts: more submitted or left than started");
  broken = partial.json;
  broken["forms"][0]["fields"][0]["abandoned_by_touched"] = nlohmann::json::array();  // /search's #q: 1 left
  EXPECT_EQ(partial.refusal(broken),
            "forms state: forms[0].fields[0].abandoned_by_touched: does not add up to abandoned");
  broken = partial.json;
  broken["forms"][1]["to_complete"] = nlohmann::json::array({nlohmann::json::array({1000, 7})});
  EXPECT_EQ(partial.refusal(broken),
            "forms state: forms[1].to_complete: expected [[milliseconds >= 0, persons > 0], ...] of at most the "
            "submitters");
  broken = partial.json;
  broken["kind"] = 7;
  EXPECT_NE(partial.refusal(broken), "accepted");
}

TEST(FormsSection, SettingsErrorsNameTheirPath) {
  auto error = [](const std::string& settings) { return testing::SettingsError(kSpec, "forms", settings); };
  EXPECT_EQ(error(R"({"submit": []})"), "journey: forms.submit: expected a non-empty array of names");
  EXPECT_EQ(error(R"({"field": ["x", 3]})"), "journey: forms.field[1]: expected a non-empty string");
  EXPECT_EQ(error(R"({"max_fields": 0})"), "journey: forms.max_fields: expected an integer from 1 to 1000");
  EXPECT_EQ(error(R"({"alpha": 1.5})"), "journey: forms.alpha: expected a number between 0 and 1");
  EXPECT_EQ(error("[]"), "journey: forms: expected an object");
  // Mapped names: an export whose submit event and field property are named otherwise.
  const std::string csv =
      "user_id,timestamp,event,input_name\n"
      "a,2024-03-01T10:00:00Z,field_change,#card\n"
      "a,2024-03-01T10:00:09Z,checkout_submitted,\n";
  const nlohmann::ordered_json s =
      Section(Table(csv), 1,
              R"({"steps": [{"name": "A", "event": "field_change"}], "forms": {"submit": ["checkout_submitted"], "field": ["input_name"]}})");
  EXPECT_EQ(s["forms"][0]["submitted"], 1);
  EXPECT_EQ(s["forms"][0]["fields"][0]["field"], "#card");
  EXPECT_EQ(s["forms"][0]["time_to_complete"]["median_ms"], 9000.0);
}

// The generated store's planted defect: on iOS, #postcode rejects valid input and about
// 70% of those people leave there. The section finds that field, and only it, as friction,
// and its abandonment holds the planted leavers.
TEST(FormsSection, FindsTheGeneratedStoresBrokenField) {
  DemoStoreOptions options;
  options.users = 20000;
  options.seed = 3;
  options.checkout_form = true;
  std::string csv = DemoCsvHeader(false, true);
  const DemoStoreTruth truth = GenerateDemoStore(options, [&](const DemoEvent& e) { AppendDemoCsvRow(e, &csv); });
  const nlohmann::ordered_json s = Section(Table(csv), 2);
  const nlohmann::ordered_json& f = s["forms"][0];
  EXPECT_EQ(f["form"], DemoStoreTruth::kFieldForm);
  EXPECT_EQ(f["started"], truth.form_starts);
  EXPECT_EQ(f["submitted"], truth.form_submits);
  int friction = 0;
  for (const auto& field : f["fields"]) {
    if (!field["friction"].get<bool>()) continue;
    ++friction;
    EXPECT_EQ(field["field"], DemoStoreTruth::kField);
  }
  EXPECT_EQ(friction, 1);
  ASSERT_EQ(s["friction"].size(), 1u);
  EXPECT_EQ(s["friction"][0]["field"], DemoStoreTruth::kField);
  const std::string sentence = s["friction"][0]["sentence"];
  EXPECT_EQ(sentence.rfind("checkout form, #postcode: ", 0), 0u) << sentence;
  const auto& postcode = f["fields"][3];
  ASSERT_EQ(postcode["field"], DemoStoreTruth::kField);
  // Planted leavers: bug users x (1 - 0.25 / 0.82), plus 1% of the rest who reach it.
  const double planted = truth.field_bug_users * (1 - DemoStoreTruth::kFieldBugContinueRate /
                                                          DemoStoreTruth::kNormalContinueRate);
  const double natural = (postcode["reached"].get<double>() - truth.field_bug_users) * 0.01;
  EXPECT_NEAR(postcode["abandoned"].get<double>(), planted + natural, 0.06 * planted)
      << postcode.dump() << " planted " << planted << " natural " << natural;
  EXPECT_EQ(postcode["error_persons"], truth.field_bug_users);
  EXPECT_LE(postcode["excess_abandoned_ci95"][0].get<double>(), planted);
  EXPECT_GE(postcode["excess_abandoned_ci95"][1].get<double>(), planted - natural * 5);
}

}  // namespace
}  // namespace fl

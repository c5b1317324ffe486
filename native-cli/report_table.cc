#include "native-cli/report_table.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <string>
#include <vector>

#include "core/display_text.h"
#include "native-cli/display_width.h"
#include "native-cli/report_text.h"
#include "native-cli/terminal_text.h"

namespace fl::cli {
namespace {

constexpr size_t kWidth = 80;
constexpr int kBarCells = 10;

// A bar of kBarCells cells with eighth-cell resolution.
std::string Bar(double fraction) {
  static const char* kEighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
  if (fraction < 0) fraction = 0;
  if (fraction > 1) fraction = 1;
  const int eighths = static_cast<int>(fraction * kBarCells * 8 + 0.5);
  std::string bar;
  for (int i = 0; i < eighths / 8; ++i) bar += "█";
  bar += kEighths[eighths % 8];
  return bar;
}

// Text from the data, escaped for the terminal and cut to `width` columns.
std::string Fit(const std::string& text, size_t width) { return CutToWidth(ForTerminal(text), width); }

// Fit, then padded to exactly `width` columns: a table cell (printf's %-16s counts bytes,
// which misaligns "Café" and cuts "購物車" inside a character).
std::string Cell(const std::string& text, size_t width) { return PadToWidth(Fit(text, width), width); }

// Wraps a sentence at word boundaries, indenting continuation lines; text from the data is
// escaped first and words are measured in display columns.
void Wrap(const std::string& raw, size_t indent, std::string* out) {
  const std::string text = ForTerminal(raw);
  size_t line = indent;
  std::string word;
  auto flush = [&]() {
    if (word.empty()) return;
    const size_t columns = DisplayWidth(word);
    if (line + columns + 1 > kWidth && line > indent) {
      *out += "\n" + std::string(indent, ' ');
      line = indent;
    } else if (line > indent) {
      *out += ' ';
      ++line;
    }
    *out += word;
    line += columns;
    word.clear();
  };
  for (char c : text) {
    if (c == ' ') flush(); else word.push_back(c);
  }
  flush();
  *out += '\n';
}

// Pads our own text (an interval with an en dash) to `width` display columns.
std::string Pad(const std::string& text, size_t width) { return PadToWidth(text, width); }

std::string Row(const char* format, ...) __attribute__((format(printf, 1, 2)));
// printf into a string of whatever length the cells need (a fixed buffer would cut a
// row of wide or escaped cells inside a character).
std::string Row(const char* format, ...) {
  va_list args, again;
  va_start(args, format);
  va_copy(again, args);
  const int size = std::vsnprintf(nullptr, 0, format, args);
  va_end(args);
  std::string row(size > 0 ? size : 0, '\0');
  if (size > 0) std::vsnprintf(row.data(), row.size() + 1, format, again);
  va_end(again);
  return row;
}

// The experiment section, when the report has it: the sample-ratio check first (when it
// fires, nothing below it can be trusted), units per variant, then a verdict per step.
void RenderExperiment(const nlohmann::ordered_json& report, std::string* out) {
  auto found = report.find("experiment");
  if (found == report.end() || !found->is_object()) return;
  const auto& e = *found;
  *out += "\nExperiment " + Fit(e["name"].get<std::string>(), 40) + " (control " +
          Fit(e["control"].is_string() ? e["control"].get<std::string>() : std::string("none"), 20) + ")\n";
  const auto& ratio = e["sample_ratio"];
  if (ratio["mismatch"].get<bool>()) {
    *out += "  ";
    Wrap("WARNING: " + ratio["warning"].get<std::string>(), 4, out);
  }
  std::string split;
  for (const auto& v : e["variants"]) {
    split += (split.empty() ? "" : ", ") + v["name"].get<std::string>() + " " + WithThousands(v["units"].get<int64_t>());
  }
  char p_text[64];
  std::snprintf(p_text, sizeof(p_text), "%.4g", ratio["p_value"].get<double>());
  *out += "  ";
  Wrap("units: " + split + "; sample ratio p = " + p_text + "; " + WithThousands(e["mixed"]["units"].get<int64_t>()) +
           " in more than one variant (excluded), " + WithThousands(e["unassigned"].get<int64_t>()) + " never assigned",
       4, out);
  for (const auto& c : e["comparisons"]) {
    *out += "  ";
    Wrap(c["verdict"].get<std::string>(), 4, out);
  }
  // Friction per variant: did a variant remove (or bring) a friction point? The list is
  // the report's friction.differs_by_variant, decided once in the core.
  auto friction = report.find("friction");
  if (friction == report.end() || !friction->is_object() || !friction->contains("differs_by_variant")) return;
  const auto& differing = (*friction)["differs_by_variant"];
  if (!differing.empty()) *out += "  Friction that differs by variant:\n";
  for (const auto& entry : differing) {
    const auto& p = (*friction)["points"][entry["point"].get<size_t>()];
    std::string where = p["stage"].get<std::string>() + ", " + p["signal"].get<std::string>();
    if (p["target"].is_string()) where += " on " + p["target"].get<std::string>();
    *out += "    ";
    Wrap(where + ": " + entry["sentence"].get<std::string>(), 6, out);
  }
}

// The forms section, when some form was found: each form's sentence, its fields in form
// order, then the fields that make people leave (forms.friction, decided in the core).
void RenderForms(const nlohmann::ordered_json& report, std::string* out) {
  auto found = report.find("forms");
  if (found == report.end() || !found->is_object() || (*found)["forms"].empty()) return;
  const auto& forms = (*found)["forms"];
  *out += "\nForms\n";
  size_t shown = 0;
  for (const auto& form : forms) {
    if (++shown > 5) break;
    *out += "  ";
    Wrap(form["sentence"].get<std::string>(), 4, out);
    if (form["fields"].empty()) continue;
    *out += Row("    %-16s %8s %-22s %8s %7s %6s %s\n", "Field", "Reached", "Left here (95% CI)", "vs other",
               "Errors", "Back", "Time median / p90");
    for (const auto& field : form["fields"]) {
      const auto& rate = field["abandonment"];
      const auto& vs = field["vs_other_fields"];
      char difference[32] = "";
      if (vs.is_object()) std::snprintf(difference, sizeof(difference), "%+.1f pp", 100 * vs["difference"].get<double>());
      const auto& time = field["time_in_field"];
      const std::string times = time["median_ms"].is_number()
                                    ? HumanDuration(time["median_ms"].get<double>() / 1000) + " / " +
                                          HumanDuration(time["p90_ms"].get<double>() / 1000)
                                    : std::string("-");
      *out += Row("    %s %8s %s %8s %7s %6s %s%s\n", Cell(field["field"], 16).c_str(),
                 WithThousands(field["reached"].get<int64_t>()).c_str(),
                 Pad(Percent(rate["rate"].get<double>()) + " (" + PercentRange(rate["ci95"]) + ")", 22).c_str(),
                 difference, WithThousands(field["errors"].get<int64_t>()).c_str(),
                 WithThousands(field["refill_persons"].get<int64_t>()).c_str(), times.c_str(),
                 field["friction"].get<bool>() ? "  <- friction" : "");
    }
    if (form["fields"].size() < form["fields_found"].get<size_t>()) {
      *out += "    ... " + WithThousands(form["fields_found"].get<int64_t>() - static_cast<int64_t>(form["fields"].size())) +
              " more fields (the forms setting max_fields)\n";
    }
  }
  if (forms.size() > 5) *out += "  ... " + WithThousands(static_cast<int64_t>(forms.size()) - 5) + " more forms in --format json\n";
  *out += "  Left here: last field touched by people who never submitted. vs other: that rate\n"
          "  minus the other fields'. Back: people who came back to the field after another.\n";
  const auto& friction = (*found)["friction"];
  if (!friction.empty()) *out += "  Fields that make people leave:\n";
  for (const auto& entry : friction) {
    *out += "    - ";
    Wrap(entry["sentence"].get<std::string>(), 6, out);
  }
}

// The survival section: how soon units reach each step, open windows censored (the
// core's sentences), the reach read off each curve at the landmarks, and the log-rank
// comparison of the breakdown's segments.
void RenderSurvival(const nlohmann::ordered_json& report, std::string* out) {
  auto found = report.find("survival");
  if (found == report.end() || !found->is_object() || (*found)["steps"].empty()) return;
  const auto& survival = *found;
  *out += "\nTime to reach each step (Kaplan-Meier; open windows censored, not lost)\n";
  // At most 5 landmarks fit 80 columns: spread over the list, the window's end last.
  std::vector<size_t> marks;
  const size_t n = survival["landmarks_ms"].size();
  for (size_t i = 0; i < std::min<size_t>(n, 5); ++i) {
    marks.push_back(n <= 5 ? i : (i * (n - 1) + 2) / 4);
  }
  std::string header = "  " + Pad("Reached by", 16);
  for (size_t i : marks) {
    header += " " + Pad(HumanDuration(survival["landmarks_ms"][i].get<double>() / 1000), 9);
  }
  *out += header + " Median (CI below)\n";
  for (const auto& step : survival["steps"]) {
    std::string line = "  " + Cell(step["name"], 16);
    for (size_t i : marks) line += " " + Pad(Percent(step["landmarks"][i]["reach"].get<double>()), 9);
    line += " " + (step["median_ms"].is_number() ? HumanDuration(step["median_ms"].get<double>() / 1000)
                                                 : std::string("under half"));
    *out += line + "\n";
  }
  for (const auto& step : survival["steps"]) {
    *out += "  - ";
    Wrap(step["sentence"].get<std::string>(), 4, out);
  }
  auto comparison = survival.find("comparison");
  if (comparison == survival.end()) return;
  *out += "  By " + Fit((*comparison)["property"], 40) + " (" +
          WithThousands(static_cast<int64_t>((*comparison)["segments"].size())) + " segments):\n";
  for (const auto& test : (*comparison)["log_rank"]) {
    *out += "    - ";
    Wrap(test["sentence"].get<std::string>(), 6, out);
  }
}

// The delivery section, when orders were found: the on-time sentence (the core's), how
// late the late ones were, the late share by property, what lateness does afterwards and
// the impossible orders.
void RenderDelivery(const nlohmann::ordered_json& report, std::string* out) {
  auto found = report.find("delivery");
  if (found == report.end() || !found->is_object() || (*found)["orders"].get<int64_t>() == 0) return;
  const auto& delivery = *found;
  *out += "\nDelivery (promise kept?)\n  ";
  Wrap(delivery["sentence"].get<std::string>().empty()
           ? WithThousands(delivery["orders"].get<int64_t>()) + " orders, none with a promise to judge"
           : delivery["sentence"].get<std::string>(),
       4, out);
  const auto& lateness = delivery["lateness"];
  if (lateness["late_delivered"].get<int64_t>() > 0) {
    std::string line = "Late deliveries: median " + HumanDuration(lateness["median_ms"].get<double>() / 1000) +
                       " after the promise, p90 " + HumanDuration(lateness["p90_ms"].get<double>() / 1000) + ";";
    for (const auto& bucket : lateness["by_days"]) {
      if (bucket["orders"].get<int64_t>() == 0) continue;
      line += " " + bucket["late_by"].get<std::string>() + ": " + WithThousands(bucket["orders"].get<int64_t>()) + ",";
    }
    line.pop_back();
    *out += "  ";
    Wrap(line, 4, out);
  }
  for (const auto& by : delivery["by"]) {
    *out += "  Late share by " + Fit(by["property"], 30) + ":\n";
    size_t shown = 0;
    for (const auto& value : by["values"]) {
      if (++shown > 5) break;
      *out += "    " + Cell(value["value"], 20) + " " +
              Pad(Percent(value["late_share"].get<double>()) + " (" + PercentRange(value["late_share_ci95"]) + ")", 22) +
              " of " + WithThousands(value["judged"].get<int64_t>()) + "\n";
    }
  }
  for (const auto& comparison : delivery["downstream"]["comparisons"]) {
    *out += "  - ";
    Wrap(comparison["sentence"].get<std::string>(), 4, out);
  }
  for (const auto& finding : delivery["findings"]) {
    *out += "  - data: ";
    Wrap(finding["sentence"].get<std::string>(), 4, out);
  }
}

// The input_quality section, when the report has it.
void RenderInputQuality(const nlohmann::ordered_json& report, std::string* out) {
  auto found = report.find("input_quality");
  if (found == report.end() || !found->is_object()) return;
  const auto& q = *found;
  *out += "\nInput quality\n";
  std::string reasons;
  for (const auto& r : q["rejected_by_reason"]) {
    reasons += (reasons.empty() ? " (" : ", ") + r["reason"].get<std::string>() + " " +
               WithThousands(r["rows"].get<int64_t>());
  }
  if (!reasons.empty()) reasons += ")";
  *out += "  ";
  Wrap(WithThousands(q["rows"].get<int64_t>()) + " rows, " + WithThousands(q["events"].get<int64_t>()) +
           " events used, " + WithThousands(q["rejected"].get<int64_t>()) + " rejected" + reasons + "; " +
           WithThousands(q["duplicate_events"].get<int64_t>()) + " duplicate events",
       4, out);
  const auto& per_user = q["events_per_user"];
  if (per_user["min"].is_number()) {
    std::string line = "events per user: min " + WithThousands(per_user["min"].get<int64_t>());
    for (const auto& p : per_user["percentiles"]) {
      char name[32];
      std::snprintf(name, sizeof(name), ", p%g ", p["percentile"].get<double>());
      line += name + WithThousands(p["events"].get<int64_t>());
    }
    line += ", max " + WithThousands(per_user["max"].get<int64_t>());
    *out += "  ";
    Wrap(line, 4, out);
  }
  for (const auto& f : q["files"]) {
    std::string line = f["file"].get<std::string>() + ": " + WithThousands(f["rows"].get<int64_t>()) + " rows, " +
                       WithThousands(f["rejected"].get<int64_t>()) + " rejected";
    if (f["first_time"].is_string()) {
      line += ", " + f["first_time"].get<std::string>() + " to " + f["last_time"].get<std::string>();
    }
    *out += "  ";
    Wrap(line, 4, out);
  }
}

// A section's sentences (its key "sentences"), one bullet each.
void Bullets(const nlohmann::ordered_json& sentences, std::string* out) {
  for (const auto& sentence : sentences) {
    *out += "  - ";
    Wrap(sentence.get<std::string>(), 4, out);
  }
}

// The paths section: what came next for those who dropped at each step (the core's
// sentences), the most common variants, and the most frequent transitions.
void RenderPaths(const nlohmann::ordered_json& report, std::string* out) {
  auto found = report.find("paths");
  if (found == report.end() || !found->is_object() || (*found)["units"].get<int64_t>() == 0) return;
  const auto& paths = *found;
  *out += "\nPaths (where units went)\n";
  Bullets(paths["sentences"], out);
  *out += "  Variants (steps in the order done; share of units, conversion):\n";
  size_t shown = 0;
  for (const auto& v : paths["variants"]["top"]) {
    if (++shown > 5) break;
    std::string steps;
    for (const auto& name : v["steps"]) steps += (steps.empty() ? "" : " > ") + name.get<std::string>();
    *out += "    " + Pad(Percent(v["share"].get<double>()), 7) + " " + Pad(WithThousands(v["units"].get<int64_t>()), 8) +
            " conv " + Pad(Percent(v["conversion"].get<double>()), 7) + " ";
    Wrap(steps, 34, out);
  }
  *out += "  Most frequent transitions (" + paths["graph"]["of"].get<std::string>() + "):\n";
  shown = 0;
  for (const auto& e : paths["graph"]["edges"]) {
    if (++shown > 8) break;
    std::string line = Cell(e["from"].get<std::string>() + " -> " + e["to"].get<std::string>(), 44) + " " +
                       WithThousands(e["count"].get<int64_t>());
    if (e["median_ms"].is_number()) {
      line = Pad(line, 53) + " median " + HumanDuration(e["median_ms"].get<double>() / 1000);
    }
    *out += "    " + line + "\n";
  }
}

// The correlation section: per step, the events and property values that go with
// dropping there and with going on (the core's ranking, OR and q), then its sentences.
std::string CandidateLabel(const nlohmann::ordered_json& c) {
  if (c["kind"] == "event") return c["event"].get<std::string>();
  return c["property"].get<std::string>() + " = " + c["value"].get<std::string>();
}

void RenderCorrelation(const nlohmann::ordered_json& report, std::string* out) {
  auto found = report.find("correlation");
  if (found == report.end() || !found->is_object()) return;
  const auto& correlation = *found;
  bool header = false;
  for (const auto& step : correlation["steps"]) {
    if (step["units"].get<int64_t>() == 0) continue;
    if (!header) {
      *out += "\nCorrelation (+ goes with dropping, - with going on; drop rate with vs without)\n";
      header = true;
    }
    *out += "  " + Fit(step["step"].get<std::string>(), 20) + " -> " + Fit(step["next_step"].get<std::string>(), 20) +
            ": " + WithThousands(step["units"].get<int64_t>()) + " units, " + Percent(step["drop_rate"].get<double>()) +
            " dropped\n    (" + WithThousands(step["in_progress"].get<int64_t>()) + " in progress left out; " +
            WithThousands(step["tested"].get<int64_t>()) + " of " + WithThousands(step["candidates"].get<int64_t>()) +
            " candidates tested, " + WithThousands(step["significant"].get<int64_t>()) + " with q < " +
            Row("%g", correlation["settings"]["alpha"].get<double>()) + ")\n";
    for (const auto& [key, sign] : {std::make_pair("with_dropping", "+"), std::make_pair("with_converting", "-")}) {
      size_t shown = 0;
      for (const auto& c : step[key]) {
        if (++shown > 5) break;
        const double q = c["q_value"].get<double>();
        const std::string line = std::string(sign) + " " + Cell(CandidateLabel(c), 22) + " " +
                                 Pad(Percent(c["drop_rate_with"].get<double>()), 6) + " vs " +
                                 Pad(Percent(c["drop_rate_without"].get<double>()), 6) + " OR " +
                                 DisplayRatio(c["odds_ratio"].get<double>()) + " (" +
                                 DisplayRatioRange(c["odds_ratio_ci95"][0].get<double>(), c["odds_ratio_ci95"][1].get<double>()) +
                                 ") " + (q < 0.001 ? std::string("q<0.001") : Row("q %.3f", q));
        *out += "    " + CutToWidth(line, kWidth - 4) + "\n";
      }
    }
  }
  if (!header) return;
  Bullets(correlation["sentences"], out);
}

// The conformance section: the core's sentences, then per step the share of the step's
// units with each kind of deviation (the units whose walk got to the step or past it).
void RenderConformance(const nlohmann::ordered_json& report, std::string* out) {
  auto found = report.find("conformance");
  if (found == report.end() || !found->is_object() || (*found)["units"].get<int64_t>() == 0) return;
  const auto& conformance = *found;
  *out += "\nConformance (did units follow the designed order)\n";
  Bullets(conformance["sentences"], out);
  static const char* const kKinds[] = {"skipped", "out_of_order", "went_back", "repeated"};
  *out += "  Deviations per step (share of the units that got to it or further):\n";
  *out += "    " + Cell("Step", 22) + " " + Pad("units", 9) + " " + Pad("skipped", 9) + " " + Pad("out of order", 13) +
          " " + Pad("went back", 10) + " repeated\n";
  for (const auto& step : conformance["steps"]) {
    std::string line = Cell(step["step"].get<std::string>(), 22) + " " + Pad(WithThousands(step["units"].get<int64_t>()), 9);
    const size_t widths[] = {9, 13, 10, 8};
    for (size_t k = 0; k < 4; ++k) {
      const auto& kind = step[kKinds[k]];
      // An optional step is never "skipped": a dash, not a 0% that reads as measured.
      const std::string cell = k == 0 && step["optional"].get<bool>() ? "-" : Percent(kind["share"].get<double>());
      line += " " + (k == 3 ? cell : Pad(cell, widths[k]));
    }
    *out += "    " + line + "\n";
  }
}

// input.tables, when the journey maps tables: what each made, how its joins matched,
// and the rows whose stages are out of order.
void RenderTables(const nlohmann::ordered_json& input, std::string* out) {
  auto found = input.find("tables");
  if (found == input.end() || !found->is_array()) return;
  *out += "\nTables (rows into events)\n";
  for (const auto& t : *found) {
    std::string line = t["table"].get<std::string>() + ": " + WithThousands(t["rows"].get<int64_t>()) + " rows, " +
                       WithThousands(t["rejected"].get<int64_t>()) + " rejected";
    if (t["kind"] == "events") {
      line += ", " + WithThousands(t["events"].get<int64_t>()) + " events";
      for (const auto& j : t["joins"]) {
        line += "; joined " + j["table"].get<std::string>() + " on " + j["on"].get<std::string>() + ": " +
                WithThousands(j["matched"].get<int64_t>()) + " matched, " +
                WithThousands(j["unmatched"].get<int64_t>()) + " not found";
      }
    } else {
      line += ", " + WithThousands(t["joined_rows"].get<int64_t>()) + " joined";
    }
    if (t["files"].empty()) line += " (no file given)";
    *out += "  ";
    Wrap(line, 4, out);
    if (!t.contains("findings")) continue;
    for (const auto& f : t["findings"]) {
      std::string examples;
      for (const auto& e : f["examples"]) examples += (examples.empty() ? "" : ", ") + e.get<std::string>();
      *out += "    ";
      Wrap("data: " + WithThousands(f["count"].get<int64_t>()) + " rows with " + f["what"].get<std::string>() +
               " (kept; e.g. " + examples + ")",
           6, out);
    }
  }
}

// The funnel's steps, times and breakdown.
void RenderFunnel(const nlohmann::ordered_json& funnel, std::string* out) {
  *out += "\n";
  *out += Row("%-2s %-16s %8s %6s %-11s %6s %7s %6s %s\n", "#", "Step", "Units", "Conv", "95% CI", "Step", "Dropped",
             "Open", "");
  const auto& steps = funnel["steps"];
  for (size_t i = 0; i < steps.size(); ++i) {
    const auto& step = steps[i];
    const double conversion = step["conversion"].get<double>();
    *out += Row("%-2zu %s %8s %6s %s %6s %7s %6s %s\n", i + 1, Cell(step["name"], 16).c_str(),
               WithThousands(step["count"].get<int64_t>()).c_str(), Percent(conversion).c_str(),
               Pad(i == 0 ? "" : PercentRange(step["conversion_ci95"]), 11).c_str(),
               i == 0 ? "" : Percent(step["step_conversion"].get<double>()).c_str(),
               i == 0 ? "" : WithThousands(step["dropped"].get<int64_t>()).c_str(),
               i == 0 ? "" : WithThousands(step["in_progress"].get<int64_t>()).c_str(), Bar(conversion).c_str());
  }
  *out += "Conv: from step 1 (Wilson 95% CI). Step: from the previous step. Open: window\n"
         "still open at the end of the data (in progress, not dropped).\n";

  *out += "\nTime from the previous step (median / p90)\n";
  for (size_t i = 1; i < steps.size(); ++i) {
    const auto& step = steps[i];
    // Null when no unit has a time for this step (none reached it, or all skipped it).
    if (!step["median_seconds_from_previous"].is_number()) continue;
    *out += Row("   %s %10s / %s\n", Cell(step["name"], 16).c_str(),
               HumanDuration(step["median_seconds_from_previous"].get<double>()).c_str(),
               HumanDuration(step["p90_seconds_from_previous"].get<double>()).c_str());
  }

  const auto& breakdown = funnel["breakdown"];
  if (breakdown.is_object() && !breakdown["segments"].empty()) {
    *out += "\nBy " + Fit(breakdown["property"], 30) + " (" + breakdown["attribution"].get<std::string>() +
           "): conversion to the last step\n";
    // The 10 largest values, then how many more the JSON lists, then the "(other)" row
    // that adds up the values beyond the spec's `top` (labelled with their number, so
    // that it does not read as a value of the data).
    auto row = [&](const nlohmann::ordered_json& segment, const std::string& label) {
      const auto& seg_steps = segment["steps"];
      const auto& last = seg_steps[seg_steps.size() - 1];
      *out += Row("   %s %8s %6s %s %s\n", (label.empty() ? Cell(segment["value"], 20) : Pad(label, 20)).c_str(),
                 WithThousands(seg_steps[0]["count"].get<int64_t>()).c_str(),
                 Percent(last["conversion"].get<double>()).c_str(), Pad(PercentRange(last["conversion_ci95"]), 11).c_str(),
                 Bar(last["conversion"].get<double>()).c_str());
    };
    size_t listed = 0, hidden = 0;
    const nlohmann::ordered_json* other = nullptr;
    for (const auto& segment : breakdown["segments"]) {
      if (segment.contains("other")) {
        other = &segment;
      } else if (++listed <= 10) {
        row(segment, "");
      } else {
        ++hidden;
      }
    }
    if (hidden > 0) *out += "   ... " + WithThousands(static_cast<int64_t>(hidden)) + " more values in --format json\n";
    if (other != nullptr) {
      row(*other, "(other: " + WithThousands(breakdown["values_in_other"].get<int64_t>()) + " values)");
    }
  }

}

}  // namespace

std::string RenderReportTable(const nlohmann::ordered_json& report) {
  std::string out;
  const auto& input = report["input"];
  const auto& journey = report["journey"];
  out += Fit(journey.value("name", std::string("Journey")) + " - " + WithThousands(input["users"].get<int64_t>()) +
                 " users, " + WithThousands(input["events"].get<int64_t>()) + " events, " +
                 WithThousands(input["rejected"].get<int64_t>()) +
                 (input["rejected"].get<int64_t>() == 1 ? " row rejected" : " rows rejected"),
             kWidth) + "\n";
  out += Fit("unit " + journey.value("unit", std::string()) + ", order " + journey.value("order", std::string()) +
                 ", window " + journey.value("window", std::string()) +
                 (input["first_time"].is_string()
                      ? ", data " + input["first_time"].get<std::string>().substr(0, 10) + " to " +
                            input["last_time"].get<std::string>().substr(0, 10)
                      : std::string()),
             kWidth) + "\n";

  const std::vector<std::string> sentences = TopFrictionSentences(report);
  if (!sentences.empty()) {
    out += "\nTop friction\n";
    const auto& friction = report["friction"];
    for (size_t i = 0; i < sentences.size(); ++i) {
      std::string prefix = Row("%2zu. ", i + 1);
      out += prefix;
      Wrap(sentences[i], prefix.size(), &out);
      // A rage or dead click point: under which vendors' rules it is found.
      const auto& point = friction["points"][friction["top"][i]["point"].get<size_t>()];
      if (point.contains("found_under")) {
        out += std::string(prefix.size(), ' ');
        Wrap("(" + point["found_under"].get<std::string>() + ")", prefix.size(), &out);
      }
    }
  }

  // Apart, never mixed in: signals whose affected units convert better.
  const std::vector<std::string> gains = WithoutLossSentences(report);
  if (!gains.empty()) {
    out += "\nSignals without loss (the affected convert better)\n";
    for (const std::string& sentence : gains) {
      out += "  - ";
      Wrap(sentence, 4, &out);
    }
  }

  if (report.contains("funnel")) RenderFunnel(report["funnel"], &out);

  RenderForms(report, &out);
  RenderSurvival(report, &out);
  RenderDelivery(report, &out);
  RenderPaths(report, &out);
  RenderCorrelation(report, &out);
  RenderConformance(report, &out);
  RenderExperiment(report, &out);
  RenderInputQuality(report, &out);
  RenderTables(input, &out);

  const auto& warnings = input["warnings"];
  if (!warnings.empty() || input["rejected"].get<int64_t>() > 0) {
    out += "\nInput\n";
    for (const auto& warning : warnings) {
      out += "  ";
      Wrap("warning: " + warning.get<std::string>(), 4, &out);
    }
    size_t shown = 0;
    for (const auto& r : input["rejections"]) {
      if (++shown > 5) break;
      out += "  ";
      Wrap("rejected: " + r["file"].get<std::string>() + ":" + std::to_string(r["line"].get<int64_t>()) + ":" +
               std::to_string(r["column"].get<int64_t>()) + ": " + r["reason"].get<std::string>(),
           4, &out);
    }
  }
  return out;
}

}  // namespace fl::cli

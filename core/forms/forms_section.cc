#include "core/forms/forms_section.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/display_text.h"
#include "core/json/json_reader.h"
#include "core/stats/intervals.h"
#include "core/stats/multiple_testing.h"
#include "core/stats/proportions.h"

namespace fl {
namespace {

constexpr const char* kStateKind = "frictionlens.forms_state/1";
constexpr size_t kExamples = 5;

using oj = nlohmann::ordered_json;

double Round6(double x) {
  const double r = std::round(x * 1e6) / 1e6;
  return r == 0.0 ? 0.0 : r;
}

oj Pair(const Interval& i) { return oj::array({Round6(i.lo), Round6(i.hi)}); }

// The smallest `kExamples` ids of both lists, sorted: the same whatever the shards.
void MergeExamples(const std::vector<std::string>& from, std::vector<std::string>* into) {
  std::vector<std::string> all = *into;
  all.insert(all.end(), from.begin(), from.end());
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  if (all.size() > kExamples) all.resize(kExamples);
  *into = std::move(all);
}

// Median (the mean of the two middle values for an even count, as PostHog) and p90
// (nearest rank) of a duration multiset, in milliseconds; nulls when empty.
oj Quantiles(const DurationCounts& counts) {
  const std::vector<DurationCounts::Pair> sorted = counts.Sorted();
  int64_t n = 0;
  for (const auto& [ms, k] : sorted) n += k;
  auto at_rank = [&](int64_t rank) {  // 0-based
    int64_t seen = 0;
    for (const auto& [ms, k] : sorted) {
      seen += k;
      if (seen > rank) return ms;
    }
    return sorted.back().first;
  };
  oj out;
  out["persons"] = n;
  if (n == 0) {
    out["median_ms"] = nullptr;
    out["p90_ms"] = nullptr;
    return out;
  }
  const double median = n % 2 == 1 ? static_cast<double>(at_rank(n / 2))
                                   : (static_cast<double>(at_rank(n / 2 - 1)) + static_cast<double>(at_rank(n / 2))) / 2;
  out["median_ms"] = Round6(median);
  out["p90_ms"] = at_rank((9 * n + 9) / 10 - 1);
  return out;
}

// The form's usual fields: those at least half of its starters reached.
int64_t UsualFields(const FormCounts& form) {
  int64_t usual = 0;
  for (const auto& entry : form.fields) usual += 2 * entry.second.reached >= form.started;
  return usual;
}

// Who left at this field, not counting those who had touched as many fields as the form
// usually has with no error in this one (they left after filling it in).
int64_t LeftHere(const FieldCounts& field, int64_t usual) {
  int64_t n = 0;
  for (const auto& [touched, k] : field.abandoned_by_touched) {
    if (usual == 0 || touched < usual) n += k;  // touched == 0: left with the field in error
  }
  return n;
}

std::string Count(double x) { return DisplayCount(std::llround(x)); }

// "checkout: 6,261 started, 3,518 submitted: 56.2% (95% CI 55.0–57.4%); median 52 s to
// complete (p90 1.3 min); 1,154 filled in every usual field and did not submit"
std::string FormSentence(const std::string& name, const FormCounts& form, const oj& f) {
  const Interval ci = WilsonInterval(form.submitted, form.started);
  std::string s = absl::StrCat(name, ": ", DisplayCount(form.started), " started, ", DisplayCount(form.submitted),
                               " submitted: ", DisplayPercent(f["completion"]["rate"].get<double>()), " (95% CI ",
                               DisplayPercentRange(ci.lo, ci.hi), ")");
  const oj& t = f["time_to_complete"];
  if (t["median_ms"].is_number()) {
    absl::StrAppend(&s, "; median ", DisplaySeconds(t["median_ms"].get<double>() / 1000), " to complete (p90 ",
                    DisplaySeconds(t["p90_ms"].get<double>() / 1000), ")");
  }
  const int64_t after = f["left_after_fields"].get<int64_t>();
  if (after > 0) absl::StrAppend(&s, "; ", DisplayCount(after), " filled in every usual field and did not submit");
  if (form.left_before_fields > 0) {
    absl::StrAppend(&s, "; ", DisplayCount(form.left_before_fields), " left before any field");
  }
  return s;
}

// "checkout form, #postcode: 1,248 of 5,926 who reached it left there, 21.1% (95% CI
// 20.0–22.1%) against 1.5% at the other fields: about 1,160 more (95% CI 1,099-1,223);
// 5,709 errors (1,801 persons), 1,872 came back to it"
std::string FieldSentence(const std::string& form, const oj& field) {
  const oj& rate = field["abandonment"];
  const oj& vs = field["vs_other_fields"];
  std::string s = absl::StrCat(form, " form, ", field["field"].get<std::string>(), ": ",
                               DisplayCount(field["abandoned"].get<int64_t>()), " of ",
                               DisplayCount(field["reached"].get<int64_t>()), " who reached it left there, ",
                               DisplayPercent(rate["rate"].get<double>()), " (95% CI ",
                               DisplayPercentRange(rate["ci95"][0].get<double>(), rate["ci95"][1].get<double>()),
                               ") against ", DisplayPercent(vs["other_rate"].get<double>()), " at the other fields: about ",
                               Count(field["excess_abandoned"].get<double>()), " more (95% CI ",
                               Count(field["excess_abandoned_ci95"][0].get<double>()), "-",
                               Count(field["excess_abandoned_ci95"][1].get<double>()), ")");
  std::vector<std::string> more;
  if (field["errors"].get<int64_t>() > 0) {
    more.push_back(absl::StrCat(DisplayCount(field["errors"].get<int64_t>()), " errors (",
                                DisplayCount(field["error_persons"].get<int64_t>()), " persons)"));
  }
  if (field["refill_persons"].get<int64_t>() > 0) {
    more.push_back(absl::StrCat(DisplayCount(field["refill_persons"].get<int64_t>()), " came back to it"));
  }
  for (size_t i = 0; i < more.size(); ++i) absl::StrAppend(&s, i == 0 ? "; " : ", ", more[i]);
  return s;
}

oj PairsToJson(const std::map<int64_t, int64_t>& pairs) {
  oj out = oj::array();
  for (const auto& [k, n] : pairs) out.push_back(oj::array({k, n}));
  return out;
}

oj DurationsToJson(const DurationCounts& counts) {
  oj out = oj::array();
  for (const auto& [ms, k] : counts.Sorted()) out.push_back(oj::array({ms, k}));
  return out;
}

class FormsRun : public SectionRun {
 public:
  FormsRun(FormsSettings settings, const EventTable& table)
      : settings_(std::move(settings)), binding_(settings_, table) {}
  std::unique_ptr<SectionState> NewState() const override {
    return std::make_unique<FormsState>(settings_, binding_.any() ? &binding_ : nullptr);
  }
  absl::StatusOr<std::unique_ptr<SectionState>> StateFromJson(const nlohmann::json& json) const override {
    absl::StatusOr<FormsState> state = absl::InternalError("");
    try {
      state = FormsState::FromJson(settings_, json);
    } catch (const nlohmann::json::exception& e) {
      return absl::InvalidArgumentError(absl::StrCat("forms state: ", e.what()));
    }
    if (!state.ok()) return state.status();
    return std::make_unique<FormsState>(*std::move(state));
  }

 private:
  FormsSettings settings_;
  FormsBinding binding_;
};

}  // namespace

void FormsState::Add(const UserPass& user) {
  if (binding_ == nullptr) return;  // no form events in the table
  ReadFormVisits(*binding_, user.begin_row, user.end_row, &scratch_);
  if (scratch_.empty()) return;
  const std::string& id = user.table->users.Value(user.user);
  for (const FormVisit& visit : scratch_) {
    FormCounts& form = forms_[std::string(visit.form)];
    ++form.started;
    form.form_errors += visit.form_errors;
    const bool submitted = visit.submit_ms >= 0;
    if (submitted) {
      ++form.submitted;
      form.to_complete.Add(std::max<int64_t>(0, visit.submit_ms - visit.first_ms));
    } else if (visit.last_field < 0) {
      ++form.left_before_fields;
    }
    for (size_t i = 0; i < visit.fields.size(); ++i) {
      const FieldVisit& v = visit.fields[i];
      FieldCounts& field = form.fields[std::string(v.field)];
      ++field.reached;
      field.rank_sum += v.rank;
      field.errors += v.errors;
      field.error_persons += v.errors > 0;
      field.returns += v.returns;
      field.refill_persons += v.returns > 0;
      if (v.timed) field.time_in_field.Add(v.time_ms);
      if (!submitted && static_cast<int>(i) == visit.last_field) {
        ++field.abandoned;
        // Key 0: the field they left had an error (it stopped them, however far they got).
        ++field.abandoned_by_touched[v.errors > 0 ? 0 : static_cast<int64_t>(visit.fields.size())];
        MergeExamples({id}, &field.examples);
      }
    }
  }
}

absl::Status FormsState::MergeShard(SectionState&& other) {
  auto& from = static_cast<FormsState&>(other);
  for (auto& [name, f] : from.forms_) {
    FormCounts& into = forms_[name];
    into.started += f.started;
    into.submitted += f.submitted;
    into.left_before_fields += f.left_before_fields;
    into.form_errors += f.form_errors;
    into.to_complete.Merge(f.to_complete);
    for (auto& [field_name, field] : f.fields) {
      FieldCounts& g = into.fields[field_name];
      g.reached += field.reached;
      g.abandoned += field.abandoned;
      g.errors += field.errors;
      g.error_persons += field.error_persons;
      g.returns += field.returns;
      g.refill_persons += field.refill_persons;
      g.rank_sum += field.rank_sum;
      for (const auto& [touched, n] : field.abandoned_by_touched) g.abandoned_by_touched[touched] += n;
      g.time_in_field.Merge(field.time_in_field);
      MergeExamples(field.examples, &g.examples);
    }
  }
  from.forms_.clear();
  return absl::OkStatus();
}

oj FormsState::Finalize() const {
  oj out;
  out["settings"] = FormsSettingsToJson(settings_);
  // The forms shown: most started first (ties by name).
  std::vector<const std::pair<const std::string, FormCounts>*> forms;
  for (const auto& entry : forms_) forms.push_back(&entry);
  std::stable_sort(forms.begin(), forms.end(),
                   [](const auto* a, const auto* b) { return a->second.started > b->second.started; });
  out["forms_found"] = forms.size();
  if (forms.size() > static_cast<size_t>(settings_.max_forms)) forms.resize(settings_.max_forms);

  // Every shown field against the other fields of its form, then BH over all of them.
  struct Row {
    size_t form;
    const std::string* name;
    const FieldCounts* counts;
    ProportionComparison vs_others;
    bool compared = false;
  };
  std::vector<std::vector<Row>> rows(forms.size());
  std::vector<double> p_values;
  for (size_t i = 0; i < forms.size(); ++i) {
    const FormCounts& form = forms[i]->second;
    std::vector<const std::pair<const std::string, FieldCounts>*> fields;
    int64_t reached_all = 0, abandoned_all = 0;
    const int64_t usual = UsualFields(form);
    for (const auto& entry : form.fields) {
      fields.push_back(&entry);
      reached_all += entry.second.reached;
      abandoned_all += LeftHere(entry.second, usual);
    }
    // The most reached fields when there are too many, then in form order.
    std::stable_sort(fields.begin(), fields.end(),
                     [](const auto* a, const auto* b) { return a->second.reached > b->second.reached; });
    if (fields.size() > static_cast<size_t>(settings_.max_fields)) fields.resize(settings_.max_fields);
    std::stable_sort(fields.begin(), fields.end(), [](const auto* a, const auto* b) {
      // Mean first-touch rank, compared exactly: rank_a / reached_a < rank_b / reached_b.
      return static_cast<__int128>(a->second.rank_sum) * b->second.reached <
             static_cast<__int128>(b->second.rank_sum) * a->second.reached;
    });
    for (const auto* entry : fields) {
      Row row{i, &entry->first, &entry->second, {}, false};
      const int64_t other_reached = reached_all - entry->second.reached;
      const int64_t left_here = LeftHere(entry->second, usual);
      if (entry->second.reached > 0 && other_reached > 0) {
        row.vs_others =
            CompareProportions(left_here, entry->second.reached, abandoned_all - left_here, other_reached);
        row.compared = true;
        p_values.push_back(row.vs_others.p_value);
      }
      rows[i].push_back(row);
    }
  }
  const std::vector<double> q_values = BenjaminiHochberg(p_values);

  oj list = oj::array();
  std::vector<std::pair<double, oj>> frictions;  // (excess abandoned, {form, field, sentence})
  size_t next_q = 0;
  for (size_t i = 0; i < forms.size(); ++i) {
    const FormCounts& form = forms[i]->second;
    oj f;
    f["form"] = forms[i]->first;
    f["started"] = form.started;
    f["submitted"] = form.submitted;
    f["abandoned"] = form.started - form.submitted;
    f["completion"] = oj{{"rate", Round6(form.started > 0 ? static_cast<double>(form.submitted) / form.started : 0)},
                         {"ci95", Pair(WilsonInterval(form.submitted, form.started))}};
    f["time_to_complete"] = Quantiles(form.to_complete);
    f["left_before_fields"] = form.left_before_fields;
    const int64_t usual = UsualFields(form);
    int64_t left_after = 0;
    for (const auto& entry : form.fields) left_after += entry.second.abandoned - LeftHere(entry.second, usual);
    f["usual_fields"] = usual;
    f["left_after_fields"] = left_after;
    f["form_errors"] = form.form_errors;
    f["fields_found"] = form.fields.size();
    oj fields = oj::array();
    for (const Row& row : rows[i]) {
      const FieldCounts& c = *row.counts;
      oj field;
      field["field"] = *row.name;
      field["mean_rank"] = Round6(static_cast<double>(c.rank_sum) / static_cast<double>(c.reached));
      field["reached"] = c.reached;
      field["reached_share"] = Round6(form.started > 0 ? static_cast<double>(c.reached) / form.started : 0);
      const int64_t left_here = LeftHere(c, usual);
      field["abandoned"] = left_here;
      field["abandonment"] = oj{{"rate", Round6(static_cast<double>(left_here) / static_cast<double>(c.reached))},
                                {"ci95", Pair(WilsonInterval(left_here, c.reached))}};
      if (row.compared) {
        const double q = q_values[next_q++];
        const ProportionComparison& cmp = row.vs_others;
        const double n = static_cast<double>(c.reached);
        field["vs_other_fields"] = oj{{"other_rate", Round6(cmp.rate2)},
                                      {"difference", Round6(cmp.difference)},
                                      {"ci95", Pair(cmp.difference_ci95)},
                                      {"test", cmp.exact ? "fisher" : "z"},
                                      {"p_value", Round6(cmp.p_value)},
                                      {"q_value", Round6(q)}};
        field["excess_abandoned"] = Round6(n * cmp.difference);
        field["excess_abandoned_ci95"] = Pair({n * cmp.difference_ci95.lo, n * cmp.difference_ci95.hi});
        field["friction"] = q < settings_.alpha && cmp.difference_ci95.lo > 0;
      } else {
        field["vs_other_fields"] = nullptr;
        field["excess_abandoned"] = nullptr;
        field["excess_abandoned_ci95"] = nullptr;
        field["friction"] = false;
      }
      field["errors"] = c.errors;
      field["error_persons"] = c.error_persons;
      field["returns"] = c.returns;
      field["refill_persons"] = c.refill_persons;
      field["time_in_field"] = Quantiles(c.time_in_field);
      field["examples"] = c.examples;
      if (field["friction"].get<bool>()) {
        field["sentence"] = FieldSentence(forms[i]->first, field);
        frictions.push_back({field["excess_abandoned"].get<double>(),
                             oj{{"form", forms[i]->first}, {"field", *row.name}, {"sentence", field["sentence"]}}});
      }
      fields.push_back(std::move(field));
    }
    f["fields"] = std::move(fields);
    f["sentence"] = FormSentence(forms[i]->first, form, f);
    list.push_back(std::move(f));
  }
  out["forms"] = std::move(list);
  // The fields that make people leave, most excess abandonments first: the list every door
  // shows (decided here once).
  std::stable_sort(frictions.begin(), frictions.end(),
                   [](const auto& a, const auto& b) { return Round6(a.first) > Round6(b.first); });
  oj friction = oj::array();
  for (auto& [excess, entry] : frictions) friction.push_back(std::move(entry));
  out["friction"] = std::move(friction);
  return out;
}

oj FormsState::ToJson() const {
  oj out;
  out["kind"] = kStateKind;
  out["settings"] = FormsSettingsToJson(settings_);
  oj forms = oj::array();
  for (const auto& [name, f] : forms_) {
    oj fields = oj::array();
    for (const auto& [field_name, c] : f.fields) {
      fields.push_back(oj{{"field", field_name},
                          {"counts", oj::array({c.reached, c.abandoned, c.errors, c.error_persons, c.returns,
                                                c.refill_persons, c.rank_sum})},
                          {"abandoned_by_touched", PairsToJson(c.abandoned_by_touched)},
                          {"time_in_field", DurationsToJson(c.time_in_field)},
                          {"examples", c.examples}});
    }
    forms.push_back(oj{{"form", name},
                       {"counts", oj::array({f.started, f.submitted, f.left_before_fields, f.form_errors})},
                       {"to_complete", DurationsToJson(f.to_complete)},
                       {"fields", std::move(fields)}});
  }
  out["forms"] = std::move(forms);
  return out;
}

absl::StatusOr<FormsState> FormsState::FromJson(const FormsSettings& settings, const nlohmann::json& json) {
  const JsonReader reader("forms state: ");
  if (JsonReader::StringOr(json, "kind") != kStateKind) {
    return reader.Error("kind", absl::StrCat("expected \"", kStateKind, "\""));
  }
  if (json.value("settings", nlohmann::json()) != nlohmann::json::parse(FormsSettingsToJson(settings).dump())) {
    return reader.Error("settings", "a state of other settings");
  }
  // Counts a table can hold: integers in 0..2^53 (a person count never comes near).
  auto counts = [](const nlohmann::json& v, size_t n, std::vector<int64_t>* out) {
    if (!v.is_array() || v.size() != n) return false;
    out->clear();
    for (const nlohmann::json& x : v) {
      if (!x.is_number_integer()) return false;
      if (x.is_number_unsigned() ? x.get<uint64_t>() > (1ULL << 53)
                                 : x.get<int64_t>() < 0 || x.get<int64_t>() > (1LL << 53)) {
        return false;
      }
      out->push_back(x.get<int64_t>());
    }
    return true;
  };
  // [[value >= 0, persons > 0], ...] holding at most `most` persons in all (so that no sum
  // of a state from another process can overflow).
  auto durations = [](const nlohmann::json& v, int64_t most, DurationCounts* out) {
    if (!v.is_array()) return false;
    int64_t total = 0;
    for (const nlohmann::json& p : v) {
      if (!p.is_array() || p.size() != 2 || !p[0].is_number_integer() || !p[1].is_number_integer() ||
          p[0].get<int64_t>() < 0 || p[1].get<int64_t>() < 1 || p[1].get<int64_t>() > most - total) {
        return false;
      }
      total += p[1].get<int64_t>();
      out->Add(p[0].get<int64_t>(), p[1].get<int64_t>());
    }
    return true;
  };
  auto examples = [](const nlohmann::json& v, std::vector<std::string>* out) {
    if (!v.is_array() || v.size() > kExamples) return false;
    for (const nlohmann::json& e : v) {
      if (!e.is_string()) return false;
      out->push_back(e.get<std::string>());
    }
    return true;
  };
  FormsState state(settings, nullptr);
  const nlohmann::json forms = json.value("forms", nlohmann::json::array());
  if (!forms.is_array()) return reader.Error("forms", "expected an array");
  std::vector<int64_t> c;
  for (size_t i = 0; i < forms.size(); ++i) {
    const std::string path = JsonReader::Index("forms", i);
    const nlohmann::json& f = forms[i];
    const std::string name = JsonReader::StringOr(f, "form");
    if (!f.is_object() || !f.contains("form") || !f["form"].is_string()) return reader.Error(path, "expected a form");
    if (state.forms_.count(name)) return reader.Error(path, "the same form twice");
    FormCounts& form = state.forms_[name];
    if (!counts(f.value("counts", nlohmann::json()), 4, &c)) {
      return reader.Error(JsonReader::Key(path, "counts"), "expected [started, submitted, left_before_fields, form_errors]");
    }
    form.started = c[0], form.submitted = c[1], form.left_before_fields = c[2], form.form_errors = c[3];
    if (form.submitted > form.started || form.left_before_fields > form.started) {
      return reader.Error(JsonReader::Key(path, "counts"), "more submitted or left than started");
    }
    if (!durations(f.value("to_complete", nlohmann::json::array()), form.submitted, &form.to_complete)) {
      return reader.Error(JsonReader::Key(path, "to_complete"),
                          "expected [[milliseconds >= 0, persons > 0], ...] of at most the submitters");
    }
    const nlohmann::json fields = f.value("fields", nlohmann::json::array());
    if (!fields.is_array()) return reader.Error(JsonReader::Key(path, "fields"), "expected an array");
    for (size_t j = 0; j < fields.size(); ++j) {
      const std::string fpath = JsonReader::Index(JsonReader::Key(path, "fields"), j);
      const nlohmann::json& g = fields[j];
      if (!g.is_object() || !g.contains("field") || !g["field"].is_string()) return reader.Error(fpath, "expected a field");
      const std::string field_name = g["field"].get<std::string>();
      if (form.fields.count(field_name)) return reader.Error(fpath, "the same field twice");
      FieldCounts& field = form.fields[field_name];
      if (!counts(g.value("counts", nlohmann::json()), 7, &c) || c[0] < 1 || c[1] > c[0] || c[3] > c[0] ||
          c[5] > c[0] || c[3] > c[2] || c[5] > c[4] || c[0] > form.started) {
        return reader.Error(JsonReader::Key(fpath, "counts"),
                            "expected [reached > 0, abandoned, errors, error_persons, returns, refill_persons, "
                            "rank_sum] that fit together");
      }
      field.reached = c[0], field.abandoned = c[1], field.errors = c[2], field.error_persons = c[3];
      field.returns = c[4], field.refill_persons = c[5], field.rank_sum = c[6];
      DurationCounts by_touched;  // the same [[key >= 0, count > 0], ...] shape
      if (!durations(g.value("abandoned_by_touched", nlohmann::json::array()), field.abandoned, &by_touched)) {
        return reader.Error(JsonReader::Key(fpath, "abandoned_by_touched"), "expected [[fields >= 0, persons > 0], ...]");
      }
      int64_t abandoned = 0;
      for (const auto& [touched, n] : by_touched.Sorted()) {
        field.abandoned_by_touched[touched] = n;
        abandoned += n;
      }
      if (abandoned != field.abandoned) {
        return reader.Error(JsonReader::Key(fpath, "abandoned_by_touched"), "does not add up to abandoned");
      }
      if (!durations(g.value("time_in_field", nlohmann::json::array()), field.reached, &field.time_in_field)) {
        return reader.Error(JsonReader::Key(fpath, "time_in_field"),
                            "expected [[milliseconds >= 0, persons > 0], ...] of at most the persons who reached it");
      }
      if (!examples(g.value("examples", nlohmann::json::array()), &field.examples)) {
        return reader.Error(JsonReader::Key(fpath, "examples"), "expected at most 5 ids");
      }
      std::sort(field.examples.begin(), field.examples.end());
    }
  }
  return state;
}

std::vector<SpecKey> FormsSection::spec_keys() const {
  return {SpecKey{"forms", nlohmann::ordered_json::object(), /*echo_absent=*/false}};
}

absl::Status FormsSection::CheckSettings(const JourneySpec& spec) const { return FormsSettingsOf(spec).status(); }

absl::StatusOr<std::unique_ptr<SectionRun>> FormsSection::Prepare(const JourneySpec& spec,
                                                                  const EventTable& table) const {
  absl::StatusOr<FormsSettings> settings = FormsSettingsOf(spec);
  if (!settings.ok()) return settings.status();
  return std::unique_ptr<SectionRun>(std::make_unique<FormsRun>(*std::move(settings), table));
}

}  // namespace fl

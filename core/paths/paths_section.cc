#include "core/paths/paths_section.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/display_text.h"
#include "core/json/json_reader.h"

namespace fl {
namespace {

using oj = nlohmann::ordered_json;

constexpr const char* kStateKind = "frictionlens.paths_state/1";
constexpr char kEllipsis = static_cast<char>(0xff);  // ends a variant longer than variant_steps
constexpr uint32_t kNoRow = UINT32_MAX;
constexpr int64_t kMaxCount = int64_t{1} << 53;

int Lowest(uint32_t mask) { return __builtin_ctz(mask); }

class PathsRun : public SectionRun {
 public:
  PathsRun(JourneySpec spec, PathsSettings settings, std::shared_ptr<const PathLabels> labels,
           std::shared_ptr<const CompiledJourney> journey)
      : spec_(std::move(spec)), settings_(std::move(settings)), labels_(std::move(labels)), journey_(std::move(journey)) {}
  std::unique_ptr<SectionState> NewState() const override {
    return std::make_unique<PathsState>(spec_, settings_, labels_, journey_);
  }
  absl::StatusOr<std::unique_ptr<SectionState>> StateFromJson(const nlohmann::json& json) const override {
    auto state = std::make_unique<PathsState>(spec_, settings_, labels_, nullptr);
    // A state from another process: anything the checks miss is a refusal, not a crash.
    try {
      if (absl::Status s = state->ReadJson(json); !s.ok()) return s;
    } catch (const nlohmann::json::exception& e) {
      return absl::InvalidArgumentError(absl::StrCat("paths state: ", e.what()));
    }
    return std::unique_ptr<SectionState>(std::move(state));
  }

 private:
  JourneySpec spec_;
  PathsSettings settings_;
  std::shared_ptr<const PathLabels> labels_;
  std::shared_ptr<const CompiledJourney> journey_;
};

}  // namespace

PathsState::PathsState(const JourneySpec& spec, const PathsSettings& settings, std::shared_ptr<const PathLabels> labels,
                       std::shared_ptr<const CompiledJourney> journey)
    : spec_(spec),
      settings_(settings),
      labels_(std::move(labels)),
      journey_(std::move(journey)),
      steps_(spec.steps.size()),
      seen_(labels_->size(), 0) {}

void PathsState::Add(const UserPass& user) {
  for (const UnitOutcome& unit : user.units) {
    if (unit.level >= 1) AddUnit(unit);
  }
}

uint32_t PathsState::GraphLabel(uint32_t row) const {
  if (!settings_.graph_of_steps) return labels_->OfEvent(journey_->table().event[row]);
  const uint32_t mask = journey_->StepMask(row);
  return mask != 0 ? labels_->OfStep(static_cast<size_t>(Lowest(mask))) : PathLabels::kOther;
}

void PathsState::AddUnit(const UnitOutcome& unit) {
  const EventTable& t = journey_->table();
  const size_t n = spec_.steps.size();
  const int64_t horizon = spec_.window_ms > 0 && unit.start_ms <= std::numeric_limits<int64_t>::max() - spec_.window_ms
                              ? unit.start_ms + spec_.window_ms
                              : std::numeric_limits<int64_t>::max();
  ++units_;
  ++unit_number_;

  // Each step the chain reached: the row of the event that matched it (the first at the
  // chain's time that matches the step, after the previous step's row).
  uint32_t pos = unit.first_row;
  for (int i = 0; i < unit.level; ++i) {
    if (unit.step_skipped[i]) continue;  // passed by skipping: no event of its own
    auto find = [&](uint32_t from, uint32_t to) {
      for (uint32_t r = from; r < to; ++r) {
        if (t.time_ms[r] == unit.step_time_ms[i] && ((journey_->StepMask(r) >> i) & 1)) return r;
      }
      return kNoRow;
    };
    uint32_t row = find(pos, unit.end_row);
    if (row == kNoRow) row = find(unit.first_row, pos);
    if (row == kNoRow) continue;
    pos = row + 1;
    StepPaths& step = steps_[i];
    ++step.reached;
    const uint32_t own = labels_->OfEvent(t.event[row]);
    uint32_t next = PathLabels::kNoFurther;
    int64_t next_ms = -1;
    for (uint32_t r = row + 1; r < unit.end_row && t.time_ms[r] <= horizon; ++r) {
      const uint32_t label = labels_->OfEvent(t.event[r]);
      if (settings_.collapse_repeats && label == own) continue;
      next = label;
      next_ms = t.time_ms[r] - t.time_ms[row];
      break;
    }
    step.after.Add(next, next_ms);
    if (static_cast<size_t>(i) + 1 < n && unit.level == i + 1 && !unit.window_open_at_end) step.dropped.Add(next, next_ms);
    uint32_t before = PathLabels::kStart;
    int64_t before_ms = -1;
    for (uint32_t r = row; r-- > unit.first_row;) {
      const uint32_t label = labels_->OfEvent(t.event[r]);
      if (settings_.collapse_repeats && label == own) continue;
      before = label;
      before_ms = t.time_ms[row] - t.time_ms[r];
      break;
    }
    step.before.Add(before, before_ms);
  }

  // The unit's events within its window: its variant and its walk through the graph.
  std::string variant;
  bool cut = false;
  uint32_t last = PathLabels::kStart;
  int64_t last_ms = 0;
  bool walked = false;
  for (uint32_t r = unit.first_row; r < unit.end_row; ++r) {
    const int64_t time = t.time_ms[r];
    if (time < unit.start_ms) continue;
    if (time > horizon) break;
    const uint32_t mask = journey_->StepMask(r);
    if (mask != 0 && !cut) {
      const char s = static_cast<char>(Lowest(mask));
      if (variant.empty() || variant.back() != s) {
        if (variant.size() == static_cast<size_t>(settings_.variant_steps)) {
          variant.push_back(kEllipsis);
          cut = true;
        } else {
          variant.push_back(s);
        }
      }
    }
    const uint32_t label = GraphLabel(r);
    if (walked && label == last && settings_.collapse_repeats) {
      last_ms = time;  // the next transition is timed from the run's last event
      continue;
    }
    EdgeCounts& edge = edges_[static_cast<uint64_t>(last) << 32 | label];
    ++edge.count;
    if (walked) edge.times.Add(time - last_ms);
    NodeCounts& node = nodes_[label];
    ++node.events;
    if (seen_[label] != unit_number_) {
      seen_[label] = unit_number_;
      ++node.units;
    }
    last = label;
    last_ms = time;
    walked = true;
  }
  if (walked) ++edges_[static_cast<uint64_t>(last) << 32 | PathLabels::kEnd].count;
  VariantCounts& v = variants_[variant];
  ++v.units;
  v.converted += static_cast<size_t>(unit.level) == n ? 1 : 0;
}

absl::Status PathsState::MergeShard(SectionState&& other_state) {
  auto& o = static_cast<PathsState&>(other_state);
  units_ += o.units_;
  for (size_t i = 0; i < steps_.size(); ++i) {
    steps_[i].reached += o.steps_[i].reached;
    steps_[i].after.Merge(std::move(o.steps_[i].after));
    steps_[i].dropped.Merge(std::move(o.steps_[i].dropped));
    steps_[i].before.Merge(std::move(o.steps_[i].before));
  }
  for (const auto& [key, v] : o.variants_) {
    variants_[key].units += v.units;
    variants_[key].converted += v.converted;
  }
  for (auto& [key, e] : o.edges_) {
    EdgeCounts& mine = edges_[key];
    mine.count += e.count;
    mine.times.Merge(e.times);
  }
  for (const auto& [label, node] : o.nodes_) {
    nodes_[label].events += node.events;
    nodes_[label].units += node.units;
  }
  o = PathsState(spec_, settings_, labels_, journey_);
  return absl::OkStatus();
}

oj PathsState::VariantsReport() const {
  std::vector<std::pair<const std::string*, const VariantCounts*>> order;
  for (const auto& [key, v] : variants_) order.emplace_back(&key, &v);
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.second->units > b.second->units; });
  oj out;
  out["units"] = units_;
  out["distinct"] = static_cast<int64_t>(variants_.size());
  oj top = oj::array();
  int64_t other_variants = 0, other_units = 0, other_converted = 0;
  for (size_t i = 0; i < order.size(); ++i) {
    const VariantCounts& v = *order[i].second;
    if (static_cast<int>(i) >= settings_.top) {
      ++other_variants;
      other_units += v.units;
      other_converted += v.converted;
      continue;
    }
    oj names = oj::array();
    for (char c : *order[i].first) {
      names.push_back(c == kEllipsis ? std::string("...") : spec_.steps[static_cast<uint8_t>(c)].name);
    }
    top.push_back({{"steps", std::move(names)},
                   {"units", v.units},
                   {"share", Round6(Share(v.units, units_))},
                   {"share_ci95", ShareCi95(v.units, units_)},
                   {"converted", v.converted},
                   {"conversion", Round6(Share(v.converted, v.units))},
                   {"conversion_ci95", ShareCi95(v.converted, v.units)}});
  }
  out["top"] = std::move(top);
  out["other"] = {{"variants", other_variants},
                  {"units", other_units},
                  {"converted", other_converted},
                  {"conversion", Round6(Share(other_converted, other_units))}};
  return out;
}

oj PathsState::GraphReport() const {
  struct Edge {
    uint32_t from, to;
    const EdgeCounts* counts;
  };
  std::vector<Edge> edges;
  absl::flat_hash_map<uint32_t, int64_t> out_count;
  int64_t transitions = 0;
  for (const auto& [key, e] : edges_) {
    edges.push_back({static_cast<uint32_t>(key >> 32), static_cast<uint32_t>(key & 0xffffffffu), &e});
    out_count[static_cast<uint32_t>(key >> 32)] += e.count;
    transitions += e.count;
  }
  std::sort(edges.begin(), edges.end(), [&](const Edge& a, const Edge& b) {
    if (a.counts->count != b.counts->count) return a.counts->count > b.counts->count;
    if (a.from != b.from) return labels_->Name(a.from) < labels_->Name(b.from);
    return labels_->Name(a.to) < labels_->Name(b.to);
  });
  oj out;
  out["of"] = settings_.graph_of_steps ? "steps" : "events";
  oj listed = oj::array();
  std::vector<uint32_t> shown;
  int64_t listed_transitions = 0;
  for (size_t i = 0; i < edges.size() && static_cast<int>(i) < settings_.edges; ++i) {
    const Edge& e = edges[i];
    listed_transitions += e.counts->count;
    oj edge;
    edge["from"] = labels_->Name(e.from);
    edge["to"] = labels_->Name(e.to);
    edge["count"] = e.counts->count;
    edge["share_of_from"] = Round6(Share(e.counts->count, out_count[e.from]));
    double median = 0;
    int64_t p90 = 0;
    if (MedianAndP90(e.counts->times, &median, &p90)) {
      edge["median_ms"] = Round6(median);
      edge["p90_ms"] = p90;
    } else {
      edge["median_ms"] = nullptr;
      edge["p90_ms"] = nullptr;
    }
    listed.push_back(std::move(edge));
    for (uint32_t label : {e.from, e.to}) {
      if (std::find(shown.begin(), shown.end(), label) == shown.end()) shown.push_back(label);
    }
  }
  // The nodes of the listed edges, the most frequent first; "(start)" and "(end)" count
  // the units that enter and leave.
  std::vector<std::pair<uint32_t, NodeCounts>> nodes;
  for (uint32_t label : shown) {
    NodeCounts c;
    if (label == PathLabels::kStart) {
      c.events = c.units = units_;
    } else if (label == PathLabels::kEnd) {
      for (const auto& [key, e] : edges_) {
        if ((key & 0xffffffffu) == PathLabels::kEnd) c.events += e.count;
      }
      c.units = c.events;
    } else if (auto it = nodes_.find(label); it != nodes_.end()) {
      c = it->second;
    }
    nodes.emplace_back(label, c);
  }
  std::sort(nodes.begin(), nodes.end(), [&](const auto& a, const auto& b) {
    if (a.second.events != b.second.events) return a.second.events > b.second.events;
    return labels_->Name(a.first) < labels_->Name(b.first);
  });
  oj node_list = oj::array();
  for (const auto& [label, c] : nodes) {
    node_list.push_back({{"name", labels_->Name(label)}, {"events", c.events}, {"units", c.units}});
  }
  out["nodes"] = std::move(node_list);
  out["edges"] = std::move(listed);
  out["edges_not_listed"] = static_cast<int64_t>(edges.size() - std::min<size_t>(edges.size(), settings_.edges));
  out["transitions_not_listed"] = transitions - listed_transitions;
  return out;
}

oj PathsState::Finalize() const {
  oj out;
  out["settings"] = PathsSettingsToJson(settings_);
  out["units"] = units_;
  oj steps = oj::array();
  oj sentences = oj::array();
  for (size_t i = 0; i < steps_.size(); ++i) {
    const StepPaths& s = steps_[i];
    oj step;
    step["step"] = spec_.steps[i].name;
    step["with_event"] = s.reached;
    step["before"] = s.before.Report(*labels_, settings_.top);
    step["after"] = s.after.Report(*labels_, settings_.top);
    step["dropped"] = i + 1 < steps_.size() ? s.dropped.Report(*labels_, settings_.top) : oj(nullptr);
    if (i + 1 < steps_.size() && s.dropped.units() > 0) {
      // "Of the 1,234 units that dropped at Cart, what came next: no further event in the
      // window 38.2% (95% CI 35.5-40.9%); product_view 21.0% (...)"
      std::vector<std::string> parts;
      for (const auto& e : step["dropped"]["events"]) {
        if (parts.size() == 3) break;
        const std::string name = e["event"].get<std::string>();
        parts.push_back(absl::StrCat(name == labels_->Name(PathLabels::kNoFurther) ? "no further event in the window" : name,
                                     " ", DisplayPercent(e["share"].get<double>()), " (95% CI ",
                                     DisplayPercentRange(e["share_ci95"][0].get<double>(), e["share_ci95"][1].get<double>()),
                                     ")"));
      }
      sentences.push_back(absl::StrCat("Of the ", DisplayCount(s.dropped.units()), s.dropped.units() == 1 ? " unit" : " units",
                                       " that dropped at ", spec_.steps[i].name, ", what came next: ",
                                       absl::StrJoin(parts, "; ")));
    }
    steps.push_back(std::move(step));
  }
  out["steps"] = std::move(steps);
  out["variants"] = VariantsReport();
  out["graph"] = GraphReport();
  out["sentences"] = std::move(sentences);
  return out;
}

oj PathsState::ToJson() const {
  oj out;
  out["state"] = kStateKind;
  out["units"] = units_;
  oj steps = oj::array();
  for (const StepPaths& s : steps_) {
    steps.push_back({{"with_event", s.reached},
                     {"after", s.after.ToJson(*labels_)},
                     {"dropped", s.dropped.ToJson(*labels_)},
                     {"before", s.before.ToJson(*labels_)}});
  }
  out["steps"] = std::move(steps);
  oj variants = oj::array();
  for (const auto& [key, v] : variants_) {  // std::map: in key order
    oj indexes = oj::array();
    for (char c : key) indexes.push_back(static_cast<int>(static_cast<uint8_t>(c)));
    variants.push_back(oj::array({std::move(indexes), v.units, v.converted}));
  }
  out["variants"] = std::move(variants);
  std::vector<std::pair<std::pair<std::string, std::string>, const EdgeCounts*>> edges;
  for (const auto& [key, e] : edges_) {
    edges.push_back({{labels_->Name(static_cast<uint32_t>(key >> 32)), labels_->Name(static_cast<uint32_t>(key & 0xffffffffu))}, &e});
  }
  std::sort(edges.begin(), edges.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  oj edge_list = oj::array();
  for (const auto& [names, e] : edges) {
    edge_list.push_back(oj::array({names.first, names.second, e->count, TimesToJson(e->times)}));
  }
  out["edges"] = std::move(edge_list);
  std::vector<std::pair<std::string, NodeCounts>> nodes;
  for (const auto& [label, c] : nodes_) nodes.emplace_back(labels_->Name(label), c);
  std::sort(nodes.begin(), nodes.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  oj node_list = oj::array();
  for (const auto& [name, c] : nodes) node_list.push_back(oj::array({name, c.events, c.units}));
  out["nodes"] = std::move(node_list);
  return out;
}

absl::Status PathsState::ReadJson(const nlohmann::json& json) {
  const JsonReader reader("paths state: ");
  if (!json.is_object() || JsonReader::StringOr(json, "state") != kStateKind) {
    return reader.Error("state", absl::StrCat("expected \"", kStateKind, "\""));
  }
  if (absl::Status s = reader.CheckKeys(json, "", {"state", "units", "steps", "variants", "edges", "nodes"}); !s.ok()) {
    return s;
  }
  if (absl::Status s = reader.ReadInt(json, "units", "", 0, &units_, kMaxCount); !s.ok()) return s;
  const nlohmann::json& steps = json.at("steps");
  if (!steps.is_array() || steps.size() != steps_.size()) {
    return reader.Error("steps", absl::StrCat("expected an array of ", steps_.size(), " steps"));
  }
  for (size_t i = 0; i < steps_.size(); ++i) {
    const std::string path = JsonReader::Index("steps", i);
    const nlohmann::json& s = steps[i];
    if (!s.is_object()) return reader.Error(path, "expected an object");
    if (absl::Status st = reader.CheckKeys(s, path, {"with_event", "after", "dropped", "before"}); !st.ok()) return st;
    if (absl::Status st = reader.ReadInt(s, "with_event", path, 0, &steps_[i].reached, units_); !st.ok()) return st;
    StepPaths& sp = steps_[i];
    if (absl::Status st = sp.after.ReadJson(s.at("after"), *labels_, JsonReader::Key(path, "after")); !st.ok()) return st;
    if (absl::Status st = sp.dropped.ReadJson(s.at("dropped"), *labels_, JsonReader::Key(path, "dropped")); !st.ok()) {
      return st;
    }
    if (absl::Status st = sp.before.ReadJson(s.at("before"), *labels_, JsonReader::Key(path, "before")); !st.ok()) return st;
    if (sp.after.units() != sp.reached || sp.before.units() != sp.reached || sp.dropped.units() > sp.reached) {
      return reader.Error(path, "the lists' units do not match the units that reached the step");
    }
  }
  const nlohmann::json& variants = json.at("variants");
  if (!variants.is_array()) return reader.Error("variants", "expected an array");
  int64_t in_variants = 0;
  for (size_t i = 0; i < variants.size(); ++i) {
    const std::string path = JsonReader::Index("variants", i);
    const nlohmann::json& v = variants[i];
    if (!v.is_array() || v.size() != 3 || !v[0].is_array() || !v[1].is_number_integer() || !v[2].is_number_integer() ||
        v[1].get<int64_t>() < 1 || v[2].get<int64_t>() < 0 || v[2].get<int64_t>() > v[1].get<int64_t>() ||
        v[1].get<int64_t>() > units_ - in_variants || v[0].size() > static_cast<size_t>(settings_.variant_steps) + 1) {
      return reader.Error(path, "expected [[step indexes], units >= 1, converted <= units]");
    }
    std::string key;
    for (const nlohmann::json& index : v[0]) {
      if (!index.is_number_integer()) return reader.Error(path, "a step index that is not an integer");
      const int64_t x = index.get<int64_t>();
      if (x != 255 && (x < 0 || x >= static_cast<int64_t>(steps_.size()))) return reader.Error(path, "a step this journey does not have");
      key.push_back(static_cast<char>(static_cast<uint8_t>(x)));
    }
    if (variants_.count(key)) return reader.Error(path, "a variant twice");
    in_variants += v[1].get<int64_t>();
    variants_[key] = {v[1].get<int64_t>(), v[2].get<int64_t>()};
  }
  auto label_of = [&](const nlohmann::json& name, const std::string& path, int64_t* out) -> absl::Status {
    *out = name.is_string() ? labels_->Find(name.get<std::string>()) : -1;
    if (*out < 0) return reader.Error(path, "a name this table does not have");
    return absl::OkStatus();
  };
  const nlohmann::json& edges = json.at("edges");
  if (!edges.is_array()) return reader.Error("edges", "expected an array");
  for (size_t i = 0; i < edges.size(); ++i) {
    const std::string path = JsonReader::Index("edges", i);
    const nlohmann::json& e = edges[i];
    if (!e.is_array() || e.size() != 4 || !e[2].is_number_integer() || e[2].get<int64_t>() < 1 ||
        e[2].get<int64_t>() > kMaxCount) {
      return reader.Error(path, "expected [from, to, count >= 1, times]");
    }
    int64_t from = 0, to = 0;
    if (absl::Status s = label_of(e[0], path, &from); !s.ok()) return s;
    if (absl::Status s = label_of(e[1], path, &to); !s.ok()) return s;
    const uint64_t key = static_cast<uint64_t>(from) << 32 | static_cast<uint64_t>(to);
    if (edges_.count(key)) return reader.Error(path, "an edge twice");
    EdgeCounts& edge = edges_[key];
    edge.count = e[2].get<int64_t>();
    if (absl::Status s = TimesFromJson(e[3], JsonReader::Index(path, 3), edge.count, &edge.times); !s.ok()) return s;
  }
  const nlohmann::json& nodes = json.at("nodes");
  if (!nodes.is_array()) return reader.Error("nodes", "expected an array");
  for (size_t i = 0; i < nodes.size(); ++i) {
    const std::string path = JsonReader::Index("nodes", i);
    const nlohmann::json& n = nodes[i];
    if (!n.is_array() || n.size() != 3 || !n[1].is_number_integer() || !n[2].is_number_integer() ||
        n[2].get<int64_t>() < 1 || n[1].get<int64_t>() < n[2].get<int64_t>() || n[1].get<int64_t>() > kMaxCount ||
        n[2].get<int64_t>() > units_) {
      return reader.Error(path, "expected [name, events >= units, units >= 1]");
    }
    int64_t label = 0;
    if (absl::Status s = label_of(n[0], path, &label); !s.ok()) return s;
    if (nodes_.count(static_cast<uint32_t>(label))) return reader.Error(path, "a node twice");
    nodes_[static_cast<uint32_t>(label)] = {n[1].get<int64_t>(), n[2].get<int64_t>()};
  }
  return absl::OkStatus();
}

std::vector<SpecKey> PathsSection::spec_keys() const {
  return {SpecKey{"paths", nlohmann::ordered_json::object(), /*echo_absent=*/false}};
}

absl::Status PathsSection::CheckSettings(const JourneySpec& spec) const { return PathsSettingsOf(spec).status(); }

absl::StatusOr<std::unique_ptr<SectionRun>> PathsSection::Prepare(const JourneySpec& spec,
                                                                  const EventTable& table) const {
  absl::StatusOr<PathsSettings> settings = PathsSettingsOf(spec);
  if (!settings.ok()) return settings.status();
  absl::StatusOr<std::shared_ptr<const CompiledJourney>> journey = CompileJourney(spec, table);
  if (!journey.ok()) return journey.status();
  auto labels = std::make_shared<const PathLabels>(spec, *settings, table);
  return std::unique_ptr<SectionRun>(
      std::make_unique<PathsRun>(spec, *std::move(settings), std::move(labels), *std::move(journey)));
}

}  // namespace fl

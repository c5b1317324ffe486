#include "core/paths/path_counts.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/json/json_reader.h"

namespace fl {
namespace {

using oj = nlohmann::ordered_json;

constexpr int64_t kMaxCount = int64_t{1} << 53;

JsonReader Reader() { return JsonReader("paths state: "); }

}  // namespace

bool MedianAndP90(const DurationCounts& times, double* median_ms, int64_t* p90_ms) {
  const std::vector<DurationCounts::Pair> sorted = times.Sorted();
  int64_t n = 0;
  for (const auto& [ms, units] : sorted) n += units;
  if (n == 0) return false;
  // The k-th smallest (1-based).
  auto kth = [&](int64_t k) {
    int64_t seen = 0;
    for (const auto& [ms, units] : sorted) {
      seen += units;
      if (seen >= k) return ms;
    }
    return sorted.back().first;
  };
  const int64_t mid = (n + 1) / 2;
  *median_ms = n % 2 ? static_cast<double>(kth(mid)) : (static_cast<double>(kth(mid)) + static_cast<double>(kth(mid + 1))) / 2;
  *p90_ms = kth((9 * n + 9) / 10);  // ceil(0.9 n)
  return true;
}

oj TimesToJson(const DurationCounts& times) {
  oj out = oj::array();
  for (const auto& [ms, units] : times.Sorted()) out.push_back(oj::array({ms, units}));
  return out;
}

absl::Status TimesFromJson(const nlohmann::json& json, const std::string& path, int64_t max_units, DurationCounts* out) {
  if (!json.is_array()) return Reader().Error(path, "expected an array of [ms, units]");
  int64_t total = 0;
  for (size_t i = 0; i < json.size(); ++i) {
    const nlohmann::json& p = json[i];
    if (!p.is_array() || p.size() != 2 || !p[0].is_number_integer() || !p[1].is_number_integer() ||
        p[0].get<int64_t>() < 0 || p[1].get<int64_t>() < 1 || p[1].get<int64_t>() > max_units - total) {
      return Reader().Error(JsonReader::Index(path, i), "expected [ms >= 0, units >= 1] within the entry's units");
    }
    total += p[1].get<int64_t>();
    out->Add(p[0].get<int64_t>(), p[1].get<int64_t>());
  }
  return absl::OkStatus();
}

void PathList::Merge(PathList&& other) {
  units_ += other.units_;
  for (auto& [label, entry] : other.by_label_) {
    LabelTimes& mine = by_label_[label];
    mine.units += entry.units;
    mine.times.Merge(entry.times);
  }
  other = PathList();
}

oj PathList::Report(const PathLabels& labels, int top) const {
  std::vector<std::pair<uint32_t, const LabelTimes*>> order;
  for (const auto& [label, entry] : by_label_) order.emplace_back(label, &entry);
  std::sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
    if (a.second->units != b.second->units) return a.second->units > b.second->units;
    return labels.Name(a.first) < labels.Name(b.first);
  });
  oj out;
  out["units"] = units_;
  oj events = oj::array();
  int64_t other_units = 0, other_events = 0;
  for (size_t i = 0; i < order.size(); ++i) {
    const LabelTimes& entry = *order[i].second;
    if (static_cast<int>(i) >= top) {
      other_units += entry.units;
      ++other_events;
      continue;
    }
    oj e;
    e["event"] = labels.Name(order[i].first);
    e["units"] = entry.units;
    e["share"] = Round6(Share(entry.units, units_));
    e["share_ci95"] = ShareCi95(entry.units, units_);
    double median = 0;
    int64_t p90 = 0;
    if (MedianAndP90(entry.times, &median, &p90)) {
      e["median_ms"] = Round6(median);
      e["p90_ms"] = p90;
    } else {
      e["median_ms"] = nullptr;
      e["p90_ms"] = nullptr;
    }
    events.push_back(std::move(e));
  }
  out["events"] = std::move(events);
  out["other"] = {{"events", other_events},
                  {"units", other_units},
                  {"share", Round6(Share(other_units, units_))}};
  return out;
}

oj PathList::ToJson(const PathLabels& labels) const {
  std::vector<std::pair<std::string, const LabelTimes*>> sorted;
  for (const auto& [label, entry] : by_label_) sorted.emplace_back(labels.Name(label), &entry);
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  oj list = oj::array();
  for (const auto& [name, entry] : sorted) list.push_back(oj::array({name, entry->units, TimesToJson(entry->times)}));
  return oj{{"units", units_}, {"labels", std::move(list)}};
}

absl::Status PathList::ReadJson(const nlohmann::json& json, const PathLabels& labels, const std::string& path) {
  const JsonReader reader = Reader();
  if (!json.is_object()) return reader.Error(path, "expected {\"units\", \"labels\"}");
  if (absl::Status s = reader.CheckKeys(json, path, {"units", "labels"}); !s.ok()) return s;
  int64_t units = 0;
  if (absl::Status s = reader.ReadInt(json, "units", path, 0, &units, kMaxCount); !s.ok()) return s;
  const std::string labels_path = JsonReader::Key(path, "labels");
  auto it = json.find("labels");
  if (it == json.end() || !it->is_array()) return reader.Error(labels_path, "expected an array");
  int64_t total = 0;
  for (size_t i = 0; i < it->size(); ++i) {
    const nlohmann::json& e = (*it)[i];
    const std::string at = JsonReader::Index(labels_path, i);
    if (!e.is_array() || e.size() != 3 || !e[0].is_string() || !e[1].is_number_integer() || e[1].get<int64_t>() < 1) {
      return reader.Error(at, "expected [name, units >= 1, times]");
    }
    const int64_t label = labels.Find(e[0].get<std::string>());
    if (label < 0) return reader.Error(at, absl::StrCat("\"", e[0].get<std::string>(), "\" is no event of this table"));
    const int64_t n = e[1].get<int64_t>();
    if (n > units - total || by_label_.count(static_cast<uint32_t>(label))) {
      return reader.Error(at, "more units than the list holds, or a name twice");
    }
    total += n;
    LabelTimes& entry = by_label_[static_cast<uint32_t>(label)];
    entry.units = n;
    if (absl::Status s = TimesFromJson(e[2], JsonReader::Index(at, 2), n, &entry.times); !s.ok()) return s;
  }
  if (total != units) return reader.Error(path, "the labels' units do not add up to the list's");
  units_ = units;
  return absl::OkStatus();
}

}  // namespace fl

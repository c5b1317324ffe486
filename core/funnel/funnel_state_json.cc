// FunnelState <-> canonical JSON, for scale-out (Dask workers ship partial states).
// Integers only, keys in a fixed order, maps in key order, so equal states give equal
// bytes:
// {"state":"frictionlens.funnel_state/1","spec":{...canonical spec...},
//  "reached":[..],"in_progress":[..],
//  "from_previous_ms":[[[ms,units],..] per step],"from_start_ms":[...],
//  "segments":[{"value":"android","reached":[..],"in_progress":[..]},..],
//  "trend":[[bucket_start_ms,entered,converted],..]}
// FromJson checks every field (a state is input too) and names the path of a problem.

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/funnel/funnel_analysis.h"
#include "core/json/json_reader.h"

namespace fl {
namespace {

constexpr char kStateVersion[] = "frictionlens.funnel_state/1";

using nlohmann::json;
using nlohmann::ordered_json;

absl::Status StateError(const std::string& path, const std::string& reason) {
  return JsonReader("funnel state: ").Error(path, reason);
}

ordered_json HistogramJson(const DurationCounts& histogram) {
  ordered_json out = ordered_json::array();
  for (const auto& [ms, count] : histogram.Sorted()) out.push_back({ms, count});
  return out;
}

absl::Status ReadCounts(const json& value, const std::string& path, size_t n, std::vector<int64_t>* out) {
  if (!value.is_array() || value.size() != n) {
    return StateError(path, absl::StrCat("expected an array of ", n, " counts"));
  }
  out->assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    if (!value[i].is_number_integer() || value[i].get<int64_t>() < 0) {
      return StateError(absl::StrCat(path, "[", i, "]"), "expected a count >= 0");
    }
    (*out)[i] = value[i].get<int64_t>();
  }
  return absl::OkStatus();
}

absl::Status ReadHistograms(const json& value, const std::string& path, size_t n,
                            std::vector<DurationCounts>* out) {
  if (!value.is_array() || value.size() != n) {
    return StateError(path, absl::StrCat("expected an array of ", n, " histograms"));
  }
  out->assign(n, {});
  for (size_t k = 0; k < n; ++k) {
    const std::string step_path = absl::StrCat(path, "[", k, "]");
    if (!value[k].is_array()) return StateError(step_path, "expected an array of [ms, units]");
    for (size_t i = 0; i < value[k].size(); ++i) {
      const json& pair = value[k][i];
      if (!pair.is_array() || pair.size() != 2 || !pair[0].is_number_integer() ||
          !pair[1].is_number_integer() || pair[1].get<int64_t>() <= 0) {
        return StateError(absl::StrCat(step_path, "[", i, "]"), "expected [ms, units > 0]");
      }
      (*out)[k].Add(pair[0].get<int64_t>(), pair[1].get<int64_t>());
    }
  }
  return absl::OkStatus();
}

}  // namespace

ordered_json FunnelState::ToJson() const {
  ordered_json out = ordered_json::object();
  out["state"] = kStateVersion;
  out["spec"] = ordered_json::parse(spec_key_);
  out["reached"] = total_.reached;
  out["in_progress"] = total_.in_progress;
  ordered_json previous = ordered_json::array(), start = ordered_json::array();
  for (size_t k = 0; k < from_previous_ms_.size(); ++k) {
    previous.push_back(HistogramJson(from_previous_ms_[k]));
    start.push_back(HistogramJson(from_start_ms_[k]));
  }
  out["from_previous_ms"] = std::move(previous);
  out["from_start_ms"] = std::move(start);
  ordered_json segments = ordered_json::array();
  for (const auto& [value, counts] : segments_) {
    ordered_json segment = ordered_json::object();
    segment["value"] = value;
    segment["reached"] = counts.reached;
    segment["in_progress"] = counts.in_progress;
    segments.push_back(std::move(segment));
  }
  out["segments"] = std::move(segments);
  ordered_json trend = ordered_json::array();
  for (const auto& [bucket, row] : trend_) trend.push_back({bucket, row.first, row.second});
  out["trend"] = std::move(trend);
  return out;
}

absl::StatusOr<FunnelState> FunnelState::FromJson(const json& in) {
  if (!in.is_object()) return StateError("(top level)", "expected an object");
  for (auto it = in.begin(); it != in.end(); ++it) {
    static constexpr const char* kKeys[] = {"state", "spec", "reached", "in_progress",
                                            "from_previous_ms", "from_start_ms", "segments", "trend"};
    bool known = false;
    for (const char* key : kKeys) known = known || it.key() == key;
    if (!known) return StateError(it.key(), "unknown key");
  }
  if (!in.contains("state") || in["state"] != kStateVersion) {
    return StateError("state", absl::StrCat("expected \"", kStateVersion, "\""));
  }
  if (!in.contains("spec") || !in["spec"].is_object()) return StateError("spec", "expected an object");
  absl::StatusOr<JourneySpec> spec = ParseJourneyCore(in["spec"].dump());
  if (!spec.ok()) return StateError("spec", std::string(spec.status().message()));
  FunnelState state(*spec);
  const size_t n = spec->steps.size();
  for (const char* key : {"reached", "in_progress", "from_previous_ms", "from_start_ms", "segments", "trend"}) {
    if (!in.contains(key)) return StateError(key, "required");
  }
  absl::Status status = ReadCounts(in["reached"], "reached", n, &state.total_.reached);
  if (status.ok()) status = ReadCounts(in["in_progress"], "in_progress", n, &state.total_.in_progress);
  if (status.ok()) status = ReadHistograms(in["from_previous_ms"], "from_previous_ms", n, &state.from_previous_ms_);
  if (status.ok()) status = ReadHistograms(in["from_start_ms"], "from_start_ms", n, &state.from_start_ms_);
  if (!status.ok()) return status;
  const json& segments = in["segments"];
  if (!segments.is_array()) return StateError("segments", "expected an array");
  for (size_t i = 0; i < segments.size(); ++i) {
    const std::string path = absl::StrCat("segments[", i, "]");
    const json& segment = segments[i];
    if (!segment.is_object() || !segment.contains("value") || !segment["value"].is_string() ||
        !segment.contains("reached") || !segment.contains("in_progress")) {
      return StateError(path, "expected {\"value\", \"reached\", \"in_progress\"}");
    }
    Counts counts;
    status = ReadCounts(segment["reached"], absl::StrCat(path, ".reached"), n, &counts.reached);
    if (status.ok()) status = ReadCounts(segment["in_progress"], absl::StrCat(path, ".in_progress"), n, &counts.in_progress);
    if (!status.ok()) return status;
    if (!state.segments_.emplace(segment["value"].get<std::string>(), std::move(counts)).second) {
      return StateError(path, "duplicate segment value");
    }
  }
  const json& trend = in["trend"];
  if (!trend.is_array()) return StateError("trend", "expected an array");
  for (size_t i = 0; i < trend.size(); ++i) {
    const json& row = trend[i];
    if (!row.is_array() || row.size() != 3 || !row[0].is_number_integer() ||
        !row[1].is_number_integer() || !row[2].is_number_integer()) {
      return StateError(absl::StrCat("trend[", i, "]"), "expected [bucket_start_ms, entered, converted]");
    }
    auto& mine = state.trend_[row[0].get<int64_t>()];
    mine.first += row[1].get<int64_t>();
    mine.second += row[2].get<int64_t>();
  }
  return state;
}

}  // namespace fl

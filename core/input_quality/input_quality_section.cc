#include "core/input_quality/input_quality_section.h"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/json/json_reader.h"
#include "core/time_format.h"

namespace fl {
namespace {

constexpr const char* kKey = "input_quality";
constexpr const char* kStateKind = "frictionlens.input_quality_state/1";

using oj = nlohmann::ordered_json;

double Round6(double x) {
  const double r = std::round(x * 1e6) / 1e6;
  return r == 0.0 ? 0.0 : r;
}

// Same time, event and every property: a double send.
bool SameEvent(const EventTable& table, uint32_t a, uint32_t b) {
  if (table.event[a] != table.event[b]) return false;
  for (const PropertyColumn& column : table.properties) {
    if (column.ids[a] != column.ids[b]) return false;
  }
  return true;
}

bool EventLess(const EventTable& table, uint32_t a, uint32_t b) {
  if (table.event[a] != table.event[b]) return table.event[a] < table.event[b];
  for (const PropertyColumn& column : table.properties) {
    if (column.ids[a] != column.ids[b]) return column.ids[a] < column.ids[b];
  }
  return a < b;
}

class InputQualityRun : public SectionRun {
 public:
  InputQualityRun(InputQualitySettings settings, const EventTable& table)
      : settings_(std::move(settings)), table_(table) {}
  std::unique_ptr<SectionState> NewState() const override {
    return std::make_unique<InputQualityState>(settings_, table_.input);
  }
  absl::StatusOr<std::unique_ptr<SectionState>> StateFromJson(const nlohmann::json& json) const override {
    // A state from another process: anything the checks miss is a refusal, not a crash.
    absl::StatusOr<InputQualityState> state = absl::InternalError("");
    try {
      state = InputQualityState::FromJson(settings_, json);
    } catch (const nlohmann::json::exception& e) {
      return absl::InvalidArgumentError(absl::StrCat("input_quality state: ", e.what()));
    }
    if (!state.ok()) return state.status();
    return std::make_unique<InputQualityState>(*std::move(state));
  }

 private:
  InputQualitySettings settings_;
  const EventTable& table_;
};

}  // namespace

absl::StatusOr<InputQualitySettings> InputQualitySettingsOf(const JourneySpec& spec) {
  const JsonReader reader(kJourneyErrorPrefix);
  InputQualitySettings settings;
  auto it = spec.section_settings.find(kKey);
  if (it == spec.section_settings.end()) return settings;
  const nlohmann::json given = nlohmann::json::parse(it->dump());
  if (!given.is_object()) return reader.Error(kKey, "expected an object");
  if (absl::Status s = reader.CheckKeys(given, kKey, {"percentiles"}, JsonReader::UnknownKeyWording::kSetting);
      !s.ok()) {
    return s;
  }
  if (auto p = given.find("percentiles"); p != given.end()) {
    const std::string path = JsonReader::Key(kKey, "percentiles");
    if (!p->is_array() || p->empty()) return reader.Error(path, "expected a non-empty array of numbers in 0..100");
    settings.percentiles.clear();
    for (size_t i = 0; i < p->size(); ++i) {
      const nlohmann::json& v = (*p)[i];
      if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < 0 || v.get<double>() > 100) {
        return reader.Error(JsonReader::Index(path, i), "expected a number in 0..100");
      }
      settings.percentiles.push_back(v.get<double>());
    }
    std::sort(settings.percentiles.begin(), settings.percentiles.end());
    settings.percentiles.erase(std::unique(settings.percentiles.begin(), settings.percentiles.end()),
                               settings.percentiles.end());
  }
  return settings;
}

oj InputQualitySettingsToJson(const InputQualitySettings& settings) {
  oj out = oj::object();
  out["percentiles"] = settings.percentiles;
  return out;
}

InputQualityState::InputQualityState(const InputQualitySettings& settings, const InputStats& input)
    : settings_(settings) {
  input_.files = input.files;
  input_.rows = input.rows;
  input_.rejected = input.rejected;
  input_.rejected_by_kind = input.rejected_by_kind;
  input_.per_file = input.per_file;
}

void InputQualityState::Add(const UserPass& user) {
  const EventTable& table = *user.table;
  ++users_by_events_[user.end_row - user.begin_row];
  // Rows are in time order within a user: duplicates sit in runs of one timestamp.
  for (uint32_t begin = user.begin_row; begin < user.end_row;) {
    uint32_t end = begin + 1;
    while (end < user.end_row && table.time_ms[end] == table.time_ms[begin]) ++end;
    if (end - begin == 2) {
      duplicates_ += SameEvent(table, begin, begin + 1) ? 1 : 0;
    } else if (end - begin > 2) {
      scratch_.clear();
      for (uint32_t row = begin; row < end; ++row) scratch_.push_back(row);
      std::sort(scratch_.begin(), scratch_.end(), [&](uint32_t a, uint32_t b) { return EventLess(table, a, b); });
      for (size_t i = 1; i < scratch_.size(); ++i) duplicates_ += SameEvent(table, scratch_[i - 1], scratch_[i]) ? 1 : 0;
    }
    begin = end;
  }
}

namespace {

// The table-level fields every shard's state carries alike (the whole input's).
bool SameInput(const InputStats& a, const InputStats& b) {
  const auto file = [](const FileInputStats& f) {
    return std::tie(f.file, f.rows, f.rejected, f.events, f.first_time_ms, f.last_time_ms);
  };
  if (a.files != b.files || a.rows != b.rows || a.rejected != b.rejected || a.rejected_by_kind != b.rejected_by_kind ||
      a.per_file.size() != b.per_file.size()) {
    return false;
  }
  for (size_t i = 0; i < a.per_file.size(); ++i) {
    if (file(a.per_file[i]) != file(b.per_file[i])) return false;
  }
  return true;
}

}  // namespace

absl::Status InputQualityState::MergeShard(SectionState&& other) {
  auto& from = static_cast<InputQualityState&>(other);
  // Both carry the whole input's rows, rejections and files; the sum keeps one copy, so
  // states that disagree (one edited or damaged) would give a sum that depends on order.
  if (!SameInput(input_, from.input_)) {
    return absl::InvalidArgumentError("input_quality state: merged with a state of another input (rows, rejections or files differ)");
  }
  // Two states that each fit may not fit together: refuse rather than wrap around.
  int64_t events = 0;
  for (const InputQualityState* state : {this, &from}) {
    for (const auto& [count, n] : state->users_by_events_) {
      int64_t product = 0;
      if (__builtin_mul_overflow(count, n, &product) || __builtin_add_overflow(events, product, &events)) {
        return absl::OutOfRangeError("input_quality state: merged, more events than a table can hold (2^63)");
      }
    }
  }
  for (const auto& [events, users] : from.users_by_events_) users_by_events_[events] += users;
  duplicates_ += from.duplicates_;
  from.users_by_events_.clear();
  from.duplicates_ = 0;
  return absl::OkStatus();
}

oj InputQualityState::Finalize() const {
  oj out;
  out["settings"] = InputQualitySettingsToJson(settings_);
  int64_t users = 0, events = 0;
  for (const auto& [count, n] : users_by_events_) {
    users += n;
    events += count * n;
  }
  out["rows"] = input_.rows;
  out["events"] = events;
  out["rejected"] = input_.rejected;
  std::vector<std::pair<std::string, int64_t>> kinds(input_.rejected_by_kind.begin(), input_.rejected_by_kind.end());
  std::stable_sort(kinds.begin(), kinds.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  oj by_reason = oj::array();
  for (const auto& [kind, rows] : kinds) by_reason.push_back(oj{{"reason", kind}, {"rows", rows}});
  out["rejected_by_reason"] = std::move(by_reason);
  out["duplicate_events"] = duplicates_;
  out["users"] = users;
  oj per_user;
  per_user["min"] = users_by_events_.empty() ? oj(nullptr) : oj(users_by_events_.begin()->first);
  per_user["mean"] = users == 0 ? oj(nullptr) : oj(Round6(static_cast<double>(events) / static_cast<double>(users)));
  per_user["max"] = users_by_events_.empty() ? oj(nullptr) : oj(users_by_events_.rbegin()->first);
  oj percentiles = oj::array();
  for (double p : settings_.percentiles) {
    // Nearest rank: the ceil(p/100 * n)-th smallest, at least the first.
    const int64_t rank = std::max<int64_t>(1, static_cast<int64_t>(std::ceil(p / 100.0 * static_cast<double>(users))));
    oj value = nullptr;
    int64_t seen = 0;
    for (const auto& [count, n] : users_by_events_) {
      seen += n;
      if (seen >= rank) {
        value = count;
        break;
      }
    }
    percentiles.push_back(oj{{"percentile", p}, {"events", value}});
  }
  per_user["percentiles"] = std::move(percentiles);
  out["events_per_user"] = std::move(per_user);
  oj files = oj::array();
  for (const FileInputStats& f : input_.per_file) {
    const bool any = f.events > 0;
    files.push_back(oj{{"file", f.file},
                       {"rows", f.rows},
                       {"rejected", f.rejected},
                       {"events", f.events},
                       {"first_time", any ? oj(FormatIsoUtc(f.first_time_ms)) : oj(nullptr)},
                       {"last_time", any ? oj(FormatIsoUtc(f.last_time_ms)) : oj(nullptr)}});
  }
  out["files"] = std::move(files);
  return out;
}

oj InputQualityState::ToJson() const {
  oj out;
  out["kind"] = kStateKind;
  out["settings"] = InputQualitySettingsToJson(settings_);
  out["rows"] = input_.rows;
  out["rejected"] = input_.rejected;
  oj kinds = oj::object();
  for (const auto& [kind, rows] : input_.rejected_by_kind) kinds[kind] = rows;
  out["rejected_by_kind"] = std::move(kinds);
  oj files = oj::array();
  for (const FileInputStats& f : input_.per_file) {
    files.push_back(oj::array({f.file, f.rows, f.rejected, f.events, f.first_time_ms, f.last_time_ms}));
  }
  out["files"] = std::move(files);
  oj users = oj::array();
  for (const auto& [events, n] : users_by_events_) users.push_back(oj::array({events, n}));
  out["users_by_events"] = std::move(users);
  out["duplicate_events"] = duplicates_;
  return out;
}

absl::StatusOr<InputQualityState> InputQualityState::FromJson(const InputQualitySettings& settings,
                                                              const nlohmann::json& json) {
  const JsonReader reader("input_quality state: ");
  if (JsonReader::StringOr(json, "kind") != kStateKind) {
    return reader.Error("kind", absl::StrCat("expected \"", kStateKind, "\""));
  }
  if (json.value("settings", nlohmann::json()) != nlohmann::json::parse(InputQualitySettingsToJson(settings).dump())) {
    return reader.Error("settings", "a state of other settings");
  }
  InputQualityState state(settings, InputStats());
  if (absl::Status s = reader.ReadInt(json, "rows", "", 0, &state.input_.rows); !s.ok()) return s;
  if (absl::Status s = reader.ReadInt(json, "rejected", "", 0, &state.input_.rejected); !s.ok()) return s;
  if (absl::Status s = reader.ReadInt(json, "duplicate_events", "", 0, &state.duplicates_); !s.ok()) return s;
  const nlohmann::json kinds = json.value("rejected_by_kind", nlohmann::json::object());
  if (!kinds.is_object()) return reader.Error("rejected_by_kind", "expected an object of kind: rows");
  for (auto it = kinds.begin(); it != kinds.end(); ++it) {
    if (!it->is_number_integer() || it->get<int64_t>() < 0) {
      return reader.Error(JsonReader::Key("rejected_by_kind", it.key()), "expected a count >= 0");
    }
    state.input_.rejected_by_kind[it.key()] = it->get<int64_t>();
  }
  const nlohmann::json files = json.value("files", nlohmann::json::array());
  if (!files.is_array()) return reader.Error("files", "expected an array");
  for (size_t i = 0; i < files.size(); ++i) {
    const nlohmann::json& f = files[i];
    if (!f.is_array() || f.size() != 6 || !f[0].is_string() || !f[1].is_number_integer() ||
        !f[2].is_number_integer() || !f[3].is_number_integer() || !f[4].is_number_integer() ||
        !f[5].is_number_integer()) {
      return reader.Error(JsonReader::Index("files", i),
                          "expected [file, rows, rejected, events, first_time_ms, last_time_ms]");
    }
    state.input_.per_file.push_back({f[0].get<std::string>(), f[1].get<int64_t>(), f[2].get<int64_t>(),
                                     f[3].get<int64_t>(), f[4].get<int64_t>(), f[5].get<int64_t>()});
  }
  const nlohmann::json users = json.value("users_by_events", nlohmann::json::array());
  if (!users.is_array()) return reader.Error("users_by_events", "expected an array");
  // A partial state comes from another process: its counts must be ones a table can
  // hold (the fuzzer's first finding here was 1565918013 users of 1794683536980 events
  // each, which overflowed the event total in Finalize).
  auto count = [](const nlohmann::json& v) -> int64_t {  // -1 unless an integer in 1..2^63-1
    if (!v.is_number_integer()) return -1;
    if (v.is_number_unsigned()) return v.get<uint64_t>() <= INT64_MAX ? static_cast<int64_t>(v.get<uint64_t>()) : -1;
    return v.get<int64_t>() >= 1 ? v.get<int64_t>() : -1;
  };
  int64_t total_users = 0, total_events = 0;
  for (size_t i = 0; i < users.size(); ++i) {
    const nlohmann::json& u = users[i];
    const int64_t events = u.is_array() && u.size() == 2 ? count(u[0]) : -1;
    const int64_t n = u.is_array() && u.size() == 2 ? count(u[1]) : -1;
    if (events < 1 || n < 1) {
      return reader.Error(JsonReader::Index("users_by_events", i), "expected [events > 0, users > 0]");
    }
    int64_t product = 0;
    if (__builtin_mul_overflow(events, n, &product) || __builtin_add_overflow(total_events, product, &total_events) ||
        __builtin_add_overflow(total_users, n, &total_users)) {
      return reader.Error("users_by_events", "more events than a table can hold (2^63)");
    }
    state.users_by_events_[events] += n;
  }
  return state;
}

std::vector<SpecKey> InputQualitySection::spec_keys() const {
  return {SpecKey{kKey, nlohmann::ordered_json::object(), /*echo_absent=*/false}};
}

absl::Status InputQualitySection::CheckSettings(const JourneySpec& spec) const {
  return InputQualitySettingsOf(spec).status();
}

absl::StatusOr<std::unique_ptr<SectionRun>> InputQualitySection::Prepare(const JourneySpec& spec,
                                                                         const EventTable& table) const {
  absl::StatusOr<InputQualitySettings> settings = InputQualitySettingsOf(spec);
  if (!settings.ok()) return settings.status();
  return std::unique_ptr<SectionRun>(std::make_unique<InputQualityRun>(*std::move(settings), table));
}

}  // namespace fl

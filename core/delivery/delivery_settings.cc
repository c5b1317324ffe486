#include "core/delivery/delivery_settings.h"

#include <string>

#include "core/json/json_reader.h"

namespace fl {
namespace {

constexpr const char* kKey = "delivery";

absl::Status ReadName(const JsonReader& reader, const nlohmann::json& given, const char* key, std::string* out) {
  if (absl::Status s = reader.ReadString(given, key, kKey, out); !s.ok()) return s;
  if (out->empty()) return reader.Error(JsonReader::Key(kKey, key), "expected a non-empty string");
  return absl::OkStatus();
}

}  // namespace

const char* LateRuleName(LateRule rule) { return rule == LateRule::kTimestamp ? "timestamp" : "calendar_day"; }

absl::StatusOr<DeliverySettings> DeliverySettingsOf(const JourneySpec& spec) {
  const JsonReader reader(kJourneyErrorPrefix);
  DeliverySettings settings;
  if (!spec.breakdown.property.empty()) settings.by.push_back(spec.breakdown.property);
  auto it = spec.section_settings.find(kKey);
  if (it == spec.section_settings.end()) return settings;
  const nlohmann::json given = nlohmann::json::parse(it->dump());
  if (!given.is_object()) return reader.Error(kKey, "expected an object");
  if (absl::Status s = reader.CheckKeys(given, kKey,
                                        {"order", "placed", "delivered", "promise", "failed", "review", "score",
                                         "refund", "support", "target", "rule", "by", "canceled", "status",
                                         "canceled_status", "delivered_status"},
                                        JsonReader::UnknownKeyWording::kSetting);
      !s.ok()) {
    return s;
  }
  for (auto [key, out] : {std::pair{"order", &settings.order}, std::pair{"promise", &settings.promise},
                          std::pair{"score", &settings.score}, std::pair{"status", &settings.status}}) {
    if (absl::Status s = ReadName(reader, given, key, out); !s.ok()) return s;
  }
  struct Names {
    const char* key;
    bool allow_empty;
    std::vector<std::string>* out;
  };
  std::vector<std::string> by;
  for (const Names& n : {Names{"placed", false, &settings.placed}, Names{"delivered", false, &settings.delivered},
                         Names{"failed", true, &settings.failed}, Names{"review", true, &settings.review},
                         Names{"refund", true, &settings.refund}, Names{"support", true, &settings.support},
                         Names{"by", true, &by}, Names{"canceled", true, &settings.canceled},
                         Names{"canceled_status", true, &settings.canceled_status},
                         Names{"delivered_status", true, &settings.delivered_status}}) {
    if (absl::Status s = reader.ReadNames(given, n.key, kKey, n.allow_empty, n.out); !s.ok()) return s;
  }
  for (const std::string& name : by) {
    if (name != spec.breakdown.property) settings.by.push_back(name);
  }
  if (absl::Status s = reader.ReadNumber(given, "target", kKey, 0, &settings.target); !s.ok()) return s;
  if (settings.target <= 0 || settings.target >= 1) {
    return reader.Error(JsonReader::Key(kKey, "target"), "expected a rate between 0 and 1 (0.999 for 99.9%)");
  }
  std::string rule = LateRuleName(settings.rule);
  if (absl::Status s = reader.ReadString(given, "rule", kKey, &rule); !s.ok()) return s;
  if (rule == "timestamp") {
    settings.rule = LateRule::kTimestamp;
  } else if (rule == "calendar_day") {
    settings.rule = LateRule::kCalendarDay;
  } else {
    return reader.Error(JsonReader::Key(kKey, "rule"), "expected \"timestamp\" or \"calendar_day\"");
  }
  return settings;
}

nlohmann::ordered_json DeliverySettingsToJson(const DeliverySettings& s) {
  nlohmann::ordered_json out;
  out["order"] = s.order;
  out["placed"] = s.placed;
  out["delivered"] = s.delivered;
  out["promise"] = s.promise;
  out["failed"] = s.failed;
  out["review"] = s.review;
  out["score"] = s.score;
  out["refund"] = s.refund;
  out["support"] = s.support;
  out["target"] = s.target;
  out["rule"] = LateRuleName(s.rule);
  out["by"] = s.by;
  out["canceled"] = s.canceled;
  out["status"] = s.status;
  out["canceled_status"] = s.canceled_status;
  out["delivered_status"] = s.delivered_status;
  return out;
}

}  // namespace fl

#include "core/ingest/sources/nested_values.h"

#include <string>

#include "nlohmann/json.hpp"

namespace fl {
namespace {

using Json = nlohmann::json;

constexpr int kMaxDepth = 64;

void Emit(const std::string& key, std::string_view value, FlatObject* out) { out->Add(key, value); }

// The value's text as JSON Lines gives it: strings decoded, numbers and booleans as
// written, null as missing, arrays as compact JSON.
std::string ScalarText(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump();
}

// GA4's {"string_value": ...} | {"int_value": ...} | {"double_value": ...} | ...: the one
// that is set.
std::string TypedValue(const Json& value) {
  if (!value.is_object()) return ScalarText(value);
  for (const char* field : {"string_value", "int_value", "double_value", "float_value"}) {
    auto it = value.find(field);
    if (it != value.end() && !it->is_null()) return ScalarText(*it);
  }
  return "";
}

bool IsKeyValueArray(const Json& v) {
  if (!v.is_array() || v.empty()) return false;
  for (const Json& e : v) {
    if (!e.is_object() || !e.contains("key") || !e["key"].is_string() || !e.contains("value")) return false;
  }
  return true;
}

// "iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1" -> "link_click".
std::string SchemaName(const Json& schema) {
  if (!schema.is_string()) return "";
  const std::string& uri = schema.get_ref<const std::string&>();
  if (uri.rfind("iglu:", 0) != 0) return "";
  const size_t first = uri.find('/');
  if (first == std::string::npos) return "";
  const size_t second = uri.find('/', first + 1);
  if (second == std::string::npos) return "";
  return uri.substr(first + 1, second - first - 1);
}

bool IsSelfDescribing(const Json& v) {
  return v.is_object() && v.size() == 2 && v.contains("schema") && v.contains("data") && !SchemaName(v["schema"]).empty();
}

void Flatten(const std::string& prefix, const Json& v, int depth, FlatObject* out);

// {schema, data}: the wrappers (unstruct_event, contexts) hold one or more
// self-describing payloads, each named after its schema.
void FlattenSelfDescribing(const Json& v, int depth, FlatObject* out) {
  const Json& data = v["data"];
  if (IsSelfDescribing(data)) {
    Flatten(SchemaName(data["schema"]), data["data"], depth + 1, out);
    return;
  }
  if (data.is_array()) {
    std::vector<std::string> seen;
    for (const Json& e : data) {
      if (!IsSelfDescribing(e)) continue;
      std::string name = SchemaName(e["schema"]);
      int n = 1;
      for (const std::string& s : seen) n += s == name;
      seen.push_back(name);
      if (n > 1) name += "." + std::to_string(n);  // a second context of the same schema
      Flatten(name, e["data"], depth + 1, out);
    }
    return;
  }
  Flatten(SchemaName(v["schema"]), data, depth + 1, out);
}

void Flatten(const std::string& prefix, const Json& v, int depth, FlatObject* out) {
  if (depth > kMaxDepth) return;
  if (v.is_object()) {
    if (IsSelfDescribing(v)) {
      FlattenSelfDescribing(v, depth, out);
      return;
    }
    for (auto it = v.begin(); it != v.end(); ++it) Flatten(prefix + "." + it.key(), it.value(), depth + 1, out);
    return;
  }
  if (IsKeyValueArray(v)) {
    for (const Json& e : v) Emit(prefix + "." + e["key"].get<std::string>(), TypedValue(e["value"]), out);
    return;
  }
  if (v.is_null()) return;
  Emit(prefix, ScalarText(v), out);
}

}  // namespace

bool ExpandJsonValue(std::string_view column, std::string_view value, FlatObject* out) {
  if (!MayHoldJson(value)) return false;
  const Json parsed = Json::parse(value.begin(), value.end(), nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return false;
  if (parsed.is_array() && !IsKeyValueArray(parsed)) return false;
  if (parsed.is_object() && IsSelfDescribing(parsed)) {
    FlattenSelfDescribing(parsed, 0, out);
    return true;
  }
  Flatten(std::string(column), parsed, 0, out);
  return true;
}

}  // namespace fl

#include "core/ingest/tables/tables_spec.h"

#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/glob_match.h"
#include "core/json/json_reader.h"

namespace fl {
namespace {

// The journey's error prefix (core/journey/journey_spec.h): the tables live in it.
JsonReader Reader() { return JsonReader("journey: "); }

absl::Status ReadColumn(const nlohmann::json& object, const char* key, const std::string& path, std::string* out) {
  auto it = object.find(key);
  if (it == object.end()) return absl::OkStatus();
  if (!it->is_string() || it->get<std::string>().empty()) {
    return Reader().Error(JsonReader::Key(path, key), "expected a column name");
  }
  *out = it->get<std::string>();
  return absl::OkStatus();
}

absl::Status ReadStages(const nlohmann::json& table, const std::string& path, TableSpec* spec) {
  auto it = table.find("events");
  if (it == table.end()) return absl::OkStatus();
  const std::string events_path = JsonReader::Key(path, "events");
  if (!it->is_array() || it->empty()) {
    return Reader().Error(events_path, "expected a non-empty array of {\"column\": ..., \"event\": ...}");
  }
  std::set<std::string> columns;
  for (size_t i = 0; i < it->size(); ++i) {
    const nlohmann::json& stage = (*it)[i];
    const std::string at = JsonReader::Index(events_path, i);
    if (!stage.is_object()) return Reader().Error(at, "expected {\"column\": ..., \"event\": ...}");
    static constexpr absl::string_view kKeys[] = {"column", "event"};
    if (absl::Status s = Reader().CheckKeys(stage, at, kKeys); !s.ok()) return s;
    TableStage out;
    if (absl::Status s = ReadColumn(stage, "column", at, &out.column); !s.ok()) return s;
    if (out.column.empty()) return Reader().Error(JsonReader::Key(at, "column"), "expected a column name");
    auto event = stage.find("event");
    if (event == stage.end() || !event->is_string() || event->get<std::string>().empty()) {
      return Reader().Error(JsonReader::Key(at, "event"), "expected an event name");
    }
    out.event = event->get<std::string>();
    if (!columns.insert(out.column).second) {
      return Reader().Error(JsonReader::Key(at, "column"), absl::StrCat("column ", out.column, " is already a stage"));
    }
    spec->events.push_back(std::move(out));
  }
  return absl::OkStatus();
}

absl::Status ReadJoins(const nlohmann::json& table, const std::string& path, TableSpec* spec) {
  auto it = table.find("join");
  if (it == table.end()) return absl::OkStatus();
  const std::string join_path = JsonReader::Key(path, "join");
  if (!it->is_array()) return Reader().Error(join_path, "expected an array of {\"table\": ..., \"on\": ...}");
  for (size_t i = 0; i < it->size(); ++i) {
    const nlohmann::json& join = (*it)[i];
    const std::string at = JsonReader::Index(join_path, i);
    if (!join.is_object()) return Reader().Error(at, "expected {\"table\": ..., \"on\": ...}");
    static constexpr absl::string_view kKeys[] = {"table", "on"};
    if (absl::Status s = Reader().CheckKeys(join, at, kKeys); !s.ok()) return s;
    TableJoin out;
    auto name = join.find("table");
    if (name == join.end() || !name->is_string() || name->get<std::string>().empty()) {
      return Reader().Error(JsonReader::Key(at, "table"), "expected a table name");
    }
    out.table = name->get<std::string>();
    if (absl::Status s = ReadColumn(join, "on", at, &out.on); !s.ok()) return s;
    if (out.on.empty()) return Reader().Error(JsonReader::Key(at, "on"), "expected a column name");
    spec->joins.push_back(std::move(out));
  }
  return absl::OkStatus();
}

}  // namespace

const TableSpec* TablesSpec::Find(const std::string& name) const {
  for (const TableSpec& t : tables) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

absl::StatusOr<TablesSpec> ParseTablesSpec(const nlohmann::json& tables) {
  const JsonReader reader = Reader();
  if (!tables.is_object() || tables.empty()) {
    return reader.Error(kTablesKey, "expected an object of table name: {...}");
  }
  TablesSpec spec;
  for (auto it = tables.begin(); it != tables.end(); ++it) {
    const std::string path = JsonReader::Key(kTablesKey, it.key());
    if (!it.value().is_object()) return reader.Error(path, "expected an object");
    // null is "not given" (the form TablesSpecToJson echoes defaults in).
    nlohmann::json table = it.value();
    for (const char* key : {"file", "properties"}) {
      if (table.contains(key) && table[key].is_null()) table.erase(key);
    }
    static constexpr absl::string_view kKeys[] = {"file", "unit", "events", "ordered", "properties", "join", "key"};
    if (absl::Status s = reader.CheckKeys(table, path, kKeys); !s.ok()) return s;
    TableSpec out;
    out.name = it.key();
    if (absl::Status s = reader.ReadString(table, "file", JsonReader::Key(path, "file"), &out.file); !s.ok()) return s;
    if (absl::Status s = ReadColumn(table, "unit", path, &out.unit); !s.ok()) return s;
    if (absl::Status s = ReadColumn(table, "key", path, &out.key); !s.ok()) return s;
    if (absl::Status s = ReadStages(table, path, &out); !s.ok()) return s;
    if (absl::Status s = ReadJoins(table, path, &out); !s.ok()) return s;
    if (absl::Status s = reader.ReadBool(table, "ordered", JsonReader::Key(path, "ordered"), &out.ordered); !s.ok()) {
      return s;
    }
    if (absl::Status s = reader.ReadNames(table, "properties", JsonReader::Key(path, "properties"),
                                          /*allow_empty=*/true, &out.properties);
        !s.ok()) {
      return s;
    }
    if (out.unit.empty() != out.events.empty()) {
      return reader.Error(path, out.unit.empty() ? "an event table needs \"unit\" (the column naming whose events they are)"
                                                 : "an event table needs \"events\" (its timestamp columns)");
    }
    if (out.is_events() && !out.key.empty()) {
      return reader.Error(JsonReader::Key(path, "key"),
                          "a table is either an event table (unit, events) or an attribute table (key)");
    }
    if (!out.is_events()) {
      if (out.key.empty()) {
        return reader.Error(path, "expected \"unit\" and \"events\" (an event table) or \"key\" (an attribute table)");
      }
      for (const char* only_events : {"ordered", "properties", "join"}) {
        if (table.contains(only_events)) {
          return reader.Error(JsonReader::Key(path, only_events), "only event tables take this key");
        }
      }
    }
    spec.tables.push_back(std::move(out));
  }
  // Joins name attribute tables of this spec.
  for (const TableSpec& t : spec.tables) {
    for (size_t i = 0; i < t.joins.size(); ++i) {
      const std::string at = JsonReader::Key(JsonReader::Index(JsonReader::Key(JsonReader::Key(kTablesKey, t.name), "join"), i), "table");
      const TableSpec* other = spec.Find(t.joins[i].table);
      if (other == nullptr) return reader.Error(at, absl::StrCat("no table named ", t.joins[i].table));
      if (other->is_events()) {
        return reader.Error(at, absl::StrCat(t.joins[i].table, " is an event table; joins look up attribute tables (key)"));
      }
    }
  }
  bool any_events = false;
  for (const TableSpec& t : spec.tables) any_events = any_events || t.is_events();
  if (!any_events) return reader.Error(kTablesKey, "no event table (a table with \"unit\" and \"events\")");
  return spec;
}

nlohmann::ordered_json TablesSpecToJson(const TablesSpec& spec) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const TableSpec& t : spec.tables) {
    nlohmann::ordered_json table = nlohmann::ordered_json::object();
    table["file"] = t.file.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(t.file);
    if (t.is_events()) {
      table["unit"] = t.unit;
      nlohmann::ordered_json events = nlohmann::ordered_json::array();
      for (const TableStage& s : t.events) events.push_back({{"column", s.column}, {"event", s.event}});
      table["events"] = std::move(events);
      table["ordered"] = t.ordered;
      table["properties"] = t.properties.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(t.properties);
      nlohmann::ordered_json joins = nlohmann::ordered_json::array();
      for (const TableJoin& j : t.joins) joins.push_back({{"table", j.table}, {"on", j.on}});
      table["join"] = std::move(joins);
    } else {
      table["key"] = t.key;
    }
    out[t.name] = std::move(table);
  }
  return out;
}

bool FileNameMatches(const std::string& pattern, const std::string& path) {
  const size_t slash = path.find_last_of("/\\");
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  return GlobMatch(pattern, base);
}

}  // namespace fl

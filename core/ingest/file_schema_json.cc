#include "core/ingest/file_schema_json.h"

namespace fl {

std::string ColumnRole(const FileSchema& schema, const std::string& column) {
  if (auto it = schema.table_roles.find(column); it != schema.table_roles.end()) return it->second;
  const auto& ids = schema.identity_columns;
  if (ids.size() > 1) {
    for (size_t i = 0; i < ids.size(); ++i) {
      if (ids[i] == column) return "user (person id " + std::to_string(i + 1) + " of " + std::to_string(ids.size()) + ")";
    }
  }
  if (column == schema.user_column) return "user";
  if (column == schema.time_column) return "time (" + schema.time_format + ")";
  if (column == schema.event_column) return "event";
  if (column == schema.session_column) return "session";
  return "property";
}

nlohmann::ordered_json FileSchemaToJson(const FileSchema& s) {
  nlohmann::ordered_json columns = nlohmann::ordered_json::array();
  for (const std::string& c : s.columns) columns.push_back({{"name", c}, {"role", ColumnRole(s, c)}});
  return {{"file", s.file},
          {"format", s.format},
          {"compression", s.compression},
          {"delimiter", std::string(1, s.delimiter)},
          {"header", s.header},
          {"rows", s.rows},
          {"rejected", s.rejected},
          {"source", s.source},
          {"source_title", s.source_title},
          {"source_detected", s.source_detected},
          {"detected_by", s.source_reason},
          {"identity_columns", s.identity_columns},
          {"columns", columns}};
}

}  // namespace fl

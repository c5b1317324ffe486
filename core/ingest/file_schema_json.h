#ifndef FRICTIONLENS_CORE_INGEST_FILE_SCHEMA_JSON_H_
#define FRICTIONLENS_CORE_INGEST_FILE_SCHEMA_JSON_H_

// What the reader found in one file, as `frictionlens validate --format json` lists it
// under "files" and the workbench shows it: format, delimiter, header, rows, the vendor
// shape, and every column with its role.

#include <string>

#include "core/ingest/event_table_builder.h"
#include "nlohmann/json.hpp"

namespace fl {

// "user", "user (person id 2 of 3)", "time (iso)", "event", "session" or "property".
std::string ColumnRole(const FileSchema& schema, const std::string& column);

nlohmann::ordered_json FileSchemaToJson(const FileSchema& schema);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_FILE_SCHEMA_JSON_H_

#ifndef FRICTIONLENS_CORE_INGEST_TABLES_TABLES_SPEC_H_
#define FRICTIONLENS_CORE_INGEST_TABLES_TABLES_SPEC_H_

// The journey's "tables" key: how wide tables (one row per order, one timestamp column
// per stage, as order systems and warehouses keep them) become events, and how tables
// are joined by key. Process-mining tools start from such tables; analytics exports are
// one row per event. This maps the first onto the second:
//
//   "tables": {
//     "orders":    {"file": "*orders*", "unit": "order_id",
//                   "events": [{"column": "order_purchase_timestamp", "event": "order_placed"},
//                              {"column": "order_delivered_customer_date", "event": "delivered"}],
//                   "join": [{"table": "customers", "on": "customer_id"}]},
//     "customers": {"file": "*customers*", "key": "customer_id"}
//   }
//
// An event table ("unit" and "events") makes one event per non-empty timestamp column of
// each row, for the unit named by the "unit" column (its own, or one a join brings),
// with every other column (or those in "properties") as the event's properties. An
// attribute table ("key") is looked up by the event tables that join it: its columns
// become properties of their events. A file goes to the table whose "file" pattern its
// name matches (* and ?), or else to the one whose columns its header holds.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace fl {

inline constexpr const char* kTablesKey = "tables";

struct TableStage {
  std::string column;  // a timestamp column
  std::string event;   // the event it makes
};

struct TableJoin {
  std::string table;  // an attribute table
  std::string on;     // this table's column holding the other's key
};

struct TableSpec {
  std::string name;
  std::string file;  // a pattern on the file's base name; "" = told by the header
  // Event tables:
  std::string unit;
  std::vector<TableStage> events;
  // The stages happen in the order listed: a row whose later stage has an earlier time
  // (shipped before the payment was approved) is a data-quality finding.
  bool ordered = true;
  std::vector<std::string> properties;  // empty = every column that is not a stage
  std::vector<TableJoin> joins;
  // Attribute tables:
  std::string key;

  bool is_events() const { return !unit.empty(); }
};

struct TablesSpec {
  std::vector<TableSpec> tables;  // by name (the order of a JSON object's keys is not kept)
  bool empty() const { return tables.empty(); }
  const TableSpec* Find(const std::string& name) const;
};

// Reads and checks `tables` (the journey's "tables" value); errors name the path,
// "journey: tables.orders.events[1].column: expected a column name".
absl::StatusOr<TablesSpec> ParseTablesSpec(const nlohmann::json& tables);
// The spec with its defaults filled in, as the report's journey echoes it.
nlohmann::ordered_json TablesSpecToJson(const TablesSpec& spec);

// `name` (a file's base name: what follows the last / or \) matches `pattern`, where *
// is any run of characters and ? any one.
bool FileNameMatches(const std::string& pattern, const std::string& path);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_TABLES_TABLES_SPEC_H_

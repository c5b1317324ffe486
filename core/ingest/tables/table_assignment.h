#ifndef FRICTIONLENS_CORE_INGEST_TABLES_TABLE_ASSIGNMENT_H_
#define FRICTIONLENS_CORE_INGEST_TABLES_TABLE_ASSIGNMENT_H_

// Which table of the journey a file is. A table with a "file" pattern takes the files
// whose base name matches it; a file that matches no pattern goes to the table (without
// a pattern) whose named columns its header holds, the one naming the most columns when
// several do (the orders file also holds customers' key, customer_id). Anything else is
// an error that says what each table needs.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/ingest/tables/tables_spec.h"

namespace fl {

// The columns a file of `table` must have: the stage columns, the join keys, the listed
// properties; or an attribute table's key. (Not the unit: a join may bring it.)
std::vector<std::string> RequiredColumns(const TableSpec& table);

// The index in spec.tables of the table `file` (with header `columns`) belongs to.
absl::StatusOr<size_t> AssignTable(const TablesSpec& spec, const std::string& file,
                                   const std::vector<std::string>& columns);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_TABLES_TABLE_ASSIGNMENT_H_

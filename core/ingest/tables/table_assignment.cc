#include "core/ingest/tables/table_assignment.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace fl {

std::vector<std::string> RequiredColumns(const TableSpec& table) {
  std::vector<std::string> out;
  auto add = [&](const std::string& c) {
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  };
  if (!table.is_events()) {
    add(table.key);
    return out;
  }
  // The unit is not required here: a joined table may bring it (customer_unique_id
  // through customers), which only the files tell; WideTables checks it.
  for (const TableStage& s : table.events) add(s.column);
  for (const TableJoin& j : table.joins) add(j.on);
  for (const std::string& p : table.properties) add(p);
  return out;
}

absl::StatusOr<size_t> AssignTable(const TablesSpec& spec, const std::string& file,
                                   const std::vector<std::string>& columns) {
  auto has_all = [&](const TableSpec& t, size_t* named) {
    const std::vector<std::string> needed = RequiredColumns(t);
    *named = needed.size();
    for (const std::string& c : needed) {
      if (std::find(columns.begin(), columns.end(), c) == columns.end()) return false;
    }
    return true;
  };
  std::vector<size_t> by_pattern;
  for (size_t i = 0; i < spec.tables.size(); ++i) {
    if (!spec.tables[i].file.empty() && FileNameMatches(spec.tables[i].file, file)) by_pattern.push_back(i);
  }
  std::vector<size_t> candidates = by_pattern;
  if (candidates.empty()) {
    for (size_t i = 0; i < spec.tables.size(); ++i) {
      if (spec.tables[i].file.empty()) candidates.push_back(i);
    }
  }
  // Among the candidates, those whose columns the header holds, most specific first.
  size_t best = spec.tables.size(), best_named = 0, ties = 0;
  for (size_t i : candidates) {
    size_t named = 0;
    if (!has_all(spec.tables[i], &named)) continue;
    if (best == spec.tables.size() || named > best_named) {
      best = i;
      best_named = named;
      ties = 0;
    } else if (named == best_named) {
      ++ties;
    }
  }
  if (best < spec.tables.size() && ties == 0) return best;
  if (by_pattern.size() == 1) {
    // The pattern names the table; say which of its columns the file lacks.
    const TableSpec& t = spec.tables[by_pattern[0]];
    std::vector<std::string> missing;
    for (const std::string& c : RequiredColumns(t)) {
      if (std::find(columns.begin(), columns.end(), c) == columns.end()) missing.push_back(c);
    }
    return absl::InvalidArgumentError(absl::StrCat(
        file, ": line 1: matches table ", t.name, " (file \"", t.file, "\") but has no column ",
        absl::StrJoin(missing, ", "), " (its columns: ", absl::StrJoin(columns, ", "), ")"));
  }
  std::vector<std::string> needs;
  for (const TableSpec& t : spec.tables) {
    needs.push_back(absl::StrCat(t.name, t.file.empty() ? "" : absl::StrCat(" (file \"", t.file, "\")"), ": ",
                                 absl::StrJoin(RequiredColumns(t), ", ")));
  }
  if (best < spec.tables.size()) {
    return absl::InvalidArgumentError(absl::StrCat(file, ": line 1: fits more than one table equally well; give the "
                                                         "tables \"file\" patterns (tables need: ",
                                                   absl::StrJoin(needs, "; "), ")"));
  }
  return absl::InvalidArgumentError(absl::StrCat(file, ": line 1: fits no table of the journey (tables need: ",
                                                 absl::StrJoin(needs, "; "), "; this file has: ",
                                                 absl::StrJoin(columns, ", "), ")"));
}

}  // namespace fl

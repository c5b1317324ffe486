#include "core/ingest/tables/wide_tables.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/ingest/cell_text.h"
#include "core/ingest/tables/table_assignment.h"
#include "core/ingest/tables/table_csv.h"

namespace fl {
namespace {

constexpr size_t kExamples = 5;

// An attribute table read into a lookup: key -> its row's values.
struct Lookup {
  std::vector<std::string> columns;  // of the first file; later files must have the same
  int key = -1;
  absl::flat_hash_map<std::string, uint32_t> rows;  // key -> index into values
  std::vector<std::vector<std::string>> values;
  std::vector<bool> joined;  // per row: some event row looked it up
  std::vector<std::pair<size_t, int64_t>> origin;  // per row: its file index and line
};

struct Rejected {
  int64_t line, column;
  std::string reason;
};

// Where a property of an event row comes from: its own column, or column `column` of
// the row joined through join `join`.
struct Source {
  int join = -1;  // -1 = the row's own column
  int column = 0;
  uint32_t property = 0;  // the builder's column
};

void WarnBadUtf8(const TableCsvReader& reader, EventTableBuilder* builder) {
  if (reader.bad_utf8_values() == 0) return;
  builder->AddWarning(absl::StrCat(reader.file(), ": line ", reader.bad_utf8_first_line(),
                                   ": invalid UTF-8 replaced by U+FFFD in ", reader.bad_utf8_values(),
                                   reader.bad_utf8_values() == 1 ? " value" : " values"));
}

}  // namespace

WideTables::WideTables(TablesSpec spec, char delimiter, TimeFormat time_format)
    : spec_(std::move(spec)), delimiter_(delimiter), time_format_(time_format) {}

WideTables::~WideTables() = default;

absl::Status WideTables::BeginFile(std::string name) {
  if (absl::Status s = EndFile(); !s.ok()) return s;
  decoder_ = std::make_unique<DecompressingInput>(name);
  files_.push_back({std::move(name), std::string(), std::string()});
  return absl::OkStatus();
}

absl::Status WideTables::Feed(std::string_view bytes) {
  if (decoder_ == nullptr) {
    if (absl::Status s = BeginFile("input"); !s.ok()) return s;
  }
  std::string& out = files_.back().bytes;
  return decoder_->Feed(bytes, [&out](std::string_view text) {
    out.append(text);
    return absl::OkStatus();
  });
}

absl::Status WideTables::EndFile() {
  if (decoder_ == nullptr) return absl::OkStatus();
  std::string& out = files_.back().bytes;
  absl::Status s = decoder_->End([&out](std::string_view text) {
    out.append(text);
    return absl::OkStatus();
  });
  files_.back().compression = CompressionName(decoder_->compression());
  decoder_.reset();
  return s;
}

absl::Status WideTables::Build(EventTableBuilder* builder) {
  if (absl::Status s = EndFile(); !s.ok()) return s;
  const size_t n_tables = spec_.tables.size();
  std::vector<TableInput> stats(n_tables);
  for (size_t t = 0; t < n_tables; ++t) {
    stats[t].table = spec_.tables[t].name;
    stats[t].kind = spec_.tables[t].is_events() ? "events" : "attributes";
    for (const TableJoin& j : spec_.tables[t].joins) stats[t].joins.push_back({j.table, j.on});
  }

  // 1. Each file's header, and its table.
  std::vector<std::unique_ptr<TableCsvReader>> readers;
  std::vector<size_t> table_of;
  for (const File& f : files_) {
    readers.push_back(std::make_unique<TableCsvReader>(f.name, f.bytes, delimiter_));
    if (absl::Status s = readers.back()->ReadHeader(); !s.ok()) return s;
    absl::StatusOr<size_t> t = AssignTable(spec_, f.name, readers.back()->columns());
    if (!t.ok()) return t.status();
    table_of.push_back(*t);
    stats[*t].files.push_back(f.name);
  }

  // 2. Attribute tables into lookups; their rejections are replayed in file order below.
  std::vector<Lookup> lookups(n_tables);
  std::vector<std::vector<Rejected>> rejected(files_.size());
  std::vector<int64_t> rows_read(files_.size(), 0);
  for (size_t f = 0; f < files_.size(); ++f) {
    const TableSpec& table = spec_.tables[table_of[f]];
    if (table.is_events()) continue;
    Lookup& lookup = lookups[table_of[f]];
    TableCsvReader& reader = *readers[f];
    if (lookup.columns.empty()) {
      lookup.columns = reader.columns();
      lookup.key = reader.Column(table.key);
    } else if (reader.columns() != lookup.columns) {
      return absl::InvalidArgumentError(absl::StrCat(files_[f].name, ": line 1: the columns differ from those of ",
                                                     stats[table_of[f]].files[0], ", an earlier file of table ",
                                                     table.name));
    }
    TableRecord record;
    while (reader.Next(&record)) {
      ++rows_read[f];
      if (!record.problem.empty()) {
        rejected[f].push_back({record.line, record.problem_column, record.problem});
        continue;
      }
      std::string& key = record.fields[lookup.key];
      if (IsBlank(key)) {
        rejected[f].push_back({record.line, lookup.key + 1, absl::StrCat("empty key in column ", table.key)});
        continue;
      }
      auto [it, fresh] = lookup.rows.emplace(key, static_cast<uint32_t>(lookup.values.size()));
      if (!fresh) {
        // The first row of a key is the one joined; a later one is not used, and says so.
        const auto& [first_file, first_line] = lookup.origin[it->second];
        rejected[f].push_back({record.line, lookup.key + 1,
                               absl::StrCat(table.key, " ", Quoted(key), " repeats an earlier row's (",
                                            files_[first_file].name, " line ", first_line,
                                            "); the first row is the one joined")});
        continue;
      }
      lookup.origin.emplace_back(f, record.line);
      lookup.values.push_back(std::move(record.fields));
    }
    lookup.joined.assign(lookup.values.size(), false);
  }

  // 3. Every file into the builder, in the order given.
  std::vector<std::pair<uint32_t, std::string_view>> properties;
  for (size_t f = 0; f < files_.size(); ++f) {
    const size_t t = table_of[f];
    const TableSpec& table = spec_.tables[t];
    TableInput& st = stats[t];
    TableCsvReader& reader = *readers[f];
    FileSchema schema;
    schema.file = files_[f].name;
    schema.format = "csv";
    schema.compression = files_[f].compression;
    schema.delimiter = reader.delimiter();
    schema.columns = reader.columns();
    std::vector<std::string> stage_columns;
    for (const TableStage& s : table.events) {
      stage_columns.push_back(s.column);
      schema.table_roles[s.column] = absl::StrCat("time of event ", s.event);
    }
    for (const TableJoin& j : table.joins) schema.table_roles[j.on] = absl::StrCat("joins table ", j.table);
    if (!table.properties.empty()) {
      for (const std::string& c : reader.columns()) {
        if (std::find(table.properties.begin(), table.properties.end(), c) == table.properties.end()) {
          schema.table_roles.emplace(c, "not read (not in the table's properties)");
        }
      }
    }
    if (table.is_events()) {
      schema.table_roles[table.unit] = absl::StrCat("user (the unit of table ", table.name, ")");
    } else {
      schema.table_roles[table.key] = absl::StrCat("key of table ", table.name);
    }
    if (absl::Status s = builder->BeginMadeFile(std::move(schema)); !s.ok()) return s;

    if (!table.is_events()) {
      WarnBadUtf8(reader, builder);
      for (const Rejected& r : rejected[f]) builder->RejectMadeRow(r.line, r.column, r.reason);
      for (int64_t i = 0; i < rows_read[f]; ++i) builder->CountMadeRow();
      st.rows += rows_read[f];
      st.rejected += static_cast<int64_t>(rejected[f].size());
      continue;
    }

    // The row's layout: stage columns, join keys, unit, and where each property comes from.
    std::vector<int> stage_at;
    for (const TableStage& s : table.events) stage_at.push_back(reader.Column(s.column));
    std::vector<int> join_at;
    std::vector<size_t> join_table;  // each join's table, found once per file, not per row
    for (const TableJoin& j : table.joins) {
      join_at.push_back(reader.Column(j.on));
      join_table.push_back(static_cast<size_t>(spec_.Find(j.table) - spec_.tables.data()));
    }
    std::vector<Source> sources;
    Source unit{-1, reader.Column(table.unit), 0};
    for (size_t c = 0; c < reader.columns().size(); ++c) {
      const std::string& name = reader.columns()[c];
      const bool stage = std::find(stage_columns.begin(), stage_columns.end(), name) != stage_columns.end();
      const bool listed = table.properties.empty() ||
                          std::find(table.properties.begin(), table.properties.end(), name) != table.properties.end();
      if (!stage && listed) sources.push_back({-1, static_cast<int>(c), builder->MadeProperty(name)});
    }
    for (size_t j = 0; j < table.joins.size(); ++j) {
      const Lookup& lookup = lookups[join_table[j]];
      for (size_t c = 0; c < lookup.columns.size(); ++c) {
        if (static_cast<int>(c) == lookup.key) continue;
        const std::string& name = lookup.columns[c];
        if (unit.column < 0 && unit.join < 0 && name == table.unit) unit = {static_cast<int>(j), static_cast<int>(c), 0};
        // A name the row has already keeps its meaning; the joined one is "<table>.<column>".
        const bool taken = reader.Column(name) >= 0;
        const std::string property = taken ? absl::StrCat(table.joins[j].table, ".", name) : name;
        sources.push_back({static_cast<int>(j), static_cast<int>(c), builder->MadeProperty(property)});
      }
    }
    if (unit.column < 0) {
      return absl::InvalidArgumentError(absl::StrCat(files_[f].name, ": line 1: table ", table.name,
                                                     ": no column ", table.unit, " for the unit, in the file or in a "
                                                     "joined table (its columns: ",
                                                     absl::StrJoin(reader.columns(), ", "), ")"));
    }

    // Out-of-order stages, by pair (later stage, earlier stage).
    std::vector<TableInput::Finding> order_findings(table.events.size() * table.events.size());
    std::vector<const std::vector<std::string>*> joined(table.joins.size());
    std::vector<int64_t> times(table.events.size());
    std::vector<bool> has_time(table.events.size());
    TableRecord record;
    while (reader.Next(&record)) {
      builder->CountMadeRow();
      ++st.rows;
      auto reject = [&](int64_t column, std::string reason) {
        builder->RejectMadeRow(record.line, column, std::move(reason));
        ++st.rejected;
      };
      if (!record.problem.empty()) {
        reject(record.problem_column, record.problem);
        continue;
      }
      // Joins first: the unit may come from one.
      for (size_t j = 0; j < table.joins.size(); ++j) {
        joined[j] = nullptr;
        Lookup& lookup = lookups[join_table[j]];
        const std::string& key = record.fields[join_at[j]];
        auto it = IsBlank(key) ? lookup.rows.end() : lookup.rows.find(key);
        TableInput::Join& js = st.joins[j];
        if (it == lookup.rows.end()) {
          ++js.unmatched;
          if (js.unmatched_examples.size() < kExamples) js.unmatched_examples.push_back(key);
        } else {
          ++js.matched;
          joined[j] = &lookup.values[it->second];
          lookup.joined[it->second] = true;
        }
      }
      auto value = [&](const Source& s) -> std::string_view {
        if (s.join < 0) return record.fields[s.column];
        return joined[s.join] == nullptr ? std::string_view() : std::string_view((*joined[s.join])[s.column]);
      };
      const std::string_view who = value(unit);
      if (IsBlank(who)) {
        reject(unit.join < 0 ? unit.column + 1 : join_at[unit.join] + 1,
               unit.join < 0 ? absl::StrCat("empty user in column ", table.unit)
                             : absl::StrCat("empty user: no ", table.unit, " joined through ",
                                            table.joins[unit.join].on));
        continue;
      }
      // Stage times: a cell that is not a time rejects the row (leftmost first).
      bool bad = false, any = false;
      for (size_t s = 0; s < table.events.size() && !bad; ++s) {
        const std::string& cell = record.fields[stage_at[s]];
        has_time[s] = !IsBlank(cell);
        if (!has_time[s]) continue;
        if (!ParseTimestamp(cell, time_format_, &times[s])) {
          reject(stage_at[s] + 1, absl::StrCat("unparseable time ", Quoted(cell), " in column ", table.events[s].column));
          bad = true;
        }
        any = true;
      }
      if (bad) continue;
      if (!any) {
        reject(stage_at[0] + 1, absl::StrCat("empty time in every stage column (", absl::StrJoin(stage_columns, ", "), ")"));
        continue;
      }
      if (table.ordered) {
        for (size_t later = 1; later < table.events.size(); ++later) {
          if (!has_time[later]) continue;
          for (size_t earlier = 0; earlier < later; ++earlier) {
            if (!has_time[earlier] || times[later] >= times[earlier]) continue;
            TableInput::Finding& finding = order_findings[later * table.events.size() + earlier];
            if (finding.count++ < static_cast<int64_t>(kExamples)) {
              finding.examples.emplace_back(who);
              finding.example_lines.push_back(record.line);
            }
          }
        }
      }
      properties.clear();
      for (const Source& s : sources) properties.emplace_back(s.property, value(s));
      for (size_t s = 0; s < table.events.size(); ++s) {
        if (!has_time[s]) continue;
        builder->AddMadeEvent(record.line, who, times[s], table.events[s].event, properties);
        ++st.events;
      }
    }
    WarnBadUtf8(reader, builder);
    for (size_t later = 0; later < table.events.size(); ++later) {
      for (size_t earlier = 0; earlier < table.events.size(); ++earlier) {
        TableInput::Finding& finding = order_findings[later * table.events.size() + earlier];
        if (finding.count == 0) continue;
        finding.kind = "out_of_order";
        finding.what = absl::StrCat(table.events[later].event, " before ", table.events[earlier].event);
        // Several files of one table add up.
        auto same = std::find_if(st.findings.begin(), st.findings.end(),
                                 [&](const TableInput::Finding& x) { return x.what == finding.what; });
        if (same == st.findings.end()) {
          st.findings.push_back(std::move(finding));
        } else {
          same->count += finding.count;
          for (size_t i = 0; i < finding.examples.size() && same->examples.size() < kExamples; ++i) {
            same->examples.push_back(finding.examples[i]);
            same->example_lines.push_back(finding.example_lines[i]);
          }
        }
      }
    }
  }

  // 4. What to say about it.
  for (size_t t = 0; t < n_tables; ++t) {
    const TableSpec& table = spec_.tables[t];
    TableInput& st = stats[t];
    if (st.files.empty()) {
      builder->AddWarning(table.is_events()
                              ? absl::StrCat("table ", table.name, ": no file was given for it, so it made no events")
                              : absl::StrCat("table ", table.name, ": no file was given for it, so the joins on it "
                                                                   "found nothing"));
    }
    if (!table.is_events()) {
      for (bool used : lookups[t].joined) st.joined_rows += used ? 1 : 0;
    }
    for (const TableInput::Join& j : st.joins) {
      // The parser checked that the joined table exists; with no file, its own warning says so.
      const size_t other = static_cast<size_t>(spec_.Find(j.table) - spec_.tables.data());
      if (j.unmatched == 0 || stats[other].files.empty()) continue;
      builder->AddWarning(absl::StrCat("table ", table.name, ": ", j.unmatched, j.unmatched == 1 ? " row has" : " rows have",
                                       " a ", j.on, " that table ", j.table, " does not hold (first: ",
                                       Quoted(j.unmatched_examples[0]), "); ", j.unmatched == 1 ? "its" : "their",
                                       " events lack ", j.table, "'s columns"));
    }
    std::stable_sort(st.findings.begin(), st.findings.end(),
                     [](const TableInput::Finding& a, const TableInput::Finding& b) { return a.count > b.count; });
    for (const TableInput::Finding& finding : st.findings) {
      builder->AddWarning(absl::StrCat("table ", table.name, ": ", finding.count,
                                       finding.count == 1 ? " row has " : " rows have ", finding.what,
                                       " (first: line ", finding.example_lines[0], ", ", table.unit, " ",
                                       Quoted(finding.examples[0]), "); kept, and listed in input.tables"));
    }
  }
  builder->SetTableInputs(std::move(stats));
  files_.clear();
  return absl::OkStatus();
}

}  // namespace fl

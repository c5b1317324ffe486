#include "core/scaleout/table_shard.h"

#include <cstdio>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/scaleout/input_stats_json.h"

namespace fl {
namespace {

constexpr uint64_t kFnvOffset = 14695981039346656037ull;
constexpr uint64_t kFnvPrime = 1099511628211ull;

uint64_t Fnv1a(uint64_t hash, std::string_view bytes) {
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= kFnvPrime;
  }
  return hash;
}

// Hashes a string with its length, so that ("ab", "c") and ("a", "bc") differ.
uint64_t HashField(uint64_t hash, std::string_view bytes) {
  hash = Fnv1a(hash, absl::StrCat(bytes.size(), ":"));
  return Fnv1a(hash, bytes);
}

std::vector<std::string> DictionaryValues(const Dictionary& dictionary) {
  std::vector<std::string> values;
  values.reserve(dictionary.size());
  for (uint32_t id = 0; id < dictionary.size(); ++id) values.push_back(dictionary.Value(id));
  return values;
}

// A table with the context's dictionaries, times and input, and no users or rows.
EventTable EmptyTableOf(const ScaleoutContext& context) {
  EventTable table;
  for (const std::string& name : context.event_names) table.event_names.Intern(name);
  table.properties.reserve(context.properties.size());
  for (const ScaleoutContext::Property& p : context.properties) {
    PropertyColumn column;
    column.name = p.name;
    for (const std::string& value : p.values) column.values.Intern(value);
    table.properties.push_back(std::move(column));
  }
  table.user_begin.push_back(0);
  table.user_first_session.push_back(0);
  table.first_time_ms = context.first_time_ms;
  table.last_time_ms = context.last_time_ms;
  table.input = context.input;
  table.whole_events = context.events;
  table.whole_rows_set = context.rows_set;
  return table;
}

}  // namespace

uint32_t ShardOfUser(std::string_view user, uint32_t shards) {
  if (shards <= 1) return 0;
  // FNV-1a's low bits follow the last byte's closely (ids "u1", "u2", ... would take the
  // shards in turn, and similar ids pile up); MurmurHash3's finalizer spreads every bit.
  uint64_t h = Fnv1a(kFnvOffset, user);
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return static_cast<uint32_t>(h % shards);
}

ScaleoutContext ScaleoutContext::Of(const EventTable& table, nlohmann::ordered_json input_section) {
  ScaleoutContext context;
  context.first_time_ms = table.first_time_ms;
  context.last_time_ms = table.last_time_ms;
  context.input = table.input;
  context.input_section = std::move(input_section);
  context.event_names = DictionaryValues(table.event_names);
  for (const PropertyColumn& column : table.properties) {
    context.properties.push_back(Property{column.name, DictionaryValues(column.values)});
  }
  context.events = table.WholeEvents();
  for (size_t c = 0; c < table.properties.size(); ++c) context.rows_set.push_back(table.WholeRowsSet(c));
  context.input_id = context.Fingerprint();
  return context;
}

std::string ScaleoutContext::Fingerprint() const {
  // The input section covers the files, rows, rejections, counts and warnings; the
  // dictionaries and times complete it. Two reads of the same input give the same id.
  uint64_t hash = kFnvOffset;
  hash = HashField(hash, input_section.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  hash = HashField(hash, absl::StrCat(first_time_ms, ",", last_time_ms, ",", events));
  // The input's stats as CBOR (exact bytes, whatever its strings hold): the report's input
  // quality is read from them, so an edit of them alone must not pass as the same input.
  const std::vector<uint8_t> input_cbor = nlohmann::json::to_cbor(InputStatsToJson(input));
  hash = HashField(hash, std::string_view(reinterpret_cast<const char*>(input_cbor.data()), input_cbor.size()));
  for (int64_t set : rows_set) hash = HashField(hash, absl::StrCat(set));
  for (const std::string& name : event_names) hash = HashField(hash, name);
  for (const Property& p : properties) {
    hash = HashField(hash, p.name);
    hash = HashField(hash, absl::StrCat(p.values.size()));
    for (const std::string& value : p.values) hash = HashField(hash, value);
  }
  char hex[17];
  std::snprintf(hex, sizeof(hex), "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

EventTable ScaleoutContext::VocabularyTable() const { return EmptyTableOf(*this); }

std::vector<uint32_t> ShardsOfUsers(const EventTable& table, uint32_t shards) {
  std::vector<uint32_t> out(table.user_count());
  for (uint32_t u = 0; u < out.size(); ++u) out[u] = ShardOfUser(table.users.Value(u), shards);
  return out;
}

TableShard TakeShard(const EventTable& table, const std::vector<uint32_t>& shard_of_user, uint32_t index,
                     uint32_t shards, std::shared_ptr<const ScaleoutContext> context) {
  TableShard out;
  out.index = index;
  out.count = shards;
  out.table = EmptyTableOf(*context);
  out.context = std::move(context);
  EventTable& t = out.table;
  // Users in the whole table's user order, so the shard numbers its users as it does.
  for (uint32_t u = 0; u < table.user_count(); ++u) {
    if (shard_of_user[u] != index) continue;
    t.users.Intern(table.users.Value(u));
    for (uint32_t row = table.user_begin[u]; row < table.user_begin[u + 1]; ++row) {
      t.time_ms.push_back(table.time_ms[row]);
      t.event.push_back(table.event[row]);
      t.session.push_back(table.session[row]);
      for (size_t p = 0; p < table.properties.size(); ++p) t.properties[p].ids.push_back(table.properties[p].ids[row]);
    }
    t.user_begin.push_back(static_cast<uint32_t>(t.time_ms.size()));
    t.session_count += table.user_first_session[u + 1] - table.user_first_session[u];
    t.user_first_session.push_back(t.session_count);
  }
  return out;
}

std::vector<TableShard> SplitTable(const EventTable& table, uint32_t shards,
                                   std::shared_ptr<const ScaleoutContext> context) {
  if (shards == 0) shards = 1;
  const std::vector<uint32_t> shard_of_user = ShardsOfUsers(table, shards);
  std::vector<TableShard> out;
  for (uint32_t i = 0; i < shards; ++i) out.push_back(TakeShard(table, shard_of_user, i, shards, context));
  return out;
}

}  // namespace fl

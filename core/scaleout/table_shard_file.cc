// The shard file, "frictionlens.table/1": what `frictionlens shard` writes and
// `frictionlens partial` reads.
//
//   "frictionlens.table/1\n"                  magic line (the schema and its version)
//   one zstd frame, decompressing to:
//     varint n, then n bytes of CBOR:        {"context": ContextToJson, "count", "index",
//                                             "rows", "users": [names in table order]}
//     per user: varint rows, varint sessions
//     per row:  zigzag varint time delta from the row before (the first from 0), mod 2^64
//     per row:  varint event id
//     per row:  varint session index (within its user)
//     per property column, per row: varint value id
//
// Columns one after another compress far better than rows. Reading checks everything a
// section relies on (ids within their dictionaries, each user's times in order, session
// indexes within the user's sessions, counts within the bytes there are), so a damaged
// or forged file is refused with the reason and never crashes; no count read from it
// allocates more than its body holds. (The zstd frame itself may still decompress to a
// large body: zstd bounds no ratio, and a real shard can compress 100 to 1.)

#include <zstd.h>

#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/scaleout/table_shard.h"
#include "core/varint.h"

namespace fl {
namespace {

constexpr std::string_view kMagic = "frictionlens.table/1\n";

void Put(uint64_t v, std::string* out) {
  uint8_t buffer[kMaxVarintBytes];
  const uint8_t* end = PutVarint(v, buffer);
  out->append(reinterpret_cast<const char*>(buffer), static_cast<size_t>(end - buffer));
}

// Reads varints from a byte range, refusing to run past its end.
class Cursor {
 public:
  explicit Cursor(std::string_view bytes) : p_(bytes.data()), end_(bytes.data() + bytes.size()) {}
  bool Next(uint64_t* v) {
    uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p_ == end_) return false;
      const auto b = static_cast<uint8_t>(*p_++);
      value |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (b < 0x80) {
        *v = value;
        return true;
      }
    }
    return false;  // longer than a 64-bit varint
  }
  bool Take(size_t n, std::string_view* out) {
    if (static_cast<size_t>(end_ - p_) < n) return false;
    *out = std::string_view(p_, n);
    p_ += n;
    return true;
  }
  size_t left() const { return static_cast<size_t>(end_ - p_); }

 private:
  const char* p_;
  const char* end_;
};

// Time deltas are taken modulo 2^64: every pair of times has one, even the two ends of a
// (forged) context's range from -2^63 to 2^63 - 1, and no step read from a file overflows;
// the reader then checks the time itself against its input's first and last time.
int64_t WrappingSub(int64_t a, int64_t b) { return static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b)); }
int64_t WrappingAdd(int64_t a, int64_t b) { return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b)); }

absl::StatusOr<std::string> Decompress(std::string_view frame, std::string_view file) {
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  std::string out;
  std::string chunk(1 << 20, '\0');
  ZSTD_inBuffer input = {frame.data(), frame.size(), 0};
  absl::Status status;
  for (;;) {
    ZSTD_outBuffer output = {chunk.data(), chunk.size(), 0};
    const size_t ret = ZSTD_decompressStream(dctx, &output, &input);
    if (ZSTD_isError(ret)) {
      status = absl::InvalidArgumentError(absl::StrCat(std::string(file), ": damaged shard file: ", ZSTD_getErrorName(ret)));
      break;
    }
    out.append(chunk.data(), output.pos);
    if (ret == 0) {  // the frame is complete
      if (input.pos != input.size) status = absl::InvalidArgumentError(absl::StrCat(std::string(file), ": bytes after the shard"));
      break;
    }
    if (input.pos == input.size && output.pos < output.size) {
      status = absl::InvalidArgumentError(absl::StrCat(std::string(file), ": truncated shard file"));
      break;
    }
  }
  ZSTD_freeDCtx(dctx);
  if (!status.ok()) return status;
  return out;
}

}  // namespace

bool LooksLikeTableShard(std::string_view bytes) { return bytes.substr(0, kMagic.size()) == kMagic; }

std::string WriteTableShard(const TableShard& shard) {
  const EventTable& t = shard.table;
  nlohmann::json header;
  header["context"] = ContextToJson(*shard.context);
  header["count"] = shard.count;
  header["index"] = shard.index;
  header["rows"] = t.size();
  std::vector<std::string> users;
  users.reserve(t.user_count());
  for (uint32_t u = 0; u < t.user_count(); ++u) users.push_back(t.users.Value(u));
  header["users"] = std::move(users);
  // CBOR, not JSON text: names and rejection reasons are the input's bytes, which need
  // not be UTF-8, and CBOR carries them as they are.
  const std::vector<uint8_t> header_text = nlohmann::json::to_cbor(header);

  std::string body;
  Put(header_text.size(), &body);
  body.append(header_text.begin(), header_text.end());
  for (uint32_t u = 0; u < t.user_count(); ++u) {
    Put(t.user_begin[u + 1] - t.user_begin[u], &body);
    Put(t.user_first_session[u + 1] - t.user_first_session[u], &body);
  }
  int64_t previous = 0;
  for (int64_t time : t.time_ms) {
    Put(ZigZag(WrappingSub(time, previous)), &body);
    previous = time;
  }
  for (uint32_t id : t.event) Put(id, &body);
  for (uint32_t id : t.session) Put(id, &body);
  for (const PropertyColumn& column : t.properties) {
    for (uint32_t id : column.ids) Put(id, &body);
  }

  std::string out(kMagic);
  const size_t bound = ZSTD_compressBound(body.size());
  const size_t at = out.size();
  out.resize(at + bound);
  const size_t written = ZSTD_compress(out.data() + at, bound, body.data(), body.size(), 3);
  out.resize(at + (ZSTD_isError(written) ? 0 : written));
  return out;
}

absl::StatusOr<TableShard> ReadTableShard(std::string_view bytes, std::string_view file) {
  const std::string name(file);
  auto refuse = [&](const std::string& reason) {
    return absl::InvalidArgumentError(absl::StrCat(name, ": not a shard file this build can read: ", reason));
  };
  if (!LooksLikeTableShard(bytes)) {
    if (bytes.rfind("frictionlens.table/", 0) == 0) return refuse("another version of the format");
    return refuse("it does not start with \"frictionlens.table/1\"");
  }
  absl::StatusOr<std::string> body = Decompress(bytes.substr(kMagic.size()), file);
  if (!body.ok()) return body.status();
  Cursor in(*body);
  uint64_t header_size = 0;
  std::string_view header_text;
  if (!in.Next(&header_size) || !in.Take(header_size, &header_text)) return refuse("its header is cut short");

  TableShard shard;
  std::vector<std::string> users;
  uint64_t rows = 0;
  try {
    const nlohmann::json header = nlohmann::json::from_cbor(header_text);
    // Integers only: nlohmann's get of a float out of range is undefined.
    const auto integer = [&](const char* key, uint64_t max) {
      const nlohmann::json& v = header.at(key);
      if (!v.is_number_unsigned() || v.get<uint64_t>() > max) throw std::invalid_argument(absl::StrCat(key, ": not a count"));
      return v.get<uint64_t>();
    };
    shard.count = static_cast<uint32_t>(integer("count", UINT32_MAX));
    shard.index = static_cast<uint32_t>(integer("index", UINT32_MAX));
    rows = integer("rows", UINT64_MAX);
    users = header.at("users").get<std::vector<std::string>>();
    absl::StatusOr<ScaleoutContext> context = ContextFromJson(header.at("context"));
    if (!context.ok()) return refuse(std::string(context.status().message()));
    shard.context = std::make_shared<const ScaleoutContext>(*std::move(context));
  } catch (const std::exception& e) {
    return refuse(e.what());
  }
  if (shard.count == 0 || shard.index >= shard.count) return refuse("its shard index is not below its shard count");
  // Every row takes at least one byte in each column: a larger count is forged.
  if (rows > in.left() || rows > std::numeric_limits<uint32_t>::max()) return refuse("more rows than its bytes hold");

  EventTable& t = shard.table;
  t = shard.context->VocabularyTable();
  std::vector<uint64_t> sessions_of(users.size());
  uint64_t rows_seen = 0;
  for (size_t u = 0; u < users.size(); ++u) {
    if (t.users.Intern(users[u]) != u) return refuse(absl::StrCat("user \"", users[u], "\" twice"));
    if (ShardOfUser(users[u], shard.count) != shard.index) {
      return refuse(absl::StrCat("user \"", users[u], "\" belongs to shard ", ShardOfUser(users[u], shard.count)));
    }
    uint64_t n = 0;
    if (!in.Next(&n) || !in.Next(&sessions_of[u])) return refuse("its user table is cut short");
    if (n == 0 || n > rows - rows_seen) return refuse("its users' row counts do not add up to its rows");
    if (sessions_of[u] == 0 || sessions_of[u] > n) return refuse("a user with more sessions than rows, or none");
    rows_seen += n;
    t.user_begin.push_back(static_cast<uint32_t>(rows_seen));
    t.session_count += static_cast<uint32_t>(sessions_of[u]);
    t.user_first_session.push_back(t.session_count);
  }
  if (rows_seen != rows) return refuse("its users' row counts do not add up to its rows");

  t.time_ms.reserve(rows);
  int64_t previous = 0;
  for (uint32_t u = 0; u < users.size(); ++u) {
    for (uint32_t row = t.user_begin[u]; row < t.user_begin[u + 1]; ++row) {
      uint64_t delta = 0;
      if (!in.Next(&delta)) return refuse("its time column is cut short");
      const int64_t time = WrappingAdd(previous, UnZigZag(delta));
      if (row > t.user_begin[u] && time < previous) return refuse(absl::StrCat("user \"", users[u], "\": times out of order"));
      if (time < t.first_time_ms || time > t.last_time_ms) return refuse("a time outside its input's first and last time");
      t.time_ms.push_back(time);
      previous = time;
    }
  }
  for (uint64_t row = 0; row < rows; ++row) {
    uint64_t id = 0;
    if (!in.Next(&id)) return refuse("its event column is cut short");
    if (id >= t.event_names.size()) return refuse("an event id beyond its event names");
    t.event.push_back(static_cast<uint32_t>(id));
  }
  for (uint32_t u = 0; u < users.size(); ++u) {
    for (uint32_t row = t.user_begin[u]; row < t.user_begin[u + 1]; ++row) {
      uint64_t id = 0;
      if (!in.Next(&id)) return refuse("its session column is cut short");
      // Sessions are numbered in time order: each row's is its predecessor's or the next.
      const uint64_t before = row == t.user_begin[u] ? 0 : t.session[row - 1];
      if (id >= sessions_of[u] || id < before || id > before + 1 || (row == t.user_begin[u] && id != 0)) {
        return refuse(absl::StrCat("user \"", users[u], "\": session indexes out of order"));
      }
      t.session.push_back(static_cast<uint32_t>(id));
    }
    if (t.session[t.user_begin[u + 1] - 1] + 1 != sessions_of[u]) {
      return refuse(absl::StrCat("user \"", users[u], "\": fewer sessions than its count"));
    }
  }
  for (PropertyColumn& column : t.properties) {
    for (uint64_t row = 0; row < rows; ++row) {
      uint64_t id = 0;
      if (!in.Next(&id)) return refuse(absl::StrCat("its column \"", column.name, "\" is cut short"));
      if (id >= column.values.size()) return refuse(absl::StrCat("a value id beyond column \"", column.name, "\"'s values"));
      column.ids.push_back(static_cast<uint32_t>(id));
    }
  }
  if (in.left() != 0) return refuse("bytes after its last column");
  return shard;
}

}  // namespace fl

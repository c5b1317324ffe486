#ifndef FRICTIONLENS_CORE_INGEST_JSONL_READER_H_
#define FRICTIONLENS_CORE_INGEST_JSONL_READER_H_

// One JSON Lines record -> flat (key, value) text pairs.
//   {"user":"u1","ts":1700000000,"props":{"page":"/cart","n":2},"tags":["a","b"],"x":null}
//   -> user=u1  ts=1700000000  props.page=/cart  props.n=2  tags=["a","b"]  x=(missing)
// Nested objects are flattened to dotted keys; arrays are kept as compact JSON text;
// strings are their decoded text; numbers keep their written form (floats) or their
// exact integer value; true/false as words; null is the empty string (= missing).

#include <string>
#include <string_view>
#include <vector>

namespace fl {

struct FlatObject {
  std::vector<std::string> keys;
  std::vector<std::string> values;
  size_t size = 0;  // pairs in use; the vectors keep their capacity across lines
  // Set by FlattenJsonLine: the line was flat ASCII without escapes (the fast path), so
  // no value can hold an array or JSON text.
  bool simple = false;

  void Clear() { size = 0; }
  // Appends a pair, reusing the strings of earlier lines.
  void Add(std::string_view key, std::string_view value) {
    if (size == keys.size()) {
      keys.emplace_back();
      values.emplace_back();
    }
    keys[size].assign(key.data(), key.size());
    values[size].assign(value.data(), value.size());
    ++size;
  }
};

// False with *error set ("syntax error ... at column 17", "not a JSON object") when
// `line` is not one JSON object, or nests objects more than 64 deep (each level
// would copy the dotted key path: quadratic time on a hostile line). No exceptions are
// thrown (the wasm build has none). Flat objects of ASCII text without escapes (the
// usual export) take a hand-written fast path; anything else through simdjson's
// On-Demand API where the build has it (core/ingest/jsonl_ondemand.h), and every line
// that refuses, and every line in a build without it, through FlattenJsonLineSax.
bool FlattenJsonLine(std::string_view line, FlatObject* out, std::string* error);

// The general path alone (nlohmann's SAX parser). Same pairs as FlattenJsonLine for
// every line; tests compare the two.
bool FlattenJsonLineSax(std::string_view line, FlatObject* out, std::string* error);

// Appends `text` as a JSON string literal (quotes and escapes).
void AppendJsonString(std::string_view text, std::string* out);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_JSONL_READER_H_

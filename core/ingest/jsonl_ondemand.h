#ifndef FRICTIONLENS_CORE_INGEST_JSONL_ONDEMAND_H_
#define FRICTIONLENS_CORE_INGEST_JSONL_ONDEMAND_H_

// JSON Lines records that the flat fast path leaves (nested objects, arrays, escapes,
// non-ASCII: what Segment, PostHog and Amplitude write), through simdjson's On-Demand
// API: 2.8x the speed of nlohmann's SAX parser on such lines (bench/RESULTS.md,
// bench/jsonl_flatten_bench.cc). The pairs are FlattenJsonLineSax's exactly.
//
// It only ever accepts: on any error (invalid JSON, not an object, too deep, a number
// simdjson will not read) it returns false and the caller asks the SAX parser, which
// decides and words the message. So which lines are refused, and why, is the SAX path's
// alone, and a build without simdjson (the wasm build) gives the same results.

#include <string_view>

#include "core/ingest/jsonl_reader.h"

namespace fl {

// True when this build has simdjson (FL_HAVE_SIMDJSON); otherwise
// FlattenJsonLineOnDemand always returns false.
bool OnDemandAvailable();

// `line`'s pairs into *out (as FlattenJsonLineSax), or false when the line is anything
// but a JSON object simdjson reads without error; *out is then unspecified.
bool FlattenJsonLineOnDemand(std::string_view line, FlatObject* out);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_JSONL_ONDEMAND_H_

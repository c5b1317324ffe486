// simdjson's On-Demand path (core/ingest/jsonl_ondemand.h) gives exactly the SAX
// parser's pairs for every line it accepts, and accepts nothing the SAX parser refuses;
// FlattenJsonLine (fast path, then On-Demand, then SAX) gives SAX's answer and SAX's
// error message on every line. Lines shaped as vendors write them (nested objects,
// arrays, escapes, non-ASCII) and as they go wrong.

#include <string>
#include <utility>
#include <vector>

#include "core/ingest/jsonl_ondemand.h"
#include "core/ingest/jsonl_reader.h"
#include "gtest/gtest.h"

namespace fl {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

Pairs PairsOf(const FlatObject& object) {
  Pairs pairs;
  for (size_t i = 0; i < object.size; ++i) pairs.emplace_back(object.keys[i], object.values[i]);
  return pairs;
}

// On-Demand accepts only what SAX accepts, with SAX's pairs; FlattenJsonLine agrees
// with SAX on acceptance, pairs and error message.
void ExpectAsSax(const std::string& line) {
  FlatObject sax, ondemand, whole;
  std::string sax_error, whole_error;
  const bool sax_ok = FlattenJsonLineSax(line, &sax, &sax_error);
  const bool ondemand_ok = FlattenJsonLineOnDemand(line, &ondemand);
  if (ondemand_ok) {
    EXPECT_TRUE(sax_ok) << "On-Demand accepted what SAX refuses (" << sax_error << "): " << line;
    if (sax_ok) EXPECT_EQ(PairsOf(ondemand), PairsOf(sax)) << line;
  }
  const bool whole_ok = FlattenJsonLine(line, &whole, &whole_error);
  ASSERT_EQ(whole_ok, sax_ok) << line;
  if (sax_ok) {
    EXPECT_EQ(PairsOf(whole), PairsOf(sax)) << line;
  } else {
    EXPECT_EQ(whole_error, sax_error) << line;
  }
}

TEST(JsonlOnDemandTest, VendorShapedLinesGiveTheSaxPairs) {
  const std::vector<std::string> lines = {
      // Segment-like: nested objects, an array holding an object, escapes, \u escapes.
      R"({"type":"track","event":"Order Completed","userId":"u1","timestamp":"2024-03-01T10:00:00.123Z",)"
      R"("properties":{"revenue":19.90,"products":[{"sku":"A-1","qty":2},{"sku":"B\"2","qty":1}],"coupon":null},)"
      R"("context":{"page":{"title":"Caf\u00e9 \u2014 cart \ud83d\uded2","path":"/cart"},"userAgent":"M (\"x\")\tY"}})",
      // PostHog-like: $-keys, nested set, a boolean, an empty object and array.
      R"({"event":"$pageview","distinct_id":"d-9","properties":{"$current_url":"https://x/é","$set":{"plan":"pro"},)"
      R"("flag":true,"off":false,"empty":{},"list":[],"n":-0,"big":18446744073709551615}})",
      // Numbers: floats keep their text, integers their value, beyond 2^64 their text.
      R"({"a":{"f":1.50,"e":1E5,"z":-0.0,"i":-42,"u":18446744073709551615,"huge":123456789012345678901234567890}})",
      // Arrays: strings re-escaped the SAX way, nulls, nesting, unicode decoded.
      R"({"tags":["a","b\"c","\u00e9",null,[1,[2,{"k":[false]}]],{"x":null}],"x":{"y":[]}})",
      // Duplicate keys, and a dotted key meeting a nested one: both pairs kept, in order.
      R"({"a":1,"a":2,"b":{"c":1},"b.c":2})",
      // White space around everything; a raw UTF-8 value; an empty key.
      " \t{ \"k\" : { \"v\" : \"ü\" } , \"\" : 1 } \r",
  };
  for (const std::string& line : lines) {
    ExpectAsSax(line);
    FlatObject out;
    if (OnDemandAvailable()) EXPECT_TRUE(FlattenJsonLineOnDemand(line, &out)) << line;
  }
}

TEST(JsonlOnDemandTest, RefusedLinesGetTheSaxMessage) {
  std::string deep_objects = "{";
  for (int i = 0; i < 70; ++i) deep_objects += "\"k\":{";
  deep_objects += std::string(70, '}') + "}";
  std::string deep_arrays = "{\"a\":" + std::string(3000, '[') + std::string(3000, ']') + "}";
  const std::vector<std::string> lines = {
      R"("x")",                                 // a bare string
      "\xEF\xBB\xBF{\"a\":{\"b\":1}}",          // a byte-order mark
      R"([{"a":1}])",                           // an array
      R"({"a":{"b":1}} {"c":2})",               // content after the object
      R"({"a":{"b":1})",                        // unclosed
      "{\"a\":{\"b\":\"\xff\"}}",               // invalid UTF-8
      "{\"a\":{\"b\":\"tab\there\"}}",          // a raw control character in a string
      "{\"a\":{\"b\":\"\\ud800\"}}",            // a lone surrogate
      R"({"a":{"b":nul}})",                     // a bad literal
      R"({"a":{"b":01}})",                      // a leading zero
      R"({"a":{"b":1e400}})",                   // out of range
      R"({"a":{"b":1,}})",                      // a trailing comma
      "",                                       // empty
      deep_objects,                             // deeper than 64 objects: SAX refuses
      deep_arrays,                              // 3000 nested arrays: SAX accepts, On-Demand leaves it
      std::string("{\"a\":{\"b\":1}}\0", 14),   // a NUL after the object
  };
  for (const std::string& line : lines) ExpectAsSax(line);
}

}  // namespace
}  // namespace fl

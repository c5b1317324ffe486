// TransitionReport's lists: ties between candidates go by their words, never by their
// keys, which hold dictionary ids in the input's first-seen order.

#include "core/correlation/correlation_report.h"

#include <cstdint>
#include <string>
#include <utility>

#include "gtest/gtest.h"

namespace fl {
namespace {

using oj = nlohmann::ordered_json;

// Two events that always come together (the same counts, so the same odds ratio and p),
// named so that their words sort against their keys' order, and a third with a
// weaker effect.
oj ReportWithKeys(uint64_t zeta_key, uint64_t alpha_key) {
  TransitionCounts counts;
  counts.dropped = 100;
  counts.converted = 100;
  for (const uint64_t key : {zeta_key, alpha_key}) counts.candidates[key] = {40, 5, {}, {}};
  counts.candidates[7] = {30, 10, {}, {}};
  TransitionNames names;
  names.step = "View";
  names.next_step = "Cart";
  names.candidate = [=](uint64_t key) {
    const std::string event = key == zeta_key ? "zeta" : key == alpha_key ? "alpha" : "middle";
    return CandidateName{oj{{"event", event}}, "did " + event};
  };
  CorrelationSettings settings;
  oj sentences = oj::array();
  return TransitionReport(counts, names, settings, &sentences);
}

TEST(CorrelationReport, TiesGoByWordsWhateverTheKeys) {
  for (const auto& [zeta, alpha] : {std::pair<uint64_t, uint64_t>{1, 2}, {2, 1}}) {
    const oj report = ReportWithKeys(zeta, alpha);
    const oj& listed = report["with_dropping"];
    ASSERT_EQ(listed.size(), 3u) << report.dump();
    EXPECT_EQ(listed[0]["event"], "alpha");
    EXPECT_EQ(listed[1]["event"], "zeta");
    EXPECT_EQ(listed[2]["event"], "middle");
    EXPECT_EQ(listed[0]["odds_ratio"], listed[1]["odds_ratio"]);
  }
}

}  // namespace
}  // namespace fl

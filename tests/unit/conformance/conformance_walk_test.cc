// The conformance walk on sequences of step indexes, one rule at a time (the examples of
// core/conformance/conformance_walk.h), with steps A=0, B=1, C=2, D=3.

#include <vector>

#include "core/conformance/conformance_walk.h"
#include "gtest/gtest.h"

namespace fl {
namespace {

constexpr uint32_t kA = 1, kB = 2, kC = 4;

WalkResult Walk(std::vector<int> sequence, uint32_t optional = 0, uint32_t repeats_ignored = 0, int steps = 4) {
  WalkResult out;
  WalkSteps(sequence, steps, optional, repeats_ignored, &out);
  return out;
}

TEST(ConformanceWalk, InOrderConformsAsFarAsItGoes) {
  const WalkResult all = Walk({0, 1, 2, 3});
  EXPECT_TRUE(all.conformed());
  EXPECT_EQ(all.reached, 3);
  const WalkResult early = Walk({0, 1});
  EXPECT_TRUE(early.conformed());
  EXPECT_EQ(early.reached, 1);
  const WalkResult empty = Walk({});
  EXPECT_TRUE(empty.conformed());
  EXPECT_EQ(empty.reached, -1);
}

TEST(ConformanceWalk, ARequiredStepPassedOverIsSkippedAnOptionalOneIsNot) {
  const WalkResult w = Walk({0, 2, 3});  // A C D
  EXPECT_EQ(w.kinds[kSkipped], kB);
  EXPECT_FALSE(w.conformed());
  EXPECT_TRUE(Walk({0, 2, 3}, /*optional=*/kB).conformed());
  // A D: B and C both passed over.
  EXPECT_EQ(Walk({0, 3}).kinds[kSkipped], kB | kC);
}

TEST(ConformanceWalk, AStepFirstSeenAfterALaterOneIsOutOfOrderNotSkipped) {
  const WalkResult w = Walk({0, 2, 1, 3});  // A C B D
  EXPECT_EQ(w.kinds[kOutOfOrder], kB);
  EXPECT_EQ(w.kinds[kSkipped], 0u);
  EXPECT_EQ(w.kinds[kWentBack], 0u);
  // Out of order even when optional: the designed order was not followed.
  EXPECT_EQ(Walk({0, 2, 1}, /*optional=*/kB).kinds[kOutOfOrder], kB);
  // C again after the late B is walking forward again.
  const WalkResult again = Walk({0, 2, 1, 2});
  EXPECT_EQ(again.kinds[kOutOfOrder], kB);
  EXPECT_EQ(again.kinds[kWentBack] | again.kinds[kRepeated], 0u);
}

TEST(ConformanceWalk, ABackwardMoveToAStepSeenBeforeWentBackFromTheStepBefore) {
  const WalkResult w = Walk({0, 1, 2, 1, 2, 3});  // A B C B C D
  EXPECT_EQ(w.kinds[kWentBack], kB);
  EXPECT_EQ(w.back_from[1], kC);
  EXPECT_EQ(w.kinds[kOutOfOrder] | w.kinds[kRepeated] | w.kinds[kSkipped], 0u);
  // A B C A B: back to A from C; the B after it walks forward again.
  const WalkResult twice = Walk({0, 1, 2, 0, 1});
  EXPECT_EQ(twice.kinds[kWentBack], kA);
  EXPECT_EQ(twice.back_from[0], kC);
  EXPECT_EQ(twice.back_from[1], 0u);
  // Counted once per step however often: A B A B A.
  const WalkResult often = Walk({0, 1, 0, 1, 0});
  EXPECT_EQ(often.kinds[kWentBack], kA);
  EXPECT_EQ(often.back_from[0], kB);
}

TEST(ConformanceWalk, AStepDirectlyAfterItselfIsRepeatedUnlessIgnored) {
  const WalkResult w = Walk({0, 1, 1, 2});  // A B B C
  EXPECT_EQ(w.kinds[kRepeated], kB);
  EXPECT_TRUE(Walk({0, 1, 1, 2}, 0, /*repeats_ignored=*/kB).conformed());
  EXPECT_EQ(Walk({0, 0, 1}).kinds[kRepeated], kA);
  EXPECT_TRUE(Walk({0, 0, 1}, 0, kA).conformed());
  // Back to B and then B again: both kinds at B.
  const WalkResult both = Walk({0, 1, 2, 1, 1});
  EXPECT_EQ(both.kinds[kWentBack], kB);
  EXPECT_EQ(both.kinds[kRepeated], kB);
}

TEST(ConformanceWalk, KindNames) {
  EXPECT_STREQ(DeviationKindName(kSkipped), "skipped");
  EXPECT_STREQ(DeviationKindName(kOutOfOrder), "out_of_order");
  EXPECT_STREQ(DeviationKindName(kWentBack), "went_back");
  EXPECT_STREQ(DeviationKindName(kRepeated), "repeated");
}

}  // namespace
}  // namespace fl

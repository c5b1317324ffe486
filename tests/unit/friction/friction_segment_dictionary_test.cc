// SegmentDictionary: (property, value) pairs as dense ids in first-seen order, listed
// by text when anything is shown.

#include "core/friction/segment_dictionary.h"

#include <vector>

#include "gtest/gtest.h"

namespace fl {
namespace {

TEST(SegmentDictionary, InternsPairsAndListsThemByText) {
  SegmentDictionary d;
  EXPECT_EQ(d.Intern("device", "ios"), 0u);
  EXPECT_EQ(d.Intern("country", "DE"), 1u);
  EXPECT_EQ(d.Intern("device", "android"), 2u);
  EXPECT_EQ(d.Intern("device", "ios"), 0u);
  // The same value under another property is another pair.
  EXPECT_EQ(d.Intern("country", "ios"), 3u);
  EXPECT_EQ(d.size(), 4u);
  EXPECT_EQ(d.property_count(), 2u);
  EXPECT_EQ(d.property(2), "device");
  EXPECT_EQ(d.value(2), "android");
  EXPECT_EQ(d.property_id(0), d.property_id(2));
  EXPECT_NE(d.property_id(0), d.property_id(1));
  // country=DE, country=ios, device=android, device=ios
  EXPECT_EQ(d.SortedByText(), (std::vector<uint32_t>{1, 3, 2, 0}));
}

TEST(SegmentDictionary, EmptyStringsAreOrdinaryPairs) {
  SegmentDictionary d;
  EXPECT_EQ(d.Intern("", ""), 0u);
  EXPECT_EQ(d.Intern("a", ""), 1u);
  EXPECT_EQ(d.Intern("", "a"), 2u);
  EXPECT_EQ(d.SortedByText(), (std::vector<uint32_t>{0, 2, 1}));
}

}  // namespace
}  // namespace fl

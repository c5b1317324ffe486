#include "core/dictionary.h"

#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace fl {
namespace {

TEST(Dictionary, InternsInFirstSeenOrder) {
  Dictionary d;
  EXPECT_EQ(d.Intern("b"), 0u);
  EXPECT_EQ(d.Intern("a"), 1u);
  EXPECT_EQ(d.Intern("b"), 0u);
  EXPECT_EQ(d.Intern(""), 2u);
  EXPECT_EQ(d.size(), 3u);
  EXPECT_EQ(d.Value(1), "a");
  EXPECT_EQ(d.Find("a"), 1u);
  EXPECT_EQ(d.Find("c"), Dictionary::kNotFound);
}

TEST(Dictionary, ValuesStayPutWhileGrowing) {
  Dictionary d;
  const std::string& first = d.Value(d.Intern("a value longer than fifteen bytes"));
  for (int i = 0; i < 100000; ++i) d.Intern("user-" + std::to_string(i));
  EXPECT_EQ(first, "a value longer than fifteen bytes");
  EXPECT_EQ(d.Find("user-99999"), 100000u);
  EXPECT_EQ(d.Value(50001), "user-50000");
}

// The index hashes and compares through the dictionary's own strings: copies and
// moves must each keep indexing their own (a copy that viewed its source's strings
// dangled once the source was gone).
TEST(Dictionary, CopiesAndMovesIndexTheirOwnStrings) {
  std::vector<Dictionary> dictionaries;
  for (int k = 0; k < 40; ++k) {  // growth moves the earlier dictionaries
    Dictionary d;
    for (int i = 0; i < 50; ++i) d.Intern(std::to_string(k) + "/" + std::to_string(i));
    dictionaries.push_back(std::move(d));
    EXPECT_EQ(d.size(), 0u);  // moved-from: empty and usable
    EXPECT_EQ(d.Intern("x"), 0u);
  }
  for (int k = 0; k < 40; ++k) {
    EXPECT_EQ(dictionaries[k].Find(std::to_string(k) + "/49"), 49u) << k;
    EXPECT_EQ(dictionaries[k].Find("0/0"), k == 0 ? 0u : Dictionary::kNotFound) << k;
  }
  Dictionary copy;
  {
    Dictionary source = dictionaries[3];
    copy = source;
    source.Intern("only in source");
  }
  EXPECT_EQ(copy.Find("3/7"), 7u);
  EXPECT_EQ(copy.Find("only in source"), Dictionary::kNotFound);
  EXPECT_EQ(copy.Intern("new"), 50u);
  Dictionary moved;
  moved = std::move(copy);
  EXPECT_EQ(moved.Find("new"), 50u);
  EXPECT_EQ(moved.Value(7), "3/7");
}

}  // namespace
}  // namespace fl

// Delimiter detection among , ; TAB | (core/ingest/delimiter_detection.h).

#include "core/ingest/delimiter_detection.h"

#include "gtest/gtest.h"

namespace fl {
namespace {

TEST(CsvDelimiterTest, DetectsEachCandidate) {
  EXPECT_EQ(DetectDelimiter("user,event,ts\nu1,view,1\nu2,buy,2\n"), ',');
  EXPECT_EQ(DetectDelimiter("user;event;ts\nu1;view;1\nu2;buy;2\n"), ';');
  EXPECT_EQ(DetectDelimiter("user\tevent\tts\nu1\tview\t1\nu2\tbuy\t2\n"), '\t');
  EXPECT_EQ(DetectDelimiter("user|event|ts\nu1|view|1\nu2|buy|2\n"), '|');
}

TEST(CsvDelimiterTest, PrefersTheConsistentCandidate) {
  // ';' separates; ',' is a decimal comma that varies per line.
  EXPECT_EQ(DetectDelimiter("user;price;ts\nu1;1,5;1\nu2;10;2\nu3;2,25;3\n"), ';');
  // Commas inside quotes do not count.
  EXPECT_EQ(DetectDelimiter("user;name;ts\nu1;\"Smith, J\";1\nu2;\"a,b,c\";2\n"), ';');
  // Both consistent: the more frequent wins.
  EXPECT_EQ(DetectDelimiter("a|b|c|d,e\n1|2|3|4,5\n"), '|');
  // Equal and consistent: ',' comes first.
  EXPECT_EQ(DetectDelimiter("a,b;c\n1,2;3\n1,2;3\n"), ',');
}

TEST(CsvDelimiterTest, QuotedNewlinesDoNotSplitRecords) {
  EXPECT_EQ(DetectDelimiter("a;b;c\n1;\"x\ny;z\";3\n4;5;6\n"), ';');
}

TEST(CsvDelimiterTest, IgnoresACutOffLastRecord) {
  EXPECT_EQ(DetectDelimiter("a\tb\tc\n1\t2\t3\n4\t5"), '\t');
}

TEST(CsvDelimiterTest, FallsBackToComma) {
  EXPECT_EQ(DetectDelimiter(""), ',');
  EXPECT_EQ(DetectDelimiter("single_column\nvalue\n"), ',');
  // Nothing consistent: most frequent on the first record.
  EXPECT_EQ(DetectDelimiter("a;b;c|d\n1|2|3\n"), ';');
}

TEST(CsvDelimiterTest, Names) {
  EXPECT_EQ(DelimiterName('\t'), "TAB");
  EXPECT_EQ(DelimiterName(';'), "';'");
}

}  // namespace
}  // namespace fl

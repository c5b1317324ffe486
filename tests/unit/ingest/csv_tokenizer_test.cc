// RFC 4180 quoting cases for the CSV tokenizer and its boundary scanner
// (core/ingest/csv_tokenizer.h).

#include "core/ingest/csv_tokenizer.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace fl {
namespace {

struct Split {
  std::vector<std::string> fields;
  size_t consumed = 0;
  int64_t newlines = 0;
  bool terminated = true;
  bool unterminated_quote = false;
  bool blank = false;
};

Split Tokenize(const std::string& text, bool at_end = true, char delimiter = ',') {
  CsvTokenizer tokenizer(delimiter);
  CsvRecord record;
  Split out;
  out.consumed = tokenizer.Next(text, at_end, &record);
  if (out.consumed == 0) return out;
  for (std::string_view f : record.fields) out.fields.emplace_back(f);
  out.newlines = record.newlines;
  out.terminated = record.terminated;
  out.unterminated_quote = record.unterminated_quote;
  out.blank = record.blank;
  return out;
}

using Fields = std::vector<std::string>;

TEST(CsvTokenizerTest, PlainRecord) {
  const Split s = Tokenize("a,b,c\nnext,row\n");
  EXPECT_EQ(s.fields, (Fields{"a", "b", "c"}));
  EXPECT_EQ(s.consumed, 6u);
  EXPECT_EQ(s.newlines, 1);
  EXPECT_TRUE(s.terminated);
}

TEST(CsvTokenizerTest, EmptyFields) {
  EXPECT_EQ(Tokenize(",,\n").fields, (Fields{"", "", ""}));
  EXPECT_EQ(Tokenize("a,,c\n").fields, (Fields{"a", "", "c"}));
  EXPECT_EQ(Tokenize("a,b,\n").fields, (Fields{"a", "b", ""}));
  EXPECT_EQ(Tokenize("\"\",b\n").fields, (Fields{"", "b"}));
  EXPECT_EQ(Tokenize("a,\"\"\n").fields, (Fields{"a", ""}));
}

TEST(CsvTokenizerTest, QuotedFieldWithDelimiter) {
  EXPECT_EQ(Tokenize("1,\"Smith, John\",x\n").fields, (Fields{"1", "Smith, John", "x"}));
}

TEST(CsvTokenizerTest, DoubledQuoteIsOneQuote) {
  EXPECT_EQ(Tokenize("\"say \"\"hi\"\"\",2\n").fields, (Fields{"say \"hi\"", "2"}));
  EXPECT_EQ(Tokenize("\"\"\"\"\n").fields, (Fields{"\""}));
}

TEST(CsvTokenizerTest, NewlineInsideQuotesIsPartOfTheField) {
  const Split s = Tokenize("u1,\"line one\nline two\",3\nu2,x,4\n");
  EXPECT_EQ(s.fields, (Fields{"u1", "line one\nline two", "3"}));
  EXPECT_EQ(s.newlines, 2);  // the record spans two physical lines
  EXPECT_EQ(s.consumed, std::string("u1,\"line one\nline two\",3\n").size());
}

TEST(CsvTokenizerTest, CrLfLineEndings) {
  EXPECT_EQ(Tokenize("a,b\r\n").fields, (Fields{"a", "b"}));
  EXPECT_EQ(Tokenize("a,\"b\"\r\n").fields, (Fields{"a", "b"}));
  EXPECT_EQ(Tokenize("\"x\ry\",\"1\r\n2\"\r\n").fields, (Fields{"x\ry", "1\r\n2"}));  // kept inside quotes
  EXPECT_EQ(Tokenize("a,b\r", /*at_end=*/true).fields, (Fields{"a", "b"}));
  EXPECT_EQ(Tokenize("a,\"b\"c\r\n").fields, (Fields{"a", "bc"}));
}

TEST(CsvTokenizerTest, LenientQuotes) {
  // A quote inside an unquoted field is literal; text after a closing quote continues.
  EXPECT_EQ(Tokenize("5\" screen,b\n").fields, (Fields{"5\" screen", "b"}));
  EXPECT_EQ(Tokenize("\"ab\"c,d\n").fields, (Fields{"abc", "d"}));
}

TEST(CsvTokenizerTest, OtherDelimiters) {
  EXPECT_EQ(Tokenize("a;\"b;c\";d\n", true, ';').fields, (Fields{"a", "b;c", "d"}));
  EXPECT_EQ(Tokenize("a\tb c\td\n", true, '\t').fields, (Fields{"a", "b c", "d"}));
  EXPECT_EQ(Tokenize("a|b,c|d\n", true, '|').fields, (Fields{"a", "b,c", "d"}));
}

TEST(CsvTokenizerTest, IncompleteRecordWaitsForMore) {
  EXPECT_EQ(Tokenize("a,b", /*at_end=*/false).consumed, 0u);
  EXPECT_EQ(Tokenize("a,\"b\nc", /*at_end=*/false).consumed, 0u);
  EXPECT_EQ(Tokenize("a,\"b\"", /*at_end=*/false).consumed, 0u);
  EXPECT_EQ(Tokenize("a,\"b\"\r", /*at_end=*/false).consumed, 0u);
}

TEST(CsvTokenizerTest, LastRecordWithoutNewline) {
  const Split s = Tokenize("301780,543546,4181361,pv,15", /*at_end=*/true);
  EXPECT_EQ(s.fields, (Fields{"301780", "543546", "4181361", "pv", "15"}));
  EXPECT_FALSE(s.terminated);
  EXPECT_EQ(s.newlines, 0);
}

TEST(CsvTokenizerTest, UnterminatedQuoteAtEnd) {
  const Split s = Tokenize("a,\"never closed\nmore", /*at_end=*/true);
  EXPECT_TRUE(s.unterminated_quote);
  EXPECT_FALSE(s.terminated);
  EXPECT_EQ(s.fields, (Fields{"a", "never closed\nmore"}));
  EXPECT_EQ(s.newlines, 1);
}

TEST(CsvTokenizerTest, BlankLine) {
  EXPECT_TRUE(Tokenize("\n").blank);
  EXPECT_TRUE(Tokenize("\r\n").blank);
  EXPECT_FALSE(Tokenize(",\n").blank);
  EXPECT_FALSE(Tokenize("\"\"\n").blank);
}

// The scanner must end a record exactly where the tokenizer does, whichever way the
// bytes arrive.
TEST(CsvTokenizerTest, BoundaryScannerAgreesWithTokenizerByteByByte) {
  const std::vector<std::string> records = {
      "a,b,c\n",          "\"x,y\",z\n",        "\"multi\nline\",2\n", "\"q\"\"q\",\"\"\"\"\n",
      "5\" tv,\"a\"b\n",  "\"crlf\"\r\n",       ",,\n",                "\"\n\n\n\",\"\"\n",
      "\"a\",\"b\"\"\n\"\n"};
  for (const std::string& record : records) {
    Split whole = Tokenize(record + "tail,row\n", /*at_end=*/false);
    ASSERT_EQ(whole.consumed, record.size()) << record;
    CsvBoundaryScanner scanner(',');
    size_t end = std::string::npos;
    for (size_t i = 0; i < record.size() && end == std::string::npos; ++i) {
      const size_t at = scanner.Scan(std::string_view(record).substr(i, 1));
      if (at != std::string_view::npos) end = i + at;
    }
    EXPECT_EQ(end, record.size()) << record;
  }
}

}  // namespace
}  // namespace fl

namespace fl {
namespace {

// The ASCII flag lets ingest skip UTF-8 checks field by field: it must be false for
// any byte >= 0x80, wherever it sits (inside a 16-byte block or in the tail), and for
// quoted records (not computed there).
TEST(CsvTokenizerTest, AsciiFlag) {
  CsvTokenizer tokenizer(',');
  CsvRecord record;
  auto ascii = [&](const std::string& line) {
    EXPECT_GT(tokenizer.Next(line, true, &record), 0u) << line;
    return record.ascii;
  };
  EXPECT_TRUE(ascii("u1,2024-01-01T10:00:00Z,page_view,ios,DE\n"));
  EXPECT_FALSE(ascii("u1,2024-01-01T10:00:00Z,page_view,i\xc3\xb6s,DE\n"));  // in a block
  EXPECT_FALSE(ascii("u1,2024-01-01T10:00:00Z,page_view,ios,D\xc3\x89\n"));  // in the tail
  EXPECT_FALSE(ascii("\xff,b\n"));                                           // short line
  EXPECT_FALSE(ascii("u1,\"quoted\",x\n"));
  EXPECT_TRUE(ascii("a,b\n"));
}

}  // namespace
}  // namespace fl

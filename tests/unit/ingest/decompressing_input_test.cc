// The streaming decoder in front of each file's reader (core/ingest/decompressing_input.h):
// gzip and zstd told by their magic bytes whatever the chunking (from 1 byte up), several
// gzip members and zstd frames, output in bounded pieces, and truncated or corrupt data
// as an error naming the file, the reason and the compressed byte offset.

#include "core/ingest/decompressing_input.h"

#include <algorithm>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "unit/ingest/compress_support.h"

namespace fl {
namespace {

using testing::Gzip;
using testing::Zstd;

// A CSV-like text of `rows` rows (compressible, not trivially so).
std::string Events(int rows, int seed = 1) {
  std::string text = "user_id,event,ts,page\n";
  uint32_t x = static_cast<uint32_t>(seed) * 2654435761u;
  for (int i = 0; i < rows; ++i) {
    x = x * 1664525u + 1013904223u;
    text += "u" + std::to_string(x % 997) + ",view," + std::to_string(1700000000 + i) + ",/p/" +
            std::to_string((x >> 12) % 50) + "\n";
  }
  return text;
}

struct Decoded {
  absl::Status status;
  std::string text;
  Compression compression = Compression::kNone;
  size_t largest_piece = 0;
};

// Feeds `bytes` in chunks of `chunk` bytes (0: whole) and ends the file.
Decoded Decode(const std::string& bytes, size_t chunk, const std::string& file = "f.csv.gz") {
  Decoded out;
  DecompressingInput input(file);
  auto sink = [&](std::string_view piece) {
    out.text.append(piece);
    out.largest_piece = std::max(out.largest_piece, piece.size());
    return absl::OkStatus();
  };
  const size_t step = chunk == 0 ? std::max<size_t>(bytes.size(), 1) : chunk;
  for (size_t at = 0; at < bytes.size() && out.status.ok(); at += step) {
    out.status = input.Feed(std::string_view(bytes).substr(at, step), sink);
  }
  if (out.status.ok()) out.status = input.End(sink);
  out.compression = input.compression();
  return out;
}

TEST(DecompressingInputTest, DetectsByMagicBytesOnly) {
  Compression c = Compression::kNone;
  EXPECT_TRUE(DetectCompression("\x1f\x8b", false, &c));
  EXPECT_EQ(c, Compression::kGzip);
  EXPECT_TRUE(DetectCompression("\x28\xb5\x2f\xfd", false, &c));
  EXPECT_EQ(c, Compression::kZstd);
  EXPECT_TRUE(DetectCompression("\x50\x2a\x4d\x18", false, &c));  // skippable frame
  EXPECT_EQ(c, Compression::kZstd);
  EXPECT_TRUE(DetectCompression("user_id", false, &c));
  EXPECT_EQ(c, Compression::kNone);
  // Could still be a magic number: undecided until more bytes come or the file ends.
  EXPECT_FALSE(DetectCompression("", false, &c));
  EXPECT_FALSE(DetectCompression("\x1f", false, &c));
  EXPECT_FALSE(DetectCompression("\x28\xb5\x2f", false, &c));
  EXPECT_FALSE(DetectCompression("U", false, &c));  // 0x55: a skippable frame's first byte
  EXPECT_TRUE(DetectCompression("\x1f", true, &c));
  EXPECT_EQ(c, Compression::kNone);
  EXPECT_TRUE(DetectCompression("USER", false, &c));
  EXPECT_EQ(c, Compression::kNone);
  EXPECT_STREQ(CompressionName(Compression::kGzip), "gzip");
  EXPECT_STREQ(CompressionName(Compression::kZstd), "zstd");
  EXPECT_STREQ(CompressionName(Compression::kNone), "");
}

TEST(DecompressingInputTest, PlainBytesPassUnchangedAtEveryChunking) {
  const std::string text = Events(40);
  for (size_t chunk = 1; chunk <= text.size() + 1; ++chunk) {
    const Decoded d = Decode(text, chunk, "f.csv");
    ASSERT_TRUE(d.status.ok()) << d.status;
    ASSERT_EQ(d.text, text) << "chunk " << chunk;
    EXPECT_EQ(d.compression, Compression::kNone);
  }
  // Short files that start like a magic number are plain text.
  for (const std::string short_file : {std::string("\x1f"), std::string("\x28\xb5"), std::string("U,"), std::string()}) {
    const Decoded d = Decode(short_file, 1, "s.csv");
    ASSERT_TRUE(d.status.ok()) << d.status;
    EXPECT_EQ(d.text, short_file);
    EXPECT_EQ(d.compression, Compression::kNone);
  }
}

TEST(DecompressingInputTest, GzipAtEveryChunking) {
  const std::string text = Events(300);
  const std::string gz = Gzip(text);
  ASSERT_LT(gz.size(), text.size());
  for (size_t chunk = 1; chunk <= gz.size() + 1; ++chunk) {
    const Decoded d = Decode(gz, chunk);
    ASSERT_TRUE(d.status.ok()) << "chunk " << chunk << ": " << d.status;
    ASSERT_EQ(d.text, text) << "chunk " << chunk;
    ASSERT_EQ(d.compression, Compression::kGzip);
  }
}

TEST(DecompressingInputTest, ZstdAtEveryChunking) {
  const std::string text = Events(300);
  const std::string zst = Zstd(text);
  for (size_t chunk = 1; chunk <= zst.size() + 1; ++chunk) {
    const Decoded d = Decode(zst, chunk, "f.csv.zst");
    ASSERT_TRUE(d.status.ok()) << "chunk " << chunk << ": " << d.status;
    ASSERT_EQ(d.text, text) << "chunk " << chunk;
    ASSERT_EQ(d.compression, Compression::kZstd);
  }
}

// `cat a.gz b.gz c.gz` and `cat a.zst b.zst`: one stream, every member in order, an empty
// member included; a zstd file may start with a skippable frame (pzstd writes one).
TEST(DecompressingInputTest, ConcatenatedGzipMembersAndZstdFrames) {
  const std::string a = Events(120, 1), b = Events(5, 2), c = Events(80, 3);
  const std::string gz = Gzip(a) + Gzip("") + Gzip(b) + Gzip(c);
  std::string skippable("\x50\x2a\x4d\x18\x03\x00\x00\x00xyz", 11);
  const std::string zst = skippable + Zstd(a) + Zstd(b, false) + Zstd("") + Zstd(c);
  for (size_t chunk = 1; chunk <= std::max(gz.size(), zst.size()) + 1; ++chunk) {
    const Decoded g = Decode(gz, chunk);
    ASSERT_TRUE(g.status.ok()) << "chunk " << chunk << ": " << g.status;
    ASSERT_EQ(g.text, a + b + c) << "chunk " << chunk;
    const Decoded z = Decode(zst, chunk, "f.zst");
    ASSERT_TRUE(z.status.ok()) << "chunk " << chunk << ": " << z.status;
    ASSERT_EQ(z.text, a + b + c) << "chunk " << chunk;
  }
}

// Many times the output buffer: handed on in pieces of at most kOutputBytes, whatever
// the input chunk (one byte, odd sizes, everything at once).
TEST(DecompressingInputTest, LargeOutputInBoundedPieces) {
  const std::string text = Events(60000);
  ASSERT_GT(text.size(), 4 * DecompressingInput::kOutputBytes);
  for (const std::string& packed : {Gzip(text), Zstd(text)}) {
    for (size_t chunk : {size_t{1}, size_t{7}, size_t{4096}, size_t{65537}, size_t{0}}) {
      const Decoded d = Decode(packed, chunk);
      ASSERT_TRUE(d.status.ok()) << d.status;
      ASSERT_EQ(d.text.size(), text.size()) << "chunk " << chunk;
      ASSERT_TRUE(d.text == text) << "chunk " << chunk;
      EXPECT_LE(d.largest_piece, DecompressingInput::kOutputBytes);
      // Given everything at once, it fills whole buffers.
      if (chunk == 0) EXPECT_EQ(d.largest_piece, DecompressingInput::kOutputBytes);
    }
  }
}

TEST(DecompressingInputTest, TruncatedStreamsNameFileAndOffset) {
  const std::string text = Events(200);
  const std::string gz = Gzip(text);
  const std::string zst = Zstd(text);
  const Decoded g = Decode(gz.substr(0, 100), 0);
  EXPECT_EQ(g.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(g.status.message(), "f.csv.gz: compressed data ends before the end of the gzip stream (byte 100)");
  const Decoded z = Decode(zst.substr(0, 100), 0, "f.csv.zst");
  EXPECT_EQ(z.status.message(), "f.csv.zst: compressed data ends before the end of the zstd stream (byte 100)");
  // Cut anywhere (even in the 8-byte trailer, or after only the magic), at any chunking:
  // never OK, never silently short.
  for (size_t cut = 2; cut < gz.size(); ++cut) {
    for (size_t chunk : {size_t{1}, size_t{13}, size_t{0}}) {
      const Decoded d = Decode(gz.substr(0, cut), chunk);
      ASSERT_FALSE(d.status.ok()) << "gzip cut at " << cut;
      ASSERT_EQ(d.status.message(), "f.csv.gz: compressed data ends before the end of the gzip stream (byte " +
                                        std::to_string(cut) + ")");
    }
  }
  for (size_t cut = 4; cut < zst.size(); ++cut) {
    const Decoded d = Decode(zst.substr(0, cut), 3, "f.csv.zst");
    ASSERT_FALSE(d.status.ok()) << "zstd cut at " << cut;
    ASSERT_NE(d.status.message().find("f.csv.zst: "), std::string::npos) << d.status;
  }
  // A second member cut short.
  const Decoded two = Decode(gz + gz.substr(0, 30), 5);
  EXPECT_EQ(two.status.message(), "f.csv.gz: compressed data ends before the end of the gzip stream (byte " +
                                      std::to_string(gz.size() + 30) + ")");
}

TEST(DecompressingInputTest, CorruptStreamsNameFileReasonAndOffset) {
  const std::string text = Events(200);
  std::string gz = Gzip(text);
  // The CRC-32 in the trailer.
  std::string bad_crc = gz;
  bad_crc[gz.size() - 6] ^= 0x55;
  const Decoded c = Decode(bad_crc, 0);
  EXPECT_EQ(c.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(c.status.message(), "f.csv.gz: corrupt gzip data: incorrect data check (byte " +
                                    std::to_string(gz.size() - 4) + ")");
  // An invalid block type (3) in the first deflate block header, just after the 10-byte header.
  std::string bad_block = gz;
  bad_block[10] = static_cast<char>(bad_block[10] | 0x06);
  const Decoded b = Decode(bad_block, 1);
  EXPECT_EQ(b.status.message(), "f.csv.gz: corrupt gzip data: invalid block type (byte 11)");
  // Bytes after a member that do not start another.
  const Decoded t = Decode(gz + "trailing,text\n", 4);
  EXPECT_EQ(t.status.message(), "f.csv.gz: corrupt gzip data: incorrect header check (byte " +
                                    std::to_string(gz.size() + 2) + ")");
  // Any flipped byte in the deflate data is caught: by the data, by the CRC, or as a
  // stream that now ends later than the file. (Not the last byte before the trailer:
  // its high bits may be padding after the end-of-block code, which nobody reads.)
  for (size_t at = 10; at + 9 < gz.size(); ++at) {
    std::string flipped = gz;
    flipped[at] ^= 0x20;
    const Decoded d = Decode(flipped, 64);
    ASSERT_FALSE(d.status.ok()) << "flipped byte " << at;
    const std::string message(d.status.message());
    ASSERT_TRUE(message.rfind("f.csv.gz: corrupt gzip data: ", 0) == 0 ||
                message.rfind("f.csv.gz: compressed data ends before the end of the gzip stream", 0) == 0)
        << message;
  }
  // zstd: content checksum, and a frame header with its reserved bit set.
  std::string zst = Zstd(text);
  zst[zst.size() / 2] ^= 0x20;
  const Decoded z = Decode(zst, 7, "f.zst");
  ASSERT_FALSE(z.status.ok());
  EXPECT_NE(z.status.message().find("f.zst: corrupt zstd data: "), std::string::npos) << z.status;
  const Decoded h = Decode(std::string("\x28\xb5\x2f\xfd\x08\x00\x00\x00\x00\x00", 10), 1, "h.zst");
  EXPECT_EQ(h.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(h.status.message().find("h.zst: corrupt zstd data: "), std::string::npos) << h.status;
  EXPECT_NE(h.status.message().find("(byte "), std::string::npos) << h.status;
}

// Where a decoder stops on corrupt data depends on how much input it was given: the
// ingest fuzzer's finding (zstd "Unknown frame descriptor (byte 90)" in one feed, "byte
// 87" in 1-byte chunks). Decoders now see fixed input blocks, so every chunking names the
// same byte, on small and on multi-block files.
TEST(DecompressingInputTest, CorruptDataNamesTheSameByteAtEveryChunking) {
  std::vector<std::string> corrupt;
  for (int rows : {5, 40000}) {
    const std::string text = Events(rows, 3);
    for (std::string bytes : {Zstd(text), Gzip(text)}) {
      for (size_t at : {size_t{4}, size_t{5}, size_t{12}, bytes.size() / 3, bytes.size() / 2}) {
        std::string flipped = bytes;
        flipped[at] ^= 0x5a;
        corrupt.push_back(flipped);
      }
    }
  }
  corrupt.push_back(std::string("\x28\xb5\x2f\xfdXM", 6) + "user_id,event\n");
  int failing = 0;
  for (size_t i = 0; i < corrupt.size(); ++i) {
    const Decoded whole = Decode(corrupt[i], 0, "f");
    if (whole.status.ok()) continue;  // a flip in a gzip header's time or flags field
    ++failing;
    for (size_t chunk : {size_t{1}, size_t{3}, size_t{64}, size_t{4097}, size_t{70000}}) {
      const Decoded d = Decode(corrupt[i], chunk, "f");
      EXPECT_EQ(d.status, whole.status) << "case " << i << ", chunks of " << chunk;
      EXPECT_EQ(d.text, whole.text) << "case " << i << ", chunks of " << chunk;
    }
  }
  EXPECT_GE(failing, 15);
}

// The reader's error stops the decoder at once and comes back unchanged.
TEST(DecompressingInputTest, SinkErrorsPassThrough) {
  const std::string gz = Gzip(Events(60000));
  DecompressingInput input("f.gz");
  int calls = 0;
  absl::Status s = input.Feed(gz, [&](std::string_view) {
    ++calls;
    return absl::InvalidArgumentError("f.gz: line 3: no time column");
  });
  EXPECT_EQ(s.message(), "f.gz: line 3: no time column");
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace fl

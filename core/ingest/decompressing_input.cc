#include "core/ingest/decompressing_input.h"

#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "core/ingest/text_view.h"

namespace fl {
namespace {

constexpr std::string_view kGzipMagic("\x1f\x8b", 2);
constexpr std::string_view kZstdMagic("\x28\xb5\x2f\xfd", 4);
// A skippable zstd frame: 50..5f 2a 4d 18 (little-endian 0x184D2A5?).
constexpr std::string_view kZstdSkippableTail("\x2a\x4d\x18", 3);

// How `prefix` compares with a magic number: 1 it starts with it, 0 it is a proper
// prefix of it (more bytes could still match), -1 it cannot match.
int MatchMagic(std::string_view prefix, std::string_view magic) {
  const size_t n = std::min(prefix.size(), magic.size());
  if (prefix.substr(0, n) != magic.substr(0, n)) return -1;
  return prefix.size() >= magic.size() ? 1 : 0;
}

int MatchZstdSkippable(std::string_view prefix) {
  if (prefix.empty()) return 0;
  if ((static_cast<unsigned char>(prefix[0]) & 0xF0) != 0x50) return -1;
  return MatchMagic(prefix.substr(1), kZstdSkippableTail);
}

}  // namespace

const char* CompressionName(Compression compression) {
  switch (compression) {
    case Compression::kGzip:
      return "gzip";
    case Compression::kZstd:
      return "zstd";
    case Compression::kNone:
      break;
  }
  return "";
}

bool DetectCompression(std::string_view prefix, bool complete, Compression* out) {
  const int gzip = MatchMagic(prefix, kGzipMagic);
  const int zstd = std::max(MatchMagic(prefix, kZstdMagic), MatchZstdSkippable(prefix));
  if (gzip == 1 || zstd == 1) {
    *out = gzip == 1 ? Compression::kGzip : Compression::kZstd;
    return true;
  }
  if ((gzip == 0 || zstd == 0) && !complete) return false;
  *out = Compression::kNone;
  return true;
}

// What both decoders share: the file's name, the compressed bytes taken so far (the
// offset errors name) and the fixed output buffer.
class DecompressingInput::Decoder {
 public:
  Decoder(std::string_view file, const char* format)
      : file_(file), format_(format), out_(new char[kOutputBytes]) {}
  virtual ~Decoder() = default;
  // Decodes all of `in`, handing the output on in pieces of at most kOutputBytes.
  virtual absl::Status Decode(std::string_view in, Sink sink) = 0;
  // OK when the data so far ends exactly at the end of a gzip member or zstd frame.
  virtual absl::Status Finish() = 0;

 protected:
  absl::Status Truncated() const {
    return absl::InvalidArgumentError(absl::StrCat(file_, ": compressed data ends before the end of the ", format_,
                                                   " stream (byte ", taken_, ")"));
  }
  absl::Status Corrupt(std::string_view reason) const {
    return absl::InvalidArgumentError(
        absl::StrCat(file_, ": corrupt ", format_, " data: ", Sv(reason), " (byte ", taken_, ")"));
  }

  const std::string file_;
  const char* const format_;
  std::unique_ptr<char[]> out_;
  int64_t taken_ = 0;  // compressed bytes consumed
};

namespace {

// gzip with zlib's inflate; after each member's end the next bytes must start another.
class GzipDecoder : public DecompressingInput::Decoder {
 public:
  explicit GzipDecoder(std::string_view file) : Decoder(file, "gzip") {
    std::memset(&z_, 0, sizeof(z_));
    started_ = inflateInit2(&z_, 16 + MAX_WBITS) == Z_OK;  // 16: gzip wrapper only
  }
  ~GzipDecoder() override {
    if (started_) inflateEnd(&z_);
  }

  absl::Status Decode(std::string_view in, DecompressingInput::Sink sink) override {
    if (!started_) return absl::ResourceExhaustedError(absl::StrCat(file_, ": cannot start the gzip decoder"));
    // avail_in is 32 bits wide.
    constexpr size_t kPiece = size_t{1} << 30;
    while (!in.empty()) {
      const size_t piece = std::min(in.size(), kPiece);
      z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
      z_.avail_in = static_cast<uInt>(piece);
      if (absl::Status s = DecodePiece(sink); !s.ok()) return s;
      in.remove_prefix(piece);
    }
    return absl::OkStatus();
  }

  absl::Status Finish() override { return member_ended_ ? absl::OkStatus() : Truncated(); }

 private:
  absl::Status DecodePiece(DecompressingInput::Sink sink) {
    for (;;) {
      if (member_ended_) {
        if (z_.avail_in == 0) return absl::OkStatus();
        inflateReset(&z_);  // concatenated members: `cat a.gz b.gz` is one stream
        member_ended_ = false;
      }
      const uInt in_before = z_.avail_in;
      z_.next_out = reinterpret_cast<Bytef*>(out_.get());
      z_.avail_out = static_cast<uInt>(DecompressingInput::kOutputBytes);
      const int ret = inflate(&z_, Z_NO_FLUSH);
      taken_ += in_before - z_.avail_in;
      if (ret == Z_STREAM_END) {
        member_ended_ = true;
      } else if (ret != Z_OK && ret != Z_BUF_ERROR) {  // Z_BUF_ERROR: needs more input
        return Corrupt(z_.msg != nullptr ? z_.msg : ret == Z_MEM_ERROR ? "out of memory" : "cannot inflate");
      }
      const size_t produced = DecompressingInput::kOutputBytes - z_.avail_out;
      if (produced > 0) {
        if (absl::Status s = sink(std::string_view(out_.get(), produced)); !s.ok()) return s;
      }
      // inflate stops when the input is used up or the output buffer is full.
      if (z_.avail_in == 0 && z_.avail_out != 0) return absl::OkStatus();
    }
  }

  z_stream z_;
  bool started_ = false;
  bool member_ended_ = false;
};

// zstd with libzstd's streaming decoder, which goes on from one frame to the next
// (and skips skippable frames) by itself.
class ZstdDecoder : public DecompressingInput::Decoder {
 public:
  explicit ZstdDecoder(std::string_view file) : Decoder(file, "zstd"), dctx_(ZSTD_createDCtx()) {}
  ~ZstdDecoder() override { ZSTD_freeDCtx(dctx_); }

  absl::Status Decode(std::string_view in, DecompressingInput::Sink sink) override {
    if (dctx_ == nullptr) return absl::ResourceExhaustedError(absl::StrCat(file_, ": cannot start the zstd decoder"));
    ZSTD_inBuffer input = {in.data(), in.size(), 0};
    for (;;) {
      ZSTD_outBuffer output = {out_.get(), DecompressingInput::kOutputBytes, 0};
      const size_t in_before = input.pos;
      const size_t ret = ZSTD_decompressStream(dctx_, &output, &input);
      taken_ += static_cast<int64_t>(input.pos - in_before);
      if (ZSTD_isError(ret)) return Corrupt(ZSTD_getErrorName(ret));
      frame_ended_ = ret == 0;  // 0: a frame was decoded and flushed completely
      if (output.pos > 0) {
        if (absl::Status s = sink(std::string_view(out_.get(), output.pos)); !s.ok()) return s;
      }
      if (input.pos == input.size && output.pos < output.size) return absl::OkStatus();
    }
  }

  absl::Status Finish() override { return frame_ended_ ? absl::OkStatus() : Truncated(); }

 private:
  ZSTD_DCtx* dctx_;
  bool frame_ended_ = false;
};

}  // namespace

DecompressingInput::DecompressingInput(std::string file) : file_(std::move(file)) {}
DecompressingInput::~DecompressingInput() = default;

absl::Status DecompressingInput::Feed(std::string_view bytes, Sink sink) {
  if (decided_) return Pass(bytes, sink);
  if (head_.empty() && Decide(bytes, /*complete=*/false)) return Pass(bytes, sink);
  const size_t take = std::min(kCompressionMagicBytes - head_.size(), bytes.size());
  head_.append(bytes.substr(0, take));
  bytes.remove_prefix(take);
  if (!Decide(head_, /*complete=*/false)) return absl::OkStatus();  // all of `bytes` is held
  const std::string head = std::move(head_);
  head_.clear();
  if (absl::Status s = Pass(head, sink); !s.ok()) return s;
  return Pass(bytes, sink);
}

absl::Status DecompressingInput::End(Sink sink) {
  if (!decided_) {
    Decide(head_, /*complete=*/true);
    const std::string head = std::move(head_);
    head_.clear();
    if (absl::Status s = Pass(head, sink); !s.ok()) return s;
  }
  if (decoder_ == nullptr) return absl::OkStatus();
  if (!block_.empty()) {
    const std::string last = std::move(block_);
    block_.clear();
    if (absl::Status s = decoder_->Decode(last, sink); !s.ok()) return s;
  }
  return decoder_->Finish();
}

bool DecompressingInput::Decide(std::string_view prefix, bool complete) {
  if (!DetectCompression(prefix, complete, &compression_)) return false;
  decided_ = true;
  if (compression_ == Compression::kGzip) decoder_ = std::make_unique<GzipDecoder>(file_);
  if (compression_ == Compression::kZstd) decoder_ = std::make_unique<ZstdDecoder>(file_);
  return true;
}

absl::Status DecompressingInput::Pass(std::string_view bytes, Sink sink) {
  if (bytes.empty()) return absl::OkStatus();
  if (decoder_ == nullptr) return sink(bytes);
  // The decoders see the compressed bytes in blocks of kInputBlockBytes whatever the
  // caller's chunks, so where they stop on corrupt data (the byte an error names) and
  // how they cut their output do not depend on how the file was read.
  while (!bytes.empty()) {
    if (block_.empty() && bytes.size() >= kInputBlockBytes) {
      if (absl::Status s = decoder_->Decode(bytes.substr(0, kInputBlockBytes), sink); !s.ok()) return s;
      bytes.remove_prefix(kInputBlockBytes);
      continue;
    }
    const size_t take = std::min(kInputBlockBytes - block_.size(), bytes.size());
    block_.append(bytes.substr(0, take));
    bytes.remove_prefix(take);
    if (block_.size() == kInputBlockBytes) {
      const absl::Status s = decoder_->Decode(block_, sink);
      block_.clear();
      if (!s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace fl

#ifndef FRICTIONLENS_CORE_INGEST_DECOMPRESSING_INPUT_H_
#define FRICTIONLENS_CORE_INGEST_DECOMPRESSING_INPUT_H_

// One input file's bytes as they arrive, decompressed on the way when they are gzip or
// zstd, and handed on in pieces of at most kOutputBytes: a compressed file is never
// inflated whole. The compression is told by the first bytes, never by the file name:
//   gzip  1f 8b          (several members one after another, as `cat a.gz b.gz` makes)
//   zstd  28 b5 2f fd    (several frames; also a file that starts with a skippable frame,
//                         5? 2a 4d 18, as pzstd writes)
// anything else is passed on unchanged, in the caller's own chunks. The first bytes are
// held until they decide (at most 4), so a 1-byte first chunk decides the same way.
//
// Corrupt or truncated compressed data is a fatal InvalidArgument error naming the file,
// the reason and the compressed byte offset (the same however the file is chunked: the
// decoder is fed fixed input blocks):
//   "f.csv.gz: compressed data ends before the end of the gzip stream (byte 1234)"
//   "f.csv.zst: corrupt zstd data: Restored data doesn't match checksum (byte 88)"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"

namespace fl {

enum class Compression { kNone, kGzip, kZstd };
// "" | "gzip" | "zstd": what FileSchema::compression records.
const char* CompressionName(Compression compression);

// The compression the first bytes of a file announce. Returns false while `prefix`
// could still be the start of a magic number and is not the whole file (`complete`).
bool DetectCompression(std::string_view prefix, bool complete, Compression* out);
// Bytes that always suffice for DetectCompression to decide.
inline constexpr size_t kCompressionMagicBytes = 4;

class DecompressingInput {
 public:
  // Receives the (decompressed) bytes; a non-OK status stops the input and is returned.
  using Sink = absl::FunctionRef<absl::Status(std::string_view)>;
  // Largest piece handed to the sink when decompressing.
  static constexpr size_t kOutputBytes = 256 << 10;
  // Compressed bytes are decoded in blocks of this size (the last one shorter).
  static constexpr size_t kInputBlockBytes = 64 << 10;

  explicit DecompressingInput(std::string file);
  ~DecompressingInput();
  DecompressingInput(const DecompressingInput&) = delete;
  DecompressingInput& operator=(const DecompressingInput&) = delete;

  absl::Status Feed(std::string_view bytes, Sink sink);
  // The end of the file: passes on what is held back and fails when a compressed
  // stream was cut off.
  absl::Status End(Sink sink);

  // kNone until decided (and for a file that is not compressed).
  Compression compression() const { return compression_; }

  // How one compressed format is decoded (gzip with zlib, zstd with libzstd).
  class Decoder;

 private:
  // Takes the decision when `prefix` suffices; creates the decoder it calls for.
  bool Decide(std::string_view prefix, bool complete);
  absl::Status Pass(std::string_view bytes, Sink sink);

  std::string file_;
  bool decided_ = false;
  std::string head_;  // first bytes, held until they decide
  Compression compression_ = Compression::kNone;
  std::unique_ptr<Decoder> decoder_;
  std::string block_;  // compressed bytes short of a whole input block
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_DECOMPRESSING_INPUT_H_

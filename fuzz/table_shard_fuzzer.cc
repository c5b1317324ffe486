// The shard file reader: ReadTableShard, which `frictionlens partial` runs on files another
// machine wrote ("frictionlens.table/1": a magic line, then one zstd frame holding a JSON
// header with the input's context and the columns as varints), so its input is as
// untrusted as any file. Invariants:
//   - no crash, no sanitizer report, whatever the bytes; a refusal has a message;
//   - an accepted shard writes back (WriteTableShard) to bytes that read back to a shard
//     that writes the same bytes again;
//   - an accepted shard is analysed (BuildPartial, the store journey with its A/B test)
//     without error or with a clean one, and the state it gives encodes, decodes and
//     encodes to the same bytes; a shard of a split into one also gives its report.
// Input: byte 0 picks how the rest is read (modulo 3), so that mutations reach the parser
// behind the compression and behind the context's fingerprint:
//   0: the rest is the file's bytes;
//   1: the rest is the uncompressed body, which the harness wraps (magic + ZSTD_compress);
//   2: as 1, after setting the header's context's input_id to the fingerprint of its
//      fields (as a forger would), so that mutations of the context are read further.
// Seeds: FL_FUZZ_WRITE_SEEDS=DIR ./table_shard_fuzzer writes the demo store's shards (a
// split into 2 and into 1) in each mode into DIR and exits (fuzz/corpus/table_shard_fuzzer).

#include <zstd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/scaleout/partial_state.h"
#include "core/scaleout/table_shard.h"
#include "core/varint.h"
#include "fuzz/fuzz_support.h"
#include "fuzz/scaleout_fuzz_support.h"
#include "nlohmann/json.hpp"

namespace {

constexpr std::string_view kMagic = "frictionlens.table/1\n";

const fl::JourneySpec& Journey() {
  static const fl::JourneySpec* journey = new fl::JourneySpec(fl::fuzz::StoreJourneyWithExperiment());
  return *journey;
}

std::string Compress(std::string_view body) {
  std::string out(kMagic);
  const size_t bound = ZSTD_compressBound(body.size());
  out.resize(kMagic.size() + bound);
  const size_t n = ZSTD_compress(out.data() + kMagic.size(), bound, body.data(), body.size(), 1);
  fl::fuzz::Check(!ZSTD_isError(n), "ZSTD_compress failed");
  out.resize(kMagic.size() + n);
  return out;
}

std::string Decompress(std::string_view file) {
  file.remove_prefix(kMagic.size());
  const unsigned long long size = ZSTD_getFrameContentSize(file.data(), file.size());
  fl::fuzz::Check(size != ZSTD_CONTENTSIZE_ERROR && size != ZSTD_CONTENTSIZE_UNKNOWN, "a shard without its size");
  std::string body(size, '\0');
  fl::fuzz::Check(ZSTD_decompress(body.data(), body.size(), file.data(), file.size()) == size, "a shard does not decompress");
  return body;
}

// Mode 2: the body with its header's context re-fingerprinted (unchanged when the header
// does not parse).
std::string Refingerprinted(std::string_view body) {
  uint64_t n = 0;
  size_t at = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (at == body.size()) return std::string(body);
    const auto b = static_cast<uint8_t>(body[at++]);
    n |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (b < 0x80) break;
  }
  if (n > body.size() - at) return std::string(body);
  nlohmann::json header;
  try {  // the CBOR reader throws despite allow_exceptions=false
    header = nlohmann::json::from_cbor(body.substr(at, n), /*strict=*/true, /*allow_exceptions=*/false);
  } catch (const std::exception&) {
    return std::string(body);
  }
  if (!header.is_object() || !header.contains("context")) return std::string(body);
  fl::fuzz::Refingerprint(&header["context"]);
  const std::vector<uint8_t> text = nlohmann::json::to_cbor(header);
  uint8_t varint[fl::kMaxVarintBytes];
  const uint8_t* end = fl::PutVarint(text.size(), varint);
  std::string out(reinterpret_cast<const char*>(varint), static_cast<size_t>(end - varint));
  out.append(text.begin(), text.end());
  out += body.substr(at + n);
  return out;
}

void WriteSeeds(const char* dir) {
  const fl::EventTable table = fl::fuzz::SmallStoreTable();
  const auto context = fl::fuzz::ContextOf(table);
  for (uint32_t count : {1u, 2u}) {
    for (const fl::TableShard& shard : fl::SplitTable(table, count, context)) {
      const std::string file = fl::WriteTableShard(shard);
      const std::string name = absl::StrCat(dir, "/shard-", shard.index, "-of-", count);
      std::ofstream(name + ".file", std::ios::binary) << '\0' << file;
      std::ofstream(name + ".body", std::ios::binary) << '\1' << Decompress(file);
      if (count == 1) std::ofstream(name + ".forged", std::ios::binary) << '\2' << Decompress(file);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (const char* dir = std::getenv("FL_FUZZ_WRITE_SEEDS")) {
    WriteSeeds(dir);
    std::exit(0);
  }
  (void)Journey();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string bytes;
  switch (data[0] % 3) {
    case 0:
      bytes = std::string(rest);
      break;
    case 1:
      bytes = Compress(rest);
      break;
    default:
      bytes = Compress(Refingerprinted(rest));
      break;
  }

  absl::StatusOr<fl::TableShard> read = fl::ReadTableShard(bytes, "fuzz.fltable");
  if (!read.ok()) {
    fl::fuzz::Check(!read.status().message().empty(), "a refusal without a message");
    return 0;
  }
  const std::string written = fl::WriteTableShard(*read);
  absl::StatusOr<fl::TableShard> again = fl::ReadTableShard(written, "again.fltable");
  fl::fuzz::Check(again.ok(), "an accepted shard's own file is refused", again.status().ToString());
  fl::fuzz::Check(fl::WriteTableShard(*again) == written, "an accepted shard does not round-trip");

  absl::StatusOr<fl::PartialState> state = fl::BuildPartial(Journey(), *read, /*threads=*/1);
  if (!state.ok()) {
    fl::fuzz::Check(!state.status().message().empty(), "BuildPartial refused without a message");
    return 0;
  }
  const std::string encoded = fl::EncodePartial(*state);
  absl::StatusOr<fl::PartialState> decoded = fl::DecodePartial(encoded, "fuzz.flpartial");
  fl::fuzz::Check(decoded.ok(), "the state of an accepted shard does not decode", decoded.status().ToString());
  fl::fuzz::Check(fl::EncodePartial(*decoded) == encoded, "the state of an accepted shard does not round-trip");
  if (read->count == 1) fl::fuzz::ReportOrCleanRefusal(*decoded);
  return 0;
}

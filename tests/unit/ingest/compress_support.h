#ifndef FRICTIONLENS_TESTS_UNIT_COMPRESS_SUPPORT_H_
#define FRICTIONLENS_TESTS_UNIT_COMPRESS_SUPPORT_H_

// Test data compressed in the test itself, with the libraries the core decodes with.

#include <zlib.h>
#include <zstd.h>

#include <string>

#include "gtest/gtest.h"

namespace fl::testing {

// One gzip member (as `gzip` writes it).
inline std::string Gzip(const std::string& text) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, text.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// One zstd frame, with its content checksum unless told otherwise.
inline std::string Zstd(const std::string& text, bool checksum = true) {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, checksum ? 1 : 0);
  std::string out(ZSTD_compressBound(text.size()), '\0');
  const size_t n = ZSTD_compress2(cctx, out.data(), out.size(), text.data(), text.size());
  EXPECT_FALSE(ZSTD_isError(n)) << ZSTD_getErrorName(n);
  ZSTD_freeCCtx(cctx);
  out.resize(n);
  return out;
}

}  // namespace fl::testing

#endif  // FRICTIONLENS_TESTS_UNIT_COMPRESS_SUPPORT_H_

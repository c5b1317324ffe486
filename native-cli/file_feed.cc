#include "native-cli/file_feed.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "absl/strings/str_cat.h"
#include "native-cli/progress_bar.h"

namespace fl::cli {
namespace {

constexpr size_t kChunkBytes = 8 << 20;  // bounded memory whatever the file size

struct FileCloser {
  void operator()(FILE* f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<FILE, FileCloser>;

absl::Status OpenError(const std::string& path) {
  return absl::NotFoundError(absl::StrCat(path, ": cannot open: ", std::strerror(errno)));
}

}  // namespace

absl::Status ReadWholeFile(const std::string& path, std::string* out) {
  FilePtr file(std::fopen(path.c_str(), "rb"));
  if (!file) return OpenError(path);
  // fopen succeeds on a directory and the first read fails: say what it is instead.
  // (FailedPrecondition: unreadable input, exit 3, not a usage error.)
  struct stat info;
  if (fstat(fileno(file.get()), &info) == 0 && S_ISDIR(info.st_mode)) {
    return absl::FailedPreconditionError(absl::StrCat(path, ": is a directory"));
  }
  out->clear();
  char buffer[1 << 16];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), file.get())) > 0) out->append(buffer, n);
  if (std::ferror(file.get())) return absl::DataLossError(absl::StrCat(path, ": read error"));
  return absl::OkStatus();
}

absl::Status FeedFiles(const std::vector<std::string>& paths, Analyzer* analyzer) {
  int64_t total = 0;
  for (const std::string& path : paths) {
    struct stat info;
    if (stat(path.c_str(), &info) != 0) return OpenError(path);
    if (S_ISDIR(info.st_mode)) return absl::InvalidArgumentError(absl::StrCat(path, ": is a directory"));
    total += info.st_size;
  }
  ProgressBar progress("reading", total);
  std::unique_ptr<char[]> buffer(new char[kChunkBytes]);
  int64_t done = 0;
  for (const std::string& path : paths) {
    FilePtr file(std::fopen(path.c_str(), "rb"));
    if (!file) return OpenError(path);
    if (absl::Status s = analyzer->BeginFile(path); !s.ok()) return s;
    size_t n;
    while ((n = std::fread(buffer.get(), 1, kChunkBytes, file.get())) > 0) {
      if (absl::Status s = analyzer->Feed(std::string_view(buffer.get(), n)); !s.ok()) return s;
      done += static_cast<int64_t>(n);
      progress.Update(done);
    }
    if (std::ferror(file.get())) return absl::DataLossError(absl::StrCat(path, ": read error"));
    if (absl::Status s = analyzer->EndFile(); !s.ok()) return s;
  }
  progress.Finish();
  return absl::OkStatus();
}

}  // namespace fl::cli

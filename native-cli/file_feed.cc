#include "native-cli/file_feed.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <utility>
#include <mutex>

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

// A regular file read with pread, which several threads may call at once; the bytes
// they have parsed move the progress bar.
class PreadInput : public RandomAccessInput {
 public:
  PreadInput(int fd, int64_t size, int64_t done_before, ProgressBar* progress)
      : fd_(fd), size_(size), done_before_(done_before), progress_(progress) {}
  int64_t size() const override { return size_; }
  void Parsed(int64_t bytes) const override {
    const int64_t parsed = parsed_.fetch_add(bytes) + bytes;
    std::unique_lock<std::mutex> lock(progress_mutex_, std::try_to_lock);
    if (lock.owns_lock()) progress_->Update(done_before_ + std::min(parsed, size_));
  }
  absl::Status Read(int64_t offset, size_t n, std::string* out) const override {
    out->resize(n);
    size_t got = 0;
    while (got < n) {
      const ssize_t r = pread(fd_, out->data() + got, n - got, offset + static_cast<int64_t>(got));
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) return absl::DataLossError(absl::StrCat("read error: ", std::strerror(errno)));
      if (r == 0) break;
      got += static_cast<size_t>(r);
    }
    out->resize(got);
    return absl::OkStatus();
  }

 private:
  const int fd_;
  const int64_t size_;
  const int64_t done_before_;  // bytes of the files before this one
  ProgressBar* progress_;
  mutable std::atomic<int64_t> parsed_{0};
  mutable std::mutex progress_mutex_;  // one thread draws; the others skip a frame
};

}  // namespace

absl::Status ReadWholeFile(const std::string& path, std::string* out) {
  FilePtr file(path == "-" ? fdopen(dup(STDIN_FILENO), "rb") : std::fopen(path.c_str(), "rb"));
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

absl::Status CheckDistinctInputs(const std::vector<std::string>& paths) {
  std::vector<std::pair<std::pair<dev_t, ino_t>, std::string>> seen;
  int stdin_uses = 0;
  for (const std::string& path : paths) {
    if (path == "-") {
      if (++stdin_uses > 1) return absl::InvalidArgumentError("standard input (-) is given twice");
      continue;
    }
    struct stat info;
    if (stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) continue;
    for (const auto& [id, earlier] : seen) {
      if (id == std::make_pair(info.st_dev, info.st_ino)) {
        return absl::InvalidArgumentError(
            absl::StrCat(path, ": given twice (also as ", earlier, "): its events would count twice"));
      }
    }
    seen.push_back({{info.st_dev, info.st_ino}, path});
  }
  return absl::OkStatus();
}

absl::Status CheckOutputIsNoInput(const std::string& output, const std::vector<std::string>& inputs) {
  struct stat out;
  if (output.empty() || output == "-" || stat(output.c_str(), &out) != 0) return absl::OkStatus();
  for (const std::string& path : inputs) {
    struct stat in;
    if (path != "-" && stat(path.c_str(), &in) == 0 && in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
      return absl::InvalidArgumentError(
          absl::StrCat("--output ", output, " is the input file ", path, ": refusing to overwrite it"));
    }
  }
  return absl::OkStatus();
}

absl::Status FeedFiles(const std::vector<std::string>& paths, Analyzer* analyzer) {
  if (absl::Status s = CheckDistinctInputs(paths); !s.ok()) return s;
  int64_t total = 0;
  for (const std::string& path : paths) {
    if (path == "-") continue;
    struct stat info;
    if (stat(path.c_str(), &info) != 0) return OpenError(path);
    if (S_ISDIR(info.st_mode)) return absl::InvalidArgumentError(absl::StrCat(path, ": is a directory"));
    total += info.st_size;
  }
  ProgressBar progress("reading", total);
  std::unique_ptr<char[]> buffer(new char[kChunkBytes]);
  int64_t done = 0;
  for (const std::string& path : paths) {
    // `-` is standard input, read as it streams.
    FilePtr file(path == "-" ? fdopen(dup(STDIN_FILENO), "rb") : std::fopen(path.c_str(), "rb"));
    if (!file) return OpenError(path);
    struct stat info;
    if (fstat(fileno(file.get()), &info) == 0 && S_ISREG(info.st_mode)) {
      // A regular file can be read in parts by several threads (same result), and its
      // size tells how much room the columns need.
      PreadInput input(fileno(file.get()), info.st_size, done, &progress);
      absl::Status s = analyzer->IngestFile(path, input);
      if (!s.ok()) {
        // Read errors name the file here; parse errors already do.
        if (s.code() == absl::StatusCode::kDataLoss) return absl::DataLossError(absl::StrCat(path, ": ", s.message()));
        return s;
      }
      done += info.st_size;
      progress.Update(done);
      continue;
    }
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

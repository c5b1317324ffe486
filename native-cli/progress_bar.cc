#include "native-cli/progress_bar.h"

#include <unistd.h>

#include <cstdio>

namespace fl::cli {

ProgressBar::ProgressBar(std::string label, int64_t total_bytes)
    : label_(std::move(label)), total_(total_bytes), enabled_(isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

ProgressBar::~ProgressBar() { Finish(); }

void ProgressBar::Update(int64_t done) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - start_ < std::chrono::seconds(1)) return;
  if (shown_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  shown_ = true;
  const double fraction = total_ > 0 ? static_cast<double>(done) / static_cast<double>(total_) : 0;
  const int width = 30;
  const int filled = static_cast<int>(fraction * width);
  const double seconds = std::chrono::duration<double>(now - start_).count();
  std::fprintf(stderr, "\r%s [%-*s] %5.1f%%  %.0f MB/s ", label_.c_str(), width,
               std::string(static_cast<size_t>(filled), '#').c_str(), fraction * 100,
               static_cast<double>(done) / 1e6 / seconds);
  std::fflush(stderr);
}

void ProgressBar::Finish() {
  if (shown_) {
    std::fprintf(stderr, "\r%*s\r", 72, "");
    std::fflush(stderr);
    shown_ = false;
  }
}

}  // namespace fl::cli

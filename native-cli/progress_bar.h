#ifndef FRICTIONLENS_NATIVE_CLI_PROGRESS_BAR_H_
#define FRICTIONLENS_NATIVE_CLI_PROGRESS_BAR_H_

// A progress bar on stderr, shown only when stderr is a terminal and the run has
// already taken about a second (quick runs stay quiet, pipes stay clean).

#include <chrono>
#include <cstdint>
#include <string>

namespace fl::cli {

class ProgressBar {
 public:
  ProgressBar(std::string label, int64_t total_bytes);
  ~ProgressBar();
  void Update(int64_t done_bytes);
  void Finish();

 private:
  std::string label_;
  int64_t total_;
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace fl::cli

#endif  // FRICTIONLENS_NATIVE_CLI_PROGRESS_BAR_H_

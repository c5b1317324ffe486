#include "core/parallel.h"

#include <algorithm>
#include <atomic>
#include <vector>

#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
#define FL_NO_THREADS 1
#else
#include <thread>
#endif

namespace fl {

void ParallelFor(int n, const std::function<void(int)>& work) {
  if (n <= 0) return;
#ifdef FL_NO_THREADS
  for (int i = 0; i < n; ++i) work(i);
#else
  std::vector<std::thread> threads;
  threads.reserve(n - 1);
  for (int i = 1; i < n; ++i) threads.emplace_back(work, i);
  work(0);
  for (std::thread& t : threads) t.join();
#endif
}

void RunTasks(int threads, const std::vector<std::function<void()>>& tasks) {
  const int n = static_cast<int>(tasks.size());
  const int workers = std::max(1, std::min(threads, n));
  std::atomic<int> next{0};
  ParallelFor(workers, [&](int) {
    for (int i = next++; i < n; i = next++) tasks[i]();
  });
}

int AvailableThreads() {
#ifdef FL_NO_THREADS
  return 1;
#else
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
#endif
}

}  // namespace fl

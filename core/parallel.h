#ifndef FRICTIONLENS_CORE_PARALLEL_H_
#define FRICTIONLENS_CORE_PARALLEL_H_

// The core's only use of threads: run n independent pieces of work, each writing its
// own output, and wait for all of them. Results must never depend on the thread count
// (every caller merges its pieces in index order). The WebAssembly build has no
// threads (no SharedArrayBuffer on a plain page), so there every piece runs in turn on
// the calling thread.

#include <cstddef>
#include <functional>
#include <vector>

namespace fl {

// Calls work(i) for every i in [0, n): i = 0 on the calling thread, the rest on their
// own threads when threads are available. Returns after all calls have returned.
// `work` must not throw.
void ParallelFor(int n, const std::function<void(int)>& work);

// Runs every task once, on up to `threads` threads that take the next task as they
// finish one (tasks of unequal size spread well). Returns after all have returned.
void RunTasks(int threads, const std::vector<std::function<void()>>& tasks);

// How many threads ParallelFor can really run at once here (1 without threads).
int AvailableThreads();

// How many shards `count` items are split into for `threads` threads: at least 1,
// at most one per item. A shard index is always below max(threads, 1).
inline int ShardCount(int threads, size_t count) {
  const size_t wanted = static_cast<size_t>(threads < 1 ? 1 : threads);
  return static_cast<int>(count == 0 ? 1 : (wanted < count ? wanted : count));
}

// Splits [0, count) into `parts` contiguous ranges of near-equal size: range i is
// [Boundary(count, parts, i), Boundary(count, parts, i + 1)).
inline size_t Boundary(size_t count, int parts, int i) {
  return static_cast<size_t>(static_cast<unsigned __int128>(count) * i / parts);
}

}  // namespace fl

#endif  // FRICTIONLENS_CORE_PARALLEL_H_

#ifndef FRICTIONLENS_CORE_MEMORY_RELEASE_H_
#define FRICTIONLENS_CORE_MEMORY_RELEASE_H_

// Giving memory back to the system while ingest still runs. Appending the parts read
// on other threads is where ingest peaks: each part's columns and dictionaries are
// freed as they are appended, but freed memory only lowers the process's resident
// size once the allocator returns it. Both calls are hints: without them (other
// systems, WebAssembly) results are the same and only the peak is higher.

namespace fl {

// The whole pages inside [begin, end), which their owner still holds but will never
// read again (they read as zeros afterwards).
void ReleasePages(const void* begin, const void* end);

// Free memory the allocator keeps (glibc's malloc_trim: whole free pages in every
// arena; a thread's arena is otherwise kept for reuse by that thread alone).
void ReleaseFreedMemory();

}  // namespace fl

#endif  // FRICTIONLENS_CORE_MEMORY_RELEASE_H_

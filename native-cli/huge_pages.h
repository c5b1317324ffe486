#ifndef FRICTIONLENS_NATIVE_CLI_HUGE_PAGES_H_
#define FRICTIONLENS_NATIVE_CLI_HUGE_PAGES_H_

// Transparent huge pages for the command's heap, where the system gives them only on
// request.
//
// Why: a 10 M-event run touches about 700 MB of fresh memory (columns, dictionaries,
// their growth). Where the kernel's transparent huge pages are in "madvise" mode (the
// default of Ubuntu and many cloud images, and of our benchmark machine), each 4 KiB
// page is a fault of its own: 324,000 faults on the time-ordered 10 M-row benchmark
// file, 79,000 with huge pages, and 9.9 s against 8.8 s (bench/RESULTS.md).
// glibc asks for huge pages for its heap when its tunable glibc.malloc.hugetlb=1 is
// set, and tunables are read only from the environment at start-up. So the command
// re-executes itself once, with the tunable added, before doing anything else: same
// program, arguments and open files (stdin is not read yet).
//
// Not done when the system's mode is "always" (nothing to ask) or "never", when
// GLIBC_TUNABLES already names the tunable (the user's choice stands), under a
// sanitizer (its own allocator ignores the tunable), when the re-execution fails (the
// run goes on without it), or when FRICTIONLENS_HUGE_PAGES is set (to 0, say). The results never depend
// on it: only the kernel's page size under the same bytes changes.

namespace fl::cli {

// Returns unless it re-executed the program (then it does not return).
void UseHugePagesForHeap(char** argv);

}  // namespace fl::cli

#endif  // FRICTIONLENS_NATIVE_CLI_HUGE_PAGES_H_

#include "native-cli/huge_pages.h"

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#if defined(__linux__)
#include <unistd.h>
#endif

namespace fl::cli {

namespace {

constexpr const char* kGuard = "FRICTIONLENS_HUGE_PAGES";
constexpr const char* kTunable = "glibc.malloc.hugetlb";

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

// The kernel gives huge pages to memory that asks for them, and only to that.
bool HugePagesOnRequest() {
  std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string modes;
  std::getline(in, modes);
  return modes.find("[madvise]") != std::string::npos;
}

}  // namespace

void UseHugePagesForHeap(char** argv) {
#if defined(__linux__) && defined(__GLIBC__)
  if (kSanitized || std::getenv(kGuard) != nullptr) return;
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  if (tunables != nullptr && std::strstr(tunables, kTunable) != nullptr) return;
  if (!HugePagesOnRequest()) return;
  std::string value = std::string(kTunable) + "=1";
  if (tunables != nullptr && *tunables != '\0') value = std::string(tunables) + ":" + value;
  // The guard stops a second re-execution, and lets a user turn this off with =0.
  if (setenv(kGuard, "1", 1) != 0 || setenv("GLIBC_TUNABLES", value.c_str(), 1) != 0) return;
  execv("/proc/self/exe", argv);
  // Still here: the program could not be re-executed; go on as we are.
  if (tunables != nullptr) {
    setenv("GLIBC_TUNABLES", tunables, 1);
  } else {
    unsetenv("GLIBC_TUNABLES");
  }
#else
  (void)argv;
#endif
}

}  // namespace fl::cli

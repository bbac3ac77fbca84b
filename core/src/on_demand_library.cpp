// core/src/on_demand_library.cpp — see corsproof/on_demand_library.hpp.
#include "corsproof/on_demand_library.hpp"

#include <dlfcn.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>

namespace corsproof {

namespace {
std::atomic<before_library_exit> exit_hook{nullptr};
}  // namespace

void set_before_library_exit(before_library_exit hook) noexcept { exit_hook.store(hook); }

void load_library_or_exit(const char* library, const char* soname, const char* needed_for,
                          std::span<const library_symbol> symbols) noexcept {
  void* const lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  const char* why = nullptr;
  const char* missing = nullptr;
  if (lib == nullptr) {
    why = dlerror();
  } else {
    for (const library_symbol& s : symbols) {
      *s.address = dlsym(lib, s.name);
      if (*s.address == nullptr) {
        why = dlerror();
        missing = s.name;
        break;
      }
    }
    if (missing == nullptr) return;
  }
  if (const before_library_exit hook = exit_hook.load(); hook != nullptr) hook();
  if (missing != nullptr) {
    std::fprintf(stderr, "corsproof: cannot load %s (%s), needed %s: %s has no %s\n", library, soname, needed_for,
                 soname, missing);
  } else {
    std::fprintf(stderr, "corsproof: cannot load %s (%s), needed %s: %s\n", library, soname, needed_for,
                 why != nullptr ? why : "dlopen failed");
  }
  std::_Exit(127);
}

}  // namespace corsproof

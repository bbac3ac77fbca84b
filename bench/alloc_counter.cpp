// Replaces every global allocation function of the benchmark binary with one
// that counts calls on the calling thread. Benchmarks read the count before
// and after their timed loop (bench/common.hpp, alloc_meter) and report
// allocations per iteration as the `allocs` counter.
//
// Only operator new is counted: the core, RE2 and the standard library
// allocate through it. A direct malloc() would not be seen.
#include <cstdint>
#include <cstdlib>
#include <new>

#include "common.hpp"
#include "process_memory.hpp"

namespace {
// The benchmark body runs on the main thread; a thread-local counter costs no
// locked instruction, so counting does not slow the allocating benchmarks
// (the reference model) down.
constinit thread_local std::uint64_t t_allocations = 0;

void* counted_alloc(std::size_t n) {
  ++t_allocations;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}

void* counted_aligned_alloc(std::size_t n, std::align_val_t a) {
  ++t_allocations;
  const std::size_t align = static_cast<std::size_t>(a);
  const std::size_t size = (n + align - 1) / align * align;
  if (void* p = std::aligned_alloc(align, size == 0 ? align : size)) return p;
  throw std::bad_alloc();
}

// Freed memory stays in the process, as in `corsproof` itself
// (cli/src/process_memory.hpp). With glibc's moving thresholds the rows that
// build and free large tables depended on the benchmarks run before them:
// BM_Lint<lint_exact>/16384 read 9.2 ms when run alone and 4.7 ms in a full
// run, half of the first figure being pages given back and faulted in again
// at every iteration.
[[maybe_unused]] const bool freed_memory_kept = (corsproof::cli::keep_freed_memory(), true);
}  // namespace

namespace corsproof_bench {
std::uint64_t allocation_count() noexcept { return t_allocations; }
}  // namespace corsproof_bench

void* operator new(std::size_t n) { return counted_alloc(n); }
void* operator new[](std::size_t n) { return counted_alloc(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return counted_alloc(n);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return counted_alloc(n);
  } catch (...) {
    return nullptr;
  }
}
void* operator new(std::size_t n, std::align_val_t a) { return counted_aligned_alloc(n, a); }
void* operator new[](std::size_t n, std::align_val_t a) { return counted_aligned_alloc(n, a); }
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  try {
    return counted_aligned_alloc(n, a);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  try {
    return counted_aligned_alloc(n, a);
  } catch (...) {
    return nullptr;
  }
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }

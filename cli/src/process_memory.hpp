// cli/src/process_memory.hpp — how the `corsproof` process keeps the memory
// it frees.
//
// glibc's malloc gives memory back to the system as it goes: blocks of
// 128 KiB and more are mmap(2)ed and unmapped when freed, and free space at
// the top of the heap is trimmed. Memory given back and asked for again is
// first touched again, one page fault a page, and a page fault costs several
// microseconds (tens on some virtual machines). `corsproof lint` on a policy
// of 40,000 origins built and freed the same large tables and lost 13 ms of
// its 67 ms that way (1,166 of its 4,166 page faults). The thresholds are
// also moved by glibc after each free of an mmapped block, so the same work
// cost more or less depending on what the process had freed before.
//
// keep_freed_memory() fixes both thresholds: blocks below 32 MiB come from
// the heap, and the heap is not trimmed below 1 GiB. A corsproof process
// then holds the peak of what it used, which its limits bound (lines of at
// most max_line_bytes, a policy cache of default_policy_cache_entries
// policies, a policy file of at most policy_json::max_policy_file_bytes);
// the system gets everything back at exit. Called first thing by main() (and
// by bench/e2e_floor.cpp, which reads as eval does).
#pragma once

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace corsproof::cli {

inline void keep_freed_memory() noexcept {
#if defined(__GLIBC__)
  // Setting either value also turns glibc's moving thresholds off.
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);  // glibc's maximum on 64-bit systems
  mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
#endif
}

}  // namespace corsproof::cli

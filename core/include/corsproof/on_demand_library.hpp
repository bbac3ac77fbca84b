// corsproof/on_demand_library.hpp — the shared libraries the core and lint
// load the first time they need them instead of linking them: ICU (UTS #46,
// for a URL host that is not ASCII: src/url.cpp) and libpsl (lint). Linked,
// each was loaded at the start of every process that links corsproof, for
// work most runs never do (bench/README.md, "ICU and libpsl loaded when
// first needed").
//
// A library that cannot be loaded then is a broken installation (the build
// found it): load_library_or_exit says so on standard error and ends the
// process with status 127, the dynamic loader's status for a missing linked
// library. Answering without it would be silently wrong (an IDN host refused,
// a lint without the Public Suffix List). Before that exit it calls the hook
// set with set_before_library_exit, so that a program can first write out
// what it has already finished (`corsproof eval` writes the answers to the
// lines before the one that needed the library; they are not lost).
#pragma once

#include <span>

namespace corsproof {

// A function to resolve: `name` as the library exports it, its address
// stored at `*address`.
struct library_symbol {
  const char* name;
  void** address;
};

// Loads `soname` (dlopen, RTLD_NOW | RTLD_LOCAL) and resolves every symbol.
// On any failure: the hook (if set), then on standard error
// `corsproof: cannot load LIBRARY (SONAME), needed NEEDED_FOR: WHY`, then
// _Exit(127); it does not return. Not thread-safe by itself: callers load
// from a function-local static's initializer, which C++ runs once.
void load_library_or_exit(const char* library, const char* soname, const char* needed_for,
                          std::span<const library_symbol> symbols) noexcept;

// Called once, on the failing thread, before that exit; may write and
// return (it must not throw, nor call back into the core). Null: none (the
// default). The last one set is used.
using before_library_exit = void (*)() noexcept;
void set_before_library_exit(before_library_exit hook) noexcept;

}  // namespace corsproof

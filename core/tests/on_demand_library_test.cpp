// corsproof/on_demand_library.hpp: a library loaded when first needed, and
// what happens when it cannot be (the hook, the message, status 127).
#include "corsproof/on_demand_library.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstring>

namespace {

TEST(OnDemandLibrary, ResolvesEverySymbol) {
  void* length = nullptr;
  void* compare = nullptr;
  const std::array<corsproof::library_symbol, 2> symbols{{{"strlen", &length}, {"strcmp", &compare}}};
  corsproof::load_library_or_exit("the C library", "libc.so.6", "by this test", symbols);
  ASSERT_NE(length, nullptr);
  ASSERT_NE(compare, nullptr);
  EXPECT_EQ(reinterpret_cast<decltype(&std::strlen)>(length)("four"), 4U);
}

void say_hook_ran() noexcept { std::fputs("the hook ran first\n", stderr); }

// Sets `hook`, then asks for a library that does not exist; never returns.
void load_missing_library(corsproof::before_library_exit hook) {
  corsproof::set_before_library_exit(hook);
  void* f = nullptr;
  const std::array<corsproof::library_symbol, 1> symbols{{{"f", &f}}};
  corsproof::load_library_or_exit("Nothing", "libcorsproof-no-such-library.so.0", "by this test", symbols);
}

TEST(OnDemandLibraryDeathTest, MissingLibraryCallsTheHookThenExits127) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(load_missing_library(&say_hook_ran), testing::ExitedWithCode(127),
              "the hook ran first\ncorsproof: cannot load Nothing \\(libcorsproof-no-such-library\\.so\\.0\\), "
              "needed by this test: .*libcorsproof-no-such-library\\.so\\.0");
}

TEST(OnDemandLibraryDeathTest, NoHookStillExits127) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(load_missing_library(nullptr), testing::ExitedWithCode(127), "^corsproof: cannot load Nothing");
}

TEST(OnDemandLibraryDeathTest, MissingSymbolIsNamed) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  void* length = nullptr;
  void* none = nullptr;
  const std::array<corsproof::library_symbol, 2> symbols{{{"strlen", &length}, {"corsproof_no_such_symbol", &none}}};
  EXPECT_EXIT(corsproof::load_library_or_exit("the C library", "libc.so.6", "by this test", symbols),
              testing::ExitedWithCode(127),
              "corsproof: cannot load the C library \\(libc\\.so\\.6\\), needed by this test: libc\\.so\\.6 has no "
              "corsproof_no_such_symbol");
}

}  // namespace

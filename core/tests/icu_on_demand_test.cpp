// ICU is loaded the first time a URL host that is not ASCII needs UTS #46
// (src/url.cpp), not when the process starts: a process that never meets
// such a host does not pay for loading it. Its own binary, which does not
// link ICU, so that "not loaded yet" is what this test alone did.
#include <gtest/gtest.h>

#include <dlfcn.h>
#include <unicode/uvernum.h>

#include <array>
#include <string>

#include "corsproof/url.hpp"

namespace {

#define ICU_TEST_STRING2(x) #x
#define ICU_TEST_STRING(x) ICU_TEST_STRING2(x)
const std::string soname = "libicuuc.so." ICU_TEST_STRING(U_ICU_VERSION_MAJOR_NUM);

bool icu_loaded() {
  void* const lib = dlopen(soname.c_str(), RTLD_LAZY | RTLD_NOLOAD);
  if (lib == nullptr) return false;
  dlclose(lib);  // drops the reference RTLD_NOLOAD took
  return true;
}

TEST(IcuOnDemand, LoadedByTheFirstHostThatIsNotAscii) {
  ASSERT_FALSE(icu_loaded()) << soname << " was loaded at start: corsproof_core links it again";

  std::array<char, 512> out{};
  const auto ascii = corsproof::parse_url("https://bucher.example/a?b#c", nullptr, out);
  ASSERT_EQ(ascii.status, corsproof::url_status::ok);
  EXPECT_EQ(ascii.url.host, "bucher.example");
  EXPECT_FALSE(icu_loaded()) << "an ASCII host loaded ICU";

  const auto idn = corsproof::parse_url("https://b\xC3\xBC" "cher.example/", nullptr, out);
  ASSERT_EQ(idn.status, corsproof::url_status::ok);
  EXPECT_EQ(idn.url.host, "xn--bcher-kva.example");
  EXPECT_TRUE(icu_loaded());

  // UTS #46 as the URL Standard calls it, through the loaded library:
  // mapped (upper case, full-width dot), and refused (a bidi rule broken).
  const auto mapped = corsproof::parse_url("https://B\xC3\x9C" "CHER\xEF\xBC\x8E" "example/", nullptr, out);
  ASSERT_EQ(mapped.status, corsproof::url_status::ok);
  EXPECT_EQ(mapped.url.host, "xn--bcher-kva.example");
  EXPECT_EQ(corsproof::parse_url("https://a\xD7\x90.example/", nullptr, out).status, corsproof::url_status::failure);
}

}  // namespace

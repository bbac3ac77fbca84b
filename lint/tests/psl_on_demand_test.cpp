// libpsl is loaded the first time lint asks about a name (src/lint.cpp), not
// when the process starts: `corsproof eval` on server or browser cases never
// loads it. Its own binary, which does not link libpsl, so that "not loaded
// yet" is what this test alone did.
#include <gtest/gtest.h>

#include <dlfcn.h>

#include <algorithm>
#include <string>

#include "corsproof/lint.hpp"
#include "corsproof/policy.hpp"

namespace {

bool psl_loaded() {
  void* const lib = dlopen(CORSPROOF_LIBPSL_SONAME, RTLD_LAZY | RTLD_NOLOAD);
  if (lib == nullptr) return false;
  dlclose(lib);  // drops the reference RTLD_NOLOAD took
  return true;
}

TEST(PslOnDemand, LoadedByTheFirstLint) {
  ASSERT_FALSE(psl_loaded()) << CORSPROOF_LIBPSL_SONAME << " was loaded at start: corsproof_lint links it again";

  corsproof::policy_config config;
  config.allow_origins = {"https://*.github.io", "https://app.example.com"};
  const auto findings = corsproof::lint::lint_policy(config);
  EXPECT_TRUE(psl_loaded());
  // The answers come from the loaded list: github.io is in its private
  // section, example.com is a registrable domain under a public suffix.
  EXPECT_TRUE(std::any_of(findings.begin(), findings.end(),
                          [](const auto& f) { return f.code == "wildcard-over-public-suffix"; }));
  EXPECT_TRUE(corsproof::lint::is_public_suffix("github.io"));
  EXPECT_FALSE(corsproof::lint::is_public_suffix("example.com"));
  EXPECT_EQ(corsproof::lint::registrable_domain("a.b.example.co.uk"), "example.co.uk");
}

}  // namespace

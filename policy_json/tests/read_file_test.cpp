// policy_json::read_file: a policy file holding as many origins as the core
// accepts is read (the limit on the file follows from the core's bounds), a
// larger regular file is refused from its size, and a stream is read only up
// to the limit.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include "corsproof/policy.hpp"
#include "corsproof/policy_json.hpp"

namespace {

namespace fs = std::filesystem;
using corsproof::policy_json::max_policy_file_bytes;

// A file in the temporary directory, removed when the test ends.
class temp_file {
 public:
  explicit temp_file(const std::string& name)
      : path_(fs::temp_directory_path() / (name + "-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                                           "-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)))) {}
  ~temp_file() {
    std::error_code ec;
    fs::remove(path_, ec);
  }
  temp_file(const temp_file&) = delete;
  temp_file& operator=(const temp_file&) = delete;
  [[nodiscard]] std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

// The largest policy within the core's bounds, written one entry a line with
// four spaces of indentation and `\/` for each of an origin's two slashes:
// every entry of max_policy_entry_bytes, the origins and the three name lists
// full, and the members' keys and punctuation.
TEST(ReadFile, LimitHoldsEveryPolicyWithinTheCoreBounds) {
  constexpr std::size_t per_line = 4 + 1 + corsproof::max_policy_entry_bytes + 2 + 1 + 1 + 1;  // indent " entry \/\/ " , \n
  constexpr std::size_t origins = corsproof::max_policy_origins * per_line;
  constexpr std::size_t names = 3 * corsproof::max_policy_names * per_line;
  constexpr std::size_t members = 4096;  // keys, brackets, booleans, numbers
  EXPECT_GE(max_policy_file_bytes, origins + names + members);
}

TEST(ReadFile, ReadsAPolicyWithTheMostOriginsTheCoreAccepts) {
  temp_file f("corsproof-policy-many-origins");
  std::size_t bytes = 0;
  {
    std::ofstream out(f.path(), std::ios::binary);
    out << "{\n  \"allow_origins\": [\n";
    for (std::size_t i = 0; i < corsproof::max_policy_origins; ++i)
      out << "    \"https://app" << i << ".customer-" << i % 977 << ".example\""
          << (i + 1 < corsproof::max_policy_origins ? ",\n" : "\n");
    out << "  ],\n  \"allow_methods\": [\"GET\", \"PUT\"]\n}\n";
    bytes = static_cast<std::size_t>(out.tellp());
  }
  ASSERT_GT(bytes, std::size_t{1} << 21);  // more than the old 1 MiB limit, with room
  const auto r = corsproof::policy_json::read_file(f.path());
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.value->allow_origins.size(), corsproof::max_policy_origins);
  EXPECT_EQ(r.value->allow_origins.back(), "https://app65535.customer-76.example");
  const auto compiled = corsproof::compile_policy(*r.value);
  EXPECT_TRUE(compiled.ok()) << compiled.error;
}

TEST(ReadFile, RefusesALargerRegularFileFromItsSize) {
  temp_file f("corsproof-policy-too-large");
  { std::ofstream out(f.path(), std::ios::binary); }
  fs::resize_file(f.path(), max_policy_file_bytes + 1);  // sparse: nothing to write
  const auto r = corsproof::policy_json::read_file(f.path());
  ASSERT_FALSE(r.ok());
  EXPECT_FALSE(r.unreadable);
  EXPECT_EQ(r.error, f.path() + ": 134217729 bytes, more than the limit of 134217728 bytes (128 MiB) for a policy file");
}

TEST(ReadFile, ReadsAStreamOnlyUpToTheLimit) {
  // /dev/zero never ends: it is read until the text passes the limit.
  const auto r = corsproof::policy_json::read_file("/dev/zero");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error, "/dev/zero: more than the limit of 134217728 bytes (128 MiB) for a policy file");
}

TEST(ReadFile, ATruncatedFileIsNotJsonAndAMissingOneUnreadable) {
  temp_file f("corsproof-policy-not-json");
  { std::ofstream(f.path(), std::ios::binary) << "{\"allow_origins\": [\"https://a.example\"]"; }
  const auto r = corsproof::policy_json::read_file(f.path());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error.find("not valid JSON"), std::string::npos) << r.error;
  const auto missing = corsproof::policy_json::read_file(f.path() + ".absent");
  EXPECT_TRUE(missing.unreadable);
}

}  // namespace

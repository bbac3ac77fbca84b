// policy_json::quoted is the core's json_quoted (one quoting helper for every
// corsproof message), and json_quoted writes what Boost.JSON's serializer
// writes for the same bytes: checked on every byte, every pair of bytes, and
// pseudo-random strings.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <boost/json/string_view.hpp>

#include <cstdint>
#include <random>
#include <string>

#include "corsproof/json_quoted.hpp"
#include "corsproof/policy_json.hpp"

namespace {

std::string boost_serialized(const std::string& s) {
  return boost::json::serialize(boost::json::string_view(s.data(), s.size()));
}

TEST(Quoted, EveryByteAsBoostJsonSerializes) {
  for (int c = 0; c < 256; ++c) {
    const std::string s(1, static_cast<char>(c));
    EXPECT_EQ(corsproof::json_quoted(s), boost_serialized(s)) << c;
  }
}

TEST(Quoted, EveryPairOfBytesAsBoostJsonSerializes) {
  std::size_t differ = 0;
  for (int a = 0; a < 256; ++a)
    for (int b = 0; b < 256; ++b) {
      const std::string s{static_cast<char>(a), static_cast<char>(b)};
      if (corsproof::json_quoted(s) != boost_serialized(s)) ++differ;
    }
  EXPECT_EQ(differ, 0U);
}

TEST(Quoted, RandomStringsAsBoostJsonSerializes) {
  std::mt19937 rng(20240610);
  std::uniform_int_distribution<int> byte(0, 255), length(0, 64);
  for (int i = 0; i < 2000; ++i) {
    std::string s(static_cast<std::size_t>(length(rng)), '\0');
    for (char& c : s) c = static_cast<char>(byte(rng));
    ASSERT_EQ(corsproof::json_quoted(s), boost_serialized(s)) << i;
  }
}

TEST(Quoted, PolicyJsonQuotedIsTheCoreHelper) {
  for (const std::string& s : {std::string("a\"b\\c\n\x01\xe9"), std::string(), std::string("x", 1)})
    EXPECT_EQ(corsproof::policy_json::quoted(s), corsproof::json_quoted(s));
}

}  // namespace

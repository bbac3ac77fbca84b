// policy_json::quoted is the core's json_quoted (one quoting helper for every
// corsproof message), and json_quoted writes what Boost.JSON's serializer
// writes for the same bytes: checked on every byte, every pair of bytes, and
// pseudo-random strings.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <boost/json/string_view.hpp>

#include <cstdint>
#include <initializer_list>
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

// Long plain runs with one byte of interest at every position (the core
// reads runs eight bytes at a time): escapes and the bytes beside them in
// value (0x1f / 0x20, '!' / '"' / '#', '[' / '\\' / ']'), DEL and bytes
// of 0x80 and up, which the word tests must not take for escapes.
TEST(Quoted, OneByteAtEveryPositionOfAPlainRun) {
  std::size_t differ = 0;
  for (std::size_t n = 1; n <= 40; ++n)
    for (std::size_t at = 0; at < n; ++at)
      for (const int c : std::initializer_list<int>{0x00, 0x01, 0x1f, 0x20, '!', '"', '#', '[', '\\', ']', 0x7f, 0x80, 0xa2, 0xdc, 0xff}) {
        std::string s(n, 'a');
        s[at] = static_cast<char>(c);
        if (corsproof::json_quoted(s) != boost_serialized(s)) ++differ;
        s.assign(n, static_cast<char>(0xe0));  // high bytes around it
        s[at] = static_cast<char>(c);
        if (corsproof::json_quoted(s) != boost_serialized(s)) ++differ;
      }
  EXPECT_EQ(differ, 0U);
}

TEST(Quoted, PolicyJsonQuotedIsTheCoreHelper) {
  for (const std::string& s : {std::string("a\"b\\c\n\x01\xe9"), std::string(), std::string("x", 1)})
    EXPECT_EQ(corsproof::policy_json::quoted(s), corsproof::json_quoted(s));
}

}  // namespace

// cli/tests/json_writer_test.cpp — the answer writer's strings: every byte
// that JSON requires escaped is escaped at every length and position (the
// short strings go through word-at-a-time checks with overlapping loads),
// and every other byte is copied as it is.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <string>

#include "json_writer.hpp"

namespace {

using corsproof::cli::json_writer;

std::string written(const std::string& s) {
  json_writer w;
  w.string(s);
  return std::string(w.view());
}

// Each byte JSON escapes, at each position of strings of 1 to 40 bytes:
// the text reads back (Boost.JSON) as the string itself.
TEST(JsonWriter, EscapesEveryByteThatNeedsItAtEveryLengthAndPosition) {
  const std::string specials = std::string("\x00\x01\x08\x09\x0a\x0d\x1f\"\\", 9);
  for (std::size_t n = 1; n <= 40; ++n) {
    for (std::size_t at = 0; at < n; ++at) {
      for (char c : specials) {
        std::string s(n, 'a');
        s[at] = c;
        const std::string text = written(s);
        boost::system::error_code ec;
        const boost::json::value v = boost::json::parse(text, ec);
        ASSERT_FALSE(ec) << "length " << n << ", byte " << int(c) << " at " << at << ": " << text;
        ASSERT_TRUE(v.is_string()) << text;
        EXPECT_EQ(std::string(v.as_string()), s) << "length " << n << ", byte " << int(c) << " at " << at;
      }
    }
  }
}

// Bytes that need no escape (DEL, UTF-8 lead and continuation bytes, the
// printable ASCII) are copied byte for byte, whatever the length.
TEST(JsonWriter, CopiesOtherBytesAsTheyAre) {
  const std::string plain = std::string("a ~\x7f\x80\xc3\xa9\xff", 8);
  for (std::size_t n = 0; n <= 40; ++n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s.push_back(plain[i % plain.size()]);
    EXPECT_EQ(written(s), "\"" + s + "\"") << "length " << n;
  }
}

// Several escapes in one string, short and long.
TEST(JsonWriter, EscapesRunsOfSpecialBytes) {
  for (const std::string& s : {std::string("\"\\\""), std::string("a\tb\nc\rd"), std::string(20, '\x01'),
                              std::string("x-api-key\"; drop"), std::string(3, '\\')}) {
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(written(s), ec);
    ASSERT_FALSE(ec) << written(s);
    EXPECT_EQ(std::string(v.as_string()), s);
  }
}

}  // namespace

// cli/tests/json_writer_test.cpp — the answer writer's strings: every byte
// that JSON requires escaped is escaped at every length and position (the
// short strings go through word-at-a-time checks with overlapping loads),
// and every other byte is copied as it is.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "corsproof/browser.hpp"
#include "corsproof/redirect.hpp"
#include "corsproof/server.hpp"
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

// Byte for byte Boost.JSON's serialization (json_writer.hpp's promise), for
// random strings of 0 to 100 bytes drawn from bytes that need an escape,
// bytes that do not, and runs of each: the 16-byte store-then-advance path
// of long strings with escapes at any offset, and the short copies of 1 to
// 32 bytes at every length.
TEST(JsonWriter, WritesWhatBoostJsonSerializeWrites) {
  const std::string alphabet = std::string("\x00\x01\x08\x09\x0a\x0c\x0d\x1f\"\\ a~\x7f\x80\xc3\xa9\xff", 18);
  std::mt19937 rng(20261204);
  for (int round = 0; round < 20000; ++round) {
    const std::size_t n = rng() % 101;
    const unsigned plain_share = rng() % 4;  // 0: any byte; else mostly 'a'
    std::string s;
    for (std::size_t i = 0; i < n; ++i)
      s.push_back(plain_share != 0 && rng() % (8 * plain_share) != 0 ? 'a' : alphabet[rng() % alphabet.size()]);
    ASSERT_EQ(written(s), boost::json::serialize(boost::json::string_view(s.data(), s.size()))) << "round " << round;
  }
}

// Integers as std::to_string spells them, around the small-number path
// (0..999) and at the ends of both types.
TEST(JsonWriter, NumbersAreDecimal) {
  for (std::int64_t n : {std::int64_t{0}, std::int64_t{1}, std::int64_t{9}, std::int64_t{10}, std::int64_t{99},
                         std::int64_t{100}, std::int64_t{204}, std::int64_t{999}, std::int64_t{1000},
                         std::int64_t{-1}, std::int64_t{-999}, std::numeric_limits<std::int64_t>::min(),
                         std::numeric_limits<std::int64_t>::max()}) {
    json_writer w;
    w.number(n);
    EXPECT_EQ(w.view(), std::to_string(n));
  }
  for (int n = 0; n < 1100; ++n) {
    json_writer w;
    w.begin_array().number(n).number(n).end_array();
    EXPECT_EQ(w.view(), "[" + std::to_string(n) + "," + std::to_string(n) + "]");
  }
  json_writer w;
  w.number(std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(w.view(), std::to_string(std::numeric_limits<std::uint64_t>::max()));
}

// pair(a, b) writes what begin_array().string(a).string(b).end_array() does,
// as an element of a list (the comma) and alone, with and without escapes.
TEST(JsonWriter, PairIsTheArrayOfTwoStrings) {
  const std::string samples[] = {"", "Vary", "Access-Control-Allow-Origin", "https://a.example", "a\"b",
                                 std::string("\x00\x1f", 2), "x-api-key, content-type", std::string(40, '\\')};
  for (const std::string& a : samples) {
    for (const std::string& b : samples) {
      json_writer one;
      json_writer other;
      one.begin_array().pair(a, b).pair(b, a).end_array();
      other.begin_array();
      other.begin_array().string(a).string(b).end_array();
      other.begin_array().string(b).string(a).end_array();
      other.end_array();
      EXPECT_EQ(one.view(), other.view()) << a << " / " << b;
    }
  }
}

// strings(items) writes what begin_array(), string() of each item and
// end_array() write: empty, one item, many, with and without escapes, as a
// member's value, as the first element of a list and after another one.
TEST(JsonWriter, StringsIsTheArrayOfEachString) {
  const std::vector<std::string> samples = {"cache-control", "", "x\"y\\z", std::string("\x00\x1f\n", 3),
                                            std::string(40, '"'), "etag", std::string(33, 'a'), "x-request-id"};
  for (std::size_t n = 0; n <= samples.size(); ++n) {
    for (std::size_t first = 0; first + n <= samples.size(); ++first) {
      std::vector<std::string_view> items;
      for (std::size_t i = first; i < first + n; ++i) items.emplace_back(samples[i]);
      const auto by_each = [&](json_writer& w) {
        w.begin_array();
        for (std::string_view item : items) w.string(item);
        w.end_array();
      };
      json_writer one;
      json_writer other;
      one.begin_object().key("exposed_headers").strings(items).key("removed").begin_array().strings(items);
      one.strings(items).end_array().end_object();
      other.begin_object().key("exposed_headers");
      by_each(other);
      other.key("removed").begin_array();
      by_each(other);
      by_each(other);
      other.end_array().end_object();
      EXPECT_EQ(one.view(), other.view()) << n << " items from " << first;
      const boost::json::value read = boost::json::parse(one.view());
      ASSERT_EQ(read.at("exposed_headers").as_array().size(), n);
      for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(read.at("exposed_headers").at(i).as_string(), items[i]);
    }
  }
}

// plain_string(v) writes what string(v) does for a string that needs no
// escape, as a member's value and as an element after another one.
TEST(JsonWriter, PlainStringIsString) {
  json_writer one;
  json_writer other;
  one.begin_object().key("outcome").plain_string("blocked-preflight").key("e").begin_array();
  one.plain_string("a").plain_string("header-not-allowed").end_array().end_object();
  other.begin_object().key("outcome").string("blocked-preflight").key("e").begin_array();
  other.string("a").string("header-not-allowed").end_array().end_object();
  EXPECT_EQ(one.view(), other.view());
  EXPECT_EQ(one.view(), R"({"outcome":"blocked-preflight","e":["a","header-not-allowed"]})");
}

// plain_member(k, v) writes what key(k).string(v) does for strings that
// need no escape, first in an object and after another member.
TEST(JsonWriter, PlainMemberIsKeyThenString) {
  json_writer one;
  json_writer other;
  one.begin_object().plain_member("kind", "preflight").plain_member("reason", "origin-not-allowed").end_object();
  other.begin_object().key("kind").string("preflight").key("reason").string("origin-not-allowed").end_object();
  EXPECT_EQ(one.view(), other.view());
  EXPECT_EQ(one.view(), R"({"kind":"preflight","reason":"origin-not-allowed"})");
}

// The oracle writes the names of these enumerations with plain_member or
// plain_string (oracle.cpp, chain_answer.cpp): each must be a string that
// needs no escape. Every value from the first up to the last each enum has.
TEST(JsonWriter, EnumerationNamesWrittenPlainNeedNoEscape) {
  const auto plain = [](std::string_view s) { return written(std::string(s)) == "\"" + std::string(s) + "\""; };
  const auto every = [&](auto last, bool none_is_empty = false) {
    for (int v = 0; v <= static_cast<int>(last); ++v) {
      const std::string_view name = corsproof::to_string(static_cast<decltype(last)>(v));
      EXPECT_TRUE(plain(name)) << name;
      if (v != 0 || !none_is_empty) {
        EXPECT_FALSE(name.empty()) << v;
      }
    }
  };
  every(corsproof::request_kind::preflight);
  every(corsproof::server_reason::malformed_request_headers);
  every(corsproof::browser_error::private_network_not_allowed, true);  // none: "" (written as null)
  every(corsproof::redirect_error::credentials, true);
  every(corsproof::browser_outcome::forbidden_request);
  every(corsproof::chain_outcome::forbidden_request);
  every(corsproof::response_tainting::cors);
  every(corsproof::cache_verdict::hit);
  every(corsproof::needed_input::preflight_response);
  every(corsproof::response_type::opaqueredirect);
}

}  // namespace

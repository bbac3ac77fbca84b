// Byte helpers of core/src/bytes.hpp that read several bytes a step:
// - detail::common_prefix, which sort_names uses to skip the prefix every
//   name shares: it reads 16, then 8 bytes a step and the last eight again,
//   so the first difference must be found at every position and length.
// - detail::load_prefix8, the key of short names in the hash tables, the
//   origin set and the sort: two overlapping loads (or three bytes) must give
//   exactly the bytes in order, the rest zero, at every length.
// - detail::same_bytes and header_name_literal::matches (detail::ci_literal),
//   which compare words (two overlapping ones for four to seven bytes; a
//   literal over 48 bytes byte by byte), and detail::equals_lower_literal
//   (words from eight bytes on): a difference at any position of any length
//   must be seen, and only letters fold case.
// - detail::writer::copy_bytes, memcpy without a call for the values answers
//   are made of: overlapping moves of 4, 8 and 16 bytes up to 128 bytes, a
//   memcpy call beyond; every length must copy exactly its bytes and write
//   nothing before or after them.
// - detail::scan_plain_host, the host of an origin or URL read 16 bytes a
//   step with the last step overlapping: its end, last "." and adjacent "."
//   must be a byte-by-byte scan's, wherever the run starts and stops.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

#include "../src/bytes.hpp"

namespace corsproof::test {
namespace {

std::size_t byte_by_byte(std::string_view a, std::string_view b) {
  std::size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  return i;
}

detail::plain_host_run plain_host_byte_by_byte(std::string_view text, std::size_t i) {
  detail::plain_host_run r;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    const bool plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
    if (!plain) break;
    if (c == '.') {
      if (i > 0 && text[i - 1] == '.' && r.last_dot == i - 1) r.double_dot = true;
      r.last_dot = i;
    }
  }
  r.end = i;
  return r;
}

// Texts of 0 to 70 bytes, the run starting at every offset up to 12 (the
// "https://" of a URL is 8), a stopping byte, "." or ".." at every position,
// and dots or a stop just before the run (which must not count).
TEST(ScanPlainHost, AsByteByByteAtEveryStartAndStop) {
  std::size_t compared = 0;
  for (std::size_t n = 0; n <= 70; ++n) {
    for (std::size_t start = 0; start <= std::min<std::size_t>(n, 12); ++start) {
      for (std::size_t at = 0; at < n; ++at) {
        for (const std::string_view put : {"/", ".", "..", "A", ":", "\x80", "-"}) {
          std::string text(n, 'a');
          for (std::size_t k = 0; k < n; ++k) text[k] = k % 5 == 2 ? '.' : static_cast<char>('b' + k % 20);
          for (std::size_t k = 0; k < put.size() && at + k < n; ++k) text[at + k] = put[k];
          if (start > 0) text[start - 1] = at % 2 == 0 ? '.' : ':';  // the byte before the run
          const detail::plain_host_run want = plain_host_byte_by_byte(text, start);
          const detail::plain_host_run got = detail::scan_plain_host(text, start);
          ++compared;
          ASSERT_EQ(got.end, want.end) << text << " from " << start;
          ASSERT_EQ(got.last_dot, want.last_dot) << text << " from " << start;
          ASSERT_EQ(got.double_dot, want.double_dot) << text << " from " << start;
        }
      }
    }
  }
  EXPECT_GT(compared, 100000U);
}

TEST(CommonPrefix, FirstDifferenceAtEveryPositionAndLength) {
  for (std::size_t n = 0; n <= 80; ++n) {
    const std::string a(n, 'q');
    // Equal strings, and one string a prefix of the other.
    EXPECT_EQ(detail::common_prefix(a, a), n);
    EXPECT_EQ(detail::common_prefix(a, a + "tail"), n);
    EXPECT_EQ(detail::common_prefix(a + "tail", a), n);
    for (std::size_t at = 0; at < n; ++at) {
      std::string b = a;
      b[at] = 'Q';  // differs in one bit, as case does
      EXPECT_EQ(detail::common_prefix(a, b), at) << "length " << n << ", difference at " << at;
      b[at + 1 == n ? at : at + 1] = 'z';  // a later difference never hides the first
      EXPECT_EQ(detail::common_prefix(b, a), at) << "length " << n << ", difference at " << at;
    }
  }
}

TEST(CommonPrefix, MatchesByteByByteOnRandomPairs) {
  std::mt19937 rng(11);
  for (int round = 0; round < 20000; ++round) {
    std::string a(rng() % 90, 'a');
    for (char& c : a) c = static_cast<char>('a' + rng() % 3);
    std::string b = a.substr(0, rng() % (a.size() + 1));
    for (std::size_t k = rng() % 40; k > 0; --k) b += static_cast<char>('a' + rng() % 3);
    ASSERT_EQ(detail::common_prefix(a, b), byte_by_byte(a, b)) << "'" << a << "' '" << b << "'";
  }
}

TEST(LoadPrefix8, TheBytesInOrderThenZeros) {
  std::mt19937 rng(5);
  for (int round = 0; round < 2000; ++round) {
    char bytes[8];
    for (char& c : bytes) c = static_cast<char>(rng());
    for (std::size_t n = 0; n <= 8; ++n) {
      std::uint64_t expected = 0;
      for (std::size_t i = 0; i < n; ++i) expected |= std::uint64_t{static_cast<unsigned char>(bytes[i])} << (8 * i);
      ASSERT_EQ(detail::load_prefix8(bytes, n), expected) << "length " << n << ", round " << round;
    }
  }
}

TEST(SameBytes, EveryPositionOfEveryLength) {
  for (std::size_t n = 0; n <= 40; ++n) {
    const std::string a(n, 'q');
    EXPECT_TRUE(detail::same_bytes(a.data(), a.data(), n));
    for (std::size_t at = 0; at < n; ++at) {
      std::string b = a;
      b[at] = 'r';
      EXPECT_FALSE(detail::same_bytes(a.data(), b.data(), n)) << "length " << n << ", difference at " << at;
    }
  }
}

TEST(CopyBytes, ExactlyTheBytesAtEveryLength) {
  std::string source(200, '\0');
  for (std::size_t i = 0; i < source.size(); ++i) source[i] = static_cast<char>('!' + i % 90);
  for (std::size_t n = 0; n <= 160; ++n) {
    for (std::size_t offset : {0u, 1u, 7u}) {  // where the copy starts in the source
      std::string out(n + 64, '#');
      detail::writer::copy_bytes(out.data() + 32, source.data() + offset, n);
      EXPECT_EQ(out.substr(0, 32), std::string(32, '#')) << "length " << n << ": wrote before the copy";
      EXPECT_EQ(out.substr(32, n), source.substr(offset, n)) << "length " << n << ", offset " << offset;
      EXPECT_EQ(out.substr(32 + n), std::string(32, '#')) << "length " << n << ": wrote after the copy";
    }
  }
}

// The request headers the server reads, compared with the literal byte by
// byte (ASCII case folding for letters only).
bool folds_to(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c + 32);
    if (c != static_cast<unsigned char>(lower[i])) return false;
  }
  return true;
}

template <std::size_t N>
void check_literal(const char (&text)[N]) {
  static constexpr std::string_view bytes_that_matter = "aAzZ@[`{-_09 \x7f\r\xc1";
  const std::string_view lower(text, N - 1);
  const detail::ci_literal literal(lower);
  std::string upper(lower);
  for (char& c : upper)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  EXPECT_TRUE(literal.matches(lower)) << lower;
  EXPECT_TRUE(literal.matches(upper)) << lower;
  EXPECT_FALSE(literal.matches(lower.substr(0, lower.size() - 1))) << lower;
  EXPECT_TRUE(detail::equals_lower_literal(lower, lower)) << lower;
  EXPECT_TRUE(detail::equals_lower_literal(upper, lower)) << lower;
  EXPECT_FALSE(detail::equals_lower_literal(lower.substr(0, lower.size() - 1), lower)) << lower;
  for (std::size_t at = 0; at < lower.size(); ++at) {
    for (char c : bytes_that_matter) {
      std::string s(lower);
      s[at] = c;
      EXPECT_EQ(literal.matches(s), folds_to(s, lower)) << lower << " with '" << c << "' at " << at;
      EXPECT_EQ(detail::equals_lower_literal(s, lower), folds_to(s, lower)) << lower << " with '" << c << "' at " << at;
    }
  }
}

// ci_literal::matches and equals_lower_literal, each against the plain
// reading.
TEST(CiLiteral, EveryLengthFoldsLettersOnly) {
  check_literal("a");
  check_literal("ab");
  check_literal("a-c");
  check_literal("vary");
  check_literal("ac-_9");
  check_literal("origin");
  check_literal("acc-ept");
  check_literal("x-api-ke");
  check_literal("x-api-key");
  check_literal("access-control-request-method");
  check_literal("access-control-request-headers");
  check_literal("access-control-request-private-network");
  check_literal("access-control-allow-credentials");
  check_literal("set-cookie2");
  check_literal("x-a-name-sixteen");
  check_literal("x-a-name-of-twenty-four-");
  check_literal("x-a-name-of-forty-bytes-0123456789abcdef");
  check_literal("x-a-name-of-forty-eight-bytes-0123456789abcdefgh");  // the longest compared by words
  check_literal("x-a-name-of-forty-nine-bytes-0123456789abcdefghij");  // the shortest compared byte by byte
  check_literal("x-a-name-longer-than-the-forty-eight-bytes-of-words-1");
}

// A byte of the text that is not a lower-case letter matches only itself,
// whether the name is compared by words or byte by byte.
TEST(CiLiteral, OnlyLowerCaseLettersFoldAtEveryLength) {
  for (std::size_t n : {3u, 4u, 8u, 13u, 48u, 49u, 60u}) {
    std::string text = "X-";
    while (text.size() < n) text += 'q';
    const header_name_literal literal(text);
    std::string upper = text;
    for (char& c : upper)
      if (c == 'q') c = 'Q';
    EXPECT_TRUE(literal.matches(text)) << n;
    EXPECT_TRUE(literal.matches(upper)) << n;
    std::string lower_x = text;
    lower_x[0] = 'x';
    EXPECT_FALSE(literal.matches(lower_x)) << n;
  }
}

}  // namespace
}  // namespace corsproof::test

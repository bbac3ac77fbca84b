// The 64-byte classifiers of a #token list walk (core/src/token_list_scan.hpp):
// the AVX2 one, where the CPU has it, gives the same masks as the portable
// one, and both give RFC 9110 tchar, "," and OWS for every byte value at
// every position. And the server's fast path for lists as browsers write
// them (scan_browser_shaped_list): taken exactly for that shape, with the
// elements the general walk gives.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "../src/token_list_scan.hpp"

namespace {

using corsproof::detail::list_block_masks;

bool is_tchar(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c != 0 && std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos);
}

list_block_masks expected(const unsigned char* p) {
  list_block_masks m;
  for (int i = 0; i < 64; ++i) {
    const std::uint64_t bit = std::uint64_t{1} << i;
    if (is_tchar(p[i])) m.tchar |= bit;
    if (p[i] == ',') m.comma |= bit;
    if (p[i] == ' ' || p[i] == '\t') m.ows |= bit;
  }
  return m;
}

void check(const unsigned char* block, const char* what) {
  const list_block_masks want = expected(block);
  const char* p = reinterpret_cast<const char*>(block);
  const list_block_masks portable = corsproof::detail::classify_list_block(p);
  EXPECT_EQ(portable.tchar, want.tchar) << what;
  EXPECT_EQ(portable.comma, want.comma) << what;
  EXPECT_EQ(portable.ows, want.ows) << what;
#if defined(CORSPROOF_AVX2_DISPATCH)
  if (corsproof::detail::cpu_has_avx2) {
    const list_block_masks avx2 = corsproof::detail::classify_list_block_avx2(p);
    EXPECT_EQ(avx2.tchar, want.tchar) << what;
    EXPECT_EQ(avx2.comma, want.comma) << what;
    EXPECT_EQ(avx2.ows, want.ows) << what;
  }
#endif
}

TEST(ListBlockClassify, EveryByteAtEveryPosition) {
  for (int c = 0; c < 256; ++c) {
    for (int at = 0; at < 64; ++at) {
      unsigned char block[64];
      for (int i = 0; i < 64; ++i) block[i] = 'a';
      block[at] = static_cast<unsigned char>(c);
      check(block, ("byte " + std::to_string(c) + " at " + std::to_string(at)).c_str());
      if (testing::Test::HasFailure()) return;
    }
  }
}

TEST(ListBlockClassify, RandomBlocks) {
  std::mt19937 rng(11);
  const std::string_view alphabet = "aZ09-_.!~|^`, \t\"()/:;<=>?@[\\]{}\x7f\x80\xff";
  for (int round = 0; round < 20000; ++round) {
    unsigned char block[64];
    for (auto& b : block)
      b = (rng() & 1) != 0 ? static_cast<unsigned char>(rng())
                           : static_cast<unsigned char>(alphabet[rng() % alphabet.size()]);
    check(block, ("round " + std::to_string(round)).c_str());
    if (testing::Test::HasFailure()) return;
  }
}

// all_tchar (RFC 9110 token bytes) on strings of 1 to 100 bytes, one byte
// of every value at every position: the AVX2 form (from 32 bytes on, where
// the CPU has it) and the portable one agree with the definition.
TEST(ListBlockClassify, AllTcharEveryByteAtEveryPosition) {
  for (std::size_t n = 1; n <= 100; ++n) {
    for (int c = 0; c < 256; ++c) {
      for (std::size_t at = 0; at < n; ++at) {
        std::string s(n, 'a');
        s[at] = static_cast<char>(c);
        const bool want = is_tchar(static_cast<unsigned char>(c));
        EXPECT_EQ(corsproof::detail::all_tchar(s), want) << "n=" << n << " byte " << c << " at " << at;
#if defined(CORSPROOF_AVX2_DISPATCH)
        if (n >= 32 && corsproof::detail::cpu_has_avx2) {
          EXPECT_EQ(corsproof::detail::all_tchar_avx2(s.data(), n), want) << "avx2 n=" << n << " byte " << c;
        }
#endif
        if (testing::Test::HasFailure()) return;
      }
    }
  }
}

// scan_browser_shaped_list: 8 to 32 bytes of a-z, 0-9, "-", ".", "_" and
// ",", and nothing else, are read by the fast path; its elements (data,
// size, limit) are those scan_token_list_value reports. Any other value is
// left to the general walk, with nothing reported.
struct element {
  const char* data;
  std::size_t size;
  const char* limit;
  bool operator==(const element&) const = default;
};

bool browser_shaped(std::string_view v) {
  if (v.size() < 8 || v.size() > 32) return false;
  for (const char c : v)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == ','))
      return false;
  return true;
}

void check_browser_shaped(const std::string& value, const std::string& what) {
  std::vector<element> fast, general;
  const bool taken = corsproof::detail::scan_browser_shaped_list(
      value, [&](const char* p, std::size_t n, const char* limit) { fast.push_back({p, n, limit}); });
  const bool tokens = corsproof::detail::scan_token_list_value(
      value, [&](const char* p, std::size_t n, const char* limit) { general.push_back({p, n, limit}); });
#if defined(__SSE2__)
  constexpr bool fast_path_built = true;
#else
  constexpr bool fast_path_built = false;  // every value takes the general walk
#endif
  ASSERT_EQ(taken, fast_path_built && browser_shaped(value)) << what << " '" << value << "'";
  if (taken) {
    ASSERT_TRUE(tokens) << what << " '" << value << "'";
    ASSERT_EQ(fast, general) << what << " '" << value << "'";
  } else {
    ASSERT_TRUE(fast.empty()) << what << " '" << value << "'";
  }
}

TEST(BrowserShapedList, EveryByteAtEveryPositionOfEveryLength) {
  for (std::size_t n = 0; n <= 40; ++n) {
    // "ab,cd,ef,..." cut to n bytes: commas at every third byte, so the
    // replaced byte falls inside names, at their ends and on separators.
    std::string base;
    for (std::size_t i = 0; i < n; ++i) base.push_back(i % 3 == 2 ? ',' : static_cast<char>('a' + i % 26));
    check_browser_shaped(base, "n=" + std::to_string(n));
    for (int c = 0; c < 256; ++c) {
      for (std::size_t at = 0; at < n; ++at) {
        std::string s = base;
        s[at] = static_cast<char>(c);
        check_browser_shaped(s, "n=" + std::to_string(n) + " byte " + std::to_string(c) + " at " + std::to_string(at));
        if (testing::Test::HasFatalFailure()) return;
      }
    }
  }
}

TEST(BrowserShapedList, RandomValues) {
  std::mt19937 rng(12);
  const std::string_view alphabet = "abz09-._,,,,A /\t!~";
  for (int round = 0; round < 50000; ++round) {
    std::string s(rng() % 36, 'a');
    for (char& c : s) c = alphabet[rng() % alphabet.size()];
    check_browser_shaped(s, "round " + std::to_string(round));
    if (testing::Test::HasFatalFailure()) return;
  }
}

}  // namespace

// Fetch "CORS-unsafe request-header names" and "convert header names to a
// sorted-lowercase set" (digest §3.6, §5, §14.13, §14.14), with corsproof's
// bound of 64 distinct names (decisions: Bounds).
#include <algorithm>
#include <cctype>
#include <iterator>
#include <random>
#include <set>

#include "test_support.hpp"

namespace corsproof::test {
namespace {

constexpr const char* kUnsafe = "Fetch \"CORS-unsafe request-header names\"; digest §3.6";
constexpr const char* kSorted = "Fetch \"convert header names to a sorted-lowercase set\"; digest §3.6.4, §14.13";
constexpr const char* k1024 = "Fetch \"CORS-unsafe request-header names\" step 5 (> 1024); digest §3.6.3, §15.5";
constexpr const char* kBound = "decisions: Bounds (64 distinct CORS-unsafe request-header names); browser.hpp";
constexpr const char* kWpt = "digest §5 example (WPT fetch/api/cors/cors-preflight.any.js)";

struct unsafe_row {
  const char* name;
  const char* spec;
  pairs headers;
  eval_status status;
  std::vector<std::string> names;
};
CORSPROOF_ROW_PRINTER(unsafe_row)

pairs repeat_header(const std::string& n, const std::string& v, std::size_t times) {
  return pairs(times, {n, v});
}
pairs concat(pairs a, const pairs& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}
pairs distinct_unsafe(std::size_t n) {
  pairs p;
  for (std::size_t i = 0; i < n; ++i) p.emplace_back("X-H" + std::to_string(1000 + i), "v");
  return p;
}
std::vector<std::string> distinct_unsafe_names(std::size_t n) {
  std::vector<std::string> v;
  for (std::size_t i = 0; i < n; ++i) v.push_back("x-h" + std::to_string(1000 + i));
  return v;
}

std::vector<unsafe_row> rows() {
  const std::string a128 = rep('a', 128);
  return {
      {"empty list", kUnsafe, {}, eval_status::ok, {}},
      {"only safelisted Accept", kUnsafe, {{"Accept", "*/*"}}, eval_status::ok, {}},
      {"all five safelisted names with safe values", kUnsafe,
       {{"Accept", "*/*"}, {"Accept-Language", "en"}, {"Content-Language", "eu"}, {"Content-Type", "text/plain"},
        {"Range", "bytes=0-"}},
       eval_status::ok, {}},
      {"one custom header", kUnsafe, {{"X-Foo", "1"}}, eval_status::ok, {"x-foo"}},
      {"duplicates deduplicated across case", kSorted, {{"X-Foo", "1"}, {"x-foo", "2"}, {"X-FOO", "3"}},
       eval_status::ok, {"x-foo"}},
      {"lower-cased then sorted (X-B after x-a)", kSorted, {{"X-B", "1"}, {"x-a", "2"}}, eval_status::ok,
       {"x-a", "x-b"}},
      {"sorting after lower-casing: Z-H after a-h", kSorted, {{"Z-H", "1"}, {"a-h", "1"}}, eval_status::ok,
       {"a-h", "z-h"}},
      {"x-test-header-a before x-test-header1", kSorted, {{"x-test-header1", "1"}, {"x-test-header-a", "1"}},
       eval_status::ok, {"x-test-header-a", "x-test-header1"}},
      {"byte order - . 0 _ a", kSorted,
       {{"xa", "1"}, {"x_a", "1"}, {"x0", "1"}, {"x.a", "1"}, {"x-a", "1"}}, eval_status::ok,
       {"x-a", "x.a", "x0", "x_a", "xa"}},
      {"prefix sorts first", kSorted, {{"x-ab", "1"}, {"x-a", "1"}}, eval_status::ok, {"x-a", "x-ab"}},
      {"Content-Type application/json is unsafe", kUnsafe, {{"Content-Type", "application/json"}},
       eval_status::ok, {"content-type"}},
      {"unsafe Accept value lower-cased name", kUnsafe, {{"ACCEPT", "("}}, eval_status::ok, {"accept"}},
      {"Accept of 129 bytes", kUnsafe, {{"Accept", rep('a', 129)}}, eval_status::ok, {"accept"}},
      {"Range suffix", kUnsafe, {{"Range", "bytes=-500"}}, eval_status::ok, {"range"}},
      {"Authorization", kUnsafe, {{"Authorization", "Bearer x"}}, eval_status::ok, {"authorization"}},
      {"User-Agent is an ordinary unsafe name", kUnsafe, {{"User-Agent", "x"}}, eval_status::ok, {"user-agent"}},
      {"a safelisted and an unsafe pair of the same name", kUnsafe,
       {{"Content-Type", "text/plain"}, {"Content-Type", "application/json"}}, eval_status::ok, {"content-type"}},
      {"8 x 128-byte Accept = 1024 bytes is fine", k1024, repeat_header("Accept", a128, 8), eval_status::ok, {}},
      {"9 x 128-byte Accept = 1152 bytes", k1024, repeat_header("Accept", a128, 9), eval_status::ok, {"accept"}},
      {"over 1024: every safelisted name becomes unsafe", k1024,
       concat(repeat_header("Accept-Language", a128, 8),
              {{"Accept", "*/*"}, {"Content-Type", "text/plain"}, {"X-Z", "1"}}),
       eval_status::ok, {"accept", "accept-language", "content-type", "x-z"}},
      {"1024 exactly with mixed names", k1024,
       concat(repeat_header("Accept-Language", a128, 7),
              {{"Accept", rep('b', 118)}, {"Content-Type", "text/plain"}}),
       eval_status::ok, {}},
      {"1025 with mixed names", k1024,
       concat(repeat_header("Accept-Language", a128, 7),
              {{"Accept", rep('b', 119)}, {"Content-Type", "text/plain"}}),
       eval_status::ok, {"accept", "accept-language", "content-type"}},
      {"unsafe values do not count toward 1024 (digest §14.14)", k1024,
       concat({{"X-Big", rep('z', 5000)}}, repeat_header("Accept", a128, 8)), eval_status::ok, {"x-big"}},
      {"digest §5 WPT example", kWpt,
       {{"x-test-header1", "v"},
        {"x-test-header2", "v"},
        {"X-test-header3", "v"},
        {"x-test-header-b", "v"},
        {"x-test-header-D", "v"},
        {"x-test-header-C", "v"},
        {"x-test-header-a", "v"},
        {"Content-Type", "allowedOrRefused"},
        {"Accept", "*"},
        {"Accept-Language", "bzh"},
        {"Content-Language", "eu"}},
       eval_status::ok,
       {"content-type", "x-test-header-a", "x-test-header-b", "x-test-header-c", "x-test-header-d", "x-test-header1",
        "x-test-header2", "x-test-header3"}},
      {"64 distinct names at the bound", kBound, distinct_unsafe(64), eval_status::ok, distinct_unsafe_names(64)},
      {"65 distinct names beyond the bound", kBound, distinct_unsafe(65), eval_status::limit_exceeded, {}},
      {"65 headers but 64 distinct names", kBound, concat(distinct_unsafe(64), {{"x-h1000", "again"}}),
       eval_status::ok, distinct_unsafe_names(64)},
  };
}

class UnsafeNames : public ::testing::TestWithParam<unsafe_row> {};

TEST_P(UnsafeNames, SortedLowercaseSet) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  const header_store h(r.headers);
  header_name_set set;
  std::vector<char> buffer(browser_output_capacity);
  const eval_status s = cors_unsafe_request_header_names(h.list(), set, buffer);
  ASSERT_EQ(s, r.status);
  if (s == eval_status::ok) {
    EXPECT_EQ(to_strings(set.view()), r.names);
  }
}

INSTANTIATE_TEST_SUITE_P(Rows, UnsafeNames, ::testing::ValuesIn(rows()), row_test_name<unsafe_row>);

TEST(UnsafeNamesBuffer, TooSmallBufferIsReported) {
  SCOPED_TRACE(trace_of("names need buffer space", "browser.hpp: names view the caller's buffer; eval_status"));
  const header_store h(pairs{{"X-Long-Header-Name", "1"}});
  header_name_set set;
  char buffer[4];
  EXPECT_EQ(cors_unsafe_request_header_names(h.list(), set, buffer), eval_status::output_too_small);
}

// Sets of 17 to 64 names are sorted by their first eight bytes after the
// prefix they all share, then by the rest: names alike in those eight bytes,
// names shorter than them, names that are prefixes of others and mixed case
// all come out in byte order of their lower-case form, whether the headers
// give them in a random order, in order, in reverse or nearly so.
TEST(UnsafeNamesSort, ManyNamesInByteOrder) {
  SCOPED_TRACE(trace_of("17 to 64 generated names", kSorted));
  std::mt19937 rng(17);
  const std::vector<std::string> stems = {"x-", "x-custom-header-", "x-custom-header-aaaaaaaa", "x-aaaaaaaaaaaaaaaa-"};
  const std::string tails = "abAB019-_";
  for (int round = 0; round < 400; ++round) {
    const std::size_t want = 17 + rng() % 48;
    pairs headers;
    std::set<std::string> lower;
    while (lower.size() < want) {
      std::string name = stems[rng() % stems.size()];
      for (std::size_t k = rng() % 12; k > 0; --k) name += tails[rng() % tails.size()];
      if (name.back() == '-') name += 'z';
      std::string l = name;
      for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lower.insert(l).second) headers.emplace_back(name, "v");
    }
    // The generated order, then the names in order, in reverse, and each of
    // those with one pair swapped (one pass over the names tells the first
    // two apart; the others must still be sorted).
    auto lower_of = [](const std::string& n) {
      std::string l = n;
      for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return l;
    };
    pairs in_order = headers;
    std::sort(in_order.begin(), in_order.end(), [&](const auto& a, const auto& b) { return lower_of(a.first) < lower_of(b.first); });
    pairs reversed(in_order.rbegin(), in_order.rend());
    const std::size_t swap_at = rng() % (in_order.size() - 1);
    pairs in_order_one_swap = in_order, reversed_one_swap = reversed;
    std::swap(in_order_one_swap[swap_at], in_order_one_swap[swap_at + 1]);
    std::swap(reversed_one_swap[swap_at], reversed_one_swap[swap_at + 1]);
    const pairs* orders[] = {&headers, &in_order, &reversed, &in_order_one_swap, &reversed_one_swap};
    for (std::size_t o = 0; o < std::size(orders); ++o) {
      const header_store h(*orders[o]);
      header_name_set set;
      std::vector<char> buffer(browser_output_capacity);
      ASSERT_EQ(cors_unsafe_request_header_names(h.list(), set, buffer), eval_status::ok);
      EXPECT_EQ(to_strings(set.view()), std::vector<std::string>(lower.begin(), lower.end()))
          << "round " << round << ", order " << o;
      if (testing::Test::HasFailure()) return;
    }
  }
}

}  // namespace
}  // namespace corsproof::test

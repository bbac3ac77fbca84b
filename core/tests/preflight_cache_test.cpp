// corsproof/preflight_cache.hpp: the Fetch Standard's CORS-preflight cache
// (§4.9) and the steps of CORS-preflight fetch that write it (§4.8 steps
// 7.12-7.15), as written, with the literal-spec quirks of
// docs/protocol-decisions.md "Preflight cache" (each test names its quirk or
// step). Times are seconds; an entry stored at s with max-age m is usable at t
// iff t < s + m.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "corsproof/preflight_cache.hpp"

namespace {

using corsproof::cache_entry_kind;
using corsproof::cache_entry_view;
using corsproof::cache_request;
using corsproof::eval_status;
using corsproof::header_view;
using corsproof::preflight_cache;

const cache_request plain{"https://app.example", "https://api.example/x", false};
const cache_request credentialed{"https://app.example", "https://api.example/x", true};

eval_status store(preflight_cache& cache, const cache_request& r, const std::vector<header_view>& response,
                  std::uint64_t max_age, double now) {
  return cache.store(r, corsproof::header_list(response.data(), response.size()), max_age, now);
}

std::vector<cache_entry_view> live(const preflight_cache& cache, double now) {
  std::vector<cache_entry_view> out(cache.max_entries());
  out.resize(cache.live_entries(now, out));
  return out;
}

std::string show(const std::vector<cache_entry_view>& entries) {
  std::string s;
  for (const cache_entry_view& e : entries) {
    if (!s.empty()) s += "; ";
    s += std::string(e.origin) + " " + std::string(e.url) + (e.credentials ? " cred " : " - ") +
         (e.kind == cache_entry_kind::method ? "method=" : "header=") + std::string(e.value) + " " +
         std::to_string(e.max_age) + "@" + std::to_string(static_cast<long long>(e.stored_at));
  }
  return s;
}

TEST(PreflightCache, EmptyCacheMatchesNothing) {
  const preflight_cache cache;
  EXPECT_FALSE(cache.method_match(plain, "PUT", 0));
  EXPECT_FALSE(cache.header_name_match(plain, "x-a", 0));
  EXPECT_TRUE(live(cache, 0).empty());
}

// §4.8 steps 7.13 and 7.15: one entry per listed method and header name;
// §4.9 "method cache entry match" is byte-exact, "header-name cache entry
// match" byte-case-insensitive.
TEST(PreflightCache, StoresEachListedMethodAndHeaderName) {
  preflight_cache cache;
  ASSERT_EQ(store(cache, plain, {{"Access-Control-Allow-Methods", "PUT, DELETE"}, {"Access-Control-Allow-Headers", "X-A"}},
                  600, 0),
            eval_status::ok);
  EXPECT_TRUE(cache.method_match(plain, "PUT", 10));
  EXPECT_TRUE(cache.method_match(plain, "DELETE", 10));
  EXPECT_FALSE(cache.method_match(plain, "put", 10));
  EXPECT_TRUE(cache.header_name_match(plain, "x-A", 10));
  EXPECT_FALSE(cache.header_name_match(plain, "x-b", 10));
  EXPECT_EQ(show(live(cache, 10)),
            "https://app.example https://api.example/x - method=DELETE 600@0; "
            "https://app.example https://api.example/x - method=PUT 600@0; "
            "https://app.example https://api.example/x - header=X-A 600@0");
}

// The protocol's time rule: usable while t < s + m; max-age 0 never.
TEST(PreflightCache, EntriesExpireAtStoredAtPlusMaxAge) {
  preflight_cache cache;
  ASSERT_EQ(store(cache, plain, {{"Access-Control-Allow-Methods", "PUT"}}, 5, 0), eval_status::ok);
  EXPECT_TRUE(cache.method_match(plain, "PUT", 4.999));
  EXPECT_FALSE(cache.method_match(plain, "PUT", 5));
  ASSERT_EQ(store(cache, plain, {{"Access-Control-Allow-Methods", "DELETE"}}, 0, 6), eval_status::ok);
  EXPECT_FALSE(cache.method_match(plain, "DELETE", 6));
  EXPECT_TRUE(live(cache, 6).empty());
}

// §4.9 "cache entry match": same origin and URL; a credentialed entry
// serves both, an uncredentialed one never a credentialed request.
TEST(PreflightCache, CredentialsAndKeys) {
  preflight_cache cache;
  ASSERT_EQ(store(cache, plain, {{"Access-Control-Allow-Methods", "PUT"}}, 600, 0), eval_status::ok);
  EXPECT_FALSE(cache.method_match(credentialed, "PUT", 1));
  ASSERT_EQ(store(cache, credentialed, {{"Access-Control-Allow-Methods", "DELETE"}}, 600, 0), eval_status::ok);
  EXPECT_TRUE(cache.method_match(plain, "DELETE", 1));
  EXPECT_FALSE(cache.method_match({"null", plain.url, false}, "PUT", 1));
  EXPECT_FALSE(cache.method_match({plain.origin, "https://api.example/x#f", false}, "PUT", 1));
  EXPECT_FALSE(cache.method_match({plain.origin, "https://api.example/y", false}, "PUT", 1));
}

// §4.9: `*` entries; Authorization is never covered by a header `*`.
TEST(PreflightCache, StarEntries) {
  preflight_cache cache;
  ASSERT_EQ(store(cache, plain, {{"Access-Control-Allow-Methods", "*"}, {"Access-Control-Allow-Headers", "*"}}, 600, 0),
            eval_status::ok);
  EXPECT_TRUE(cache.method_match(plain, "PATCH", 1));
  EXPECT_TRUE(cache.header_name_match(plain, "x-b", 1));
  EXPECT_FALSE(cache.header_name_match(plain, "Authorization", 1));
}

// Quirk 1: a `*` stored from a credentialed preflight later acts as a
// wildcard for credentialed requests.
TEST(PreflightCache, Quirk1CredentialedStarActsAsAWildcard) {
  preflight_cache cache;
  ASSERT_EQ(store(cache, credentialed, {{"Access-Control-Allow-Methods", "*"}, {"Access-Control-Allow-Headers", "x-a"}},
                  600, 0),
            eval_status::ok);
  EXPECT_TRUE(cache.method_match(credentialed, "PUT", 1));
}

// Quirk 2 (steps 7.12, 7.13): a listed method that a `*` entry matches
// refreshes the `*` entry and creates nothing.
TEST(PreflightCache, Quirk2UpdatesThroughStar) {
  preflight_cache cache;
  ASSERT_EQ(store(cache, plain, {{"Access-Control-Allow-Methods", "*"}, {"Access-Control-Allow-Headers", "x-a"}}, 10, 0),
            eval_status::ok);
  ASSERT_EQ(store(cache, plain, {{"Access-Control-Allow-Methods", "PUT"}, {"Access-Control-Allow-Headers", "x-b"}},
                  100, 5),
            eval_status::ok);
  EXPECT_EQ(show(live(cache, 5)),
            "https://app.example https://api.example/x - method=* 100@5; "
            "https://app.example https://api.example/x - header=x-a 10@0; "
            "https://app.example https://api.example/x - header=x-b 100@5");
}

// Quirk 3: a non-credentialed preflight refreshes credentialed entries (they
// match a non-credentialed request) and creates only what none matches.
TEST(PreflightCache, Quirk3NonCredentialedPreflightRefreshesCredentialedEntries) {
  preflight_cache cache;
  ASSERT_EQ(store(cache, credentialed, {{"Access-Control-Allow-Methods", "PUT"}, {"Access-Control-Allow-Headers", "x-a"}},
                  10, 0),
            eval_status::ok);
  ASSERT_EQ(store(cache, plain, {{"Access-Control-Allow-Methods", "PUT"}, {"Access-Control-Allow-Headers", "x-a, x-b"}},
                  100, 1),
            eval_status::ok);
  EXPECT_EQ(show(live(cache, 1)),
            "https://app.example https://api.example/x - header=x-b 100@1; "
            "https://app.example https://api.example/x cred method=PUT 100@1; "
            "https://app.example https://api.example/x cred header=x-a 100@1");
}

// Quirk 5 (items one at a time): `*, PUT` stores only `*`; `PUT, *` both.
TEST(PreflightCache, Quirk5OrderOfStarMatters) {
  preflight_cache a, b;
  ASSERT_EQ(store(a, plain, {{"Access-Control-Allow-Methods", "*, PUT"}}, 600, 0), eval_status::ok);
  ASSERT_EQ(store(b, plain, {{"Access-Control-Allow-Methods", "PUT, *"}}, 600, 0), eval_status::ok);
  EXPECT_EQ(live(a, 0).size(), 1U);
  EXPECT_EQ(live(b, 0).size(), 2U);
}

// Refresh: "set matching entry's max-age" re-stores at the current time
// (decisions page); refreshing to 0 ends the entry.
TEST(PreflightCache, RefreshReStoresAtNow) {
  preflight_cache cache;
  ASSERT_EQ(store(cache, plain, {{"Access-Control-Allow-Headers", "x-a"}}, 600, 0), eval_status::ok);
  ASSERT_EQ(store(cache, plain, {{"Access-Control-Allow-Headers", "x-a"}}, 600, 20), eval_status::ok);
  EXPECT_TRUE(cache.header_name_match(plain, "x-a", 619));
  ASSERT_EQ(store(cache, plain, {{"Access-Control-Allow-Headers", "X-A"}}, 0, 30), eval_status::ok);
  EXPECT_FALSE(cache.header_name_match(plain, "x-a", 30));
}

// §4.9 "clear cache entries": every entry of the origin and URL, methods and
// headers, credentialed or not; other keys stay.
TEST(PreflightCache, ClearEntriesOfOneOriginAndUrl) {
  preflight_cache cache;
  const cache_request other{"https://app.example", "https://api.example/r", false};
  ASSERT_EQ(store(cache, plain, {{"Access-Control-Allow-Methods", "PUT"}, {"Access-Control-Allow-Headers", "x-a"}}, 600, 0),
            eval_status::ok);
  ASSERT_EQ(store(cache, credentialed, {{"Access-Control-Allow-Methods", "DELETE"}}, 600, 0), eval_status::ok);
  ASSERT_EQ(store(cache, other, {{"Access-Control-Allow-Methods", "PUT"}}, 600, 0), eval_status::ok);
  cache.clear_entries(plain);
  EXPECT_EQ(show(live(cache, 1)), "https://app.example https://api.example/r - method=PUT 600@0");
  cache.clear();
  EXPECT_TRUE(live(cache, 1).empty());
}

// Bounds: a full table is limit_exceeded, never an eviction; expired entries
// make room.
TEST(PreflightCache, EntryLimitIsLimitExceeded) {
  preflight_cache cache(2, 4096);
  EXPECT_EQ(store(cache, plain, {{"Access-Control-Allow-Methods", "A, B, C"}}, 10, 0), eval_status::limit_exceeded);
  EXPECT_EQ(live(cache, 0).size(), 2U);
  EXPECT_EQ(store(cache, plain, {{"Access-Control-Allow-Methods", "D, E"}}, 10, 10), eval_status::ok);
  EXPECT_EQ(show(live(cache, 10)),
            "https://app.example https://api.example/x - method=D 10@10; "
            "https://app.example https://api.example/x - method=E 10@10");
}

// The arena: dead strings are reclaimed by compaction; live ones never lost.
TEST(PreflightCache, ArenaIsCompactedNotEvicted) {
  preflight_cache cache(64, 256);
  for (int round = 0; round < 20; ++round) {
    const std::string url = "https://api.example/" + std::to_string(round);
    const cache_request r{"https://app.example", url, false};
    ASSERT_EQ(store(cache, r, {{"Access-Control-Allow-Methods", "PUT"}}, 1, round), eval_status::ok) << round;
    EXPECT_TRUE(cache.method_match(r, "PUT", round));
  }
  // Too many live strings at once: the limit.
  preflight_cache tight(64, 128);
  const std::string long_name(100, 'x');
  EXPECT_EQ(store(tight, plain, {{"Access-Control-Allow-Headers", long_name + "1, " + long_name + "2"}}, 60, 0),
            eval_status::limit_exceeded);
  EXPECT_TRUE(live(tight, 0).empty());
}

// Many origin/URL keys, cleared and stored again: the key index keeps finding
// exactly the live ones (removed keys leave tombs, which are swept).
TEST(PreflightCache, ManyKeysStoredAndCleared) {
  preflight_cache cache;
  auto request = [](int i) {
    static std::vector<std::string> urls;
    if (urls.empty())
      for (int j = 0; j < 4000; ++j) urls.push_back("https://api.example/item/" + std::to_string(j));
    return cache_request{"https://app.example", urls[static_cast<std::size_t>(i)], false};
  };
  const std::vector<header_view> put = {{"Access-Control-Allow-Methods", "PUT"}};
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 4000; ++i) ASSERT_EQ(store(cache, request(i), put, 600, round), eval_status::ok) << i;
    for (int i = 0; i < 4000; i += 2) cache.clear_entries(request(i));
    for (int i = 0; i < 4000; ++i) EXPECT_EQ(cache.method_match(request(i), "PUT", round), i % 2 == 1) << i;
    EXPECT_EQ(live(cache, round).size(), 2000U);
    for (int i = 1; i < 4000; i += 2) cache.clear_entries(request(i));
    EXPECT_TRUE(live(cache, round).empty());
  }
  ASSERT_EQ(store(cache, request(7), put, 600, 10), eval_status::ok);
  cache.clear();
  EXPECT_FALSE(cache.method_match(request(7), "PUT", 10));
  ASSERT_EQ(store(cache, request(7), put, 600, 10), eval_status::ok);
  EXPECT_TRUE(cache.method_match(request(7), "PUT", 10));
}

TEST(PreflightCache, LiveEntriesWritesNothingWhenTheSpanIsTooSmall) {
  preflight_cache cache;
  ASSERT_EQ(store(cache, plain, {{"Access-Control-Allow-Methods", "PUT, DELETE"}}, 600, 0), eval_status::ok);
  std::vector<cache_entry_view> one(1);
  EXPECT_EQ(cache.live_entries(0, one), 2U);
  EXPECT_TRUE(one[0].value.empty());
}

}  // namespace

// cli/tests/expect_test.cpp — `corsproof check`'s comparison of an answer
// with a case's "expect".
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <string>
#include <vector>

#include "expect.hpp"
#include "oracle.hpp"

namespace {

namespace json = boost::json;
using corsproof::cli::case_result;
using corsproof::cli::compare_expect;
using corsproof::cli::headers_equivalent;
using corsproof::cli::judge;
using corsproof::cli::mismatch;
using corsproof::cli::verdict;

bool same_headers(const char* a, const char* b) { return headers_equivalent(json::parse(a), json::parse(b)); }

std::vector<mismatch> diff(const char* expect, const char* answer) {
  std::vector<mismatch> out;
  compare_expect(json::parse(expect).as_object(), json::parse(answer).as_object(), out);
  return out;
}

std::string render(const std::vector<mismatch>& ms) {
  std::string s;
  for (const mismatch& m : ms) s += m.field + ": expected " + m.expected + ", got " + m.got + "\n";
  return s;
}

TEST(HeadersEquivalent, NamesCaseInsensitiveAndOrderIgnored) {
  EXPECT_TRUE(same_headers(R"([["Access-Control-Allow-Origin","https://a.example"],["Vary","Origin"]])",
                           R"([["vary","Origin"],["ACCESS-CONTROL-ALLOW-ORIGIN","https://a.example"]])"));
  EXPECT_TRUE(same_headers("[]", "[]"));
  EXPECT_FALSE(same_headers("[]", R"([["Vary","Origin"]])"));
}

// Trimmed of SP/TAB (RFC 9110 §5.5, as the bridge and the fuzz target
// compare: one implementation, corsproof/header_comparison.hpp), then byte
// for byte.
TEST(HeadersEquivalent, PlainValuesAreTrimmedThenByteExact) {
  EXPECT_FALSE(same_headers(R"([["Access-Control-Allow-Origin","https://a.example"]])",
                            R"([["Access-Control-Allow-Origin","https://A.example"]])"));
  EXPECT_TRUE(same_headers(R"([["Access-Control-Max-Age","600"]])", R"([["Access-Control-Max-Age"," 600\t"]])"));
  EXPECT_FALSE(same_headers(R"([["Access-Control-Max-Age","600"]])", R"([["Access-Control-Max-Age","6 00"]])"));
  // Repeated plain headers: a multiset.
  EXPECT_TRUE(same_headers(R"([["X","1"],["X","2"]])", R"([["x","2"],["X","1"]])"));
  EXPECT_FALSE(same_headers(R"([["X","1"],["X","1"]])", R"([["X","1"]])"));
}

TEST(HeadersEquivalent, ListHeadersAreSets) {
  EXPECT_TRUE(same_headers(R"([["Vary","Origin, Access-Control-Request-Method"]])",
                           R"([["Vary","access-control-request-method,origin"]])"));
  EXPECT_TRUE(same_headers(R"([["Vary","Origin"],["Vary","Accept"]])", R"([["Vary","Accept, Origin,,"]])"));
  EXPECT_FALSE(same_headers(R"([["Vary","Origin"]])", R"([["Vary","Origin, Accept"]])"));
  EXPECT_TRUE(same_headers(R"([["Access-Control-Allow-Headers","X-A, x-b"]])",
                           R"([["access-control-allow-headers","x-b,\tX-A"]])"));
  EXPECT_TRUE(same_headers(R"([["Access-Control-Expose-Headers","X-Id"]])",
                           R"([["Access-Control-Expose-Headers","x-id"]])"));
  // Methods are case-sensitive.
  EXPECT_TRUE(same_headers(R"([["Access-Control-Allow-Methods","PUT, PATCH"]])",
                           R"([["Access-Control-Allow-Methods","PATCH,PUT"]])"));
  EXPECT_FALSE(same_headers(R"([["Access-Control-Allow-Methods","PATCH"]])",
                            R"([["Access-Control-Allow-Methods","patch"]])"));
}

TEST(HeadersEquivalent, MalformedListsFallBackToEquality) {
  EXPECT_TRUE(same_headers(R"("x")", R"("x")"));
  EXPECT_FALSE(same_headers(R"([["Vary"]])", R"([["Vary","Origin"]])"));
}

TEST(CompareExpect, OnlyTheGivenFields) {
  EXPECT_TRUE(diff(R"({"allowed":true})", R"({"id":"a","kind":"actual","allowed":true,"headers":[]})").empty());
  EXPECT_EQ(render(diff(R"({"allowed":true,"reason":"ok"})", R"({"allowed":false,"reason":"origin-not-allowed"})")),
            "allowed: expected true, got false\nreason: expected \"ok\", got \"origin-not-allowed\"\n");
  EXPECT_EQ(render(diff(R"({"status":204})", R"({"allowed":true})")), "status: expected 204, got absent\n");
}

TEST(CompareExpect, NestedObjectsCompareOnlyTheGivenKeys) {
  const char* answer = R"({"preflight":{"method":"PUT","ok":false,"error":"acao-missing","max_age":null},)"
                       R"("cors_check":null})";
  EXPECT_TRUE(diff(R"({"preflight":{"ok":false}})", answer).empty());
  EXPECT_EQ(render(diff(R"({"preflight":{"error":"preflight-status","max_age":5}})", answer)),
            "preflight.error: expected \"preflight-status\", got \"acao-missing\"\n"
            "preflight.max_age: expected 5, got null\n");
  EXPECT_EQ(render(diff(R"({"cors_check":{"ok":true}})", answer)),
            "cors_check: expected {\"ok\":true}, got null\n");
  EXPECT_EQ(render(diff(R"({"preflight":null})", answer)),
            "preflight: expected null, got {\"method\":\"PUT\",\"ok\":false,\"error\":\"acao-missing\",\"max_age\":null}\n");
}

TEST(CompareExpect, ExposedHeadersAreArraysInOrder) {
  EXPECT_TRUE(diff(R"({"exposed_headers":["a","b"]})", R"({"exposed_headers":["a","b"]})").empty());
  EXPECT_FALSE(diff(R"({"exposed_headers":["b","a"]})", R"({"exposed_headers":["a","b"]})").empty());
}

TEST(CompareExpect, NumbersByValue) {
  EXPECT_TRUE(diff(R"({"status":204.0})", R"({"status":204})").empty());
  EXPECT_TRUE(diff(R"({"max_age":2147483648})", R"({"max_age":2147483648})").empty());
}

TEST(CompareExpect, Errors) {
  const char* bad_policy = R"({"id":"x","error":{"code":"bad-policy","message":"m","line":3}})";
  EXPECT_TRUE(diff(R"({"error":{"code":"bad-policy"}})", bad_policy).empty());
  EXPECT_EQ(render(diff(R"({"error":{"code":"bad-case"}})", bad_policy)),
            "error.code: expected \"bad-case\", got \"bad-policy\"\n");
  // An error answer when none is expected: one difference, not one per field.
  EXPECT_EQ(render(diff(R"({"allowed":true,"reason":"ok"})", bad_policy)),
            "error: expected no error, got {\"code\":\"bad-policy\",\"message\":\"m\",\"line\":3}\n");
  EXPECT_EQ(render(diff(R"({"error":{"code":"bad-policy"}})", R"({"id":"x","allowed":true})")),
            "error: expected {\"code\":\"bad-policy\"}, got absent\n");
}

TEST(Judge, Verdicts) {
  corsproof::cli::oracle o;
  const std::string base = R"({"id":"j","mode":"server","policy":{"allow_origins":["*"]},"request":{"method":"GET"})";
  auto run = [&](const std::string& line) { return judge(line, o.answer_line(line, 4)); };

  case_result r = run(base + "}");
  EXPECT_EQ(r.outcome, verdict::skipped);
  EXPECT_EQ(r.id, "j");

  r = run(base + R"(,"expect":{"kind":"not-cors","allowed":true}})");
  EXPECT_EQ(r.outcome, verdict::passed);

  r = run(base + R"(,"expect":{"allowed":false}})");
  EXPECT_EQ(r.outcome, verdict::failed);
  EXPECT_EQ(render(r.mismatches), "allowed: expected false, got true\n");

  r = run(base + R"(,"expect":[1]})");
  EXPECT_EQ(r.outcome, verdict::failed);
  EXPECT_EQ(render(r.mismatches), "expect: expected an object, got [1]\n");

  r = run("{broken");
  EXPECT_EQ(r.outcome, verdict::failed);
  EXPECT_EQ(r.id, "4");
  ASSERT_EQ(r.mismatches.size(), 1U);
  EXPECT_EQ(r.mismatches[0].field, "error");
  EXPECT_EQ(r.mismatches[0].expected, "no error");

  r = run(R"({"id":"p","mode":"server","policy":{"allow_origins":[]},"request":{"method":"GET"},)"
          R"("expect":{"error":{"code":"bad-policy"}}})");
  EXPECT_EQ(r.outcome, verdict::passed);

  // A too-large line that was not kept: failed, as a bad line.
  r = judge("", o.answer_too_large(9, 2000000));
  EXPECT_EQ(r.outcome, verdict::failed);
  EXPECT_EQ(r.id, "9");
}

// Protocol 1.1: "hops", "fetches" and "cache_after" are compared element by
// element, each element on the keys given, with their length pinned.
namespace v11 {

constexpr const char* chain_answer =
    R"({"id":"r1","outcome":"allowed","error_hop":null,"hops":[)"
    R"({"url":"https://a.example/","status":302,"preflight":null,"redirect":{"location":"https://b.example/","followed":true,"error":null}},)"
    R"({"url":"https://b.example/","status":200,"preflight":{"method":"PUT","ok":true,"cache":"miss"},"redirect":null}]})";

TEST(CompareExpectV11, HopsComparedOnTheKeysGivenInEachElement) {
  EXPECT_TRUE(diff(R"({"hops":[{"status":302},{"url":"https://b.example/"}]})", chain_answer).empty());
  EXPECT_TRUE(diff(R"({"hops":[{},{}]})", chain_answer).empty());  // {} pins the element's presence only
  EXPECT_TRUE(diff(R"({"hops":[{"redirect":{"followed":true}},{"preflight":{"cache":"miss"}}]})", chain_answer).empty());
  EXPECT_EQ(render(diff(R"({"hops":[{"status":301},{"preflight":{"cache":"hit"},"redirect":null}]})", chain_answer)),
            "hops[0].status: expected 301, got 302\n"
            "hops[1].preflight.cache: expected \"hit\", got \"miss\"\n");
  EXPECT_EQ(render(diff(R"({"hops":[{"credentials_sent":false}]})", chain_answer)),
            "hops.length: expected 1, got 2\n"
            "hops[0].credentials_sent: expected false, got absent\n");
}

TEST(CompareExpectV11, LengthIsPinned) {
  EXPECT_EQ(render(diff(R"({"hops":[{},{},{}]})", chain_answer)), "hops.length: expected 3, got 2\n");
  EXPECT_EQ(render(diff(R"({"hops":[]})", chain_answer)), "hops.length: expected 0, got 2\n");
  EXPECT_EQ(render(diff(R"({"hops":[]})", R"({"hops":null})")), "hops: expected [], got null\n");
}

TEST(CompareExpectV11, FetchesAndCacheAfterNested) {
  constexpr const char* session =
      R"({"id":"s","fetches":[{"outcome":"allowed","hops":[{"preflight":{"cache":"miss"}}],)"
      R"("cache_after":[{"origin":"https://app.example","method":"PUT","max_age":600,"stored_at":0}]},)"
      R"({"outcome":"allowed","hops":[{"preflight":{"cache":"hit"}}],"cache_after":[]}]})";
  EXPECT_TRUE(diff(R"({"fetches":[{"hops":[{"preflight":{"cache":"miss"}}]},{"cache_after":[]}]})", session).empty());
  EXPECT_TRUE(diff(R"({"fetches":[{"cache_after":[{"method":"PUT","stored_at":0.0}]},{}]})", session).empty());
  EXPECT_EQ(render(diff(R"({"fetches":[{"cache_after":[{"max_age":5}]},{"hops":[{"preflight":{"cache":"miss"}}]}]})",
                        session)),
            "fetches[0].cache_after[0].max_age: expected 5, got 600\n"
            "fetches[1].hops[0].preflight.cache: expected \"miss\", got \"hit\"\n");
  EXPECT_EQ(render(diff(R"({"fetches":[{}]})", session)), "fetches.length: expected 1, got 2\n");
  EXPECT_EQ(render(diff(R"({"fetches":[{"cache_after":[{},{}]},{}]})", session)),
            "fetches[0].cache_after.length: expected 2, got 1\n");
}

// Other arrays keep whole-value equality: exposed_headers, removed_headers.
TEST(CompareExpectV11, ArraysOfStringsStayWhole) {
  constexpr const char* answer = R"({"exposed_headers":["a","b"],"hops":[{"removed_headers":["content-type"]}]})";
  EXPECT_EQ(render(diff(R"({"exposed_headers":["a"]})", answer)), "exposed_headers: expected [\"a\"], got [\"a\",\"b\"]\n");
  EXPECT_EQ(render(diff(R"({"hops":[{"removed_headers":[]}]})", answer)),
            "hops[0].removed_headers: expected [], got [\"content-type\"]\n");
}

}  // namespace v11

}  // namespace

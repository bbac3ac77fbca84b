// protocol_compare/tests/header_comparison_test.cpp — the protocol's
// semantic header comparison: what is the same, what is not.
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <utility>

#include "corsproof/header_comparison.hpp"

namespace {

using corsproof::header_comparison::header_set;
using pairs = std::initializer_list<std::pair<const char*, const char*>>;

header_set set_of(pairs p) {
  header_set s;
  for (const auto& [n, v] : p) s.add(n, v);
  return s;
}

bool same(pairs a, pairs b) {
  const header_set x = set_of(a), y = set_of(b);
  EXPECT_EQ(x == y, !x.difference(y, "a", "b").has_value());
  return x == y;
}

TEST(HeaderComparison, NamesAreCaseInsensitiveAndOrderIsIgnored) {
  EXPECT_TRUE(same({{"Access-Control-Allow-Origin", "https://a.example"}, {"Vary", "Origin"}},
                   {{"vary", "Origin"}, {"ACCESS-CONTROL-ALLOW-ORIGIN", "https://a.example"}}));
}

TEST(HeaderComparison, ListValuedHeadersAreSetsOfTrimmedElements) {
  EXPECT_TRUE(same({{"Vary", "Origin, Access-Control-Request-Method"}},
                   {{"Vary", "access-control-request-method,origin"}}));
  EXPECT_TRUE(same({{"Access-Control-Allow-Headers", " x-a ,\tX-B,,"}}, {{"access-control-allow-headers", "x-b, x-a"}}));
  EXPECT_TRUE(same({{"Access-Control-Expose-Headers", "x-a"}, {"Access-Control-Expose-Headers", "x-b"}},
                   {{"Access-Control-Expose-Headers", "x-b, x-a, x-a"}}));
  EXPECT_FALSE(same({{"Vary", "Origin"}}, {{"Vary", "Origin, Accept"}}));
}

TEST(HeaderComparison, MethodsAreCaseSensitive) {
  EXPECT_TRUE(same({{"Access-Control-Allow-Methods", "PUT, GET"}}, {{"access-control-allow-methods", "GET,PUT"}}));
  EXPECT_FALSE(same({{"Access-Control-Allow-Methods", "PUT"}}, {{"Access-Control-Allow-Methods", "put"}}));
}

TEST(HeaderComparison, OtherValuesAreTrimmedThenByteExactMultisets) {
  EXPECT_TRUE(same({{"Access-Control-Allow-Origin", " https://a.example\t"}},
                   {{"Access-Control-Allow-Origin", "https://a.example"}}));
  EXPECT_FALSE(same({{"Access-Control-Allow-Origin", "https://A.example"}},
                    {{"Access-Control-Allow-Origin", "https://a.example"}}));
  EXPECT_FALSE(same({{"Access-Control-Allow-Credentials", "true"}},
                    {{"Access-Control-Allow-Credentials", "true"}, {"Access-Control-Allow-Credentials", "true"}}));
  EXPECT_TRUE(same({{"X-A", "1"}, {"X-A", "2"}}, {{"x-a", "2"}, {"x-a", "1"}}));
  // Inner whitespace and commas count outside the list-valued headers.
  EXPECT_FALSE(same({{"Access-Control-Max-Age", "6 00"}}, {{"Access-Control-Max-Age", "600"}}));
  EXPECT_FALSE(same({{"X-A", "1, 2"}}, {{"X-A", "1"}, {"X-A", "2"}}));
}

TEST(HeaderComparison, APresentHeaderDiffersFromAnAbsentOne) {
  EXPECT_FALSE(same({{"Vary", ","}}, {}));
  EXPECT_FALSE(same({}, {{"Access-Control-Max-Age", "5"}}));
  EXPECT_TRUE(same({}, {}));
}

TEST(HeaderComparison, DifferenceNamesTheHeaderAndBothSides) {
  const auto d = set_of({{"Vary", "Origin"}}).difference(set_of({{"Vary", "Origin, Accept"}}), "core", "model");
  ASSERT_TRUE(d.has_value());
  EXPECT_NE(d->find("\"vary\" (as a set): core [\"origin\"], model [\"accept\", \"origin\"]"), std::string::npos) << *d;
  const auto missing = set_of({}).difference(set_of({{"X-A", "1"}}), "core", "model");
  ASSERT_TRUE(missing.has_value());
  EXPECT_NE(missing->find("core has none, model has [\"1\"]"), std::string::npos) << *missing;
}

TEST(HeaderComparison, ListElements) {
  using corsproof::header_comparison::list_elements;
  EXPECT_EQ(list_elements({"B, a", " ,a"}, false), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(list_elements({"PUT,put"}, true), (std::vector<std::string>{"PUT", "put"}));
  EXPECT_TRUE(corsproof::header_comparison::is_list_valued_header("VARY"));
  EXPECT_FALSE(corsproof::header_comparison::is_list_valued_header("access-control-allow-origin"));
}

}  // namespace

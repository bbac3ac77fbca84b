// parse_origin_pattern: the one parser of `scheme://*.suffix[:port]` entries
// (decisions: Policy loading). compile_policy's refusal for a wildcard entry
// is `allow_origins[N] "ENTRY": ` + this parser's message, so the rows check
// both.
#include "test_support.hpp"

namespace corsproof::test {
namespace {

constexpr const char* kWildcard = "decisions: Policy loading (wildcards scheme://*.suffix[:port], canonical, non-IP)";

struct pattern_row {
  const char* name;
  const char* spec;
  std::string entry;
  bool ok;
  std::string scheme, suffix, port;  // when ok
  std::string error;                 // when !ok: the whole message
};
CORSPROOF_ROW_PRINTER(pattern_row)

pattern_row good(const char* name, std::string entry, std::string scheme, std::string suffix, std::string port) {
  return {name, kWildcard, std::move(entry), true, std::move(scheme), std::move(suffix), std::move(port), {}};
}
pattern_row bad(const char* name, std::string entry, std::string error) {
  return {name, kWildcard, std::move(entry), false, {}, {}, {}, std::move(error)};
}

class OriginPattern : public ::testing::TestWithParam<pattern_row> {};

TEST_P(OriginPattern, ParsesOrSaysWhyNot) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  const origin_pattern_result p = parse_origin_pattern(r.entry);
  ASSERT_EQ(p.ok(), r.ok) << p.error;
  if (r.ok) {
    EXPECT_EQ(p.value->scheme, r.scheme);
    EXPECT_EQ(p.value->suffix, r.suffix);
    EXPECT_EQ(p.value->port, r.port);
    EXPECT_TRUE(p.error.empty());
  } else {
    EXPECT_EQ(p.error, r.error);
  }
  // compile_policy says the same of a wildcard entry, after naming it.
  if (classify_origin_entry(r.entry) != origin_entry_kind::wildcard) return;
  const policy_result c = compile_policy(cfg({r.entry}));
  EXPECT_EQ(c.ok(), r.ok) << c.error;
  if (!r.ok) {
    EXPECT_EQ(c.error, "allow_origins[0] " + json_quoted(r.entry) + ": " + r.error);
  }
}

INSTANTIATE_TEST_SUITE_P(Rows, OriginPattern, ::testing::Values(
    good("plain", "https://*.example.com", "https", "example.com", ""),
    good("with a port", "https://*.example.com:8443", "https", "example.com", "8443"),
    good("one label", "http://*.localhost", "http", "localhost", ""),
    good("trailing dot kept", "https://*.example.com.", "https", "example.com.", ""),
    good("non-special scheme", "chrome-extension://*.abc:0", "chrome-extension", "abc", "0"),
    good("numeric inner label", "https://*.1.example", "https", "1.example", ""),
    bad("upper case: a canonical spelling is suggested", "https://*.Example.com",
        "not in canonical form (lower case, no default port); write it as \"https://*.example.com\""),
    bad("default port", "https://*.example.com:443",
        "not in canonical form (lower case, no default port); write it as \"https://*.example.com\""),
    bad("trailing slash", "https://*.example.com/",
        "not a wildcard origin pattern (a path (even a trailing \"/\") is not part of an origin); write it as "
        "\"https://*.example.com\""),
    bad("an IPv4 suffix", "https://*.1.2.3.4",
        "the suffix of a wildcard pattern must be a domain, not an IP address (its last label is a number)"),
    bad("an IPv6 suffix", "https://*.[::1]",
        "the suffix of a wildcard pattern must be a domain, not an IPv6 address"),
    bad("an empty inner label", "https://*.a..example.com",
        "the suffix of a wildcard pattern must be non-empty labels (only a trailing dot may end it)"),
    bad("a second star", "https://*.*.example.com",
        "not a wildcard origin pattern scheme://*.suffix[:port] (ok)"),
    bad("no \"://*.\" at all", "https://app.example.com", "not a wildcard origin pattern scheme://*.suffix[:port]")),
    row_test_name<pattern_row>);

TEST(OriginPattern, OriginWithLabel) {
  const origin_pattern_result p = parse_origin_pattern("https://*.example.com:8443");
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_EQ(p.value->origin_with_label("app"), "https://app.example.com:8443");
  // The origin it builds is one the compiled pattern matches.
  const policy pol = compile_or_die(cfg({"https://*.example.com:8443"}));
  const auto run = run_server(pol, "GET", {{"Origin", p.value->origin_with_label("app")}});
  EXPECT_TRUE(run->d.allowed);
  const origin_pattern_result bare = parse_origin_pattern("http://*.example.com");
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(bare.value->origin_with_label("a.b"), "http://a.b.example.com");
}

}  // namespace
}  // namespace corsproof::test

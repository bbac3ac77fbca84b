// Policy loading: compile_policy refusals (protocol "Policy object" and
// decisions "Policy loading (bad-policy)"), the message naming the field,
// the entry and the canonical spelling; classify_origin_entry; the compiled
// policy's facts.
#include "test_support.hpp"

namespace corsproof::test {
namespace {

constexpr const char* kOrigins = "protocol: Policy object/allow_origins; decisions: Policy loading";
constexpr const char* kCanonical =
    "protocol: exact entry not in browser form is bad-policy naming the entry and the canonical spelling; "
    "decisions: Policy loading";
constexpr const char* kStar = "protocol: \"*\" must be the only entry; with allow_credentials it is bad-policy";
constexpr const char* kWildcard = "decisions: Policy loading (wildcards scheme://*.suffix[:port], canonical, non-IP)";
constexpr const char* kRegex = "protocol: re: pattern that does not compile (RE2) is bad-policy";
constexpr const char* kNames = "decisions: allow_methods/allow_headers/expose_headers tokens or \"*\", at most 256";
constexpr const char* kNumbers = "decisions: max_age 0..2147483647; preflight_status 200 or 204";
constexpr const char* kBounds = "decisions: allow_origins at most 65536 entries, each at most 1024 bytes";
constexpr const char* kHosts =
    "protocol: exact entry in the form a browser serializes; URL Standard §3.5 host parser (IPv4 parser, "
    "forbidden domain code points), §3.6 host serializer (IPv4, IPv6), §4.7 origin (file: opaque); decisions: "
    "Policy loading";

struct policy_row {
  const char* name;
  const char* spec;
  policy_config config;
  bool ok;
  std::string field;      // must appear in the message
  std::string entry;      // must appear in the message ("" = not checked)
  std::string canonical;  // must appear in the message apart from the entry ("" = not checked)
};
CORSPROOF_ROW_PRINTER(policy_row)

std::vector<std::string> many(const std::string& prefix, const std::string& suffix, std::size_t n) {
  std::vector<std::string> v;
  v.reserve(n);
  for (std::size_t i = 0; i < n; ++i) v.push_back(prefix + std::to_string(i) + suffix);
  return v;
}

policy_row good(const char* name, const char* spec, policy_config c) { return {name, spec, std::move(c), true, "", "", ""}; }
policy_row bad(const char* name, const char* spec, policy_config c, std::string field, std::string entry = "",
               std::string canonical = "") {
  return {name, spec, std::move(c), false, std::move(field), std::move(entry), std::move(canonical)};
}

const std::vector<std::string> A = {"https://app.example"};

std::vector<policy_row> rows() {
  const std::string long_ok = "https://" + rep('a', 1016);   // 1024 bytes
  const std::string long_bad = "https://" + rep('a', 1017);  // 1025 bytes
  return {
      good("one exact origin", kOrigins, cfg(A)),
      good("* alone", kOrigins, cfg({"*"})),
      good("null", kOrigins, cfg({"null"})),
      good("null with credentials (a lint concern, not bad-policy)", kOrigins, cfg({"null"}).creds()),
      good("wildcard", kOrigins, cfg({"https://*.example.com"})),
      good("wildcard with a port", kWildcard, cfg({"https://*.example.com:8443"})),
      good("regex", kOrigins, cfg({"re:^https://[a-z0-9-]+\\.example\\.org$"})),
      good("the protocol's example policy", "protocol: Policy object example",
           cfg({"https://app.example", "https://*.example.com", "re:^https://[a-z0-9-]+\\.example\\.org$", "null"})
               .methods({"GET", "POST", "PUT", "PATCH"})
               .headers({"content-type", "x-api-key"})
               .expose({"x-request-id"})
               .max_age(600)
               .status(204)),
      good("duplicate origins accepted", "decisions: Duplicates are accepted",
           cfg({"https://app.example", "https://app.example"})),
      good("443 on http is not a default port", kCanonical, cfg({"http://app.example:443"})),
      good("IPv6 origin", kOrigins, cfg({"https://[::1]:8443"})),
      good("IPv4 origin", kOrigins, cfg({"http://127.0.0.1:3000"})),
      good("* methods, headers, expose", kNames, cfg(A).methods({"*"}).headers({"*"}).expose({"*"})),
      good("patch and PATCH both", kNames, cfg(A).methods({"patch", "PATCH"})),
      good("duplicate header names accepted", kNames, cfg(A).headers({"x-a", "X-A"})),
      good("empty methods list", kNames, cfg(A).methods({})),
      good("256 methods", kNames, cfg(A).methods(many("M", "", 256))),
      good("256 headers", kNames, cfg(A).headers(many("x-h", "", 256))),
      good("256 expose headers", kNames, cfg(A).expose(many("x-e", "", 256))),
      good("max_age 0", kNumbers, cfg(A).max_age(0)),
      good("max_age 2147483647", kNumbers, cfg(A).max_age(2147483647)),
      good("preflight_status 200", kNumbers, cfg(A).status(200)),
      good("preflight_status 204", kNumbers, cfg(A).status(204)),
      good("1024-byte origin", kBounds, cfg({long_ok})),
      good("65536 origins", kBounds, cfg(many("https://o", ".example", 65536))),
      good("credentials with exact origins", kOrigins, cfg(A).creds()),

      bad("empty allow_origins", kOrigins, cfg({}), "allow_origins"),
      bad("* with another entry", kStar, cfg({"*", "https://app.example"}), "allow_origins", "*"),
      bad("another entry then *", kStar, cfg({"https://app.example", "*"}), "allow_origins", "*"),
      bad("* twice", kStar, cfg({"*", "*"}), "allow_origins", "*"),
      bad("* with credentials", kStar, cfg({"*"}).creds(), "allow_origins", "*"),
      bad("brief example https://App.Example:443/", kCanonical, cfg({"https://App.Example:443/"}), "allow_origins",
          "https://App.Example:443/", "https://app.example"),
      bad("upper case", kCanonical, cfg({"HTTPS://APP.EXAMPLE"}), "allow_origins", "HTTPS://APP.EXAMPLE",
          "https://app.example"),
      bad("upper-case host only", kCanonical, cfg({"https://App.example"}), "allow_origins", "https://App.example",
          "https://app.example"),
      bad("https default port", kCanonical, cfg({"https://app.example:443"}), "allow_origins",
          "https://app.example:443", "https://app.example"),
      bad("http default port", kCanonical, cfg({"http://app.example:80"}), "allow_origins", "http://app.example:80",
          "http://app.example"),
      bad("wss default port", kCanonical, cfg({"wss://x.example:443"}), "allow_origins", "wss://x.example:443",
          "wss://x.example"),
      bad("ws default port", kCanonical, cfg({"ws://x.example:80"}), "allow_origins", "ws://x.example:80",
          "ws://x.example"),
      bad("ftp default port", kCanonical, cfg({"ftp://x.example:21"}), "allow_origins", "ftp://x.example:21",
          "ftp://x.example"),
      bad("trailing slash", kCanonical, cfg({"https://app.example/"}), "allow_origins", "https://app.example/",
          "https://app.example"),
      bad("path", kCanonical, cfg({"https://app.example/path"}), "allow_origins", "https://app.example/path",
          "https://app.example"),
      bad("userinfo", kCanonical, cfg({"https://user@app.example"}), "allow_origins", "https://user@app.example",
          "https://app.example"),
      bad("userinfo with password", kCanonical, cfg({"https://user:pw@app.example"}), "allow_origins",
          "https://user:pw@app.example", "https://app.example"),
      bad("query", kCanonical, cfg({"https://app.example?q=1"}), "allow_origins", "https://app.example?q=1",
          "https://app.example"),
      bad("fragment", kCanonical, cfg({"https://app.example#top"}), "allow_origins", "https://app.example#top",
          "https://app.example"),
      bad("leading zero in the port", kCanonical, cfg({"https://app.example:08443"}), "allow_origins",
          "https://app.example:08443", "https://app.example:8443"),
      bad("empty port", kCanonical, cfg({"https://app.example:"}), "allow_origins", "https://app.example:",
          "https://app.example"),
      bad("upper-case IPv6", kCanonical, cfg({"https://[::A]"}), "allow_origins", "https://[::A]", "https://[::a]"),
      bad("the bad entry is named among good ones", kCanonical,
          cfg({"https://ok.example", "https://Bad.example"}), "allow_origins", "https://Bad.example",
          "https://bad.example"),
      bad("port 65536", kOrigins, cfg({"https://app.example:65536"}), "allow_origins", "https://app.example:65536"),
      bad("no scheme", kOrigins, cfg({"app.example"}), "allow_origins", "app.example"),
      bad("Null is not null", kOrigins, cfg({"Null"}), "allow_origins", "Null"),
      bad("empty entry", kOrigins, cfg({""}), "allow_origins"),
      bad("leading space", kOrigins, cfg({" https://app.example"}), "allow_origins"),
      bad("two origins in one entry", kOrigins, cfg({"https://a.example https://b.example"}), "allow_origins"),
      bad("wildcard upper case", kWildcard, cfg({"https://*.Example.com"}), "allow_origins", "https://*.Example.com",
          "https://*.example.com"),
      bad("wildcard default port", kWildcard, cfg({"https://*.example.com:443"}), "allow_origins",
          "https://*.example.com:443", "https://*.example.com"),
      bad("wildcard trailing slash", kWildcard, cfg({"https://*.example.com/"}), "allow_origins",
          "https://*.example.com/", "https://*.example.com"),
      bad("wildcard upper-case scheme", kWildcard, cfg({"HTTPS://*.example.com"}), "allow_origins",
          "HTTPS://*.example.com", "https://*.example.com"),
      bad("wildcard port with leading zeros", kWildcard, cfg({"https://*.example.com:08443"}), "allow_origins",
          "https://*.example.com:08443", "https://*.example.com:8443"),
      bad("wildcard empty port", kWildcard, cfg({"https://*.example.com:"}), "allow_origins", "https://*.example.com:",
          "https://*.example.com"),
      bad("wildcard over an IPv4 address", kWildcard, cfg({"https://*.1.2.3.4"}), "allow_origins",
          "https://*.1.2.3.4"),
      bad("wildcard over an IPv6 address", kWildcard, cfg({"https://*.[::1]"}), "allow_origins", "https://*.[::1]"),
      bad("wildcard with an empty suffix", kWildcard, cfg({"https://*."}), "allow_origins", "https://*."),
      bad("wildcard suffix ending in a number (URL Standard: an IPv4 host)", kWildcard, cfg({"https://*.0.1"}),
          "allow_origins", "https://*.0.1"),
      bad("wildcard suffix 01.2.3.4 (leading zero, still a number)", kWildcard, cfg({"https://*.01.2.3.4"}),
          "allow_origins", "https://*.01.2.3.4"),
      bad("wildcard suffix ending in a hex number", kWildcard, cfg({"https://*.a.0x1f"}), "allow_origins",
          "https://*.a.0x1f"),
      bad("wildcard suffix ending in a number and a dot", kWildcard, cfg({"https://*.a.1."}), "allow_origins",
          "https://*.a.1."),
      good("wildcard suffix with a numeric inner label", kWildcard, cfg({"https://*.1.example"})),
      good("wildcard suffix whose last label only starts with digits", kWildcard, cfg({"https://*.a.1x"})),
      good("port 0 of a scheme without a default port", kCanonical, cfg({"chrome-extension://a.example.com:0"})),
      bad("bracketed host of one piece", kOrigins, cfg({"http://[1]"}), "allow_origins", "http://[1]"),
      bad("bracketed host of two pieces without ::", kOrigins, cfg({"http://[1:2]"}), "allow_origins",
          "http://[1:2]"),
      bad("bracketed host with two ::", kOrigins, cfg({"http://[1::2::3]"}), "allow_origins", "http://[1::2::3]"),
      good("IPv6 of eight pieces", kOrigins, cfg({"http://[1:2:3:4:5:6:7:8]"})),
      bad("IPv6 of seven pieces and :: (one zero piece is never compressed)", kHosts,
          cfg({"http://[1:2:3:4:5:6:7::]"}), "allow_origins", "http://[1:2:3:4:5:6:7::]", "http://[1:2:3:4:5:6:7:0]"),
      bad("IPv4 shorthand 127.1", kHosts, cfg({"http://127.1:3999"}), "allow_origins", "http://127.1:3999",
          "http://127.0.0.1:3999"),
      bad("IPv4 with a trailing dot", kHosts, cfg({"https://127.0.0.1.:90"}), "allow_origins",
          "https://127.0.0.1.:90", "https://127.0.0.1:90"),
      bad("IPv4 in hex", kHosts, cfg({"http://0x7f.0.0.1"}), "allow_origins", "http://0x7f.0.0.1",
          "http://127.0.0.1"),
      bad("IPv4 with an octal part", kHosts, cfg({"http://01.2.3.4"}), "allow_origins", "http://01.2.3.4",
          "http://1.2.3.4"),
      bad("IPv4 shorthand with a path and a default port", kHosts, cfg({"HTTP://127.1:80/x"}), "allow_origins",
          "HTTP://127.1:80/x", "http://127.0.0.1"),
      bad("ends in a number but no IPv4 address", kHosts, cfg({"http://foo.bar.255:6060"}), "allow_origins",
          "http://foo.bar.255:6060", "IPv4"),
      bad("five IPv4 parts", kHosts, cfg({"https://127.0.0.1.1"}), "allow_origins", "https://127.0.0.1.1", "IPv4"),
      bad("IPv6 not compressed", kHosts, cfg({"http://[2001:4860:4860:0000:0000:0000:0000:8888]:90"}),
          "allow_origins", "http://[2001:4860:4860:0000:0000:0000:0000:8888]:90", "http://[2001:4860:4860::8888]:90"),
      bad("IPv6 with a dotted tail", kHosts, cfg({"http://[::FFFF:1.2.3.4]"}), "allow_origins",
          "http://[::FFFF:1.2.3.4]", "http://[::ffff:102:304]"),
      bad("file: origins are opaque", kHosts, cfg({"file://host"}), "allow_origins", "file://host", "null"),
      bad("file: with a path", kHosts, cfg({"file:///etc/passwd"}), "allow_origins", "file:///etc/passwd"),
      bad("a forbidden domain code point", kHosts, cfg({"https://a^b.example"}), "allow_origins",
          "https://a^b.example"),
      bad("a non-ASCII host (browsers send its Punycode form)", kHosts, cfg({"https://caf\xc3\xa9.example"}),
          "allow_origins"),
      good("IPv6 in canonical form", kHosts, cfg({"http://[2001:4860:4860::8888]:90"})),
      good("empty first label (a host the URL Standard accepts)", kHosts, cfg({"https://.example.com"})),
      good("empty inner label", kHosts, cfg({"https://a..example.com"})),
      good("trailing dot", kHosts, cfg({"https://example.com."})),
      good("domain code points ! $ , ; = ~", kHosts, cfg({"https://a!$,;=~.example"})),
      good("an xn-- label is only lower-cased (URL Standard a8d5ca3)", kHosts, cfg({"http://xn--f"})),
      bad("a star inside a host is policy syntax, refused", kWildcard, cfg({"https://a*b.example"}), "allow_origins",
          "https://a*b.example"),
      bad("wildcard suffix with an empty first label", kWildcard, cfg({"https://*..example.com"}), "allow_origins",
          "https://*..example.com"),
      bad("wildcard suffix with an empty inner label", kWildcard, cfg({"https://*.a..example.com"}),
          "allow_origins", "https://*.a..example.com"),
      bad("wildcard suffix ending in two dots", kWildcard, cfg({"https://*.example.com.."}), "allow_origins",
          "https://*.example.com.."),
      good("wildcard suffix with a trailing dot", kWildcard, cfg({"https://*.example.com."})),
      bad("two stars", kWildcard, cfg({"https://*.*.example.com"}), "allow_origins", "https://*.*.example.com"),
      bad("star in the middle", kWildcard, cfg({"https://a.*.example.com"}), "allow_origins",
          "https://a.*.example.com"),
      bad("star glued to the label", kWildcard, cfg({"https://*example.com"}), "allow_origins",
          "https://*example.com"),
      bad("star without scheme", kWildcard, cfg({"*.example.com"}), "allow_origins", "*.example.com"),
      bad("star as the whole host", kWildcard, cfg({"https://*"}), "allow_origins", "https://*"),
      bad("regex unbalanced parenthesis", kRegex, cfg({"re:("}), "allow_origins", "("),
      bad("regex unclosed class", kRegex, cfg({"re:[a-z"}), "allow_origins", "[a-z"),
      bad("regex backreference (not RE2)", kRegex, cfg({"re:(a)\\1"}), "allow_origins", "(a)\\1"),
      bad("regex repeat over RE2's 1000", kRegex, cfg({"re:a{1001}"}), "allow_origins", "a{1001}"),
      bad("1025-byte origin", kBounds, cfg({long_bad}), "allow_origins"),
      bad("65537 origins", kBounds, cfg(many("https://o", ".example", 65537)), "allow_origins"),
      bad("method with a space", kNames, cfg(A).methods({"GET POST"}), "allow_methods", "GET POST"),
      bad("method list in one entry", kNames, cfg(A).methods({"PUT,PATCH"}), "allow_methods", "PUT,PATCH"),
      bad("empty method", kNames, cfg(A).methods({""}), "allow_methods"),
      bad("257 methods", kNames, cfg(A).methods(many("M", "", 257)), "allow_methods"),
      bad("header with a space", kNames, cfg(A).headers({"x a"}), "allow_headers", "x a"),
      bad("header with a colon", kNames, cfg(A).headers({"x:y"}), "allow_headers", "x:y"),
      bad("empty header", kNames, cfg(A).headers({""}), "allow_headers"),
      bad("257 headers", kNames, cfg(A).headers(many("x-h", "", 257)), "allow_headers"),
      bad("expose header with a space", kNames, cfg(A).expose({"x a"}), "expose_headers", "x a"),
      bad("257 expose headers", kNames, cfg(A).expose(many("x-e", "", 257)), "expose_headers"),
      bad("max_age -1", kNumbers, cfg(A).max_age(-1), "max_age"),
      bad("max_age 2147483648", kNumbers, cfg(A).max_age(2147483648LL), "max_age"),
      bad("preflight_status 201", kNumbers, cfg(A).status(201), "preflight_status"),
      bad("preflight_status 0", kNumbers, cfg(A).status(0), "preflight_status"),
      bad("preflight_status 403", kNumbers, cfg(A).status(403), "preflight_status"),
  };
}

class Policy : public ::testing::TestWithParam<policy_row> {};

TEST_P(Policy, CompilesOrRefusesWithANamedMessage) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  const policy_result res = compile_policy(r.config);
  ASSERT_EQ(res.ok(), r.ok) << "message: " << res.error;
  if (r.ok) {
    EXPECT_TRUE(res.error.empty()) << res.error;
    return;
  }
  EXPECT_FALSE(res.error.empty());
  if (!r.field.empty()) {
    EXPECT_NE(res.error.find(r.field), std::string::npos) << "field " << r.field << " not named in: " << res.error;
  }
  std::string rest = res.error;
  if (!r.entry.empty()) {
    // Named as json_quoted writes it (a backslash doubled), quotes aside.
    const std::string quoted = json_quoted(r.entry);
    const std::string named = quoted.substr(1, quoted.size() - 2);
    const std::size_t at = rest.find(named);
    ASSERT_NE(at, std::string::npos) << "entry " << printable(r.entry) << " not named in: " << res.error;
    rest.erase(at, named.size());
  }
  if (!r.canonical.empty()) {
    EXPECT_NE(rest.find(r.canonical), std::string::npos)
        << "canonical spelling " << r.canonical << " not given in: " << res.error;
  }
}

INSTANTIATE_TEST_SUITE_P(Rows, Policy, ::testing::ValuesIn(rows()), row_test_name<policy_row>);

// decisions: Policy loading ("a refusal suggests a canonical spelling only
// when that spelling is itself accepted"); found by the policy_refusal_messages
// fuzz target (`https://*.1.2.3.4/` was told to write `https://*.1.2.3.4`).
TEST(PolicySuggestion, NeverSuggestsASpellingThatIsRefused) {
  for (const std::string e : {"https://*.1.2.3.4/", "HTTPS://*.0.1", "https://*.Example.1", "HTTP://[1]",
                              "http://foo.bar.255:6060", "https://127.0.0.1.1", "HTTP://foo.255/", "file://host",
                              "FILE://x/y", "https://A*b.example"}) {
    SCOPED_TRACE(e);
    const policy_result r = compile_policy(cfg({e}));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error.find("write it as"), std::string::npos) << r.error;
  }
  // A spelling that is accepted is still suggested.
  const policy_result r = compile_policy(cfg({"https://*.Example.com/"}));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error.find("write it as \"https://*.example.com\""), std::string::npos) << r.error;
}

// decisions: Policy loading (each name at most 1024 bytes; the message says so).
TEST(PolicyNames, LongerThan1024BytesIsRefusedAsTooLong) {
  for (int field = 0; field < 3; ++field) {
    policy_config c = cfg({"https://app.example"});
    auto& list = field == 0 ? c.allow_methods : field == 1 ? c.allow_headers : c.expose_headers;
    list = {std::string(1025, 'n')};
    const policy_result r = compile_policy(c);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error.find("longer than 1024 bytes"), std::string::npos) << r.error;
    list = {std::string(1024, 'n')};
    EXPECT_TRUE(compile_policy(c).ok()) << field;
  }
}

// ---- classify_origin_entry --------------------------------------------------------------------

struct classify_row {
  const char* name;
  const char* spec;
  std::string entry;
  origin_entry_kind kind;
};
CORSPROOF_ROW_PRINTER(classify_row)

class PolicyClassifyOriginEntry : public ::testing::TestWithParam<classify_row> {};

TEST_P(PolicyClassifyOriginEntry, Classifies) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  EXPECT_EQ(classify_origin_entry(r.entry), r.kind) << r.entry;
}

INSTANTIATE_TEST_SUITE_P(Rows, PolicyClassifyOriginEntry, ::testing::Values(
    classify_row{"star", kOrigins, "*", origin_entry_kind::any},
    classify_row{"null", kOrigins, "null", origin_entry_kind::null},
    classify_row{"regex", kOrigins, "re:^https://a\\.example$", origin_entry_kind::regex},
    classify_row{"wildcard", kOrigins, "https://*.example.com", origin_entry_kind::wildcard},
    classify_row{"wildcard with port", kOrigins, "https://*.example.com:8443", origin_entry_kind::wildcard},
    classify_row{"exact", kOrigins, "https://app.example", origin_entry_kind::exact},
    classify_row{"exact with a non-default port", kOrigins, "http://localhost:8080", origin_entry_kind::exact},
    classify_row{"star inside a label", kWildcard, "https://a*.example.com", origin_entry_kind::invalid},
    classify_row{"star in a later label", kWildcard, "https://a.*.example.com", origin_entry_kind::invalid},
    classify_row{"star without scheme", kWildcard, "*.example.com", origin_entry_kind::invalid}),
    row_test_name<classify_row>);

// ---- facts --------------------------------------------------------------------------------------

TEST(PolicyFacts, AnyOriginCredentialsDependsOnOrigin) {
  SCOPED_TRACE(trace_of("policy facts", "decisions: The answer/Vary (depends on the origin unless \"*\" without "
                                        "credentials)"));
  const policy star = compile_or_die(cfg({"*"}));
  EXPECT_TRUE(star.any_origin());
  EXPECT_FALSE(star.credentials());
  EXPECT_FALSE(star.depends_on_origin());
  const policy exact = compile_or_die(cfg(A));
  EXPECT_FALSE(exact.any_origin());
  EXPECT_FALSE(exact.credentials());
  EXPECT_TRUE(exact.depends_on_origin());
  const policy creds = compile_or_die(cfg(A).creds());
  EXPECT_TRUE(creds.credentials());
  EXPECT_TRUE(creds.depends_on_origin());
  const policy null_only = compile_or_die(cfg({"null"}));
  EXPECT_FALSE(null_only.any_origin());
  EXPECT_TRUE(null_only.depends_on_origin());
}

// The read-only view a wrapper judges answers with (the audit uses it instead
// of the configuration): what compile_policy made of each field.
TEST(PolicyFacts, ReadOnlyViewOfTheCompiledFields) {
  SCOPED_TRACE(trace_of("policy view", "decisions: Policy loading (methods normalized, header names lower-cased, "
                                       "expose \"*\" dropped with credentials)"));
  const policy p = compile_or_die(cfg(A)
                                      .methods({"get", "patch", "*", "PUT"})
                                      .headers({"X-Api-Key", "*"})
                                      .expose({"X-Total", "*", "ETag"})
                                      .max_age(600)
                                      .private_network()
                                      .status(200));
  EXPECT_TRUE(p.any_method());
  EXPECT_EQ(std::vector<std::string>(p.methods().begin(), p.methods().end()),
            (std::vector<std::string>{"GET", "patch", "PUT"}));
  EXPECT_TRUE(p.any_header());
  EXPECT_EQ(std::vector<std::string>(p.headers().begin(), p.headers().end()), std::vector<std::string>{"x-api-key"});
  EXPECT_EQ(std::vector<std::string>(p.expose_headers().begin(), p.expose_headers().end()),
            (std::vector<std::string>{"X-Total", "*", "ETag"}));
  EXPECT_EQ(p.max_age(), std::optional<std::int64_t>(600));
  EXPECT_TRUE(p.private_network());
  EXPECT_EQ(p.preflight_status(), 200);

  // With credentials "*" is no expose wildcard: the answer drops it, and so
  // does the view. The defaults: no max_age, 204, no private network.
  const policy c = compile_or_die(cfg(A).creds().expose({"X-Total", "*"}));
  EXPECT_EQ(std::vector<std::string>(c.expose_headers().begin(), c.expose_headers().end()),
            std::vector<std::string>{"X-Total"});
  EXPECT_FALSE(c.any_method());
  EXPECT_EQ(std::vector<std::string>(c.methods().begin(), c.methods().end()),
            (std::vector<std::string>{"GET", "HEAD", "POST"}));
  EXPECT_FALSE(c.any_header());
  EXPECT_TRUE(c.headers().empty());
  EXPECT_EQ(c.max_age(), std::nullopt);
  EXPECT_FALSE(c.private_network());
  EXPECT_EQ(c.preflight_status(), 204);
  EXPECT_EQ(compile_or_die(cfg(A).max_age(0)).max_age(), std::optional<std::int64_t>(0));
}

}  // namespace
}  // namespace corsproof::test

// Server mode, the origin stage: classification not-cors / actual /
// preflight, the origin checks in the W3C order (multiple-origins,
// malformed-origin, origin-not-allowed), exact / "*" / null / wildcard /
// re: matching, and the Vary header on allowed and denied answers.
// Sources: protocol "Mode server", decisions "Server mode/Origins",
// "Classification", "The answer"; W3C CORS §6.1 steps 1-3, §6.4.
#include "test_support.hpp"

namespace corsproof::test {
namespace {

constexpr const char* kKind = "protocol: Mode server/kind; decisions: Classification";
constexpr const char* kNotCors = "protocol: not-cors is allowed, only header Vary: Origin when answers depend on origin";
constexpr const char* kExact = "protocol: exact entry matched byte-for-byte; W3C §6.1 step 2";
constexpr const char* kNonCanon =
    "protocol v1.1: well formed = what the URL Standard's origin serialization produces; decisions: Origins "
    "(a non-canonical spelling is malformed-origin)";
constexpr const char* kHost =
    "URL Standard §3.5 host parser (forbidden domain code points, ends in a number, IPv4 parser) and §3.6 host "
    "serializer; decisions: Origins";
constexpr const char* kMalformed = "decisions: Origins (malformed-origin)";
constexpr const char* kMultiple = "decisions: two or more Origin headers are multiple-origins, even when equal";
constexpr const char* kOrder = "protocol: checks in W3C order (multiple-origins, malformed-origin, origin-not-allowed)";
constexpr const char* kNull = "protocol: null only when listed or by \"*\"; decisions: re: and wildcards never match null";
constexpr const char* kStar = "protocol v1.1: \"*\" matches every origin, null included; decisions: The answer 1 and 8";
constexpr const char* kWild = "protocol: scheme://*.suffix[:port]; decisions: Origins (wildcard)";
constexpr const char* kRe = "protocol: re: implicitly anchored (RE2); decisions: Origins (re:)";
constexpr const char* kVary = "protocol: Vary: Origin on denied answers too; decisions: The answer 8";
constexpr const char* kTrim = "protocol: request header values read after removing leading/trailing SP/TAB";
constexpr const char* kCreds = "protocol: with credentials ACAO is the origin and ACAC true; decisions: The answer 1-2";

const std::vector<std::string> APP = {"https://app.example"};
constexpr const char* ACAO = "Access-Control-Allow-Origin";
constexpr const char* VP = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

pairs origin(const std::string& o) { return {{"Origin", o}}; }
pairs allowed_actual(const std::string& o) { return {{ACAO, o}, {"Vary", "Origin"}}; }

server_row actual_ok(std::string name, const char* spec, policy_config p, const std::string& o) {
  return server_row(std::move(name), spec, std::move(p))
      .req("GET", origin(o))
      .allow(request_kind::actual, 0, allowed_actual(o));
}
server_row actual_denied(std::string name, const char* spec, policy_config p, const std::string& o,
                         server_reason why = server_reason::origin_not_allowed) {
  return server_row(std::move(name), spec, std::move(p)).req("GET", origin(o)).deny(request_kind::actual, why, 0, vary_origin());
}

std::vector<server_row> rows() {
  const cfg wild = cfg({"https://*.example.com"});
  const cfg wild_port = cfg({"https://*.example.com:8443"});
  const cfg re = cfg({"re:https://[a-z0-9-]+\\.example\\.org"});
  return {
      // Classification.
      server_row("no Origin: not-cors with Vary", kNotCors, cfg(APP))
          .req("GET", {{"Accept", "*/*"}})
          .allow(request_kind::not_cors, 0, vary_origin()),
      server_row("no Origin with a * policy: no header at all", kNotCors, cfg({"*"}))
          .req("GET", {})
          .allow(request_kind::not_cors, 0, {}),
      server_row("OPTIONS with ACRM but no Origin is not-cors", kKind, cfg(APP))
          .req("OPTIONS", {{"Access-Control-Request-Method", "PUT"}})
          .allow(request_kind::not_cors, 0, vary_origin()),
      server_row("no Origin with credentials: Vary only, no ACAC", kNotCors, cfg(APP).creds())
          .req("POST", {})
          .allow(request_kind::not_cors, 0, vary_origin()),
      server_row("OPTIONS + Origin + ACRM is a preflight", kKind, cfg(APP))
          .req("OPTIONS", {{"Origin", "https://app.example"}, {"Access-Control-Request-Method", "GET"}})
          .allow(request_kind::preflight, 204,
                 {{ACAO, "https://app.example"}, {"Access-Control-Allow-Methods", "GET"}, {"Vary", VP}}),
      server_row("options (lower case) is an actual request", kKind, cfg(APP))
          .req("options", {{"Origin", "https://app.example"}, {"Access-Control-Request-Method", "GET"}})
          .allow(request_kind::actual, 0, allowed_actual("https://app.example")),
      server_row("OPTIONS without ACRM is an actual request", kKind, cfg(APP))
          .req("OPTIONS", {{"Origin", "https://app.example"}, {"Access-Control-Request-Headers", "x-a"}})
          .allow(request_kind::actual, 0, allowed_actual("https://app.example")),
      server_row("POST with ACRM is an actual request", kKind, cfg(APP))
          .req("POST", {{"Origin", "https://app.example"}, {"Access-Control-Request-Method", "PUT"}})
          .allow(request_kind::actual, 0, allowed_actual("https://app.example")),
      server_row("lower-case origin header name", kKind, cfg(APP))
          .req("GET", {{"origin", "https://app.example"}})
          .allow(request_kind::actual, 0, allowed_actual("https://app.example")),
      // Exact entries.
      actual_ok("exact origin allowed", kExact, cfg(APP), "https://app.example"),
      actual_ok("second of several exact origins", kExact, cfg({"https://a.example", "https://app.example"}),
                "https://app.example"),
      actual_ok("exact origin with a port", kExact, cfg({"http://localhost:8080"}), "http://localhost:8080"),
      actual_ok("exact IPv6 origin", kExact, cfg({"https://[::1]:8443"}), "https://[::1]:8443"),
      actual_denied("other origin", kExact, cfg(APP), "https://evil.example"),
      actual_denied("other scheme", kExact, cfg(APP), "http://app.example"),
      actual_denied("other port", kExact, cfg(APP), "https://app.example:8443"),
      actual_denied("suffix of an allowed origin", kExact, cfg(APP), "https://evilapp.example"),
      actual_denied("allowed origin as a prefix", kExact, cfg(APP), "https://app.example.evil.test"),
      actual_denied("upper-case host is malformed", kNonCanon, cfg(APP), "https://App.example",
                    server_reason::malformed_origin),
      actual_denied("upper-case scheme is malformed", kNonCanon, cfg(APP), "HTTPS://app.example",
                    server_reason::malformed_origin),
      actual_denied("default port spelled out is malformed", kNonCanon, cfg(APP), "https://app.example:443",
                    server_reason::malformed_origin),
      actual_denied("leading zero in the port is malformed", kNonCanon, cfg({"http://localhost:8080"}),
                    "http://localhost:08080", server_reason::malformed_origin),
      // Hosts as the URL Standard parses and serializes them.
      actual_denied("empty first label: well formed, not listed", kHost, cfg(APP), "https://.example.com"),
      actual_denied("empty inner label: well formed, not listed", kHost, cfg(APP), "https://a..example.com"),
      actual_ok("empty first label listed exactly", kHost, cfg({"https://.example.com"}), "https://.example.com"),
      actual_ok("! $ , ; = ~ _ are domain code points", kHost, cfg({"https://a!$,;=~_.example"}),
                "https://a!$,;=~_.example"),
      server_row("* & ' ( ) + ` { } \" are domain code points", kHost, cfg({"*"}))
          .req("GET", origin("https://*&'()+`{}\".example"))
          .allow(request_kind::actual, 0, {{ACAO, "*"}}),
      actual_denied("a comma in a well-formed host, not listed", kHost, cfg(APP), "https://a,b.example"),
      actual_denied("^ is a forbidden domain code point", kHost, cfg(APP), "https://a^b.example",
                    server_reason::malformed_origin),
      actual_denied("| is a forbidden domain code point", kHost, cfg(APP), "https://a|b.example",
                    server_reason::malformed_origin),
      actual_denied("% is a forbidden domain code point", kHost, cfg(APP), "https://a%2eb.example",
                    server_reason::malformed_origin),
      actual_denied("DEL is a forbidden domain code point", kHost, cfg(APP), "https://a\x7f.example",
                    server_reason::malformed_origin),
      actual_denied("a byte >= 0x80 never serializes to itself", kHost, cfg(APP), "https://caf\xc3\xa9.example",
                    server_reason::malformed_origin),
      actual_denied("xn-- label: lower-cased only (URL Standard a8d5ca3), well formed", kHost, cfg(APP),
                    "https://xn--f.example"),
      actual_ok("dotted IPv4 listed", kHost, cfg({"http://127.0.0.1:3999"}), "http://127.0.0.1:3999"),
      actual_denied("IPv4 shorthand 127.1 is malformed (serializes as 127.0.0.1)", kHost, cfg({"http://127.0.0.1"}),
                    "http://127.1", server_reason::malformed_origin),
      actual_denied("IPv4 trailing dot is malformed", kHost, cfg({"http://127.0.0.1"}), "http://127.0.0.1.",
                    server_reason::malformed_origin),
      actual_denied("IPv4 octal part is malformed", kHost, cfg({"http://1.2.3.4"}), "http://01.2.3.4",
                    server_reason::malformed_origin),
      actual_denied("IPv4 hex part is malformed", kHost, cfg({"http://127.0.0.1"}), "http://0x7f.0.0.1",
                    server_reason::malformed_origin),
      actual_denied("ends in a number but no IPv4 address", kHost, cfg(APP), "http://foo.bar.255",
                    server_reason::malformed_origin),
      actual_denied("five IPv4 parts", kHost, cfg(APP), "http://127.0.0.1.1", server_reason::malformed_origin),
      actual_denied("IPv4 part above 255", kHost, cfg(APP), "http://256.0.0.1", server_reason::malformed_origin),
      actual_denied("IPv6 not compressed is malformed", kHost, cfg({"http://[::1]"}), "http://[0:0:0:0:0:0:0:1]",
                    server_reason::malformed_origin),
      actual_denied("IPv6 upper-case hex is malformed", kHost, cfg({"http://[::a]"}), "http://[::A]",
                    server_reason::malformed_origin),
      actual_denied("IPv6 dotted tail is malformed", kHost, cfg({"http://[::ffff:102:304]"}),
                    "http://[::ffff:1.2.3.4]", server_reason::malformed_origin),
      actual_denied("IPv6 single zero piece compressed is malformed", kHost, cfg({"http://[1:0:2:3:4:5:6:7]"}),
                    "http://[1:0::2:3:4:5:6:7]", server_reason::malformed_origin),
      actual_ok("IPv6 in canonical form listed", kHost, cfg({"http://[2001:db8::1:0:0:1]"}),
                "http://[2001:db8::1:0:0:1]"),
      actual_denied("file: origins are opaque (null)", kHost, cfg(APP), "file://host",
                    server_reason::malformed_origin),
      actual_denied("non-special scheme: upper case is malformed", kNonCanon, cfg({"chrome-extension://abc"}),
                    "chrome-extension://ABC", server_reason::malformed_origin),
      server_row("Origin value trimmed of SP/TAB; ACAO is the trimmed value", kTrim, cfg(APP))
          .req("GET", origin(" \thttps://app.example\t "))
          .allow(request_kind::actual, 0, allowed_actual("https://app.example")),
      // Malformed.
      actual_denied("trailing slash", kMalformed, cfg(APP), "https://app.example/", server_reason::malformed_origin),
      actual_denied("path", kMalformed, cfg(APP), "https://app.example/x", server_reason::malformed_origin),
      actual_denied("empty", kMalformed, cfg(APP), "", server_reason::malformed_origin),
      actual_denied("whitespace only", kMalformed, cfg(APP), "  ", server_reason::malformed_origin),
      actual_denied("two origins in one header", kMalformed, cfg(APP), "https://app.example, https://b.example",
                    server_reason::malformed_origin),
      actual_denied("inner space", kMalformed, cfg(APP), "https://app .example", server_reason::malformed_origin),
      actual_denied("userinfo", kMalformed, cfg(APP), "https://u@app.example", server_reason::malformed_origin),
      actual_denied("query", kMalformed, cfg(APP), "https://app.example?x", server_reason::malformed_origin),
      actual_denied("fragment", kMalformed, cfg(APP), "https://app.example#x", server_reason::malformed_origin),
      actual_denied("port 65536", kMalformed, cfg(APP), "https://app.example:65536",
                    server_reason::malformed_origin),
      actual_denied("1025 bytes", kMalformed, cfg(APP), "https://" + rep('a', 1017), server_reason::malformed_origin),
      actual_ok("1024 bytes listed", kMalformed, cfg({"https://" + rep('a', 1016)}), "https://" + rep('a', 1016)),
      actual_denied("Null is malformed (null is case-sensitive)", kMalformed, cfg({"null"}), "Null",
                    server_reason::malformed_origin),
      // Multiple.
      server_row("two equal Origin headers", kMultiple, cfg(APP))
          .req("GET", {{"Origin", "https://app.example"}, {"Origin", "https://app.example"}})
          .deny(request_kind::actual, server_reason::multiple_origins, 0, vary_origin()),
      server_row("two Origin headers, different name case", kMultiple, cfg(APP))
          .req("GET", {{"Origin", "https://app.example"}, {"ORIGIN", "https://b.example"}})
          .deny(request_kind::actual, server_reason::multiple_origins, 0, vary_origin()),
      server_row("multiple is checked before malformed", kOrder, cfg(APP))
          .req("GET", {{"Origin", "not an origin"}, {"Origin", "https://app.example"}})
          .deny(request_kind::actual, server_reason::multiple_origins, 0, vary_origin()),
      server_row("multiple origins on a preflight: 403", kMultiple, cfg(APP))
          .req("OPTIONS", {{"Origin", "https://app.example"},
                           {"Origin", "https://app.example"},
                           {"Access-Control-Request-Method", "GET"}})
          .deny(request_kind::preflight, server_reason::multiple_origins, 403, {{"Vary", VP}}),
      // null.
      actual_ok("null listed", kNull, cfg({"null"}), "null"),
      actual_ok("null listed among others", kNull, cfg({"https://app.example", "null"}), "null"),
      actual_denied("null not listed", kNull, cfg(APP), "null"),
      server_row("null trimmed", kTrim, cfg({"null"}))
          .req("GET", origin(" null\t"))
          .allow(request_kind::actual, 0, allowed_actual("null")),
      server_row("* matches null: ACAO *, and a * policy has no Vary", kStar, cfg({"*"}))
          .req("GET", origin("null"))
          .allow(request_kind::actual, 0, {{ACAO, "*"}}),
      server_row("* matches null on a preflight too", kStar, cfg({"*"}).methods({"PUT"}))
          .req("OPTIONS", {{"Origin", "null"}, {"Access-Control-Request-Method", "PUT"}})
          .allow(request_kind::preflight, 204,
                 {{ACAO, "*"},
                  {"Access-Control-Allow-Methods", "PUT"},
                  {"Vary", "Access-Control-Request-Method, Access-Control-Request-Headers"}}),
      actual_denied("wildcard does not match null", kNull, cfg(wild), "null"),
      actual_denied("re:null does not match null", kNull, cfg({"re:null"}), "null"),
      actual_denied("re:.* does not match null", kNull, cfg({"re:.*"}), "null"),
      // *.
      server_row("* answers * without Vary", kStar, cfg({"*"}))
          .req("GET", origin("https://any.example"))
          .allow(request_kind::actual, 0, {{ACAO, "*"}}),
      server_row("* refuses a non-canonical origin as malformed", kNonCanon, cfg({"*"}))
          .req("GET", origin("https://Any.Example:443"))
          .deny(request_kind::actual, server_reason::malformed_origin, 0, {}),
      server_row("* matches a host with a comma", kStar, cfg({"*"}))
          .req("GET", origin("https://a,b.example"))
          .allow(request_kind::actual, 0, {{ACAO, "*"}}),
      server_row("* still refuses a malformed origin, without Vary", kStar, cfg({"*"}))
          .req("GET", origin("https://any.example/"))
          .deny(request_kind::actual, server_reason::malformed_origin, 0, {}),
      // Wildcards.
      actual_ok("wildcard: one label", kWild, cfg(wild), "https://a.example.com"),
      actual_ok("wildcard: two labels", kWild, cfg(wild), "https://a.b.example.com"),
      actual_ok("wildcard: digits label", kWild, cfg(wild), "https://123.example.com"),
      actual_ok("wildcard: dash and underscore", kWild, cfg(wild), "https://a-b_c.example.com"),
      actual_denied("wildcard never matches the suffix itself", kWild, cfg(wild), "https://example.com"),
      actual_denied("wildcard: label glued to the suffix", kWild, cfg(wild), "https://evilexample.com"),
      actual_denied("wildcard: suffix followed by more", kWild, cfg(wild), "https://a.example.com.evil.test"),
      actual_denied("wildcard: other scheme", kWild, cfg(wild), "http://a.example.com"),
      actual_denied("wildcard without port: origin with default port spelled out is malformed", kWild, cfg(wild),
                    "https://a.example.com:443", server_reason::malformed_origin),
      actual_denied("wildcard without port: origin with a port", kWild, cfg(wild), "https://a.example.com:8443"),
      actual_denied("wildcard: upper-case label is malformed", kWild, cfg(wild), "https://A.example.com",
                    server_reason::malformed_origin),
      actual_denied("wildcard: upper-case suffix is malformed", kWild, cfg(wild), "https://a.EXAMPLE.com",
                    server_reason::malformed_origin),
      actual_denied("wildcard: empty label", kWild, cfg(wild), "https://a..example.com"),
      actual_denied("wildcard: empty first label is well formed, never matched", kWild, cfg(wild),
                    "https://.example.com"),
      actual_denied("wildcard: a label with ! never matches", kWild, cfg(wild), "https://a!b.example.com"),
      actual_denied("wildcard: a label with * never matches", kWild, cfg(wild), "https://*.example.com"),
      actual_ok("wildcard with port: same port", kWild, cfg(wild_port), "https://a.example.com:8443"),
      actual_denied("wildcard with port: no port", kWild, cfg(wild_port), "https://a.example.com"),
      actual_denied("wildcard with port: other port", kWild, cfg(wild_port), "https://a.example.com:9443"),
      actual_denied("wildcard with port: port spelled with a leading zero is malformed", kWild, cfg(wild_port),
                    "https://a.example.com:08443", server_reason::malformed_origin),
      // Regular expressions.
      actual_ok("re: match", kRe, cfg(re), "https://a-1.example.org"),
      actual_denied("re: anchored at the end", kRe, cfg(re), "https://a.example.org.evil.test"),
      actual_denied("re: anchored at the start", kRe, cfg(re), "xhttps://a.example.org"),
      actual_denied("re: a port is more than the pattern", kRe, cfg(re), "https://a.example.org:8443"),
      actual_denied("re: substring pattern does not match the whole origin", kRe, cfg({"re:example"}),
                    "https://example"),
      actual_ok("re: explicit anchors are fine", kRe, cfg({"re:^https://b\\.example$"}), "https://b.example"),
      actual_ok("re: among other entries", kRe, cfg({"https://x.example", "re:https://[a-z]+\\.test", "null"}),
                "https://abc.test"),
      // Credentials.
      server_row("credentials: ACAO echo and ACAC", kCreds, cfg(APP).creds())
          .req("GET", origin("https://app.example"))
          .allow(request_kind::actual, 0, {{ACAO, "https://app.example"},
                                           {"Access-Control-Allow-Credentials", "true"},
                                           {"Vary", "Origin"}}),
      server_row("credentials: wildcard match echoes the origin", kCreds, cfg(wild).creds())
          .req("GET", origin("https://a.example.com"))
          .allow(request_kind::actual, 0, {{ACAO, "https://a.example.com"},
                                           {"Access-Control-Allow-Credentials", "true"},
                                           {"Vary", "Origin"}}),
      server_row("credentials: denied answer has no ACAC, keeps Vary", kVary, cfg(APP).creds())
          .req("GET", origin("https://evil.example"))
          .deny(request_kind::actual, server_reason::origin_not_allowed, 0, vary_origin()),
  };
}

class ServerOrigin : public ::testing::TestWithParam<server_row> {};

TEST_P(ServerOrigin, Decides) { check_server_row(GetParam()); }

INSTANTIATE_TEST_SUITE_P(Rows, ServerOrigin, ::testing::ValuesIn(rows()), row_test_name<server_row>);

}  // namespace
}  // namespace corsproof::test

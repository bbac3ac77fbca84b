// Every counterexample the property suite found while it was being built, as
// a named test. Each test's name says the input class; its comment says which
// property found it, what the core and the model answered, and how it was
// (or is to be) settled, with the spec section. Tests whose settlement is
// still open assert that the core and the model agree, so they fail until
// the lead settles the point and one side is fixed.
#include <gtest/gtest.h>

#include <string>

#include "corsproof_bridge/bridge.hpp"

namespace {

using corsproof_bridge::show;
using corsproof_model::BrowserExchange;
using corsproof_model::Header;
using corsproof_model::Policy;
using corsproof_model::Response;
using corsproof_model::ServerRequest;

corsproof_model::ServerAnswer core_server(const Policy& p, const ServerRequest& r) {
  corsproof_bridge::core_policy c = corsproof_bridge::compile(p);
  EXPECT_TRUE(c.ok()) << c.error;
  if (!c.ok()) return {};
  const corsproof_bridge::core_server_result res = corsproof_bridge::core_server_answer(*c.value, r);
  EXPECT_EQ(corsproof::to_string(res.status), corsproof::to_string(corsproof::eval_status::ok));
  return res.answer;
}

void expect_server_agreement(const Policy& p, const ServerRequest& r) {
  const auto model = corsproof_model::server_answer(p, r);
  const auto core = core_server(p, r);
  const auto d = corsproof_bridge::server_difference(core, model);
  EXPECT_FALSE(d.has_value()) << *d << "\ncore:  " << show(core) << "\nmodel: " << show(model);
}

void expect_browser_agreement(const BrowserExchange& ex) {
  const auto model = corsproof_model::browser_answer(ex);
  const auto core = corsproof_bridge::core_browser_answer(ex);
  const auto d = corsproof_bridge::browser_difference(core.answer, model);
  EXPECT_FALSE(d.has_value()) << *d << "\ncore:  " << show(core.answer) << "\nmodel: " << show(model);
}

bool core_accepts(const Policy& p) { return corsproof_bridge::compile(p).ok(); }
bool model_accepts(const Policy& p) { return !corsproof_model::validate_policy(p).has_value(); }

// ---------------------------------------------------------------------------
// Found by Equivalence.ServerPreflightAnswerEqualsModel (and
// ServerAnswerEqualsModel): policy ["https://*.0.1"], Origin
// "https://10.0.0.1". Core: origin-not-allowed (it never matches a wildcard
// against a host that parses as dotted IPv4). Model: allowed ("10.0" are
// labels of [a-z0-9_-], then ".0.1"). docs/protocol-decisions.md "Origins"
// says only "a host that is one or more labels of [a-z0-9_-] followed by
// .suffix", and "Policy loading" forbids IP *suffixes* but not IP hosts.
// OPEN: the letter of the decisions page favours the model; the URL Standard
// parses 10.0.0.1 as an IPv4 address, not a domain, so it has no labels
// and is no subdomain of anything — recommended settlement: the decisions
// page says IPv4 hosts never match a wildcard, and the model follows.
TEST(Regression, WildcardSuffixThatIsTheTailOfADottedIpv4Host) {
  Policy p;
  p.allow_origins = {"https://*.0.1"};
  ServerRequest r{"GET", {{"Origin", "https://10.0.0.1"}}};
  expect_server_agreement(p, r);
}

// ---------------------------------------------------------------------------
// Found by Equivalence.CoreAcceptsExactlyThePoliciesTheModelAccepts:
// allow_methods / allow_headers / expose_headers with a 1025-byte token.
// Core: bad-policy "not a method token" / "not a header field name" (it
// refuses names over max_policy_entry_bytes = 1024, a bound documented only
// for allow_origins). Model: valid (the decisions page bounds these lists to
// 256 entries, not their names' lengths). OPEN: either document a 1024-byte
// bound per name in docs/protocol-decisions.md "Policy loading" (and make the
// core's message say "longer than 1024 bytes", not "not a token"), or drop it
// from the core.
TEST(Regression, PolicyNameOf1025BytesInAllowMethodsHeadersOrExposeHeaders) {
  for (int which = 0; which < 3; ++which) {
    Policy p;
    p.allow_origins = {"https://app.example"};
    const std::string name(1025, 'n');
    (which == 0 ? p.allow_methods : which == 1 ? p.allow_headers : p.expose_headers) = {name};
    EXPECT_EQ(core_accepts(p), model_accepts(p)) << "field " << which;
  }
}

// ---------------------------------------------------------------------------
// Found by Equivalence.ServerAnswerAtPolicyLengthLimitsEqualsModel: a valid
// policy with 255 expose_headers of 1024 bytes; any allowed actual request.
// Core: eval_status::output_too_small with a server_output_capacity (16384
// byte) buffer, although server.hpp promised that this capacity "always
// holds a server answer". Model: the answer, with
// Access-Control-Expose-Headers listing the 255 names (W3C CORS §6.1 step 4).
// Settled (commit dd4051c): docs/protocol-decisions.md "Policy loading" bounds
// the rendered expose_headers value to 8192 bytes; beyond it the policy is
// bad-policy, in the core and in the model.
TEST(Regression, ActualAnswerExposingTheLongestPolicyNames) {
  Policy p;
  p.allow_origins = {"*"};
  for (int i = 0; i < 255; ++i) {
    std::string n = "x" + std::to_string(i) + "-";
    p.expose_headers.push_back(n + std::string(1024 - n.size(), 'n'));
  }
  EXPECT_FALSE(model_accepts(p));
  EXPECT_FALSE(core_accepts(p));
  // Exactly 8192 bytes rendered: valid, and the answer fits.
  p.expose_headers.clear();
  for (int i = 0; i < 8; ++i) p.expose_headers.push_back(std::string(1000, static_cast<char>('a' + i)));
  p.expose_headers.push_back(std::string(8192 - 8 * 1002, 'z'));  // 8 x (1000 + ", ") + 176 = 8192
  ASSERT_TRUE(model_accepts(p));
  ServerRequest r{"GET", {{"Origin", "https://app.example"}}};
  expect_server_agreement(p, r);
}

// ---------------------------------------------------------------------------
// Found by Equivalence.BrowserAnswerEqualsModel: request url "null",
// origin "null". Core: same origin, outcome allowed (write_canonical_origin
// turns the text "null" into the origin "null"). Model: forbidden-request.
// Settlement: core bug — "null" is not an absolute URL (URL Standard), so
// Fetch's Request constructor throws (step 5.2); docs/protocol-decisions.md
// "URL origin": a URL with no scheme://host is forbidden-request.
TEST(Regression, RequestUrlNullIsNotAUrl) {
  BrowserExchange ex;
  ex.request.origin = "null";
  ex.request.url = "null";
  ex.request.method = "GET";
  const auto core = corsproof_bridge::core_browser_answer(ex);
  EXPECT_EQ(core.answer.outcome, "forbidden-request");
  expect_browser_agreement(ex);
}

// ---------------------------------------------------------------------------
// Found by Parsing.CanonicalisationIsIdempotentAndAcceptedEntriesAreCanonical
// (and Equivalence.CoreAcceptsExactlyThePoliciesTheModelAccepts,
// Monotonicity.CoreAddingAnOriginMethodOrHeaderNeverDenies): the exact entry
// "chrome-extension://a.example.com:0". Core: bad-policy "write it as
// chrome-extension://a.example.com" — corsproof::default_port() returns 0 for
// "no default port", and is_canonical() compares the port value 0 with it.
// Model: valid. Settlement: core bug. Only http/ws (80), https/wss (443) and
// ftp (21) have default ports (URL Standard "default port"); port 0 of any
// other scheme is serialized and is part of the origin.
TEST(Regression, PortZeroOfASchemeWithoutDefaultPortIsCanonical) {
  for (const std::string o : {"chrome-extension://a.example.com:0", "a+b.c-d://x:0"}) {
    Policy p;
    p.allow_origins = {o};
    EXPECT_TRUE(model_accepts(p)) << o;
    EXPECT_TRUE(core_accepts(p)) << o;
  }
}

// The same root cause in browser mode, found by
// Equivalence.BrowserAnswerEqualsModel: origin
// "chrome-extension://abcdefghijklmnop", url
// "chrome-extension://abcdefghijklmnop:0/". Core: same origin (the URL's
// origin loses its ":0"), outcome allowed with no CORS. Model: cross origin;
// the GET needs no preflight but the response has no ACAO: blocked-response.
// Settlement: core bug (URL Standard: port 0 is not chrome-extension's
// default port, the origins differ).
TEST(Regression, UrlWithPortZeroOfASchemeWithoutDefaultPortIsCrossOrigin) {
  BrowserExchange ex;
  ex.request.origin = "chrome-extension://abcdefghijklmnop";
  ex.request.url = "chrome-extension://abcdefghijklmnop:0/";
  ex.request.method = "GET";
  ex.response = Response{200, {}};
  const auto core = corsproof_bridge::core_browser_answer(ex);
  EXPECT_EQ(core.answer.outcome, "blocked-response");
  expect_browser_agreement(ex);
}

// ---------------------------------------------------------------------------
// Found by Equivalence.BrowserAnswerEqualsModel (generators' "values around
// every length limit"): a request URL whose host is 70 000 bytes. Core:
// forbidden-request "the URL is not an absolute scheme://host URL" — its
// origin did not fit the browser_output_capacity buffer, and the overflow
// was misread as "no origin". Model: judged normally.
// Settled (commit dd4051c): docs/protocol-decisions.md "Bounds": a URL whose
// scheme://host[:port] part is over 1024 bytes is beyond corsproof's bounds
// (too-large), never a wrong forbidden-request; at 1024 bytes it is judged.
TEST(Regression, RequestUrlLongerThanTheOutputBuffer) {
  BrowserExchange ex;
  ex.request.origin = "https://app.example";
  ex.request.url = "https://" + std::string(70000, 'h') + ".example/";
  ex.request.method = "GET";
  ex.response = Response{200, {{"Access-Control-Allow-Origin", "*"}}};
  EXPECT_EQ(corsproof::to_string(corsproof_bridge::core_browser_answer(ex).status),
            corsproof::to_string(corsproof::eval_status::limit_exceeded));
  // scheme://host of exactly 1024 bytes: judged, as the model judges it.
  ex.request.url = "https://" + std::string(1024 - 8 - 8, 'h') + ".example/x";
  expect_browser_agreement(ex);
}

// ---------------------------------------------------------------------------
// Found by Equivalence.BrowserAnswerEqualsModel: request origin
// "https://a.example,https://a.example" (not a serialized origin; the
// generator's near miss "two origins in one value"), preflight ACAO equal to
// it, credentials include, no ACAC. Core: acao-multiple (it rejects any comma
// before comparing). Model: the CORS check passes step 4 (byte-equal), then
// fails at the credentials step: acac-not-true. Fetch "CORS check": the
// comparison decides; a comma only names *why* a mismatch failed. OPEN: by
// Fetch the model is right; but a request origin with a comma is no
// serialized origin at all — recommended settlement: the decisions page
// requires request.origin to be a serialized origin or "null" (else
// bad-case), and the core keeps its order.
TEST(Regression, AcaoWithACommaThatEqualsTheRequestOrigin) {
  BrowserExchange ex;
  ex.request.origin = "https://a.example,https://a.example";
  ex.request.url = "https://api.example/";
  ex.request.method = "GET";
  ex.request.headers = {{"X-A", "1"}};
  ex.request.credentials = "include";
  ex.preflight_response = Response{204, {{"Access-Control-Allow-Origin", "https://a.example,https://a.example"},
                                         {"Access-Control-Allow-Headers", "x-a"}}};
  expect_browser_agreement(ex);
}

// ---------------------------------------------------------------------------
// Found by Exhaustive.EveryShortBracketedHost (after a code review of the two
// host grammars; the generators' near misses now include these hosts):
// Origin "http://[1]" (also "[.]", "[1.2]", "[:]") under a "*" policy, and
// the same as an exact allow_origins entry. Core: malformed-origin / bad-policy
// (it wants a ":" inside and at least 4 bytes). Model: well formed, allowed /
// valid (any mix of hex digits, ":" and "."). docs/protocol-decisions.md
// "Origins" says "a bracketed IPv6 literal (hex digits, \":\" and \".\")".
// OPEN, recommended settlement: "[1]" and "[.]" are no IPv6 literal (RFC 3986
// §3.2.2 IPv6address always has at least two colons; the URL Standard's IPv6
// parser fails on them), so the model is wrong to accept them; the decisions
// page should say "an IPv6 address as RFC 3986 IPv6address / the URL
// Standard's IPv6 parser accepts" (then both sides also refuse "[1:2]", which
// both accept today), or at least "with at least two colons".
TEST(Regression, BracketedHostThatIsNoIpv6Literal) {
  Policy any;
  any.allow_origins = {"*"};
  for (const std::string host : {"[1]", "[.]", "[1.2]", "[:]"}) {
    const std::string origin = "http://" + host;
    expect_server_agreement(any, ServerRequest{"GET", {{"Origin", origin}}});
    Policy p;
    p.allow_origins = {origin};
    EXPECT_EQ(core_accepts(p), model_accepts(p)) << origin;
  }
}

// ---------------------------------------------------------------------------
// Found by a probe after WildcardSuffixThatIsTheTailOfADottedIpv4Host, now
// generated by any_policy() and enumerated by
// Exhaustive.EveryByteAtEveryPositionOfAPolicyOriginEntry: the wildcard
// "https://*.01.2.3.4". Core: bad-policy (its IPv4 test allows leading
// zeros, so the suffix is an IP address). Model: valid (it uses Fetch's
// serialized-ipv4 ABNF, dec-octets without leading zeros, so "01.2.3.4" is no
// IP address). docs/protocol-decisions.md "Policy loading": "a canonical,
// non-IP suffix". OPEN, recommended settlement: the URL Standard's host parser
// treats a host whose last label is a number ("ends in a number") as IPv4 —
// "01.2.3.4" is 1.2.3.4 and "256.2.3.4" is a parse failure — so the decisions
// page should refuse every suffix whose last label is numeric; the model is
// wrong on "01.2.3.4", and both are lenient on "256.2.3.4".
TEST(Regression, WildcardSuffixThatIsADottedQuadWithLeadingZeros) {
  Policy p;
  p.allow_origins = {"https://*.01.2.3.4"};
  EXPECT_EQ(core_accepts(p), model_accepts(p));
}

// ---------------------------------------------------------------------------
// Found by a probe of the new URL bound (commit dd4051c), now also generated by
// url_for(): a request URL of 2000 bytes with no "://" at all. Core:
// too-large (url_authority_bytes() counts the whole text when there is no
// "://"). Model: forbidden-request (no scheme://host, Fetch Request
// constructor step 5.2). docs/protocol-decisions.md "Bounds" bounds "a URL
// whose scheme://host[:port] part is over 1024 bytes"; this URL has no such
// part, and "URL origin" makes it forbidden-request. Settlement: core bug
// (count only when "://" is present), or reword the bound.
TEST(Regression, LongRequestUrlWithoutSchemeSeparator) {
  BrowserExchange ex;
  ex.request.origin = "https://app.example";
  ex.request.url = std::string(2000, 'a');
  ex.request.method = "GET";
  EXPECT_EQ(corsproof_bridge::core_browser_answer(ex).answer.outcome, "forbidden-request");
  expect_browser_agreement(ex);
}

}  // namespace

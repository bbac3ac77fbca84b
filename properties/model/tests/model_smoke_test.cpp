// Pins the reference model to concrete examples from the Fetch Standard, the
// W3C CORS 2014 Recommendation, web-platform-tests and the project's digest
// (shared/fetch-cors-digest.md), each row citing its source. The expected
// answers are written out in full (except `detail`, which is free text unless
// the protocol fixes it).
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "corsproof_model/model.hpp"

namespace corsproof_model {

bool operator==(const Header& a, const Header& b) { return a.name == b.name && a.value == b.value; }
void PrintTo(const Header& h, std::ostream* os) { *os << "[" << h.name << ": " << h.value << "]"; }

}  // namespace corsproof_model

namespace {

using namespace corsproof_model;
using Headers = std::vector<Header>;
using Names = std::vector<std::string>;

const std::string kOrigin = "https://app.example";
const std::string kUrl = "https://api.example/x";
const char* const kVaryPreflight = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

// ===========================================================================
// Server mode
// ===========================================================================

struct ServerCase {
  std::string name;
  std::string source;
  Policy policy;
  ServerRequest request;
  ServerAnswer expected;  // `detail` compared only when non-empty
};

Policy origins(std::vector<std::string> allow_origins) {
  Policy p;
  p.allow_origins = std::move(allow_origins);
  return p;
}

ServerRequest preflight(const std::string& origin, const std::string& method,
                        std::optional<std::string> request_headers = std::nullopt) {
  ServerRequest r{"OPTIONS", {{"Origin", origin}, {"Access-Control-Request-Method", method}}};
  if (request_headers) r.headers.push_back({"Access-Control-Request-Headers", *request_headers});
  return r;
}

ServerRequest actual(const std::string& method, const std::string& origin) {
  return ServerRequest{method, {{"Origin", origin}}};
}

ServerAnswer denied_preflight(const std::string& reason, const std::string& detail = "") {
  return ServerAnswer{"preflight", false, reason, detail, 403, {{"Vary", kVaryPreflight}}};
}

ServerAnswer denied_actual(const std::string& reason) {
  return ServerAnswer{"actual", false, reason, "", std::nullopt, {{"Vary", "Origin"}}};
}

std::vector<ServerCase> server_cases() {
  std::vector<ServerCase> cases;

  Policy app = origins({kOrigin});
  app.allow_methods = {"GET", "POST", "PUT", "PATCH"};
  app.allow_headers = {"content-type", "x-api-key"};

  cases.push_back({"PreflightAllowedEchoesMethodAndHeaders",
                   "W3C CORS §6.2 steps 7, 9, 10; §6.4 Vary; decisions page 'The answer'", app,
                   preflight(kOrigin, "PUT", "Content-Type, x-api-key"),
                   {"preflight", true, "ok", "", 204,
                    {{"Access-Control-Allow-Origin", kOrigin},
                     {"Access-Control-Allow-Methods", "PUT"},
                     {"Access-Control-Allow-Headers", "Content-Type, x-api-key"},
                     {"Vary", kVaryPreflight}}}});

  cases.push_back({"PreflightOriginNotAllowed", "W3C CORS §6.2 step 2; Fetch §3.3.3 (403, headers omitted)", app,
                   preflight("https://evil.example", "PUT"), denied_preflight("origin-not-allowed")});

  cases.push_back({"MethodCasePatchIsNotPATCH", "Fetch §2.2.1 normalize (patch stays patch); W3C §6.2 step 5", app,
                   preflight(kOrigin, "patch"), denied_preflight("method-not-allowed", "patch")});

  cases.push_back({"MethodPATCHListed", "Fetch §2.2.1; W3C §6.2 step 5 (case-sensitive match)", app,
                   preflight(kOrigin, "PATCH"),
                   {"preflight", true, "ok", "", 204,
                    {{"Access-Control-Allow-Origin", kOrigin},
                     {"Access-Control-Allow-Methods", "PATCH"},
                     {"Vary", kVaryPreflight}}}});

  {
    Policy p = origins({kOrigin});
    p.allow_methods = {"put"};  // upper-cased on load: one of the six normalized methods
    cases.push_back({"PolicyMethodPutNormalizedOnLoad", "protocol 'allow_methods'; Fetch §2.2.1 normalize", p,
                     preflight(kOrigin, "PUT"),
                     {"preflight", true, "ok", "", 204,
                      {{"Access-Control-Allow-Origin", kOrigin},
                       {"Access-Control-Allow-Methods", "PUT"},
                       {"Vary", kVaryPreflight}}}});
  }

  {
    Policy p = origins({kOrigin});
    p.allow_methods = {};
    p.allow_headers = {"x-a"};
    cases.push_back({"SafelistedMethodPassesWhateverAllowMethodsSays",
                     "Fetch §4.8 step 7.5 (CORS-safelisted method); decisions 'Method check'", p,
                     preflight(kOrigin, "GET", "x-a"),
                     {"preflight", true, "ok", "", 204,
                      {{"Access-Control-Allow-Origin", kOrigin},
                       {"Access-Control-Allow-Methods", "GET"},
                       {"Access-Control-Allow-Headers", "x-a"},
                       {"Vary", kVaryPreflight}}}});
  }

  {
    Policy p = origins({kOrigin});
    p.allow_credentials = true;
    p.expose_headers = {"x-request-id"};
    cases.push_back({"CredentialsEchoOriginOnActual", "W3C CORS §6.1 steps 3-4; Fetch §3.3.5", p, actual("GET", kOrigin),
                     {"actual", true, "ok", "", std::nullopt,
                      {{"Access-Control-Allow-Origin", kOrigin},
                       {"Access-Control-Allow-Credentials", "true"},
                       {"Access-Control-Expose-Headers", "x-request-id"},
                       {"Vary", "Origin"}}}});
  }

  {
    Policy p = origins({kOrigin});
    p.allow_credentials = true;
    p.allow_methods = {"*"};
    p.allow_headers = {"*"};
    p.expose_headers = {"*", "x-request-id"};
    cases.push_back({"CredentialsNeverAnswerStarForMethodsAndHeaders",
                     "Fetch §3.3.4 note / §4.8 steps 7.5, 7.7 (`*` literal with credentials)", p,
                     preflight(kOrigin, "DELETE", "x-a"),
                     {"preflight", true, "ok", "", 204,
                      {{"Access-Control-Allow-Origin", kOrigin},
                       {"Access-Control-Allow-Credentials", "true"},
                       {"Access-Control-Allow-Methods", "DELETE"},
                       {"Access-Control-Allow-Headers", "x-a"},
                       {"Vary", kVaryPreflight}}}});
    cases.push_back({"CredentialsDropStarFromExposeHeaders", "Fetch §4.1 step 14.1.3; decisions item 7", p,
                     actual("POST", kOrigin),
                     {"actual", true, "ok", "", std::nullopt,
                      {{"Access-Control-Allow-Origin", kOrigin},
                       {"Access-Control-Allow-Credentials", "true"},
                       {"Access-Control-Expose-Headers", "x-request-id"},
                       {"Vary", "Origin"}}}});
  }

  {
    Policy p = origins({"*"});
    p.allow_methods = {"*"};
    p.allow_headers = {"*"};
    p.max_age = 600;
    cases.push_back({"StarPolicyPreflightAnswersStarWithoutVaryOrigin",
                     "W3C CORS §6.2 step 7 ('*'), step 8; decisions items 1, 3, 4, 6, 8", p,
                     preflight("https://any.example", "DELETE", "x-a"),
                     {"preflight", true, "ok", "", 204,
                      {{"Access-Control-Allow-Origin", "*"},
                       {"Access-Control-Allow-Methods", "*"},
                       {"Access-Control-Allow-Headers", "*"},
                       {"Access-Control-Max-Age", "600"},
                       {"Vary", "Access-Control-Request-Method, Access-Control-Request-Headers"}}}});
    cases.push_back({"StarDoesNotCoverAuthorization",
                     "Fetch §2.2.2 CORS non-wildcard request-header name; §4.8 step 7.6", p,
                     preflight("https://any.example", "GET", "x-a, Authorization"),
                     {"preflight", false, "header-not-allowed", "Authorization", 403,
                      {{"Vary", "Access-Control-Request-Method, Access-Control-Request-Headers"}}}});
    cases.push_back({"StarPolicyActual", "W3C CORS §6.1 step 3 ('*'); decisions item 8 (no Vary)", p,
                     actual("GET", "https://any.example"),
                     {"actual", true, "ok", "", std::nullopt, {{"Access-Control-Allow-Origin", "*"}}}});
    cases.push_back({"StarMatchesNull", "protocol v1.1 '\"*\" matches every origin, null included'", p,
                     actual("GET", "null"),
                     {"actual", true, "ok", "", std::nullopt, {{"Access-Control-Allow-Origin", "*"}}}});
    cases.push_back({"NotCorsWithStarPolicyHasNoHeaders", "W3C CORS §6.1 step 1; protocol `not-cors`", p,
                     ServerRequest{"GET", {}}, {"not-cors", true, "ok", "", std::nullopt, {}}});
  }

  {
    Policy p = origins({kOrigin});
    p.allow_headers = {"*", "Authorization"};
    cases.push_back({"AuthorizationListedByNameEchoesRequestedNames",
                     "Fetch §4.8 step 7.6; decisions item 4 (echo when authorization requested)", p,
                     preflight(kOrigin, "POST", " x-a ,, authorization,"),
                     {"preflight", true, "ok", "", 204,
                      {{"Access-Control-Allow-Origin", kOrigin},
                       {"Access-Control-Allow-Methods", "POST"},
                       {"Access-Control-Allow-Headers", "x-a, authorization"},
                       {"Vary", kVaryPreflight}}}});
  }

  cases.push_back({"NullOriginListed", "protocol 'null'; Fetch §4.10 (ACAO `null`)", origins({"null"}),
                   actual("GET", "null"),
                   {"actual", true, "ok", "", std::nullopt,
                    {{"Access-Control-Allow-Origin", "null"}, {"Vary", "Origin"}}}});

  const Policy wildcard = origins({"https://*.example.com"});
  cases.push_back({"WildcardMatchesSubdomains", "protocol 'scheme://*.suffix'; decisions 'Origins'", wildcard,
                   actual("GET", "https://a.b.example.com"),
                   {"actual", true, "ok", "", std::nullopt,
                    {{"Access-Control-Allow-Origin", "https://a.b.example.com"}, {"Vary", "Origin"}}}});
  cases.push_back({"WildcardNeverMatchesTheSuffixItself", "protocol: 'never suffix itself'", wildcard,
                   actual("GET", "https://example.com"), denied_actual("origin-not-allowed")});
  cases.push_back({"WildcardDoesNotMatchLookalikeHost", "protocol: one or more labels followed by .suffix", wildcard,
                   actual("GET", "https://evil-example.com"), denied_actual("origin-not-allowed")});
  cases.push_back({"WildcardNeedsTheSamePortSpelling", "decisions 'Origins': exactly that port spelling", wildcard,
                   actual("GET", "https://a.example.com:8443"), denied_actual("origin-not-allowed")});

  const Policy regex = origins({"re:^https://[a-z0-9-]+\\.example\\.org$"});
  cases.push_back({"RegexMatchesWholeOrigin", "protocol 're:' (RE2, anchored)", regex,
                   actual("PUT", "https://api.example.org"),
                   {"actual", true, "ok", "", std::nullopt,
                    {{"Access-Control-Allow-Origin", "https://api.example.org"}, {"Vary", "Origin"}}}});
  cases.push_back({"RegexIsAnchored", "protocol 're:' implicitly anchored", origins({"re:https://api\\.example\\.org"}),
                   actual("GET", "https://api.example.org.evil.test"), denied_actual("origin-not-allowed")});

  cases.push_back({"NonCanonicalOriginIsMalformed",
                   "protocol v1.1 (well formed = the URL Standard's origin serialization); decisions 'Origins'", app,
                   actual("GET", "https://APP.example"), denied_actual("malformed-origin")});
  cases.push_back({"IPv4ShorthandIsMalformed", "URL Standard IPv4 parser and serializer; decisions 'Origins'", app,
                   actual("GET", "http://127.1"), denied_actual("malformed-origin")});
  cases.push_back({"EmptyLabelIsWellFormed", "URL Standard domain parser (no DNS length check); decisions 'Origins'",
                   app, actual("GET", "https://.app.example"), denied_actual("origin-not-allowed")});

  cases.push_back({"MultipleOriginHeaders", "protocol 'multiple-origins'; decisions 'Origins'", app,
                   ServerRequest{"GET", {{"Origin", kOrigin}, {"Origin", kOrigin}}}, denied_actual("multiple-origins")});
  cases.push_back({"OriginWithTrailingSlashIsMalformed", "decisions 'Origins' (a lone trailing / is a path)", app,
                   actual("GET", "https://app.example/"), denied_actual("malformed-origin")});
  cases.push_back({"OriginOver1024BytesIsMalformed", "decisions 'Origins' (1024-byte bound)", app,
                   actual("GET", "https://" + std::string(1013, 'a') + ".example"), denied_actual("malformed-origin")});

  {
    ServerRequest r = preflight(kOrigin, "PUT");
    r.headers.push_back({"Access-Control-Request-Method", "PUT"});
    cases.push_back({"TwoRequestMethodHeaders", "W3C §6.2 step 3; decisions 'Preflight checks'", app, r,
                     denied_preflight("malformed-request-method")});
  }
  cases.push_back({"RequestHeadersElementNotAToken", "W3C §6.2 step 4; Fetch §3.3.4 ACRH = 1#field-name", app,
                   preflight(kOrigin, "PUT", "x-api-key, bad header"), denied_preflight("malformed-request-headers")});
  {
    std::string many;
    for (int i = 0; i < 65; ++i) many += (i ? "," : "") + std::string("x-h") + std::to_string(i);
    Policy p = origins({kOrigin});
    p.allow_headers = {"*"};
    cases.push_back({"SixtyFiveRequestedNamesIsMalformed", "decisions 'Preflight checks and bounds' (64 names)", p,
                     preflight(kOrigin, "GET", many), denied_preflight("malformed-request-headers")});
  }
  cases.push_back({"HeaderNotAllowedNamesFirstRefused", "W3C §6.2 step 6; protocol `detail`", app,
                   preflight(kOrigin, "PUT", "x-api-key, X-Other, x-third"),
                   denied_preflight("header-not-allowed", "X-Other")});

  cases.push_back({"LowercaseOptionsIsAnActualRequest", "decisions 'Classification' (`options` is actual)", app,
                   ServerRequest{"options", {{"Origin", kOrigin}, {"Access-Control-Request-Method", "PUT"}}},
                   {"actual", true, "ok", "", std::nullopt,
                    {{"Access-Control-Allow-Origin", kOrigin}, {"Vary", "Origin"}}}});

  cases.push_back({"NotCorsVariesOnOrigin", "protocol `not-cors`; Fetch 'CORS protocol and HTTP caches'", app,
                   ServerRequest{"GET", {{"Host", "api.example"}}},
                   {"not-cors", true, "ok", "", std::nullopt, {{"Vary", "Origin"}}}});

  {
    Policy p = origins({kOrigin});
    ServerRequest r = preflight(" " + kOrigin + "\t", "GET");
    r.headers.push_back({"Access-Control-Request-Private-Network", "true"});
    cases.push_back({"PrivateNetworkNotAllowed", "decisions 'Private network' (checked last)", p, r,
                     denied_preflight("private-network-not-allowed")});
    p.allow_private_network = true;
    p.max_age = 0;
    cases.push_back({"PrivateNetworkAllowedWithTrimmedOrigin", "decisions 'The answer' items 1, 3, 5, 6, 8", p, r,
                     {"preflight", true, "ok", "", 204,
                      {{"Access-Control-Allow-Origin", kOrigin},
                       {"Access-Control-Allow-Methods", "GET"},
                       {"Access-Control-Allow-Private-Network", "true"},
                       {"Access-Control-Max-Age", "0"},
                       {"Vary", kVaryPreflight}}}});
  }

  return cases;
}

void PrintTo(const ServerCase& c, std::ostream* os) { *os << c.name << " (" << c.source << ")"; }

class ServerMode : public ::testing::TestWithParam<ServerCase> {};

TEST_P(ServerMode, AnswersAsTheSpecSays) {
  const ServerCase& c = GetParam();
  SCOPED_TRACE(c.source);
  ASSERT_EQ(validate_policy(c.policy), std::nullopt);
  const ServerAnswer got = server_answer(c.policy, c.request);
  EXPECT_EQ(got.kind, c.expected.kind);
  EXPECT_EQ(got.allowed, c.expected.allowed);
  EXPECT_EQ(got.reason, c.expected.reason);
  if (!c.expected.detail.empty()) {
    EXPECT_EQ(got.detail, c.expected.detail);
  }
  EXPECT_EQ(got.status, c.expected.status);
  EXPECT_EQ(got.headers, c.expected.headers);
}

INSTANTIATE_TEST_SUITE_P(Spec, ServerMode, ::testing::ValuesIn(server_cases()),
                         [](const ::testing::TestParamInfo<ServerCase>& row) { return row.param.name; });

// ===========================================================================
// Policy validation
// ===========================================================================

struct PolicyCase {
  std::string name;
  std::string source;
  Policy policy;
  std::optional<std::string> message_contains;  // nullopt: the policy is valid
};

std::vector<PolicyCase> policy_cases() {
  std::vector<PolicyCase> cases;
  cases.push_back({"UpperCaseOriginNamesCanonicalSpelling", "protocol 'allow_origins' exact entries",
                   origins({"HTTPS://App.Example"}), "\"https://app.example\""});
  cases.push_back({"DefaultPortSpelledOut", "decisions 'Policy loading'", origins({"https://app.example:443/"}),
                   "\"https://app.example\""});
  cases.push_back({"UserinfoAndPath", "decisions 'Policy loading'", origins({"http://u@app.example:8080/x?y#z"}),
                   "\"http://app.example:8080\""});
  cases.push_back({"StarMustBeAlone", "protocol 'allow_origins' \"*\"", origins({"*", kOrigin}), "only entry"});
  {
    Policy p = origins({"*"});
    p.allow_credentials = true;
    cases.push_back({"StarWithCredentials", "protocol 'allow_credentials'", p, "allow_credentials"});
  }
  cases.push_back({"RegexMustCompile", "protocol 're:'", origins({"re:(unclosed"}), "RE2"});
  cases.push_back({"WildcardWithDefaultPort", "decisions 'Policy loading' (wildcards)",
                   origins({"https://*.example.com:443"}), "default port"});
  cases.push_back({"WildcardOverIpAddress", "decisions 'Policy loading' (non-IP suffix)",
                   origins({"https://*.10.0.0.1"}), "IP"});
  {
    Policy p = origins({kOrigin});
    p.allow_methods = {"GET POST"};
    cases.push_back({"MethodMustBeAToken", "protocol 'allow_methods' (RFC 9110 token)", p, "allow_methods[0]"});
  }
  {
    Policy p = origins({kOrigin});
    p.preflight_status = 201;
    cases.push_back({"PreflightStatus200Or204", "protocol 'preflight_status'", p, "preflight_status"});
  }
  {
    Policy p = origins({kOrigin, "https://*.example.com", "re:^https://[a-z]+\\.example\\.org$", "null",
                        "http://localhost:3000", "https://[::1]:8443"});
    p.allow_methods = {"GET", "patch", "*"};
    p.allow_headers = {"content-type", "*"};
    p.expose_headers = {"x-request-id"};
    p.allow_credentials = true;
    p.max_age = 2147483647;
    p.preflight_status = 200;
    cases.push_back({"ValidPolicy", "protocol 'Policy object' example", p, std::nullopt});
  }
  return cases;
}

void PrintTo(const PolicyCase& c, std::ostream* os) { *os << c.name << " (" << c.source << ")"; }

class PolicyValidation : public ::testing::TestWithParam<PolicyCase> {};

TEST_P(PolicyValidation, AcceptsOrNamesTheProblem) {
  const PolicyCase& c = GetParam();
  SCOPED_TRACE(c.source);
  const std::optional<std::string> got = validate_policy(c.policy);
  if (!c.message_contains) {
    EXPECT_EQ(got, std::nullopt);
  } else {
    ASSERT_TRUE(got.has_value());
    EXPECT_NE(got->find(*c.message_contains), std::string::npos) << *got;
  }
}

INSTANTIATE_TEST_SUITE_P(Spec, PolicyValidation, ::testing::ValuesIn(policy_cases()),
                         [](const ::testing::TestParamInfo<PolicyCase>& row) { return row.param.name; });

// ===========================================================================
// Browser mode
// ===========================================================================

struct BrowserCase {
  std::string name;
  std::string source;
  BrowserExchange exchange;
  BrowserAnswer expected;  // `detail` is not compared
};

const Names kSafelistedResponseNames = {"cache-control", "content-language", "content-length", "content-type",
                                        "expires",       "last-modified",    "pragma"};

Names safelisted_plus(Names extra) {
  Names all = kSafelistedResponseNames;
  for (const std::string& name : extra) all.push_back(name);
  std::sort(all.begin(), all.end());
  return all;
}

BrowserRequest request(const std::string& method, Headers headers = {}, const std::string& credentials = "same-origin") {
  return BrowserRequest{kOrigin, kUrl, method, std::move(headers), credentials, false};
}

PreflightAnswer preflight_ok(const std::string& method, std::optional<std::string> request_headers,
                             long long max_age = 5) {
  return PreflightAnswer{method, std::move(request_headers), true, std::nullopt, max_age, false};
}

PreflightAnswer preflight_failed(const std::string& method, std::optional<std::string> request_headers,
                                 const std::string& error) {
  return PreflightAnswer{method, std::move(request_headers), false, error, std::nullopt, false};
}

const CorsCheckAnswer kCorsOk{true, std::nullopt};
CorsCheckAnswer cors_failed(const std::string& error) { return CorsCheckAnswer{false, error}; }

BrowserAnswer allowed_without_preflight(Names exposed = kSafelistedResponseNames) {
  return BrowserAnswer{"allowed", false, std::nullopt, kCorsOk, std::move(exposed), ""};
}

BrowserAnswer blocked_response(const std::string& error) {
  return BrowserAnswer{"blocked-response", false, std::nullopt, cors_failed(error), std::nullopt, ""};
}

BrowserAnswer forbidden() {
  return BrowserAnswer{"forbidden-request", false, std::nullopt, std::nullopt, std::nullopt, ""};
}

// Only the request stage matters: POST (a safelisted method) with one header;
// a permissive preflight response is supplied, no actual response.
BrowserExchange post_with(Headers headers) {
  return BrowserExchange{request("POST", std::move(headers)),
                         Response{204, {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Headers", "*"}}},
                         std::nullopt};
}
BrowserAnswer no_preflight() { return BrowserAnswer{"allowed", false, std::nullopt, std::nullopt, std::nullopt, ""}; }
BrowserAnswer preflight_for(const std::string& request_headers, const std::string& method = "POST") {
  return BrowserAnswer{"allowed", true, preflight_ok(method, request_headers), std::nullopt, std::nullopt, ""};
}

BrowserExchange actual_only(BrowserRequest r, Headers response_headers, int status = 200) {
  return BrowserExchange{std::move(r), std::nullopt, Response{status, std::move(response_headers)}};
}

BrowserExchange with_preflight(BrowserRequest r, int status, Headers preflight_headers,
                               std::optional<Response> response = std::nullopt) {
  return BrowserExchange{std::move(r), Response{status, std::move(preflight_headers)}, std::move(response)};
}

std::vector<BrowserCase> browser_cases() {
  std::vector<BrowserCase> cases;
  const Header acao_star{"Access-Control-Allow-Origin", "*"};
  const Header acao_origin{"Access-Control-Allow-Origin", kOrigin};
  const Header acac_true{"Access-Control-Allow-Credentials", "true"};

  // --- needs a preflight? (Fetch §4.1 step 12, §2.2.2, digest §3-§4) ---
  cases.push_back({"SimpleGetNeedsNoPreflight", "Fetch §4.1 step 12; §4 'fetch' step 12 adds Accept: */*",
                   actual_only(request("GET"), {acao_star}), allowed_without_preflight()});

  cases.push_back({"WptPreflightAcrhValue",
                   "digest §5 example, WPT fetch/api/cors/cors-preflight.any.js; Fetch §4.8 step 5",
                   with_preflight(request("GET", {{"x-test-header1", "v"},
                                                  {"x-test-header2", "v"},
                                                  {"X-test-header3", "v"},
                                                  {"x-test-header-b", "v"},
                                                  {"x-test-header-D", "v"},
                                                  {"x-test-header-C", "v"},
                                                  {"x-test-header-a", "v"},
                                                  {"Content-Type", "allowedOrRefused"},
                                                  {"Accept", "*"},
                                                  {"Accept-Language", "bzh"},
                                                  {"Content-Language", "eu"}}),
                                  200, {acao_origin, {"Access-Control-Allow-Headers", "*"}}),
                   BrowserAnswer{"allowed", true,
                                 preflight_ok("GET",
                                              "content-type,x-test-header-a,x-test-header-b,x-test-header-c,"
                                              "x-test-header-d,x-test-header1,x-test-header2,x-test-header3"),
                                 std::nullopt, std::nullopt, ""}});

  cases.push_back({"PutPreflightThenActual", "Fetch §4.8 steps 3, 7.5, 7.8; §4.4 step 4.4",
                   with_preflight(request("PUT"), 204,
                                  {acao_origin, {"Access-Control-Allow-Methods", "PUT"}, {"Access-Control-Max-Age", "600"}},
                                  Response{200, {acao_origin}}),
                   BrowserAnswer{"allowed", true, preflight_ok("PUT", std::nullopt, 600), kCorsOk,
                                 kSafelistedResponseNames, ""}});

  cases.push_back({"LowercasePutIsNormalized", "Fetch §2.2.1 normalize; Request constructor step 25.3",
                   with_preflight(request("put"), 204, {acao_star, {"Access-Control-Allow-Methods", "PUT"}}),
                   BrowserAnswer{"allowed", true, preflight_ok("PUT", std::nullopt), std::nullopt, std::nullopt, ""}});

  cases.push_back({"PatchIsNotCoveredByPATCH", "Fetch §2.2.1 (patch not normalized); §4.8 step 7.5 byte-exact",
                   with_preflight(request("patch"), 204, {acao_star, {"Access-Control-Allow-Methods", "PATCH"}}),
                   BrowserAnswer{"blocked-preflight", true, preflight_failed("patch", std::nullopt, "method-not-allowed"),
                                 std::nullopt, std::nullopt, ""}});

  // --- Content-Type safelisting (Fetch §2.2.2; mimesniff §4.4; WPT cors-safelisted-request-header) ---
  cases.push_back({"ContentTypeTextPlainWithCharset", "Fetch §2.2.2 content-type", post_with({{"Content-Type", "text/plain;charset=utf-8"}}),
                   no_preflight()});
  cases.push_back({"ContentTypeUpperCaseEssence", "mimesniff §4.4 step 10 (ASCII lowercase)",
                   post_with({{"Content-Type", "TEXT/PLAIN"}}), no_preflight()});
  cases.push_back({"ContentTypeGarbageParameter", "mimesniff §4.4 step 11 (parameters never fail); WPT",
                   post_with({{"Content-Type", "text/plain;garbage"}}), no_preflight()});
  cases.push_back({"ContentTypeParameterSwallowsComma", "mimesniff §4.4 step 11.9; whatwg/fetch#1269",
                   post_with({{"Content-Type", "text/plain;charset=utf-8,text/html"}}), no_preflight()});
  cases.push_back({"ContentTypeJson", "Fetch §2.2.2 content-type step 4",
                   post_with({{"Content-Type", "application/json"}}), preflight_for("content-type")});
  cases.push_back({"ContentTypeQuotedParameter", "Fetch §2.2.2 content-type step 1 (\" is CORS-unsafe)",
                   post_with({{"Content-Type", "text/plain; charset=\"utf-8\""}}), preflight_for("content-type")});
  cases.push_back({"ContentTypeTwoTypes", "mimesniff §4.4 step 9 (, is not a token code point); WPT",
                   post_with({{"Content-Type", "text/plain,text/plain"}}), preflight_for("content-type")});
  cases.push_back({"ContentTypeSpaceBeforeSlash", "mimesniff §4.4 step 4; WPT 'text /plain'",
                   post_with({{"Content-Type", "text /plain"}}), preflight_for("content-type")});

  // --- Range (Fetch §2.2.2 "parse a single range header value", allowWhitespace false) ---
  cases.push_back({"RangeOpenEnded", "Fetch §2.2.2 range; WPT bytes=200-", post_with({{"Range", "bytes=200-"}}),
                   no_preflight()});
  cases.push_back({"RangeSuffixNotSafelisted", "Fetch §2.2.2 range step 3 (rangeValue[0] null)",
                   post_with({{"Range", "bytes=-500"}}), preflight_for("range")});
  cases.push_back({"RangeUpperCaseBytes", "Fetch §2.2.2 parse a single range header value step 2",
                   post_with({{"Range", "BYTES=0-1"}}), preflight_for("range")});
  cases.push_back({"RangeTwoRanges", "WPT bytes=100-200,300-400", post_with({{"Range", "bytes=100-200,300-400"}}),
                   preflight_for("range")});
  cases.push_back({"RangeStartAfterEnd", "parse a single range header value step 18; WPT bytes=200-100",
                   post_with({{"Range", "bytes=200-100"}}), preflight_for("range")});
  cases.push_back({"RangeWithSpace", "parse a single range header value, allowWhitespace false; WPT",
                   post_with({{"Range", "bytes= 100-200"}}), preflight_for("range")});

  // --- language headers (Fetch §2.2.2 accept-language / content-language) ---
  cases.push_back({"AcceptLanguageList", "Fetch §2.2.2 language bytes", post_with({{"Accept-Language", "de-DE, en;q=0.5"}}),
                   no_preflight()});
  cases.push_back({"ContentLanguageUnderscore", "Fetch §2.2.2 language bytes (no _)",
                   post_with({{"Content-Language", "en_US"}}), preflight_for("content-language")});

  // --- forbidden request-headers are dropped first (Fetch §2.2.2, §5.1 validate step 3) ---
  cases.push_back({"ForbiddenHeadersAreDropped", "Fetch §2.2.2 forbidden request-header steps 1-2",
                   post_with({{"Cookie", "a=b"}, {"Sec-Fetch-Mode", "x"}, {"Proxy-Authorization", "x"},
                              {"Host", "evil"}, {"Origin", "x"}, {"DNT", "1"}, {"accept-charset", "x"}}),
                   no_preflight()});
  cases.push_back({"MethodOverrideWithForbiddenElement", "Fetch §2.2.2 forbidden request-header step 3 (get, decode, and split)",
                   post_with({{"X-Method-Override", "get, Trace"}}), no_preflight()});
  cases.push_back({"MethodOverridePutIsUnsafe", "Fetch §2.2.2 forbidden request-header step 3 (PUT not forbidden)",
                   post_with({{"X-HTTP-Method-Override", "PUT"}}), preflight_for("x-http-method-override")});
  cases.push_back({"MethodOverrideQuotedTraceIsNotForbidden", "Fetch §2.2 collect an HTTP quoted string (quotes kept)",
                   post_with({{"X-HTTP-Method", "\"TRACE\""}}), preflight_for("x-http-method")});
  cases.push_back({"UserAgentIsAnOrdinaryUnsafeHeader", "Fetch §2.2.2 (User-Agent not forbidden; whatwg/fetch#37)",
                   post_with({{"User-Agent", "x"}}), preflight_for("user-agent")});

  // --- 128 / 1024 byte rules, each duplicate counted (Fetch §2.2.2 CORS-unsafe request-header names) ---
  const std::string v128(128, 'a');
  {
    Headers eight(8, Header{"Accept", v128});
    cases.push_back({"EightAcceptsOf128BytesIsExactly1024", "Fetch §2.2.2 CORS-unsafe request-header names step 5 (> 1024)",
                     post_with(eight), no_preflight()});
    Headers nine(9, Header{"Accept", v128});
    cases.push_back({"NineAcceptsOf128BytesExceed1024", "Fetch §2.2.2 CORS-unsafe request-header names step 5",
                     post_with(nine), preflight_for("accept")});
    Headers languages(8, Header{"Accept-Language", v128});
    cases.push_back({"UaAcceptCountsTowards1024", "Fetch §4 'fetch' step 12 (Accept: */* added, 3 bytes)",
                     post_with(languages), preflight_for("accept,accept-language")});
  }
  cases.push_back({"ValueOver128Bytes", "Fetch §2.2.2 CORS-safelisted request-header step 1",
                   post_with({{"Accept", std::string(129, 'a')}}), preflight_for("accept")});
  cases.push_back({"LengthIsMeasuredAfterNormalization", "Fetch §5.1 append step 1 (normalize), then §2.2.2 step 1",
                   post_with({{"Accept", " \t" + v128 + "\r\n "}}), no_preflight()});

  // --- forbidden requests (Request constructor steps 25.2, 33; Headers validate step 1) ---
  cases.push_back({"ConnectIsForbidden", "Fetch §2.2.1 forbidden method", actual_only(request("CONNECT"), {acao_star}),
                   forbidden()});
  cases.push_back({"TrackAnyCaseIsForbidden", "Fetch §2.2.1 (byte-case-insensitive)", actual_only(request("Track"), {acao_star}),
                   forbidden()});
  cases.push_back({"MethodNotAToken", "Fetch §2.2.1 method = token", actual_only(request("GET POST"), {acao_star}),
                   forbidden()});
  cases.push_back({"HeaderValueWithNul", "Fetch §2.2.2 header value (no NUL)",
                   actual_only(request("GET", {{"X-A", std::string("a\0b", 3)}}), {acao_star}), forbidden()});
  cases.push_back({"HeaderNameNotAToken", "Fetch §2.2.2 header name", actual_only(request("GET", {{"X A", "1"}}), {acao_star}),
                   forbidden()});

  // --- CORS check table (digest §8; Fetch §4.10) ---
  cases.push_back({"CorsCheckStarWithoutCredentials", "Fetch §4.10 step 3",
                   actual_only(request("GET", {}, "omit"), {acao_star, {"Access-Control-Allow-Credentials", "nope"}}),
                   allowed_without_preflight()});
  cases.push_back({"CorsCheckStarWithCredentials", "Fetch §4.10 step 4 (`*` with include)",
                   actual_only(request("GET", {}, "include"), {acao_star, acac_true}),
                   blocked_response("acao-wildcard-with-credentials")});
  cases.push_back({"CorsCheckExactOriginWithCredentials", "Fetch §4.10 step 7",
                   actual_only(request("GET", {}, "include"), {acao_origin, acac_true}), allowed_without_preflight()});
  cases.push_back({"CorsCheckAcacTrueIsCaseSensitive", "Fetch §3.3.4 ACAC = %s\"true\"; §4.10 step 8",
                   actual_only(request("GET", {}, "include"), {acao_origin, {"Access-Control-Allow-Credentials", "True"}}),
                   blocked_response("acac-not-true")});
  cases.push_back({"CorsCheckTwoAcacHeaders", "Fetch §2.2.2 get (`true, true`); §4.10 step 7",
                   actual_only(request("GET", {}, "include"), {acao_origin, acac_true, acac_true}),
                   blocked_response("acac-not-true")});
  cases.push_back({"CorsCheckTrailingSlashMismatch", "Fetch §4.10 step 4 (byte comparison)",
                   actual_only(request("GET"), {{"Access-Control-Allow-Origin", kOrigin + "/"}}),
                   blocked_response("acao-mismatch")});
  cases.push_back({"CorsCheckMissingAcao", "Fetch §4.10 step 2", actual_only(request("GET"), {{"X-A", "1"}}),
                   blocked_response("acao-missing")});
  cases.push_back({"CorsCheckTwoAcaoHeaders", "Fetch §2.2.2 get joins with \", \"; §4.10 step 4",
                   actual_only(request("GET"), {acao_origin, acao_origin}), blocked_response("acao-multiple")});
  cases.push_back({"CorsCheckNullOrigin", "Fetch §4.10 (ACAO `null` for an opaque origin)",
                   actual_only(BrowserRequest{"null", kUrl, "GET", {}, "include", false},
                               {{"Access-Control-Allow-Origin", "null"}, acac_true}),
                   allowed_without_preflight()});
  cases.push_back({"CorsCheckTrimsSpaceAndTab", "RFC 9110 §5.5; WPT cors/origin.htm (' *  ')",
                   actual_only(request("GET"), {{"Access-Control-Allow-Origin", " *  "}}), allowed_without_preflight()});
  cases.push_back({"CorsCheckAnyStatusIsShared", "Fetch §3.3.3 (actual response may have any status)",
                   actual_only(request("GET"), {acao_star}, 404), allowed_without_preflight()});

  // --- preflight checks and error order (Fetch §4.8 step 7; decisions 'Error order') ---
  const BrowserRequest get_x_a = request("GET", {{"X-A", "1"}});
  cases.push_back({"PreflightStatusMustBeOk", "Fetch §4.8 step 7 (ok status); preflight redirects fail",
                   with_preflight(request("PUT"), 301, {acao_star, {"Access-Control-Allow-Methods", "PUT"}}),
                   BrowserAnswer{"blocked-preflight", true, preflight_failed("PUT", std::nullopt, "preflight-status"),
                                 std::nullopt, std::nullopt, ""}});
  cases.push_back({"CorsCheckReportedBeforeStatus", "decisions 'Error order'",
                   with_preflight(request("PUT"), 500, {}),
                   BrowserAnswer{"blocked-preflight", true, preflight_failed("PUT", std::nullopt, "acao-missing"),
                                 std::nullopt, std::nullopt, ""}});
  cases.push_back({"AcamMustParseEvenForGet", "Fetch §4.8 step 7.3; digest §14.3",
                   with_preflight(get_x_a, 204, {acao_star, {"Access-Control-Allow-Methods", "PUT DELETE"},
                                                 {"Access-Control-Allow-Headers", "x-a"}}),
                   BrowserAnswer{"blocked-preflight", true, preflight_failed("GET", "x-a", "acam-invalid"),
                                 std::nullopt, std::nullopt, ""}});
  cases.push_back({"EmptyListElementsAreFine", "RFC 9110 §5.6.1 #rule; Fetch §4.8 steps 7.1-7.2",
                   with_preflight(request("PUT", {{"X-A", "1"}}), 204,
                                  {acao_star, {"Access-Control-Allow-Methods", "GET, ,PUT"},
                                   {"Access-Control-Allow-Headers", ",x-a,"}}),
                   BrowserAnswer{"allowed", true, preflight_ok("PUT", "x-a"), std::nullopt, std::nullopt, ""}});
  cases.push_back({"AcahInvalid", "Fetch §4.8 step 7.3 (ACAH = #field-name)",
                   with_preflight(get_x_a, 204, {acao_star, {"Access-Control-Allow-Headers", "x-a; x-b"}}),
                   BrowserAnswer{"blocked-preflight", true, preflight_failed("GET", "x-a", "acah-invalid"),
                                 std::nullopt, std::nullopt, ""}});
  cases.push_back({"HeaderNotAllowed", "Fetch §4.8 step 7.7",
                   with_preflight(get_x_a, 204, {acao_star, {"Access-Control-Allow-Headers", "x-b"}}),
                   BrowserAnswer{"blocked-preflight", true, preflight_failed("GET", "x-a", "header-not-allowed"),
                                 std::nullopt, std::nullopt, ""}});
  cases.push_back({"AuthorizationNotCoveredByStar", "Fetch §4.8 step 7.6 (CORS non-wildcard request-header name)",
                   with_preflight(request("GET", {{"Authorization", "Bearer t"}}), 204,
                                  {acao_star, {"Access-Control-Allow-Headers", "*"}}),
                   BrowserAnswer{"blocked-preflight", true,
                                 preflight_failed("GET", "authorization", "authorization-not-allowed"), std::nullopt,
                                 std::nullopt, ""}});
  cases.push_back({"AuthorizationListedByName", "Fetch §4.8 step 7.6",
                   with_preflight(request("GET", {{"Authorization", "Bearer t"}}), 204,
                                  {acao_star, {"Access-Control-Allow-Headers", "Authorization"}}),
                   BrowserAnswer{"allowed", true, preflight_ok("GET", "authorization"), std::nullopt, std::nullopt, ""}});
  cases.push_back({"MethodCheckedBeforeAuthorization", "Fetch §4.8 steps 7.5 then 7.6; decisions 'Error order'",
                   with_preflight(request("PUT", {{"Authorization", "x"}, {"X-B", "1"}}), 204, {acao_star}),
                   BrowserAnswer{"blocked-preflight", true,
                                 preflight_failed("PUT", "authorization,x-b", "method-not-allowed"), std::nullopt,
                                 std::nullopt, ""}});
  cases.push_back({"StarMethodIsLiteralWithCredentials", "Fetch §4.8 step 7.5; WPT cors-preflight-star.any.js",
                   with_preflight(request("PUT", {}, "include"), 204,
                                  {acao_origin, acac_true, {"Access-Control-Allow-Methods", "*"}}),
                   BrowserAnswer{"blocked-preflight", true, preflight_failed("PUT", std::nullopt, "method-not-allowed"),
                                 std::nullopt, std::nullopt, ""}});
  cases.push_back({"StarMatchesStarLiterallyWithCredentials", "WPT cors-preflight-star.any.js (method * + header *)",
                   with_preflight(request("*", {{"*", "1"}}, "include"), 204,
                                  {acao_origin, acac_true, {"Access-Control-Allow-Methods", "*"},
                                   {"Access-Control-Allow-Headers", "*"}}),
                   BrowserAnswer{"allowed", true, preflight_ok("*", "*"), std::nullopt, std::nullopt, ""}});

  // --- max-age (Fetch §4.8 steps 7.8-7.9; RFC 9111 §1.2.2; decisions 'max-age') ---
  auto put_with_max_age = [&](Headers max_age_headers) {
    Headers h = {acao_star, {"Access-Control-Allow-Methods", "PUT"}};
    for (const Header& m : max_age_headers) h.push_back(m);
    return with_preflight(request("PUT"), 204, h);
  };
  auto max_age_answer = [](long long seconds) {
    return BrowserAnswer{"allowed", true, preflight_ok("PUT", std::nullopt, seconds), std::nullopt, std::nullopt, ""};
  };
  cases.push_back({"MaxAgeAbsentIsFive", "Fetch §4.8 step 7.9", put_with_max_age({}), max_age_answer(5)});
  cases.push_back({"MaxAgeIsNotCapped", "protocol 'preflight.max_age' (spec value, no UA cap)",
                   put_with_max_age({{"Access-Control-Max-Age", " 86400 "}}), max_age_answer(86400)});
  cases.push_back({"MaxAgeNegativeIsFive", "Fetch §3.3.4 delta-seconds = 1*DIGIT; §4.8 step 7.9",
                   put_with_max_age({{"Access-Control-Max-Age", "-1"}}), max_age_answer(5)});
  cases.push_back({"MaxAgeTwoHeadersIsFive", "Fetch §2.2.2 extract header list values step 2",
                   put_with_max_age({{"Access-Control-Max-Age", "10"}, {"Access-Control-Max-Age", "10"}}),
                   max_age_answer(5)});
  cases.push_back({"MaxAgeOverflowSaturates", "RFC 9111 §1.2.2; decisions 'max-age' (2^31)",
                   put_with_max_age({{"Access-Control-Max-Age", "99999999999999999999"}}), max_age_answer(2147483648LL)});

  // --- exposed headers (Fetch §4.1 step 14.1; §2.2.6 CORS filtered response) ---
  cases.push_back({"ExposeByNameNeverSetCookie", "Fetch §2.2.2 CORS-safelisted response-header name; forbidden response-header name",
                   actual_only(request("GET"), {acao_star, {"Access-Control-Expose-Headers", "X-Request-Id, Set-Cookie"},
                                                {"X-Request-Id", "1"}, {"Set-Cookie", "a=b"}, {"X-Other", "2"}}),
                   allowed_without_preflight(safelisted_plus({"x-request-id"}))});
  cases.push_back({"ExposeStarWithoutCredentials", "Fetch §4.1 step 14.1.2 (all unique names)",
                   actual_only(request("GET"), {acao_star, {"Access-Control-Expose-Headers", "*"}, {"X-Other", "2"},
                                                {"set-cookie", "a=b"}}),
                   allowed_without_preflight(safelisted_plus(
                       {"access-control-allow-origin", "access-control-expose-headers", "x-other"}))});
  cases.push_back({"ExposeStarIsLiteralWithCredentials", "Fetch §4.1 step 14.1.3",
                   actual_only(request("GET", {}, "include"),
                               {acao_origin, acac_true, {"Access-Control-Expose-Headers", "*"}, {"X-Other", "2"}}),
                   allowed_without_preflight()});
  cases.push_back({"ExposeInvalidListExposesNothingExtra", "Fetch §2.2.2 extract header list values (failure)",
                   actual_only(request("GET"), {acao_star, {"Access-Control-Expose-Headers", "x-a, x b"}, {"X-A", "1"}}),
                   allowed_without_preflight()});

  // --- same origin, private network, bad case ---
  cases.push_back({"SameOriginShortCut", "Fetch §4.1 step 12 (basic); decisions 'Same origin', 'URL origin'",
                   actual_only(BrowserRequest{"https://api.example", "HTTPS://API.example:443/x", "PUT", {{"X-A", "1"}},
                                              "include", false},
                               {{"X-Other", "1"}, {"Set-Cookie", "a=b"}, {"Content-Type", "text/plain"}}),
                   BrowserAnswer{"allowed", false, std::nullopt, std::nullopt, Names{"content-type", "x-other"}, ""}});
  {
    BrowserRequest r = request("GET");
    r.private_network = true;
    PreflightAnswer failed = preflight_failed("GET", std::nullopt, "private-network-not-allowed");
    failed.private_network = true;
    cases.push_back({"PrivateNetworkNeedsAllowHeader", "decisions 'Private network'",
                     with_preflight(r, 204, {acao_star}),
                     BrowserAnswer{"blocked-preflight", true, failed, std::nullopt, std::nullopt, ""}});
    PreflightAnswer passed = preflight_ok("GET", std::nullopt);
    passed.private_network = true;
    cases.push_back({"PrivateNetworkAllowed", "decisions 'Private network'",
                     with_preflight(r, 204, {acao_star, {"Access-Control-Allow-Private-Network", "true"}},
                                    Response{200, {acao_star}}),
                     BrowserAnswer{"allowed", true, passed, kCorsOk, kSafelistedResponseNames, ""}});
  }
  cases.push_back({"MissingPreflightResponseIsBadCase", "decisions 'Missing preflight_response'",
                   actual_only(request("DELETE"), {acao_star}),
                   BrowserAnswer{"bad-case", true, std::nullopt, std::nullopt, std::nullopt, ""}});
  return cases;
}

void PrintTo(const BrowserCase& c, std::ostream* os) { *os << c.name << " (" << c.source << ")"; }

class BrowserMode : public ::testing::TestWithParam<BrowserCase> {};

TEST_P(BrowserMode, BehavesAsTheSpecSays) {
  const BrowserCase& c = GetParam();
  SCOPED_TRACE(c.source);
  const BrowserAnswer got = browser_answer(c.exchange);
  SCOPED_TRACE("detail: " + got.detail);
  EXPECT_EQ(got.outcome, c.expected.outcome);
  EXPECT_EQ(got.needs_preflight, c.expected.needs_preflight);
  ASSERT_EQ(got.preflight.has_value(), c.expected.preflight.has_value());
  if (c.expected.preflight) {
    EXPECT_EQ(got.preflight->method, c.expected.preflight->method);
    EXPECT_EQ(got.preflight->request_headers, c.expected.preflight->request_headers);
    EXPECT_EQ(got.preflight->ok, c.expected.preflight->ok);
    EXPECT_EQ(got.preflight->error, c.expected.preflight->error);
    EXPECT_EQ(got.preflight->max_age, c.expected.preflight->max_age);
    EXPECT_EQ(got.preflight->private_network, c.expected.preflight->private_network);
  }
  ASSERT_EQ(got.cors_check.has_value(), c.expected.cors_check.has_value());
  if (c.expected.cors_check) {
    EXPECT_EQ(got.cors_check->ok, c.expected.cors_check->ok);
    EXPECT_EQ(got.cors_check->error, c.expected.cors_check->error);
  }
  EXPECT_EQ(got.exposed_headers, c.expected.exposed_headers);
}

INSTANTIATE_TEST_SUITE_P(Spec, BrowserMode, ::testing::ValuesIn(browser_cases()),
                         [](const ::testing::TestParamInfo<BrowserCase>& row) { return row.param.name; });

}  // namespace

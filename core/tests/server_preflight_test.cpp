// Server mode, preflights: Access-Control-Request-Method and
// Access-Control-Request-Headers parsing and bounds, the method and header
// checks (safelisted methods, "*", Authorization, case rules), private
// network, check order, the exact answer headers in canonical order, and the
// 403 on denial.
// Sources: protocol "Mode server" (Fixed semantics), decisions "Preflight
// checks and bounds" and "The answer"; W3C CORS §6.2; Fetch "CORS protocol".
#include "test_support.hpp"

namespace corsproof::test {
namespace {

constexpr const char* kAnswer = "decisions: The answer (order 1-8, status preflight_status / 403)";
constexpr const char* kAcrm = "protocol: more than one ACRM or a non-token value is malformed-request-method";
constexpr const char* kAcrh =
    "protocol: repeated ACRH are one #field-name list, OWS and empty elements allowed; non-token is "
    "malformed-request-headers";
constexpr const char* kBounds =
    "decisions: at most 64 names (duplicates count) and 4096 bytes of ACRH (values trimmed, commas included, nothing "
    "added between headers), else malformed-request-headers";
constexpr const char* kMethod = "decisions: Method check (GET/HEAD/POST pass; \"*\"; byte-exact, six upper-cased on load)";
constexpr const char* kHeader = "decisions: Header check (request order, \"*\" except authorization, detail as sent)";
constexpr const char* kAuth = "protocol: Authorization never covered by \"*\"; Fetch \"CORS non-wildcard request-header name\"";
constexpr const char* kCreds = "protocol: with credentials methods/headers never answered with *, echo instead";
constexpr const char* kPna =
    "decisions: Private network (an ACRPN header with value true, trimmed, not combined; needs allow_private_network; "
    "checked last)";
constexpr const char* kOrder = "protocol: checks in the W3C order; W3C CORS §6.2 steps 2-6";
constexpr const char* kMaxAge = "decisions: The answer 6 (Access-Control-Max-Age when the policy sets max_age)";
constexpr const char* kCapacity = "server.hpp: a buffer of server_output_capacity bytes always holds a server answer";

constexpr const char* ACAO = "Access-Control-Allow-Origin";
constexpr const char* ACAC = "Access-Control-Allow-Credentials";
constexpr const char* ACAM = "Access-Control-Allow-Methods";
constexpr const char* ACAH = "Access-Control-Allow-Headers";
constexpr const char* ACAPN = "Access-Control-Allow-Private-Network";
constexpr const char* ACMA = "Access-Control-Max-Age";
constexpr const char* VP = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";
constexpr const char* VPN = "Access-Control-Request-Method, Access-Control-Request-Headers";
constexpr const char* APPO = "https://app.example";

// The policy most rows use.
cfg base() { return cfg({APPO}).methods({"GET", "POST", "PUT"}).headers({"content-type", "x-api-key"}); }

// A preflight from https://app.example.
pairs pf(const std::string& method, std::optional<std::string> acrh = std::nullopt, pairs extra = {}) {
  pairs p = {{"Origin", APPO}, {"Access-Control-Request-Method", method}};
  if (acrh) p.emplace_back("Access-Control-Request-Headers", *acrh);
  for (auto& e : extra) p.push_back(std::move(e));
  return p;
}

pairs denied() { return {{"Vary", VP}}; }

server_row allowed(std::string name, const char* spec, policy_config p, pairs request, pairs headers,
                   int status = 204) {
  return server_row(std::move(name), spec, std::move(p))
      .req("OPTIONS", std::move(request))
      .allow(request_kind::preflight, status, std::move(headers));
}
server_row refused(std::string name, const char* spec, policy_config p, pairs request, server_reason why,
                   pairs headers = denied()) {
  return server_row(std::move(name), spec, std::move(p))
      .req("OPTIONS", std::move(request))
      .deny(request_kind::preflight, why, 403, std::move(headers));
}

std::string names_csv(std::size_t n, const char* sep = ",") {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += (i ? sep : "") + std::string("x-h") + std::to_string(i);
  return s;
}

std::vector<server_row> rows() {
  using R = server_reason;
  return {
      // Allowed answers, exact headers.
      allowed("PUT with one requested header", kAnswer, base(), pf("PUT", "content-type"),
              {{ACAO, APPO}, {ACAM, "PUT"}, {ACAH, "content-type"}, {"Vary", VP}}),
      allowed("GET without requested headers: no ACAH", kAnswer, base(), pf("GET"),
              {{ACAO, APPO}, {ACAM, "GET"}, {"Vary", VP}}),
      allowed("preflight_status 200", kAnswer, base().status(200), pf("GET"),
              {{ACAO, APPO}, {ACAM, "GET"}, {"Vary", VP}}, 200),
      allowed("every header in order with credentials, private network and max-age", kAnswer,
              base().creds().private_network().max_age(600),
              pf("PUT", "x-api-key", {{"Access-Control-Request-Private-Network", "true"}}),
              {{ACAO, APPO}, {ACAC, "true"}, {ACAM, "PUT"}, {ACAH, "x-api-key"}, {ACAPN, "true"}, {ACMA, "600"},
               {"Vary", VP}}),
      allowed("max_age 0 is sent", kMaxAge, base().max_age(0), pf("GET"),
              {{ACAO, APPO}, {ACAM, "GET"}, {ACMA, "0"}, {"Vary", VP}}),
      allowed("* origins: ACAO * and Vary without Origin", kAnswer, cfg({"*"}).methods({"PUT"}), pf("PUT"),
              {{ACAO, "*"}, {ACAM, "PUT"}, {"Vary", VPN}}),
      refused("* origins, denied: Vary without Origin", kAnswer, cfg({"*"}), pf("DELETE"), R::method_not_allowed,
              {{"Vary", VPN}}),
      allowed("ACRM value trimmed", kAnswer, base(), pf(" PUT\t"), {{ACAO, APPO}, {ACAM, "PUT"}, {"Vary", VP}}),
      // Methods.
      refused("DELETE not listed", kMethod, base(), pf("DELETE"), R::method_not_allowed),
      allowed("POST is safelisted even when not listed", kMethod, cfg({APPO}).methods({"PUT"}), pf("POST"),
              {{ACAO, APPO}, {ACAM, "POST"}, {"Vary", VP}}),
      allowed("HEAD is safelisted with an empty method list", kMethod, cfg({APPO}).methods({}), pf("HEAD"),
              {{ACAO, APPO}, {ACAM, "HEAD"}, {"Vary", VP}}),
      refused("OPTIONS is not safelisted", kMethod, cfg({APPO}), pf("OPTIONS"), R::method_not_allowed),
      refused("get is not GET (byte-exact)", kMethod, cfg({APPO}), pf("get"), R::method_not_allowed),
      refused("put is not the listed PUT", kMethod, base(), pf("put"), R::method_not_allowed),
      allowed("policy put is loaded as PUT", kMethod, cfg({APPO}).methods({"put"}), pf("PUT"),
              {{ACAO, APPO}, {ACAM, "PUT"}, {"Vary", VP}}),
      allowed("policy delete is loaded as DELETE", kMethod, cfg({APPO}).methods({"delete"}), pf("DELETE"),
              {{ACAO, APPO}, {ACAM, "DELETE"}, {"Vary", VP}}),
      refused("policy patch does not allow PATCH", kMethod, cfg({APPO}).methods({"patch"}), pf("PATCH"),
              R::method_not_allowed),
      allowed("policy patch allows patch", kMethod, cfg({APPO}).methods({"patch"}), pf("patch"),
              {{ACAO, APPO}, {ACAM, "patch"}, {"Vary", VP}}),
      refused("policy PATCH does not allow patch", kMethod, cfg({APPO}).methods({"PATCH"}), pf("patch"),
              R::method_not_allowed),
      allowed("methods * without credentials: ACAM *", kMethod, cfg({APPO}).methods({"*"}), pf("DELETE"),
              {{ACAO, APPO}, {ACAM, "*"}, {"Vary", VP}}),
      allowed("methods * for a safelisted method: ACAM *", kAnswer, cfg({APPO}).methods({"*"}), pf("GET"),
              {{ACAO, APPO}, {ACAM, "*"}, {"Vary", VP}}),
      allowed("methods * with credentials: echo the method", kCreds, cfg({APPO}).methods({"*"}).creds(),
              pf("DELETE"), {{ACAO, APPO}, {ACAC, "true"}, {ACAM, "DELETE"}, {"Vary", VP}}),
      allowed("method named * with methods * and credentials: echo", kCreds, cfg({APPO}).methods({"*"}).creds(),
              pf("*"), {{ACAO, APPO}, {ACAC, "true"}, {ACAM, "*"}, {"Vary", VP}}),
      // ACRM parsing.
      refused("empty ACRM", kAcrm, base(), pf(""), R::malformed_request_method),
      refused("blank ACRM", kAcrm, base(), pf(" \t "), R::malformed_request_method),
      refused("ACRM with a space", kAcrm, base(), pf("PUT DELETE"), R::malformed_request_method),
      refused("ACRM list", kAcrm, base(), pf("PUT,DELETE"), R::malformed_request_method),
      refused("two equal ACRM headers", kAcrm, base(),
              {{"Origin", APPO}, {"Access-Control-Request-Method", "GET"}, {"access-control-request-method", "GET"}},
              R::malformed_request_method),
      // ACRH parsing and bounds.
      refused("ACRH element with a space", kAcrh, base(), pf("GET", "content-type, x a"),
              R::malformed_request_headers)
          .with_detail("x a"),
      refused("ACRH element with a colon", kAcrh, base(), pf("GET", "x:y"), R::malformed_request_headers),
      refused("ACRH quoted", kAcrh, base(), pf("GET", "\"x-api-key\""), R::malformed_request_headers),
      allowed("ACRH with OWS and empty elements; echo trimmed, in request order", kAcrh, base(),
              pf("GET", " x-api-key , , Content-Type ,"),
              {{ACAO, APPO}, {ACAM, "GET"}, {ACAH, "x-api-key, Content-Type"}, {"Vary", VP}}),
      allowed("repeated ACRH headers are one list", kAcrh, base(),
              pf("GET", "content-type", {{"Access-Control-Request-Headers", "x-api-key"}}),
              {{ACAO, APPO}, {ACAM, "GET"}, {ACAH, "content-type, x-api-key"}, {"Vary", VP}}),
      allowed("empty ACRH: no ACAH", kAcrh, base(), pf("GET", ""), {{ACAO, APPO}, {ACAM, "GET"}, {"Vary", VP}}),
      allowed("ACRH of commas only: no ACAH", kAcrh, base(), pf("GET", " , ,"),
              {{ACAO, APPO}, {ACAM, "GET"}, {"Vary", VP}}),
      allowed("64 names at the bound", kBounds, cfg({APPO}).headers({"*"}), pf("GET", names_csv(64)),
              {{ACAO, APPO}, {ACAM, "GET"}, {ACAH, "*"}, {"Vary", VP}}),
      refused("65 names beyond the bound", kBounds, cfg({APPO}).headers({"*"}), pf("GET", names_csv(65)),
              R::malformed_request_headers),
      refused("65 names over two headers", kBounds, cfg({APPO}).headers({"*"}),
              pf("GET", names_csv(40), {{"Access-Control-Request-Headers", names_csv(25)}}),
              R::malformed_request_headers),
      allowed("4096 bytes at the bound", kBounds, cfg({APPO}).headers({"*"}), pf("GET", rep('a', 4096)),
              {{ACAO, APPO}, {ACAM, "GET"}, {ACAH, "*"}, {"Vary", VP}}),
      allowed("4096 bytes plus surrounding spaces (counted after trimming)", kBounds, cfg({APPO}).headers({"*"}),
              pf("GET", "  " + rep('a', 4096) + "\t "), {{ACAO, APPO}, {ACAM, "GET"}, {ACAH, "*"}, {"Vary", VP}}),
      allowed("2048 + 2048 bytes over two headers", kBounds, cfg({APPO}).headers({"*"}),
              pf("GET", rep('a', 2048), {{"Access-Control-Request-Headers", rep('b', 2048)}}),
              {{ACAO, APPO}, {ACAM, "GET"}, {ACAH, "*"}, {"Vary", VP}}),
      refused("2048 + 2049 bytes over two headers", kBounds, cfg({APPO}).headers({"*"}),
              pf("GET", rep('a', 2048), {{"Access-Control-Request-Headers", rep('b', 2049)}}),
              R::malformed_request_headers),
      refused("65 names counting duplicates", kBounds, cfg({APPO}).headers({"*"}),
              pf("GET", names_csv(64) + ",x-h0"), R::malformed_request_headers),
      refused("4097 bytes beyond the bound", kBounds, cfg({APPO}).headers({"*"}), pf("GET", rep('a', 4097)),
              R::malformed_request_headers),
      // Header check.
      refused("header not listed; detail names it", kHeader, base(), pf("GET", "x-other"), R::header_not_allowed)
          .with_detail("x-other"),
      refused("first refused name in request order, as sent", kHeader, base(),
              pf("GET", "content-type, X-B, x-a"), R::header_not_allowed)
          .with_detail("X-B"),
      refused("first refused name across repeated ACRH", kHeader, base(),
              pf("GET", "content-type", {{"Access-Control-Request-Headers", " X-Late "}}), R::header_not_allowed)
          .with_detail("X-Late"),
      allowed("names match case-insensitively; echo as sent", kHeader, base(), pf("PUT", "Content-Type,X-API-KEY"),
              {{ACAO, APPO}, {ACAM, "PUT"}, {ACAH, "Content-Type, X-API-KEY"}, {"Vary", VP}}),
      allowed("repeated requested name echoed as sent", kHeader, base(), pf("GET", "x-api-key, x-api-key"),
              {{ACAO, APPO}, {ACAM, "GET"}, {ACAH, "x-api-key, x-api-key"}, {"Vary", VP}}),
      allowed("headers * without credentials: ACAH *", kHeader, cfg({APPO}).headers({"*"}), pf("GET", "x-anything"),
              {{ACAO, APPO}, {ACAM, "GET"}, {ACAH, "*"}, {"Vary", VP}}),
      refused("headers * does not cover Authorization", kAuth, cfg({APPO}).headers({"*"}),
              pf("GET", "x-a, Authorization"), R::header_not_allowed)
          .with_detail("Authorization"),
      refused("headers * with credentials does not cover Authorization", kAuth,
              cfg({APPO}).headers({"*"}).creds(), pf("GET", "authorization"), R::header_not_allowed)
          .with_detail("authorization"),
      allowed("Authorization listed with *: echo (not *)", kAuth, cfg({APPO}).headers({"*", "authorization"}),
              pf("GET", "Authorization, x-a"),
              {{ACAO, APPO}, {ACAM, "GET"}, {ACAH, "Authorization, x-a"}, {"Vary", VP}}),
      allowed("Authorization listed by name", kAuth, cfg({APPO}).headers({"Authorization"}),
              pf("GET", "authorization"), {{ACAO, APPO}, {ACAM, "GET"}, {ACAH, "authorization"}, {"Vary", VP}}),
      allowed("headers * with credentials: echo the names", kCreds, cfg({APPO}).headers({"*"}).creds(),
              pf("GET", "x-a,x-b"), {{ACAO, APPO}, {ACAC, "true"}, {ACAM, "GET"}, {ACAH, "x-a, x-b"}, {"Vary", VP}}),
      // Private network.
      refused("private network asked, not allowed", kPna, base(),
              pf("GET", std::nullopt, {{"Access-Control-Request-Private-Network", "true"}}),
              R::private_network_not_allowed),
      allowed("private network asked and allowed", kPna, base().private_network(),
              pf("GET", std::nullopt, {{"Access-Control-Request-Private-Network", "true"}}),
              {{ACAO, APPO}, {ACAM, "GET"}, {ACAPN, "true"}, {"Vary", VP}}),
      allowed("ACRPN trimmed", kPna, base().private_network(),
              pf("GET", std::nullopt, {{"Access-Control-Request-Private-Network", " true "}}),
              {{ACAO, APPO}, {ACAM, "GET"}, {ACAPN, "true"}, {"Vary", VP}}),
      allowed("two ACRPN true headers are not combined", kPna, base().private_network(),
              pf("GET", std::nullopt,
                 {{"Access-Control-Request-Private-Network", "true"},
                  {"Access-Control-Request-Private-Network", "true"}}),
              {{ACAO, APPO}, {ACAM, "GET"}, {ACAPN, "true"}, {"Vary", VP}}),
      refused("ACRPN false then true: asked", kPna, base(),
              pf("GET", std::nullopt,
                 {{"Access-Control-Request-Private-Network", "false"},
                  {"access-control-request-private-network", "true"}}),
              R::private_network_not_allowed),
      allowed("ACRPN TRUE is not a request", kPna, base(),
              pf("GET", std::nullopt, {{"Access-Control-Request-Private-Network", "TRUE"}}),
              {{ACAO, APPO}, {ACAM, "GET"}, {"Vary", VP}}),
      allowed("ACRPN false is not a request", kPna, base(),
              pf("GET", std::nullopt, {{"Access-Control-Request-Private-Network", "false"}}),
              {{ACAO, APPO}, {ACAM, "GET"}, {"Vary", VP}}),
      allowed("private network allowed but not asked: no ACAPN", kPna, base().private_network(), pf("GET"),
              {{ACAO, APPO}, {ACAM, "GET"}, {"Vary", VP}}),
      // Check order.
      refused("origin before malformed ACRM", kOrder, base(),
              {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "a b"}}, R::origin_not_allowed),
      refused("malformed origin before two ACRM", kOrder, base(),
              {{"Origin", "https://app.example/"},
               {"Access-Control-Request-Method", "GET"},
               {"Access-Control-Request-Method", "PUT"}},
              R::malformed_origin),
      refused("malformed ACRM before malformed ACRH", kOrder, base(), pf("a b", "c d"), R::malformed_request_method),
      refused("malformed ACRH before method not allowed", kOrder, base(), pf("DELETE", "c d"),
              R::malformed_request_headers),
      refused("method before header", kOrder, base(), pf("DELETE", "x-other"), R::method_not_allowed),
      refused("header before private network", kOrder, base(),
              pf("GET", "x-other", {{"Access-Control-Request-Private-Network", "true"}}), R::header_not_allowed),
      refused("denied origin on a preflight: 403 and Vary only", kOrder, base().creds().max_age(5),
              {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "GET"}},
              R::origin_not_allowed),
      // Capacity guarantee: the decisions page bounds the ACRM value at 1024
      // bytes, so the longest echoed method fits and one byte more is refused.
      server_row("capacity holds the longest echoed method (methods * with credentials)", kCapacity,
                 cfg({APPO}).methods({"*"}).creds())
          .req("OPTIONS", pf(rep('M', 1024)))
          .allow(request_kind::preflight, 204,
                 {{ACAO, APPO}, {ACAC, "true"}, {ACAM, rep('M', 1024)}, {"Vary", VP}}),
      server_row("request method over 1024 bytes is malformed",
                 "docs/protocol-decisions.md: ACRM longer than 1024 bytes is malformed-request-method",
                 cfg({APPO}).methods({"*"}).creds())
          .req("OPTIONS", pf(rep('M', 1025)))
          .deny(request_kind::preflight, server_reason::malformed_request_method, 403, {{"Vary", VP}}),
  };
}

class ServerPreflight : public ::testing::TestWithParam<server_row> {};

TEST_P(ServerPreflight, Decides) { check_server_row(GetParam()); }

INSTANTIATE_TEST_SUITE_P(Rows, ServerPreflight, ::testing::ValuesIn(rows()), row_test_name<server_row>);

// The same guarantee on a denial whose detail echoes the offending value.
TEST(ServerPreflightCapacity, LongMalformedMethodStillFits) {
  SCOPED_TRACE(trace_of("capacity holds a long malformed ACRM detail", kCapacity));
  const policy p = compile_or_die(base());
  const auto run = run_server(p, "OPTIONS", pf(rep('M', 10000) + " " + rep('N', 10000)));
  ASSERT_EQ(run->d.status, eval_status::ok);
  EXPECT_EQ(run->d.reason, server_reason::malformed_request_method);
  EXPECT_EQ(run->d.http_status, 403);
}

// The public bounds are the ones the server applies (and the numbers the
// decisions page and the rows above give).
TEST(ServerPreflightBounds, PublicConstantsAreTheAppliedBounds) {
  SCOPED_TRACE(trace_of("server.hpp bounds", kBounds));
  static_assert(max_requested_header_names == 64 && max_request_headers_list_bytes == 4096);
  static_assert(request_headers_list_limits.max_elements == max_requested_header_names &&
                request_headers_list_limits.max_bytes == max_request_headers_list_bytes);
  const policy p = compile_or_die(cfg({APPO}).headers({"*"}));
  EXPECT_TRUE(run_server(p, "OPTIONS", pf("GET", names_csv(max_requested_header_names)))->d.allowed);
  const auto names = run_server(p, "OPTIONS", pf("GET", names_csv(max_requested_header_names + 1)));
  EXPECT_EQ(names->d.reason, server_reason::malformed_request_headers);
  EXPECT_EQ(names->d.detail, "more than 64 requested header names");
  EXPECT_TRUE(run_server(p, "OPTIONS", pf("GET", rep('a', max_request_headers_list_bytes)))->d.allowed);
  const auto bytes = run_server(p, "OPTIONS", pf("GET", rep('a', max_request_headers_list_bytes + 1)));
  EXPECT_EQ(bytes->d.reason, server_reason::malformed_request_headers);
  EXPECT_EQ(bytes->d.detail, "Access-Control-Request-Headers longer than 4096 bytes");
}

}  // namespace
}  // namespace corsproof::test

// Server mode, actual requests: judged on the origin only (W3C CORS §6.1),
// Access-Control-Expose-Headers (decisions: The answer 7), credentials,
// which headers never appear on actual answers, and the evaluation statuses
// output_too_small and limit_exceeded (server.hpp, decisions: Bounds).
#include "test_support.hpp"

namespace corsproof::test {
namespace {

constexpr const char* kOriginOnly = "decisions: Classification (actual requests judged on the origin only); W3C §6.1";
constexpr const char* kExpose = "decisions: The answer 7 (expose_headers joined with \", \"; * dropped with credentials)";
constexpr const char* kAnswer = "decisions: The answer (order and spelling); W3C §6.1 steps 3-4";
constexpr const char* kDenied = "protocol: denied requests get no Access-Control-Allow-* header; Vary kept";
constexpr const char* kSmall = "server.hpp: output_too_small when the caller's buffer cannot hold the answer";
constexpr const char* kLimit = "decisions: Bounds (server mode at most 256 request header pairs)";

constexpr const char* ACAO = "Access-Control-Allow-Origin";
constexpr const char* ACAC = "Access-Control-Allow-Credentials";
constexpr const char* ACEH = "Access-Control-Expose-Headers";
constexpr const char* APPO = "https://app.example";

pairs from_app(pairs extra = {}) {
  pairs p = {{"Origin", APPO}};
  for (auto& e : extra) p.push_back(std::move(e));
  return p;
}

server_row ok(std::string name, const char* spec, policy_config p, std::string method, pairs request, pairs headers) {
  return server_row(std::move(name), spec, std::move(p))
      .req(std::move(method), std::move(request))
      .allow(request_kind::actual, 0, std::move(headers));
}

pairs many_headers(std::size_t n) {
  pairs p = {{"Origin", APPO}};
  for (std::size_t i = 1; i < n; ++i) p.emplace_back("X-H" + std::to_string(i), "v");
  return p;
}

std::vector<server_row> rows() {
  const cfg app = cfg({APPO});
  return {
      ok("GET allowed", kAnswer, app, "GET", from_app(), {{ACAO, APPO}, {"Vary", "Origin"}}),
      ok("DELETE not in allow_methods is still allowed", kOriginOnly, app, "DELETE", from_app(),
         {{ACAO, APPO}, {"Vary", "Origin"}}),
      ok("PATCH with methods [] is still allowed", kOriginOnly, cfg({APPO}).methods({}), "PATCH", from_app(),
         {{ACAO, APPO}, {"Vary", "Origin"}}),
      ok("custom request headers are not checked", kOriginOnly, app, "POST",
         from_app({{"X-Custom", "1"}, {"Authorization", "Bearer x"}}), {{ACAO, APPO}, {"Vary", "Origin"}}),
      ok("ACRH on an actual request is ignored", kOriginOnly, app, "GET",
         from_app({{"Access-Control-Request-Headers", "not a token"}}), {{ACAO, APPO}, {"Vary", "Origin"}}),
      ok("ACRPN on an actual request is ignored", kOriginOnly, app, "GET",
         from_app({{"Access-Control-Request-Private-Network", "true"}}), {{ACAO, APPO}, {"Vary", "Origin"}}),
      ok("no max-age, methods or headers on actual answers", kAnswer,
         cfg({APPO}).max_age(600).methods({"*"}).headers({"*"}).private_network(), "PUT", from_app(),
         {{ACAO, APPO}, {"Vary", "Origin"}}),
      ok("expose headers joined with comma-space", kExpose, cfg({APPO}).expose({"x-request-id", "X-B"}), "GET",
         from_app(), {{ACAO, APPO}, {ACEH, "x-request-id, X-B"}, {"Vary", "Origin"}}),
      ok("expose * without credentials", kExpose, cfg({APPO}).expose({"*"}), "GET", from_app(),
         {{ACAO, APPO}, {ACEH, "*"}, {"Vary", "Origin"}}),
      ok("expose * dropped with credentials", kExpose, cfg({APPO}).expose({"*", "x-a"}).creds(), "GET", from_app(),
         {{ACAO, APPO}, {ACAC, "true"}, {ACEH, "x-a"}, {"Vary", "Origin"}}),
      ok("expose only * with credentials: no ACEH", kExpose, cfg({APPO}).expose({"*"}).creds(), "GET", from_app(),
         {{ACAO, APPO}, {ACAC, "true"}, {"Vary", "Origin"}}),
      ok("expose with a * origin policy", kExpose, cfg({"*"}).expose({"x-a"}), "GET", from_app(),
         {{ACAO, "*"}, {ACEH, "x-a"}}),
      ok("empty expose list: no ACEH", kExpose, cfg({APPO}).expose({}), "GET", from_app(),
         {{ACAO, APPO}, {"Vary", "Origin"}}),
      server_row("expose headers never on a preflight", kExpose, cfg({APPO}).expose({"x-a"}))
          .req("OPTIONS", from_app({{"Access-Control-Request-Method", "GET"}}))
          .allow(request_kind::preflight, 204,
                 {{ACAO, APPO},
                  {"Access-Control-Allow-Methods", "GET"},
                  {"Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"}}),
      server_row("denied actual: no ACEH, no ACAC, Vary kept", kDenied, cfg({APPO}).expose({"x-a"}).creds())
          .req("GET", {{"Origin", "https://evil.example"}})
          .deny(request_kind::actual, server_reason::origin_not_allowed, 0, vary_origin()),
      ok("credentials on an actual request", kAnswer, cfg({APPO}).creds(), "POST", from_app(),
         {{ACAO, APPO}, {ACAC, "true"}, {"Vary", "Origin"}}),
      ok("256 request headers are within the bound", kLimit, app, "GET", many_headers(256),
         {{ACAO, APPO}, {"Vary", "Origin"}}),
      server_row("257 request headers exceed the bound", kLimit, app).req("GET", many_headers(257))
          .fails(eval_status::limit_exceeded),
      server_row("257 headers on a not-cors request exceed the bound too", kLimit, app)
          .req("GET", pairs(257, {"X-A", "1"}))
          .fails(eval_status::limit_exceeded),
      server_row("a 24-byte buffer cannot hold ACAO (19) + Vary (6)", kSmall, app).req("GET", from_app())
          .fails(eval_status::output_too_small, 24),
      server_row("an empty buffer cannot hold a denial's Vary", kSmall, app)
          .req("GET", {{"Origin", "https://evil.example"}})
          .fails(eval_status::output_too_small, 0),
      server_row("an empty buffer cannot hold a not-cors Vary", kSmall, app).req("GET", {})
          .fails(eval_status::output_too_small, 0),
      server_row("a 16-byte buffer cannot hold a preflight answer", kSmall, app)
          .req("OPTIONS", from_app({{"Access-Control-Request-Method", "GET"}}))
          .fails(eval_status::output_too_small, 16),
  };
}

class ServerActual : public ::testing::TestWithParam<server_row> {};

TEST_P(ServerActual, Decides) { check_server_row(GetParam()); }

INSTANTIATE_TEST_SUITE_P(Rows, ServerActual, ::testing::ValuesIn(rows()), row_test_name<server_row>);

// An answer that needs no bytes fits an empty buffer.
TEST(ServerActualBuffer, EmptyAnswerFitsEmptyBuffer) {
  SCOPED_TRACE(trace_of("not-cors with * policy has no header", "protocol: not-cors; decisions: The answer 8"));
  const policy p = compile_or_die(cfg({"*"}));
  const auto run = run_server(p, "GET", {}, 0);
  EXPECT_EQ(run->d.status, eval_status::ok);
  EXPECT_EQ(run->d.kind, request_kind::not_cors);
  EXPECT_EQ(run->d.header_count, 0u);
}

}  // namespace
}  // namespace corsproof::test

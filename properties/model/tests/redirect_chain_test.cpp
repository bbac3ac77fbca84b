// Protocol v1.1 mode `browser` with `hops`: the reference model's redirect
// chain against the scenarios of shared/fetch-redirect-cache-digest.md §5
// (what web-platform-tests pin) and §1 / §6.6, each row citing its source.
// The expected value is the whole answer rendered on one line by
// v11_support.hpp (placeholders: {O} the page origin https://app.example,
// {A} https://api.example ("remote"), {R2} https://app.example:8443
// ("remote2": the page host on another port), {B} https://b.example, {SAFE}
// the seven CORS-safelisted response-header names).
//
// Digest §5 rows not expressible in the protocol (no-cors mode, streamed or
// keepalive bodies, Response.redirected) are not here: 25, 27, 36, 50-53.
#include <gtest/gtest.h>

#include "chain_rows.hpp"

namespace {

using namespace v11;

class Chain : public ::testing::TestWithParam<ChainRow> {};

TEST_P(Chain, AnswersAsTheStandardSays) {
  const ChainRow& row = GetParam();
  SCOPED_TRACE(row.source);
  EXPECT_EQ(render(chain_answer(row.input)), row.expected);
}

INSTANTIATE_TEST_SUITE_P(Rows, Chain, ::testing::ValuesIn(chain_rows()),
                         [](const ::testing::TestParamInfo<ChainRow>& row) { return row.param.name; });

// --- The redirect limit (digest §1.6; WPT redirect/redirect-count.any.js) -----

TEST(RedirectLimit, Row29TwentyRedirectsSucceed) {
  ChainCase c = loop_of(20, "/r");
  c.hops.push_back(hop(resp(200, {acao(kPage)})));
  const ChainAnswer a = chain_answer(c);
  EXPECT_EQ(a.outcome, "allowed");
  ASSERT_TRUE(a.final_response);
  EXPECT_EQ(a.final_response->redirect_count, 20);
  EXPECT_EQ(a.final_response->status, 200);
  EXPECT_EQ(a.hops.size(), 21u);
}

TEST(RedirectLimit, Row30TheTwentyFirstRedirectFails) {
  const ChainAnswer a = chain_answer(loop_of(21, "/r"));
  EXPECT_EQ(a.outcome, "blocked-redirect");
  EXPECT_EQ(a.error_hop, std::optional<std::size_t>(20));
  ASSERT_EQ(a.hops.size(), 21u);
  ASSERT_TRUE(a.hops[20].redirect);
  EXPECT_EQ(a.hops[20].redirect->error, std::optional<std::string>("redirect-limit"));
  EXPECT_FALSE(a.hops[20].redirect->followed);
  EXPECT_TRUE(a.hops[19].redirect->followed);
}

TEST(RedirectLimit, Row46EmptyLocationLoopsUntilTheLimit) {
  // digest §1.2 step 7 / §5 row 46: an empty Location resolves to the
  // response's own URL (WPT pins only that `follow` rejects).
  const ChainAnswer a = chain_answer(loop_of(21, ""));
  EXPECT_EQ(a.outcome, "blocked-redirect");
  EXPECT_EQ(a.error_hop, std::optional<std::size_t>(20));
  EXPECT_EQ(a.hops[20].url, "https://api.example/r");
  EXPECT_EQ(a.hops[20].redirect->error, std::optional<std::string>("redirect-limit"));
}

TEST(RedirectLimit, CorsCheckOfTheTwentyFirstRedirectWinsOverTheLimit) {
  // digest §1.6 / §6.6: the CORS check (HTTP fetch step 4.4) runs before the
  // count check (HTTP-redirect fetch step 7).
  const ChainAnswer a = chain_answer(loop_of(21, "/r", true));
  EXPECT_EQ(a.outcome, "blocked-response");
  EXPECT_EQ(a.error_hop, std::optional<std::size_t>(20));
  ASSERT_TRUE(a.hops[20].cors_check);
  EXPECT_EQ(a.hops[20].cors_check->error, std::optional<std::string>("acao-missing"));
}

TEST(RedirectLimit, ManualModeDoesNotCount) {
  // digest §1.4: manual never counts redirects.
  const ChainAnswer a = chain_answer(chain(request("GET", "https://api.example/r"),
                                           {hop(resp(302, {acao(kPage), location("/r")}))}, "manual"));
  ASSERT_TRUE(a.final_response);
  EXPECT_EQ(a.final_response->redirect_count, 0);
}

// --- The v1 fields describe the failing hop, or the final one -----------------

TEST(V1Fields, DescribeTheFailingHop) {
  // Row 13: the preflight at hop 1 fails.
  const ChainAnswer a = chain_answer(chain(
      request("GET", kPage + "/r", {{"X-W3C", "1"}}),
      {hop(resp(302, {location("https://api.example/x")})), hop(resp(204, {acao(kPage)}), resp(200, {acao(kPage)}))}));
  EXPECT_EQ(a.outcome, "blocked-preflight");
  EXPECT_TRUE(a.needs_preflight);
  ASSERT_TRUE(a.preflight);
  EXPECT_EQ(a.preflight->method, "GET");
  EXPECT_EQ(a.preflight->request_headers, std::optional<std::string>("x-w3c"));
  EXPECT_FALSE(a.preflight->ok);
  EXPECT_EQ(a.preflight->error, std::optional<std::string>("header-not-allowed"));
  EXPECT_FALSE(a.cors_check);
  EXPECT_FALSE(a.exposed_headers);
}

TEST(V1Fields, DescribeTheFinalHop) {
  // Row 12: hop 0 is basic (no preflight), hop 1 preflights and passes.
  const ChainAnswer a = chain_answer(
      chain(request("GET", kPage + "/r", {{"X-W3C", "1"}}),
            {hop(resp(302, {location("https://api.example/x")})),
             hop(resp(204, {acao(kPage), acah("x-w3c")}), resp(200, {acao(kPage), {"X-Data", "1"}}))}));
  EXPECT_EQ(a.outcome, "allowed");
  EXPECT_TRUE(a.needs_preflight);
  ASSERT_TRUE(a.preflight);
  EXPECT_TRUE(a.preflight->ok);
  EXPECT_EQ(a.preflight->max_age, std::optional<long long>(5));
  ASSERT_TRUE(a.cors_check);
  EXPECT_TRUE(a.cors_check->ok);
  EXPECT_FALSE(a.error_hop);
}

// --- bad-case --------------------------------------------------------------------

TEST(BadCase, HopUrlDifferentFromTheComputedOne) {
  ChainCase c = chain(request("GET", "https://api.example/r"),
                      {hop(resp(302, {acao(kPage), location("/x")})), hop(resp(200, {acao(kPage)}))});
  c.hops[1].url = "https://api.example/y";
  const ChainAnswer a = chain_answer(c);
  EXPECT_EQ(a.outcome, "bad-case");
  EXPECT_NE(a.detail.find("https://api.example/y"), std::string::npos);
  EXPECT_NE(a.detail.find("https://api.example/x"), std::string::npos);
}

TEST(BadCase, HopUrlsAreComparedAsUrls) {
  ChainCase c = chain(request("GET", "https://api.example"),
                      {hop(resp(302, {acao(kPage), location("/x")})), hop(resp(200, {acao(kPage)}))});
  c.hops[0].url = "HTTPS://API.example:443";  // serializes to https://api.example/
  c.hops[1].url = "https://api.example/x#any";  // fragments excluded (decisions page)
  EXPECT_EQ(chain_answer(c).outcome, "allowed");
}

TEST(BadCase, UnknownRedirectModeAndCredentials) {
  EXPECT_EQ(chain_answer(chain(request("GET", "https://api.example/r"), {}, "follow-me")).outcome, "bad-case");
  EXPECT_EQ(chain_answer(chain(request("GET", "https://api.example/r", {}, "sometimes"), {})).outcome, "bad-case");
}

}  // namespace

// --- Hop 0 follows the v1 rules (v1.1-notes.md, open question 1), which
// take the origin of an http(s) URL from the URL Standard since 0.2.0 -------

namespace {

TEST(Hop0, AUrlTheUrlStandardRejectsIsForbiddenInAChainAsInV1) {
  const BrowserRequest r = request("GET", "https://a b.example/x");
  EXPECT_EQ(browser_answer(BrowserExchange{r, std::nullopt, resp(200, {acao(kPage)})}).outcome, "forbidden-request");
  EXPECT_EQ(chain_answer(chain(r, {hop(resp(200, {acao(kPage)}))})).outcome, "forbidden-request");
}

TEST(Hop0, OriginIsTheUrlStandardsAsOnLaterHops) {
  // https://0x7f.1 is https://127.0.0.1 on hop 0 as on the redirect target:
  // a same-origin redirect (Authorization kept, the page's Origin sent).
  const ChainAnswer a = chain_answer(chain(request("GET", "https://0x7f.1/r", {{"Authorization", "Basic dTpw"}}),
                                           {hop(resp(204, {acao(kPage), acah("authorization")}),
                                                resp(302, {acao(kPage), location("/x")})),
                                            hop(resp(200, {acao(kPage)}))}));
  ASSERT_EQ(a.hops.size(), 2u);
  EXPECT_EQ(a.hops[0].url, "https://127.0.0.1/r");
  EXPECT_EQ(a.hops[1].url, "https://127.0.0.1/x");
  EXPECT_EQ(a.hops[1].removed_headers, std::vector<std::string>{});
  EXPECT_EQ(a.hops[1].origin_header, std::optional<std::string>(kPage));
}

}  // namespace

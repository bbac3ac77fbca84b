// Protocol v1.1 mode `browser-session`: the reference model's CORS-preflight
// cache (Fetch §4.9, as written) against the worked sequences of
// shared/fetch-redirect-cache-digest.md §2.9, its literal-spec quirks (§2.8),
// the cache-clearing rule (§2.6), and the WPT rows of §5 about the cache.
// Each fetch is rendered as "<outcome> pre=[<cache verdict per hop>]
// cache={<live entries after it>}", an entry as "origin url credentials
// method=|header=value max_age stored_at" (v11_support.hpp).
#include <gtest/gtest.h>

#include "session_rows.hpp"

namespace {

using namespace v11;

class Session : public ::testing::TestWithParam<SessionRow> {};

TEST_P(Session, FollowsTheFetchStandardCache) {
  const SessionRow& row = GetParam();
  SCOPED_TRACE(row.source);
  SessionCase session;
  session.fetches = row.fetches;
  session.report_cache = true;
  const SessionAnswer answer = session_answer(session);
  ASSERT_EQ(answer.outcome, "") << answer.detail;
  ASSERT_EQ(answer.fetches.size(), row.expected.size());
  for (std::size_t i = 0; i < row.expected.size(); ++i) {
    EXPECT_EQ(render_fetch(answer.fetches[i]), row.expected[i]) << "fetch " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Rows, Session, ::testing::ValuesIn(session_rows()),
                         [](const ::testing::TestParamInfo<SessionRow>& row) { return row.param.name; });

TEST(SessionInput, DecreasingTimeIsBadCase) {
  SessionCase session;
  session.fetches = {at(5, chain(request("GET", X), {hop(resp(200, {acao(O)}))})),
                     at(4, chain(request("GET", X), {hop(resp(200, {acao(O)}))}))};
  const SessionAnswer answer = session_answer(session);
  EXPECT_EQ(answer.outcome, "bad-case");
  EXPECT_TRUE(answer.fetches.empty());
}

TEST(SessionInput, CacheAfterOnlyWithReportCache) {
  SessionCase session;
  session.fetches = {at(0, chain(request("PUT", X), {hop(resp(204, {acao(O), acam("PUT")}), resp(200, {acao(O)}))}))};
  const SessionAnswer answer = session_answer(session);
  ASSERT_EQ(answer.fetches.size(), 1u);
  EXPECT_FALSE(answer.fetches[0].cache_after.has_value());
  EXPECT_EQ(answer.fetches[0].answer.hops.at(0).preflight->cache, "miss");
}

TEST(SessionInput, AChainCaseStartsWithAnEmptyCache) {
  // Protocol: "every case starts with an empty cache": chain_answer twice in a
  // row preflights twice.
  const ChainCase c = chain(request("PUT", X), {hop(resp(204, {acao(O), acam("PUT"), acma("600")}), resp(200, {acao(O)}))});
  EXPECT_EQ(chain_answer(c).hops.at(0).preflight->cache, "miss");
  EXPECT_EQ(chain_answer(c).hops.at(0).preflight->cache, "miss");
}

}  // namespace

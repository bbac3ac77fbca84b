// audit/tests/fuzz_test.cpp — the request generator, the shrinker, the
// replay filters and the fuzz report renderings (no server; the live runs
// are live_test.cpp and the fuzz_e2e_* ctest tests).
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "corsproof/fuzz.hpp"
#include "corsproof/generate.hpp"
#include "corsproof/replay.hpp"
#include "corsproof/shrink.hpp"

namespace {

using corsproof::audit::probe;
using corsproof::audit::request_generator;

corsproof::policy_config sample_policy() {
  corsproof::policy_config c;
  c.allow_origins = {"https://app.example.com", "https://*.partner.example",
                     "re:^https://[a-z0-9-]+\\.tenant\\.example\\.org$"};
  c.allow_methods = {"GET", "POST", "PUT", "PATCH"};
  c.allow_headers = {"content-type", "x-api-key", "authorization"};
  c.allow_credentials = true;
  return c;
}

constexpr const char* url = "http://127.0.0.1:8080/";

std::string header(const probe& p, std::string_view name) {
  for (const auto& [n, v] : p.headers)
    if (corsproof::iequals(n, name)) return v;
  return {};
}

std::size_t count(const probe& p, std::string_view name) {
  return static_cast<std::size_t>(std::count_if(p.headers.begin(), p.headers.end(),
                                                [&](const auto& h) { return corsproof::iequals(h.first, name); }));
}

// ---- policy_samples and the generator ------------------------------------

TEST(SamplePolicy, ListsWhatThePolicyAllows) {
  const auto cfg = sample_policy();
  const auto pol = corsproof::compile_policy(cfg);
  ASSERT_TRUE(pol.ok());
  const auto s = corsproof::audit::sample_policy(cfg, *pol.value, url);
  EXPECT_EQ(s.allowed_origins, (std::vector<std::string>{"https://app.example.com", "https://app.partner.example",
                                                         "https://app.tenant.example.org"}));
  ASSERT_EQ(s.wildcards.size(), 1U);
  EXPECT_EQ(s.wildcards[0].suffix, "partner.example");
  EXPECT_EQ(s.regex_samples, (std::vector<std::string>{"https://app.tenant.example.org"}));
  EXPECT_EQ(s.methods, (std::vector<std::string>{"GET", "POST", "PUT", "PATCH", "HEAD"}));
  EXPECT_EQ(s.header_names, (std::vector<std::string>{"authorization", "content-type", "x-api-key"}));
  // The target's own origin is never a sample (that would be same-origin).
  const auto own = corsproof::audit::sample_policy(cfg, *pol.value, "https://app.example.com/api");
  EXPECT_EQ(std::count(own.allowed_origins.begin(), own.allowed_origins.end(), "https://app.example.com"), 0);
}

TEST(RequestGenerator, SameSeedSameRequests) {
  request_generator a(sample_policy(), url, 42), b(sample_policy(), url, 42), c(sample_policy(), url, 43);
  bool differs = false;
  for (int i = 0; i < 2000; ++i) {
    const probe x = a.next(), y = b.next(), z = c.next();
    ASSERT_EQ(x.method, y.method) << i;
    ASSERT_EQ(x.headers, y.headers) << i;
    ASSERT_EQ(x.purpose, y.purpose) << i;
    differs = differs || x.headers != z.headers || x.method != z.method;
  }
  EXPECT_TRUE(differs);
}

TEST(RequestGenerator, CoversTheIssuesShapes) {
  request_generator g(sample_policy(), url, 7);
  std::map<std::string, int> seen;
  auto note = [&](const std::string& what, bool yes) {
    if (yes) ++seen[what];
  };
  const std::vector<std::string> purposes{
      "letter case", "default port spelled out", "other scheme", "trailing dot", "one character changed",
      "suffix bypass", "prefix bypass", "subdomain", "wildcard: one label", "wildcard: many labels",
      "wildcard: empty label", "wildcard: bare suffix", "wildcard: suffix glued", "regex: a dot replaced",
      "regex: text appended", "null", "malformed", "unlisted", "method: listed", "method: safelisted",
      "method: lower case", "method: substring", "method: not a token", "untidy", "tidy", "over two headers",
      "private network", "a second Origin", "a second Access-Control-Request-Method", "two Origin headers",
      "no Origin", "actual GET", "actual POST", "actual OPTIONS"};
  for (int i = 0; i < 30000; ++i) {
    const probe r = g.next();
    EXPECT_EQ(r.id, "g" + std::to_string(i + 1));
    for (const auto& p : purposes) note(p, r.purpose.find(p) != std::string::npos);
    const std::string acrh = header(r, "Access-Control-Request-Headers");
    note("acrh authorization", acrh.find("authorization") != std::string::npos);
    note("acrh star", acrh.find('*') != std::string::npos);
    note("acrh empty element", acrh.find(",,") != std::string::npos);
    note("acrh tab", acrh.find('\t') != std::string::npos);
    note("acrh space", acrh.find(' ') != std::string::npos);
    note("acrh upper case", std::any_of(acrh.begin(), acrh.end(), [](char c) { return c >= 'A' && c <= 'Z'; }));
    note("acrh listed", acrh.find("x-api-key") != std::string::npos);
    note("acrh unlisted", acrh.find("x-corsproof-unlisted") != std::string::npos);
    note("acrpn", count(r, "Access-Control-Request-Private-Network") == 1);
    note("two origins", count(r, "Origin") == 2);
    note("two acrm", count(r, "Access-Control-Request-Method") == 2);
    note("preflight", r.method == "OPTIONS" && count(r, "Access-Control-Request-Method") > 0);
    note("app.example.com.", header(r, "Origin") == "https://app.example.com.");
    note("https://app.example.com:443", header(r, "Origin") == "https://app.example.com:443");
    note("https://partner.example", header(r, "Origin") == "https://partner.example");
    note("https://.partner.example", header(r, "Origin") == "https://.partner.example");
    note("lower-case method", header(r, "Access-Control-Request-Method") == "patch" ||
                                  header(r, "Access-Control-Request-Method") == "put");
    // Actual requests use common methods only (servers refuse others before CORS).
    if (count(r, "Access-Control-Request-Method") == 0) {
      EXPECT_TRUE(r.method == "GET" || r.method == "HEAD" || r.method == "POST" || r.method == "PUT" ||
                  r.method == "DELETE" || r.method == "PATCH" || r.method == "OPTIONS")
          << r.method;
    }
    // A repeated Origin is never empty (HTTP parsers drop empty fields).
    if (count(r, "Origin") > 1) {
      for (const auto& [n, v] : r.headers) {
        if (n == "Origin") {
          EXPECT_FALSE(v.empty());
        }
      }
    }
  }
  for (const auto& p : purposes) EXPECT_GT(seen[p], 0) << p;
  for (const char* k : {"acrh authorization", "acrh star", "acrh empty element", "acrh tab", "acrh space",
                        "acrh upper case", "acrh listed", "acrh unlisted", "acrpn", "two origins", "two acrm",
                        "preflight", "app.example.com.", "https://app.example.com:443", "https://partner.example",
                        "https://.partner.example", "lower-case method"})
    EXPECT_GT(seen[k], 0) << k;
  // Mostly preflights and actual requests with an Origin.
  EXPECT_GT(seen["preflight"], 12000);
}

// ---- the shrinker ---------------------------------------------------------

corsproof::audit::policy_samples samples() {
  const auto cfg = sample_policy();
  const auto pol = corsproof::compile_policy(cfg);
  return corsproof::audit::sample_policy(cfg, *pol.value, url);
}

TEST(Shrink, EditDistance) {
  using corsproof::audit::edit_distance;
  EXPECT_EQ(edit_distance("", ""), 0U);
  EXPECT_EQ(edit_distance("abc", ""), 3U);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3U);
  EXPECT_EQ(edit_distance("https://APP.example.com", "https://app.example.com"), 3U);
}

TEST(Shrink, SizeOrdersHeadersThenElementsThenDistance) {
  const auto s = samples();
  using corsproof::audit::size_of;
  probe a{"a", "", "OPTIONS", {{"Origin", "https://app.example.com"}, {"Access-Control-Request-Method", "PUT"}}};
  probe b = a;
  b.headers.emplace_back("Access-Control-Request-Headers", "x-api-key");
  EXPECT_LT(size_of(a, s), size_of(b, s));
  probe c = b;
  c.headers.back().second = "x-api-key,content-type";
  EXPECT_LT(size_of(b, s), size_of(c, s));
  probe d = a;
  d.headers[0].second = "https://APP.example.com";
  EXPECT_LT(size_of(a, s), size_of(d, s));
  EXPECT_EQ(size_of(a, s).distance, 0U);
  EXPECT_EQ(size_of(d, s).distance, 3U);
  probe get{"g", "", "GET", {{"Origin", "null"}}}, del{"d", "", "DELETE", {{"Origin", "null"}}};
  EXPECT_LT(size_of(get, s), size_of(del, s));
}

TEST(Shrink, CandidatesAreSmallerAndDistinct) {
  const auto s = samples();
  request_generator g(sample_policy(), url, 3);
  for (int i = 0; i < 300; ++i) {
    const probe r = g.next();
    const auto here = corsproof::audit::size_of(r, s);
    std::set<std::pair<std::string, corsproof::audit::header_pairs>> seen;
    for (const probe& c : corsproof::audit::shrink_candidates(r, s)) {
      EXPECT_LT(corsproof::audit::size_of(c, s), here) << r.purpose;
      EXPECT_TRUE(seen.emplace(c.method, c.headers).second) << "duplicate candidate";
      EXPECT_EQ(c.id, r.id);
      for (std::size_t k = 0; k < c.headers.size(); ++k) {
        // a value is never emptied (HTTP parsers drop empty fields)
        if (c.headers[k].second.empty()) {
          bool was_empty = false;
          for (const auto& h : r.headers) was_empty = was_empty || (h.first == c.headers[k].first && h.second.empty());
          EXPECT_TRUE(was_empty);
        }
      }
    }
  }
}

// A stand-in server: the predicate decides from the request alone.
template <typename F>
corsproof::audit::shrink_result shrink_with(const probe& start, F fails, std::size_t* calls = nullptr) {
  const auto s = samples();
  return corsproof::audit::shrink(
      start, s,
      [&](const std::vector<probe>& batch) {
        std::vector<bool> out;
        for (const auto& r : batch) out.push_back(fails(r));
        if (calls != nullptr) *calls += batch.size();
        return out;
      },
      5000, 8);
}

TEST(Shrink, ReducesToOneUpperCaseLetterOfTheListedOrigin) {
  probe start{"g1", "", "OPTIONS",
              {{"Cookie", "a=1"},
               {"Origin", "HTTPS://APP.EXAMPLE.COM"},
               {"Access-Control-Request-Method", "put"},
               {"Access-Control-Request-Headers", "X-Api-Key ,, Content-Type"}}};
  // "fails" while the Origin has an upper-case letter.
  auto fails = [](const probe& r) {
    const std::string o = header(r, "Origin");
    return std::any_of(o.begin(), o.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  };
  const auto res = shrink_with(start, fails);
  EXPECT_TRUE(res.complete);
  ASSERT_EQ(res.minimal.headers.size(), 1U);
  EXPECT_EQ(res.minimal.headers[0].first, "Origin");
  EXPECT_EQ(corsproof::audit::edit_distance(res.minimal.headers[0].second, "https://app.example.com"), 1U);
  EXPECT_TRUE(fails(res.minimal));
  EXPECT_EQ(res.minimal.method, "GET");  // no longer a preflight: the simplest method
  EXPECT_GT(res.steps, 3U);
}

TEST(Shrink, KeepsWhatTheFailureNeedsAndTidiesTheRest) {
  probe start{"g2", "", "OPTIONS",
              {{"Origin", "https://app.example.com"},
               {"Access-Control-Request-Method", "PUT"},
               {"Access-Control-Request-Headers", " X-Api-Key,\tAuthorization ,,x-foo"},
               {"Access-Control-Request-Private-Network", "TRUE"}}};
  // "fails" while a preflight from an origin asks for x-foo (in any case).
  auto fails = [](const probe& r) {
    std::string v = header(r, "Access-Control-Request-Headers");
    for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return r.method == "OPTIONS" && !header(r, "Origin").empty() &&
           !header(r, "Access-Control-Request-Method").empty() && v.find("x-foo") != std::string::npos;
  };
  const auto res = shrink_with(start, fails);
  EXPECT_TRUE(res.complete);
  EXPECT_EQ(res.minimal.headers,
            (corsproof::audit::header_pairs{{"Origin", "https://app.example.com"},
                                            {"Access-Control-Request-Method", "PUT"},
                                            {"Access-Control-Request-Headers", "x-foo"}}));
}

TEST(Shrink, MovesAMethodTowardTheNearestListedOne) {
  probe start{"g3", "", "OPTIONS",
              {{"Origin", "https://app.partner.example"}, {"Access-Control-Request-Method", "XPATCHX"}}};
  // a substring check: fails while the method is a proper substring of "GET,POST,PUT,PATCH" or holds "PATCH".
  auto fails = [](const probe& r) {
    const std::string m = header(r, "Access-Control-Request-Method");
    return m.find("ATC") != std::string::npos && m != "PATCH";
  };
  const auto res = shrink_with(start, fails);
  EXPECT_TRUE(res.complete);
  const std::string m = header(res.minimal, "Access-Control-Request-Method");
  EXPECT_EQ(corsproof::audit::edit_distance(m, "PATCH"), 1U) << m;
  EXPECT_NE(m.find("ATC"), std::string::npos);
}

TEST(Shrink, StopsAtTheBudgetAndWhenStopped) {
  probe start{"g4", "", "GET", {{"Origin", "HTTPS://APP.EXAMPLE.COM"}, {"Cookie", "x"}}};
  const auto s = samples();
  std::size_t calls = 0;
  auto res = corsproof::audit::shrink(
      start, s,
      [&](const std::vector<probe>& b) {
        calls += b.size();
        return std::vector<bool>(b.size(), false);
      },
      3, 8);
  EXPECT_FALSE(res.complete);
  EXPECT_EQ(res.requests, 3U);
  EXPECT_EQ(calls, 3U);
  res = corsproof::audit::shrink(
      start, s, [](const std::vector<probe>&) { return std::vector<bool>(); }, 100, 8);
  EXPECT_FALSE(res.complete);
  EXPECT_EQ(res.minimal.headers, start.headers);
}

// ---- replay's policy filter ----------------------------------------------

TEST(PolicyFilter, ParsesAndMatches) {
  std::string error;
  auto f1 = corsproof::audit::parse_policy_filter("allow_private_network!=true", error);
  ASSERT_TRUE(f1) << error;
  auto f2 = corsproof::audit::parse_policy_filter("max_age!=null", error);
  ASSERT_TRUE(f2) << error;
  auto f3 = corsproof::audit::parse_policy_filter("preflight_status=204", error);
  ASSERT_TRUE(f3) << error;
  const auto obj = [](const char* text) { return boost::json::parse(text).as_object(); };
  EXPECT_TRUE(corsproof::audit::policy_passes(obj(R"({"allow_origins":["*"],"max_age":5})"), {*f1, *f2}));
  EXPECT_FALSE(corsproof::audit::policy_passes(obj(R"({"allow_origins":["*"]})"), {*f1, *f2}));  // max_age absent = null
  EXPECT_FALSE(corsproof::audit::policy_passes(obj(R"({"allow_origins":["*"],"max_age":5,"allow_private_network":true})"),
                                               {*f1, *f2}));
  EXPECT_FALSE(corsproof::audit::policy_passes(obj(R"({"allow_origins":["*"]})"), {*f3}));  // absent is null, not 204
  EXPECT_TRUE(corsproof::audit::policy_passes(obj(R"({"allow_origins":["*"],"preflight_status":204.0})"), {*f3}));
  EXPECT_FALSE(corsproof::audit::parse_policy_filter("allow_origin=1", error));
  EXPECT_NE(error.find("unknown policy field"), std::string::npos);
  EXPECT_FALSE(corsproof::audit::parse_policy_filter("max_age", error));
  EXPECT_FALSE(corsproof::audit::parse_policy_filter("allow_origins=[\"*\"", error));
  EXPECT_NE(error.find("not JSON"), std::string::npos);
}

// ---- renderings -------------------------------------------------------------

corsproof::audit::fuzz_report made_up_report() {
  corsproof::audit::fuzz_report r;
  r.url = "http://127.0.0.1:9/";
  r.seed = 5;
  r.requests = 10;
  r.answered = 9;
  r.elapsed = std::chrono::milliseconds(500);
  r.stopped_by = "requests";
  const auto cfg = sample_policy();
  const auto pol = corsproof::compile_policy(cfg);
  corsproof::audit::exchange ex;
  ex.request = probe{"g3", "actual GET", "GET", {{"Origin", "https://evil.example"}}};
  ex.status = 200;
  ex.headers = {{"Access-Control-Allow-Origin", "https://evil.example"}, {"Access-Control-Allow-Credentials", "true"}};
  const auto req = corsproof::audit::views(ex.request.headers);
  const auto obs = corsproof::audit::views(ex.headers);
  ex.audit = corsproof::audit::audit_answer(*pol.value, "GET", corsproof::header_list(req.data(), req.size()), 200,
                                            corsproof::header_list(obs.data(), obs.size()));
  corsproof::audit::fuzz_finding f;
  f.code = "grants-denied-request";
  f.kind = corsproof::request_kind::actual;
  f.hits = 4;
  f.first = ex;
  f.minimal = ex;
  f.minimal.request.id = "g3-min";
  f.detail = ex.audit.findings.front().detail;
  r.findings.push_back(f);
  r.failures.push_back({corsproof::audit::failure_kind::timeout, 1, probe{"g7", "", "GET", {}}, "Timeout was reached"});
  r.failing.push_back(ex);
  r.failing_total = 1;
  return r;
}

TEST(FuzzReport, TextNamesEachFindingWithItsReproducer) {
  const auto r = made_up_report();
  EXPECT_FALSE(r.conforms());
  EXPECT_EQ(r.failed(), 1U);
  const std::string t = corsproof::audit::render_fuzz_text(r);
  EXPECT_NE(t.find("error grants-denied-request on actual requests (4 of 10 requests; first: g3)"), std::string::npos)
      << t;
  EXPECT_NE(t.find("minimal request: GET; Origin: https://evil.example"), std::string::npos);
  EXPECT_NE(t.find("reproduce: curl -sS -i -H 'Origin: https://evil.example' 'http://127.0.0.1:9/'"),
            std::string::npos);
  EXPECT_NE(t.find("failure timeout (1 requests; first: g7)"), std::string::npos);
  EXPECT_NE(t.find("seed 5"), std::string::npos);
  EXPECT_NE(t.find("does not conform"), std::string::npos);
}

TEST(FuzzReport, JsonAndJsonLines) {
  const auto r = made_up_report();
  const auto j = corsproof::audit::fuzz_report_to_json(r);
  EXPECT_EQ(j.at("findings").as_array().size(), 1U);
  EXPECT_EQ(j.at("findings").as_array()[0].at("code").as_string(), "grants-denied-request");
  EXPECT_EQ(j.at("failures").as_array()[0].at("kind").as_string(), "timeout");
  EXPECT_FALSE(j.at("conforms").as_bool());
  const auto policy = boost::json::parse(R"({"allow_origins":["https://app.example.com"]})").as_object();
  const std::string lines = corsproof::audit::failing_exchanges_jsonl(r, policy);
  std::size_t n = 0;
  for (std::size_t at = 0; (at = lines.find('\n', at)) != std::string::npos; ++at) ++n;
  EXPECT_EQ(n, 2U);  // the minimal one, then the kept failing exchange
  const auto first = boost::json::parse(lines.substr(0, lines.find('\n'))).as_object();
  EXPECT_EQ(first.at("id").as_string(), "min-grants-denied-request-actual");
  EXPECT_EQ(first.at("mode").as_string(), "audit");
  EXPECT_EQ(first.at("expect").at("conforms").as_bool(), false);
  EXPECT_EQ(first.at("observed").at("status").as_int64(), 200);
}

}  // namespace

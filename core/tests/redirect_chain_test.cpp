// corsproof/redirect.hpp: one fetch() through a redirect chain, row by row.
// Each row is a chain and the whole decision rendered on one line:
//   "<outcome> err=<hop|-> final=<(url status count type)|-> needs=<(hop what url)|->
//    | [i] METHOD url origin=<value|-> tainting cred=<0|1> removed=<names|->
//      pre=<-|(cache ACRM ACRH|- ok|error|pending max_age|-)> status=<n|->
//      cors=<-|ok|error> redirect=<-|(location|- followed|stopped error|-)> | ..."
// Page origin O = https://app.example; A = https://api.example; B =
// https://b.example. Sources: Fetch main fetch step 12, HTTP fetch steps
// 4-6, HTTP-redirect fetch steps 3-18, "redirect-taint", CORS-preflight fetch;
// docs/protocol-decisions.md "Redirect chains"; digest rows of
// shared/fetch-redirect-cache-digest.md §5.
#include <array>
#include <memory>

#include "test_support.hpp"

namespace corsproof::test {
namespace {

const std::string O = "https://app.example";
const std::string A = "https://api.example";
const std::string B = "https://b.example";

struct hop_spec {
  std::optional<std::string> url;
  std::optional<std::pair<int, pairs>> preflight;
  std::optional<std::pair<int, pairs>> response;
};

hop_spec respond(int status, pairs headers) { return {std::nullopt, std::nullopt, std::make_pair(status, headers)}; }
hop_spec respond(int pre_status, pairs pre, int status, pairs headers) {
  return {std::nullopt, std::make_pair(pre_status, pre), std::make_pair(status, headers)};
}

struct chain_spec {
  std::string origin = O;
  std::string url;
  std::string method = "GET";
  pairs headers;
  credentials_mode credentials = credentials_mode::same_origin;
  redirect_mode redirect = redirect_mode::follow;
  std::vector<hop_spec> hops;
};

// Owns everything a chain_request and its hops view.
struct chain_fixture {
  header_store request_headers;
  std::vector<header_store> stores;
  std::vector<http_response> responses;
  std::vector<chain_hop> hops;
  chain_request request;

  explicit chain_fixture(const chain_spec& s) : request_headers(s.headers) {
    stores.reserve(s.hops.size() * 2);
    responses.resize(s.hops.size() * 2);
    hops.resize(s.hops.size());
    for (std::size_t i = 0; i < s.hops.size(); ++i) {
      if (s.hops[i].url) {
        hops[i].has_url = true;
        hops[i].url = *s.hops[i].url;
      }
      if (s.hops[i].preflight) {
        stores.emplace_back(s.hops[i].preflight->second);
        responses[2 * i] = http_response{s.hops[i].preflight->first, stores.back().list()};
        hops[i].preflight_response = &responses[2 * i];
      }
      if (s.hops[i].response) {
        stores.emplace_back(s.hops[i].response->second);
        responses[2 * i + 1] = http_response{s.hops[i].response->first, stores.back().list()};
        hops[i].response = &responses[2 * i + 1];
      }
    }
    request.request = browser_request{s.origin, s.url, s.method, request_headers.list(), s.credentials, false};
    request.redirect = s.redirect;
  }
};

std::string dash(bool has, std::string_view v) { return has ? std::string(v) : std::string("-"); }

std::string render(const chain_decision& d) {
  if (d.status != eval_status::ok) return "status=" + std::string(to_string(d.status));
  std::string out = std::string(to_string(d.outcome));
  out += " err=" + (d.has_error_hop ? std::to_string(d.error_hop) : std::string("-"));
  out += " final=" + (d.has_final ? "(" + std::string(d.final_response.url) + " " + std::to_string(d.final_response.status) +
                                        " " + std::to_string(d.final_response.redirect_count) + " " +
                                        std::string(to_string(d.final_response.type)) + ")"
                                  : std::string("-"));
  out += " needs=" + (d.has_needs ? "(" + std::to_string(d.needs.hop) + " " + std::string(to_string(d.needs.what)) +
                                        " " + std::string(d.needs.url) + ")"
                                  : std::string("-"));
  for (std::size_t i = 0; i < d.hop_count; ++i) {
    const chain_hop_record& h = d.hops[i];
    out += " | [" + std::to_string(i) + "] " + std::string(h.method) + " " + std::string(h.url);
    out += " origin=" + dash(h.has_origin_header, h.origin_header) + " " + std::string(to_string(h.tainting));
    out += std::string(" cred=") + (h.credentials_sent ? "1" : "0");
    std::string removed;
    for (std::string_view n : h.removed_headers.view()) removed += (removed.empty() ? "" : ",") + std::string(n);
    out += " removed=" + (removed.empty() ? std::string("-") : removed);
    if (!h.needs_preflight) {
      out += " pre=-";
    } else {
      const hop_preflight& p = h.preflight;
      const std::string verdict =
          p.ok ? "ok" : (p.error != browser_error::none ? std::string(to_string(p.error)) : std::string("pending"));
      out += " pre=(" + std::string(to_string(p.cache)) + " " + std::string(p.method) + " " +
             dash(p.has_request_headers, p.request_headers) + " " + verdict + " " +
             (p.has_max_age ? std::to_string(p.max_age) : std::string("-")) + ")";
    }
    out += " status=" + (h.has_status ? std::to_string(h.status) : std::string("-"));
    out += " cors=" + (h.cors_check_done ? (h.cors_check_ok ? std::string("ok") : std::string(to_string(h.cors_check_error)))
                                         : std::string("-"));
    if (!h.is_redirect) {
      out += " redirect=-";
    } else {
      out += " redirect=(" + dash(h.redirect.has_location, h.redirect.location) +
             (h.redirect.followed ? " followed " : " stopped ") +
             (h.redirect.error == redirect_error::none ? std::string("-") : std::string(to_string(h.redirect.error))) +
             ")";
    }
  }
  return out;
}

struct chain_row {
  std::string name;
  const char* spec;
  chain_spec in;
  std::string expected;
};
CORSPROOF_ROW_PRINTER(chain_row)

std::string expand(std::string s) {
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"{O}", O}, {"{A}", A}, {"{B}", B}}) {
    for (std::size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += to.size()) s.replace(at, from.size(), to);
  }
  return s;
}

chain_decision run(const chain_spec& s, preflight_cache* cache, double now = 0) {
  const chain_fixture f(s);
  auto d = std::make_unique<chain_decision>();
  std::vector<char> out(chain_output_capacity);
  evaluate_chain(f.request, f.hops, cache, now, *d, out);
  // Its views point into `out` and `f`, gone on return: callers read only
  // statuses, flags, enums and counts.
  chain_decision copy = *d;
  return copy;
}

std::string run_rendered(const chain_spec& s, preflight_cache* cache, double now = 0) {
  const chain_fixture f(s);
  auto d = std::make_unique<chain_decision>();
  std::vector<char> out(chain_output_capacity);
  evaluate_chain(f.request, f.hops, cache, now, *d, out);
  return render(*d);
}

constexpr const char* kTaint = "Fetch \"redirect-taint\", \"serializing a request origin\"; main fetch step 12; digest §1.3";
constexpr const char* kPath = "Fetch main fetch step 12 (basic while same origin, cors from the first cross-origin hop)";
constexpr const char* kMethod = "Fetch HTTP-redirect fetch step 12 (301/302 POST, 303 non-GET/HEAD -> GET, body headers deleted)";
constexpr const char* kAuth = "Fetch HTTP-redirect fetch step 13 (Authorization deleted across origins)";
constexpr const char* kMode = "Fetch HTTP fetch step 6.3 (redirect mode), after the CORS check of step 4.4";
constexpr const char* kLocation = "Fetch \"location URL\"; HTTP-redirect fetch steps 3-6; decisions: repeated Location";
constexpr const char* kCreds = "Fetch HTTP-redirect fetch steps 9-10 (userinfo)";
constexpr const char* kPreflight = "Fetch HTTP fetch step 4.1 with the hop's current method and headers; digest §1.8";
constexpr const char* kProtocol = "protocol v1.1 / decisions: Redirect chains (incomplete, forbidden-request, bad-case)";

std::vector<chain_row> rows() {
  const pairs acao_o = {{"Access-Control-Allow-Origin", O}};
  return {
      {"RemoteToRemoteIsTainted", kTaint,
       {O, A + "/r", "GET", {}, credentials_mode::same_origin, redirect_mode::follow,
        {respond(302, {{"Access-Control-Allow-Origin", O}, {"Location", B + "/x"}}),
         respond(200, {{"Access-Control-Allow-Origin", "null"}})}},
       "allowed err=- final=({B}/x 200 1 cors) needs=-"
       " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=ok redirect=({B}/x followed -)"
       " | [1] GET {B}/x origin=null cors cred=0 removed=- pre=- status=200 cors=ok redirect=-"},
      {"LocalToRemoteStartsBasicNeverBack", kPath,
       {O, O + "/a", "GET", {}, credentials_mode::same_origin, redirect_mode::follow,
        {respond(301, {{"Location", A + "/x"}}), respond(303, {{"Access-Control-Allow-Origin", O}, {"Location", O + "/b"}}),
         respond(200, {{"Access-Control-Allow-Origin", "*"}})}},
       "allowed err=- final=({O}/b 200 2 cors) needs=-"
       " | [0] GET {O}/a origin=- basic cred=1 removed=- pre=- status=301 cors=- redirect=({A}/x followed -)"
       " | [1] GET {A}/x origin={O} cors cred=0 removed=- pre=- status=303 cors=ok redirect=({O}/b followed -)"
       " | [2] GET {O}/b origin=null cors cred=0 removed=- pre=- status=200 cors=ok redirect=-"},
      {"PostJsonThrough302BecomesASimpleGet", kMethod,
       {O, O + "/a", "POST", {{"Content-Type", "application/json"}, {"Content-Language", "en"}},
        credentials_mode::same_origin, redirect_mode::follow,
        {respond(302, {{"Location", A + "/x"}}), respond(200, acao_o)}},
       "allowed err=- final=({A}/x 200 1 cors) needs=-"
       " | [0] POST {O}/a origin={O} basic cred=1 removed=- pre=- status=302 cors=- redirect=({A}/x followed -)"
       " | [1] GET {A}/x origin={O} cors cred=0 removed=content-language,content-type pre=- status=200 cors=ok redirect=-"},
      {"PostJsonThrough307NeedsAPreflight", kPreflight,
       {O, O + "/a", "POST", {{"Content-Type", "application/json"}}, credentials_mode::same_origin, redirect_mode::follow,
        {respond(307, {{"Location", A + "/x"}}),
         respond(204, {{"Access-Control-Allow-Origin", O}, {"Access-Control-Allow-Headers", "content-type"}}, 200,
                 acao_o)}},
       "allowed err=- final=({A}/x 200 1 cors) needs=-"
       " | [0] POST {O}/a origin={O} basic cred=1 removed=- pre=- status=307 cors=- redirect=({A}/x followed -)"
       " | [1] POST {A}/x origin={O} cors cred=0 removed=- pre=(miss POST content-type ok 5) status=200 cors=ok "
       "redirect=-"},
      {"AuthorizationRemovedLeavesNoPreflight", kAuth,
       {O, O + "/a", "GET", {{"Authorization", "Basic dTpw"}}, credentials_mode::same_origin, redirect_mode::follow,
        {respond(302, {{"Location", A + "/x"}}), respond(200, acao_o)}},
       "allowed err=- final=({A}/x 200 1 cors) needs=-"
       " | [0] GET {O}/a origin=- basic cred=1 removed=- pre=- status=302 cors=- redirect=({A}/x followed -)"
       " | [1] GET {A}/x origin={O} cors cred=0 removed=authorization pre=- status=200 cors=ok redirect=-"},
      {"ErrorModeFailsEvenWithoutLocation", kMode,
       {O, A + "/r", "GET", {}, credentials_mode::same_origin, redirect_mode::error, {respond(302, acao_o)}},
       "blocked-redirect err=0 final=- needs=-"
       " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=ok redirect=(- stopped "
       "redirect-disallowed)"},
      {"ManualModeIsAnOpaqueRedirectAfterTheCorsCheck", kMode,
       {O, A + "/r", "GET", {}, credentials_mode::same_origin, redirect_mode::manual,
        {respond(302, {{"Access-Control-Allow-Origin", O}, {"Location", "data:,x"}})}},
       "opaque-redirect err=- final=({A}/r 0 0 opaqueredirect) needs=-"
       " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=ok redirect=(- stopped -)"},
      {"ManualModeCorsCheckFailsFirst", kMode,
       {O, A + "/r", "GET", {}, credentials_mode::same_origin, redirect_mode::manual,
        {respond(302, {{"Location", "/x"}})}},
       "blocked-response err=0 final=- needs=-"
       " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=acao-missing redirect=(- stopped -)"},
      {"NoLocationIsTheFinalResponse", kLocation,
       {O, A + "/r", "GET", {}, credentials_mode::same_origin, redirect_mode::follow, {respond(302, acao_o)}},
       "allowed err=- final=({A}/r 302 0 cors) needs=-"
       " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=ok redirect=(- stopped -)"},
      {"RepeatedLocationIsInvalid", kLocation,
       {O, A + "/r", "GET", {}, credentials_mode::same_origin, redirect_mode::follow,
        {respond(302, {{"Access-Control-Allow-Origin", O}, {"Location", "/x"}, {"location", "/x"}})}},
       "blocked-redirect err=0 final=- needs=-"
       " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=ok redirect=(- stopped "
       "redirect-location-invalid)"},
      {"RelativeLocationAndFragmentInheritance", kLocation,
       {O, A + "/d/e#f", "GET", {}, credentials_mode::same_origin, redirect_mode::follow,
        {respond(302, {{"Access-Control-Allow-Origin", O}, {"Location", " ../x?q "}}), respond(200, acao_o)}},
       "allowed err=- final=({A}/x?q 200 1 cors) needs=-"
       " | [0] GET {A}/d/e origin={O} cors cred=0 removed=- pre=- status=302 cors=ok redirect=({A}/x?q#f followed -)"
       " | [1] GET {A}/x?q origin={O} cors cred=0 removed=- pre=- status=200 cors=ok redirect=-"},
      {"NonHttpLocationScheme", kLocation,
       {O, A + "/r", "GET", {}, credentials_mode::same_origin, redirect_mode::follow,
        {respond(302, {{"Access-Control-Allow-Origin", O}, {"Location", "data:,hello"}})}},
       "blocked-redirect err=0 final=- needs=-"
       " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=ok redirect=(data:,hello stopped "
       "redirect-scheme)"},
      {"UserinfoOnACrossOriginLocation", kCreds,
       {O, O + "/a", "GET", {}, credentials_mode::same_origin, redirect_mode::follow,
        {respond(302, {{"Location", "https://u:p@api.example/x"}})}},
       "blocked-redirect err=0 final=- needs=-"
       " | [0] GET {O}/a origin=- basic cred=1 removed=- pre=- status=302 cors=- redirect=(https://u:p@api.example/x "
       "stopped redirect-credentials)"},
      {"UserinfoSameOriginWhileBasicIsFollowed", kCreds,
       {O, O + "/a", "GET", {}, credentials_mode::same_origin, redirect_mode::follow,
        {respond(302, {{"Location", "https://u@app.example/b"}}), respond(200, {})}},
       "allowed err=- final=(https://u@app.example/b 200 1 basic) needs=-"
       " | [0] GET {O}/a origin=- basic cred=1 removed=- pre=- status=302 cors=- redirect=(https://u@app.example/b "
       "followed -)"
       " | [1] GET https://u@app.example/b origin=- basic cred=1 removed=- pre=- status=200 cors=- redirect=-"},
      {"PreflightAtTheFirstCrossOriginHop", kPreflight,
       {O, O + "/a", "PUT", {}, credentials_mode::include, redirect_mode::follow,
        {respond(307, {{"Location", A + "/x"}}),
         respond(204, {{"Access-Control-Allow-Origin", O}, {"Access-Control-Allow-Credentials", "true"}}, 200,
                 acao_o)}},
       "blocked-preflight err=1 final=- needs=-"
       " | [0] PUT {O}/a origin={O} basic cred=1 removed=- pre=- status=307 cors=- redirect=({A}/x followed -)"
       " | [1] PUT {A}/x origin={O} cors cred=1 removed=- pre=(miss PUT - method-not-allowed -) status=- cors=- "
       "redirect=-"},
      {"IncompleteAtTheMissingPreflight", kProtocol,
       {O, A + "/x", "PUT", {}, credentials_mode::same_origin, redirect_mode::follow, {respond(200, acao_o)}},
       "incomplete err=- final=- needs=(0 preflight_response {A}/x)"
       " | [0] PUT {A}/x origin={O} cors cred=0 removed=- pre=(miss PUT - pending -) status=- cors=- redirect=-"},
      {"IncompleteWithoutHops", kProtocol,
       {O, A + "/x", "GET", {}, credentials_mode::same_origin, redirect_mode::follow, {}},
       "incomplete err=- final=- needs=(0 response {A}/x)"
       " | [0] GET {A}/x origin={O} cors cred=0 removed=- pre=- status=- cors=- redirect=-"},
      {"ForbiddenRequestMakesNoHop", kProtocol,
       {O, "https://a b.example/x", "GET", {}, credentials_mode::same_origin, redirect_mode::follow,
        {respond(200, acao_o)}},
       "forbidden-request err=- final=- needs=-"},
      {"HopUrlMismatchIsBadCase", kProtocol,
       {O, A + "/r", "GET", {}, credentials_mode::same_origin, redirect_mode::follow,
        {respond(302, {{"Access-Control-Allow-Origin", O}, {"Location", "/x"}}),
         hop_spec{std::string(A + "/y"), std::nullopt, std::make_pair(200, acao_o)}}},
       "status=invalid input"},
      {"HopUrlComparedAsUrlsWithoutFragments", kProtocol,
       {O, A + "/r", "GET", {}, credentials_mode::same_origin, redirect_mode::follow,
        {hop_spec{std::string("HTTPS://API.example:443/r#z"), std::nullopt,
                  std::make_pair(200, pairs{{"Access-Control-Allow-Origin", O}})}}},
       "allowed err=- final=({A}/r 200 0 cors) needs=-"
       " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=200 cors=ok redirect=-"},
  };
}

class Chain : public ::testing::TestWithParam<chain_row> {};

TEST_P(Chain, FollowsTheFetchStandard) {
  const chain_row& row = GetParam();
  SCOPED_TRACE(row.spec);
  preflight_cache cache;
  EXPECT_EQ(run_rendered(row.in, &cache), expand(row.expected));
}

INSTANTIATE_TEST_SUITE_P(Rows, Chain, ::testing::ValuesIn(rows()),
                         [](const ::testing::TestParamInfo<chain_row>& r) { return r.param.name; });

chain_spec loop(std::size_t n, const std::string& location, bool last_without_acao = false) {
  chain_spec s{O, A + "/r", "GET", {}, credentials_mode::same_origin, redirect_mode::follow, {}};
  for (std::size_t i = 0; i < n; ++i) {
    pairs h = {{"Location", location}};
    if (!(last_without_acao && i + 1 == n)) h.emplace_back("Access-Control-Allow-Origin", O);
    s.hops.push_back(respond(302, h));
  }
  return s;
}

// HTTP-redirect fetch steps 7-8; digest §1.6; WPT redirect-count.
TEST(RedirectLimit, TwentyRedirectsAndNotOneMore) {
  preflight_cache cache;
  chain_spec twenty = loop(20, "/r");
  twenty.hops.push_back(respond(200, {{"Access-Control-Allow-Origin", O}}));
  const chain_decision ok = run(twenty, &cache);
  EXPECT_EQ(ok.outcome, chain_outcome::allowed);
  EXPECT_EQ(ok.final_response.redirect_count, 20U);
  EXPECT_EQ(ok.hop_count, 21U);
  const chain_decision limit = run(loop(21, "/r"), &cache);
  EXPECT_EQ(limit.outcome, chain_outcome::blocked_redirect);
  EXPECT_EQ(limit.error_hop, 20U);
  EXPECT_EQ(limit.hops[20].redirect.error, redirect_error::limit);
  // The CORS check of the 21st redirect comes first (HTTP fetch step 4.4).
  const chain_decision cors = run(loop(21, "/r", true), &cache);
  EXPECT_EQ(cors.outcome, chain_outcome::blocked_response);
  EXPECT_EQ(cors.hops[20].cors_check_error, browser_error::acao_missing);
  // An empty Location is the hop's own URL: it loops until the limit.
  EXPECT_EQ(run(loop(21, ""), &cache).hops[20].redirect.error, redirect_error::limit);
}

// Protocol: "every case starts with an empty cache, which the hops of one
// chain share": a chain back to a URL it preflighted hits; without a cache
// (nullptr) every preflight is sent.
TEST(ChainCache, HopsShareTheCache) {
  const pairs ok_pre = {{"Access-Control-Allow-Origin", O}, {"Access-Control-Allow-Methods", "PUT"},
                        {"Access-Control-Max-Age", "600"}};
  const chain_spec s{O,
                     A + "/r",
                     "PUT",
                     {},
                     credentials_mode::same_origin,
                     redirect_mode::follow,
                     {respond(204, ok_pre, 307, {{"Access-Control-Allow-Origin", O}, {"Location", "/r"}}),
                      respond(204, ok_pre, 200, {{"Access-Control-Allow-Origin", O}})}};
  preflight_cache cache;
  const chain_decision with = run(s, &cache);
  EXPECT_EQ(with.hops[0].preflight.cache, cache_verdict::miss);
  EXPECT_EQ(with.hops[1].preflight.cache, cache_verdict::hit);
  EXPECT_FALSE(with.hops[1].preflight.has_max_age);
  const chain_decision without = run(s, nullptr);
  EXPECT_EQ(without.hops[1].preflight.cache, cache_verdict::miss);
  EXPECT_TRUE(without.hops[1].preflight.has_max_age);
}

// Main fetch step 12: a network error on the preflight branch clears the
// entries of the request's origin and current URL (the failing hop's).
TEST(ChainCache, FailureClearsTheFailingHopsEntries) {
  preflight_cache cache;
  const pairs ok_pre = {{"Access-Control-Allow-Origin", O}, {"Access-Control-Allow-Methods", "PUT"},
                        {"Access-Control-Max-Age", "600"}};
  const chain_spec fails{O, A + "/x", "PUT", {}, credentials_mode::same_origin, redirect_mode::follow,
                         {respond(204, ok_pre, 200, {})}};
  EXPECT_EQ(run(fails, &cache, 0).outcome, chain_outcome::blocked_response);
  EXPECT_FALSE(cache.method_match({O, A + "/x", false}, "PUT", 1));
  const chain_spec passes{O, A + "/x", "PUT", {}, credentials_mode::same_origin, redirect_mode::follow,
                          {respond(204, ok_pre, 200, {{"Access-Control-Allow-Origin", O}})}};
  EXPECT_EQ(run(passes, &cache, 1).outcome, chain_outcome::allowed);
  EXPECT_TRUE(cache.method_match({O, A + "/x", false}, "PUT", 2));
}

// Every answer fits chain_output_capacity; a smaller buffer gives the whole
// answer or output_too_small, never a truncated one.
TEST(ChainBuffer, WholeOrOutputTooSmall) {
  const chain_spec s = rows()[3].in;  // two hops, a preflight with request headers
  const chain_fixture f(s);
  auto d = std::make_unique<chain_decision>();
  for (std::size_t size = 0; size < 200; ++size) {
    std::vector<char> out(size);
    preflight_cache cache;
    evaluate_chain(f.request, f.hops, &cache, 0, *d, out);
    if (d->status == eval_status::ok) {
      EXPECT_EQ(render(*d), expand(rows()[3].expected)) << size;
    } else {
      EXPECT_EQ(d->status, eval_status::output_too_small) << size;
    }
  }
}

// Bounds as browser mode, and URLs of at most max_url_bytes.
TEST(ChainBounds, LimitExceeded) {
  preflight_cache cache;
  chain_spec long_url{O, A + "/" + std::string(max_url_bytes, 'a'), "GET", {}, credentials_mode::same_origin,
                      redirect_mode::follow, {respond(200, {})}};
  EXPECT_EQ(run(long_url, &cache).status, eval_status::limit_exceeded);
  chain_spec long_location{O, A + "/r", "GET", {}, credentials_mode::same_origin, redirect_mode::follow,
                           {respond(302, {{"Access-Control-Allow-Origin", O}, {"Location", "/" + std::string(3000, ' ') + "x"}})}};
  EXPECT_EQ(run(long_location, &cache).status, eval_status::limit_exceeded);
  chain_spec many_headers{O, A + "/r", "GET", {}, credentials_mode::same_origin, redirect_mode::follow, {}};
  for (int i = 0; i < 257; ++i) many_headers.headers.emplace_back("X-" + std::to_string(i), "1");
  EXPECT_EQ(run(many_headers, &cache).status, eval_status::limit_exceeded);
  // A hop's response: 33 headers of 8 KiB are over the 256 KiB of names and
  // values, 31 are within it.
  const auto big_response = [](std::size_t n) {
    std::vector<std::pair<std::string, std::string>> h{{"Access-Control-Allow-Origin", "*"}};
    for (std::size_t i = 0; i < n; ++i) h.emplace_back("X-" + std::to_string(i), std::string(8192, 'v'));
    return h;
  };
  chain_spec big{O, A + "/r", "GET", {}, credentials_mode::omit, redirect_mode::follow, {respond(200, big_response(31))}};
  EXPECT_EQ(run(big, &cache).status, eval_status::ok);
  big.hops = {respond(200, big_response(33))};
  EXPECT_EQ(run(big, &cache).status, eval_status::limit_exceeded);
  chain_spec bad_origin{"https://APP.example", A + "/r", "GET", {}, credentials_mode::same_origin,
                        redirect_mode::follow, {respond(200, {})}};
  EXPECT_EQ(run(bad_origin, &cache).status, eval_status::invalid_input);
}

// The redirect-step helpers.
TEST(RedirectSteps, MethodRewriteTable) {
  // HTTP-redirect fetch step 12; digest §1.5.
  EXPECT_TRUE(redirect_rewrites_method(301, "POST"));
  EXPECT_TRUE(redirect_rewrites_method(302, "POST"));
  EXPECT_FALSE(redirect_rewrites_method(301, "PUT"));
  EXPECT_FALSE(redirect_rewrites_method(302, "post"));  // compared after normalization: custom methods byte-exact
  EXPECT_TRUE(redirect_rewrites_method(303, "PUT"));
  EXPECT_TRUE(redirect_rewrites_method(303, "TESTING"));
  EXPECT_FALSE(redirect_rewrites_method(303, "GET"));
  EXPECT_FALSE(redirect_rewrites_method(303, "HEAD"));
  EXPECT_FALSE(redirect_rewrites_method(307, "POST"));
  EXPECT_FALSE(redirect_rewrites_method(308, "POST"));
  EXPECT_TRUE(is_request_body_header_name("Content-TYPE"));
  EXPECT_TRUE(is_request_body_header_name("content-location"));
  EXPECT_FALSE(is_request_body_header_name("Content-Length"));
  EXPECT_TRUE(is_redirect_status(308));
  EXPECT_FALSE(is_redirect_status(300));
  EXPECT_FALSE(is_redirect_status(304));
}

TEST(RedirectSteps, ProtocolSpellings) {
  EXPECT_EQ(to_string(redirect_error::credentials), "redirect-credentials");
  EXPECT_EQ(to_string(redirect_error::location_invalid), "redirect-location-invalid");
  EXPECT_EQ(to_string(chain_outcome::opaque_redirect), "opaque-redirect");
  EXPECT_EQ(to_string(needed_input::preflight_response), "preflight_response");
  EXPECT_EQ(to_string(response_type::opaqueredirect), "opaqueredirect");
  EXPECT_EQ(to_string(cache_verdict::partial), "partial");
  EXPECT_EQ(to_string(redirect_mode::manual), "manual");
}

}  // namespace
}  // namespace corsproof::test

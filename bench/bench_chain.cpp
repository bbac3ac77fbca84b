// Protocol v1.1 through the core: corsproof::evaluate_chain (a fetch()
// through its redirects) and corsproof::preflight_cache (a session's
// fetches sharing the CORS-preflight cache), and the URL parser they use.
// One item = one chain (or one URL).
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "common.hpp"

namespace {

using namespace corsproof_bench;
using pairs = std::vector<std::pair<std::string, std::string>>;

constexpr const char* page = "https://app.example";

// The page's PUT with a JSON body to api.example. `two_preflights` false:
// hop 0 preflights, its 303 to /v2/x (same origin) turns it into a plain
// GET, whose 302 to cdn.example taints the chain (hop 2 is judged against
// `null`). true: the first redirect is a 307, so hop 1 is still a PUT with
// a JSON body, to another URL, and preflights again; its 303 leads to the
// tainted GET.
struct three_hop_chain {
  owned_headers request_headers{pairs{{"Content-Type", "application/json"}}};
  owned_headers preflight_headers{pairs{{"Access-Control-Allow-Origin", page},
                                        {"Access-Control-Allow-Methods", "PUT, DELETE"},
                                        {"Access-Control-Allow-Headers", "content-type"},
                                        {"Access-Control-Max-Age", "600"}}};
  owned_headers to_v2_headers{pairs{{"Access-Control-Allow-Origin", page}, {"Location", "/v2/x"}}};
  owned_headers to_cdn_headers{pairs{{"Access-Control-Allow-Origin", page}, {"Location", "https://cdn.example/r?id=1"}}};
  owned_headers final_headers{pairs{{"Access-Control-Allow-Origin", "null"},
                                    {"Access-Control-Expose-Headers", "x-cache"},
                                    {"Content-Type", "application/json"},
                                    {"X-Cache", "HIT"}}};
  corsproof::http_response preflight{204, preflight_headers.list()};
  corsproof::http_response r303_v2{303, to_v2_headers.list()};
  corsproof::http_response r307_v2{307, to_v2_headers.list()};
  corsproof::http_response r302_cdn{302, to_cdn_headers.list()};
  corsproof::http_response r303_cdn{303, to_cdn_headers.list()};
  corsproof::http_response final_response{200, final_headers.list()};
  std::vector<corsproof::chain_hop> hops;
  corsproof::chain_request request;

  explicit three_hop_chain(bool two_preflights) {
    if (two_preflights) {
      hops = {{false, {}, &preflight, &r307_v2}, {false, {}, &preflight, &r303_cdn}, {false, {}, nullptr, &final_response}};
    } else {
      hops = {{false, {}, &preflight, &r303_v2}, {false, {}, nullptr, &r302_cdn}, {false, {}, nullptr, &final_response}};
    }
    request.request = corsproof::browser_request{page, "https://api.example/x", "PUT", request_headers.list(),
                                                 corsproof::credentials_mode::same_origin, false};
  }
};

// A chain case: the cache is cleared before each chain (every chain case
// starts with an empty cache).
void BM_Chain_ThreeHops(benchmark::State& state, bool two_preflights) {
  const three_hop_chain c(two_preflights);
  corsproof::preflight_cache cache;
  auto decision = std::make_unique<corsproof::chain_decision>();
  std::vector<char> out(corsproof::chain_output_capacity);
  corsproof::evaluate_chain(c.request, c.hops, &cache, 0, *decision, out);
  if (decision->status != corsproof::eval_status::ok || decision->outcome != corsproof::chain_outcome::allowed ||
      decision->hop_count != 3 || !decision->hops[0].needs_preflight ||
      decision->hops[1].needs_preflight != two_preflights || decision->hops[2].origin_header != "null") {
    state.SkipWithError("unexpected chain decision");
    return;
  }
  alloc_meter meter;
  for (auto _ : state) {
    cache.clear();
    corsproof::evaluate_chain(c.request, c.hops, &cache, 0, *decision, out);
    benchmark::DoNotOptimize(decision->outcome);
  }
  meter.report(state);
}
BENCHMARK_CAPTURE(BM_Chain_ThreeHops, one_preflight, false);
BENCHMARK_CAPTURE(BM_Chain_ThreeHops, two_preflights, true);

// A session fetch that hits the cache: a preflighted PUT whose method and
// header entries are live, among `range(0)` other cached URLs, so no
// preflight is sent; one hop, CORS-checked.
void BM_Session_CacheHit(benchmark::State& state) {
  const owned_headers request_headers(pairs{{"Content-Type", "application/json"}, {"X-Request-Id", "42"}});
  const owned_headers preflight_headers(pairs{{"Access-Control-Allow-Origin", page},
                                              {"Access-Control-Allow-Methods", "PUT"},
                                              {"Access-Control-Allow-Headers", "content-type, x-request-id"},
                                              {"Access-Control-Max-Age", "600"}});
  const owned_headers response_headers(pairs{{"Access-Control-Allow-Origin", page}, {"Content-Type", "text/plain"}});
  const corsproof::http_response preflight{204, preflight_headers.list()};
  const corsproof::http_response response{200, response_headers.list()};
  corsproof::preflight_cache cache;
  for (std::int64_t i = 0; i < state.range(0); ++i) {
    const std::string url = cat("https://api.example/item/", std::to_string(i));
    if (cache.store({page, url, false}, preflight_headers.list(), 600, 0) != corsproof::eval_status::ok) {
      state.SkipWithError("cache store failed");
      return;
    }
  }
  const corsproof::chain_hop first[] = {{false, {}, &preflight, &response}};
  const corsproof::chain_hop hit[] = {{false, {}, nullptr, &response}};
  corsproof::chain_request request;
  request.request = corsproof::browser_request{page, "https://api.example/x", "PUT", request_headers.list(),
                                               corsproof::credentials_mode::same_origin, false};
  auto decision = std::make_unique<corsproof::chain_decision>();
  std::vector<char> out(corsproof::chain_output_capacity);
  corsproof::evaluate_chain(request, first, &cache, 0, *decision, out);
  corsproof::evaluate_chain(request, hit, &cache, 10, *decision, out);
  if (decision->status != corsproof::eval_status::ok || decision->outcome != corsproof::chain_outcome::allowed ||
      decision->hops[0].preflight.cache != corsproof::cache_verdict::hit) {
    state.SkipWithError("no cache hit");
    return;
  }
  alloc_meter meter;
  for (auto _ : state) {
    corsproof::evaluate_chain(request, hit, &cache, 10, *decision, out);
    benchmark::DoNotOptimize(decision->outcome);
  }
  meter.report(state);
}
BENCHMARK(BM_Session_CacheHit)->Arg(0)->Arg(1000);

// The URL parser on a Location resolved against a hop URL.
void BM_UrlParse(benchmark::State& state, std::string input) {
  std::vector<char> base_buffer(corsproof::max_url_bytes), out(corsproof::max_url_bytes);
  const corsproof::url_parse_result base =
      corsproof::parse_url("https://api.example/v1/items/42?view=full#top", nullptr, base_buffer);
  if (base.status != corsproof::url_status::ok ||
      corsproof::parse_url(input, &base.url, out).status != corsproof::url_status::ok) {
    state.SkipWithError("does not parse");
    return;
  }
  alloc_meter meter;
  for (auto _ : state) {
    const corsproof::url_parse_result r = corsproof::parse_url(input, &base.url, out);
    benchmark::DoNotOptimize(r.url.href);
  }
  meter.report(state);
}
BENCHMARK_CAPTURE(BM_UrlParse, relative, std::string("../v2/items/42?view=full"));
BENCHMARK_CAPTURE(BM_UrlParse, absolute, std::string("https://cdn.example:8443/assets/app.js?v=3#main"));
BENCHMARK_CAPTURE(BM_UrlParse, ipv4_spelling, std::string("https://0x7f.1/x"));

}  // namespace

// Server mode: corsproof::evaluate_server, the hot path of a CORS middleware.
// One item = one decision. Policies are compiled once, outside the timed loop;
// the output buffer (server_output_capacity bytes) is allocated once.
#include <span>
#include <vector>

#include "common.hpp"

namespace {

using namespace corsproof_bench;
using corsproof::server_reason;

// Evaluates `r` against `p` in the timed loop. Warm-up first (RE2's lazy DFA
// builds its states on the first inputs it sees), then counting.
void run(benchmark::State& state, const corsproof::policy& p, const owned_request& r, bool allowed,
         server_reason reason) {
  if (!expect_server(state, p, r, allowed, reason)) return;
  std::vector<char> buffer(corsproof::server_output_capacity);
  const std::span<char> out(buffer);
  const corsproof::server_request req = r.view();
  for (int i = 0; i < 1000; ++i) {
    corsproof::server_decision d = corsproof::evaluate_server(p, req, out);
    benchmark::DoNotOptimize(d);
  }
  alloc_meter meter;
  for (auto _ : state) {
    corsproof::server_decision d = corsproof::evaluate_server(p, req, out);
    benchmark::DoNotOptimize(d);
  }
  meter.report(state);
}

// ---- Allowed preflights: PUT, content-type,x-api-key -----------------------

// Against N exact origins; the request's origin is the middle one.
void BM_ServerPreflight_Exact(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto r = preflight(exact_origin(n / 2));
  run(state, cached_policy(policy_kind::exact, n), *r, true, server_reason::ok);
}
BENCHMARK(BM_ServerPreflight_Exact)->Arg(1)->Arg(16)->Arg(256)->Arg(4096);

// Against N exact origins, each iteration a different allowed origin (all N
// in turn): the hash set's memory, not one hot slot.
void BM_ServerPreflight_ExactRotating(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const corsproof::policy& p = cached_policy(policy_kind::exact, n);
  std::vector<std::unique_ptr<owned_request>> owned;
  std::vector<corsproof::server_request> reqs;
  for (std::size_t i = 0; i < n; ++i) {
    owned.push_back(preflight(exact_origin(i)));
    reqs.push_back(owned.back()->view());
  }
  if (!expect_server(state, p, *owned.back(), true, server_reason::ok)) return;
  std::vector<char> buffer(corsproof::server_output_capacity);
  const std::span<char> out(buffer);
  std::size_t i = 0;
  alloc_meter meter;
  for (auto _ : state) {
    corsproof::server_decision d = corsproof::evaluate_server(p, reqs[i], out);
    benchmark::DoNotOptimize(d);
    if (++i == reqs.size()) i = 0;
  }
  meter.report(state);
}
BENCHMARK(BM_ServerPreflight_ExactRotating)->Arg(16)->Arg(4096);

// The 16-origin preflight carrying the 13 headers a desktop browser sends.
void BM_ServerPreflight_BrowserHeaders(benchmark::State& state) {
  const auto r = browser_like_preflight(exact_origin(8));
  run(state, cached_policy(policy_kind::exact, 16), *r, true, server_reason::ok);
}
BENCHMARK(BM_ServerPreflight_BrowserHeaders);

// Against N `https://*.tenant<i>.example.com` patterns; the request matches
// the last one (every pattern is tried).
void BM_ServerPreflight_Wildcard(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto r = preflight(cat("https://app.tenant", std::to_string(n - 1), ".example.com"));
  run(state, cached_policy(policy_kind::wildcard, n), *r, true, server_reason::ok);
}
BENCHMARK(BM_ServerPreflight_Wildcard)->Arg(1)->Arg(8)->Arg(64);

// Against N `re:` patterns in one RE2::Set; the request matches the last one.
void BM_ServerPreflight_Regex(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto r = preflight(cat("https://app.tenant", std::to_string(n - 1), ".example.org"));
  run(state, cached_policy(policy_kind::regex, n), *r, true, server_reason::ok);
}
BENCHMARK(BM_ServerPreflight_Regex)->Arg(1)->Arg(8)->Arg(64);

// Worst case the bounds allow: 64 requested names of 63 bytes (4095 bytes),
// each listed near the end of a policy of 256 names of 63 bytes.
void BM_ServerPreflight_AtLimitHeaders(benchmark::State& state) {
  const auto r = preflight(exact_origin(8), "PUT", at_limit_request_headers());
  run(state, cached_policy(policy_kind::wide_headers, 16), *r, true, server_reason::ok);
}
BENCHMARK(BM_ServerPreflight_AtLimitHeaders);

// ---- Denied preflights (16 exact origins) ---------------------------------

void BM_ServerPreflight_DeniedUnknownOrigin(benchmark::State& state) {
  const auto r = preflight("https://evil.example.net");
  run(state, cached_policy(policy_kind::exact, 16), *r, false, server_reason::origin_not_allowed);
}
BENCHMARK(BM_ServerPreflight_DeniedUnknownOrigin);

void BM_ServerPreflight_DeniedUnknownOriginRegex(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto r = preflight("https://app.tenant.example.org.evil.example.net");
  run(state, cached_policy(policy_kind::regex, n), *r, false, server_reason::origin_not_allowed);
}
BENCHMARK(BM_ServerPreflight_DeniedUnknownOriginRegex)->Arg(64);

void BM_ServerPreflight_DeniedMethod(benchmark::State& state) {
  const auto r = preflight(exact_origin(8), "PATCH");
  run(state, cached_policy(policy_kind::exact, 16), *r, false, server_reason::method_not_allowed);
}
BENCHMARK(BM_ServerPreflight_DeniedMethod);

void BM_ServerPreflight_DeniedHeader(benchmark::State& state) {
  const auto r = preflight(exact_origin(8), "PUT", "content-type,x-secret");
  run(state, cached_policy(policy_kind::exact, 16), *r, false, server_reason::header_not_allowed);
}
BENCHMARK(BM_ServerPreflight_DeniedHeader);

void BM_ServerPreflight_DeniedMalformedOrigin(benchmark::State& state) {
  const auto r = preflight(cat(exact_origin(8), "/"));  // a trailing slash: has_path
  run(state, cached_policy(policy_kind::exact, 16), *r, false, server_reason::malformed_origin);
}
BENCHMARK(BM_ServerPreflight_DeniedMalformedOrigin);

// ---- Actual requests (16 exact origins) -----------------------------------

void BM_ServerActual_Allowed(benchmark::State& state) {
  const auto r = actual(exact_origin(8), "POST");
  run(state, cached_policy(policy_kind::exact, 16), *r, true, server_reason::ok);
}
BENCHMARK(BM_ServerActual_Allowed);

void BM_ServerActual_DeniedUnknownOrigin(benchmark::State& state) {
  const auto r = actual("https://evil.example.net", "POST");
  run(state, cached_policy(policy_kind::exact, 16), *r, false, server_reason::origin_not_allowed);
}
BENCHMARK(BM_ServerActual_DeniedUnknownOrigin);

// No Origin header: not a CORS request, answered with Vary only.
void BM_ServerNotCors(benchmark::State& state) {
  owned_request r("GET", {{"Host", "api.example.com"}, {"Accept", "application/json"}});
  run(state, cached_policy(policy_kind::exact, 16), r, true, server_reason::ok);
}
BENCHMARK(BM_ServerNotCors);

// 256 request headers (the server bound), Origin last.
void BM_ServerActual_AtLimitHeaderCount(benchmark::State& state) {
  std::vector<std::pair<std::string, std::string>> h;
  for (std::size_t i = 0; i + 1 < corsproof::max_server_request_headers; ++i)
    h.emplace_back(cat("X-Filler-", std::to_string(i)), cat("value ", std::to_string(i)));
  h.emplace_back("Origin", exact_origin(8));
  owned_request r("GET", std::move(h));
  run(state, cached_policy(policy_kind::exact, 16), r, true, server_reason::ok);
}
BENCHMARK(BM_ServerActual_AtLimitHeaderCount);

// ---- The allocation meter itself ------------------------------------------

// Must report allocs=1: proves the counter sees the loop's allocations and
// nothing else.
void BM_AllocMeterSelfCheck(benchmark::State& state) {
  alloc_meter meter;
  for (auto _ : state) {
    auto* p = new int(1);
    benchmark::DoNotOptimize(p);
    delete p;
  }
  meter.report(state);
}
BENCHMARK(BM_AllocMeterSelfCheck);

}  // namespace

// ---- Worst cases within the bounds (linearity: the larger input is four
// times the smaller) --------------------------------------------------------------

namespace {

// A preflight at the bounds, scaled by k (k = 64 is the bound): 4k request
// headers (k of them with 256-byte names besides Origin and the two
// Access-Control-Request-* headers), Access-Control-Request-Headers of k
// names of 63 bytes (64 x 64 = 4096 bytes with the commas: 4095), against a
// policy that lists 256 names of 63 bytes, the requested ones last.
void BM_ServerWorst_Preflight(benchmark::State& state) {
  const auto k = static_cast<std::size_t>(state.range(0));
  std::string acrh;
  for (std::size_t i = 0; i < k; ++i) {
    if (i) acrh += ',';
    acrh += wide_header_name(256 - k + i);
  }
  std::vector<std::pair<std::string, std::string>> h{{"Origin", exact_origin(8)},
                                                     {"Access-Control-Request-Method", "PUT"},
                                                     {"Access-Control-Request-Headers", std::move(acrh)}};
  for (std::size_t i = h.size(); i < 4 * k; ++i) {
    std::string name = cat("x-filler-", std::to_string(i));
    name.resize(256, 'f');
    h.emplace_back(std::move(name), "v");
  }
  const owned_request r("OPTIONS", std::move(h));
  run(state, cached_policy(policy_kind::wide_headers, 16), r, true, server_reason::ok);
}
BENCHMARK(BM_ServerWorst_Preflight)->Arg(16)->Arg(64);

// An origin that matches no entry of N wildcard patterns (N = 65,536 is the
// bound on allow_origins): a host of many labels, so that every "." is a
// candidate suffix.
void BM_ServerWorst_WildcardMiss(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::string host;
  for (int i = 0; i < 60; ++i) host += "a.";
  host += "tenant.example.com";
  const auto r = preflight(cat("https://", host));
  run(state, cached_policy(policy_kind::wildcard, n), *r, false, server_reason::origin_not_allowed);
}
BENCHMARK(BM_ServerWorst_WildcardMiss)->Arg(16384)->Arg(65536);

// The same against N exact origins.
void BM_ServerWorst_ExactMiss(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto r = preflight("https://app.evil.example.net");
  run(state, cached_policy(policy_kind::exact, n), *r, false, server_reason::origin_not_allowed);
}
BENCHMARK(BM_ServerWorst_ExactMiss)->Arg(16384)->Arg(65536);

}  // namespace

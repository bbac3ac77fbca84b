// The parsers of the core, on typical inputs and at corsproof's bounds.
// One item = one parse.
#include <array>
#include <span>
#include <string>
#include <vector>

#include "common.hpp"

namespace {

using namespace corsproof_bench;

// ---- Origin (Origin request header, parse_serialized_origin) --------------

// A 1024-byte origin (max_origin_bytes): https:// + labels of 62 bytes.
std::string origin_at_limit() {
  std::string host;
  const std::string tail = ".example.com";
  const std::size_t host_bytes = corsproof::max_origin_bytes - 8 - tail.size();
  while (host.size() < host_bytes) {
    if (!host.empty()) host += '.';
    host.append(std::min<std::size_t>(62, host_bytes - host.size()), 'a');
  }
  if (host.back() == '.') host.back() = 'b';
  return cat("https://", host, tail);
}

void BM_ParseOrigin(benchmark::State& state, std::string text, bool ok) {
  if (corsproof::parse_serialized_origin(text).ok() != ok) {
    state.SkipWithError("unexpected parse result");
    return;
  }
  alloc_meter meter;
  for (auto _ : state) {
    corsproof::origin_parse_result r = corsproof::parse_serialized_origin(text);
    benchmark::DoNotOptimize(r);
  }
  meter.report(state);
}
BENCHMARK_CAPTURE(BM_ParseOrigin, typical, std::string("https://app.example.com"), true);
BENCHMARK_CAPTURE(BM_ParseOrigin, port, std::string("https://app.example.com:8443"), true);
BENCHMARK_CAPTURE(BM_ParseOrigin, ipv6, std::string("http://[2001:db8:85a3::8a2e:370:7334]:8080"), true);
BENCHMARK_CAPTURE(BM_ParseOrigin, at_limit_1024, origin_at_limit(), true);
BENCHMARK_CAPTURE(BM_ParseOrigin, over_limit_1025, cat(origin_at_limit(), "m"), false);
BENCHMARK_CAPTURE(BM_ParseOrigin, malformed_path, std::string("https://app.example.com/"), false);

// ---- URL origin (write_canonical_origin, browser mode's request URL) -------

void BM_UrlOrigin(benchmark::State& state, std::string url) {
  std::array<char, corsproof::max_origin_bytes + 64> out{};
  if (corsproof::write_canonical_origin(url, out) == 0) {
    state.SkipWithError("URL has no origin");
    return;
  }
  alloc_meter meter;
  for (auto _ : state) {
    std::size_t n = corsproof::write_canonical_origin(url, out);
    benchmark::DoNotOptimize(n);
    benchmark::ClobberMemory();
  }
  meter.report(state);
}
BENCHMARK_CAPTURE(BM_UrlOrigin, typical, std::string("https://api.example.com/v1/items?id=3"));
BENCHMARK_CAPTURE(BM_UrlOrigin, non_canonical, std::string("HTTPS://user:pw@API.Example.COM:443/v1/items?id=3#top"));
BENCHMARK_CAPTURE(BM_UrlOrigin, long_path_8k,
                  cat("https://api.example.com/", std::string(corsproof::max_header_value_bytes - 24, 'p')));

// ---- #token lists (Access-Control-Request-Headers, check_token_list) -------

void BM_TokenList(benchmark::State& state, std::vector<std::pair<std::string, std::string>> pairs,
                  corsproof::list_status expected) {
  const owned_headers h(std::move(pairs));
  const corsproof::list_limits limits = corsproof::request_headers_list_limits;  // the server's bounds
  if (corsproof::check_token_list(h.list(), "access-control-request-headers", limits).status != expected) {
    state.SkipWithError("unexpected list status");
    return;
  }
  alloc_meter meter;
  for (auto _ : state) {
    corsproof::list_check r = corsproof::check_token_list(h.list(), "access-control-request-headers", limits);
    benchmark::DoNotOptimize(r);
  }
  meter.report(state);
}

std::vector<std::pair<std::string, std::string>> acrh(std::string value) {
  return {{"Origin", "https://app.example.com"},
          {"Access-Control-Request-Method", "PUT"},
          {"Access-Control-Request-Headers", std::move(value)}};
}
std::vector<std::pair<std::string, std::string>> acrh_split_8() {
  std::vector<std::pair<std::string, std::string>> h{{"Origin", "https://app.example.com"}};
  for (int i = 0; i < 8; ++i) h.emplace_back("Access-Control-Request-Headers", cat("x-a", std::to_string(i), ", x-b", std::to_string(i)));
  return h;
}
std::string over_limit_65_elements() {
  std::string v;
  for (int i = 0; i < 65; ++i) v += cat(i ? ",x-h" : "x-h", std::to_string(i));
  return v;
}
BENCHMARK_CAPTURE(BM_TokenList, typical, acrh("content-type,x-api-key"), corsproof::list_status::ok);
BENCHMARK_CAPTURE(BM_TokenList, spaced, acrh(" Content-Type , X-Api-Key,, X-Request-Id "), corsproof::list_status::ok);
BENCHMARK_CAPTURE(BM_TokenList, split_over_8_headers, acrh_split_8(), corsproof::list_status::ok);
BENCHMARK_CAPTURE(BM_TokenList, at_limit_64x63, acrh(at_limit_request_headers()), corsproof::list_status::ok);
BENCHMARK_CAPTURE(BM_TokenList, over_limit_65, acrh(over_limit_65_elements()), corsproof::list_status::too_many_elements);
BENCHMARK_CAPTURE(BM_TokenList, not_a_token, acrh("content-type,x api key"), corsproof::list_status::not_a_token);

// ---- Access-Control-Max-Age (extract_max_age) --------------------------------

std::vector<std::pair<std::string, std::string>> typical_preflight_response(std::string max_age) {
  return {{"Date", "Tue, 01 Jul 2025 12:00:00 GMT"},
          {"Access-Control-Allow-Origin", "https://app.example.com"},
          {"Access-Control-Allow-Credentials", "true"},
          {"Access-Control-Allow-Methods", "PUT"},
          {"Access-Control-Allow-Headers", "content-type, x-api-key"},
          {"Access-Control-Max-Age", std::move(max_age)},
          {"Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"},
          {"Content-Length", "0"}};
}
// 256 response headers (the browser bound), Access-Control-Max-Age last with
// an 8192-digit value (saturates at 2^31).
std::vector<std::pair<std::string, std::string>> max_age_at_limit() {
  std::vector<std::pair<std::string, std::string>> h;
  for (std::size_t i = 0; i + 1 < corsproof::max_browser_response_headers; ++i)
    h.emplace_back(cat("X-Filler-", std::to_string(i)), "v");
  h.emplace_back("Access-Control-Max-Age", std::string(corsproof::max_header_value_bytes, '9'));
  return h;
}

void BM_MaxAge(benchmark::State& state, std::vector<std::pair<std::string, std::string>> pairs) {
  const owned_headers h(std::move(pairs));
  if (corsproof::extract_max_age(h.list()).status != corsproof::max_age_status::ok) {
    state.SkipWithError("unexpected max-age status");
    return;
  }
  alloc_meter meter;
  for (auto _ : state) {
    corsproof::max_age_value v = corsproof::extract_max_age(h.list());
    benchmark::DoNotOptimize(v);
  }
  meter.report(state);
}
BENCHMARK_CAPTURE(BM_MaxAge, typical, typical_preflight_response("600"));
BENCHMARK_CAPTURE(BM_MaxAge, at_limit_256_headers_8k_digits, max_age_at_limit());

// ---- Access-Control-Allow-Credentials (allow_credentials_is_true) -----------

std::vector<std::pair<std::string, std::string>> acac_at_limit() {
  std::vector<std::pair<std::string, std::string>> h;
  for (std::size_t i = 0; i + 1 < corsproof::max_browser_response_headers; ++i)
    h.emplace_back(cat("X-Filler-", std::to_string(i)), "v");
  h.emplace_back("Access-Control-Allow-Credentials", " true ");
  return h;
}

void BM_AllowCredentials(benchmark::State& state, std::vector<std::pair<std::string, std::string>> pairs) {
  const owned_headers h(std::move(pairs));
  if (!corsproof::allow_credentials_is_true(h.list())) {
    state.SkipWithError("expected true");
    return;
  }
  alloc_meter meter;
  for (auto _ : state) {
    bool v = corsproof::allow_credentials_is_true(h.list());
    benchmark::DoNotOptimize(v);
  }
  meter.report(state);
}
BENCHMARK_CAPTURE(BM_AllowCredentials, typical, typical_preflight_response("600"));
BENCHMARK_CAPTURE(BM_AllowCredentials, at_limit_256_headers, acac_at_limit());

// ---- CORS-safelisted request-header values (MIME type, Range, languages) ----

void BM_SafelistedRequestHeader(benchmark::State& state, std::string name, std::string value, bool expected) {
  if (corsproof::is_cors_safelisted_request_header(name, value) != expected) {
    state.SkipWithError("unexpected safelisted result");
    return;
  }
  alloc_meter meter;
  for (auto _ : state) {
    bool v = corsproof::is_cors_safelisted_request_header(name, value);
    benchmark::DoNotOptimize(v);
  }
  meter.report(state);
}
BENCHMARK_CAPTURE(BM_SafelistedRequestHeader, content_type_plain, std::string("Content-Type"),
                  std::string("text/plain;charset=UTF-8"), true);
BENCHMARK_CAPTURE(BM_SafelistedRequestHeader, content_type_json, std::string("Content-Type"),
                  std::string("application/json"), false);
BENCHMARK_CAPTURE(BM_SafelistedRequestHeader, range, std::string("Range"), std::string("bytes=0-1023"), true);
BENCHMARK_CAPTURE(BM_SafelistedRequestHeader, content_type_at_limit_128, std::string("Content-Type"),
                  cat("multipart/form-data; boundary=", std::string(128 - 30, 'b')), true);
BENCHMARK_CAPTURE(BM_SafelistedRequestHeader, accept_language_at_limit_128, std::string("Accept-Language"),
                  cat("en-US,en;q=0.9", std::string(128 - 14, 'a')), true);

// ---- Forbidden request-header (X-HTTP-Method-Override value splitting) ------

void BM_ForbiddenRequestHeader(benchmark::State& state, std::string name, std::string value, bool expected) {
  if (corsproof::is_forbidden_request_header(name, value) != expected) {
    state.SkipWithError("unexpected forbidden result");
    return;
  }
  alloc_meter meter;
  for (auto _ : state) {
    bool v = corsproof::is_forbidden_request_header(name, value);
    benchmark::DoNotOptimize(v);
  }
  meter.report(state);
}
BENCHMARK_CAPTURE(BM_ForbiddenRequestHeader, ordinary, std::string("X-Api-Key"), std::string("k-1234567890"), false);
std::string override_at_limit() {
  std::string v;
  while (v.size() + 6 < corsproof::max_header_value_bytes) v += "PATCH,";
  return v + "TRACE";
}
BENCHMARK_CAPTURE(BM_ForbiddenRequestHeader, method_override_at_limit_8k, std::string("X-HTTP-Method-Override"),
                  override_at_limit(), true);

}  // namespace

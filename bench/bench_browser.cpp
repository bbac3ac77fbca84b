// Browser mode: needs-preflight (CORS-unsafe request-header names), the
// preflight checks, the CORS check, and whole exchanges through
// corsproof::evaluate_browser. One item = one decision.
#include <algorithm>
#include <memory>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "common.hpp"

namespace {

using namespace corsproof_bench;
using pairs = std::vector<std::pair<std::string, std::string>>;

// ---- Needs-preflight: CORS-unsafe request-header names ----------------------

pairs simple_get_headers() {
  return {{"Accept", "*/*"}, {"Accept-Language", "en-US,en;q=0.9"}, {"Content-Language", "en"}};
}
pairs form_post_headers() {
  return {{"Accept", "text/html,application/xhtml+xml"}, {"Content-Type", "application/x-www-form-urlencoded"}};
}
pairs json_api_headers() {
  return {{"Accept", "application/json"},
          {"Content-Type", "application/json"},
          {"Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJl"},
          {"X-Api-Key", "k-1234567890"}};
}
// 63-byte header names, distinct for distinct i.
std::string unsafe_name(std::size_t i) { return wide_header_name(i); }
// 256 request headers (the browser bound): 64 distinct unsafe names (the
// bound on distinct names), each four times.
pairs at_limit_request_headers_pairs() {
  pairs h;
  for (std::size_t round = 0; round < 4; ++round)
    for (std::size_t i = 0; i < corsproof::max_unsafe_header_names; ++i)
      h.emplace_back(unsafe_name(63 - i), cat("v", std::to_string(round)));  // reverse order: every insert shifts
  return h;
}

void BM_BrowserNeedsPreflight(benchmark::State& state, pairs headers, std::size_t expected_unsafe) {
  const owned_headers h(std::move(headers));
  std::vector<char> buffer(corsproof::browser_output_capacity);
  const std::span<char> out(buffer);
  corsproof::header_name_set unsafe;
  if (corsproof::cors_unsafe_request_header_names(h.list(), unsafe, out) != corsproof::eval_status::ok ||
      unsafe.count != expected_unsafe) {
    state.SkipWithError("unexpected unsafe names");
    return;
  }
  alloc_meter meter;
  for (auto _ : state) {
    corsproof::eval_status s = corsproof::cors_unsafe_request_header_names(h.list(), unsafe, out);
    benchmark::DoNotOptimize(s);
    benchmark::DoNotOptimize(unsafe);
  }
  meter.report(state);
}
BENCHMARK_CAPTURE(BM_BrowserNeedsPreflight, simple_get, simple_get_headers(), 0);
BENCHMARK_CAPTURE(BM_BrowserNeedsPreflight, form_post, form_post_headers(), 0);
BENCHMARK_CAPTURE(BM_BrowserNeedsPreflight, json_api, json_api_headers(), 3);
BENCHMARK_CAPTURE(BM_BrowserNeedsPreflight, at_limit_256_headers_64_names, at_limit_request_headers_pairs(), 64);

// ---- CORS check ------------------------------------------------------------

pairs response_headers(std::string acao, bool acac) {
  pairs h{{"Date", "Tue, 01 Jul 2025 12:00:00 GMT"},
          {"Content-Type", "application/json"},
          {"Content-Length", "1234"},
          {"Cache-Control", "no-store"},
          {"X-Request-Id", "4bf92f3577b34da6a3ce929d0e0e4736"},
          {"Access-Control-Allow-Origin", std::move(acao)}};
  if (acac) h.emplace_back("Access-Control-Allow-Credentials", "true");
  h.emplace_back("Access-Control-Expose-Headers", "x-request-id");
  h.emplace_back("Vary", "Origin");
  h.emplace_back("Server", "nginx");
  return h;
}

void BM_BrowserCorsCheck(benchmark::State& state, pairs headers, std::string origin, corsproof::credentials_mode mode,
                         corsproof::browser_error expected) {
  const owned_headers h(std::move(headers));
  if (corsproof::cors_check(h.list(), origin, mode) != expected) {
    state.SkipWithError("unexpected CORS check result");
    return;
  }
  alloc_meter meter;
  for (auto _ : state) {
    corsproof::browser_error e = corsproof::cors_check(h.list(), origin, mode);
    benchmark::DoNotOptimize(e);
  }
  meter.report(state);
}
BENCHMARK_CAPTURE(BM_BrowserCorsCheck, wildcard_omit, response_headers("*", false), std::string("https://app.example.com"),
                  corsproof::credentials_mode::omit, corsproof::browser_error::none);
BENCHMARK_CAPTURE(BM_BrowserCorsCheck, credentials, response_headers("https://app.example.com", true),
                  std::string("https://app.example.com"), corsproof::credentials_mode::include,
                  corsproof::browser_error::none);
BENCHMARK_CAPTURE(BM_BrowserCorsCheck, mismatch, response_headers("https://other.example.com", true),
                  std::string("https://app.example.com"), corsproof::credentials_mode::include,
                  corsproof::browser_error::acao_mismatch);

// ---- Whole exchanges through evaluate_browser ---------------------------------

struct exchange_spec {
  std::string origin = "https://app.example.com";
  std::string url = "https://api.example.com/v1/items/42";
  std::string method = "PUT";
  pairs request_headers;
  corsproof::credentials_mode credentials = corsproof::credentials_mode::include;
  std::optional<pairs> preflight;  // status 204
  std::optional<pairs> response;   // status 200
};

class owned_exchange {
 public:
  explicit owned_exchange(exchange_spec s)
      : spec_(std::move(s)), request_(spec_.request_headers),
        preflight_(spec_.preflight ? *spec_.preflight : pairs{}), response_(spec_.response ? *spec_.response : pairs{}) {
    preflight_response_ = {204, preflight_.list()};
    response_response_ = {200, response_.list()};
    ex_.request = {spec_.origin, spec_.url, spec_.method, request_.list(), spec_.credentials, false};
    ex_.preflight_response = spec_.preflight ? &preflight_response_ : nullptr;
    ex_.response = spec_.response ? &response_response_ : nullptr;
  }
  owned_exchange(const owned_exchange&) = delete;
  owned_exchange& operator=(const owned_exchange&) = delete;
  [[nodiscard]] const corsproof::browser_exchange& get() const noexcept { return ex_; }

 private:
  exchange_spec spec_;
  owned_headers request_, preflight_, response_;
  corsproof::http_response preflight_response_, response_response_;
  corsproof::browser_exchange ex_;
};

pairs preflight_response(std::string acah, std::string acam = "PUT") {
  return {{"Date", "Tue, 01 Jul 2025 12:00:00 GMT"},
          {"Access-Control-Allow-Origin", "https://app.example.com"},
          {"Access-Control-Allow-Credentials", "true"},
          {"Access-Control-Allow-Methods", std::move(acam)},
          {"Access-Control-Allow-Headers", std::move(acah)},
          {"Access-Control-Max-Age", "600"},
          {"Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"},
          {"Content-Length", "0"}};
}

pairs put_json_headers() { return {{"Content-Type", "application/json"}, {"X-Api-Key", "k-1234567890"}}; }

exchange_spec preflight_only(std::string acah) {
  exchange_spec s;
  s.request_headers = put_json_headers();
  s.preflight = preflight_response(std::move(acah));
  return s;
}

exchange_spec full_exchange() {
  exchange_spec s = preflight_only("content-type, x-api-key");
  s.response = response_headers("https://app.example.com", true);
  return s;
}

exchange_spec simple_get() {
  exchange_spec s;
  s.method = "GET";
  s.request_headers = simple_get_headers();
  s.credentials = corsproof::credentials_mode::omit;
  s.response = response_headers("*", false);
  return s;
}

// 64 unsafe request-header names of 63 bytes, all listed (in reverse) in the
// preflight response's Access-Control-Allow-Headers.
exchange_spec preflight_at_limit() {
  exchange_spec s;
  std::string acah;
  for (std::size_t i = 0; i < corsproof::max_unsafe_header_names; ++i) {
    s.request_headers.emplace_back(unsafe_name(i), "v");
    if (i) acah += ", ";
    acah += unsafe_name(corsproof::max_unsafe_header_names - 1 - i);
  }
  s.preflight = preflight_response(std::move(acah));
  return s;
}

// The same with the request's headers in a shuffled order (a fixed one):
// the CORS-unsafe names then need a real sort, where the rows above give them
// in order and the sort only checks that.
exchange_spec preflight_at_limit_shuffled() {
  exchange_spec s = preflight_at_limit();
  std::mt19937 rng(64);
  std::shuffle(s.request_headers.begin(), s.request_headers.end(), rng);
  return s;
}

void BM_BrowserExchange(benchmark::State& state, exchange_spec spec, corsproof::browser_outcome expected,
                        bool expect_preflight) {
  const owned_exchange ex(std::move(spec));
  std::vector<char> buffer(corsproof::browser_output_capacity);
  const std::span<char> out(buffer);
  {
    const corsproof::browser_decision d = corsproof::evaluate_browser(ex.get(), out);
    if (d.status != corsproof::eval_status::ok || d.outcome != expected || d.needs_preflight != expect_preflight) {
      state.SkipWithError("unexpected browser decision");
      return;
    }
  }
  alloc_meter meter;
  for (auto _ : state) {
    corsproof::browser_decision d = corsproof::evaluate_browser(ex.get(), out);
    benchmark::DoNotOptimize(d);
  }
  meter.report(state);
}
// The preflight stage only (no actual response): needs-preflight, the
// preflight request, the CORS check on the preflight and the preflight checks.
BENCHMARK_CAPTURE(BM_BrowserExchange, preflight_allowed, preflight_only("content-type, x-api-key"),
                  corsproof::browser_outcome::allowed, true);
BENCHMARK_CAPTURE(BM_BrowserExchange, preflight_denied_header, preflight_only("content-type"),
                  corsproof::browser_outcome::blocked_preflight, true);
BENCHMARK_CAPTURE(BM_BrowserExchange, preflight_at_limit_64_names, preflight_at_limit(),
                  corsproof::browser_outcome::allowed, true);
BENCHMARK_CAPTURE(BM_BrowserExchange, preflight_at_limit_64_names_shuffled, preflight_at_limit_shuffled(),
                  corsproof::browser_outcome::allowed, true);
// Preflight, actual response, CORS check and exposed names.
BENCHMARK_CAPTURE(BM_BrowserExchange, full_put_with_preflight, full_exchange(), corsproof::browser_outcome::allowed,
                  true);
// A simple GET: no preflight; CORS check and exposed names.
BENCHMARK_CAPTURE(BM_BrowserExchange, simple_get, simple_get(), corsproof::browser_outcome::allowed, false);

}  // namespace

// ---- Worst cases within the bounds (linearity: the /252 input is four times
// the /63 one) ------------------------------------------------------------------
//
// Each list at its bound: up to 256 headers of 8 KiB (docs/protocol-decisions.md
// "Bounds"). The element shapes are the most expensive ones per byte: one-byte
// elements ("z,z,z,...": 4096 per value) whose length matches a name that is
// looked up, so that every element is a lookup that misses.

namespace {

// `element` repeated, comma-separated, to exactly `bytes` bytes (commas pad).
std::string dense_value(std::string_view element, std::size_t bytes = corsproof::max_header_value_bytes) {
  std::string v;
  v.reserve(bytes);
  while (v.size() + element.size() + 1 <= bytes) {
    v.append(element);
    v.push_back(',');
  }
  v.resize(bytes, ',');
  return v;
}

// 35 one-byte CORS-unsafe request-header names: 0-9 and a-y (z is the
// element that never matches).
pairs one_byte_unsafe_headers() {
  pairs h;
  for (char c = '0'; c <= '9'; ++c) h.emplace_back(std::string(1, c), "v");
  for (char c = 'a'; c <= 'y'; ++c) h.emplace_back(std::string(1, c), "v");
  return h;
}

pairs cors_preflight_base(std::string acam = "PUT") {
  return {{"Access-Control-Allow-Origin", "https://app.example.com"},
          {"Access-Control-Allow-Credentials", "true"},
          {"Access-Control-Allow-Methods", std::move(acam)}};
}

// The i-th 256-byte header name (the name bound).
std::string max_name(std::size_t i) {
  std::string n = cat("x-long-", std::to_string(1000 + i));
  n.resize(corsproof::max_header_name_bytes, 'n');
  return n;
}

// Request side: `k` request headers with 256-byte names (k / 4 distinct, each
// four times) and 8 KiB values; the preflight lists every name.
exchange_spec worst_request_headers(std::size_t k) {
  exchange_spec s;
  const std::string value(corsproof::max_header_value_bytes, 'v');
  for (std::size_t i = 0; i < k; ++i) s.request_headers.emplace_back(max_name(i % (k / 4)), value);
  pairs p = cors_preflight_base();
  std::string acah;
  for (std::size_t i = 0; i < k / 4; ++i) {
    if (acah.size() + corsproof::max_header_name_bytes + 2 > corsproof::max_header_value_bytes) {
      p.emplace_back("Access-Control-Allow-Headers", std::move(acah));
      acah.clear();
    }
    if (!acah.empty()) acah += ", ";
    acah += max_name(i);
  }
  p.emplace_back("Access-Control-Allow-Headers", std::move(acah));
  s.preflight = std::move(p);
  return s;
}

// Request side: `k` X-HTTP-Method-Override headers of 8 KiB whose values are
// read element by element (Fetch "forbidden request-header"), none forbidden.
exchange_spec worst_method_override(std::size_t k) {
  exchange_spec s;
  const std::string value = dense_value("a");
  for (std::size_t i = 0; i < k; ++i) s.request_headers.emplace_back("X-HTTP-Method-Override", value);
  pairs p = cors_preflight_base();
  p.emplace_back("Access-Control-Allow-Headers", "x-http-method-override");
  s.preflight = std::move(p);
  return s;
}

// A response list of `kib` KiB of `element,` repeated, in values of 8 KiB
// (the last one shorter) under the list's name. At 248 KiB (31 values) the
// response stays within max_response_header_bytes with the few headers
// around it: the most list bytes a response can carry.
void add_dense_list(pairs& p, std::string_view name, std::string_view element, std::size_t kib) {
  for (std::size_t left = kib * 1024; left > 0;) {
    const std::size_t bytes = std::min(left, corsproof::max_header_value_bytes);
    p.emplace_back(std::string(name), dense_value(element, bytes));
    left -= bytes;
  }
}

// Access-Control-Allow-Headers: `kib` KiB of "z" against 35 one-byte
// requested names; every element is a lookup, none matches.
exchange_spec worst_allow_headers(std::size_t kib) {
  exchange_spec s;
  s.request_headers = one_byte_unsafe_headers();
  pairs p = cors_preflight_base();
  add_dense_list(p, "Access-Control-Allow-Headers", "z", kib);
  s.preflight = std::move(p);
  return s;
}

// Access-Control-Allow-Methods: `kib` KiB of "a" against PATCH.
exchange_spec worst_allow_methods(std::size_t kib) {
  exchange_spec s;
  s.method = "PATCH";
  s.request_headers = {};
  pairs p = cors_preflight_base("");
  p.pop_back();  // the base's empty Access-Control-Allow-Methods
  add_dense_list(p, "Access-Control-Allow-Methods", "a", kib);
  s.preflight = std::move(p);
  return s;
}

// Access-Control-Expose-Headers: `kib` KiB of "y" on a response that also has
// a header named "z": every element is a lookup, none matches.
exchange_spec worst_expose_headers(std::size_t kib) {
  exchange_spec s;
  s.method = "GET";
  s.request_headers = simple_get_headers();
  s.credentials = corsproof::credentials_mode::omit;
  pairs r{{"Access-Control-Allow-Origin", "*"}, {"z", "1"}};
  add_dense_list(r, "Access-Control-Expose-Headers", "y", kib);
  s.response = std::move(r);
  return s;
}

void BM_BrowserWorst_RequestHeaders(benchmark::State& state) {
  BM_BrowserExchange(state, worst_request_headers(static_cast<std::size_t>(state.range(0))),
                     corsproof::browser_outcome::allowed, true);
}
BENCHMARK(BM_BrowserWorst_RequestHeaders)->Arg(64)->Arg(256);

// The same inputs, each iteration on another of several copies that hold
// 8 MiB in all, so that neither size is read from the core's L2 cache: the
// /64 input (64 values of 8 KiB, 512 KiB) fits in a 1 MiB L2 and, evaluated
// over and over, is read from it, while the /256 one (2 MiB) cannot be; the
// row above then compares two cache levels as well as two sizes. Here both
// sizes come from the same level, and the ratio is the algorithm's alone.
// BM_BrowserWorst_RequestHeaders stays the target row (bench/results.py
// prints this ratio beside it).
void BM_BrowserWorst_RequestHeadersOutOfCache(benchmark::State& state) {
  const auto k = static_cast<std::size_t>(state.range(0));
  const std::size_t input_bytes = k * corsproof::max_header_value_bytes;
  const std::size_t copies = std::max<std::size_t>(2, (std::size_t{8} << 20) / input_bytes);
  std::vector<std::unique_ptr<owned_exchange>> inputs;
  for (std::size_t i = 0; i < copies; ++i) inputs.push_back(std::make_unique<owned_exchange>(worst_request_headers(k)));
  std::vector<char> buffer(corsproof::browser_output_capacity);
  const std::span<char> out(buffer);
  for (const auto& ex : inputs) {
    const corsproof::browser_decision d = corsproof::evaluate_browser(ex->get(), out);
    if (d.status != corsproof::eval_status::ok || d.outcome != corsproof::browser_outcome::allowed ||
        !d.needs_preflight) {
      state.SkipWithError("unexpected browser decision");
      return;
    }
  }
  alloc_meter meter;
  std::size_t next = 0;
  for (auto _ : state) {
    corsproof::browser_decision d = corsproof::evaluate_browser(inputs[next]->get(), out);
    benchmark::DoNotOptimize(d);
    next = next + 1 == copies ? 0 : next + 1;
  }
  meter.report(state);
  state.counters["copies"] = static_cast<double>(copies);
}
BENCHMARK(BM_BrowserWorst_RequestHeadersOutOfCache)->Arg(64)->Arg(256);

void BM_BrowserWorst_MethodOverride(benchmark::State& state) {
  BM_BrowserExchange(state, worst_method_override(static_cast<std::size_t>(state.range(0))),
                     corsproof::browser_outcome::allowed, true);
}
BENCHMARK(BM_BrowserWorst_MethodOverride)->Arg(64)->Arg(256);

void BM_BrowserWorst_AllowHeaders(benchmark::State& state) {
  BM_BrowserExchange(state, worst_allow_headers(static_cast<std::size_t>(state.range(0))),
                     corsproof::browser_outcome::blocked_preflight, true);
}
BENCHMARK(BM_BrowserWorst_AllowHeaders)->Arg(62)->Arg(248);

void BM_BrowserWorst_AllowMethods(benchmark::State& state) {
  BM_BrowserExchange(state, worst_allow_methods(static_cast<std::size_t>(state.range(0))),
                     corsproof::browser_outcome::blocked_preflight, true);
}
BENCHMARK(BM_BrowserWorst_AllowMethods)->Arg(62)->Arg(248);

void BM_BrowserWorst_ExposeHeaders(benchmark::State& state) {
  BM_BrowserExchange(state, worst_expose_headers(static_cast<std::size_t>(state.range(0))),
                     corsproof::browser_outcome::allowed, false);
}
BENCHMARK(BM_BrowserWorst_ExposeHeaders)->Arg(62)->Arg(248);

}  // namespace

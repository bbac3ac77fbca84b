// Shared pieces of the corsproof benchmark suite: the allocation meter, the
// policies and the requests the benchmarks evaluate.
#pragma once

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "corsproof/corsproof.hpp"

namespace corsproof_bench {

// Concatenation without `"literal" + std::string` (GCC 12 -O3 reports a
// false -Wrestrict on that).
template <class... Parts>
[[nodiscard]] std::string cat(const Parts&... parts) {
  std::string s;
  (s.append(std::string_view(parts)), ...);
  return s;
}

// Heap allocations made so far on this thread (alloc_counter.cpp replaces the
// global allocation functions of the benchmark binary).
[[nodiscard]] std::uint64_t allocation_count() noexcept;

// Construct right before the timed loop, call report() right after it: sets
// the `allocs` counter (heap allocations per iteration) and items/s.
class alloc_meter {
 public:
  alloc_meter() noexcept : start_(allocation_count()) {}
  void report(benchmark::State& state, std::int64_t items_per_iteration = 1) const {
    const std::uint64_t n = allocation_count() - start_;  // read before the counter map allocates
    state.counters["allocs"] = benchmark::Counter(static_cast<double>(n), benchmark::Counter::kAvgIterations);
    state.SetItemsProcessed(state.iterations() * items_per_iteration);
  }

 private:
  std::uint64_t start_;
};

// ---- Policies ---------------------------------------------------------------

// "https://app<i>.example.com"
[[nodiscard]] std::string exact_origin(std::size_t i);

// The policy every server benchmark starts from: methods GET HEAD POST PUT
// DELETE, headers content-type and x-api-key, expose x-request-id,
// credentials, max_age 600. `allow_origins` is left empty for the caller.
[[nodiscard]] corsproof::policy_config base_config();

// base_config() with n exact origins app0..app<n-1>.
[[nodiscard]] corsproof::policy_config exact_config(std::size_t n);
// base_config() with n wildcard patterns https://*.tenant<i>.example.com.
[[nodiscard]] corsproof::policy_config wildcard_config(std::size_t n);
// base_config() with n `re:` patterns ^https://[a-z0-9-]+\.tenant<i>\.example\.org$ (anchored by RE2::Set).
[[nodiscard]] corsproof::policy_config regex_config(std::size_t n);

// Compiled once per (kind, n) and kept for the life of the process, so
// repetitions do not recompile (and RE2's DFA stays warm).
enum class policy_kind { exact, wildcard, regex, wide_headers };
[[nodiscard]] corsproof::policy_config make_config(policy_kind kind, std::size_t n);
[[nodiscard]] const corsproof::policy& cached_policy(policy_kind kind, std::size_t n);

// ---- Requests ---------------------------------------------------------------

// Owns the bytes of a request and the header views into them. Neither
// copyable nor movable (the views point into the strings).
class owned_headers {
 public:
  explicit owned_headers(std::vector<std::pair<std::string, std::string>> pairs);
  owned_headers(const owned_headers&) = delete;
  owned_headers& operator=(const owned_headers&) = delete;

  [[nodiscard]] corsproof::header_list list() const noexcept { return {views_.data(), views_.size()}; }
  [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& pairs() const noexcept { return pairs_; }

 private:
  std::vector<std::pair<std::string, std::string>> pairs_;
  std::vector<corsproof::header_view> views_;
};

class owned_request {
 public:
  owned_request(std::string method, std::vector<std::pair<std::string, std::string>> headers)
      : method_(std::move(method)), headers_(std::move(headers)) {}
  owned_request(const owned_request&) = delete;
  owned_request& operator=(const owned_request&) = delete;

  [[nodiscard]] corsproof::server_request view() const noexcept { return {method_, headers_.list()}; }
  [[nodiscard]] const std::string& method() const noexcept { return method_; }
  [[nodiscard]] const owned_headers& headers() const noexcept { return headers_; }

 private:
  std::string method_;
  owned_headers headers_;
};

// OPTIONS with Origin, Access-Control-Request-Method and (when not empty)
// Access-Control-Request-Headers.
[[nodiscard]] std::unique_ptr<owned_request> preflight(std::string origin, std::string method = "PUT",
                                                       std::string request_headers = "content-type,x-api-key");
// The same preflight with the headers a desktop browser also sends (13 in all).
[[nodiscard]] std::unique_ptr<owned_request> browser_like_preflight(std::string origin);
// `method` with an Origin header (and a few ordinary headers).
[[nodiscard]] std::unique_ptr<owned_request> actual(std::string origin, std::string method = "GET");

// 64 requested names of 63 bytes each: 4095 bytes, the server's bounds.
[[nodiscard]] std::string at_limit_request_headers();
// The i-th 63-byte header name.
[[nodiscard]] std::string wide_header_name(std::size_t i);

// Evaluates once and checks the decision is the one the benchmark means to
// measure; on a mismatch skips the benchmark with a message.
bool expect_server(benchmark::State& state, const corsproof::policy& p, const owned_request& r, bool allowed,
                   corsproof::server_reason reason);

}  // namespace corsproof_bench

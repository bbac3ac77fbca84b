#include "common.hpp"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <span>

namespace corsproof_bench {

std::string exact_origin(std::size_t i) { return cat("https://app", std::to_string(i), ".example.com"); }

corsproof::policy_config base_config() {
  corsproof::policy_config c;
  c.allow_methods = {"GET", "HEAD", "POST", "PUT", "DELETE"};
  c.allow_headers = {"content-type", "x-api-key"};
  c.expose_headers = {"x-request-id"};
  c.allow_credentials = true;
  c.max_age = 600;
  return c;
}

corsproof::policy_config exact_config(std::size_t n) {
  corsproof::policy_config c = base_config();
  for (std::size_t i = 0; i < n; ++i) c.allow_origins.push_back(exact_origin(i));
  return c;
}

corsproof::policy_config wildcard_config(std::size_t n) {
  corsproof::policy_config c = base_config();
  for (std::size_t i = 0; i < n; ++i) c.allow_origins.push_back(cat("https://*.tenant", std::to_string(i), ".example.com"));
  return c;
}

corsproof::policy_config regex_config(std::size_t n) {
  corsproof::policy_config c = base_config();
  for (std::size_t i = 0; i < n; ++i)
    c.allow_origins.push_back(cat("re:^https://[a-z0-9-]+\\.tenant", std::to_string(i), "\\.example\\.org$"));
  return c;
}

std::string wide_header_name(std::size_t i) {
  std::string digits = std::to_string(1000 + i).substr(1);  // 3 digits
  std::string name = "x-custom-header-";
  name.append(63 - name.size() - digits.size(), 'a');
  return cat(name, digits);
}

std::string at_limit_request_headers() {
  std::string v;
  for (std::size_t i = 0; i < 64; ++i) {
    if (i) v += ',';
    v += wide_header_name(192 + i);  // the last 64 of the 256 a wide_headers policy lists
  }
  return v;
}

corsproof::policy_config make_config(policy_kind kind, std::size_t n) {
  switch (kind) {
    case policy_kind::exact: return exact_config(n);
    case policy_kind::wildcard: return wildcard_config(n);
    case policy_kind::regex: return regex_config(n);
    case policy_kind::wide_headers: {
      // n exact origins, 256 allowed header names of 63 bytes (the policy bound).
      corsproof::policy_config c = exact_config(n);
      c.allow_headers.clear();
      for (std::size_t i = 0; i < corsproof::max_policy_names; ++i) c.allow_headers.push_back(wide_header_name(i));
      return c;
    }
  }
  std::abort();
}

const corsproof::policy& cached_policy(policy_kind kind, std::size_t n) {
  static std::map<std::pair<int, std::size_t>, corsproof::policy> cache;
  const auto key = std::make_pair(static_cast<int>(kind), n);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  corsproof::policy_result r = corsproof::compile_policy(make_config(kind, n));
  if (!r.ok()) {
    std::fprintf(stderr, "corsproof_bench: policy does not compile: %s\n", r.error.c_str());
    std::abort();
  }
  return cache.emplace(key, std::move(*r.value)).first->second;
}

owned_headers::owned_headers(std::vector<std::pair<std::string, std::string>> pairs) : pairs_(std::move(pairs)) {
  views_.reserve(pairs_.size());
  for (const auto& [n, v] : pairs_) views_.push_back({n, v});
}

std::unique_ptr<owned_request> preflight(std::string origin, std::string method, std::string request_headers) {
  std::vector<std::pair<std::string, std::string>> h{{"Origin", std::move(origin)},
                                                     {"Access-Control-Request-Method", std::move(method)}};
  if (!request_headers.empty()) h.emplace_back("Access-Control-Request-Headers", std::move(request_headers));
  return std::make_unique<owned_request>("OPTIONS", std::move(h));
}

std::unique_ptr<owned_request> browser_like_preflight(std::string origin) {
  return std::make_unique<owned_request>(
      "OPTIONS", std::vector<std::pair<std::string, std::string>>{
                     {"Host", "api.example.com"},
                     {"Connection", "keep-alive"},
                     {"Accept", "*/*"},
                     {"Access-Control-Request-Method", "PUT"},
                     {"Access-Control-Request-Headers", "content-type,x-api-key"},
                     {"Origin", std::move(origin)},
                     {"User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                                    "Chrome/126.0.0.0 Safari/537.36"},
                     {"Sec-Fetch-Mode", "cors"},
                     {"Sec-Fetch-Site", "same-site"},
                     {"Sec-Fetch-Dest", "empty"},
                     {"Referer", "https://app8.example.com/"},
                     {"Accept-Encoding", "gzip, deflate, br, zstd"},
                     {"Accept-Language", "en-US,en;q=0.9"},
                 });
}

std::unique_ptr<owned_request> actual(std::string origin, std::string method) {
  return std::make_unique<owned_request>(std::move(method), std::vector<std::pair<std::string, std::string>>{
                                                                {"Host", "api.example.com"},
                                                                {"Accept", "application/json"},
                                                                {"Origin", std::move(origin)},
                                                                {"Content-Type", "application/json"},
                                                                {"X-Api-Key", "k-1234567890"},
                                                            });
}

bool expect_server(benchmark::State& state, const corsproof::policy& p, const owned_request& r, bool allowed,
                   corsproof::server_reason reason) {
  std::vector<char> out(corsproof::server_output_capacity);
  const corsproof::server_decision d = corsproof::evaluate_server(p, r.view(), std::span<char>(out));
  if (d.status == corsproof::eval_status::ok && d.allowed == allowed && d.reason == reason) return true;
  static std::string message;
  message = cat("unexpected decision: status=", corsproof::to_string(d.status), " allowed=",
                  d.allowed ? "true" : "false", " reason=", corsproof::to_string(d.reason));
  state.SkipWithError(message.c_str());
  return false;
}

}  // namespace corsproof_bench

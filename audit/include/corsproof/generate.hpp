// corsproof/generate.hpp — random requests driven by a policy, for
// `corsproof fuzz --http` (audit/README.md, "Fuzzing a server").
//
// The generator draws every request from the policy: its listed origins and
// their near misses, its wildcard suffixes and regular expressions, its
// listed and unlisted methods and header names, spelled tidily (as browsers
// send them) and untidily (what only other clients send). Deterministic: the
// same policy, URL and seed give the same sequence of requests (a
// std::mt19937_64 and nothing else; never std::random_device).
//
//   corsproof::audit::request_generator gen(cfg, url, 42);
//   corsproof::audit::probe r = gen.next();   // r.id "g1", r.purpose says how it was made
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "corsproof/policy.hpp"
#include "corsproof/probe.hpp"

namespace corsproof::audit {

// What the policy lists, as the generator and the shrinker use it.
struct policy_samples {
  // Origins the policy allows: each exact entry, a one-label subdomain of
  // each wildcard entry, a sample each `re:` entry matches (tried on the
  // pattern's domain literals), `null` when listed; for "*", a made-up
  // origin. Never the target URL's own origin. The shrinker moves an
  // Origin value toward the nearest of these.
  std::vector<std::string> allowed_origins;
  // The wildcard entries, split: scheme, suffix ("partner.example"), port
  // spelling (":8443" or "").
  struct wildcard {
    std::string scheme, suffix, port;
  };
  std::vector<wildcard> wildcards;
  // Which allowed_origins came from `re:` entries (near-miss mutations).
  std::vector<std::string> regex_samples;
  bool null_listed = false;
  bool any_origin = false;  // allow_origins is ["*"]
  // Listed methods (normalized as on load, no "*"), then GET, HEAD, POST
  // when not listed: what an Access-Control-Request-Method moves toward.
  std::vector<std::string> methods;
  bool any_method = false;
  // Listed request-header names, lower case, sorted, no "*".
  std::vector<std::string> header_names;
  bool any_header = false;
};

// `policy` must be compiled from `cfg`. `url` is the target (its origin is
// left out of the samples).
[[nodiscard]] policy_samples sample_policy(const corsproof::policy_config& cfg, const corsproof::policy& policy,
                                           std::string_view url);

class request_generator {
 public:
  // `cfg` must be a valid policy (compile_policy accepts it).
  request_generator(const corsproof::policy_config& cfg, std::string_view url, std::uint64_t seed);

  // The next request: actual requests (standard methods only: many HTTP
  // servers refuse other methods before any CORS handling), preflights, a
  // few without Origin, and a few with a repeated Origin or
  // Access-Control-Request-Method. `id` is "g" + its 1-based number;
  // `purpose` names the choices made ("preflight; origin: suffix bypass of
  // https://app.example; method: listed; headers: 2, untidy").
  [[nodiscard]] probe next();

  [[nodiscard]] const policy_samples& samples() const noexcept { return samples_; }

 private:
  std::size_t pick(std::size_t n);  // 0..n-1
  bool chance(unsigned percent);
  std::string origin(std::string& how);
  std::string variant(const std::string& base, std::string& how);
  std::string request_method(std::string& how);
  std::string header_names(std::string& how);
  std::string random_label(std::size_t min_len, std::size_t max_len);

  policy_samples samples_;
  std::string own_origin_;
  std::mt19937_64 rng_;
  std::uint64_t count_ = 0;
};

}  // namespace corsproof::audit

// fuzz/common/policy_cache.hpp — compiled policies kept across fuzz inputs.
//
// compile_policy builds an RE2::Set and RE2 probes; for the targets that
// need a compiled policy to evaluate something else (server_self_consistency,
// core_model_differential), it was the largest part of a run, and mutated
// inputs very often decode to a policy seen a few runs before. This cache
// returns the earlier result for a byte-identical policy_config (every field
// is part of the key), compiles anything else with compile_checked, and
// forgets the oldest entry when full (FIFO). Results are the same either
// way: compile_policy is deterministic (policy_refusal_messages checks that,
// compiling every policy twice and never through this cache) and a compiled
// policy is immutable (evaluation takes `const policy&`), so a failure found
// through the cache replays without it.
#pragma once

#include <corsproof/corsproof.hpp>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>

namespace corsproof_fuzz {

class policy_cache {
 public:
  // Policies whose strings add up to more than this are compiled every time
  // (building their key would cost more than it saves; compile_policy
  // refuses any entry over 1024 bytes early anyway).
  static constexpr std::size_t max_key_bytes = 8 * 1024;

  explicit policy_cache(std::size_t capacity) : capacity_(capacity) {}
  // Prints the hit rate to stderr when CORSPROOF_FUZZ_CACHE_STATS is set.
  ~policy_cache();
  policy_cache(const policy_cache&) = delete;
  policy_cache& operator=(const policy_cache&) = delete;

  // compile_checked(config), or the result kept from an identical config.
  // The reference is valid until the next call.
  const corsproof::policy_result& compile(const corsproof::policy_config& config);

  std::uint64_t hits() const noexcept { return hits_; }
  std::uint64_t misses() const noexcept { return misses_; }

 private:
  std::size_t capacity_;
  std::unordered_map<std::string, corsproof::policy_result> entries_;
  std::deque<std::string> order_;  // keys, oldest first
  corsproof::policy_result uncached_;
  std::string key_;
  std::uint64_t hits_ = 0, misses_ = 0;
};

}  // namespace corsproof_fuzz

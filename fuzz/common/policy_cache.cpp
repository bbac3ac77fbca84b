#include "policy_cache.hpp"

#include <cstdio>
#include <cstdlib>
#include <utility>

#include "structured_input.hpp"

namespace corsproof_fuzz {

namespace {

// An injective spelling of the configuration: every string with its length.
void put_number(std::string& key, std::uint64_t n) {
  key.append(reinterpret_cast<const char*>(&n), sizeof n);
}
void put_list(std::string& key, const std::vector<std::string>& list) {
  put_number(key, list.size());
  for (const auto& s : list) {
    put_number(key, s.size());
    key += s;
  }
}

}  // namespace

policy_cache::~policy_cache() {
  if (std::getenv("CORSPROOF_FUZZ_CACHE_STATS") != nullptr)
    std::fprintf(stderr, "policy_cache: %llu hits, %llu misses, %zu entries\n",
                 static_cast<unsigned long long>(hits_), static_cast<unsigned long long>(misses_), entries_.size());
}

const corsproof::policy_result& policy_cache::compile(const corsproof::policy_config& c) {
  // Every field is in the key: a field added to policy_config stops this
  // from compiling (a structured binding names every member).
  const auto& [origins, methods, headers, expose, credentials, max_age, private_network, preflight_status] = c;
  std::size_t bytes = 0;
  for (const auto* list : {&origins, &methods, &headers, &expose})
    for (const auto& e : *list) bytes += e.size() + sizeof(std::uint64_t);
  if (bytes > max_key_bytes || capacity_ == 0) {
    ++misses_;
    uncached_ = compile_checked(c);
    return uncached_;
  }
  key_.clear();
  put_list(key_, origins);
  put_list(key_, methods);
  put_list(key_, headers);
  put_list(key_, expose);
  put_number(key_, credentials);
  put_number(key_, max_age.has_value());
  put_number(key_, static_cast<std::uint64_t>(max_age.value_or(0)));
  put_number(key_, private_network);
  put_number(key_, static_cast<std::uint64_t>(preflight_status));

  if (const auto it = entries_.find(key_); it != entries_.end()) {
    ++hits_;
    return it->second;
  }
  ++misses_;
  if (entries_.size() >= capacity_) {
    entries_.erase(order_.front());
    order_.pop_front();
  }
  order_.push_back(key_);
  return entries_.emplace(key_, compile_checked(c)).first->second;
}

}  // namespace corsproof_fuzz

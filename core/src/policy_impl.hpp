// The compiled form of a policy. Internal to core/src.
#pragma once

#include <re2/set.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "corsproof/origin.hpp"
#include "corsproof/policy.hpp"

namespace corsproof {

// Open-addressing hash set of exact origins: one arena, one probe array.
// Built once; lookups never allocate.
class origin_set {
 public:
  void build(const std::vector<std::string>& origins);
  [[nodiscard]] bool contains(std::string_view s) const noexcept;
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }

 private:
  struct slot {
    std::uint64_t hash = 0;
    std::uint32_t offset = 0;
    std::uint32_t length = 0;  // 0: empty slot (origins are never empty)
  };
  std::string arena_;
  std::vector<slot> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

// `scheme://*.suffix[:port]`
struct wildcard_pattern {
  std::string scheme;  // "https"
  std::string suffix;  // ".example.com" (with the leading dot)
  std::string port;    // "8443" or "" for none
};

struct policy_impl {
  bool any_origin = false;
  bool allow_null = false;
  bool credentials = false;
  bool private_network = false;
  origin_set exact_origins;
  std::vector<wildcard_pattern> wildcards;
  std::unique_ptr<RE2::Set> regexes;  // nullptr when there are none

  bool any_method = false;
  std::vector<std::string> methods;  // normalized
  bool any_header = false;
  std::vector<std::string> headers;  // lower-cased
  std::string expose_value;          // the Access-Control-Expose-Headers value, "" for none
  bool has_max_age = false;
  std::string max_age_value;
  int preflight_status = 204;

  // Exact entries are canonical serialized origins (checked at compile time),
  // so a hit needs no parsing of the request's origin.
  [[nodiscard]] bool exact_origin_allowed(std::string_view text) const noexcept { return exact_origins.contains(text); }
  // Every other kind of entry ("*", null, wildcards, re:), for a well-formed
  // origin (parse_well_formed_origin) that missed the exact set.
  [[nodiscard]] bool pattern_origin_allowed(std::string_view text, const serialized_origin& o) const noexcept;
  [[nodiscard]] bool method_listed(std::string_view method) const noexcept;
  [[nodiscard]] bool header_listed(std::string_view name) const noexcept;

  // Read by policy's public view only, never by evaluation.
  std::vector<std::string> expose_names;  // the names expose_value joins
  std::int64_t max_age_seconds = 0;       // when has_max_age
};

// The compiled form of a policy, for evaluation inside core/src.
struct policy_access {
  [[nodiscard]] static const policy_impl& impl(const policy& p) noexcept { return *p.impl_; }
};

}  // namespace corsproof

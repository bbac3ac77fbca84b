// The compiled form of a policy. Internal to core/src.
#pragma once

#include <re2/set.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "corsproof/origin.hpp"
#include "corsproof/policy.hpp"
#include "header_name_table.hpp"

namespace corsproof {

// Open-addressing hash set of exact origins: one arena, one probe array.
// Built once; lookups never allocate.
class origin_set {
 public:
  void build(std::span<const std::string_view> origins);
  [[nodiscard]] bool contains(std::string_view s) const noexcept;
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }

 private:
  struct slot {
    std::uint64_t hash = 0;
    std::uint32_t offset = 0;
    std::uint32_t length = 0;  // 0: empty slot (origins are never empty)
  };
  // The slot holding `s` (hash `h`), else the empty slot where it would go.
  [[nodiscard]] std::size_t probe(std::string_view s, std::uint64_t h) const noexcept;
  std::string arena_;
  std::vector<slot> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

// `scheme://*.suffix[:port]`
struct wildcard_pattern {
  std::string scheme;  // "https"
  std::string suffix;  // "example.com" (the host after "*.")
  std::string port;    // "8443" or "" for none
};

// A set of names (header names case-insensitively, methods byte for byte)
// for one lookup per requested name: open addressing over keys computed like
// header_name_table's. Built once; lookups never allocate.
class name_set {
 public:
  void build(const std::vector<std::string>& names, bool case_insensitive);
  // Is [p, p + n) in the set? Bytes up to `limit` may be read. Inline for a
  // name of up to sixteen bytes in a small case-insensitive set whose names
  // are that short (a policy's header names, mostly: two words per listed
  // name, short_ci_contains), and for a name of up to eight bytes in a small
  // byte-for-byte set (a policy's methods, mostly: such a name is its own
  // key, one word compare per listed name); everything else is
  // contains_listed's.
  [[nodiscard]] bool contains(const char* p, std::size_t n, const char* limit) const noexcept {
    if (short_ci_count_ != 0 && n - 1 < 16) return short_ci_contains(p, n, limit);
    if (n - 1 >= 8 || !short_inline_) return contains_listed(p, n, limit);
    return listed_key(detail::load_prefix8(p, n), n);
  }
  [[nodiscard]] bool contains(std::string_view s) const noexcept { return contains(s.data(), s.size(), s.data() + s.size()); }

 private:
  [[nodiscard]] bool contains_listed(const char* p, std::size_t n, const char* limit) const noexcept;
  // A small set (listed_), a name of up to eight bytes: its key is the name.
  [[nodiscard]] bool listed_key(std::uint64_t key, std::size_t n) const noexcept {
    for (const slot& e : listed_)
      if (e.key == key && e.length == n) return true;
    return false;
  }
  struct slot {
    std::uint64_t key = 0;
    std::uint32_t offset = 0;
    std::uint32_t length = 0;  // 0: empty slot (names are never empty)
  };
  // A small case-insensitive set whose names are all of 1 to 16 bytes (the
  // header names most policies list): each name as its length and two
  // lower-cased words, the first eight bytes (fewer: zero-padded) and the
  // last eight (names over eight bytes; else 0). A name of 1 to 16 bytes is
  // in the set exactly when its words, lower-cased, equal one entry's: the
  // two words together hold every byte of it. No hash, no call; the words
  // as sent are tried first (browsers send names in lower case).
  struct short_ci_entry {
    std::uint64_t first = 0;
    std::uint64_t last = 0;
    std::uint64_t length = 0;
  };
  static std::uint64_t short_last(const char* p, std::size_t n) noexcept {
    return n > 8 ? detail::load8(p + n - 8) : 0;
  }
  [[nodiscard]] bool short_ci_listed(std::uint64_t first, std::uint64_t last, std::size_t n) const noexcept {
    for (std::size_t i = 0; i < short_ci_count_; ++i) {
      const short_ci_entry& e = short_ci_[i];
      if (((e.first ^ first) | (e.last ^ last) | (e.length ^ n)) == 0) return true;
    }
    return false;
  }
  [[nodiscard]] bool short_ci_contains(const char* p, std::size_t n, const char* limit) const noexcept {
    const std::uint64_t first = detail::prefix8(p, n, limit);
    const std::uint64_t last = short_last(p, n);
    if (short_ci_listed(first, last, n)) return true;
    const std::uint64_t lower_first = detail::lower8(first);
    const std::uint64_t lower_last = detail::lower8(last);
    return (lower_first != first || lower_last != last) && short_ci_listed(lower_first, lower_last, n);
  }
  [[nodiscard]] std::uint64_t key_of(const char* p, std::size_t n, const char* limit) const noexcept;
  [[nodiscard]] std::size_t slot_of(std::uint64_t key, std::size_t n) const noexcept;
  [[nodiscard]] bool same(const char* p, std::size_t n, std::uint32_t offset) const noexcept;
  // Up to this many names are compared one by one (length first): cheaper
  // than a hash for the few names most policies list.
  static constexpr std::size_t direct = 8;
  bool case_insensitive_ = false;
  bool short_inline_ = false;  // byte for byte, at most `direct` names: contains' inline path
  std::size_t short_ci_count_ = 0;  // case-insensitive, at most `direct` names of 1-16 bytes: short_ci_
  short_ci_entry short_ci_[direct] = {};
  std::string arena_;  // the names (lower-cased when case-insensitive)
  std::vector<slot> slots_;   // when more than `direct` names
  std::vector<slot> listed_;  // when at most `direct`: offset and length of each
  std::size_t mask_ = 0;
  unsigned shift_ = 61;
  detail::hash_keys keys_{1, 0};
};

// The wildcard patterns indexed by what they match: (scheme, port, suffix).
// An origin's host is read once from its end; every "." whose left side is a
// run of labels marks one candidate suffix, looked up in one probe, so the
// cost does not grow with the number of patterns (nginx's server_name
// wildcards are a hash of suffixes in the same way).
class wildcard_index {
 public:
  void build(std::vector<wildcard_pattern> patterns);  // moved into the index
  [[nodiscard]] bool matches(const serialized_origin& o) const noexcept;
  [[nodiscard]] bool empty() const noexcept { return patterns_.empty(); }

 private:
  struct slot {
    std::uint64_t hash = 0;
    std::uint32_t pattern = 0;  // index + 1; 0: empty slot
  };
  [[nodiscard]] std::uint64_t scheme_port_hash(std::string_view scheme, std::string_view port) const noexcept;
  [[nodiscard]] std::size_t slot_of(std::uint64_t key) const noexcept {
    return static_cast<std::size_t>(((key ^ (key >> 31)) * multiplier_) >> shift_);
  }
  std::vector<wildcard_pattern> patterns_;  // suffix without its leading dot
  std::vector<slot> slots_;
  unsigned shift_ = 61;
  std::uint64_t base_ = 0;        // of the suffix hash, drawn per process
  std::uint64_t multiplier_ = 1;  // of the slot index, drawn per process
  std::size_t longest_ = 0;       // the longest suffix
  std::vector<std::uint64_t> suffix_lengths_;  // bit n: some pattern's suffix has n bytes
};

struct policy_impl {
  bool any_origin = false;
  bool allow_null = false;
  bool credentials = false;
  bool private_network = false;
  origin_set exact_origins;
  wildcard_index wildcard_lookup;     // the scheme://*.suffix[:port] entries
  std::unique_ptr<RE2::Set> regexes;  // nullptr when there are none

  bool any_method = false;
  std::vector<std::string> methods;  // normalized
  name_set method_lookup;            // the same, as a set
  // The listed methods of up to 8 bytes as words (their bytes, zero-padded)
  // and sizes, when there are at most max_short_methods of them: a method of
  // up to 8 bytes can only be one of these. Filled by build_short_methods.
  static constexpr std::size_t max_short_methods = 16;
  std::uint64_t short_method_words[max_short_methods] = {};
  std::size_t short_method_sizes[max_short_methods] = {};
  std::size_t short_method_count = 0;
  bool short_methods_complete = false;  // false: ask method_lookup
  bool any_header = false;
  std::vector<std::string> headers;  // lower-cased
  name_set header_lookup;            // the same, as a set
  std::string expose_value;          // the Access-Control-Expose-Headers value, "" for none
  bool has_max_age = false;
  std::string max_age_value;
  int preflight_status = 204;
  // The answer's values that depend only on the policy, rendered once:
  // "true" (with credentials), then Max-Age's value, then Vary's value for a
  // preflight; for an actual request, "true", the expose value, Vary's.
  std::string preflight_static;
  std::string actual_static;

  // Exact entries are canonical serialized origins (checked at compile time),
  // so a hit needs no parsing of the request's origin.
  [[nodiscard]] bool exact_origin_allowed(std::string_view text) const noexcept { return exact_origins.contains(text); }
  // Every other kind of entry ("*", null, wildcards, re:), for a well-formed
  // origin (parse_well_formed_origin) that missed the exact set.
  [[nodiscard]] bool pattern_origin_allowed(std::string_view text, const serialized_origin& o) const noexcept;
  // W3C §6.2 step 5: the method is in the list (byte for byte).
  [[nodiscard]] bool method_listed(std::string_view method) const noexcept { return method_lookup.contains(method); }
  [[nodiscard]] bool header_listed(std::string_view name) const noexcept;

  // Read by policy's public view only, never by evaluation.
  std::vector<std::string> expose_names;  // the names expose_value joins
  std::int64_t max_age_seconds = 0;       // when has_max_age
};

// Fills preflight_static and actual_static (server.cpp: the answer's format
// lives there). Called once by compile_policy.
void render_static_answers(policy_impl& p);

// The compiled form of a policy, for evaluation inside core/src.
struct policy_access {
  [[nodiscard]] static const policy_impl& impl(const policy& p) noexcept { return *p.impl_; }
};

}  // namespace corsproof

// corsproof/origin_pattern.hpp — corsproof's wildcard origin pattern, the
// allow_origins entry `scheme://*.suffix[:port]` (docs/protocol-decisions.md:
// "Policy loading" says which entries are accepted, "Server mode / Origins"
// what an accepted one matches).
//
// The one parser of such entries: compile_policy, the linter and the audit's
// probe generator all read them here. Parsing may allocate (it is policy
// compilation, never evaluation).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace corsproof {

// The parts of an accepted `scheme://*.suffix[:port]` entry.
struct origin_pattern {
  std::string scheme;  // "https"
  std::string suffix;  // "example.com": the host after "*.", one trailing dot kept ("example.com.")
  std::string port;    // "8443", or "" for none

  // The origin of the subdomain `label` under the pattern:
  // origin_with_label("app") is "https://app.example.com:8443". Whether the
  // pattern matches it is the core's question (evaluate_server): a label of
  // bytes outside [a-z0-9_-] is never matched.
  [[nodiscard]] std::string origin_with_label(std::string_view label) const;
};

struct origin_pattern_result {
  std::optional<origin_pattern> value;
  // When !value: why the entry is refused, as compile_policy words it after
  // `allow_origins[N] "ENTRY": ` (with "; write it as \"...\"" when a
  // canonical spelling exists and is itself accepted).
  std::string error;
  [[nodiscard]] bool ok() const noexcept { return value.has_value(); }
};

// Parses an allow_origins entry that classify_origin_entry calls a wildcard
// (it holds "://*."): the scheme and host of `scheme://suffix[:port]` must be
// a canonical serialized origin (lower case, no default port), the suffix a
// domain of non-empty labels (one trailing dot allowed), neither an IPv6
// address nor a host that ends in a number (URL Standard §3.5 "ends in a
// number checker"), and no other "*" may appear. Any other text is refused
// with a message.
[[nodiscard]] origin_pattern_result parse_origin_pattern(std::string_view entry);

}  // namespace corsproof

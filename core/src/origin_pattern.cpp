// corsproof's wildcard origin pattern `scheme://*.suffix[:port]`: see
// corsproof/origin_pattern.hpp and docs/protocol-decisions.md "Policy loading".
#include "corsproof/origin_pattern.hpp"

#include <array>
#include <cstring>
#include <string>

#include "canonical_spelling.hpp"
#include "corsproof/json_quoted.hpp"
#include "corsproof/origin.hpp"
#include "host.hpp"

namespace corsproof {

namespace {

constexpr std::string_view star_separator = "://*.";

// A wildcard suffix is one or more non-empty labels, optionally followed by
// the one empty label of a trailing dot ("example.com.").
bool has_empty_label(std::string_view suffix) noexcept {
  if (suffix.ends_with('.')) suffix.remove_suffix(1);
  return suffix.empty() || suffix.front() == '.' || suffix.back() == '.' || suffix.find("..") != std::string_view::npos;
}

// Why `e` is refused, or "" when it is valid; when valid and `out` is given,
// its parts. A canonical spelling is suggested only when `suggest` is set and
// that spelling is itself valid; it is worked out only on refusal.
std::string pattern_problem(std::string_view e, bool suggest, origin_pattern* out) {
  const std::size_t star = e.find(star_separator);
  if (star == std::string_view::npos) return "not a wildcard origin pattern scheme://*.suffix[:port]";
  // The entry without its "*.": scheme://suffix[:port]. On the stack when
  // it can be an origin at all (parse_serialized_origin refuses more than
  // max_origin_bytes): was a std::string built with append and then copied
  // (append returns a reference), two allocations a pattern.
  std::array<char, max_origin_bytes + 1> stack_text;
  std::string long_text;
  const std::string_view before = e.substr(0, star + 3);
  const std::string_view after = e.substr(star + star_separator.size());
  std::string_view without_star;
  if (before.size() + after.size() <= stack_text.size()) {
    std::memcpy(stack_text.data(), before.data(), before.size());
    if (!after.empty()) std::memcpy(stack_text.data() + before.size(), after.data(), after.size());
    without_star = std::string_view(stack_text.data(), before.size() + after.size());
  } else {
    long_text = std::string(before).append(after);
    without_star = long_text;
  }
  auto suggestion = [&]() -> std::string {
    if (!suggest) return {};
    // Put "*." back after the canonical scheme's "://" (the canonical text
    // may be shorter than the entry, so find its own separator).
    const std::string canonical = detail::canonical_spelling(without_star);
    const std::size_t sep = canonical.find("://");
    if (sep == std::string::npos) return {};
    std::string entry = canonical.substr(0, sep + 3) + "*." + canonical.substr(sep + 3);
    if (entry == e || !pattern_problem(entry, false, nullptr).empty()) return {};
    return "; write it as " + json_quoted(entry);
  };
  // parse_serialized_origin then is_canonical, with parse_well_formed_origin's
  // fast path for the origins browsers send; `canonical` keeps the second
  // answer for its turn below.
  origin_parse_result r = parse_well_formed_origin(without_star);
  const bool canonical = r.status != origin_status::not_canonical;
  if (!canonical) r.status = origin_status::ok;
  if (without_star.find('*') != std::string::npos || !r.ok()) {
    const std::string fix = r.status != origin_status::bad_host ? suggestion() : std::string();
    if (!fix.empty()) return "not a wildcard origin pattern (" + std::string(to_string(r.status)) + ")" + fix;
    return "not a wildcard origin pattern scheme://*.suffix[:port] (" + std::string(to_string(r.status)) + ")";
  }
  if (r.origin.kind == host_kind::ipv6)
    return "the suffix of a wildcard pattern must be a domain, not an IPv6 address";
  // URL Standard §3.5 "ends in a number checker": such a host is an IPv4
  // address (or no host) for a special scheme; refused for every scheme.
  if (detail::ends_in_a_number(r.origin.host))
    return "the suffix of a wildcard pattern must be a domain, not an IP address (its last label is a number)";
  if (has_empty_label(r.origin.host))
    return "the suffix of a wildcard pattern must be non-empty labels (only a trailing dot may end it)";
  if (!canonical) return "not in canonical form (lower case, no default port)" + suggestion();
  if (out != nullptr)
    *out = {std::string(r.origin.scheme), std::string(r.origin.host), std::string(r.origin.port_text)};
  return {};
}

}  // namespace

std::string origin_pattern::origin_with_label(std::string_view label) const {
  std::string o = scheme;
  o.append("://").append(label).append(".").append(suffix);
  if (!port.empty()) o.append(":").append(port);
  return o;
}

origin_pattern_result parse_origin_pattern(std::string_view entry) {
  origin_pattern p;
  std::string why = pattern_problem(entry, true, &p);
  if (!why.empty()) return origin_pattern_result{std::nullopt, std::move(why)};
  return origin_pattern_result{std::move(p), {}};
}

}  // namespace corsproof

// The spelling a browser would send for an origin-like text, for refusal
// messages ("write it as ..."). Internal to core/src (policy.cpp,
// origin_pattern.cpp).
#pragma once

#include <string>
#include <string_view>

#include "corsproof/origin.hpp"
#include "corsproof/policy.hpp"

namespace corsproof::detail {

// Userinfo, path, query and fragment dropped, scheme and host lower-cased, the
// default port dropped (write_canonical_origin), then the host serialized as
// the URL Standard does (IPv4 and IPv6 addresses in canonical form). "" when
// the text is no origin.
inline std::string canonical_spelling(std::string_view text) {
  char buf[max_policy_entry_bytes + 16];
  const std::size_t n = write_canonical_origin(text, buf);
  const origin_parse_result r = parse_serialized_origin(std::string_view(buf, n));
  if (n == 0 || !r.ok()) return std::string(buf, n);
  char out[max_policy_entry_bytes + 16];
  return std::string(out, write_serialization(r.origin, out));
}

}  // namespace corsproof::detail

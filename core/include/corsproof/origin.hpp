// corsproof/origin.hpp — serialized origins (Fetch "Origin header",
// HTML "serialization of an origin", RFC 6454 §7).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace corsproof {

inline constexpr std::size_t max_origin_bytes = 1024;

enum class origin_status : std::uint8_t {
  ok,
  empty,
  too_long,           // more than max_origin_bytes
  bad_scheme,         // no scheme, or a byte outside ALPHA *(ALPHA / DIGIT / "+" / "-" / ".")
  missing_separator,  // no "://" after the scheme
  has_userinfo,       // "user@" before the host
  bad_host,           // empty host, bad byte, a bracketed host that is no RFC 3986 IPv6address
  bad_port,           // ":" without digits, non-digit, more than 5 digits, > 65535
  has_path,           // anything from "/" on, a trailing "/" included
  has_query,          // "?..."
  has_fragment,       // "#..."
};

[[nodiscard]] std::string_view to_string(origin_status s) noexcept;

enum class host_kind : std::uint8_t { domain, ipv4, ipv6 };

// The components of a serialized origin, as views into the parsed text.
struct serialized_origin {
  bool opaque = false;         // the text was exactly "null"
  std::string_view scheme;     // e.g. "https"
  std::string_view host;       // e.g. "app.example", "127.0.0.1", "[::1]"
  std::string_view port_text;  // digits after ":", empty when absent
  std::uint32_t port = 0;      // value of port_text (0 when absent)
  host_kind kind = host_kind::domain;  // ipv4: Fetch serialized-ipv4 (no leading zeros)
};

struct origin_parse_result {
  origin_status status = origin_status::empty;
  serialized_origin origin;
  [[nodiscard]] bool ok() const noexcept { return status == origin_status::ok; }
};

// Parses the value of an Origin header (already trimmed): `null`, or
// scheme "://" host [":" port]. Strict: a path, userinfo, query or fragment
// is an error. Letter case and default ports are accepted here; whether the
// spelling is the one a browser sends is is_canonical()'s question.
[[nodiscard]] origin_parse_result parse_serialized_origin(std::string_view text) noexcept;

// The default port of a special scheme (http 80, https 443, ws 80, wss 443,
// ftp 21), or 0 when the scheme has none. Port 0 is never a default port:
// `chrome-extension://x:0` keeps its ":0" (URL Standard "default port").
[[nodiscard]] std::uint32_t default_port(std::string_view scheme) noexcept;

// True when `o` is spelled exactly as a browser serializes an origin:
// lower-case scheme and host, no default port, no leading zeros in the port.
[[nodiscard]] bool is_canonical(const serialized_origin& o) noexcept;

// Writes the canonical spelling of an origin-like text into `out`: scheme and
// host lower-cased, userinfo, path, query and fragment removed, a default port
// dropped. Returns the number of bytes written, or 0 when `text` has no
// recognisable scheme://host or `out` is too small. Used for error messages
// ("did you mean ...") and for a URL's origin (browser mode).
[[nodiscard]] std::size_t write_canonical_origin(std::string_view text, std::span<char> out) noexcept;

}  // namespace corsproof

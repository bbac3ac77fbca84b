// corsproof/origin.hpp — serialized origins (Fetch "Origin header",
// HTML "serialization of an origin", URL Standard §3 hosts and §4.7 origin).
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
  bad_host,           // empty host, a byte the host parser refuses, a bracketed host that is no IPv6 address
  bad_port,           // ":" without digits, non-digit, more than 5 digits, > 65535
  has_path,           // anything from "/" on, a trailing "/" included
  has_query,          // "?..."
  has_fragment,       // "#..."
  // Added with the settlements of issue #14 (kept after the older values):
  bad_ipv4,       // a special scheme's host that ends in a number but is no IPv4 address ("foo.255", "1.2.3.4.5")
  file_scheme,    // file: URLs have an opaque origin; browsers send `null`
  not_canonical,  // parses, but is not what the URL Standard's origin serialization produces
};

[[nodiscard]] std::string_view to_string(origin_status s) noexcept;

// domain: a special scheme's domain, or any host of a non-special scheme
// (docs/protocol-decisions.md "Server mode / Origins"); ipv4: a special
// scheme's host that ends in a number (URL Standard §3.5), in any spelling
// the IPv4 parser accepts; ipv6: a bracketed IPv6 address, in any spelling
// the IPv6 parser accepts.
enum class host_kind : std::uint8_t { domain, ipv4, ipv6 };

// The components of a serialized origin, as views into the parsed text.
struct serialized_origin {
  bool opaque = false;         // the text was exactly "null"
  std::string_view scheme;     // e.g. "https"
  std::string_view host;       // e.g. "app.example", "127.0.0.1", "[::1]"
  std::string_view port_text;  // digits after ":", empty when absent
  std::uint32_t port = 0;      // value of port_text (0 when absent)
  host_kind kind = host_kind::domain;
};

struct origin_parse_result {
  origin_status status = origin_status::empty;
  serialized_origin origin;
  [[nodiscard]] bool ok() const noexcept { return status == origin_status::ok; }
};

// Parses the value of an Origin header (already trimmed): `null`, or
// scheme "://" host [":" port] with a host the URL Standard's host parser
// accepts (special schemes http, https, ws, wss, ftp: an ASCII domain without
// forbidden domain code points, an IPv4 address if it ends in a number, or a
// bracketed IPv6 address; other schemes: ALPHA / DIGIT / "-" / "." / "_" /
// "~" or a bracketed IPv6 address; `file` is refused). A path, userinfo,
// query or fragment is an error. Letter case, default ports, leading zeros
// and other IP address spellings are accepted here: whether the text is the
// one a browser sends is is_canonical()'s question (or use
// parse_well_formed_origin for both).
[[nodiscard]] origin_parse_result parse_serialized_origin(std::string_view text) noexcept;

// The protocol's well-formed request Origin: `null`, or exactly what the URL
// Standard's origin serialization produces (parse_serialized_origin, then
// is_canonical; status not_canonical when only the second fails).
[[nodiscard]] origin_parse_result parse_well_formed_origin(std::string_view text) noexcept;

// The default port of a special scheme (http 80, https 443, ws 80, wss 443,
// ftp 21), or 0 when the scheme has none. Port 0 is never a default port:
// `chrome-extension://x:0` keeps its ":0" (URL Standard "default port").
[[nodiscard]] std::uint32_t default_port(std::string_view scheme) noexcept;

// True when `o` is spelled exactly as a browser serializes an origin (HTML
// "serialization of an origin", URL Standard §3.6 host serializer): lower-case
// scheme and host, IPv4 addresses as four decimal numbers, IPv6 addresses
// compressed, no default port, no leading zeros in the port.
[[nodiscard]] bool is_canonical(const serialized_origin& o) noexcept;

// Writes the serialization of a parsed origin (what is_canonical compares
// with): "null" for an opaque origin. Returns the number of bytes written, or
// 0 when `out` is too small.
[[nodiscard]] std::size_t write_serialization(const serialized_origin& o, std::span<char> out) noexcept;

// Writes the canonical spelling of an origin-like text into `out`: scheme and
// host lower-cased, userinfo, path, query and fragment removed, a default port
// dropped. Returns the number of bytes written, or 0 when `text` has no
// recognisable scheme://host or `out` is too small. Used for a URL's origin
// (browser mode; IP addresses are not rewritten, docs/protocol-decisions.md
// "URL origin") and, followed by parse_serialized_origin and
// write_serialization, for error messages ("write it as ...").
[[nodiscard]] std::size_t write_canonical_origin(std::string_view text, std::span<char> out) noexcept;

}  // namespace corsproof

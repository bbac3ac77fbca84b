// URL Standard §3 "Hosts (domains and IP addresses)": the parts of host
// parsing (§3.5) and host serializing (§3.6) that a serialized origin needs.
// Internal to core/src: origin.cpp builds the public origin functions on it.
//
// Only ASCII input is handled: a serialized origin is ASCII, so the domain
// parser's Unicode branch (UTS #46 on non-ASCII input) is never reached for a
// host that could serialize to itself. For an ASCII domain the URL Standard's
// domain parser (beStrict false) is ASCII lowercasing, then the empty-string
// and forbidden-domain-code-point checks (§3.3, as of whatwg/url a8d5ca3,
// June 2026: a Unicode ToASCII failure on an ASCII domain is a validation
// error only, so `xn--` labels are not checked).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "bytes.hpp"

namespace corsproof::detail {

// §3.2 "forbidden domain code point", for one byte: a forbidden host code
// point (NUL, TAB, LF, CR, SP, # / : < > ? @ [ \ ] ^ |), a C0 control, %, or
// DEL. Bytes >= 0x80 are not code points here and answer false.
[[nodiscard]] bool is_forbidden_domain_code_point(unsigned char c) noexcept;
// The same for every byte value (what callers in a loop read).
extern const std::array<bool, 256> forbidden_domain_code_points;

// §3.5 "ends in a number checker" for a non-empty ASCII string: its last
// label (a trailing empty label dropped) is all ASCII digits, or "0x"/"0X"
// followed by zero or more ASCII hex digits.
[[nodiscard]] bool ends_in_a_number(std::string_view input) noexcept;

// §3.5 "IPv4 parser" (1 to 4 parts, a trailing empty part dropped; each part
// decimal, octal after a leading "0", or hex after "0x"/"0X"; the last part
// fills the remaining bytes). Validation errors that do not fail are ignored.
struct ipv4_parse_result {
  bool ok = false;
  std::uint32_t address = 0;
};
[[nodiscard]] ipv4_parse_result ipv4_parse(std::string_view input) noexcept;

// §3.6 "IPv4 serializer": four decimal numbers joined with ".".
void ipv4_serialize(std::uint32_t address, writer& out) noexcept;

// §3.5 "IPv6 parser" (the text between "[" and "]"): eight 16-bit pieces.
struct ipv6_parse_result {
  bool ok = false;
  std::array<std::uint16_t, 8> pieces{};
};
[[nodiscard]] ipv6_parse_result ipv6_parse(std::string_view input) noexcept;

// §3.6 "IPv6 serializer": lower-case hex without leading zeros, the first
// longest run of two or more zero pieces written as "::", never a dotted
// IPv4 tail. Without the brackets.
void ipv6_serialize(const std::array<std::uint16_t, 8>& pieces, writer& out) noexcept;

}  // namespace corsproof::detail

// corsproof/loopback_host.hpp — is a URL's host this machine? (Secure
// Contexts §3.1 "Is origin potentially trustworthy?", steps 4 and 5, read
// with the URL Standard's host parser.)
//
// The one loopback rule: the linter warns about policies that trust a local
// origin with it, and `corsproof audit --http` refuses any URL it rejects.
#pragma once

#include <string_view>

namespace corsproof {

// `host` as it stands in a URL ("localhost", "127.0.0.1", "[::1]"), read as
// the URL Standard's host parser reads a special scheme's ASCII host (§3.5):
// ASCII case-insensitive; a host that ends in a number is an IPv4 address in
// any spelling the IPv4 parser accepts ("127.1", "0x7f.0.0.1",
// "2130706433", a trailing dot allowed) or no host at all ("127.999.0.1",
// "127.0.0.1.1"); "[...]" is an IPv6 address.
//
// True for an IPv4 address in 127.0.0.0/8, the IPv6 address ::1 (::1/128
// only, as Secure Contexts says and Chromium's IPAddress::IsLoopback reads
// it: "[::ffff:127.0.0.1]" is an IPv4-mapped address, not ::1), and the names
// "localhost" and "*.localhost", each with or without one trailing dot
// ("localhost." is "localhost"). False for everything else, and for a text
// the host parser refuses or that this ASCII reading does not cover (a
// forbidden domain code point, percent-encoding, a byte >= 0x80, an empty
// host, an IPv6 zone): the safe answer for a tool that only talks to this
// machine. Never allocates.
[[nodiscard]] bool is_loopback_host(std::string_view host) noexcept;

}  // namespace corsproof

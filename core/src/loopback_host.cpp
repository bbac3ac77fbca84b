// Secure Contexts §3.1 steps 4-5 on a URL host: see corsproof/loopback_host.hpp.
#include "corsproof/loopback_host.hpp"

#include "bytes.hpp"
#include "host.hpp"

namespace corsproof {

namespace {

// "localhost" or a name ending in ".localhost" (after one trailing dot is
// dropped), ASCII case-insensitive.
bool is_localhost_name(std::string_view host) noexcept {
  if (host.ends_with('.')) host.remove_suffix(1);
  constexpr std::string_view name = "localhost";
  if (host.size() < name.size()) return false;
  const std::string_view tail = host.substr(host.size() - name.size());
  if (!detail::equals_lower_literal(tail, name)) return false;
  return host.size() == name.size() || host[host.size() - name.size() - 1] == '.';
}

}  // namespace

bool is_loopback_host(std::string_view host) noexcept {
  if (host.empty()) return false;
  // URL Standard §3.5 host parser step 1: "[" starts an IPv6 address.
  if (host.front() == '[') {
    if (host.size() < 2 || host.back() != ']') return false;
    const detail::ipv6_parse_result v6 = detail::ipv6_parse(host.substr(1, host.size() - 2));
    if (!v6.ok) return false;
    // ::1/128
    for (std::size_t i = 0; i < 7; ++i)
      if (v6.pieces[i] != 0) return false;
    return v6.pieces[7] == 1;
  }
  // Steps 5-7 for an ASCII domain: no forbidden domain code point (which
  // also refuses "%", so percent-encoded hosts are not read), ASCII only.
  for (const char ch : host) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80 || detail::is_forbidden_domain_code_point(c)) return false;
  }
  // Step 8: a host that ends in a number is an IPv4 address or nothing.
  if (detail::ends_in_a_number(host)) {
    const detail::ipv4_parse_result v4 = detail::ipv4_parse(host);
    return v4.ok && (v4.address >> 24) == 127;  // 127.0.0.0/8
  }
  return is_localhost_name(host);
}

}  // namespace corsproof

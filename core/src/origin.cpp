// Serialized origins: Fetch "Origin header" (origin-or-null), HTML
// "serialization of an origin", RFC 6454 §7.1, RFC 3986 §3.2 for the host and
// port grammar (narrowed as docs/protocol-decisions.md says).
#include "corsproof/origin.hpp"

#include "bytes.hpp"

namespace corsproof {
namespace {

constexpr bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_hex(char c) noexcept {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
// RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
constexpr bool is_scheme_char(char c) noexcept { return is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.'; }
// The registered-name bytes corsproof accepts (unreserved minus nothing).
constexpr bool is_reg_name_char(char c) noexcept {
  return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}
constexpr bool has_upper(std::string_view s) noexcept {
  for (char c : s)
    if (c >= 'A' && c <= 'Z') return true;
  return false;
}

// A dotted-decimal IPv4 address as Fetch's serialized-ipv4 (and RFC 3986
// §3.2.2 IPv4address) spells it: four dec-octets 0-255 separated by ".",
// no leading zeros ("01" is not a dec-octet).
bool is_dotted_ipv4(std::string_view h) noexcept {
  int parts = 0;
  std::size_t i = 0;
  while (true) {
    const std::size_t start = i;
    unsigned value = 0;
    while (i < h.size() && is_digit(h[i]) && i - start < 4) value = value * 10 + static_cast<unsigned>(h[i++] - '0');
    const std::size_t digits = i - start;
    if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && h[start] == '0')) return false;
    ++parts;
    if (i == h.size()) return parts == 4;
    if (h[i] != '.' || parts == 4) return false;
    ++i;
  }
}

// RFC 3986 §3.2.2 IPv6address (the texts the URL Standard's IPv6 parser
// accepts): eight 16-bit pieces of 1-4 hex digits separated by ":", the last
// two of which may be written as a dotted IPv4 address; one "::" stands for
// one or more zero pieces, so with it at most seven pieces are written out.
// No zone identifier.
bool is_ipv6_address(std::string_view s) noexcept {
  int pieces = 0;
  bool compressed = false;
  std::size_t i = 0;
  if (s.starts_with("::")) {
    compressed = true;
    i = 2;
  }
  while (i < s.size()) {
    std::size_t end = i;
    while (end < s.size() && s[end] != ':') ++end;
    const std::string_view piece = s.substr(i, end - i);
    if (piece.find('.') != std::string_view::npos) {
      // ls32 as an IPv4 address: only as the last piece.
      if (end != s.size() || !is_dotted_ipv4(piece)) return false;
      pieces += 2;
    } else {
      if (piece.empty() || piece.size() > 4) return false;
      for (char c : piece)
        if (!is_hex(c)) return false;
      ++pieces;
    }
    if (end == s.size()) break;
    i = end + 1;                      // past ":"
    if (i == s.size()) return false;  // a single trailing ":"
    if (s[i] == ':') {
      if (compressed) return false;   // a second "::"
      compressed = true;
      ++i;
    }
  }
  return compressed ? pieces <= 7 : pieces == 8;
}

// True when `port` (a value of 0..65535) is the default port of `scheme`.
// Port 0 is nobody's default: default_port() says 0 for "none".
bool is_default_port(std::string_view scheme, std::uint32_t port) noexcept {
  const std::uint32_t d = default_port(scheme);
  return d != 0 && port == d;
}

}  // namespace

std::string_view to_string(origin_status s) noexcept {
  switch (s) {
    case origin_status::ok: return "ok";
    case origin_status::empty: return "empty origin";
    case origin_status::too_long: return "origin longer than 1024 bytes";
    case origin_status::bad_scheme: return "invalid scheme";
    case origin_status::missing_separator: return "no \"://\" after the scheme";
    case origin_status::has_userinfo: return "userinfo (\"user@\") is not part of an origin";
    case origin_status::bad_host: return "invalid host";
    case origin_status::bad_port: return "invalid port";
    case origin_status::has_path: return "a path (even a trailing \"/\") is not part of an origin";
    case origin_status::has_query: return "a query is not part of an origin";
    case origin_status::has_fragment: return "a fragment is not part of an origin";
  }
  return "?";
}

std::uint32_t default_port(std::string_view scheme) noexcept {
  if (scheme == "http" || scheme == "ws") return 80;
  if (scheme == "https" || scheme == "wss") return 443;
  if (scheme == "ftp") return 21;
  return 0;
}

origin_parse_result parse_serialized_origin(std::string_view text) noexcept {
  origin_parse_result r;
  auto fail = [&r](origin_status s) noexcept {
    r.status = s;
    return r;
  };
  if (text.empty()) return fail(origin_status::empty);
  if (text.size() > max_origin_bytes) return fail(origin_status::too_long);
  // Fetch: origin-or-null; "null" is case-sensitive.
  if (text == "null") {
    r.status = origin_status::ok;
    r.origin.opaque = true;
    return r;
  }
  // scheme
  std::size_t i = 0;
  if (!is_alpha(text[0])) return fail(origin_status::bad_scheme);
  while (i < text.size() && is_scheme_char(text[i])) ++i;
  r.origin.scheme = text.substr(0, i);
  if (text.substr(i, 3) != "://") {
    if (i < text.size() && text[i] != ':' && text[i] != '/') return fail(origin_status::bad_scheme);
    return fail(origin_status::missing_separator);
  }
  i += 3;
  // authority ends at "/", "?", "#" or the end.
  std::size_t end = i;
  while (end < text.size() && text[end] != '/' && text[end] != '?' && text[end] != '#') ++end;
  std::string_view authority = text.substr(i, end - i);
  if (authority.find('@') != std::string_view::npos) return fail(origin_status::has_userinfo);
  // host
  std::string_view host;
  std::string_view after_host;
  if (!authority.empty() && authority.front() == '[') {
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return fail(origin_status::bad_host);
    host = authority.substr(0, close + 1);
    if (!is_ipv6_address(host.substr(1, host.size() - 2))) return fail(origin_status::bad_host);
    r.origin.kind = host_kind::ipv6;
    after_host = authority.substr(close + 1);
  } else {
    std::size_t colon = authority.find(':');
    host = authority.substr(0, colon);
    after_host = colon == std::string_view::npos ? std::string_view() : authority.substr(colon);
    if (host.empty() || host.front() == '.') return fail(origin_status::bad_host);
    for (char c : host)
      if (!is_reg_name_char(c)) return fail(origin_status::bad_host);
    r.origin.kind = is_dotted_ipv4(host) ? host_kind::ipv4 : host_kind::domain;
  }
  r.origin.host = host;
  // port
  if (!after_host.empty()) {
    if (after_host.front() != ':') return fail(origin_status::bad_host);
    std::string_view digits = after_host.substr(1);
    if (digits.empty() || digits.size() > 5) return fail(origin_status::bad_port);
    std::uint32_t value = 0;
    for (char c : digits) {
      if (!is_digit(c)) return fail(origin_status::bad_port);
      value = value * 10 + static_cast<std::uint32_t>(c - '0');
    }
    if (value > 65535) return fail(origin_status::bad_port);
    r.origin.port_text = digits;
    r.origin.port = value;
  }
  if (end < text.size()) {
    if (text[end] == '/') return fail(origin_status::has_path);
    if (text[end] == '?') return fail(origin_status::has_query);
    return fail(origin_status::has_fragment);
  }
  r.status = origin_status::ok;
  return r;
}

bool is_canonical(const serialized_origin& o) noexcept {
  if (o.opaque) return true;
  if (has_upper(o.scheme) || has_upper(o.host)) return false;
  if (!o.port_text.empty()) {
    if (o.port_text.size() > 1 && o.port_text.front() == '0') return false;
    if (is_default_port(o.scheme, o.port)) return false;
  }
  return true;
}

std::size_t write_canonical_origin(std::string_view text, std::span<char> out) noexcept {
  detail::writer w(out);
  if (text == "null") {
    w.put("null");
    return w.overflow() ? 0 : 4;
  }
  std::size_t sep = text.find("://");
  if (sep == std::string_view::npos || sep == 0) return 0;
  std::string_view scheme = text.substr(0, sep);
  if (!is_alpha(scheme[0])) return 0;
  for (char c : scheme)
    if (!is_scheme_char(c)) return 0;
  std::string_view rest = text.substr(sep + 3);
  std::size_t end = 0;
  while (end < rest.size() && rest[end] != '/' && rest[end] != '?' && rest[end] != '#') ++end;
  std::string_view authority = rest.substr(0, end);
  if (std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  std::string_view host = authority;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return 0;
    host = authority.substr(0, close + 1);
    std::string_view tail = authority.substr(close + 1);
    if (!tail.empty()) {
      if (tail.front() != ':') return 0;
      port = tail.substr(1);
    }
  } else if (std::size_t colon = authority.find(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) return 0;
  while (port.size() > 1 && port.front() == '0') port.remove_prefix(1);
  std::uint32_t port_value = 0;
  for (char c : port) {
    if (!is_digit(c) || port_value > 65535) return 0;
    port_value = port_value * 10 + static_cast<std::uint32_t>(c - '0');
  }
  if (port_value > 65535) return 0;
  std::size_t start = w.mark();
  w.put_lower(scheme);
  w.put("://");
  w.put_lower(host);
  // Compare the default port against the lower-cased scheme just written.
  std::string_view lower_scheme = w.since(start).substr(0, scheme.size());
  if (!port.empty() && !is_default_port(lower_scheme, port_value)) {
    w.put(":");
    w.put(port);
  }
  return w.overflow() ? 0 : w.since(start).size();
}

}  // namespace corsproof

// Serialized origins: Fetch "Origin header" (origin-or-null), HTML
// "serialization of an origin", URL Standard §4.7 (origin), §3.5 host parsing
// and §3.6 host serializing (host.hpp), RFC 3986 §3.1 scheme and §3.2.3 port
// grammar, as docs/protocol-decisions.md "Server mode / Origins" reads them.
#include "corsproof/origin.hpp"

#include <initializer_list>

#include "bytes.hpp"
#include "host.hpp"

namespace corsproof {
namespace {

constexpr bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
// RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
constexpr bool is_scheme_char(char c) noexcept { return is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.'; }
// The host bytes corsproof accepts for a non-special scheme (RFC 3986
// unreserved).
constexpr bool is_reg_name_char(char c) noexcept {
  return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}
constexpr bool has_upper(std::string_view s) noexcept {
  for (char c : s)
    if (c >= 'A' && c <= 'Z') return true;
  return false;
}

// URL Standard §3.1 "special scheme" with an origin (file's is opaque),
// compared ASCII case-insensitively: parsing accepts any letter case.
bool is_special_with_origin(std::string_view scheme) noexcept {
  return detail::equals_lower_literal(scheme, "http") || detail::equals_lower_literal(scheme, "https") ||
         detail::equals_lower_literal(scheme, "ws") || detail::equals_lower_literal(scheme, "wss") ||
         detail::equals_lower_literal(scheme, "ftp");
}

// A host of a special scheme, not bracketed: the domain parser for an ASCII
// domain (lower-casing, then no forbidden domain code point; bytes >= 0x80
// never serialize to themselves and are refused), then an IPv4 address when
// it ends in a number (URL Standard §3.5 host parser steps 6-8).
origin_status special_host(std::string_view host, host_kind& kind) noexcept {
  if (host.empty()) return origin_status::bad_host;
  for (unsigned char c : host)
    if (c >= 0x80 || detail::forbidden_domain_code_points[c]) return origin_status::bad_host;
  if (!detail::ends_in_a_number(host)) {
    kind = host_kind::domain;
    return origin_status::ok;
  }
  if (!detail::ipv4_parse(host).ok) return origin_status::bad_ipv4;
  kind = host_kind::ipv4;
  return origin_status::ok;
}

// A host of a non-special scheme (chrome-extension://...), not bracketed:
// docs/protocol-decisions.md keeps corsproof's byte set for these.
bool is_non_special_host(std::string_view host) noexcept {
  if (host.empty()) return false;
  for (char c : host)
    if (!is_reg_name_char(c)) return false;
  return true;
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
    case origin_status::bad_ipv4: return "the host ends in a number but the URL Standard's IPv4 parser refuses it";
    case origin_status::file_scheme: return "a file: URL's origin is opaque, so browsers send Origin: null";
    case origin_status::not_canonical:
      return "not in the form browsers serialize: lower case, no default port, no leading zeros, IP addresses "
             "as the URL Standard writes them";
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
  // URL Standard §4.7: a file URL's origin is opaque (serialized "null").
  if (detail::equals_lower_literal(r.origin.scheme, "file")) return fail(origin_status::file_scheme);
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
    if (!detail::ipv6_parse(host.substr(1, host.size() - 2)).ok) return fail(origin_status::bad_host);
    r.origin.kind = host_kind::ipv6;
    after_host = authority.substr(close + 1);
  } else {
    std::size_t colon = authority.find(':');
    host = authority.substr(0, colon);
    after_host = colon == std::string_view::npos ? std::string_view() : authority.substr(colon);
    if (is_special_with_origin(r.origin.scheme)) {
      if (const origin_status s = special_host(host, r.origin.kind); s != origin_status::ok) return fail(s);
    } else {
      if (!is_non_special_host(host)) return fail(origin_status::bad_host);
      r.origin.kind = host_kind::domain;
    }
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

std::size_t write_serialization(const serialized_origin& o, std::span<char> out) noexcept {
  detail::writer w(out);
  if (o.opaque) {
    w.put("null");
    return w.overflow() ? 0 : 4;
  }
  w.put_lower(o.scheme);
  const std::string_view scheme = w.since(0);
  w.put("://");
  // URL Standard §3.6 host serializer.
  if (o.kind == host_kind::domain) {
    w.put_lower(o.host);
  } else if (o.kind == host_kind::ipv4) {
    char lowered[max_origin_bytes];
    detail::writer l(lowered);
    l.put_lower(o.host);  // the domain parser lower-cases before the IPv4 parser runs ("0X1")
    const detail::ipv4_parse_result v = detail::ipv4_parse(l.since(0));
    if (l.overflow() || !v.ok) return 0;
    detail::ipv4_serialize(v.address, w);
  } else {
    const detail::ipv6_parse_result v = detail::ipv6_parse(o.host.substr(1, o.host.size() - 2));
    if (!v.ok) return 0;
    w.put("[");
    detail::ipv6_serialize(v.pieces, w);
    w.put("]");
  }
  // The port: its value in decimal, absent when it is the scheme's default.
  if (!o.port_text.empty() && !is_default_port(scheme, o.port)) {
    w.put(":");
    w.put_uint(o.port);
  }
  return w.overflow() ? 0 : w.mark();
}

bool is_canonical(const serialized_origin& o) noexcept {
  if (o.opaque) return true;
  if (has_upper(o.scheme) || (o.kind != host_kind::ipv6 && has_upper(o.host))) return false;
  if (!o.port_text.empty()) {
    if (o.port_text.size() > 1 && o.port_text.front() == '0') return false;
    if (is_default_port(o.scheme, o.port)) return false;
  }
  if (o.kind == host_kind::domain) return true;
  // An IP address: compare with its serialization.
  char buf[max_origin_bytes + 8];
  detail::writer w(buf);
  if (o.kind == host_kind::ipv4) {
    const detail::ipv4_parse_result v = detail::ipv4_parse(o.host);
    if (!v.ok) return false;
    detail::ipv4_serialize(v.address, w);
    return !w.overflow() && w.since(0) == o.host;
  }
  const detail::ipv6_parse_result v = detail::ipv6_parse(o.host.substr(1, o.host.size() - 2));
  if (!v.ok) return false;
  w.put("[");
  detail::ipv6_serialize(v.pieces, w);
  w.put("]");
  return !w.overflow() && w.since(0) == o.host;
}

namespace {

// The common shape of a well-formed origin in one pass: a special scheme in
// lower case, "://", a host of lower-case letters, digits, "-" and "."
// (detail::scan_plain_host) whose last label starts with a letter or "-"
// (so the host is a domain, not an IPv4 address: URL Standard "ends in a
// number"), and no port or a canonical non-default one.
// True with `r` filled when the text has that shape; false when the full
// parser must decide (which then gives the same answer for these texts).
bool plain_well_formed_origin(std::string_view text, origin_parse_result& r) noexcept {
  const std::size_t n = text.size();
  if (n > max_origin_bytes) return false;
  // The special schemes in lower case and "://", compared as prefixes
  // (https first: most origins).
  std::size_t scheme_size = 0;
  using namespace std::string_view_literals;
  for (const std::string_view prefix : {"https://"sv, "http://"sv, "wss://"sv, "ws://"sv, "ftp://"sv}) {
    if (text.starts_with(prefix)) {
      scheme_size = prefix.size() - 3;
      break;
    }
  }
  if (scheme_size == 0) return false;
  const std::string_view scheme = text.substr(0, scheme_size);
  std::size_t i = scheme_size + 3;
  const std::size_t host_start = i;
  const detail::plain_host_run run = detail::scan_plain_host(text, i);
  const std::size_t label_start = run.last_dot == std::string_view::npos ? host_start : run.last_dot + 1;
  i = run.end;
  const std::size_t host_end = i;
  // An empty host or last label, or a last label that starts with a digit:
  // the full parser (IPv4 and trailing dots are its business).
  if (label_start >= host_end || (text[label_start] >= '0' && text[label_start] <= '9')) return false;
  std::string_view port_text;
  std::uint32_t port = 0;
  if (i < n) {
    if (text[i] != ':') return false;
    port_text = text.substr(i + 1);
    if (port_text.empty() || port_text.size() > 5 || (port_text.size() > 1 && port_text[0] == '0')) return false;
    for (char c : port_text) {
      if (!is_digit(c)) return false;
      port = port * 10 + static_cast<std::uint32_t>(c - '0');
    }
    if (port > 65535 || port == default_port(scheme)) return false;
  }
  r.status = origin_status::ok;
  r.origin.opaque = false;
  r.origin.scheme = scheme;
  r.origin.host = text.substr(host_start, host_end - host_start);
  r.origin.port_text = port_text;
  r.origin.port = port;
  r.origin.kind = host_kind::domain;
  return true;
}

}  // namespace

origin_parse_result parse_well_formed_origin(std::string_view text) noexcept {
  origin_parse_result r;
  if (plain_well_formed_origin(text, r)) return r;
  r = parse_serialized_origin(text);
  if (r.ok() && !is_canonical(r.origin)) r.status = origin_status::not_canonical;
  return r;
}

std::size_t write_canonical_origin(std::string_view text, std::span<char> out) noexcept {
  detail::writer w(out);
  if (text == "null") {
    w.put("null");
    return w.overflow() ? 0 : 4;
  }
  // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then "://".
  if (text.empty() || !is_alpha(text[0])) return 0;
  std::size_t sep = 1;
  while (sep < text.size() && is_scheme_char(text[sep])) ++sep;
  if (text.substr(sep, 3) != "://") return 0;
  std::string_view scheme = text.substr(0, sep);
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

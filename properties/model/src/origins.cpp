// Origins, as docs/protocol-decisions.md defines them where the protocol is
// silent:
//  - the grammar of a well-formed request `Origin` in server mode ("Server
//    mode / Origins");
//  - the canonical spelling of an exact policy entry ("Policy loading"),
//    which is the form Fetch §3.2 "`Origin` header" / "byte-serializing a
//    request origin" produces: lower-case scheme and host, no default port;
//  - the origin of the request URL in browser mode ("Browser mode / URL origin").
#include "spec.hpp"

namespace corsproof_model::spec {

// docs/protocol-decisions.md "Policy loading" / "URL origin": the default
// ports that a serialized origin never spells out.
std::optional<std::string> default_port(const std::string& scheme) {
  if (scheme == "http" || scheme == "ws") return "80";
  if (scheme == "https" || scheme == "wss") return "443";
  if (scheme == "ftp") return "21";
  return std::nullopt;
}

namespace {
// RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).
bool is_scheme(const std::string& s) {
  if (s.empty() || !is_ascii_alpha(static_cast<unsigned char>(s[0]))) return false;
  for (char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (!is_ascii_alphanumeric(c) && c != '+' && c != '-' && c != '.') return false;
  }
  return true;
}

// Decisions page: a registered name of ALPHA / DIGIT / "-" / "." / "_" / "~",
// at least one byte, no empty label at the start. (A dotted IPv4 address is
// also made of these bytes.)
bool is_registered_name_host(const std::string& host) {
  if (host.empty() || host[0] == '.') return false;
  for (char ch : host) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (!is_ascii_alphanumeric(c) && c != '-' && c != '.' && c != '_' && c != '~') return false;
  }
  return true;
}

// Decisions page: a bracketed IPv6 literal of hex digits, ":" and ".".
bool is_bracketed_ipv6_host(const std::string& host) {
  if (host.size() < 3 || host.front() != '[' || host.back() != ']') return false;
  for (std::size_t i = 1; i + 1 < host.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(host[i]);
    if (!is_ascii_hex_digit(c) && c != ':' && c != '.') return false;
  }
  return true;
}

// Decisions page: port = 1 to 5 digits, value at most 65535.
bool is_port(const std::string& port) {
  if (port.empty() || port.size() > 5) return false;
  for (char ch : port) {
    if (!is_ascii_digit(static_cast<unsigned char>(ch))) return false;
  }
  return compare_decimal_strings(port, "65535") <= 0;
}

// A port's value, serialized as the URL Standard serializes ports (decimal,
// no leading zeros). Input: 1 or more ASCII digits.
std::string serialize_port_value(const std::string& digits) {
  std::size_t first = 0;
  while (first + 1 < digits.size() && digits[first] == '0') ++first;
  return digits.substr(first);
}
}  // namespace

// docs/protocol-decisions.md "Server mode / Origins": a tuple origin is
// well formed when it is exactly  scheme "://" host [ ":" port ]  with the
// scheme, host and port rules above, and nothing else (no path, not even a
// lone "/", no userinfo, query, fragment, whitespace or comma).
std::optional<TupleOrigin> parse_well_formed_tuple_origin(const std::string& value) {
  const std::size_t separator = value.find("://");
  if (separator == std::string::npos) return std::nullopt;
  TupleOrigin origin;
  origin.scheme = value.substr(0, separator);
  if (!is_scheme(origin.scheme)) return std::nullopt;
  const std::string host_and_port = value.substr(separator + 3);
  std::string port_part;
  bool has_port = false;
  if (!host_and_port.empty() && host_and_port[0] == '[') {
    const std::size_t close = host_and_port.find(']');
    if (close == std::string::npos) return std::nullopt;
    origin.host = host_and_port.substr(0, close + 1);
    const std::string after = host_and_port.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return std::nullopt;
      has_port = true;
      port_part = after.substr(1);
    }
    if (!is_bracketed_ipv6_host(origin.host)) return std::nullopt;
  } else {
    const std::size_t colon = host_and_port.find(':');
    origin.host = host_and_port.substr(0, colon);
    if (colon != std::string::npos) {
      has_port = true;
      port_part = host_and_port.substr(colon + 1);
    }
    if (!is_registered_name_host(origin.host)) return std::nullopt;
  }
  if (has_port) {
    if (!is_port(port_part)) return std::nullopt;
    origin.port = port_part;
  }
  return origin;
}

// docs/protocol-decisions.md "Server mode / Origins": a request `Origin` is
// well formed when it is `null` (exact bytes) or a well-formed tuple origin.
// (The 1024-byte bound is checked separately by the server steps.)
bool is_well_formed_request_origin(const std::string& value) {
  if (value == "null") return true;
  return parse_well_formed_tuple_origin(value).has_value();
}

// A lenient split of "scheme://[userinfo@]host[:port][rest]" (rest: a path,
// query or fragment), in the manner of the URL Standard's authority parsing;
// used to name the canonical spelling of a non-canonical policy entry.
std::optional<LooseOrigin> parse_loose_origin(const std::string& value) {
  const std::size_t separator = value.find("://");
  if (separator == std::string::npos) return std::nullopt;
  LooseOrigin origin;
  origin.scheme = value.substr(0, separator);
  if (!is_scheme(origin.scheme)) return std::nullopt;
  const std::string after_scheme = value.substr(separator + 3);
  // The authority ends at the first "/", "?" or "#".
  const std::size_t authority_end = after_scheme.find_first_of("/?#");
  std::string authority = after_scheme.substr(0, authority_end);
  if (authority_end != std::string::npos) origin.rest = after_scheme.substr(authority_end);
  // Userinfo ends at the last "@" of the authority.
  const std::size_t at = authority.rfind('@');
  if (at != std::string::npos) {
    origin.has_userinfo = true;
    origin.userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
  }
  if (!authority.empty() && authority[0] == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string::npos) return std::nullopt;
    origin.host = authority.substr(0, close + 1);
    const std::string after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return std::nullopt;
      origin.has_port = true;
      origin.port = after.substr(1);
    }
  } else {
    const std::size_t colon = authority.find(':');
    origin.host = authority.substr(0, colon);
    if (colon != std::string::npos) {
      origin.has_port = true;
      origin.port = authority.substr(colon + 1);
    }
  }
  return origin;
}

// The serialized origin a browser would produce for an exact policy entry
// (Fetch §3.2 "`Origin` header": lower-case scheme and host, the port only
// when it is not the scheme's default, no userinfo, path, query or fragment),
// or nullopt when the entry is not an origin at all.
std::optional<std::string> canonical_origin_spelling(const std::string& entry) {
  const std::optional<LooseOrigin> loose = parse_loose_origin(entry);
  if (!loose) return std::nullopt;
  const std::string scheme = byte_lowercase(loose->scheme);
  const std::string host = byte_lowercase(loose->host);
  if (!is_registered_name_host(host) && !is_bracketed_ipv6_host(host)) return std::nullopt;
  std::string canonical = scheme + "://" + host;
  // An empty port (`https://a.example:`) is no port, as the URL parser reads it.
  if (loose->has_port && !loose->port.empty()) {
    for (char ch : loose->port) {
      if (!is_ascii_digit(static_cast<unsigned char>(ch))) return std::nullopt;
    }
    const std::string port = serialize_port_value(loose->port);
    if (compare_decimal_strings(port, "65535") > 0) return std::nullopt;
    if (default_port(scheme) != port) canonical += ":" + port;
  }
  if (!parse_well_formed_tuple_origin(canonical)) return std::nullopt;
  return canonical;
}

// Fetch §3.2 "`Origin` header" ABNF serialized-ipv4: four dec-octets
// (0-255, no leading zeros) separated by ".".
bool is_dotted_ipv4_address(const std::string& host) {
  std::vector<std::string> parts;
  std::size_t position = 0;
  while (true) {
    parts.push_back(collect_a_sequence(host, position, [](unsigned char c) { return c != '.'; }));
    if (position >= host.size()) break;
    ++position;
  }
  if (parts.size() != 4) return false;
  for (const std::string& part : parts) {
    if (part.empty() || part.size() > 3) return false;
    for (char ch : part) {
      if (!is_ascii_digit(static_cast<unsigned char>(ch))) return false;
    }
    if (part.size() > 1 && part[0] == '0') return false;
    if (compare_decimal_strings(part, "255") > 0) return false;
  }
  return true;
}

// docs/protocol-decisions.md "Browser mode / URL origin": the request URL's
// origin is scheme "://" host [":" port] with scheme and host lower-cased,
// userinfo removed and the default port dropped; no IDNA or IPv4-number
// normalization. nullopt when the URL has no "scheme://host" authority to
// take an origin from, or when it includes credentials (the model then
// answers forbidden-request, as the Request constructor throws).
std::optional<std::string> origin_of_url(const std::string& url) {
  const std::optional<LooseOrigin> loose = parse_loose_origin(url);
  if (!loose || loose->host.empty()) return std::nullopt;
  // Fetch §5.4 Request constructor step 5.3: "If parsedURL includes
  // credentials, then throw a TypeError."
  if (loose->has_userinfo) return std::nullopt;
  const std::string scheme = byte_lowercase(loose->scheme);
  std::string origin = scheme + "://" + byte_lowercase(loose->host);
  if (loose->has_port && !loose->port.empty()) {
    for (char ch : loose->port) {
      if (!is_ascii_digit(static_cast<unsigned char>(ch))) return std::nullopt;
    }
    // URL Standard "port state": the port is a number, serialized in decimal.
    const std::string port = serialize_port_value(loose->port);
    if (compare_decimal_strings(port, "65535") > 0) return std::nullopt;
    if (default_port(scheme) != port) origin += ":" + port;
  }
  return origin;
}

}  // namespace corsproof_model::spec

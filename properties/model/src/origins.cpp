// Origins, as the URL Standard and docs/protocol-decisions.md define them
// where the oracle protocol is silent:
//  - a well-formed request `Origin` (server mode, and browser mode's request
//    origin) is `null` or exactly what the URL Standard's origin
//    serialization produces ("Server mode / Origins"): the text is read as
//    the URL parser reads scheme://host[:port], its origin is serialized
//    (HTML "serialization of an origin", URL Standard §4.7 and the host
//    serializer of §3.6, hosts.cpp), and the text must be those very bytes;
//  - the canonical spelling of an exact policy entry ("Policy loading") is
//    that same serialization of the entry's scheme, host and port;
//  - the origin of the request URL in browser mode ("Browser mode / URL origin").
#include <array>
#include <utility>

#include "spec.hpp"

namespace corsproof_model::spec {

// URL Standard §4.1 "default port" of the special schemes (file has none and
// an opaque origin): the port a serialized origin never spells out.
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

// URL Standard §4.7 "origin": http, https, ws, wss and ftp URLs have a tuple
// origin (file URLs an opaque one, serialized `null`).
bool has_tuple_origin_special_scheme(const std::string& scheme) {
  return scheme == "http" || scheme == "https" || scheme == "ws" || scheme == "wss" || scheme == "ftp";
}

// Decisions page: the host of a non-special scheme (chrome-extension://...),
// which the URL Standard would give an opaque origin but browsers send as a
// tuple: RFC 3986 unreserved bytes ALPHA / DIGIT / "-" / "." / "_" / "~", at
// least one; serialized lower-cased.
bool is_non_special_host(const std::string& host) {
  if (host.empty()) return false;
  for (char ch : host) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (!is_ascii_alphanumeric(c) && c != '-' && c != '.' && c != '_' && c != '~') return false;
  }
  return true;
}

// A port's value, serialized as the URL Standard serializes ports (decimal,
// no leading zeros). Input: 1 or more ASCII digits.
std::string serialize_port_value(const std::string& digits) {
  std::size_t first = 0;
  while (first + 1 < digits.size() && digits[first] == '0') ++first;
  return digits.substr(first);
}

// The serialization of the origin of "scheme://host[:port]" (given as its
// three parts, port absent when there is no ":"), or nullopt when the URL
// parser fails on them or the origin is opaque:
//  - URL Standard §4.4 scheme state: the scheme is lower-cased;
//  - special schemes: the host parser (hosts.cpp), then the host serializer;
//    non-special ones: the decisions page's host bytes, lower-cased, or a
//    bracketed IPv6 address;
//  - port state: digits only, at most 65535 (decisions page: 1 to 5 digits
//    before leading zeros are dropped), the scheme's default port dropped; an
//    empty port is no port;
//  - HTML "serialization of an origin": scheme "://" host [":" port].
std::optional<std::string> origin_serialization(const std::string& scheme_text, const std::string& host_text,
                                                const std::optional<std::string>& port_text) {
  if (!is_scheme(scheme_text)) return std::nullopt;
  const std::string scheme = byte_lowercase(scheme_text);
  if (scheme == "file") return std::nullopt;  // opaque origin: "null"
  std::string host;
  if (has_tuple_origin_special_scheme(scheme)) {
    const std::optional<Host> parsed = host_parser(host_text);
    if (!parsed) return std::nullopt;
    host = host_serializer(*parsed);
  } else if (!host_text.empty() && host_text.front() == '[') {
    if (host_text.size() < 2 || host_text.back() != ']') return std::nullopt;
    const auto address = ipv6_parser(host_text.substr(1, host_text.size() - 2));
    if (!address) return std::nullopt;
    host = "[" + ipv6_serializer(*address) + "]";
  } else {
    if (!is_non_special_host(host_text)) return std::nullopt;
    host = byte_lowercase(host_text);
  }
  std::string serialization = scheme + "://" + host;
  if (port_text && !port_text->empty()) {
    for (char ch : *port_text)
      if (!is_ascii_digit(static_cast<unsigned char>(ch))) return std::nullopt;
    const std::string port = serialize_port_value(*port_text);
    if (compare_decimal_strings(port, "65535") > 0) return std::nullopt;
    if (default_port(scheme) != port) serialization += ":" + port;
  }
  return serialization;
}
}  // namespace

// docs/protocol-decisions.md "Server mode / Origins": the parts of a
// well-formed tuple origin "scheme://host[:port]" (nothing else: no path, not
// even a lone "/", no userinfo, query or fragment), when the text is exactly
// its own origin's serialization; nullopt otherwise.
std::optional<TupleOrigin> parse_well_formed_tuple_origin(const std::string& value) {
  const std::size_t separator = value.find("://");
  if (separator == std::string::npos) return std::nullopt;
  TupleOrigin origin;
  origin.scheme = value.substr(0, separator);
  const std::string host_and_port = value.substr(separator + 3);
  std::optional<std::string> port;
  if (!host_and_port.empty() && host_and_port[0] == '[') {
    const std::size_t close = host_and_port.find(']');
    if (close == std::string::npos) return std::nullopt;
    origin.host = host_and_port.substr(0, close + 1);
    const std::string after = host_and_port.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return std::nullopt;
      port = after.substr(1);
    }
  } else {
    const std::size_t colon = host_and_port.find(':');
    origin.host = host_and_port.substr(0, colon);
    if (colon != std::string::npos) port = host_and_port.substr(colon + 1);
  }
  // Decisions page: a port is 1 to 5 digits.
  if (port && (port->empty() || port->size() > 5)) return std::nullopt;
  const std::optional<std::string> serialization = origin_serialization(origin.scheme, origin.host, port);
  if (!serialization || *serialization != value) return std::nullopt;
  origin.port = port;
  return origin;
}

// Protocol "Policy object" / decisions page "Server mode / Origins": a request
// `Origin` is well formed when it is `null` (exact bytes) or a well-formed
// tuple origin. (The 1024-byte bound is checked separately.)
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
// (Fetch §3.2 "`Origin` header", HTML "serialization of an origin"): the
// origin of the entry read as a URL (userinfo, path, query and fragment
// dropped), or nullopt when it has no tuple origin.
std::optional<std::string> canonical_origin_spelling(const std::string& entry) {
  const std::optional<LooseOrigin> loose = parse_loose_origin(entry);
  if (!loose) return std::nullopt;
  return origin_serialization(loose->scheme, loose->host,
                              loose->has_port ? std::optional<std::string>(loose->port) : std::nullopt);
}

namespace {
// URL Standard §4.4 "scheme start state" and "scheme state", for a URL the
// parser refused: leading C0 controls and spaces are stripped, tabs and
// newlines removed, the scheme is what comes before the first ":", lower-cased.
std::string scheme_before_colon(const std::string& url) {
  std::string scheme;
  std::size_t i = 0;
  while (i < url.size() && static_cast<unsigned char>(url[i]) <= 0x20) ++i;
  for (; i < url.size(); ++i) {
    const char c = url[i];
    if (c == ':') return byte_lowercase(scheme);
    if (c != '\t' && c != '\n' && c != '\r') scheme += c;
  }
  return "";
}
}  // namespace

// docs/protocol-decisions.md "Browser mode / URL origin": for an http, https,
// ws, wss or ftp URL, the origin the URL Standard gives (basic URL parser,
// then the origin of the URL, §4.7); nullopt when it does not parse or
// includes credentials (Fetch §5.4 Request constructor steps 5.2-5.3: the
// model then answers forbidden-request). For every other scheme, the
// textual rule: scheme "://" host [":" port] with scheme and host
// lower-cased, the default port dropped, nullopt when there is no
// "scheme://host" to take it from or when it includes credentials.
std::optional<std::string> origin_of_url(const std::string& url) {
  namespace u = url_standard;
  const std::optional<u::Url> parsed = u::basic_url_parser(url, nullptr);
  const std::string parsed_scheme = parsed ? parsed->scheme : scheme_before_colon(url);
  if (parsed_scheme == "http" || parsed_scheme == "https" || parsed_scheme == "ws" || parsed_scheme == "wss" ||
      parsed_scheme == "ftp") {
    if (!parsed || parsed->includes_credentials()) return std::nullopt;
    return u::serialized_origin_of_url(*parsed);
  }
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

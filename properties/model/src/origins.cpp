// Origins, as docs/protocol-decisions.md defines them where the protocol is
// silent:
//  - the grammar of a well-formed request `Origin` in server mode ("Server
//    mode / Origins");
//  - the canonical spelling of an exact policy entry ("Policy loading"),
//    which is the form Fetch §3.2 "`Origin` header" / "byte-serializing a
//    request origin" produces: lower-case scheme and host, no default port;
//  - the origin of the request URL in browser mode ("Browser mode / URL origin").
#include <array>
#include <utility>

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

// URL Standard §3.5 "IPv6 parser", transcribed step by step (validation
// errors that do not return failure are not tracked). Returns the eight
// pieces, or nullopt on failure. The decisions page accepts exactly the texts
// this parser accepts (RFC 3986 IPv6address says the same in ABNF).
std::optional<std::array<unsigned, 8>> ipv6_parse(const std::string& input) {
  // 1. Let address be a new IPv6 address whose IPv6 pieces are all 0.
  std::array<unsigned, 8> address{};
  // 2. Let pieceIndex be 0.  3. Let compress be null.  4. Let pointer be 0.
  std::size_t piece_index = 0;
  std::optional<std::size_t> compress;
  std::size_t pointer = 0;
  constexpr int eof = -1;
  auto c_at = [&](std::size_t p) { return p < input.size() ? static_cast<int>(static_cast<unsigned char>(input[p])) : eof; };
  auto is_hex = [](int c) { return c != eof && is_ascii_hex_digit(static_cast<unsigned char>(c)); };
  auto is_digit = [](int c) { return c != eof && is_ascii_digit(static_cast<unsigned char>(c)); };
  auto hex_value = [](int c) {
    if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0');
    if (c >= 'a' && c <= 'f') return static_cast<unsigned>(c - 'a' + 10);
    return static_cast<unsigned>(c - 'A' + 10);
  };
  // 5. If c is U+003A (:), then:
  if (c_at(pointer) == ':') {
    // 5.1. If remaining does not start with U+003A (:), failure.
    if (c_at(pointer + 1) != ':') return std::nullopt;
    // 5.2. Increase pointer by 2.  5.3. Increase pieceIndex by 1, set compress to pieceIndex.
    pointer += 2;
    ++piece_index;
    compress = piece_index;
  }
  // 6. While c is not the EOF code point:
  while (c_at(pointer) != eof) {
    // 6.1. If pieceIndex is 8, failure.
    if (piece_index == 8) return std::nullopt;
    // 6.2. If c is U+003A (:), then:
    if (c_at(pointer) == ':') {
      // 6.2.1. If compress is non-null, failure.
      if (compress) return std::nullopt;
      // 6.2.2. Increase pointer and pieceIndex by 1, set compress to pieceIndex, and continue.
      ++pointer;
      ++piece_index;
      compress = piece_index;
      continue;
    }
    // 6.3. Let value and length be 0.
    unsigned value = 0;
    std::size_t length = 0;
    // 6.4. While length is less than 4 and c is an ASCII hex digit, ...
    while (length < 4 && is_hex(c_at(pointer))) {
      value = value * 0x10 + hex_value(c_at(pointer));
      ++pointer;
      ++length;
    }
    // 6.5. If c is U+002E (.), then:
    if (c_at(pointer) == '.') {
      // 6.5.1. If length is 0, failure.  6.5.2. Decrease pointer by length.
      if (length == 0) return std::nullopt;
      pointer -= length;
      // 6.5.3. If pieceIndex is greater than 6, failure.
      if (piece_index > 6) return std::nullopt;
      // 6.5.4. Let numbersSeen be 0.
      int numbers_seen = 0;
      // 6.5.5. While c is not the EOF code point:
      while (c_at(pointer) != eof) {
        // 6.5.5.1. Let ipv4Piece be null.
        std::optional<unsigned> ipv4_piece;
        // 6.5.5.2. If numbersSeen is greater than 0, then: if c is "." and
        // numbersSeen is less than 4, increase pointer by 1; otherwise failure.
        if (numbers_seen > 0) {
          if (c_at(pointer) == '.' && numbers_seen < 4) ++pointer;
          else return std::nullopt;
        }
        // 6.5.5.3. If c is not an ASCII digit, failure.
        if (!is_digit(c_at(pointer))) return std::nullopt;
        // 6.5.5.4. While c is an ASCII digit:
        while (is_digit(c_at(pointer))) {
          const unsigned number = static_cast<unsigned>(c_at(pointer) - '0');
          if (!ipv4_piece) ipv4_piece = number;           // null: set it
          else if (*ipv4_piece == 0) return std::nullopt;  // a leading zero
          else ipv4_piece = *ipv4_piece * 10 + number;
          if (*ipv4_piece > 255) return std::nullopt;
          ++pointer;
        }
        // 6.5.5.5. address[pieceIndex] = address[pieceIndex] x 0x100 + ipv4Piece.
        address[piece_index] = address[piece_index] * 0x100 + *ipv4_piece;
        // 6.5.5.6. Increase numbersSeen by 1.  6.5.5.7. If numbersSeen is 2 or 4, increase pieceIndex by 1.
        ++numbers_seen;
        if (numbers_seen == 2 || numbers_seen == 4) ++piece_index;
      }
      // 6.5.6. If numbersSeen is not 4, failure.  6.5.7. Break.
      if (numbers_seen != 4) return std::nullopt;
      break;
    }
    // 6.6. Otherwise, if c is U+003A (:): increase pointer by 1; if c is the EOF code point, failure.
    if (c_at(pointer) == ':') {
      ++pointer;
      if (c_at(pointer) == eof) return std::nullopt;
    } else if (c_at(pointer) != eof) {
      // 6.7. Otherwise, if c is not the EOF code point, failure.
      return std::nullopt;
    }
    // 6.8. Set address[pieceIndex] to value.  6.9. Increase pieceIndex by 1.
    address[piece_index] = value;
    ++piece_index;
  }
  // 7. If compress is non-null, then: move the pieces after it to the end.
  if (compress) {
    std::size_t swaps = piece_index - *compress;
    piece_index = 7;
    while (piece_index != 0 && swaps > 0) {
      std::swap(address[piece_index], address[*compress + swaps - 1]);
      --piece_index;
      --swaps;
    }
  } else if (piece_index != 8) {
    // 8. Otherwise, if compress is null and pieceIndex is not 8, failure.
    return std::nullopt;
  }
  // 9. Return address.
  return address;
}

// Decisions page: a bracketed host is "[" IPv6 address "]", where the address
// is one the URL Standard's IPv6 parser accepts (no zone identifier).
bool is_bracketed_ipv6_host(const std::string& host) {
  if (host.size() < 2 || host.front() != '[' || host.back() != ']') return false;
  return ipv6_parse(host.substr(1, host.size() - 2)).has_value();
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

// URL Standard §3.5 "ends in a number checker", for a host that is already
// known to be ASCII: 1. let parts be the result of strictly splitting input
// on "."; 2. if the last item is the empty string: if parts has one item,
// false; else remove the last item; 3. let last be the last item; 4. if last
// is non-empty and contains only ASCII digits, true; 5. if parsing last with
// the IPv4 number parser does not return failure, true ("0x" or "0X"
// followed by hex digits; decimal was step 4; an octal-looking "0..." is
// digits too); 6. false.
bool ends_in_a_number(const std::string& input) {
  std::vector<std::string> parts;
  std::size_t position = 0;
  while (true) {
    parts.push_back(collect_a_sequence(input, position, [](unsigned char c) { return c != '.'; }));
    if (position >= input.size()) break;
    ++position;
  }
  if (parts.back().empty()) {
    if (parts.size() == 1) return false;
    parts.pop_back();
  }
  const std::string& last = parts.back();
  if (!last.empty()) {
    bool all_digits = true;
    for (char ch : last) all_digits = all_digits && is_ascii_digit(static_cast<unsigned char>(ch));
    if (all_digits) return true;
  }
  if (last.size() >= 2 && last[0] == '0' && (last[1] == 'x' || last[1] == 'X')) {
    for (std::size_t i = 2; i < last.size(); ++i) {
      if (!is_ascii_hex_digit(static_cast<unsigned char>(last[i]))) return false;
    }
    return true;
  }
  return false;
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

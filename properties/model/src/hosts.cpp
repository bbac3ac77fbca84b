// URL Standard §3 "Hosts (domains and IP addresses)", transcribed step by
// step for the inputs an origin can carry (ASCII): §3.2 forbidden code
// points, §3.3 the domain parser, §3.5 the host parser, the ends in a number
// checker, the IPv4 parser and IPv4 number parser, the IPv6 parser, and §3.6
// the host, IPv4 and IPv6 serializers. Validation errors that do not return
// failure are not tracked. Section numbers: whatwg/url at 6ae8486 (July 2026).
#include <utility>

#include "spec.hpp"

namespace corsproof_model::spec {

// §3.2 "forbidden host code point": U+0000 NULL, U+0009 TAB, U+000A LF,
// U+000D CR, U+0020 SPACE, U+0023 (#), U+002F (/), U+003A (:), U+003C (<),
// U+003E (>), U+003F (?), U+0040 (@), U+005B ([), U+005C (\), U+005D (]),
// U+005E (^), or U+007C (|).
bool is_forbidden_host_code_point(unsigned char c) {
  switch (c) {
    case 0x00: case 0x09: case 0x0A: case 0x0D: case 0x20: case '#': case '/': case ':': case '<': case '>':
    case '?': case '@': case '[': case '\\': case ']': case '^': case '|':
      return true;
    default:
      return false;
  }
}

// §3.2 "forbidden domain code point": a forbidden host code point, a C0
// control (U+0000 to U+001F), U+0025 (%), or U+007F DELETE.
bool is_forbidden_domain_code_point(unsigned char c) {
  return is_forbidden_host_code_point(c) || c <= 0x1F || c == '%' || c == 0x7F;
}

// §3.3 "domain parser" with beStrict false, for an ASCII string (whatwg/url
// a8d5ca3, June 2026: for an ASCII domain a Unicode ToASCII failure is a
// validation error only; the result is the domain lower-cased):
//   5. If domain is an ASCII string, set result to domain, lowercased.
//   7. If result is the empty string, return failure.
//   8. If result contains a forbidden domain code point, return failure.
// Non-ASCII input (the Unicode ToASCII branch) never serializes to its own
// bytes, so an origin with it is never well formed: failure here.
std::optional<std::string> domain_parser(const std::string& domain) {
  for (char ch : domain)
    if (static_cast<unsigned char>(ch) >= 0x80) return std::nullopt;
  const std::string result = byte_lowercase(domain);
  if (result.empty()) return std::nullopt;
  for (char ch : result)
    if (is_forbidden_domain_code_point(static_cast<unsigned char>(ch))) return std::nullopt;
  return result;
}

namespace {

// "strictly split" on U+002E (.).
std::vector<std::string> strictly_split_on_dot(const std::string& input) {
  std::vector<std::string> parts;
  std::size_t position = 0;
  while (true) {
    parts.push_back(collect_a_sequence(input, position, [](unsigned char c) { return c != '.'; }));
    if (position >= input.size()) break;
    ++position;  // past the "."
  }
  return parts;
}

// A number too large for any IPv4 check: every comparison the parser makes
// is against at most 2^32, so values are kept exactly up to this cap and
// saturate above it (a part may be 1024 digits long).
constexpr unsigned long long kHuge = (1ULL << 40);

}  // namespace

// §3.5 "IPv4 number parser": (number, validationError) or failure.
std::optional<std::pair<unsigned long long, bool>> ipv4_number_parser(std::string input) {
  // 1. If input is the empty string, then return failure.
  if (input.empty()) return std::nullopt;
  // 2. Let validationError be false.  3. Let R be 10.
  bool validation_error = false;
  unsigned radix = 10;
  // 4. If input contains at least two code points and the first two are "0X" or "0x": ...
  if (input.size() >= 2 && input[0] == '0' && (input[1] == 'X' || input[1] == 'x')) {
    validation_error = true;
    input = input.substr(2);
    radix = 16;
  } else if (input.size() >= 2 && input[0] == '0') {
    // 5. Otherwise, if input contains at least two code points and the first is U+0030 (0): ...
    validation_error = true;
    input = input.substr(1);
    radix = 8;
  }
  // 6. If input is the empty string, then return (0, true).
  if (input.empty()) return std::make_pair(0ULL, true);
  // 7. If input contains a code point that is not a radix-R digit, then return failure.
  // 8. Let output be the mathematical integer value represented by input in radix-R.
  unsigned long long output = 0;
  for (char ch : input) {
    const unsigned char c = static_cast<unsigned char>(ch);
    unsigned digit;
    if (is_ascii_digit(c)) digit = static_cast<unsigned>(c - '0');
    else if (c >= 'a' && c <= 'f') digit = static_cast<unsigned>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') digit = static_cast<unsigned>(c - 'A' + 10);
    else return std::nullopt;
    if (digit >= radix) return std::nullopt;
    output = output >= kHuge ? kHuge : output * radix + digit;
  }
  // 9. Return (output, validationError).
  return std::make_pair(output, validation_error);
}

// §3.5 "ends in a number checker".
bool ends_in_a_number(const std::string& input) {
  // 2. Let parts be the result of strictly splitting input on U+002E (.).
  std::vector<std::string> parts = strictly_split_on_dot(input);
  // 3. If the last item in parts is the empty string, then remove it.
  if (parts.back().empty() && parts.size() > 1) parts.pop_back();
  // 4. Let last be the last item in parts.
  const std::string& last = parts.back();
  // 5. If last is not the empty string and contains only ASCII digits, then return true.
  if (!last.empty()) {
    bool all_digits = true;
    for (char ch : last) all_digits = all_digits && is_ascii_digit(static_cast<unsigned char>(ch));
    if (all_digits) return true;
  }
  // 6. If parsing last as an IPv4 number does not return failure, then return true.
  if (ipv4_number_parser(last)) return true;
  // 7. Return false.
  return false;
}

// §3.5 "IPv4 parser".
std::optional<std::uint32_t> ipv4_parser(const std::string& input) {
  // 1. Let parts be the result of strictly splitting input on U+002E (.).
  std::vector<std::string> parts = strictly_split_on_dot(input);
  // 2. If the last item in parts is the empty string, then: (validation
  // error) if parts's size is greater than 1, remove the last item.
  if (parts.back().empty() && parts.size() > 1) parts.pop_back();
  // 3. (fewer than 4: validation error only)  4. More than 4: failure.
  if (parts.size() > 4) return std::nullopt;
  // 5-6. numbers: each part parsed as an IPv4 number; failure -> failure.
  std::vector<unsigned long long> numbers;
  for (const std::string& part : parts) {
    const auto result = ipv4_number_parser(part);
    if (!result) return std::nullopt;
    numbers.push_back(result->first);
  }
  // 8. If any but the last item in numbers is greater than 255, return failure.
  for (std::size_t i = 0; i + 1 < numbers.size(); ++i)
    if (numbers[i] > 255) return std::nullopt;
  // 9. If the last item is greater than or equal to 256^(5 - size), return failure.
  unsigned long long limit = 1;
  for (std::size_t i = 0; i < 5 - numbers.size(); ++i) limit *= 256;
  if (numbers.back() >= limit) return std::nullopt;
  // 10-14. ipv4 = last; add n x 256^(3 - counter) for each other number.
  unsigned long long ipv4 = numbers.back();
  numbers.pop_back();
  unsigned long long weight = 256ULL * 256ULL * 256ULL;  // 256^(3 - 0)
  for (unsigned long long n : numbers) {
    ipv4 += n * weight;
    weight /= 256;
  }
  return static_cast<std::uint32_t>(ipv4);
}

// §3.5 "IPv6 parser": the eight pieces, or nullopt on failure.
std::optional<std::array<unsigned, 8>> ipv6_parser(const std::string& input) {
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

// §3.5 "host parser", for a special URL (isOpaque false) and ASCII input.
std::optional<Host> host_parser(const std::string& input) {
  Host host;
  // 1. If input starts with U+005B ([): it must end with U+005D (]); return
  // the result of IPv6 parsing input without them.
  if (!input.empty() && input.front() == '[') {
    if (input.size() < 2 || input.back() != ']') return std::nullopt;
    const auto address = ipv6_parser(input.substr(1, input.size() - 2));
    if (!address) return std::nullopt;
    host.kind = Host::Kind::ipv6;
    host.ipv6 = *address;
    return host;
  }
  // 3. Assert: input is not the empty string (the URL parser fails earlier).
  if (input.empty()) return std::nullopt;
  // 4-5. Percent-decoding: see origins.cpp; an origin's host has no "%"
  // (the domain parser below refuses it).
  // 6. Let asciiDomain be the result of running the domain parser with domain and false.
  const std::optional<std::string> ascii_domain = domain_parser(input);
  // 7. If asciiDomain is failure, then return failure.
  if (!ascii_domain) return std::nullopt;
  // 8. If asciiDomain ends in a number, return the result of IPv4 parsing it.
  if (ends_in_a_number(*ascii_domain)) {
    const auto address = ipv4_parser(*ascii_domain);
    if (!address) return std::nullopt;
    host.kind = Host::Kind::ipv4;
    host.ipv4 = *address;
    return host;
  }
  // 9. Return asciiDomain.
  host.kind = Host::Kind::domain;
  host.domain = *ascii_domain;
  return host;
}

// §3.6 "IPv4 serializer".
std::string ipv4_serializer(std::uint32_t address) {
  // 1. Let output be the empty string.  2. Let n be the value of address.
  std::string output;
  std::uint32_t n = address;
  // 3. For each i in the range 1 to 4, inclusive: prepend n % 256,
  // serialized; if i is not 4, prepend "."; set n to floor(n / 256).
  for (int i = 1; i <= 4; ++i) {
    output = std::to_string(n % 256) + output;
    if (i != 4) output = "." + output;
    n /= 256;
  }
  return output;
}

// §3.6 "find the IPv6 address compressed piece index".
std::optional<std::size_t> ipv6_compressed_piece_index(const std::array<unsigned, 8>& address) {
  // 1-4. longestIndex null, longestSize 1, foundIndex null, foundSize 0.
  std::optional<std::size_t> longest_index;
  std::size_t longest_size = 1;
  std::optional<std::size_t> found_index;
  std::size_t found_size = 0;
  // 5. For each pieceIndex of address's pieces's indices:
  for (std::size_t piece_index = 0; piece_index < 8; ++piece_index) {
    if (address[piece_index] != 0) {
      // 5.1. If foundSize is greater than longestSize, remember it; reset.
      if (found_size > longest_size) {
        longest_index = found_index;
        longest_size = found_size;
      }
      found_index.reset();
      found_size = 0;
    } else {
      // 5.2. If foundIndex is null, set it to pieceIndex; increment foundSize.
      if (!found_index) found_index = piece_index;
      ++found_size;
    }
  }
  // 6. If foundSize is greater than longestSize, return foundIndex.
  if (found_size > longest_size) return found_index;
  // 7. Return longestIndex.
  return longest_index;
}

// §3.6 "IPv6 serializer".
std::string ipv6_serializer(const std::array<unsigned, 8>& address) {
  // 1. Let output be the empty string.
  std::string output;
  // 2. Let compress be the result of finding the compressed piece index.
  const std::optional<std::size_t> compress = ipv6_compressed_piece_index(address);
  // 3. Let ignore0 be false.
  bool ignore0 = false;
  // 4. For each pieceIndex of address's pieces's indices:
  for (std::size_t piece_index = 0; piece_index < 8; ++piece_index) {
    // 4.1. If ignore0 is true and address[pieceIndex] is 0, then continue.
    if (ignore0 && address[piece_index] == 0) continue;
    // 4.2. Otherwise, if ignore0 is true, set ignore0 to false.
    ignore0 = false;
    // 4.3. If compress is pieceIndex: append "::" if pieceIndex is 0, else
    // ":"; set ignore0 to true and continue.
    if (compress == piece_index) {
      output += piece_index == 0 ? "::" : ":";
      ignore0 = true;
      continue;
    }
    // 4.4. Append address[pieceIndex], as the shortest possible lowercase
    // hexadecimal number.
    static const char* const hex = "0123456789abcdef";
    std::string digits;
    unsigned value = address[piece_index];
    do {
      digits.insert(digits.begin(), hex[value % 16]);
      value /= 16;
    } while (value != 0);
    output += digits;
    // 4.5. If pieceIndex is not 7, then append U+003A (:).
    if (piece_index != 7) output += ":";
  }
  // 5. Return output.
  return output;
}

// §3.6 "host serializer": IPv4 -> IPv4 serializer; IPv6 -> "[" IPv6
// serializer "]"; otherwise the host itself.
std::string host_serializer(const Host& host) {
  switch (host.kind) {
    case Host::Kind::ipv4: return ipv4_serializer(host.ipv4);
    case Host::Kind::ipv6: return "[" + ipv6_serializer(host.ipv6) + "]";
    case Host::Kind::domain: return host.domain;
  }
  return host.domain;
}

}  // namespace corsproof_model::spec

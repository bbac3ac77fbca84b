// The URL Standard (whatwg/url, url.bs at commit 6ae8486, 2026-07-02), as far
// as Fetch needs it to follow a redirect: the basic URL parser's state
// machine (§4.4 "URL parsing", without the state override and the legacy
// non-UTF-8 encodings, which only APIs and HTML forms use), the host parser
// with its IDNA, IPv4 and IPv6 parts (§3.5 "Host parsing", §3.3 "IDNA"), the
// host and URL serializers (§3.6, §4.5), and the origin of a URL (§4.7) with
// HTML's serialization of an origin.
//
// Strings inside the parser are "scalar value strings": std::u32string of
// code points. The input arrives as UTF-8 bytes (the protocol's header values
// are the UTF-8 encoding of JSON strings) and is decoded first ("UTF-8
// decode", invalid sequences become U+FFFD). Every component the parser
// builds is an ASCII string, kept as std::string.
//
// Validation errors that do not return failure are not tracked: they change
// nothing in the result.
#include <unicode/uidna.h>

#include <algorithm>
#include <array>
#include <cstdint>

#include "spec.hpp"

namespace corsproof_model::spec::url_standard {

namespace {

constexpr char32_t kEof = 0xFFFFFFFF;  // the EOF code point (never a scalar value)
constexpr char32_t kReplacementCharacter = 0xFFFD;

// ---------------------------------------------------------------------------
// Encoding Standard: "UTF-8 decode" (replacement on error) and "UTF-8 encode"
// ---------------------------------------------------------------------------

// Encoding Standard §4 "UTF-8 decoder": each maximal subpart of an ill-formed
// sequence becomes one U+FFFD. Written out as the Standard's byte-at-a-time
// decoder (bytes needed / seen, lower and upper boundary).
std::u32string utf8_decode(const std::string& bytes) {
  std::u32string output;
  char32_t code_point = 0;
  int bytes_needed = 0, bytes_seen = 0;
  unsigned lower_boundary = 0x80, upper_boundary = 0xBF;
  std::size_t i = 0;
  while (i < bytes.size()) {
    const unsigned byte = static_cast<unsigned char>(bytes[i]);
    if (bytes_needed == 0) {
      if (byte <= 0x7F) {
        output += static_cast<char32_t>(byte);
      } else if (byte >= 0xC2 && byte <= 0xDF) {
        bytes_needed = 1;
        code_point = byte & 0x1F;
      } else if (byte >= 0xE0 && byte <= 0xEF) {
        if (byte == 0xE0) lower_boundary = 0xA0;
        if (byte == 0xED) upper_boundary = 0x9F;
        bytes_needed = 2;
        code_point = byte & 0xF;
      } else if (byte >= 0xF0 && byte <= 0xF4) {
        if (byte == 0xF0) lower_boundary = 0x90;
        if (byte == 0xF4) upper_boundary = 0x8F;
        bytes_needed = 3;
        code_point = byte & 0x7;
      } else {
        output += kReplacementCharacter;
      }
      ++i;
      continue;
    }
    if (byte < lower_boundary || byte > upper_boundary) {
      // Not a continuation byte here: the sequence so far is one error, and
      // this byte is processed again as the start of something new.
      code_point = 0;
      bytes_needed = bytes_seen = 0;
      lower_boundary = 0x80;
      upper_boundary = 0xBF;
      output += kReplacementCharacter;
      continue;  // "prepend byte to stream": do not advance
    }
    lower_boundary = 0x80;
    upper_boundary = 0xBF;
    code_point = (code_point << 6) | (byte & 0x3F);
    ++bytes_seen;
    ++i;
    if (bytes_seen != bytes_needed) continue;
    output += code_point;
    code_point = 0;
    bytes_needed = bytes_seen = 0;
  }
  if (bytes_needed != 0) output += kReplacementCharacter;  // end of stream inside a sequence
  return output;
}

// Encoding Standard "UTF-8 encode" of one scalar value.
std::string utf8_encode(char32_t c) {
  std::string out;
  if (c <= 0x7F) {
    out += static_cast<char>(c);
  } else if (c <= 0x7FF) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c <= 0xFFFF) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

std::string utf8_encode(const std::u32string& s) {
  std::string out;
  for (char32_t c : s) out += utf8_encode(c);
  return out;
}

// ---------------------------------------------------------------------------
// Infra code point classes
// ---------------------------------------------------------------------------
bool is_ascii_digit_cp(char32_t c) { return c >= '0' && c <= '9'; }
bool is_ascii_alpha_cp(char32_t c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_ascii_alphanumeric_cp(char32_t c) { return is_ascii_digit_cp(c) || is_ascii_alpha_cp(c); }
bool is_ascii_hex_digit_cp(char32_t c) {
  return is_ascii_digit_cp(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}
// Infra "C0 control": U+0000 NULL to U+001F, inclusive.
bool is_c0_control(char32_t c) { return c <= 0x1F; }
// Infra "C0 control or space": a C0 control or U+0020 SPACE.
bool is_c0_control_or_space(char32_t c) { return is_c0_control(c) || c == 0x20; }
// Infra "ASCII tab or newline": U+0009 TAB, U+000A LF, or U+000D CR.
bool is_ascii_tab_or_newline(char32_t c) { return c == 0x09 || c == 0x0A || c == 0x0D; }
char32_t ascii_lowercase(char32_t c) { return (c >= 'A' && c <= 'Z') ? c + 0x20 : c; }
unsigned hex_value(char32_t c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}
bool is_ascii_string(const std::u32string& s) {
  for (char32_t c : s) {
    if (c > 0x7F) return false;
  }
  return true;
}
std::string ascii_narrow(const std::u32string& s) {  // precondition: ASCII only
  std::string out;
  for (char32_t c : s) out += static_cast<char>(c);
  return out;
}
std::u32string ascii_widen(const std::string& s) {
  std::u32string out;
  for (char ch : s) out += static_cast<char32_t>(static_cast<unsigned char>(ch));
  return out;
}
// Infra "strictly split" a string on a delimiter.
std::vector<std::string> strictly_split(const std::string& input, char delimiter) {
  std::vector<std::string> tokens;
  std::string token;
  for (char ch : input) {
    if (ch == delimiter) {
      tokens.push_back(token);
      token.clear();
    } else {
      token += ch;
    }
  }
  tokens.push_back(token);
  return tokens;
}

// ---------------------------------------------------------------------------
// §1.3 "Percent-encoded bytes"
// ---------------------------------------------------------------------------

// The percent-encode sets, each defined from the previous one as the Standard does.
enum class PercentEncodeSet { c0_control, fragment, query, special_query, path, userinfo };

bool in_percent_encode_set(char32_t c, PercentEncodeSet set) {
  // "C0 control percent-encode set": C0 controls and all code points greater than U+007E (~).
  const bool c0_control_set = is_c0_control(c) || c > 0x7E;
  // "query percent-encode set": C0 control set and U+0020 SPACE, U+0022 ("),
  // U+0023 (#), U+003C (<), U+003E (>).
  const bool query_set = c0_control_set || c == 0x20 || c == 0x22 || c == 0x23 || c == 0x3C || c == 0x3E;
  // "path percent-encode set": query set and U+003F (?), U+005E (^), U+0060 (`), U+007B ({), U+007D (}).
  const bool path_set = query_set || c == 0x3F || c == 0x5E || c == 0x60 || c == 0x7B || c == 0x7D;
  switch (set) {
    case PercentEncodeSet::c0_control:
      return c0_control_set;
    case PercentEncodeSet::fragment:
      // C0 control set and U+0020 SPACE, U+0022 ("), U+003C (<), U+003E (>), U+0060 (`).
      return c0_control_set || c == 0x20 || c == 0x22 || c == 0x3C || c == 0x3E || c == 0x60;
    case PercentEncodeSet::query:
      return query_set;
    case PercentEncodeSet::special_query:
      // query set and U+0027 (').
      return query_set || c == 0x27;
    case PercentEncodeSet::path:
      return path_set;
    case PercentEncodeSet::userinfo:
      // path set and U+002F (/), U+003A (:), U+003B (;), U+003D (=), U+0040 (@),
      // U+005B ([) to U+005D (]), inclusive, and U+007C (|).
      return path_set || c == 0x2F || c == 0x3A || c == 0x3B || c == 0x3D || c == 0x40 ||
             (c >= 0x5B && c <= 0x5D) || c == 0x7C;
  }
  return true;
}

// "percent-encode" a byte: U+0025 (%) followed by two ASCII upper hex digits.
std::string percent_encode(unsigned char byte) {
  static const char* const digits = "0123456789ABCDEF";
  std::string out = "%";
  out += digits[byte >> 4];
  out += digits[byte & 0xF];
  return out;
}

// "percent-encode after encoding" with UTF-8 (the only encoding the model
// supports; spaceAsPlus is false for every set the parser uses): each byte of
// the UTF-8 encoding is kept as its isomorphic code point when that code point
// is not in the set, and percent-encoded otherwise.
std::string utf8_percent_encode(const std::u32string& input, PercentEncodeSet set) {
  std::string output;
  for (char ch : utf8_encode(input)) {
    const unsigned char byte = static_cast<unsigned char>(ch);
    const char32_t isomorph = byte;
    if (!in_percent_encode_set(isomorph, set)) {
      output += static_cast<char>(byte);
    } else {
      output += percent_encode(byte);
    }
  }
  return output;
}

// "UTF-8 percent-encode" a scalar value.
std::string utf8_percent_encode(char32_t c, PercentEncodeSet set) {
  return utf8_percent_encode(std::u32string(1, c), set);
}

// "percent-decode" a byte sequence.
std::string percent_decode(const std::string& input) {
  auto is_hex_byte = [](char ch) { return is_ascii_hex_digit_cp(static_cast<unsigned char>(ch)); };
  // Step 1: let output be an empty byte sequence.
  std::string output;
  // Step 2: for each byte byte in input:
  for (std::size_t i = 0; i < input.size(); ++i) {
    const char byte = input[i];
    // Step 2.1: if byte is not 0x25 (%), append byte to output.
    // Step 2.2: a % whose next two bytes are not both ASCII hex digits is appended as is.
    const bool two_hex_digits_follow = i + 2 < input.size() && is_hex_byte(input[i + 1]) && is_hex_byte(input[i + 2]);
    if (byte != '%' || !two_hex_digits_follow) {
      output += byte;
      continue;
    }
    // Step 2.3: append the byte the two hex digits denote, and skip them.
    output += static_cast<char>(hex_value(static_cast<unsigned char>(input[i + 1])) * 16 +
                                hex_value(static_cast<unsigned char>(input[i + 2])));
    i += 2;
  }
  // Step 3: return output.
  return output;
}

// "percent-decode" a scalar value string: percent-decode its UTF-8 encoding.
std::string percent_decode(const std::u32string& input) { return percent_decode(utf8_encode(input)); }

// ---------------------------------------------------------------------------
// §3.2 "Host miscellaneous"
// ---------------------------------------------------------------------------

// "forbidden host code point": U+0000 NULL, U+0009 TAB, U+000A LF, U+000D CR,
// U+0020 SPACE, U+0023 (#), U+002F (/), U+003A (:), U+003C (<), U+003E (>),
// U+003F (?), U+0040 (@), U+005B ([), U+005C (\), U+005D (]), U+005E (^), or U+007C (|).
bool is_forbidden_host_code_point(char32_t c) {
  switch (c) {
    case 0x00: case 0x09: case 0x0A: case 0x0D: case 0x20: case 0x23: case 0x2F: case 0x3A:
    case 0x3C: case 0x3E: case 0x3F: case 0x40: case 0x5B: case 0x5C: case 0x5D: case 0x5E:
    case 0x7C:
      return true;
    default:
      return false;
  }
}

// "forbidden domain code point": a forbidden host code point, a C0 control,
// U+0025 (%), or U+007F DELETE.
bool is_forbidden_domain_code_point(char32_t c) {
  return is_forbidden_host_code_point(c) || is_c0_control(c) || c == 0x25 || c == 0x7F;
}

// ---------------------------------------------------------------------------
// §3.3 "IDNA"
// ---------------------------------------------------------------------------

// "domain parser ToASCII" with beStrict false: Unicode ToASCII (UTS #46) with
// CheckHyphens false, CheckBidi true, CheckJoiners true, UseSTD3ASCIIRules
// false, Transitional_Processing false, VerifyDnsLength false,
// IgnoreInvalidPunycode false. ICU's UTS #46 implementation is used: ICU
// always checks hyphens and DNS lengths and reports them as separate error
// bits, which are masked here because the Standard turns those checks off.
std::optional<std::string> unicode_to_ascii(const std::u32string& domain) {
  UErrorCode status = U_ZERO_ERROR;
  UIDNA* idna = uidna_openUTS46(UIDNA_CHECK_BIDI | UIDNA_CHECK_CONTEXTJ | UIDNA_NONTRANSITIONAL_TO_ASCII, &status);
  if (U_FAILURE(status)) return std::nullopt;
  const std::string input = utf8_encode(domain);
  std::string output(input.size() * 4 + 64, '\0');
  UIDNAInfo info = UIDNA_INFO_INITIALIZER;
  int32_t length = uidna_nameToASCII_UTF8(idna, input.data(), static_cast<int32_t>(input.size()), output.data(),
                                          static_cast<int32_t>(output.size()), &info, &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {  // the result's length is known now: run again with room for it
    status = U_ZERO_ERROR;
    info = UIDNA_INFO_INITIALIZER;
    output.assign(static_cast<std::size_t>(length) + 1, '\0');
    length = uidna_nameToASCII_UTF8(idna, input.data(), static_cast<int32_t>(input.size()), output.data(),
                                    static_cast<int32_t>(output.size()), &info, &status);
  }
  uidna_close(idna);
  if (U_FAILURE(status)) return std::nullopt;
  const uint32_t turned_off = UIDNA_ERROR_EMPTY_LABEL | UIDNA_ERROR_LABEL_TOO_LONG |
                              UIDNA_ERROR_DOMAIN_NAME_TOO_LONG |  // VerifyDnsLength false
                              UIDNA_ERROR_LEADING_HYPHEN | UIDNA_ERROR_TRAILING_HYPHEN |
                              UIDNA_ERROR_HYPHEN_3_4;  // CheckHyphens false
  if ((info.errors & ~turned_off) != 0) return std::nullopt;
  output.resize(static_cast<std::size_t>(length));
  return output;
}

// §3.3 "domain parser" given domain and beStrict false (the host parser's
// call). Step 1-2 (the strict run) only signals a validation error; step 3
// (beStrict) does not apply.
std::optional<std::string> domain_parser(const std::u32string& domain) {
  // Step 4: let result be null.
  std::optional<std::string> result;
  if (is_ascii_string(domain)) {
    // Step 5: if domain is an ASCII string, set result to domain, ASCII
    // lowercased (whatever Unicode ToASCII would say: web compatibility,
    // url.bs commit a8d5ca3 of 2026-06-25).
    std::string lowered;
    for (char32_t c : domain) lowered += static_cast<char>(ascii_lowercase(c));
    result = lowered;
  } else {
    // Step 6.1: set result to the result of domain parser ToASCII with domain
    // and false. Step 6.2: if result is a failure value, return failure.
    result = unicode_to_ascii(domain);
    if (!result) return std::nullopt;
  }
  // Step 7: if result is the empty string, return failure.
  if (result->empty()) return std::nullopt;
  // Step 8: if result contains a forbidden domain code point, return failure.
  for (char ch : *result) {
    if (is_forbidden_domain_code_point(static_cast<unsigned char>(ch))) return std::nullopt;
  }
  // Step 9: return result.
  return result;
}

// ---------------------------------------------------------------------------
// §3.5 "Host parsing": IPv4
// ---------------------------------------------------------------------------

// Numbers in the IPv4 parser are mathematical integers of any size; every
// decision the parser takes compares them with at most 2^32, so they are kept
// saturated at 2^40 (any larger value decides exactly as 2^40 does).
constexpr std::uint64_t kSaturated = std::uint64_t{1} << 40;

struct Ipv4Number {
  std::uint64_t value = 0;
  bool validation_error = false;
};

// "IPv4 number parser".
std::optional<Ipv4Number> ipv4_number_parser(std::string input) {
  // Step 1: if input is the empty string, return failure.
  if (input.empty()) return std::nullopt;
  // Step 2: let validationError be false. Step 3: let R be 10.
  bool validation_error = false;
  unsigned radix = 10;
  // Step 4: "0x"/"0X" prefix: hexadecimal.
  if (input.size() >= 2 && input[0] == '0' && (input[1] == 'x' || input[1] == 'X')) {
    validation_error = true;
    input = input.substr(2);
    radix = 16;
  } else if (input.size() >= 2 && input[0] == '0') {
    // Step 5: a leading 0 (and at least two code points): octal.
    validation_error = true;
    input = input.substr(1);
    radix = 8;
  }
  // Step 6: if input is the empty string, return (0, true).
  if (input.empty()) return Ipv4Number{0, true};
  // Step 7: if input contains a code point that is not a radix-R digit, return failure.
  for (char ch : input) {
    const char32_t c = static_cast<unsigned char>(ch);
    const bool digit = radix == 16 ? is_ascii_hex_digit_cp(c) : (radix == 10 ? is_ascii_digit_cp(c) : (c >= '0' && c <= '7'));
    if (!digit) return std::nullopt;
  }
  // Step 8: let output be the integer value of input in radix R (saturated).
  std::uint64_t output = 0;
  for (char ch : input) {
    output = output * radix + hex_value(static_cast<unsigned char>(ch));
    if (output > kSaturated) output = kSaturated;
  }
  // Step 9: return (output, validationError).
  return Ipv4Number{output, validation_error};
}

std::uint64_t power_of_256(std::size_t exponent) {
  std::uint64_t result = 1;
  for (std::size_t i = 0; i < exponent; ++i) result *= 256;
  return result;
}

}  // namespace

// §3.5 "ends in a number checker", given an ASCII string input.
bool ends_in_a_number_checker(const std::string& input) {
  // Step 2: let parts be the result of strictly splitting input on U+002E (.).
  std::vector<std::string> parts = strictly_split(input, '.');
  // Step 3: if the last item in parts is the empty string, remove it.
  if (parts.back().empty()) parts.pop_back();
  if (parts.empty()) return false;  // (input "." — not reachable for a non-empty domain other than ".")
  // Step 4: let last be the last item in parts.
  const std::string& last = parts.back();
  // Step 5: if last is non-empty and contains only ASCII digits, return true.
  if (!last.empty()) {
    bool only_digits = true;
    for (char ch : last) only_digits = only_digits && is_ascii_digit_cp(static_cast<unsigned char>(ch));
    if (only_digits) return true;
  }
  // Step 6: if parsing last as an IPv4 number does not return failure, return true.
  if (ipv4_number_parser(last)) return true;
  // Step 7: return false.
  return false;
}

// §3.5 "IPv4 parser", given an ASCII string input.
std::optional<std::uint32_t> ipv4_parser(const std::string& input) {
  // Step 1: let parts be the result of strictly splitting input on U+002E (.).
  std::vector<std::string> parts = strictly_split(input, '.');
  // Step 2: if the last item is the empty string (IPv4-empty-part), remove it
  // when parts has more than one item.
  if (parts.back().empty() && parts.size() > 1) parts.pop_back();
  // Step 4: more than 4 parts: return failure. (Step 3, fewer than 4, is only
  // a validation error.)
  if (parts.size() > 4) return std::nullopt;
  // Step 5-6: parse each part; any failure is failure.
  std::vector<std::uint64_t> numbers;
  for (const std::string& part : parts) {
    const std::optional<Ipv4Number> result = ipv4_number_parser(part);
    if (!result) return std::nullopt;
    numbers.push_back(result->value);
  }
  // Step 8: if any but the last item is greater than 255, return failure.
  for (std::size_t i = 0; i + 1 < numbers.size(); ++i) {
    if (numbers[i] > 255) return std::nullopt;
  }
  // Step 9: if the last item is >= 256^(5 - numbers's size), return failure.
  if (numbers.back() >= power_of_256(5 - numbers.size())) return std::nullopt;
  // Step 10-11: let ipv4 be the last item, and remove it.
  std::uint64_t ipv4 = numbers.back();
  numbers.pop_back();
  // Step 12-13: add each remaining n times 256^(3 - counter).
  for (std::size_t counter = 0; counter < numbers.size(); ++counter) {
    ipv4 += numbers[counter] * power_of_256(3 - counter);
  }
  // Step 14: return ipv4.
  return static_cast<std::uint32_t>(ipv4);
}

// §3.5 "IPv6 parser", given a scalar value string input.
std::optional<Ipv6Address> ipv6_parser(const std::u32string& input) {
  // Step 1: address: eight pieces, all 0.
  Ipv6Address address{};
  // Step 2-4: pieceIndex 0, compress null, pointer at the start.
  std::size_t piece_index = 0;
  std::optional<std::size_t> compress;
  std::size_t pointer = 0;
  auto c = [&]() -> char32_t { return pointer < input.size() ? input[pointer] : kEof; };
  auto remaining_starts_with = [&](char32_t ch) { return pointer + 1 < input.size() && input[pointer + 1] == ch; };
  // Step 5: if c is U+003A (:):
  if (c() == ':') {
    // Step 5.1: if remaining does not start with U+003A (:), failure.
    if (!remaining_starts_with(':')) return std::nullopt;
    // Step 5.2-5.3.
    pointer += 2;
    ++piece_index;
    compress = piece_index;
  }
  // Step 6: while c is not the EOF code point:
  while (c() != kEof) {
    // Step 6.1: if pieceIndex is 8, failure.
    if (piece_index == 8) return std::nullopt;
    // Step 6.2: if c is U+003A (:):
    if (c() == ':') {
      // Step 6.2.1: if compress is non-null, failure.
      if (compress) return std::nullopt;
      // Step 6.2.2.
      ++pointer;
      ++piece_index;
      compress = piece_index;
      continue;
    }
    // Step 6.3: let value and length be 0.
    unsigned value = 0;
    std::size_t length = 0;
    // Step 6.4: up to four hex digits.
    while (length < 4 && c() != kEof && is_ascii_hex_digit_cp(c())) {
      value = value * 0x10 + hex_value(c());
      ++pointer;
      ++length;
    }
    // Step 6.5: if c is U+002E (.): an IPv4 address in the last 32 bits.
    if (c() == '.') {
      // Step 6.5.1: if length is 0, failure.
      if (length == 0) return std::nullopt;
      // Step 6.5.2: decrease pointer by length.
      pointer -= length;
      // Step 6.5.3: if pieceIndex is greater than 6, failure.
      if (piece_index > 6) return std::nullopt;
      // Step 6.5.4: let numbersSeen be 0.
      int numbers_seen = 0;
      // Step 6.5.5: while c is not the EOF code point:
      while (c() != kEof) {
        // Step 6.5.5.1: let ipv4Piece be null.
        std::optional<unsigned> ipv4_piece;
        // Step 6.5.5.2: after the first number, a "." must follow (and at most 4 numbers).
        if (numbers_seen > 0) {
          if (c() == '.' && numbers_seen < 4) {
            ++pointer;
          } else {
            return std::nullopt;
          }
        }
        // Step 6.5.5.3: if c is not an ASCII digit, failure.
        if (c() == kEof || !is_ascii_digit_cp(c())) return std::nullopt;
        // Step 6.5.5.4: while c is an ASCII digit:
        while (c() != kEof && is_ascii_digit_cp(c())) {
          const unsigned number = c() - '0';
          if (!ipv4_piece) {
            ipv4_piece = number;
          } else if (*ipv4_piece == 0) {
            return std::nullopt;  // a leading zero
          } else {
            ipv4_piece = *ipv4_piece * 10 + number;
          }
          if (*ipv4_piece > 255) return std::nullopt;
          ++pointer;
        }
        // Step 6.5.5.5: address[pieceIndex] = address[pieceIndex] x 0x100 + ipv4Piece.
        address[piece_index] = static_cast<std::uint16_t>(address[piece_index] * 0x100 + *ipv4_piece);
        // Step 6.5.5.6-7.
        ++numbers_seen;
        if (numbers_seen == 2 || numbers_seen == 4) ++piece_index;
      }
      // Step 6.5.6: if numbersSeen is not 4, failure. Step 6.5.7: break.
      if (numbers_seen != 4) return std::nullopt;
      break;
    }
    if (c() == ':') {
      // Step 6.6: otherwise, if c is U+003A (:): increase pointer; EOF after it is failure.
      ++pointer;
      if (c() == kEof) return std::nullopt;
    } else if (c() != kEof) {
      // Step 6.7: otherwise, if c is not the EOF code point, failure.
      return std::nullopt;
    }
    // Step 6.9-6.10 (6.8 is a validation error only).
    address[piece_index] = static_cast<std::uint16_t>(value);
    ++piece_index;
  }
  // Step 7: if compress is non-null, move the pieces after it to the end.
  if (compress) {
    std::size_t swaps = piece_index - *compress;
    piece_index = 7;
    while (piece_index != 0 && swaps > 0) {
      std::swap(address[piece_index], address[*compress + swaps - 1]);
      --piece_index;
      --swaps;
    }
  } else if (piece_index != 8) {
    // Step 8: otherwise, if compress is null and pieceIndex is not 8, failure.
    return std::nullopt;
  }
  // Step 9: return address.
  return address;
}

// §3.5 "opaque-host parser" (non-special URLs).
std::optional<std::string> opaque_host_parser(const std::u32string& input) {
  // Step 1: a forbidden host code point is failure.
  for (char32_t c : input) {
    if (is_forbidden_host_code_point(c)) return std::nullopt;
  }
  // Steps 2-3 are validation errors only. Step 4: UTF-8 percent-encode input
  // using the C0 control percent-encode set.
  return utf8_percent_encode(input, PercentEncodeSet::c0_control);
}

// §3.5 "host parser", given input and isOpaque.
std::optional<Host> host_parser(const std::u32string& input, bool is_opaque) {
  Host host;
  // Step 1: input starting with U+005B ([).
  if (!input.empty() && input.front() == '[') {
    // Step 1.1: not ending with U+005D (]) is failure.
    if (input.size() < 2 || input.back() != ']') return std::nullopt;
    // Step 1.2: IPv6-parse input without the brackets.
    const std::optional<Ipv6Address> address = ipv6_parser(input.substr(1, input.size() - 2));
    if (!address) return std::nullopt;
    host.kind = Host::Kind::ipv6;
    host.ipv6 = *address;
    return host;
  }
  // Step 2: if isOpaque is true, return the result of opaque-host parsing input.
  if (is_opaque) {
    const std::optional<std::string> opaque = opaque_host_parser(input);
    if (!opaque) return std::nullopt;
    host.kind = opaque->empty() ? Host::Kind::empty : Host::Kind::opaque;
    host.name = *opaque;
    return host;
  }
  // Step 3: assert: input is not the empty string. (Step 4: a percent-encoded
  // byte is a validation error only.)
  // Step 5: let domain be the UTF-8 decode without BOM of the percent-decoding of input.
  const std::u32string domain = utf8_decode(percent_decode(input));
  // Step 6-7: let asciiDomain be the result of running the domain parser with
  // domain and false; failure is failure.
  const std::optional<std::string> ascii_domain = domain_parser(domain);
  if (!ascii_domain) return std::nullopt;
  // Step 8: if asciiDomain ends in a number, return the result of IPv4 parsing it.
  if (ends_in_a_number_checker(*ascii_domain)) {
    const std::optional<std::uint32_t> address = ipv4_parser(*ascii_domain);
    if (!address) return std::nullopt;
    host.kind = Host::Kind::ipv4;
    host.ipv4 = *address;
    return host;
  }
  // Step 9: return asciiDomain.
  host.kind = Host::Kind::domain;
  host.name = *ascii_domain;
  return host;
}

// §3.6 "IPv4 serializer".
std::string ipv4_serializer(std::uint32_t address) {
  // Step 1-2: output empty, n the value of address.
  std::string output;
  std::uint32_t n = address;
  // Step 3: for each i in 1..4: prepend n % 256, a "." unless i is 4; n = floor(n / 256).
  for (int i = 1; i <= 4; ++i) {
    output = std::to_string(n % 256) + output;
    if (i != 4) output = "." + output;
    n /= 256;
  }
  return output;
}

// §3.6 "find the IPv6 address compressed piece index".
std::optional<std::size_t> find_the_ipv6_address_compressed_piece_index(const Ipv6Address& address) {
  std::optional<std::size_t> longest_index;
  std::size_t longest_size = 1;
  std::optional<std::size_t> found_index;
  std::size_t found_size = 0;
  for (std::size_t piece_index = 0; piece_index < 8; ++piece_index) {
    if (address[piece_index] != 0) {
      if (found_size > longest_size) {
        longest_index = found_index;
        longest_size = found_size;
      }
      found_index.reset();
      found_size = 0;
    } else {
      if (!found_index) found_index = piece_index;
      ++found_size;
    }
  }
  if (found_size > longest_size) return found_index;
  return longest_index;
}

// §3.6 "IPv6 serializer".
std::string ipv6_serializer(const Ipv6Address& address) {
  static const char* const hex = "0123456789abcdef";
  std::string output;
  const std::optional<std::size_t> compress = find_the_ipv6_address_compressed_piece_index(address);
  bool ignore0 = false;
  for (std::size_t piece_index = 0; piece_index < 8; ++piece_index) {
    if (ignore0 && address[piece_index] == 0) continue;
    if (ignore0) ignore0 = false;
    if (compress == piece_index) {
      output += piece_index == 0 ? "::" : ":";
      ignore0 = true;
      continue;
    }
    // The piece as the shortest possible lowercase hexadecimal number.
    std::string digits;
    unsigned value = address[piece_index];
    do {
      digits = hex[value % 16] + digits;
      value /= 16;
    } while (value != 0);
    output += digits;
    if (piece_index != 7) output += ":";
  }
  return output;
}

// §3.6 "host serializer".
std::string host_serializer(const Host& host) {
  switch (host.kind) {
    case Host::Kind::ipv4:
      return ipv4_serializer(host.ipv4);
    case Host::Kind::ipv6:
      return "[" + ipv6_serializer(host.ipv6) + "]";
    default:
      return host.name;  // a domain, an opaque host or the empty host
  }
}

// §4.2 "special scheme" and its "default port".
bool is_special_scheme(const std::string& scheme) {
  return scheme == "ftp" || scheme == "file" || scheme == "http" || scheme == "https" || scheme == "ws" ||
         scheme == "wss";
}
std::optional<unsigned> default_port_of_scheme(const std::string& scheme) {
  if (scheme == "ftp") return 21;
  if (scheme == "http" || scheme == "ws") return 80;
  if (scheme == "https" || scheme == "wss") return 443;
  return std::nullopt;
}

bool Url::is_special() const { return is_special_scheme(scheme); }

// §4.2: a URL "includes credentials" if its username or password is not the empty string.
bool Url::includes_credentials() const { return !username.empty() || !password.empty(); }

namespace {

// §4.2 "Windows drive letter": an ASCII alpha followed by U+003A (:) or U+007C (|).
bool is_windows_drive_letter(const std::u32string& s) {
  return s.size() == 2 && is_ascii_alpha_cp(s[0]) && (s[1] == ':' || s[1] == '|');
}
bool is_windows_drive_letter(const std::string& s) { return is_windows_drive_letter(ascii_widen(s)); }
// "normalized Windows drive letter": the second code point is U+003A (:).
bool is_normalized_windows_drive_letter(const std::string& s) { return is_windows_drive_letter(s) && s[1] == ':'; }
// "starts with a Windows drive letter".
bool starts_with_a_windows_drive_letter(const std::u32string& s) {
  if (s.size() < 2) return false;
  if (!is_windows_drive_letter(s.substr(0, 2))) return false;
  if (s.size() == 2) return true;
  return s[2] == '/' || s[2] == '\\' || s[2] == '?' || s[2] == '#';
}

// §4.2 "shorten a url's path".
void shorten(Url& url) {
  // Step 1: assert: url does not have an opaque path.
  std::vector<std::string>& path = url.path;
  // Step 3: a file URL whose path is one normalized Windows drive letter keeps it.
  if (url.scheme == "file" && path.size() == 1 && is_normalized_windows_drive_letter(path[0])) return;
  // Step 4: remove path's last item, if any.
  if (!path.empty()) path.pop_back();
}

// §4.1 "single-dot URL path segment": "." or an ASCII case-insensitive match for "%2e".
bool is_single_dot_url_path_segment(const std::string& s) {
  return s == "." || s == "%2e" || s == "%2E";
}
// §4.1 "double-dot URL path segment": ".." or an ASCII case-insensitive match
// for ".%2e", "%2e." or "%2e%2e".
bool is_double_dot_url_path_segment(const std::string& s) {
  std::string lowered;
  for (char ch : s) lowered += static_cast<char>(ascii_lowercase(static_cast<unsigned char>(ch)));
  return lowered == ".." || lowered == ".%2e" || lowered == "%2e." || lowered == "%2e%2e";
}

enum class State {
  scheme_start, scheme, no_scheme, special_relative_or_authority, path_or_authority, relative,
  relative_slash, special_authority_slashes, special_authority_ignore_slashes, authority, host,
  port, file, file_slash, file_host, path_start, path, opaque_path, query, fragment
};

}  // namespace

// §4.4 "basic URL parser", given input and base (no url, no state override,
// encoding UTF-8).
std::optional<Url> basic_url_parser(const std::string& input_bytes, const Url* base) {
  std::u32string input = utf8_decode(input_bytes);
  // Step 1.1: set url to a new URL.
  Url url;
  // Step 1.3: remove any leading and trailing C0 control or space from input.
  {
    std::size_t begin = 0, end = input.size();
    while (begin < end && is_c0_control_or_space(input[begin])) ++begin;
    while (end > begin && is_c0_control_or_space(input[end - 1])) --end;
    input = input.substr(begin, end - begin);
  }
  // Step 3: remove all ASCII tab or newline from input.
  {
    std::u32string without;
    for (char32_t ch : input) {
      if (!is_ascii_tab_or_newline(ch)) without += ch;
    }
    input = without;
  }
  // Step 4: let state be scheme start state.
  State state = State::scheme_start;
  // Step 5: encoding is UTF-8. Step 6: let buffer be the empty string.
  std::u32string buffer;
  // Step 7: atSignSeen, insideBrackets, passwordTokenSeen are false.
  bool at_sign_seen = false, inside_brackets = false, password_token_seen = false;
  // Step 8: let pointer be a pointer for input. (Signed: "decrease pointer by
  // 1" can step before the first code point, and the loop increments it back.)
  long pointer = 0;
  const long size = static_cast<long>(input.size());
  auto c_at = [&](long p) -> char32_t { return (p >= 0 && p < size) ? input[static_cast<std::size_t>(p)] : kEof; };
  // "remaining": the code points after c.
  auto remaining_starts_with = [&](const std::u32string& prefix) {
    for (std::size_t i = 0; i < prefix.size(); ++i) {
      if (c_at(pointer + 1 + static_cast<long>(i)) != prefix[i]) return false;
    }
    return true;
  };
  auto remaining_starts_with_two_hex_digits = [&]() {
    const char32_t a = c_at(pointer + 1), b = c_at(pointer + 2);
    return a != kEof && b != kEof && is_ascii_hex_digit_cp(a) && is_ascii_hex_digit_cp(b);
  };
  (void)remaining_starts_with_two_hex_digits;  // only feeds validation errors
  auto substring_from_pointer = [&]() {
    return pointer < size ? input.substr(static_cast<std::size_t>(std::max(pointer, 0L))) : std::u32string();
  };

  // Step 9: keep running the state machine.
  while (true) {
    const char32_t c = c_at(pointer);
    switch (state) {
      case State::scheme_start:
        if (c != kEof && is_ascii_alpha_cp(c)) {
          // Step 1: append c, lowercased, to buffer; scheme state.
          buffer += ascii_lowercase(c);
          state = State::scheme;
        } else {
          // Step 2: (no state override) no scheme state, decrease pointer by 1.
          state = State::no_scheme;
          --pointer;
        }
        break;

      case State::scheme:
        if (c != kEof && (is_ascii_alphanumeric_cp(c) || c == '+' || c == '-' || c == '.')) {
          // Step 1: append c, lowercased, to buffer.
          buffer += ascii_lowercase(c);
        } else if (c == ':') {
          // Step 2.2: set url's scheme to buffer. Step 2.4: buffer empty.
          url.scheme = ascii_narrow(buffer);
          buffer.clear();
          if (url.scheme == "file") {
            // Step 2.5: file state.
            state = State::file;
          } else if (url.is_special() && base != nullptr && base->scheme == url.scheme) {
            // Step 2.6: special relative or authority state.
            state = State::special_relative_or_authority;
          } else if (url.is_special()) {
            // Step 2.7: special authority slashes state.
            state = State::special_authority_slashes;
          } else if (remaining_starts_with(U"/")) {
            // Step 2.8: path or authority state, increase pointer by 1.
            state = State::path_or_authority;
            ++pointer;
          } else {
            // Step 2.9: url's path is the empty string (an opaque path); opaque path state.
            url.has_opaque_path = true;
            url.opaque_path.clear();
            state = State::opaque_path;
          }
        } else {
          // Step 3: buffer empty, no scheme state, start over from the first code point.
          buffer.clear();
          state = State::no_scheme;
          pointer = -1;
        }
        break;

      case State::no_scheme:
        if (base == nullptr || (base->has_opaque_path && c != '#')) {
          // Step 1: missing-scheme-non-relative-URL, failure.
          return std::nullopt;
        } else if (base->has_opaque_path && c == '#') {
          // Step 2.
          url.scheme = base->scheme;
          url.has_opaque_path = true;
          url.opaque_path = base->opaque_path;
          url.query = base->query;
          url.fragment = std::string();
          state = State::fragment;
        } else if (base->scheme != "file") {
          // Step 3: relative state, decrease pointer by 1.
          state = State::relative;
          --pointer;
        } else {
          // Step 4: file state, decrease pointer by 1.
          state = State::file;
          --pointer;
        }
        break;

      case State::special_relative_or_authority:
        if (c == '/' && remaining_starts_with(U"/")) {
          state = State::special_authority_ignore_slashes;
          ++pointer;
        } else {
          state = State::relative;
          --pointer;
        }
        break;

      case State::path_or_authority:
        if (c == '/') {
          state = State::authority;
        } else {
          state = State::path;
          --pointer;
        }
        break;

      case State::relative:
        // Step 2: set url's scheme to base's scheme.
        url.scheme = base->scheme;
        if (c == '/') {
          // Step 3.
          state = State::relative_slash;
        } else if (url.is_special() && c == '\\') {
          // Step 4 (invalid-reverse-solidus).
          state = State::relative_slash;
        } else {
          // Step 5.1: copy base's username, password, host, port, path (a clone) and query.
          url.username = base->username;
          url.password = base->password;
          url.host = base->host;
          url.port = base->port;
          url.path = base->path;
          url.query = base->query;
          if (c == '?') {
            // Step 5.2.
            url.query = std::string();
            state = State::query;
          } else if (c == '#') {
            // Step 5.3.
            url.fragment = std::string();
            state = State::fragment;
          } else if (c != kEof) {
            // Step 5.4: query null, shorten the path, path state, decrease pointer by 1.
            url.query.reset();
            shorten(url);
            state = State::path;
            --pointer;
          }
        }
        break;

      case State::relative_slash:
        if (url.is_special() && (c == '/' || c == '\\')) {
          // Step 1.
          state = State::special_authority_ignore_slashes;
        } else if (c == '/') {
          // Step 2.
          state = State::authority;
        } else {
          // Step 3: base's username, password, host and port; path state; decrease pointer by 1.
          url.username = base->username;
          url.password = base->password;
          url.host = base->host;
          url.port = base->port;
          state = State::path;
          --pointer;
        }
        break;

      case State::special_authority_slashes:
        if (c == '/' && remaining_starts_with(U"/")) {
          state = State::special_authority_ignore_slashes;
          ++pointer;
        } else {
          state = State::special_authority_ignore_slashes;
          --pointer;
        }
        break;

      case State::special_authority_ignore_slashes:
        if (c != '/' && c != '\\') {
          state = State::authority;
          --pointer;
        }
        // Otherwise: special-scheme-missing-following-solidus, a validation error only.
        break;

      case State::authority:
        if (c == '@') {
          // Step 1.2: if atSignSeen is true, prepend "%40" to buffer.
          if (at_sign_seen) buffer = U"%40" + buffer;
          // Step 1.3.
          at_sign_seen = true;
          // Step 1.4: for each codePoint in buffer:
          for (char32_t code_point : buffer) {
            // Step 1.4.1: the first ":" separates username from password.
            if (code_point == ':' && !password_token_seen) {
              password_token_seen = true;
              continue;
            }
            // Step 1.4.2: UTF-8 percent-encode codePoint using the userinfo percent-encode set.
            const std::string encoded_code_points = utf8_percent_encode(code_point, PercentEncodeSet::userinfo);
            // Step 1.4.3-4.
            if (password_token_seen) {
              url.password += encoded_code_points;
            } else {
              url.username += encoded_code_points;
            }
          }
          // Step 1.5: set buffer to the empty string.
          buffer.clear();
        } else if (c == kEof || c == '/' || c == '?' || c == '#' || (url.is_special() && c == '\\')) {
          // Step 2.1: "@" seen and buffer empty: host-missing, failure.
          if (at_sign_seen && buffer.empty()) return std::nullopt;
          // Step 2.2: decrease pointer by buffer's length + 1, buffer empty, host state.
          pointer -= static_cast<long>(buffer.size()) + 1;
          buffer.clear();
          state = State::host;
        } else {
          // Step 3: append c to buffer.
          buffer += c;
        }
        break;

      case State::host:
        // (Step 1 concerns state override only.)
        if (c == ':' && !inside_brackets) {
          // Step 2.1: if buffer is the empty string, host-missing, failure.
          if (buffer.empty()) return std::nullopt;
          // Step 2.3-2.4: host-parse buffer with url is not special.
          const std::optional<Host> host = host_parser(buffer, !url.is_special());
          if (!host) return std::nullopt;
          // Step 2.5.
          url.host = host;
          buffer.clear();
          state = State::port;
        } else if (c == kEof || c == '/' || c == '?' || c == '#' || (url.is_special() && c == '\\')) {
          // Step 3: decrease pointer by 1, and:
          --pointer;
          // Step 3.1: a special URL with an empty host is failure.
          if (url.is_special() && buffer.empty()) return std::nullopt;
          // Step 3.3-3.4: host-parse buffer.
          const std::optional<Host> host = host_parser(buffer, !url.is_special());
          if (!host) return std::nullopt;
          // Step 3.5.
          url.host = host;
          buffer.clear();
          state = State::path_start;
        } else {
          // Step 4: brackets tracking, append c to buffer.
          if (c == '[') inside_brackets = true;
          if (c == ']') inside_brackets = false;
          buffer += c;
        }
        break;

      case State::port:
        if (c != kEof && is_ascii_digit_cp(c)) {
          // Step 1: append c to buffer.
          buffer += c;
        } else if (c == kEof || c == '/' || c == '?' || c == '#' || (url.is_special() && c == '\\')) {
          // Step 2.1: if buffer is not the empty string:
          if (!buffer.empty()) {
            // Step 2.1.1: port is buffer's value in radix 10 (saturated: only
            // "is it a 16-bit unsigned integer" is asked).
            std::uint64_t port = 0;
            for (char32_t digit : buffer) {
              port = port * 10 + (digit - '0');
              if (port > 0xFFFFFF) port = 0xFFFFFF;
            }
            // Step 2.1.2: not a 16-bit unsigned integer: port-out-of-range, failure.
            if (port > 0xFFFF) return std::nullopt;
            // Step 2.1.3: null if it is the scheme's default port.
            if (default_port_of_scheme(url.scheme) == static_cast<unsigned>(port)) {
              url.port.reset();
            } else {
              url.port = static_cast<unsigned>(port);
            }
            // Step 2.1.4.
            buffer.clear();
          }
          // Step 2.3: path start state, decrease pointer by 1.
          state = State::path_start;
          --pointer;
        } else {
          // Step 3: port-invalid, failure.
          return std::nullopt;
        }
        break;

      case State::file:
        // Step 1-2: scheme "file", host the empty string.
        url.scheme = "file";
        url.host = Host{Host::Kind::empty, "", 0, {}};
        if (c == '/' || c == '\\') {
          // Step 3.
          state = State::file_slash;
        } else if (base != nullptr && base->scheme == "file") {
          // Step 4.1: base's host, a clone of base's path, base's query.
          url.host = base->host;
          url.path = base->path;
          url.query = base->query;
          if (c == '?') {
            url.query = std::string();
            state = State::query;
          } else if (c == '#') {
            url.fragment = std::string();
            state = State::fragment;
          } else if (c != kEof) {
            // Step 4.4.
            url.query.reset();
            if (!starts_with_a_windows_drive_letter(substring_from_pointer())) {
              shorten(url);
            } else {
              url.path.clear();
            }
            state = State::path;
            --pointer;
          }
        } else {
          // Step 5.
          state = State::path;
          --pointer;
        }
        break;

      case State::file_slash:
        if (c == '/' || c == '\\') {
          state = State::file_host;
        } else {
          if (base != nullptr && base->scheme == "file") {
            url.host = base->host;
            if (!starts_with_a_windows_drive_letter(substring_from_pointer()) && !base->path.empty() &&
                is_normalized_windows_drive_letter(base->path[0])) {
              url.path.push_back(base->path[0]);
            }
          }
          state = State::path;
          --pointer;
        }
        break;

      case State::file_host:
        if (c == kEof || c == '/' || c == '\\' || c == '?' || c == '#') {
          --pointer;
          if (is_windows_drive_letter(buffer)) {
            // Step 1.1: buffer is kept and used by the path state.
            state = State::path;
          } else if (buffer.empty()) {
            // Step 1.2.
            url.host = Host{Host::Kind::empty, "", 0, {}};
            state = State::path_start;
          } else {
            // Step 1.3.
            std::optional<Host> host = host_parser(buffer, !url.is_special());
            if (!host) return std::nullopt;
            if (host->kind == Host::Kind::domain && host->name == "localhost") {
              host = Host{Host::Kind::empty, "", 0, {}};
            }
            url.host = host;
            buffer.clear();
            state = State::path_start;
          }
        } else {
          buffer += c;
        }
        break;

      case State::path_start:
        if (url.is_special()) {
          // Step 1.
          state = State::path;
          if (c != '/' && c != '\\') --pointer;
        } else if (c == '?') {
          // Step 2.
          url.query = std::string();
          state = State::query;
        } else if (c == '#') {
          // Step 3.
          url.fragment = std::string();
          state = State::fragment;
        } else if (c != kEof) {
          // Step 4.
          state = State::path;
          if (c != '/') --pointer;
        }
        break;

      case State::path:
        if (c == kEof || c == '/' || (url.is_special() && c == '\\') || c == '?' || c == '#') {
          const bool slash = c == '/' || (url.is_special() && c == '\\');
          const std::string segment = ascii_narrow(buffer);  // already percent-encoded: ASCII
          if (is_double_dot_url_path_segment(segment)) {
            // Step 1.2: shorten; append the empty string unless c is a slash.
            shorten(url);
            if (!slash) url.path.push_back("");
          } else if (is_single_dot_url_path_segment(segment) && !slash) {
            // Step 1.3.
            url.path.push_back("");
          } else if (!is_single_dot_url_path_segment(segment)) {
            // Step 1.4: a file URL's first segment that is a Windows drive letter is normalized.
            std::string appended = segment;
            if (url.scheme == "file" && url.path.empty() && is_windows_drive_letter(appended)) appended[1] = ':';
            url.path.push_back(appended);
          }
          // Step 1.5: buffer empty.
          buffer.clear();
          // Step 1.6-1.7.
          if (c == '?') {
            url.query = std::string();
            state = State::query;
          }
          if (c == '#') {
            url.fragment = std::string();
            state = State::fragment;
          }
        } else {
          // Step 2.3: UTF-8 percent-encode c using the path percent-encode set, append to buffer.
          buffer += ascii_widen(utf8_percent_encode(c, PercentEncodeSet::path));
        }
        break;

      case State::opaque_path:
        if (c == '?') {
          url.query = std::string();
          state = State::query;
        } else if (c == '#') {
          url.fragment = std::string();
          state = State::fragment;
        } else if (c == ' ') {
          // Step 3: a space before "?" or "#" is encoded, otherwise kept.
          if (remaining_starts_with(U"?") || remaining_starts_with(U"#")) {
            url.opaque_path += "%20";
          } else {
            url.opaque_path += ' ';
          }
        } else if (c != kEof) {
          // Step 4.3: UTF-8 percent-encode c using the C0 control percent-encode set.
          url.opaque_path += utf8_percent_encode(c, PercentEncodeSet::c0_control);
        }
        break;

      case State::query:
        // Step 2: at "#" or EOF, percent-encode the buffer into the query.
        if (c == '#' || c == kEof) {
          const PercentEncodeSet query_percent_encode_set =
              url.is_special() ? PercentEncodeSet::special_query : PercentEncodeSet::query;
          *url.query += utf8_percent_encode(buffer, query_percent_encode_set);
          buffer.clear();
          if (c == '#') {
            url.fragment = std::string();
            state = State::fragment;
          }
        } else {
          // Step 3.3: append c to buffer.
          buffer += c;
        }
        break;

      case State::fragment:
        if (c != kEof) {
          // Step 1.3: UTF-8 percent-encode c using the fragment percent-encode set.
          *url.fragment += utf8_percent_encode(c, PercentEncodeSet::fragment);
        }
        break;
    }
    // "If after a run pointer points to the EOF code point, go to the next
    // step. Otherwise, increase pointer by 1 and continue."
    if (pointer >= size) break;
    ++pointer;
  }
  // Step 10: return url.
  return url;
}

// §4.5 "URL path serializer".
std::string url_path_serializer(const Url& url) {
  if (url.has_opaque_path) return url.opaque_path;
  std::string output;
  for (const std::string& segment : url.path) output += "/" + segment;
  return output;
}

// §4.5 "URL serializer", given url and exclude fragment.
std::string url_serializer(const Url& url, bool exclude_fragment) {
  // Step 1: scheme and ":".
  std::string output = url.scheme + ":";
  // Step 2: if url's host is non-null:
  if (url.host) {
    output += "//";
    if (url.includes_credentials()) {
      output += url.username;
      if (!url.password.empty()) output += ":" + url.password;
      output += "@";
    }
    output += host_serializer(*url.host);
    if (url.port) output += ":" + std::to_string(*url.port);
  }
  // Step 3: "/." before a path that would otherwise read as a host.
  if (!url.host && !url.has_opaque_path && url.path.size() > 1 && url.path[0].empty()) output += "/.";
  // Step 4: the path.
  output += url_path_serializer(url);
  // Step 5-6: query and fragment.
  if (url.query) output += "?" + *url.query;
  if (!exclude_fragment && url.fragment) output += "#" + *url.fragment;
  return output;
}

// §4.7 "origin" of a URL, serialized as HTML's "serialization of an origin":
// a tuple origin is scheme "://" host [":" port]; an opaque origin is "null".
std::string serialized_origin_of_url(const Url& url) {
  if (url.scheme == "blob") {
    // "blob": the blob URL entry is always null here (the model has no blob
    // URL store); parse the path serialization and use its origin when it is
    // http(s) (file gives an opaque origin below), else a new opaque origin.
    const std::optional<Url> path_url = basic_url_parser(url_path_serializer(url), nullptr);
    if (path_url && (path_url->scheme == "http" || path_url->scheme == "https")) {
      return serialized_origin_of_url(*path_url);
    }
    return "null";
  }
  if (url.scheme == "ftp" || url.scheme == "http" || url.scheme == "https" || url.scheme == "ws" ||
      url.scheme == "wss") {
    // The tuple origin (scheme, host, port, null), serialized.
    std::string result = url.scheme + "://" + host_serializer(*url.host);
    if (url.port) result += ":" + std::to_string(*url.port);
    return result;
  }
  // "file" ("when in doubt, return a new opaque origin") and every other scheme.
  return "null";
}

}  // namespace corsproof_model::spec::url_standard

namespace corsproof_model {

std::optional<ParsedUrl> parse_url(const std::string& input, const std::optional<std::string>& base) {
  namespace u = spec::url_standard;
  std::optional<u::Url> base_url;
  if (base) {
    base_url = u::basic_url_parser(*base, nullptr);
    if (!base_url) return std::nullopt;
  }
  const std::optional<u::Url> url = u::basic_url_parser(input, base_url ? &*base_url : nullptr);
  if (!url) return std::nullopt;
  ParsedUrl parsed;
  parsed.href = u::url_serializer(*url, false);
  parsed.scheme = url->scheme;
  parsed.includes_credentials = url->includes_credentials();
  parsed.origin = u::serialized_origin_of_url(*url);
  return parsed;
}

}  // namespace corsproof_model

// MIME Sniffing §3 "Terminology" and §4.4 "Parsing a MIME type" (used by the
// Content-Type case of Fetch §2.2.2 "CORS-safelisted request-header").
// Input strings are isomorphic-decoded bytes: one byte per code point.
#include "spec.hpp"

namespace corsproof_model::spec {

// mimesniff §3: "An HTTP token code point is U+0021 (!), U+0023 (#), U+0024 ($),
// U+0025 (%), U+0026 (&), U+0027 ('), U+002A (*), U+002B (+), U+002D (-),
// U+002E (.), U+005E (^), U+005F (_), U+0060 (`), U+007C (|), U+007E (~), or an
// ASCII alphanumeric." (The same set as RFC 9110 tchar.)
bool is_http_token_code_point(unsigned char c) {
  switch (c) {
    case 0x21: case 0x23: case 0x24: case 0x25: case 0x26: case 0x27: case 0x2A: case 0x2B:
    case 0x2D: case 0x2E: case 0x5E: case 0x5F: case 0x60: case 0x7C: case 0x7E:
      return true;
    default:
      return is_ascii_alphanumeric(c);
  }
}

// mimesniff §3: "An HTTP quoted-string token code point is U+0009 TAB, a code
// point in the range U+0020 SPACE to U+007E (~), inclusive, or a code point in
// the range U+0080 through U+00FF (ÿ), inclusive."
bool is_http_quoted_string_token_code_point(unsigned char c) {
  return c == 0x09 || (c >= 0x20 && c <= 0x7E) || c >= 0x80;
}

namespace {
bool solely_contains(const std::string& s, bool (*predicate)(unsigned char)) {
  for (char ch : s) {
    if (!predicate(static_cast<unsigned char>(ch))) return false;
  }
  return true;
}

// Infra "ASCII lowercase" (on isomorphic strings, the same as byte-lowercase).
std::string ascii_lowercase(const std::string& s) { return byte_lowercase(s); }
}  // namespace

// mimesniff §4.1: "A MIME type's essence is its type, followed by U+002F (/),
// followed by its subtype."
std::string MimeType::essence() const { return type + "/" + subtype; }

// mimesniff §4.4 "parse a MIME type", given a string input.
std::optional<MimeType> parse_a_mime_type(const std::string& raw_input) {
  // Step 1: remove any leading and trailing HTTP whitespace from input.
  const std::string input = remove_leading_and_trailing_http_whitespace(raw_input);
  // Step 2: let position be a position variable for input, at its start.
  std::size_t position = 0;
  // Step 3: let type be the code points that are not U+002F (/).
  const std::string type = collect_a_sequence(input, position, [](unsigned char c) { return c != '/'; });
  // Step 4: if type is empty or does not solely contain HTTP token code points,
  // return failure.
  if (type.empty() || !solely_contains(type, is_http_token_code_point)) return std::nullopt;
  // Step 5: if position is past the end of input, return failure.
  if (position >= input.size()) return std::nullopt;
  // Step 6: advance position by 1 (skips past U+002F (/)).
  ++position;
  // Step 7: let subtype be the code points that are not U+003B (;).
  std::string subtype = collect_a_sequence(input, position, [](unsigned char c) { return c != ';'; });
  // Step 8: remove any trailing HTTP whitespace from subtype.
  subtype = remove_trailing_http_whitespace(subtype);
  // Step 9: if subtype is empty or does not solely contain HTTP token code
  // points, return failure.
  if (subtype.empty() || !solely_contains(subtype, is_http_token_code_point)) return std::nullopt;
  // Step 10: let mimeType be a new MIME type record with type and subtype in
  // ASCII lowercase.
  MimeType mime_type;
  mime_type.type = ascii_lowercase(type);
  mime_type.subtype = ascii_lowercase(subtype);
  // Step 11: while position is not past the end of input:
  while (position < input.size()) {
    // Step 11.1: advance position by 1 (skips past U+003B (;)).
    ++position;
    // Step 11.2: collect a sequence of code points that are HTTP whitespace.
    collect_a_sequence(input, position, is_http_whitespace);
    // Step 11.3: let parameterName be the code points that are not ; or =.
    std::string parameter_name =
        collect_a_sequence(input, position, [](unsigned char c) { return c != ';' && c != '='; });
    // Step 11.4: set parameterName to parameterName, in ASCII lowercase.
    parameter_name = ascii_lowercase(parameter_name);
    // Step 11.5: if position is not past the end of input:
    if (position < input.size()) {
      // Step 11.5.1: if the code point at position is U+003B (;), continue.
      if (input[position] == ';') continue;
      // Step 11.5.2: advance position by 1 (skips past U+003D (=)).
      ++position;
    }
    // Step 11.6: if position is past the end of input, break.
    if (position >= input.size()) break;
    // Step 11.7: let parameterValue be null.
    std::string parameter_value;
    // Step 11.8: if the code point at position is U+0022 ("):
    if (input[position] == '"') {
      // Step 11.8.1: collect an HTTP quoted string with extract-value true.
      parameter_value = collect_an_http_quoted_string(input, position, true);
      // Step 11.8.2: collect (and ignore) code points that are not U+003B (;).
      collect_a_sequence(input, position, [](unsigned char c) { return c != ';'; });
    } else {
      // Step 11.9.1: parameterValue is the code points that are not U+003B (;).
      parameter_value = collect_a_sequence(input, position, [](unsigned char c) { return c != ';'; });
      // Step 11.9.2: remove any trailing HTTP whitespace from parameterValue.
      parameter_value = remove_trailing_http_whitespace(parameter_value);
      // Step 11.9.3: if parameterValue is the empty string, continue.
      if (parameter_value.empty()) continue;
    }
    // Step 11.10: if parameterName is non-empty and solely HTTP token code
    // points, parameterValue is solely HTTP quoted-string token code points, and
    // mimeType's parameters[parameterName] does not exist, set it.
    bool exists = false;
    for (const auto& parameter : mime_type.parameters) {
      if (parameter.first == parameter_name) exists = true;
    }
    if (!parameter_name.empty() && solely_contains(parameter_name, is_http_token_code_point) &&
        solely_contains(parameter_value, is_http_quoted_string_token_code_point) && !exists) {
      mime_type.parameters.emplace_back(parameter_name, parameter_value);
    }
    // Malformed parameters are skipped: they never make the parse fail.
  }
  // Step 12: return mimeType.
  return mime_type;
}

}  // namespace corsproof_model::spec

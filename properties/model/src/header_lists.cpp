// Fetch §2.2.2 "Headers": header names and values, header list operations
// ("contains", "get", "get, decode, and split", "extract header list values"),
// and the RFC 9110 §5.6.1 list rule used by the CORS headers' ABNF
// (Fetch §3.3.4 "HTTP new-header syntax").
#include "spec.hpp"

namespace corsproof_model::spec {

// Fetch §2.2.2: "A header name is a byte sequence that matches the field-name
// token production" (RFC 9110 §5.1: field-name = token).
bool is_header_name(const std::string& bytes) { return is_token(bytes); }

// Fetch §2.2.2: "A header value is a byte sequence that ... has no leading or
// trailing HTTP tab or space bytes [and] contains no 0x00 (NUL) or HTTP newline
// bytes."
bool is_header_value(const std::string& bytes) {
  if (!bytes.empty()) {
    if (is_http_tab_or_space(static_cast<unsigned char>(bytes.front()))) return false;
    if (is_http_tab_or_space(static_cast<unsigned char>(bytes.back()))) return false;
  }
  for (char ch : bytes) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == 0x00 || is_http_newline_byte(c)) return false;
  }
  return true;
}

// Fetch §2.2.2: "To normalize a byte sequence potentialValue, remove any
// leading and trailing HTTP whitespace bytes from potentialValue."
std::string normalize_header_value(const std::string& potential_value) {
  return remove_leading_and_trailing_http_whitespace(potential_value);
}

// Fetch §2.2.2: a header list "contains" a header name name if it contains a
// header whose name is a byte-case-insensitive match for name.
bool header_list_contains(const HeaderList& list, const std::string& name) {
  return header_list_count(list, name) > 0;
}

// How many headers of list have a name byte-case-insensitively equal to name
// (used by "extract header list values" step 2, "contains more than one").
std::size_t header_list_count(const HeaderList& list, const std::string& name) {
  std::size_t count = 0;
  for (const Header& header : list) {
    if (byte_case_insensitive_match(header.name, name)) ++count;
  }
  return count;
}

// Fetch §2.2.2 "get" a header name name from a header list list.
std::optional<std::string> header_list_get(const HeaderList& list, const std::string& name) {
  // Step 1: if list does not contain name, return null.
  if (!header_list_contains(list, name)) return std::nullopt;
  // Step 2: return the values of all headers in list whose name is a
  // byte-case-insensitive match for name, separated from each other by
  // 0x2C 0x20, in order.
  std::string combined;
  bool first = true;
  for (const Header& header : list) {
    if (!byte_case_insensitive_match(header.name, name)) continue;
    if (!first) combined += ", ";
    combined += header.value;
    first = false;
  }
  return combined;
}

// Fetch §2.2.2 "get, decode, and split" a header value value.
std::vector<std::string> get_decode_and_split_header_value(const std::string& value) {
  // Step 1: let input be the result of isomorphic decoding value (bytes are
  // code points here, so input is value).
  const std::string& input = value;
  // Step 2: let position be a position variable for input, at its start.
  std::size_t position = 0;
  // Step 3: let values be a list of strings, initially empty.
  std::vector<std::string> values;
  // Step 4: let temporaryValue be the empty string.
  std::string temporary_value;
  // Step 5: while true:
  while (true) {
    // Step 5.1: append the code points that are not U+0022 (") or U+002C (,).
    temporary_value +=
        collect_a_sequence(input, position, [](unsigned char c) { return c != '"' && c != ','; });
    // Step 5.2: if position is not past the end and the code point there is ":
    if (position < input.size() && input[position] == '"') {
      // Step 5.2.1: append the result of collecting an HTTP quoted string.
      temporary_value += collect_an_http_quoted_string(input, position, false);
      // Step 5.2.2: if position is not past the end of input, continue.
      if (position < input.size()) continue;
    }
    // Step 5.3: remove all HTTP tab or space from the start and end.
    temporary_value = remove_leading_and_trailing_http_tab_or_space(temporary_value);
    // Step 5.4: append temporaryValue to values.
    values.push_back(temporary_value);
    // Step 5.5: set temporaryValue to the empty string.
    temporary_value.clear();
    // Step 5.6: if position is past the end of input, return values.
    if (position >= input.size()) return values;
    // Step 5.7: assert: the code point at position is U+002C (,).
    // Step 5.8: advance position by 1.
    ++position;
  }
}

// RFC 9110 §5.6.1 "Lists (#rule ABNF Extension)":
//   #element => [ element ] *( OWS "," OWS [ element ] )
// with elements that are tokens (method, field-name). §5.6.1.2: a recipient
// accepts and ignores empty list elements. Any other element that is not a
// token makes the whole value fail to parse.
std::optional<std::vector<std::string>> parse_comma_separated_tokens(const std::string& value) {
  std::vector<std::string> elements;
  std::size_t position = 0;
  while (true) {
    std::string element =
        collect_a_sequence(value, position, [](unsigned char c) { return c != ','; });
    // OWS around the element is not part of it.
    element = remove_leading_and_trailing_http_tab_or_space(element);
    if (!element.empty()) {
      if (!is_token(element)) return std::nullopt;
      elements.push_back(element);
    }
    if (position >= value.size()) break;
    ++position;  // past the ","
  }
  return elements;
}

bool ExtractedValues::contains(const std::string& item) const {
  for (const std::string& value : values) {
    if (value == item) return true;
  }
  return false;
}

// Fetch §2.2.2 "extract header values" given a header header.
std::optional<std::vector<std::string>> extract_header_values(const Header& header, HeaderAbnf abnf) {
  // Step 1: if parsing header's value, per the ABNF for header's name, fails,
  // return failure. Step 2: return the values resulting from the parse.
  switch (abnf) {
    case HeaderAbnf::method_list:       // Access-Control-Allow-Methods = #method
    case HeaderAbnf::field_name_list:   // Access-Control-Allow-Headers = #field-name
      return parse_comma_separated_tokens(header.value);
    case HeaderAbnf::delta_seconds: {   // Access-Control-Max-Age = delta-seconds
      // RFC 9111 §1.2.2: delta-seconds = 1*DIGIT.
      if (header.value.empty()) return std::nullopt;
      for (char ch : header.value) {
        if (!is_ascii_digit(static_cast<unsigned char>(ch))) return std::nullopt;
      }
      return std::vector<std::string>{header.value};
    }
  }
  return std::nullopt;
}

// Fetch §2.2.2 "extract header list values" given a header name name and a
// header list list.
ExtractedValues extract_header_list_values(const std::string& name, const HeaderList& list,
                                           HeaderAbnf abnf) {
  ExtractedValues result;
  // Step 1: if list does not contain name, return null.
  if (!header_list_contains(list, name)) {
    result.state = ExtractedValues::State::null;
    return result;
  }
  // Step 2: if the ABNF for name allows a single header and list contains more
  // than one, return failure. (Of the model's ABNFs only delta-seconds is
  // single-valued; the others are #lists.)
  if (abnf == HeaderAbnf::delta_seconds && header_list_count(list, name) > 1) {
    result.state = ExtractedValues::State::failure;
    return result;
  }
  // Step 3: let values be an empty list.
  result.state = ExtractedValues::State::list;
  // Step 4: for each header list contains whose name is name:
  for (const Header& header : list) {
    if (!byte_case_insensitive_match(header.name, name)) continue;
    // Step 4.1: let extract be the result of extracting header values from header.
    std::optional<std::vector<std::string>> extract = extract_header_values(header, abnf);
    // Step 4.2: if extract is failure, return failure.
    if (!extract) {
      result.state = ExtractedValues::State::failure;
      result.values.clear();
      return result;
    }
    // Step 4.3: append each value in extract, in order, to values.
    for (const std::string& value : *extract) result.values.push_back(value);
  }
  // Step 5: return values.
  return result;
}

}  // namespace corsproof_model::spec

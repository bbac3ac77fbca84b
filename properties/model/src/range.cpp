// Fetch §2.2.2 "parse a single range header value" (used by the Range case of
// "CORS-safelisted request-header", with allowWhitespace false).
#include "spec.hpp"

namespace corsproof_model::spec {

// Fetch §2.2.2 "parse a single range header value" from a byte sequence value
// and a boolean allowWhitespace. The numbers are kept as decimal digit strings
// so that values of any length are compared exactly.
std::optional<SingleRange> parse_a_single_range_header_value(const std::string& value,
                                                             bool allow_whitespace) {
  // Step 1: let data be the isomorphic decoding of value.
  const std::string& data = value;
  // Step 2: if data does not start with "bytes", return failure (case-sensitive).
  if (!starts_with(data, "bytes")) return std::nullopt;
  // Step 3: let position point at the 5th code point of data (0-based index 5,
  // just after "bytes").
  std::size_t position = 5;
  // Step 4: if allowWhitespace, collect HTTP tab or space.
  if (allow_whitespace) collect_a_sequence(data, position, is_http_tab_or_space);
  // Step 5: if the code point at position is not U+003D (=), return failure.
  if (position >= data.size() || data[position] != '=') return std::nullopt;
  // Step 6: advance position by 1.
  ++position;
  // Step 7: if allowWhitespace, collect HTTP tab or space.
  if (allow_whitespace) collect_a_sequence(data, position, is_http_tab_or_space);
  // Step 8: let rangeStart be the ASCII digits collected from data.
  const std::string range_start = collect_a_sequence(data, position, is_ascii_digit);
  // Step 9: rangeStartValue is rangeStart as a decimal number, or null if empty.
  std::optional<std::string> range_start_value;
  if (!range_start.empty()) range_start_value = range_start;
  // Step 10: if allowWhitespace, collect HTTP tab or space.
  if (allow_whitespace) collect_a_sequence(data, position, is_http_tab_or_space);
  // Step 11: if the code point at position is not U+002D (-), return failure.
  if (position >= data.size() || data[position] != '-') return std::nullopt;
  // Step 12: advance position by 1.
  ++position;
  // Step 13: if allowWhitespace, collect HTTP tab or space.
  if (allow_whitespace) collect_a_sequence(data, position, is_http_tab_or_space);
  // Step 14: let rangeEnd be the ASCII digits collected from data.
  const std::string range_end = collect_a_sequence(data, position, is_ascii_digit);
  // Step 15: rangeEndValue is rangeEnd as a decimal number, or null if empty.
  std::optional<std::string> range_end_value;
  if (!range_end.empty()) range_end_value = range_end;
  // Step 16: if position is not past the end of data, return failure.
  if (position < data.size()) return std::nullopt;
  // Step 17: if rangeEndValue and rangeStartValue are null, return failure.
  if (!range_end_value && !range_start_value) return std::nullopt;
  // Step 18: if both are numbers and rangeStartValue > rangeEndValue, failure.
  if (range_start_value && range_end_value &&
      compare_decimal_strings(*range_start_value, *range_end_value) > 0) {
    return std::nullopt;
  }
  // Step 19: return (rangeStartValue, rangeEndValue).
  return SingleRange{range_start_value, range_end_value};
}

}  // namespace corsproof_model::spec

// Fetch §2.2.2 "Headers": the request-header and response-header-name classes
// the CORS protocol uses.
#include "spec.hpp"

namespace corsproof_model::spec {

// Fetch §2.2.2 "CORS-unsafe request-header byte": a byte for which one of:
//  - byte is less than 0x20 and is not 0x09 HT;
//  - byte is 0x22 ("), 0x28 ((), 0x29 ()), 0x3A (:), 0x3C (<), 0x3E (>),
//    0x3F (?), 0x40 (@), 0x5B ([), 0x5C (\), 0x5D (]), 0x7B ({), 0x7D (}),
//    or 0x7F DEL.
// Bytes 0x80 and above are not CORS-unsafe request-header bytes.
bool is_cors_unsafe_request_header_byte(unsigned char byte) {
  if (byte < 0x20 && byte != 0x09) return true;
  switch (byte) {
    case 0x22: case 0x28: case 0x29: case 0x3A: case 0x3C: case 0x3E: case 0x3F:
    case 0x40: case 0x5B: case 0x5C: case 0x5D: case 0x7B: case 0x7D: case 0x7F:
      return true;
    default:
      return false;
  }
}

namespace {
bool contains_a_cors_unsafe_request_header_byte(const std::string& value) {
  for (char ch : value) {
    if (is_cors_unsafe_request_header_byte(static_cast<unsigned char>(ch))) return true;
  }
  return false;
}

// The byte set of the `accept-language` / `content-language` case of
// "CORS-safelisted request-header": 0x30-0x39, 0x41-0x5A, 0x61-0x7A, and
// 0x20 (SP), 0x2A (*), 0x2C (,), 0x2D (-), 0x2E (.), 0x3B (;), 0x3D (=).
bool is_language_value_byte(unsigned char byte) {
  if (byte >= 0x30 && byte <= 0x39) return true;
  if (byte >= 0x41 && byte <= 0x5A) return true;
  if (byte >= 0x61 && byte <= 0x7A) return true;
  switch (byte) {
    case 0x20: case 0x2A: case 0x2C: case 0x2D: case 0x2E: case 0x3B: case 0x3D:
      return true;
    default:
      return false;
  }
}
}  // namespace

// Fetch §2.2.2: determine whether a header (name, value) is a "CORS-safelisted
// request-header".
bool is_cors_safelisted_request_header(const std::string& name, const std::string& value) {
  // Step 1: if value's length is greater than 128, return false.
  if (value.size() > 128) return false;
  // Step 2: byte-lowercase name and switch on the result.
  const std::string lowercase_name = byte_lowercase(name);
  if (lowercase_name == "accept") {
    // `accept`: if value contains a CORS-unsafe request-header byte, return false.
    if (contains_a_cors_unsafe_request_header_byte(value)) return false;
  } else if (lowercase_name == "accept-language" || lowercase_name == "content-language") {
    // `accept-language`, `content-language`: if value contains a byte outside
    // the language-value set, return false. (The empty value qualifies.)
    for (char ch : value) {
      if (!is_language_value_byte(static_cast<unsigned char>(ch))) return false;
    }
  } else if (lowercase_name == "content-type") {
    // `content-type` step 1: if value contains a CORS-unsafe request-header
    // byte, return false.
    if (contains_a_cors_unsafe_request_header_byte(value)) return false;
    // Step 2: let mimeType be the result of parsing the isomorphic decoding of value.
    const std::optional<MimeType> mime_type = parse_a_mime_type(value);
    // Step 3: if mimeType is failure, return false.
    if (!mime_type) return false;
    // Step 4: if mimeType's essence is not one of the three, return false.
    const std::string essence = mime_type->essence();
    if (essence != "application/x-www-form-urlencoded" && essence != "multipart/form-data" &&
        essence != "text/plain") {
      return false;
    }
  } else if (lowercase_name == "range") {
    // `range` step 1: let rangeValue be the result of parsing a single range
    // header value given value and false.
    const std::optional<SingleRange> range_value = parse_a_single_range_header_value(value, false);
    // Step 2: if rangeValue is failure, return false.
    if (!range_value) return false;
    // Step 3: if rangeValue[0] is null, return false (`bytes=-500` is not safelisted).
    if (!range_value->start) return false;
  } else {
    // Otherwise: return false.
    return false;
  }
  // Step 3: return true.
  return true;
}

// Fetch §2.2.2 "convert header names to a sorted-lowercase set", given a list
// of names headerNames.
std::vector<std::string> convert_header_names_to_a_sorted_lowercase_set(
    const std::vector<std::string>& header_names) {
  // Step 1: let headerNamesSet be a new ordered set.
  std::vector<std::string> header_names_set;
  // Step 2: for each name of headerNames, append the byte-lowercased name to
  // headerNamesSet (a set: appending an existing item does nothing).
  for (const std::string& name : header_names) {
    const std::string lowered = byte_lowercase(name);
    bool already_present = false;
    for (const std::string& existing : header_names_set) {
      if (existing == lowered) already_present = true;
    }
    if (!already_present) header_names_set.push_back(lowered);
  }
  // Step 3: return headerNamesSet sorted in ascending order with byte less
  // than. (A plain insertion sort on unsigned byte comparison.)
  auto byte_less_than = [](const std::string& a, const std::string& b) {
    const std::size_t common = a.size() < b.size() ? a.size() : b.size();
    for (std::size_t i = 0; i < common; ++i) {
      const unsigned char x = static_cast<unsigned char>(a[i]);
      const unsigned char y = static_cast<unsigned char>(b[i]);
      if (x != y) return x < y;
    }
    return a.size() < b.size();
  };
  for (std::size_t i = 1; i < header_names_set.size(); ++i) {
    for (std::size_t j = i; j > 0 && byte_less_than(header_names_set[j], header_names_set[j - 1]); --j) {
      std::swap(header_names_set[j], header_names_set[j - 1]);
    }
  }
  return header_names_set;
}

// Fetch §2.2.2 "CORS-unsafe request-header names", given a header list headers.
std::vector<std::string> cors_unsafe_request_header_names(const HeaderList& headers) {
  // Step 1: let unsafeNames be a new list.
  std::vector<std::string> unsafe_names;
  // Step 2: let potentiallyUnsafeNames be a new list.
  std::vector<std::string> potentially_unsafe_names;
  // Step 3: let safelistValueSize be 0 (an unbounded count: std::size_t).
  std::size_t safelist_value_size = 0;
  // Step 4: for each header of headers (every duplicate on its own):
  for (const Header& header : headers) {
    if (!is_cors_safelisted_request_header(header.name, header.value)) {
      // Step 4.1: not safelisted: append header's name to unsafeNames.
      unsafe_names.push_back(header.name);
    } else {
      // Step 4.2: otherwise append the name to potentiallyUnsafeNames and
      // increase safelistValueSize by the value's length.
      potentially_unsafe_names.push_back(header.name);
      safelist_value_size += header.value.size();
    }
  }
  // Step 5: if safelistValueSize is greater than 1024, append every name of
  // potentiallyUnsafeNames to unsafeNames.
  if (safelist_value_size > 1024) {
    for (const std::string& name : potentially_unsafe_names) unsafe_names.push_back(name);
  }
  // Step 6: return the result of converting unsafeNames to a sorted-lowercase set.
  return convert_header_names_to_a_sorted_lowercase_set(unsafe_names);
}

// Fetch §2.2.2: "A CORS non-wildcard request-header name is a header name that
// is a byte-case-insensitive match for `Authorization`."
bool is_cors_non_wildcard_request_header_name(const std::string& name) {
  return byte_case_insensitive_match(name, "Authorization");
}

// Fetch §2.2.2: a header (name, value) is a "forbidden request-header" if these
// steps return true.
bool is_forbidden_request_header(const std::string& name, const std::string& value) {
  // Step 1: if name is a byte-case-insensitive match for one of these, return true.
  for (const char* forbidden :
       {"Accept-Charset", "Accept-Encoding", "Access-Control-Request-Headers",
        "Access-Control-Request-Method", "Connection", "Content-Length", "Cookie", "Cookie2",
        "Date", "DNT", "Expect", "Host", "Keep-Alive", "Origin", "Referer", "Set-Cookie", "TE",
        "Trailer", "Transfer-Encoding", "Upgrade", "Via"}) {
    if (byte_case_insensitive_match(name, forbidden)) return true;
  }
  // Step 2: if name when byte-lowercased starts with `proxy-` or `sec-`, return true.
  const std::string lowercase_name = byte_lowercase(name);
  if (starts_with(lowercase_name, "proxy-") || starts_with(lowercase_name, "sec-")) return true;
  // Step 3: if name is a byte-case-insensitive match for one of `X-HTTP-Method`,
  // `X-HTTP-Method-Override`, `X-Method-Override`:
  if (byte_case_insensitive_match(name, "X-HTTP-Method") ||
      byte_case_insensitive_match(name, "X-HTTP-Method-Override") ||
      byte_case_insensitive_match(name, "X-Method-Override")) {
    // Step 3.1: let parsedValues be the result of getting, decoding, and
    // splitting value.
    const std::vector<std::string> parsed_values = get_decode_and_split_header_value(value);
    // Step 3.2: for each method of parsedValues: if the isomorphic encoding of
    // method is a forbidden method, return true.
    for (const std::string& method : parsed_values) {
      if (is_forbidden_method(method)) return true;
    }
  }
  // Step 4: return false.
  return false;
}

// Fetch §2.2.2: "A forbidden response-header name is a header name that is a
// byte-case-insensitive match for one of: `Set-Cookie`, `Set-Cookie2`."
bool is_forbidden_response_header_name(const std::string& name) {
  return byte_case_insensitive_match(name, "Set-Cookie") || byte_case_insensitive_match(name, "Set-Cookie2");
}

// Fetch §2.2.2: "A CORS-safelisted response-header name, given a list of header
// names list, is a header name that is a byte-case-insensitive match for one of
// `Cache-Control`, `Content-Language`, `Content-Length`, `Content-Type`,
// `Expires`, `Last-Modified`, `Pragma`, [or] any item in list that is not a
// forbidden response-header name."
bool is_cors_safelisted_response_header_name(const std::string& name,
                                             const std::vector<std::string>& list) {
  for (const char* safelisted : {"Cache-Control", "Content-Language", "Content-Length",
                                 "Content-Type", "Expires", "Last-Modified", "Pragma"}) {
    if (byte_case_insensitive_match(name, safelisted)) return true;
  }
  for (const std::string& item : list) {
    if (byte_case_insensitive_match(name, item) && !is_forbidden_response_header_name(item)) return true;
  }
  return false;
}

}  // namespace corsproof_model::spec

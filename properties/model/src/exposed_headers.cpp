// Which response header names the page may read: Fetch §4.1 "main fetch"
// step 14.1 (the CORS-exposed header-name list) and §2.2.6 "CORS filtered
// response" / "basic filtered response", mapped to the protocol's
// `exposed_headers` (lower-cased, sorted, no duplicates).
#include "spec.hpp"

namespace corsproof_model::spec {

namespace {
// All unique header names in a header list, in first-occurrence order
// (compared byte-case-insensitively, as header names are).
std::vector<std::string> all_unique_header_names(const HeaderList& list) {
  std::vector<std::string> names;
  for (const Header& header : list) {
    bool seen = false;
    for (const std::string& name : names) {
      if (byte_case_insensitive_match(name, header.name)) seen = true;
    }
    if (!seen) names.push_back(header.name);
  }
  return names;
}
}  // namespace

// Fetch §4.1 "main fetch", step 14.1 (response tainting "cors"): the
// response's CORS-exposed header-name list. It is initially empty (§2.2.6).
std::vector<std::string> cors_exposed_header_name_list(const HeaderList& response_headers,
                                                       const std::string& credentials_mode) {
  // Step 14.1.1: let headerNames be the result of extracting header list values
  // given `Access-Control-Expose-Headers` and response's header list.
  const ExtractedValues header_names = extract_header_list_values(
      "Access-Control-Expose-Headers", response_headers, HeaderAbnf::field_name_list);
  // Step 14.1.2: if credentials mode is not "include" and headerNames contains
  // `*`, the list is all unique header names in response's header list.
  if (credentials_mode != "include" && !header_names.is_failure() && header_names.contains("*")) {
    return all_unique_header_names(response_headers);
  }
  // Step 14.1.3: otherwise, if headerNames is neither null nor failure, the
  // list is headerNames (a `*` then only matches a header named `*`).
  if (!header_names.is_null() && !header_names.is_failure()) return header_names.values;
  // A null or failed headerNames leaves the list empty: nothing extra is exposed.
  return {};
}

// §2.2.6 "CORS filtered response": its header list excludes the internal
// response's headers whose name is not a "CORS-safelisted response-header
// name" given the CORS-exposed header-name list. Protocol mapping
// (docs/protocol.md, decisions page): the seven safelisted names are always
// listed, plus the names of the headers that remain; never `set-cookie` or
// `set-cookie2`; lower-cased, sorted, without duplicates.
std::vector<std::string> visible_header_names_of_cors_filtered_response(
    const HeaderList& response_headers, const std::string& credentials_mode) {
  const std::vector<std::string> exposed = cors_exposed_header_name_list(response_headers, credentials_mode);
  std::vector<std::string> names = {"Cache-Control", "Content-Language", "Content-Length", "Content-Type",
                                    "Expires",       "Last-Modified",    "Pragma"};
  for (const Header& header : response_headers) {
    if (is_cors_safelisted_response_header_name(header.name, exposed)) names.push_back(header.name);
  }
  return convert_header_names_to_a_sorted_lowercase_set(names);
}

// §2.2.6 "basic filtered response" (same-origin requests): its header list
// excludes the headers whose name is a forbidden response-header name. The
// protocol lists every remaining name, lower-cased, sorted, no duplicates.
std::vector<std::string> visible_header_names_of_basic_filtered_response(const HeaderList& response_headers) {
  std::vector<std::string> names;
  for (const Header& header : response_headers) {
    if (!is_forbidden_response_header_name(header.name)) names.push_back(header.name);
  }
  return convert_header_names_to_a_sorted_lowercase_set(names);
}

}  // namespace corsproof_model::spec

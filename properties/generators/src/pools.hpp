// Value pools and small string helpers shared by the generator sources.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace corsproof_gen::pools {

// Origins the generators come back to, so that policies and requests meet.
const std::vector<std::string>& common_origins();
const std::vector<std::string>& domain_hosts();
const std::vector<std::string>& ip_hosts();
// Valid wildcard entries and concrete hosts' first labels to instantiate them.
const std::vector<std::string>& wildcard_entries();
const std::vector<std::string>& wildcard_labels();
// re: entries with origins each matches.
const std::vector<std::pair<std::string, std::vector<std::string>>>& regex_entries();
const std::vector<std::string>& method_tokens();
const std::vector<std::string>& non_token_methods();
const std::vector<std::string>& policy_methods();
const std::vector<std::string>& request_header_names();
const std::vector<std::string>& listed_header_names();
const std::vector<std::string>& expose_names();
const std::vector<std::string>& response_header_names();
// The bytes that make a request-header value CORS-unsafe (Fetch).
const std::string& cors_unsafe_bytes();

}  // namespace corsproof_gen::pools

namespace corsproof_gen::detail {

inline char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }
inline char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
inline char flip_case(char c) {
  if (c >= 'a' && c <= 'z') return static_cast<char>(c - 32);
  if (c >= 'A' && c <= 'Z') return static_cast<char>(c + 32);
  return c;
}
inline std::string upper_all(std::string s) {
  for (char& c : s) c = upper(c);
  return s;
}
inline std::string lower_all(std::string s) {
  for (char& c : s) c = lower(c);
  return s;
}

// scheme "://" host [":" port] split without validation; ok false when there
// is no "://".
struct origin_parts {
  bool ok = false;
  std::string scheme, host, port;
};
inline origin_parts split_origin(const std::string& origin) {
  origin_parts o;
  const auto sep = origin.find("://");
  if (sep == std::string::npos || sep == 0) return o;
  o.scheme = origin.substr(0, sep);
  std::string rest = origin.substr(sep + 3);
  if (!rest.empty() && rest.front() == '[') {
    const auto close = rest.find(']');
    if (close == std::string::npos) return o;
    o.host = rest.substr(0, close + 1);
    if (close + 1 < rest.size()) {
      if (rest[close + 1] != ':') return o;
      o.port = rest.substr(close + 2);
    }
  } else {
    const auto colon = rest.find(':');
    o.host = rest.substr(0, colon);
    if (colon != std::string::npos) o.port = rest.substr(colon + 1);
  }
  o.ok = !o.host.empty();
  return o;
}

}  // namespace corsproof_gen::detail

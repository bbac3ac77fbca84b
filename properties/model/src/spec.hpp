// Internal declarations of the reference model, one function per spec concept.
// Each function is defined in the .cpp file named in the comment above its
// group, and each definition cites the spec section and step it transcribes.
//
// Section numbers are those of the Fetch Standard at whatwg/fetch commit
// 586cd2a4 (July 2026) and of MIME Sniffing at its stored HEAD; the quoted
// section *names* are the stable reference.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "corsproof_model/model.hpp"

namespace corsproof_model::spec {

// A Fetch "header list": an ordered list of (name, value), duplicates allowed.
using HeaderList = std::vector<Header>;

// ---------------------------------------------------------------------------
// infra.cpp — Infra Standard byte/code point vocabulary and Fetch §2.2 "HTTP"
// ---------------------------------------------------------------------------
bool is_ascii_digit(unsigned char c);
bool is_ascii_upper_alpha(unsigned char c);
bool is_ascii_lower_alpha(unsigned char c);
bool is_ascii_alpha(unsigned char c);
bool is_ascii_alphanumeric(unsigned char c);
bool is_ascii_hex_digit(unsigned char c);
std::string byte_lowercase(const std::string& bytes);
std::string byte_uppercase(const std::string& bytes);
bool byte_case_insensitive_match(const std::string& a, const std::string& b);
bool starts_with(const std::string& s, const std::string& prefix);
bool ends_with(const std::string& s, const std::string& suffix);

bool is_http_tab_or_space(unsigned char c);
bool is_http_newline_byte(unsigned char c);
bool is_http_whitespace(unsigned char c);
std::string remove_leading_and_trailing_http_tab_or_space(const std::string& s);
std::string remove_leading_and_trailing_http_whitespace(const std::string& s);
std::string remove_trailing_http_whitespace(const std::string& s);

// RFC 9110 §5.6.2 "tchar" / mimesniff "HTTP token code point".
bool is_tchar(unsigned char c);
// RFC 9110 §5.6.2 "token" = 1*tchar.
bool is_token(const std::string& s);

// Infra "collect a sequence of code points" (on bytes: isomorphic strings).
template <typename Predicate>
std::string collect_a_sequence(const std::string& input, std::size_t& position, Predicate condition) {
  std::string result;
  while (position < input.size() && condition(static_cast<unsigned char>(input[position]))) {
    result += input[position];
    ++position;
  }
  return result;
}

// Fetch §2.2 "collect an HTTP quoted string".
std::string collect_an_http_quoted_string(const std::string& input, std::size_t& position,
                                          bool extract_value);

// Decimal numbers of any length, compared without converting to a machine
// integer (the model is unbounded). Inputs are non-empty ASCII digit strings.
int compare_decimal_strings(const std::string& a, const std::string& b);

// ---------------------------------------------------------------------------
// methods.cpp — Fetch §2.2.1 "Methods"
// ---------------------------------------------------------------------------
bool is_method(const std::string& bytes);
bool is_cors_safelisted_method(const std::string& method);
bool is_forbidden_method(const std::string& method);
std::string normalize_method(const std::string& method);

// ---------------------------------------------------------------------------
// header_lists.cpp — Fetch §2.2.2 "Headers" (header list operations) and the
// RFC 9110 §5.6.1 "#rule" used by the CORS headers' ABNF (Fetch §3.3.4)
// ---------------------------------------------------------------------------
bool is_header_name(const std::string& bytes);
bool is_header_value(const std::string& bytes);
std::string normalize_header_value(const std::string& potential_value);

bool header_list_contains(const HeaderList& list, const std::string& name);
std::size_t header_list_count(const HeaderList& list, const std::string& name);
std::optional<std::string> header_list_get(const HeaderList& list, const std::string& name);
std::vector<std::string> get_decode_and_split_header_value(const std::string& value);

// The header-value ABNFs the model needs to parse (Fetch §3.3.4 "HTTP
// new-header syntax").
enum class HeaderAbnf {
  method_list,      // #method          (Access-Control-Allow-Methods)
  field_name_list,  // #field-name      (Access-Control-Allow-Headers, -Expose-Headers)
  delta_seconds,    // delta-seconds    (Access-Control-Max-Age), a single-header ABNF
};

// RFC 9110 §5.6.1 "#element" list of tokens; nullopt when any non-empty
// element is not a token. Empty elements are accepted and dropped.
std::optional<std::vector<std::string>> parse_comma_separated_tokens(const std::string& value);

// Result of Fetch §2.2.2 "extract header list values": null, failure, or a list.
struct ExtractedValues {
  enum class State { null, failure, list };
  State state = State::null;
  std::vector<std::string> values;

  bool is_null() const { return state == State::null; }
  bool is_failure() const { return state == State::failure; }
  bool contains(const std::string& item) const;
};
std::optional<std::vector<std::string>> extract_header_values(const Header& header, HeaderAbnf abnf);
ExtractedValues extract_header_list_values(const std::string& name, const HeaderList& list,
                                           HeaderAbnf abnf);

// ---------------------------------------------------------------------------
// mime.cpp — MIME Sniffing §4.4 "parse a MIME type"
// ---------------------------------------------------------------------------
struct MimeType {
  std::string type, subtype;
  std::vector<std::pair<std::string, std::string>> parameters;  // an ordered map
  std::string essence() const;
};
bool is_http_token_code_point(unsigned char c);
bool is_http_quoted_string_token_code_point(unsigned char c);
std::optional<MimeType> parse_a_mime_type(const std::string& input);

// ---------------------------------------------------------------------------
// range.cpp — Fetch §2.2.2 "parse a single range header value"
// ---------------------------------------------------------------------------
struct SingleRange {
  std::optional<std::string> start, end;  // decimal digit strings; null when omitted
};
std::optional<SingleRange> parse_a_single_range_header_value(const std::string& value,
                                                             bool allow_whitespace);

// ---------------------------------------------------------------------------
// request_headers.cpp — Fetch §2.2.2 request-header classes
// ---------------------------------------------------------------------------
bool is_cors_unsafe_request_header_byte(unsigned char byte);
bool is_cors_safelisted_request_header(const std::string& name, const std::string& value);
std::vector<std::string> cors_unsafe_request_header_names(const HeaderList& headers);
std::vector<std::string> convert_header_names_to_a_sorted_lowercase_set(
    const std::vector<std::string>& header_names);
bool is_cors_non_wildcard_request_header_name(const std::string& name);
bool is_forbidden_request_header(const std::string& name, const std::string& value);
bool is_forbidden_response_header_name(const std::string& name);
bool is_cors_safelisted_response_header_name(const std::string& name,
                                             const std::vector<std::string>& list);

// ---------------------------------------------------------------------------
// cors_check.cpp — Fetch §4.10 "CORS check"
// ---------------------------------------------------------------------------
struct CorsCheckResult {
  bool success = false;
  int failed_step = 0;  // the step of §4.10 that returned failure (2, 4 or 8)
  std::optional<std::string> allow_origin;  // the value "get" returned at step 1
};
CorsCheckResult cors_check(const std::string& serialized_request_origin,
                           const std::string& credentials_mode, const HeaderList& response_headers);
// Maps a failed CORS check to the protocol's error code, in the decisions
// page's order (acao-missing, acao-multiple, acao-wildcard-with-credentials,
// acao-mismatch, acac-not-true).
std::string cors_check_error_code(const CorsCheckResult& result, const std::string& credentials_mode);

// ---------------------------------------------------------------------------
// preflight.cpp — Fetch §4.8 "CORS-preflight fetch"
// ---------------------------------------------------------------------------
// The parts of a request the preflight algorithm reads.
struct CorsRequest {
  std::string serialized_origin;
  std::string method;  // already normalized
  HeaderList header_list;
  std::string credentials_mode;
  bool private_network = false;  // decisions page extension (Chromium PNA)
};
struct PreflightRequestHeaders {
  std::string access_control_request_method;
  std::optional<std::string> access_control_request_headers;
};
PreflightRequestHeaders preflight_request_headers(const CorsRequest& request);
struct PreflightResult {
  bool ok = false;
  std::optional<std::string> error;
  std::optional<long long> max_age;
  // On success: the lists of steps 7.1-7.2 (null read as empty), which steps
  // 7.12-7.15 write to the CORS-preflight cache (preflight_cache.cpp).
  std::vector<std::string> methods, header_names;
};
PreflightResult cors_preflight_fetch_response_steps(const CorsRequest& request, int status,
                                                    const HeaderList& response_headers);
long long delta_seconds_value(const std::string& digits);

// ---------------------------------------------------------------------------
// exposed_headers.cpp — Fetch §4.1 "main fetch" step 14.1, §2.2.6 "CORS
// filtered response", "basic filtered response"
// ---------------------------------------------------------------------------
std::vector<std::string> cors_exposed_header_name_list(const HeaderList& response_headers,
                                                       const std::string& credentials_mode);
std::vector<std::string> visible_header_names_of_cors_filtered_response(
    const HeaderList& response_headers, const std::string& credentials_mode);
std::vector<std::string> visible_header_names_of_basic_filtered_response(
    const HeaderList& response_headers);

// ---------------------------------------------------------------------------
// hosts.cpp — URL Standard §3 "Hosts (domains and IP addresses)" for ASCII
// input: forbidden code points, the domain parser, the host parser, IPv4 and
// IPv6 parsers and serializers
// ---------------------------------------------------------------------------
struct Host {
  enum class Kind { domain, ipv4, ipv6 };
  Kind kind = Kind::domain;
  std::string domain;               // Kind::domain
  std::uint32_t ipv4 = 0;           // Kind::ipv4
  std::array<unsigned, 8> ipv6{};   // Kind::ipv6
};
bool is_forbidden_host_code_point(unsigned char c);
bool is_forbidden_domain_code_point(unsigned char c);
std::optional<std::string> domain_parser(const std::string& domain);
std::optional<std::pair<unsigned long long, bool>> ipv4_number_parser(std::string input);
bool ends_in_a_number(const std::string& input);
std::optional<std::uint32_t> ipv4_parser(const std::string& input);
std::optional<std::array<unsigned, 8>> ipv6_parser(const std::string& input);
std::optional<Host> host_parser(const std::string& input);
std::string ipv4_serializer(std::uint32_t address);
std::optional<std::size_t> ipv6_compressed_piece_index(const std::array<unsigned, 8>& address);
std::string ipv6_serializer(const std::array<unsigned, 8>& address);
std::string host_serializer(const Host& host);

// ---------------------------------------------------------------------------
// origins.cpp — origins: the well-formed request Origin (the URL Standard's
// origin serialization of the text must be the text), the canonical spelling
// of a policy origin entry, and the URL's origin (browser mode)
// ---------------------------------------------------------------------------
struct TupleOrigin {
  std::string scheme, host;
  std::optional<std::string> port;  // exactly as spelled
};
std::optional<std::string> default_port(const std::string& scheme);
std::optional<TupleOrigin> parse_well_formed_tuple_origin(const std::string& value);
bool is_well_formed_request_origin(const std::string& value);

// A looser reading of "scheme://[userinfo@]host[:port][/path][?query][#fragment]"
// used to suggest the canonical spelling of a policy entry and to take a URL's origin.
struct LooseOrigin {
  std::string scheme, userinfo, host, port, rest;
  bool has_userinfo = false, has_port = false;
};
std::optional<LooseOrigin> parse_loose_origin(const std::string& value);
std::optional<std::string> canonical_origin_spelling(const std::string& entry);

std::optional<std::string> origin_of_url(const std::string& url);

// ---------------------------------------------------------------------------
// policy.cpp — policy validation and the policy's "list of origins"
// (W3C CORS §6.1 step 2 / §6.2 step 2), per docs/protocol-decisions.md
// ---------------------------------------------------------------------------
enum class OriginEntryKind { any, null_origin, exact, wildcard, regex };
OriginEntryKind classify_origin_entry(const std::string& entry);
bool origin_entry_matches(const std::string& entry, const std::string& origin);
bool policy_origin_list_matches(const Policy& policy, const std::string& origin);
bool policy_is_any_origin(const Policy& policy);
bool list_contains_star(const std::vector<std::string>& list);

// ---------------------------------------------------------------------------
// preflight_cache.cpp — Fetch §4.9 "CORS-preflight cache" (and the cache
// steps 7.11-7.15 of §4.8 "CORS-preflight fetch")
// ---------------------------------------------------------------------------
// A "cache entry". Its key (the network partition key) is left out: the
// protocol has one partition per case or session.
struct CacheEntry {
  std::string byte_serialized_origin;
  std::string url;  // the URL, serialized (URLs are equal when their serializations are)
  long long max_age = 0;
  bool credentials = false;
  std::optional<std::string> method, header_name;  // null, `*`, or a method / header name
  double stored_at = 0;  // when the entry was stored (the protocol's `t`)
};

// The user agent's "CORS-preflight cache": a list of cache entries, and the
// current time (the session's `t` of the fetch being run: every hop of one
// fetch happens at that time).
struct CorsPreflightCache {
  std::vector<CacheEntry> entries;
  double now = 0;
};

// What the cache algorithms read of a request: "byte-serializing a request
// origin" with it, its current URL (serialized) and its credentials mode.
struct CacheRequest {
  std::string byte_serialized_origin;
  std::string current_url;
  std::string credentials_mode;
};

bool cache_entry_is_live(const CacheEntry& entry, double now);
void remove_expired_cache_entries(CorsPreflightCache& cache);
bool cache_entry_match(const CacheEntry& entry, const CacheRequest& request);
bool method_cache_entry_match(CorsPreflightCache& cache, const std::string& method, const CacheRequest& request);
bool header_name_cache_entry_match(CorsPreflightCache& cache, const std::string& header_name,
                                   const CacheRequest& request);
void create_a_new_cache_entry(CorsPreflightCache& cache, const CacheRequest& request, long long max_age,
                              const std::optional<std::string>& method,
                              const std::optional<std::string>& header_name);
void clear_cache_entries(CorsPreflightCache& cache, const CacheRequest& request);
// §4.8 "CORS-preflight fetch" steps 7.12-7.15, after a successful preflight.
void store_preflight_result(CorsPreflightCache& cache, const CacheRequest& request, long long max_age,
                            const std::vector<std::string>& methods, const std::vector<std::string>& header_names);

}  // namespace corsproof_model::spec

// ---------------------------------------------------------------------------
// url.cpp — the URL Standard (whatwg/url url.bs, commit 6ae8486): hosts, the
// basic URL parser, the URL serializer and the origin of a URL. In its own
// namespace: origins.cpp has v1 helpers with URL-Standard names.
// ---------------------------------------------------------------------------
namespace corsproof_model::spec::url_standard {

// §3.1 "IPv6 address": eight 16-bit pieces.
using Ipv6Address = std::array<std::uint16_t, 8>;

// §3.1 "host": a domain, an IPv4 address, an IPv6 address, an opaque host or
// an empty host.
struct Host {
  enum class Kind { domain, ipv4, ipv6, opaque, empty };
  Kind kind = Kind::domain;
  std::string name;            // domain or opaque host (empty for the empty host)
  std::uint32_t ipv4 = 0;      // IPv4 address
  Ipv6Address ipv6{};          // IPv6 address
};

// §4.1 "URL" (a URL record). The path is either an opaque path (a single
// string) or a list of segments.
struct Url {
  std::string scheme, username, password;
  std::optional<Host> host;
  std::optional<unsigned> port;
  bool has_opaque_path = false;
  std::string opaque_path;
  std::vector<std::string> path;
  std::optional<std::string> query, fragment;

  bool is_special() const;
  bool includes_credentials() const;
};

bool is_special_scheme(const std::string& scheme);
std::optional<unsigned> default_port_of_scheme(const std::string& scheme);

bool ends_in_a_number_checker(const std::string& input);
std::optional<std::uint32_t> ipv4_parser(const std::string& input);
std::optional<Ipv6Address> ipv6_parser(const std::u32string& input);
std::optional<std::string> opaque_host_parser(const std::u32string& input);
std::optional<Host> host_parser(const std::u32string& input, bool is_opaque);
std::string ipv4_serializer(std::uint32_t address);
std::optional<std::size_t> find_the_ipv6_address_compressed_piece_index(const Ipv6Address& address);
std::string ipv6_serializer(const Ipv6Address& address);
std::string host_serializer(const Host& host);

// §4.4 "basic URL parser" with input (UTF-8 bytes, decoded first) and base;
// no state override, encoding UTF-8. nullopt is failure.
std::optional<Url> basic_url_parser(const std::string& input, const Url* base);
std::string url_path_serializer(const Url& url);
std::string url_serializer(const Url& url, bool exclude_fragment = false);
// §4.7 "origin" of a URL, then HTML's "serialization of an origin" ("null"
// for an opaque origin).
std::string serialized_origin_of_url(const Url& url);

}  // namespace corsproof_model::spec::url_standard

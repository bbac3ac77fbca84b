// corsproof_generators — RapidCheck generators for the inputs that break CORS
// implementations, not just random text. Every generator mixes:
//   * the well-formed common case (so that the allowed paths are exercised),
//   * near misses of a value the policy or request trusts (an origin with a
//     suffix or prefix glued on, http for https, upper case, default ports,
//     trailing slashes, `null`, a method in another case, a header name with
//     odd case and spacing, empty list elements, duplicated headers),
//   * values at and around every length limit (128, 1024, 4096 bytes,
//     64 names, 65535, 2^31, ...),
//   * arbitrary bytes.
// Values are the model's types (corsproof_model::Policy, ServerRequest,
// BrowserExchange); corsproof_bridge turns them into core calls.
#pragma once

#include <rapidcheck.h>

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "corsproof_model/model.hpp"

namespace corsproof_gen {

using corsproof_model::BrowserExchange;
using corsproof_model::BrowserRequest;
using corsproof_model::Header;
using corsproof_model::Policy;
using corsproof_model::Response;
using corsproof_model::ServerRequest;

// ---- Bytes, tokens, spelling ----------------------------------------------------

// Arbitrary bytes (0x00-0xFF), at most `max_len` of them.
rc::Gen<std::string> random_bytes(std::size_t max_len = 24);
// A token (RFC 9110 tchar+), 1..max_len bytes, biased towards letters, '-'.
rc::Gen<std::string> token(std::size_t max_len = 12);
// `s` with the case of some ASCII letters flipped (possibly none).
rc::Gen<std::string> case_variant(const std::string& s);
// Optional whitespace: "", " ", "\t", "  ", " \t ".
rc::Gen<std::string> ows();
// `s` with optional SP/TAB on either side.
rc::Gen<std::string> padded(const std::string& s);
// One byte of `s` replaced by an arbitrary byte, or one inserted or removed.
rc::Gen<std::string> byte_edit(const std::string& s);
// A string of exactly `n` bytes drawn from `alphabet`.
rc::Gen<std::string> string_of_length(std::size_t n, const std::string& alphabet);
// n - 1, n or n + 1 (never below 0): "at and around a limit".
rc::Gen<std::size_t> around(std::size_t n);

// ---- Origins ----------------------------------------------------------------------

// A serialized origin exactly as a browser sends it (lower case, no default
// port): https://app.example, http://127.0.0.1:8080, wss://[::1], ...
rc::Gen<std::string> canonical_origin();
// The canonical origin "https://a...a" of exactly `n` bytes (n >= 9): the
// host is labels of up to 60 letters. Used at and around the 1024-byte bound
// of Origin values and policy entries.
std::string long_origin(std::size_t n);
// A domain-host canonical origin (for wildcard patterns).
rc::Gen<std::string> canonical_domain_origin();
// A near miss of `origin`: the same origin with a suffix or prefix glued to
// the host, the other scheme, upper case, a default or other port, a
// trailing slash, a path, userinfo, `null`, surrounding or inner
// whitespace, two origins in one value, a byte edit, random bytes...
rc::Gen<std::string> near_miss_origin(const std::string& origin);
// A non-canonical spelling of a canonical tuple origin that still denotes it
// (upper case, default port spelled out, leading zeros in the port, trailing
// slash, path, userinfo, query, fragment). Never equal to `canonical`.
rc::Gen<std::string> non_canonical_spelling(const std::string& canonical);
// A value for an Origin request header: one of `trusted` as is, a near miss
// of one of them, `null`, another canonical origin, random bytes.
rc::Gen<std::string> origin_header_value(const std::vector<std::string>& trusted);
// Origins a policy trusts, as concrete examples: each exact entry, instances
// of each wildcard (one or more labels) and examples matching each re: entry.
std::vector<std::string> origins_trusted_by(const Policy& policy);

// ---- Methods ----------------------------------------------------------------------

// A method as a page gives it to fetch() or a browser sends it in
// Access-Control-Request-Method: safelisted and normalizable methods in every
// case (get, Get, OPTIONS, options), case-sensitive ones (PATCH, patch,
// Patch), forbidden ones (CONNECT, trace, Track), non-tokens ("GET POST",
// "", "G(T"), long tokens, random bytes.
rc::Gen<std::string> method();
// Only tokens (what a browser can send), in the same mix.
rc::Gen<std::string> method_token();

// ---- Header names and values ---------------------------------------------------------

// A request header name a page might set: safelisted (Accept, Content-Type,
// Range...), forbidden (Cookie, Sec-*, Proxy-*, Origin...), Authorization,
// User-Agent, custom x-* names, all in mixed case; sometimes a random token
// or a non-token.
rc::Gen<std::string> request_header_name();
// A name fit for an allow_headers / Access-Control-Request-Headers list.
rc::Gen<std::string> listed_header_name();
// A value for `name`, adversarial for that name's rule: the safelisted value
// rules (MIME types, Range, language bytes), the 128-byte limit (127, 128,
// 129 bytes), CORS-unsafe bytes, padding with HTTP whitespace, NUL/CR/LF,
// the X-HTTP-Method-Override family with forbidden methods.
rc::Gen<std::string> request_header_value(const std::string& name);
// A whole author header list for fetch(): a few pairs, sometimes duplicates of
// safelisted headers around the 1024-byte total, sometimes Accept omitted.
rc::Gen<std::vector<Header>> author_headers();
// An Access-Control-Request-Headers spelling of `names`: each name in random
// case, OWS around elements, empty elements, split over several headers.
// Returns one or more header values.
rc::Gen<std::vector<std::string>> acrh_values(const std::vector<std::string>& names);

// ---- Policies ------------------------------------------------------------------------

// A valid policy entry for allow_origins (exact, wildcard, re:, null).
rc::Gen<std::string> policy_origin_entry();
// A valid policy (validate_policy() == nullopt): origins ("*", exact,
// wildcards, re: patterns, null), methods (with *, patch vs PATCH), headers
// (with *, authorization), expose headers, credentials, max_age at its
// limits, private network, status.
rc::Gen<Policy> policy();
// A policy that may be invalid: non-canonical origins, bad wildcards and
// patterns, "*" with others or with credentials, non-token names, names of
// and around 1024 bytes, out-of-range max_age and status, empty lists.
rc::Gen<Policy> any_policy();

// ---- Server requests -------------------------------------------------------------------

// A request to a server with `policy`: not-cors, actual or preflight, with
// origins the policy trusts and near misses of them, OPTIONS in other cases,
// zero, one or two Origin and Access-Control-Request-Method headers,
// Access-Control-Request-Headers lists in every spelling (and at the
// 64-name / 4096-byte bounds), Access-Control-Request-Private-Network, other
// headers, header names in mixed case.
rc::Gen<ServerRequest> server_request(const Policy& policy);
// A preflight (OPTIONS, one Origin the policy trusts or a near miss, one
// Access-Control-Request-Method) with `names` requested.
rc::Gen<ServerRequest> preflight_request(const Policy& policy);
// An Access-Control-Request-Headers list at its bounds: 63, 64 or 65 names,
// or values of 4095, 4096 or 4097 bytes (with padding), as header values.
rc::Gen<std::vector<std::string>> acrh_at_bounds();

// ---- Browser exchanges -------------------------------------------------------------------

// A fetch() request: origin (canonical, null), URL (same origin in other
// spellings, cross origin, odd URLs), method, author headers, credentials,
// private network.
rc::Gen<BrowserRequest> browser_request();
// A preflight response aimed at `request`: Access-Control-Allow-Origin right,
// wrong by a near miss, `*`, repeated; -Credentials in every spelling;
// -Allow-Methods / -Allow-Headers that list, miss, wildcard or break the
// request's method and headers; -Max-Age at its limits; status around 2xx.
rc::Gen<Response> preflight_response_for(const BrowserRequest& request);
// An actual response aimed at `request`: Access-Control-Allow-Origin and
// -Credentials as above, Access-Control-Expose-Headers (names present and
// absent, `*`, invalid), extra headers including Set-Cookie, any status.
rc::Gen<Response> response_for(const BrowserRequest& request);
// A fetch() request a page of an origin the policy trusts (or a near miss of
// one) makes to a server with `policy`, at https://server.test: a valid
// request (method a token, not forbidden; header names tokens; values
// without NUL/CR/LF), mostly asking for what the policy lists.
rc::Gen<BrowserRequest> browser_request_for(const Policy& policy);
// A whole exchange: request, usually a preflight response, usually a response.
rc::Gen<BrowserExchange> browser_exchange();

}  // namespace corsproof_gen

// RapidCheck prints counterexamples with showValue(), found by ADL in the
// namespace of the value's type.
namespace corsproof_model {
void showValue(const Header& h, std::ostream& os);
void showValue(const Policy& p, std::ostream& os);
void showValue(const ServerRequest& r, std::ostream& os);
void showValue(const ServerAnswer& a, std::ostream& os);
void showValue(const BrowserRequest& r, std::ostream& os);
void showValue(const Response& r, std::ostream& os);
void showValue(const BrowserExchange& e, std::ostream& os);
void showValue(const BrowserAnswer& a, std::ostream& os);
}  // namespace corsproof_model

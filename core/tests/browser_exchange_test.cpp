// Browser mode, the whole exchange: outcomes (allowed, blocked-preflight,
// blocked-response, forbidden-request), the CORS check on the actual
// response, same-origin requests, requests fetch() refuses, missing or bad
// input, corsproof's bounds and the output buffer.
// Sources: protocol "Mode browser", decisions "Browser mode" and "Bounds",
// Fetch "main fetch", "Request constructor", "Headers" (digest §2.1, §3.1,
// §4.1, §8, §14.11, §14.25), browser.hpp (eval_status).
#include "test_support.hpp"

namespace corsproof::test {
namespace {

constexpr const char* kOutcome = "protocol: Mode browser outcome; decisions: No response";
constexpr const char* kActual = "Fetch \"CORS check\" on the actual response (any status); digest §8, §14.11";
constexpr const char* kSame = "decisions: Same origin; Fetch \"main fetch\"; digest §4.1, §14.25";
constexpr const char* kUrl = "decisions: URL origin (lower-cased, default port and its leading zeros dropped)";
constexpr const char* kForbidden = "decisions: Forbidden request; Fetch \"Request constructor\", \"Headers\"; digest §2, §3.1";
constexpr const char* kMissing = "decisions: Missing preflight_response (bad-case); browser.hpp missing_input";
constexpr const char* kUrlForbidden =
    "decisions: URL origin (no scheme://host, or credentials: forbidden-request); Fetch \"Request constructor\" 5.2-5.3";
constexpr const char* kOrder = "decisions: Browser mode/Order (validate first; same origin wins over private_network)";
constexpr const char* kBounds = "decisions: Bounds (browser mode); browser.hpp limit_exceeded";
constexpr const char* kRequestOrigin =
    "decisions: Browser mode/Request origin (null or exactly what the URL Standard's origin serialization "
    "produces, else bad-case); browser.hpp invalid_input";
constexpr const char* kSmall = "browser.hpp eval_status output_too_small: the caller's buffer cannot hold the answer";

struct exchange_row {
  std::string name;
  const char* spec;
  exchange_spec in;
  std::size_t capacity = browser_output_capacity;
  eval_status status = eval_status::ok;
  browser_outcome outcome = browser_outcome::allowed;
  std::optional<bool> same_origin;
  std::optional<bool> needs_preflight;
  std::optional<browser_error> preflight_error;  // also implies preflight_ok
  std::optional<bool> cors_check_done;
  std::optional<browser_error> cors_error;
  std::optional<bool> has_exposed;

  exchange_row(std::string n, const char* s, exchange_spec e) : name(std::move(n)), spec(s), in(std::move(e)) {}
  exchange_row& is(browser_outcome o) { outcome = o; return *this; }
  exchange_row& same(bool b) { same_origin = b; return *this; }
  exchange_row& needs(bool b) { needs_preflight = b; return *this; }
  exchange_row& preflight(browser_error e) { preflight_error = e; return *this; }
  exchange_row& cors(browser_error e) { cors_check_done = true; cors_error = e; return *this; }
  exchange_row& no_cors_check() { cors_check_done = false; return *this; }
  exchange_row& exposed(bool b) { has_exposed = b; return *this; }
  exchange_row& buffer(std::size_t cap) {
    capacity = cap;
    return *this;
  }
  exchange_row& fails(eval_status s, std::size_t cap = browser_output_capacity) {
    status = s;
    capacity = cap;
    return *this;
  }
};
CORSPROOF_ROW_PRINTER(exchange_row)

const std::pair<std::string, std::string> ACAO_APP{"Access-Control-Allow-Origin", "https://app.example"};
const std::pair<std::string, std::string> ACAO_STAR{"Access-Control-Allow-Origin", "*"};
const std::pair<std::string, std::string> ACAC_TRUE{"Access-Control-Allow-Credentials", "true"};
const std::pair<std::string, std::string> ACAM_PUT{"Access-Control-Allow-Methods", "PUT"};
const std::pair<std::string, std::string> EXPOSE_ID{"Access-Control-Expose-Headers", "x-request-id"};

// PUT with a passing preflight.
exchange_spec put_ok() { return exchange().with_method("PUT").with_preflight(204, {ACAO_APP, ACAM_PUT}); }

pairs many(const std::string& prefix, std::size_t n) {
  pairs p;
  for (std::size_t i = 0; i < n; ++i) p.emplace_back(prefix + std::to_string(1000 + i), "v");
  return p;
}

// Headers whose names and values add up to `bytes` (with `first` among them):
// full 8 KiB values under five-byte names, then one shorter value.
pairs filled_to(std::size_t bytes, const std::pair<std::string, std::string>& first) {
  pairs p{first};
  std::size_t total = first.first.size() + first.second.size();
  for (std::size_t i = 0; total < bytes; ++i) {
    const std::string name = "X-" + std::to_string(100 + i);
    const std::size_t value = std::min(max_header_value_bytes, bytes - total - name.size());
    p.emplace_back(name, std::string(value, 'v'));
    total += name.size() + value;
  }
  return p;
}

std::vector<exchange_row> rows() {
  using O = browser_outcome;
  using E = browser_error;
  return {
      // Outcomes.
      exchange_row("simple GET shared", kOutcome, exchange().with_response(200, {ACAO_APP}))
          .is(O::allowed).same(false).needs(false).cors(E::none).exposed(true),
      exchange_row("simple GET without ACAO: blocked-response", kOutcome, exchange().with_response(200, {}))
          .is(O::blocked_response).needs(false).cors(E::acao_missing).exposed(false),
      exchange_row("simple GET, ACAO mismatch", kOutcome,
                   exchange().with_response(200, {{"Access-Control-Allow-Origin", "https://evil.example"}}))
          .is(O::blocked_response).cors(E::acao_mismatch).exposed(false),
      exchange_row("actual 404 with ACAO is shared", kActual, exchange().with_response(404, {ACAO_APP}))
          .is(O::allowed).cors(E::none).exposed(true),
      exchange_row("actual 500 with ACAO is shared", kActual, exchange().with_response(500, {ACAO_STAR}))
          .is(O::allowed).cors(E::none),
      exchange_row("actual 301 with ACAO is shared", kActual, exchange().with_response(301, {ACAO_STAR}))
          .is(O::allowed).cors(E::none),
      exchange_row("preflight passes, actual response fails", kActual,
                   put_ok().with_response(200, {{"X-A", "1"}}))
          .is(O::blocked_response).needs(true).preflight(E::none).cors(E::acao_missing).exposed(false),
      exchange_row("preflight fails: no CORS check on the response", kOutcome,
                   exchange().with_method("PUT").with_preflight(204, {ACAO_APP}).with_response(200, {ACAO_APP}))
          .is(O::blocked_preflight).needs(true).preflight(E::method_not_allowed).no_cors_check().exposed(false),
      exchange_row("both pass", kOutcome, put_ok().with_response(200, {ACAO_APP}))
          .is(O::allowed).needs(true).preflight(E::none).cors(E::none).exposed(true),
      exchange_row("include: preflight passes, actual ACAO * fails", kActual,
                   put_ok().with_credentials(credentials_mode::include)
                       .with_preflight(204, {ACAO_APP, ACAC_TRUE, ACAM_PUT})
                       .with_response(200, {ACAO_STAR, ACAC_TRUE}))
          .is(O::blocked_response).preflight(E::none).cors(E::acao_wildcard_with_credentials),
      exchange_row("include: actual without ACAC fails on its own", kActual,
                   put_ok().with_credentials(credentials_mode::include)
                       .with_preflight(204, {ACAO_APP, ACAC_TRUE, ACAM_PUT})
                       .with_response(200, {ACAO_APP}))
          .is(O::blocked_response).preflight(E::none).cors(E::acac_not_true),
      exchange_row("include: both pass", kActual,
                   put_ok().with_credentials(credentials_mode::include)
                       .with_preflight(204, {ACAO_APP, ACAC_TRUE, ACAM_PUT})
                       .with_response(200, {ACAO_APP, ACAC_TRUE}))
          .is(O::allowed).preflight(E::none).cors(E::none),
      exchange_row("credentials same-origin behaves as omit cross-origin", kActual,
                   exchange().with_credentials(credentials_mode::same_origin).with_response(200, {ACAO_STAR}))
          .is(O::allowed).cors(E::none),
      exchange_row("opaque origin null shared by ACAO null", kActual,
                   exchange().with_origin("null").with_response(200, {{"Access-Control-Allow-Origin", "null"}}))
          .is(O::allowed).same(false).cors(E::none),
      exchange_row("no response, preflight passes: allowed", kOutcome, put_ok())
          .is(O::allowed).needs(true).preflight(E::none).no_cors_check().exposed(false),
      exchange_row("no response, no preflight needed: allowed", kOutcome, exchange())
          .is(O::allowed).needs(false).no_cors_check().exposed(false),
      exchange_row("preflight response given but not needed: ignored", kOutcome,
                   exchange().with_preflight(500, {}).with_response(200, {ACAO_STAR}))
          .is(O::allowed).needs(false).cors(E::none),
      // Same origin.
      exchange_row("same origin: no CORS at all", kSame,
                   exchange().with_url("https://app.example/x").with_method("PUT").with_header("X-A", "1")
                       .with_response(200, {}))
          .is(O::allowed).same(true).needs(false).no_cors_check().exposed(true),
      exchange_row("same origin: URL spelled with upper case and :443", kUrl,
                   exchange().with_url("HTTPS://App.Example:443/x?y").with_method("DELETE"))
          .is(O::allowed).same(true).needs(false),
      exchange_row("same origin: port with leading zeros spelling the default", kUrl,
                   exchange().with_url("https://app.example:0443/x").with_method("DELETE"))
          .is(O::allowed).same(true).needs(false),
      exchange_row("same origin wins over private_network", kOrder,
                   exchange().with_url("https://app.example/x").with_private_network())
          .is(O::allowed).same(true).needs(false),
      exchange_row("request validated before the same-origin short cut", kOrder,
                   exchange().with_url("https://app.example/x").with_header("Bad Name", "1"))
          .is(O::forbidden_request),
      exchange_row("other port is cross-origin", kUrl,
                   exchange().with_url("https://app.example:8443/x").with_response(200, {ACAO_APP}))
          .is(O::allowed).same(false).cors(E::none),
      exchange_row("other scheme is cross-origin", kUrl,
                   exchange().with_url("http://app.example/x").with_response(200, {}))
          .is(O::blocked_response).same(false).cors(E::acao_missing),
      exchange_row("opaque origin is never same origin", kSame,
                   exchange().with_origin("null").with_url("https://app.example/").with_response(200, {}))
          .is(O::blocked_response).same(false).cors(E::acao_missing),
      // Forbidden requests.
      exchange_row("CONNECT", kForbidden, exchange().with_method("CONNECT")).is(O::forbidden_request),
      exchange_row("connect", kForbidden, exchange().with_method("connect")).is(O::forbidden_request),
      exchange_row("Track", kForbidden, exchange().with_method("Track")).is(O::forbidden_request),
      exchange_row("TRACE even same-origin", kForbidden,
                   exchange().with_url("https://app.example/").with_method("TRACE"))
          .is(O::forbidden_request),
      exchange_row("method GET POST", kForbidden, exchange().with_method("GET POST")).is(O::forbidden_request),
      exchange_row("empty method", kForbidden, exchange().with_method("")).is(O::forbidden_request),
      exchange_row("header name with a space", kForbidden, exchange().with_header("X Foo", "1"))
          .is(O::forbidden_request),
      exchange_row("empty header name", kForbidden, exchange().with_header("", "1")).is(O::forbidden_request),
      exchange_row("header name with a colon", kForbidden, exchange().with_header("X-A:", "1"))
          .is(O::forbidden_request),
      exchange_row("value with inner LF", kForbidden, exchange().with_header("X-A", "a\nb")).is(O::forbidden_request),
      exchange_row("value with inner CR", kForbidden, exchange().with_header("X-A", "a\rb")).is(O::forbidden_request),
      exchange_row("value with NUL", kForbidden, exchange().with_header("X-A", std::string("a\0b", 3)))
          .is(O::forbidden_request),
      exchange_row("NUL at the end is not whitespace", kForbidden,
                   exchange().with_header("Accept", std::string("*/*\0", 4)))
          .is(O::forbidden_request),
      exchange_row("NUL in a forbidden header still refuses", kForbidden,
                   exchange().with_header("Cookie", std::string("a\0", 2)))
          .is(O::forbidden_request),
      exchange_row("forbidden request needs no preflight response", kForbidden,
                   exchange().with_method("PUT").with_header("X Foo", "1"))
          .is(O::forbidden_request),
      exchange_row("trailing CRLF is normalized away, not refused", kForbidden,
                   exchange().with_header("Accept", "*/*\r\n").with_response(200, {ACAO_STAR}))
          .is(O::allowed).needs(false).cors(E::none),
      // Missing and bad input.
      exchange_row("preflight needed but not given", kMissing, exchange().with_method("PUT"))
          .fails(eval_status::missing_input),
      exchange_row("header-caused preflight not given", kMissing, exchange().with_header("X-A", "1"))
          .fails(eval_status::missing_input),
      exchange_row("URL without scheme", kUrlForbidden, exchange().with_url("api.example/x"))
          .is(O::forbidden_request),
      exchange_row("relative URL", kUrlForbidden, exchange().with_url("/x")).is(O::forbidden_request),
      exchange_row("empty URL", kUrlForbidden, exchange().with_url("")).is(O::forbidden_request),
      exchange_row("URL with userinfo, cross-origin", kUrlForbidden,
                   exchange().with_url("https://user:pw@api.example/x").with_response(200, {ACAO_STAR}))
          .is(O::forbidden_request),
      exchange_row("URL with userinfo, same origin", kUrlForbidden,
                   exchange().with_url("https://user@app.example/x"))
          .is(O::forbidden_request),
      // URL Standard "includes credentials": a non-empty username or
      // password; "https://@api.example/x" parses to https://api.example/x.
      exchange_row("URL with an empty userinfo includes no credentials", kUrl,
                   exchange().with_url("https://@api.example/x"))
          .is(O::allowed),
      exchange_row("URL port out of range", kUrlForbidden, exchange().with_url("https://api.example:99999/x"))
          .is(O::forbidden_request),
      exchange_row("URL port with a letter", kUrlForbidden, exchange().with_url("https://api.example:8a/x"))
          .is(O::forbidden_request),
      exchange_row("URL with an unclosed IPv6 bracket", kUrlForbidden, exchange().with_url("https://[::1/x"))
          .is(O::forbidden_request),
      exchange_row("URL with an empty port is the default port", kUrl,
                   exchange().with_url("https://app.example:/x").with_method("DELETE"))
          .is(O::allowed).same(true).needs(false),
      exchange_row("IPv6 URL same origin", kUrl,
                   exchange().with_origin("https://[::1]:8443").with_url("https://[::1]:8443/x").with_method("PUT"))
          .is(O::allowed).same(true).needs(false),
      exchange_row("@ in the query is not userinfo", kUrl,
                   exchange().with_url("https://api.example?a@b").with_response(200, {ACAO_STAR}))
          .is(O::allowed).same(false).cors(E::none),
      exchange_row("@ in the path is not userinfo", kUrl,
                   exchange().with_url("https://api.example/a@b").with_response(200, {ACAO_STAR}))
          .is(O::allowed).same(false).cors(E::none),
      // The URL Standard's host parser (Request constructor step 5.1).
      exchange_row("URL host 127.1 is 127.0.0.1", kUrl,
                   exchange().with_origin("http://127.0.0.1").with_url("http://127.1/x").with_method("PUT"))
          .is(O::allowed).same(true).needs(false),
      exchange_row("URL host percent-decoded", kUrl, exchange().with_url("https://app%2Eexample/x").with_method("PUT"))
          .is(O::allowed).same(true).needs(false),
      exchange_row("URL host ending in a number that is no IPv4 address", kUrlForbidden,
                   exchange().with_url("https://api.1/x"))
          .is(O::forbidden_request),
      exchange_row("file URL", kUrlForbidden, exchange().with_url("file:///x")).is(O::forbidden_request),
      exchange_row("URL of a non-special scheme: origin from its text", kUrl,
                   exchange().with_origin("chrome-extension://abc").with_url("chrome-extension://abc/x").with_method("PUT"))
          .is(O::allowed).same(true).needs(false),
      // Bounds.
      exchange_row("URL of 8192 bytes", kBounds,
                   exchange().with_url("https://api.example/" + rep('a', 8192 - 20)).with_response(200, {ACAO_STAR}))
          .is(O::allowed).same(false).cors(E::none),
      exchange_row("URL of 8193 bytes", kBounds, exchange().with_url("https://api.example/" + rep('a', 8193 - 20)))
          .fails(eval_status::limit_exceeded),
      // Percent-encoding triples each space of the path (trailing spaces
      // are stripped): 3,021 bytes in, 9,021 after parsing.
      exchange_row("URL of 8193 bytes or more after parsing", kBounds,
                   exchange().with_url("https://api.example/" + rep(' ', 3000) + "x"))
          .fails(eval_status::limit_exceeded),
      exchange_row("URL of 8192 bytes after parsing", kBounds,
                   exchange().with_url("https://api.example/" + rep(' ', 2723) + "xyz").with_response(200, {ACAO_STAR}))
          .is(O::allowed).same(false).cors(E::none),
      exchange_row("256 request headers", kBounds,
                   exchange().with_headers(pairs(256, {"Accept", "*/*"})).with_response(200, {ACAO_STAR}))
          .is(O::allowed).needs(false),
      exchange_row("257 request headers", kBounds, exchange().with_headers(pairs(257, {"Accept", "*/*"})))
          .fails(eval_status::limit_exceeded),
      exchange_row("header name of 256 bytes", kBounds,
                   exchange().with_header("X" + rep('a', 255), "1")
                       .with_preflight(204, {ACAO_APP, {"Access-Control-Allow-Headers", "*"}}))
          .is(O::allowed).needs(true).preflight(E::none),
      exchange_row("header name of 257 bytes", kBounds, exchange().with_header("X" + rep('a', 256), "1"))
          .fails(eval_status::limit_exceeded),
      exchange_row("header value of 8192 bytes", kBounds,
                   exchange().with_header("X-A", rep('v', 8192))
                       .with_preflight(204, {ACAO_APP, {"Access-Control-Allow-Headers", "x-a"}}))
          .is(O::allowed).needs(true).preflight(E::none),
      exchange_row("header value of 8193 bytes", kBounds, exchange().with_header("X-A", rep('v', 8193)))
          .fails(eval_status::limit_exceeded),
      exchange_row("64 distinct unsafe names", kBounds,
                   exchange().with_headers(many("X-H", 64))
                       .with_preflight(204, {ACAO_APP, {"Access-Control-Allow-Headers", "*"}}))
          .is(O::allowed).needs(true).preflight(E::none),
      exchange_row("65 distinct unsafe names", kBounds,
                   exchange().with_headers(many("X-H", 65))
                       .with_preflight(204, {ACAO_APP, {"Access-Control-Allow-Headers", "*"}}))
          .fails(eval_status::limit_exceeded),
      exchange_row("response with 256 headers", kBounds, exchange().with_response(200, [] {
                     pairs p = many("X-R", 255);
                     p.push_back(ACAO_STAR);
                     return p;
                   }()))
          .is(O::allowed).cors(E::none),
      exchange_row("response with 257 headers", kBounds, exchange().with_response(200, [] {
                     pairs p = many("X-R", 256);
                     p.push_back(ACAO_STAR);
                     return p;
                   }()))
          .fails(eval_status::limit_exceeded),
      exchange_row("preflight response with 257 headers", kBounds,
                   exchange().with_method("PUT").with_preflight(204, many("X-R", 257)))
          .fails(eval_status::limit_exceeded),
      exchange_row("response headers of 256 KiB (names and values)", kBounds,
                   exchange().with_response(200, filled_to(max_response_header_bytes, ACAO_STAR)))
          .is(O::allowed).cors(E::none),
      exchange_row("response headers of 256 KiB and one byte", kBounds,
                   exchange().with_response(200, filled_to(max_response_header_bytes + 1, ACAO_STAR)))
          .fails(eval_status::limit_exceeded),
      exchange_row("preflight response headers of 256 KiB", kBounds,
                   exchange().with_method("PUT").with_preflight(204, [] {
                     pairs p = filled_to(max_response_header_bytes - ACAM_PUT.first.size() - 3, ACAO_APP);
                     p.push_back(ACAM_PUT);
                     return p;
                   }()).with_response(200, {ACAO_APP}))
          .is(O::allowed).preflight(E::none),
      exchange_row("preflight response headers of 256 KiB and one byte", kBounds,
                   exchange().with_method("PUT").with_preflight(204, [] {
                     pairs p = filled_to(max_response_header_bytes - ACAM_PUT.first.size() - 2, ACAO_APP);
                     p.push_back(ACAM_PUT);
                     return p;
                   }()))
          .fails(eval_status::limit_exceeded),
      exchange_row("response header value of 8193 bytes", kBounds,
                   exchange().with_response(200, {ACAO_STAR, {"X-R", rep('v', 8193)}}))
          .fails(eval_status::limit_exceeded),
      exchange_row("bounds before rules: a non-token name, then a value of 8193 bytes", kBounds,
                   exchange().with_header("Bad Name", "1").with_header("X-A", rep('v', 8193)))
          .fails(eval_status::limit_exceeded),
      exchange_row("bounds before rules: URL with credentials and a 1025-byte scheme://host", kBounds,
                   exchange().with_url("https://u@" + rep('h', 1017) + "/"))
          .fails(eval_status::limit_exceeded),
      exchange_row("URL of 2000 bytes without \"://\" is no URL, not over a bound", kUrlForbidden,
                   exchange().with_url(rep('a', 2000)))
          .is(O::forbidden_request),
      // Request origin (decisions: Browser mode/Request origin).
      exchange_row("request origin with a comma: invalid input", kRequestOrigin,
                   exchange().with_origin("https://app.example,https://app.example")
                       .with_response(200, {{"Access-Control-Allow-Origin", "https://app.example,https://app.example"}}))
          .fails(eval_status::invalid_input),
      exchange_row("request origin with a trailing slash: invalid input", kRequestOrigin,
                   exchange().with_origin("https://app.example/"))
          .fails(eval_status::invalid_input),
      exchange_row("empty request origin: invalid input", kRequestOrigin, exchange().with_origin(""))
          .fails(eval_status::invalid_input),
      exchange_row("request origin checked before the bounds", kRequestOrigin,
                   exchange().with_origin("nope").with_header("X-A", rep('v', 8193)))
          .fails(eval_status::invalid_input),
      exchange_row("request origin in upper case: invalid input (no browser serializes it)", kRequestOrigin,
                   exchange().with_origin("HTTPS://APP.EXAMPLE").with_response(200, {ACAO_APP}))
          .fails(eval_status::invalid_input),
      exchange_row("request origin with a default port: invalid input", kRequestOrigin,
                   exchange().with_origin("https://app.example:443").with_response(200, {ACAO_STAR}))
          .fails(eval_status::invalid_input),
      exchange_row("request origin IPv4 shorthand: invalid input", kRequestOrigin,
                   exchange().with_origin("http://127.1").with_response(200, {ACAO_STAR}))
          .fails(eval_status::invalid_input),
      exchange_row("request origin IPv6 with a dotted tail: invalid input", kRequestOrigin,
                   exchange().with_origin("http://[::FFFF:1.2.3.4]").with_response(200, {ACAO_STAR}))
          .fails(eval_status::invalid_input),
      exchange_row("request origin file://: invalid input (its origin is null)", kRequestOrigin,
                   exchange().with_origin("file://host").with_response(200, {ACAO_STAR}))
          .fails(eval_status::invalid_input),
      exchange_row("request origin with a comma in its host is an origin; echoed, it passes", kRequestOrigin,
                   exchange().with_origin("https://a,b.example")
                       .with_response(200, {{"Access-Control-Allow-Origin", "https://a,b.example"}}))
          .is(O::allowed),
      exchange_row("request origin with an empty first label is an origin", kRequestOrigin,
                   exchange().with_origin("https://.example.com")
                       .with_response(200, {{"Access-Control-Allow-Origin", "https://.example.com"}}))
          .is(O::allowed),
      exchange_row("URL null is no URL", kUrlForbidden, exchange().with_origin("null").with_url("null"))
          .is(O::forbidden_request),
      exchange_row("URL port 0 of a scheme without default port stays", kUrl,
                   exchange().with_origin("chrome-extension://abc").with_url("chrome-extension://abc:0/")
                       .with_response(200, {}))
          .is(O::blocked_response).same(false).cors(E::acao_missing),
      // Output buffer.
      // The seven safelisted names are static: only names copied from the
      // response (lower-cased) take room.
      exchange_row("empty buffer cannot hold an exposed name", kSmall,
                   exchange().with_response(200, {ACAO_STAR, EXPOSE_ID, {"X-Request-Id", "1"}}))
          .fails(eval_status::output_too_small, 0),
      exchange_row("11-byte buffer cannot hold x-request-id", kSmall,
                   exchange().with_response(200, {ACAO_STAR, EXPOSE_ID, {"X-Request-Id", "1"}}))
          .fails(eval_status::output_too_small, 11),
      exchange_row("12-byte buffer holds x-request-id", kSmall,
                   exchange().with_response(200, {ACAO_STAR, EXPOSE_ID, {"X-Request-Id", "1"}}))
          .buffer(12)
          .is(O::allowed)
          .exposed(true),
      exchange_row("empty buffer: the seven exposed names need no room", kSmall,
                   exchange().with_response(200, {ACAO_STAR}))
          .buffer(0)
          .is(O::allowed)
          .exposed(true),
  };
}

class BrowserExchange : public ::testing::TestWithParam<exchange_row> {};

TEST_P(BrowserExchange, Outcome) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  const auto run = run_browser(r.in, r.capacity);
  const browser_decision& d = run->d;
  ASSERT_EQ(d.status, r.status) << "status_detail: " << d.status_detail << "; outcome " << to_string(d.outcome)
                                 << ", detail: " << d.detail;
  if (r.status != eval_status::ok) {
    EXPECT_FALSE(d.status_detail.empty()) << "status_detail says which bound or input";
    return;
  }
  EXPECT_EQ(d.outcome, r.outcome) << d.detail;
  if (r.outcome == browser_outcome::forbidden_request) {
    // decisions: Forbidden request
    EXPECT_FALSE(d.needs_preflight);
    EXPECT_FALSE(d.cors_check_done);
    EXPECT_FALSE(d.has_exposed);
    EXPECT_FALSE(d.has_max_age);
    EXPECT_FALSE(d.detail.empty()) << "detail says why";
    return;
  }
  if (r.same_origin) {
    EXPECT_EQ(d.same_origin, *r.same_origin);
  }
  if (r.needs_preflight) {
    EXPECT_EQ(d.needs_preflight, *r.needs_preflight);
  }
  if (r.preflight_error) {
    EXPECT_EQ(d.preflight_error, *r.preflight_error);
    EXPECT_EQ(d.preflight_ok, *r.preflight_error == browser_error::none);
  }
  if (r.cors_check_done) {
    EXPECT_EQ(d.cors_check_done, *r.cors_check_done);
  }
  if (r.cors_error) {
    EXPECT_EQ(d.cors_check_error, *r.cors_error);
    EXPECT_EQ(d.cors_check_ok, *r.cors_error == browser_error::none);
  }
  if (r.has_exposed) {
    EXPECT_EQ(d.has_exposed, *r.has_exposed);
  }
}

INSTANTIATE_TEST_SUITE_P(Rows, BrowserExchange, ::testing::ValuesIn(rows()), row_test_name<exchange_row>);

// browser_output_capacity "always holds a browser answer". The largest
// answer the bounds allow: 64 unsafe names of 256 bytes (copied, then joined
// into ACRH) and 121 exposed names of 256 bytes plus the seven, with a URL
// whose scheme://host is just under the 1024-byte bound.
TEST(BrowserExchangeCapacity, LargestAnswerFits) {
  SCOPED_TRACE(trace_of("largest bounded answer with a long URL host",
                        "browser.hpp: a buffer of browser_output_capacity bytes always holds a browser answer"));
  auto long_name = [](char tag, std::size_t i) {
    std::string n = std::string(1, tag) + std::to_string(1000 + i);
    return n + rep('n', max_header_name_bytes - n.size());
  };
  std::string host;
  for (int label = 0; label < 16; ++label) host += rep('h', 59) + ".";  // 960 bytes
  exchange_spec e = exchange().with_url("https://" + host + "example/x");
  for (std::size_t i = 0; i < 64; ++i) e.with_header(long_name('q', i), "v");
  e.with_preflight(204, {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Headers", "*"}});
  pairs resp = {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Expose-Headers", "*"}};
  for (std::size_t i = 0; i < 119; ++i) resp.emplace_back(long_name('r', i), "v");
  e.with_response(200, resp);  // 119 + ACAO + ACEH + the seven = 128 exposed names
  const auto run = run_browser(e);
  ASSERT_NE(run->d.status, eval_status::output_too_small) << run->d.status_detail;
  EXPECT_EQ(run->d.status, eval_status::ok) << run->d.status_detail;
  EXPECT_EQ(run->d.exposed.count, 128u);
  EXPECT_EQ(run->d.preflight_request_headers.size(), 64u * 256u + 63u);
}

// The public bound check (the audit's too) says what evaluate_browser does
// with a response, at each edge of each bound.
TEST(BrowserExchangeCapacity, ResponseBoundsCheckAgreesWithTheExchange) {
  SCOPED_TRACE(trace_of("response_headers_within_bounds", kBounds));
  auto within = [](const pairs& p) {
    std::vector<header_view> v;
    for (const auto& [n, val] : p) v.push_back(header_view{n, val});
    return response_headers_within_bounds(header_list(v));
  };
  const std::pair<std::string, std::string> acao{"Access-Control-Allow-Origin", "*"};
  const std::vector<std::pair<pairs, bool>> cases = {
      {filled_to(max_response_header_bytes, acao), true},
      {filled_to(max_response_header_bytes + 1, acao), false},
      {[&] {
         pairs p = many("X-R", max_browser_response_headers - 1);
         p.push_back(acao);
         return p;
       }(),
       true},
      {[&] {
         pairs p = many("X-R", max_browser_response_headers);
         p.push_back(acao);
         return p;
       }(),
       false},
      {{acao, {"X" + rep('a', max_header_name_bytes - 1), "1"}}, true},
      {{acao, {"X" + rep('a', max_header_name_bytes), "1"}}, false},
      {{acao, {"X-R", rep('v', max_header_value_bytes)}}, true},
      {{acao, {"X-R", rep('v', max_header_value_bytes + 1)}}, false},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& [headers, expected] = cases[i];
    EXPECT_EQ(within(headers), expected) << "case " << i;
    const auto run = run_browser(exchange().with_response(200, headers));
    EXPECT_EQ(run->d.status == eval_status::limit_exceeded, !expected) << "case " << i;
  }
}

// A URL whose scheme://host[:port] is over the bound is refused, not truncated.
TEST(BrowserExchangeCapacity, UrlOriginOverTheBoundIsLimitExceeded) {
  SCOPED_TRACE(trace_of("URL origin over 1024 bytes",
                        "docs/protocol-decisions.md Bounds: URL scheme://host[:port] at most 1024 bytes"));
  std::string host;
  for (int label = 0; label < 20; ++label) host += rep('h', 59) + ".";  // 1200 bytes
  const auto run = run_browser(exchange().with_url("https://" + host + "example/x"));
  EXPECT_EQ(run->d.status, eval_status::limit_exceeded);
}

// The bound counts scheme://host[:port] only: userinfo is no part of the
// origin, so a long one leaves the URL within the bound (and forbidden:
// Fetch's Request constructor refuses credentials in the URL).
TEST(BrowserExchangeCapacity, UrlUserinfoDoesNotCountTowardTheBound) {
  SCOPED_TRACE(trace_of("URL with 1100 bytes of userinfo",
                        "docs/protocol-decisions.md Bounds: URL scheme://host[:port] at most 1024 bytes"));
  const auto run = run_browser(exchange().with_url("https://" + rep('u', 1100) + "@api.example/x"));
  EXPECT_EQ(run->d.status, eval_status::ok) << run->d.status_detail;
  EXPECT_EQ(run->d.outcome, browser_outcome::forbidden_request);
  std::string host;
  for (int label = 0; label < 17; ++label) host += rep('h', 59) + ".";  // 1020 bytes
  // "https://" + 1020 + "ab" = 1030 bytes of scheme://host, userinfo or not.
  EXPECT_EQ(run_browser(exchange().with_url("https://u@" + host + "ab/"))->d.status, eval_status::limit_exceeded);
  EXPECT_EQ(run_browser(exchange().with_url("https://" + host.substr(6) + "ab/"))->d.status, eval_status::ok);
}

// Fetch "header value": no NUL, CR or LF once HTTP whitespace is trimmed
// from its ends. The check reads 16 bytes a step, or the first and last
// eight for 8-15 bytes; from 64 bytes on, where the CPU has AVX2, 64 bytes a
// step, then 32, then the last 32 overlapping. Each of the three bytes at
// every position of every length up to 200 must be seen, and a value
// without them must pass; so must bytes that share a nibble with them.
TEST(BrowserExchangeHeaderValue, NulCrLfAtEveryPositionOfEveryLength) {
  SCOPED_TRACE(trace_of("a request header value with NUL, CR or LF is a forbidden request",
                        "Fetch \"header value\", Headers \"validate\""));
  // Accept with `value`, and a preflight that allows it for the values that
  // make it CORS-unsafe (over 128 bytes, or with a byte below 0x20).
  const auto with_accept = [](const std::string& value) {
    return run_browser(exchange()
                           .with_header("Accept", value)
                           .with_preflight(204, {ACAO_STAR, {"Access-Control-Allow-Headers", "accept"}})
                           .with_response(200, {ACAO_STAR}));
  };
  for (std::size_t n = 1; n <= 200; ++n) {
    const std::string clean(n, 'v');
    const auto ok = with_accept(clean);
    ASSERT_EQ(ok->d.status, eval_status::ok) << n;
    EXPECT_EQ(ok->d.outcome, browser_outcome::allowed) << "length " << n;
    for (std::size_t at = 0; at < n; ++at) {
      for (const char c : {'\0', '\r', '\n'}) {
        std::string v = clean;
        v[at] = c;
        // CR and LF at either end are trimmed whitespace, not part of the value.
        const bool trimmed = c != '\0' && (at == 0 || at == n - 1);
        const auto d = with_accept(v);
        ASSERT_EQ(d->d.status, eval_status::ok) << n << " " << at;
        EXPECT_EQ(d->d.outcome, trimmed ? browser_outcome::allowed : browser_outcome::forbidden_request)
            << "length " << n << ", byte " << static_cast<int>(c) << " at " << at;
      }
      // Not NUL, CR or LF, though they share a nibble with one: allowed.
      for (const char c : {'\x0b', '\x1a', '\x1d', '\x10', '\x80', '\x8a', '\x8d', '\xff'}) {
        std::string v = clean;
        v[at] = c;
        const auto d = with_accept(v);
        ASSERT_EQ(d->d.status, eval_status::ok) << n << " " << at;
        EXPECT_EQ(d->d.outcome, browser_outcome::allowed)
            << "length " << n << ", byte " << static_cast<int>(static_cast<unsigned char>(c)) << " at " << at;
      }
    }
  }
}

// The URL's origin is read in one pass when the URL is already in canonical
// form (an http(s) scheme in lower case and a host of lower-case letters,
// digits, "-" and "."), and by the URL parser otherwise. Upper case in the
// scheme always takes the parser, so each authority below, spelled both
// ways, must give the same decision: same origin with https://api.example
// or not, forbidden or not.
TEST(BrowserExchangeUrlOrigin, OnePassReadingAgreesWithTheParser) {
  SCOPED_TRACE(trace_of("URL origin read in one pass vs the URL parser", kUrl));
  static constexpr std::string_view authorities[] = {
      "api.example",     "api.example.",    ".api.example",  "api..example",  "api.example..", "api.example:443",
      "api.example:444", "u@api.example",   "u:p@api.example", "a@b@api.example", "api.1",       "api.0x1",
      "1.2.3.4",         "api.example-",    "-api.example",  "api",           "x",             "api.ex_ample",
      "api.exa%6dple",   "api.e9",          "api.9e",        "",              "@",             "api.example@"};
  static constexpr std::string_view tails[] = {"", "/", "/data", "?q", "#f", "/x://y", ":"};
  for (std::string_view authority : authorities) {
    for (std::string_view tail : tails) {
      const std::string rest = std::string(authority) + std::string(tail);
      // Against the usual origin and against the authority's own spelling.
      for (const std::string& origin : {std::string("https://api.example"), "https://" + std::string(authority)}) {
        const auto plain = run_browser(exchange().with_origin(origin).with_url("https://" + rest));
        const auto parsed = run_browser(exchange().with_origin(origin).with_url("HTTPS://" + rest));
        EXPECT_EQ(plain->d.status, parsed->d.status) << origin << " " << rest;
        EXPECT_EQ(plain->d.outcome, parsed->d.outcome) << origin << " " << rest;
        EXPECT_EQ(plain->d.same_origin, parsed->d.same_origin) << origin << " " << rest;
      }
    }
  }
  // A colon before the first "://" is not where the authority starts.
  const auto colon_first = run_browser(exchange().with_origin("https://api.example").with_url("https:x://api.example/"));
  EXPECT_FALSE(colon_first->d.same_origin);
  EXPECT_TRUE(run_browser(exchange().with_origin("https://api.example").with_url("https://api.example/a://b"))->d.same_origin);
}

}  // namespace
}  // namespace corsproof::test

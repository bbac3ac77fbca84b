// Fuzz target: the browser side (evaluate_browser in corsproof/browser.hpp)
// on a structured exchange (fuzz/common/structured_input.hpp).
//
// Invariants of one decision (oracle protocol "Mode browser" and
// docs/protocol-decisions.md "Browser mode"):
// - deterministic, independent of the output buffer's previous bytes; a
//   buffer of browser_output_capacity bytes always holds the answer; views
//   point into the output buffer;
// - a non-ok status comes with a detail and nothing else; limit_exceeded
//   only beyond a documented bound (and every bound is checked before any
//   rule), missing_input only without a preflight response, invalid_input
//   exactly for a request origin that is no serialized origin or null;
// - forbidden-request exactly for a URL without "://" or scheme://host, or with
//   credentials, a non-token or forbidden method, a non-token header name,
//   or a value with NUL/CR/LF; then nothing else;
// - same origin exactly when the URL's origin is the request origin: no
//   preflight, no CORS check, every response header name but Set-Cookie(2);
// - needs_preflight exactly for a non-safelisted method, unsafe header names
//   or private network; the preflight method is the normalized method; its
//   Access-Control-Request-Headers is sorted, lower-case, unique, comma-only,
//   and names only headers the page set (or the UA's Accept), never a
//   forbidden one;
// - the outcome agrees with the errors: blocked-preflight exactly when the
//   preflight failed, blocked-response exactly when the CORS check failed;
//   a blocked exchange exposes nothing (exposed null) and has no max-age;
// - the CORS check on the response (and on the preflight, which is checked
//   first) is cors_check() of those headers; max-age is extract_max_age's
//   value or 5;
// - exposed names are sorted, lower-case, unique, never Set-Cookie(2),
//   always include the seven safelisted names, only name response headers,
//   and without Access-Control-Expose-Headers are exactly the seven;
// - a smaller buffer gives the same decision or output_too_small with nothing
//   else: never a partial answer, never another error.
#include <FuzzedDataProvider.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <corsproof/corsproof.hpp>

#include "check.hpp"
#include "output_buffer.hpp"
#include "structured_input.hpp"

namespace {

using namespace corsproof;

using buffer = corsproof_fuzz::output_buffer;

bool same_names(const header_name_set& a, const header_name_set& b) {
  if (a.count != b.count) return false;
  for (std::size_t i = 0; i < a.count; ++i)
    if (a.names[i] != b.names[i]) return false;
  return true;
}

bool same_decision(const browser_decision& a, const browser_decision& b) {
  return a.status == b.status && a.status_detail == b.status_detail && a.outcome == b.outcome &&
         a.detail == b.detail && a.same_origin == b.same_origin && a.needs_preflight == b.needs_preflight &&
         a.preflight_method == b.preflight_method &&
         a.has_preflight_request_headers == b.has_preflight_request_headers &&
         a.preflight_request_headers == b.preflight_request_headers &&
         a.preflight_private_network == b.preflight_private_network && a.preflight_ok == b.preflight_ok &&
         a.preflight_error == b.preflight_error && a.has_max_age == b.has_max_age && a.max_age == b.max_age &&
         a.cors_check_done == b.cors_check_done && a.cors_check_ok == b.cors_check_ok &&
         a.cors_check_error == b.cors_check_error && a.has_exposed == b.has_exposed &&
         same_names(a.exposed, b.exposed);
}

// A decision that carries only a status and its detail.
bool only_status(const browser_decision& d) {
  browser_decision blank;
  blank.status = d.status;
  blank.status_detail = d.status_detail;
  return same_decision(d, blank) && !d.status_detail.empty();
}

bool is_cors_check_error(browser_error e) {
  return e == browser_error::acao_missing || e == browser_error::acao_multiple ||
         e == browser_error::acao_wildcard_with_credentials || e == browser_error::acao_mismatch ||
         e == browser_error::acac_not_true;
}

bool is_lower(std::string_view s) {
  for (char ch : s)
    if (ch >= 'A' && ch <= 'Z') return false;
  return true;
}

bool names_a_header(const std::vector<corsproof_fuzz::header>& headers, std::string_view name) {
  for (const auto& h : headers)
    if (iequals(h.name, name)) return true;
  return false;
}

// "user@" in the URL's authority (between "://" and the first "/", "?", "#").
bool url_has_credentials(std::string_view url) {
  const std::size_t sep = url.find("://");
  if (sep == std::string_view::npos) return false;
  const std::string_view rest = url.substr(sep + 3);
  return rest.substr(0, rest.find_first_of("/?#")).find('@') != std::string_view::npos;
}

// docs/protocol-decisions.md "URL origin": whether fetch() refuses the URL
// (Request constructor steps 5.2-5.3) and, when not, its origin. An http(s),
// ws(s) or ftp URL is the URL Standard's to judge (parse_url,
// write_url_origin): refused when it does not parse or includes
// credentials; any other is refused without "scheme://host" or with "user@",
// and its origin is write_canonical_origin's.
struct url_verdict {
  bool refused = true;
  std::string origin;
  bool too_long = false;  // the serialization is over max_url_bytes: the core refuses (limit_exceeded)
};
url_verdict judge_url(std::string_view url) {
  std::string scheme;  // the scheme state's, for a URL the parser refuses
  std::size_t i = 0;
  while (i < url.size() && static_cast<unsigned char>(url[i]) <= 0x20) ++i;
  for (; i < url.size() && url[i] != ':'; ++i)
    if (url[i] != '\t' && url[i] != '\n' && url[i] != '\r')
      scheme += static_cast<char>(url[i] >= 'A' && url[i] <= 'Z' ? url[i] + 32 : url[i]);
  if (i == url.size()) scheme.clear();
  static const buffer parsed_text(max_url_bytes, '\0');
  const url_parse_result parsed = parse_url(url, nullptr, parsed_text.span());
  if (parsed.status == url_status::ok) scheme = std::string(parsed.url.scheme);
  if (parsed.status == url_status::too_long) return url_verdict{true, {}, true};
  const buffer origin(url.size() + max_origin_bytes, '\0');
  url_verdict v;
  if (scheme == "http" || scheme == "https" || scheme == "ws" || scheme == "wss" || scheme == "ftp") {
    if (parsed.status != url_status::ok || parsed.url.includes_credentials()) return v;
    v.origin.assign(origin.bytes.get(), write_url_origin(parsed.url, origin.span()));
  } else {
    if (url.find("://") == std::string_view::npos || url_has_credentials(url)) return v;
    v.origin.assign(origin.bytes.get(), write_canonical_origin(url, origin.span()));
  }
  v.refused = v.origin.empty();
  return v;
}

bool over_bounds(const corsproof_fuzz::browser_case& c) {
  auto big = [](const std::vector<corsproof_fuzz::header>& hs) {
    for (const auto& h : hs)
      if (h.name.size() > max_header_name_bytes || h.value.size() > max_header_value_bytes) return true;
    return false;
  };
  auto response_big = [&big](const std::vector<corsproof_fuzz::header>& hs) {
    std::size_t bytes = 0;
    for (const auto& h : hs) bytes += h.name.size() + h.value.size();
    return hs.size() > max_browser_response_headers || big(hs) || bytes > max_response_header_bytes;
  };
  return c.headers.size() > max_browser_request_headers || big(c.headers) ||
         (c.preflight_response && response_big(c.preflight_response->headers)) ||
         (c.response && response_big(c.response->headers));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider p(data, size);
  corsproof_fuzz::decoder in(p, corsproof_fuzz::case_shape);
  corsproof_fuzz::browser_case c;
  corsproof_fuzz::code_browser_case(in, c);
  std::uint64_t small = 0;
  in.choice(small, 600);
  const auto describe = [&] { return corsproof_fuzz::json_browser_case(c); };
  corsproof_fuzz::case_context ctx(describe);

  const std::vector<header_view> request_headers = corsproof_fuzz::views(c.headers);
  http_response preflight, response;
  if (c.preflight_response) preflight = {c.preflight_response->status, {}};
  if (c.response) response = {c.response->status, {}};
  const std::vector<header_view> preflight_headers =
      c.preflight_response ? corsproof_fuzz::views(c.preflight_response->headers) : std::vector<header_view>{};
  const std::vector<header_view> response_headers =
      c.response ? corsproof_fuzz::views(c.response->headers) : std::vector<header_view>{};
  preflight.headers = preflight_headers;
  response.headers = response_headers;
  browser_exchange ex;
  ex.request = {c.origin, c.url, c.method, request_headers, c.credentials, c.private_network};
  ex.preflight_response = c.preflight_response ? &preflight : nullptr;
  ex.response = c.response ? &response : nullptr;

  // Full-size buffers are allocated once: a fresh 16-64 KiB allocation per run
  // costs more than the evaluation. Different initial bytes catch an answer
  // that depends on what the buffer held.
  static const buffer out(browser_output_capacity, '\0');
  const browser_decision d = evaluate_browser(ex, out.span());
  {
    static const buffer out2(browser_output_capacity, '\xAA');
    FUZZ_CHECK(same_decision(d, evaluate_browser(ex, out2.span())),
               "evaluate_browser must be deterministic and not read its output buffer");
  }
  FUZZ_CHECK(d.status != eval_status::output_too_small,
             "a buffer of browser_output_capacity bytes always holds a browser answer (browser.hpp)");

  // Small buffers: the same decision, or output_too_small and nothing else.
  for (std::size_t n : {static_cast<std::size_t>(small), std::size_t{0}}) {
    const buffer tight(n, '\x55');
    const browser_decision t = evaluate_browser(ex, tight.span());
    if (t.status == eval_status::output_too_small) {
      FUZZ_CHECK(only_status(t), "output_too_small: no partial answer");
    } else {
      FUZZ_CHECK(same_decision(t, d), "a smaller buffer gives the same decision or output_too_small");
    }
  }

  if (d.status != eval_status::ok) {
    FUZZ_CHECK(only_status(d), "a non-ok status comes with its detail and nothing else");
    if (d.status == eval_status::limit_exceeded)
      FUZZ_CHECK(over_bounds(c) || c.headers.size() >= max_unsafe_header_names ||
                     (c.response && c.response->headers.size() + 7 > max_exposed_header_names) ||
                     c.url.size() > max_origin_bytes,  // the URL's scheme://host[:port] is an origin
                 "limit_exceeded only beyond a documented bound: " + std::string(d.status_detail));
    if (d.status == eval_status::missing_input) FUZZ_CHECK(!c.preflight_response, "missing_input: no preflight");
    if (d.status == eval_status::invalid_input)
      FUZZ_CHECK(!parse_well_formed_origin(c.origin).ok(),
                 "invalid_input only for a request origin that is not well formed");
    return 0;
  }
  FUZZ_CHECK(parse_well_formed_origin(c.origin).ok(),
             "a request origin that is not well formed (the URL Standard's origin serialization, or null) is "
             "invalid_input, never judged");
  // Bounds come before every rule (decisions page "Bounds"), so a forbidden
  // header before an oversized one does not hide the bound.
  FUZZ_CHECK(!over_bounds(c), "an exchange beyond the documented bounds must be refused (limit_exceeded)");

  // Forbidden requests (Fetch "Request constructor", "Headers"): a URL
  // fetch() refuses, a bad method, a bad header.
  const url_verdict url = judge_url(c.url);
  FUZZ_CHECK(!url.too_long, "a URL longer than 8192 bytes after parsing must be refused (limit_exceeded)");
  bool must_forbid = url.refused || !is_method(c.method) || is_forbidden_method(c.method);
  for (const auto& h : c.headers) {
    if (!is_token(h.name)) must_forbid = true;
    for (char ch : trim_http_whitespace(h.value))
      if (ch == '\0' || ch == '\r' || ch == '\n') must_forbid = true;
  }
  FUZZ_CHECK((d.outcome == browser_outcome::forbidden_request) == must_forbid,
             "forbidden-request exactly for a bad URL, a bad/forbidden method, a non-token name, NUL/CR/LF");
  if (must_forbid) {
    browser_decision blank;
    blank.outcome = d.outcome;
    blank.detail = d.detail;
    FUZZ_CHECK(same_decision(d, blank) && !d.detail.empty(), "forbidden-request: a detail and nothing else");
    return 0;
  }

  // Views.
  FUZZ_CHECK(out.holds(d.preflight_request_headers), "preflight_request_headers views the output buffer");
  // The seven CORS-safelisted response-header names are static storage
  // (browser.hpp: views point into `out`, the request, or static storage);
  // every other exposed name is copied, lower-cased, into the buffer.
  static constexpr std::string_view safelisted_seven[] = {
      "cache-control", "content-language", "content-length", "content-type", "expires", "last-modified", "pragma"};
  const auto is_safelisted_seven = [](std::string_view n) {
    return std::find(std::begin(safelisted_seven), std::end(safelisted_seven), n) != std::end(safelisted_seven);
  };
  for (std::string_view n : d.exposed.view())
    FUZZ_CHECK(out.holds(n) || is_safelisted_seven(n),
               "exposed names view the output buffer, or are one of the seven safelisted names");

  // Same origin.
  FUZZ_CHECK(d.same_origin == (url.origin == c.origin),
             "same origin exactly when the URL's origin is the request origin");
  if (d.same_origin) {
    FUZZ_CHECK(!d.needs_preflight && !d.cors_check_done && d.outcome == browser_outcome::allowed,
               "same origin: no preflight, no CORS check, allowed");
    FUZZ_CHECK(d.has_exposed == c.response.has_value(), "same origin: exposed exactly with a response");
    if (c.response) {
      std::size_t expected = 0;
      for (const auto& h : c.response->headers) {
        if (is_forbidden_response_header_name(h.name)) continue;
        bool found = false;
        for (std::string_view n : d.exposed.view()) found |= iequals(n, h.name);
        FUZZ_CHECK(found, "same origin exposes every response header name but Set-Cookie(2)");
        ++expected;
      }
      FUZZ_CHECK(d.exposed.count <= expected, "same origin exposes only response header names");
    }
  }

  // The preflight request.
  const std::string_view method = normalize_method(c.method);
  if (!d.same_origin)
    FUZZ_CHECK(d.needs_preflight ==
                   (!is_cors_safelisted_method(method) || d.has_preflight_request_headers || c.private_network),
               "needs_preflight exactly for a non-safelisted method, unsafe names or private network");
  if (d.needs_preflight) {
    FUZZ_CHECK(d.preflight_method == method, "the preflight sends the normalized method");
    FUZZ_CHECK(d.preflight_private_network == c.private_network, "preflight private_network");
    FUZZ_CHECK(d.has_preflight_request_headers == !d.preflight_request_headers.empty(),
               "Access-Control-Request-Headers present exactly when non-empty");
    std::string_view list = d.preflight_request_headers, previous;
    bool first = true;
    while (d.has_preflight_request_headers) {
      const std::size_t comma = list.find(',');
      const std::string_view name = list.substr(0, comma);
      FUZZ_CHECK(is_token(name) && is_lower(name), "ACRH elements are lower-case tokens, no spaces");
      FUZZ_CHECK(first || previous < name, "ACRH is sorted and unique");
      FUZZ_CHECK(names_a_header(c.headers, name) || name == "accept", "ACRH names only the request's headers");
      FUZZ_CHECK(!is_forbidden_request_header(name, ""), "ACRH never names a forbidden request header");
      previous = name;
      first = false;
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
  } else {
    FUZZ_CHECK(d.preflight_error == browser_error::none && !d.has_max_age && !d.has_preflight_request_headers,
               "no preflight, no preflight results");
  }

  // The preflight response.
  if (d.needs_preflight) {
    FUZZ_CHECK(c.preflight_response.has_value(), "a needed preflight without a response must be missing_input");
    FUZZ_CHECK(d.preflight_ok == (d.preflight_error == browser_error::none), "preflight ok exactly without error");
    const browser_error check = cors_check(preflight.headers, c.origin, c.credentials);
    if (check != browser_error::none) FUZZ_CHECK(d.preflight_error == check, "the preflight's CORS check comes first");
    if (is_cors_check_error(d.preflight_error)) FUZZ_CHECK(d.preflight_error == check, "preflight CORS check");
    if (d.preflight_error == browser_error::preflight_status)
      FUZZ_CHECK(preflight.status < 200 || preflight.status > 299, "preflight-status only for a non-ok status");
    if (check == browser_error::none && (preflight.status < 200 || preflight.status > 299))
      FUZZ_CHECK(d.preflight_error == browser_error::preflight_status, "a non-ok preflight status is an error");
    if (d.preflight_error == browser_error::private_network_not_allowed)
      FUZZ_CHECK(c.private_network, "private-network-not-allowed only when asked");
    FUZZ_CHECK(d.has_max_age == d.preflight_ok, "max-age exactly when the preflight passed");
    if (d.has_max_age) {
      const max_age_value age = extract_max_age(preflight.headers);
      FUZZ_CHECK(d.max_age == (age.status == max_age_status::ok ? age.seconds : 5), "max-age, 5 by default");
      FUZZ_CHECK(d.max_age <= max_age_saturation, "max-age saturates at 2^31");
    }
  }

  // Outcome, CORS check, exposed names.
  const bool preflight_passed = !d.needs_preflight || d.preflight_ok;
  FUZZ_CHECK((d.outcome == browser_outcome::blocked_preflight) == !preflight_passed,
             "blocked-preflight exactly when the preflight failed");
  FUZZ_CHECK(d.cors_check_done == (!d.same_origin && preflight_passed && c.response.has_value()),
             "the CORS check runs on the response exactly after a passed (or no) preflight");
  if (d.cors_check_done) {
    FUZZ_CHECK(d.cors_check_error == cors_check(response.headers, c.origin, c.credentials),
               "the response's CORS check is cors_check()");
    FUZZ_CHECK(d.cors_check_ok == (d.cors_check_error == browser_error::none), "cors_check ok exactly without error");
  }
  FUZZ_CHECK((d.outcome == browser_outcome::blocked_response) == (d.cors_check_done && !d.cors_check_ok),
             "blocked-response exactly when the CORS check failed");
  if (d.outcome != browser_outcome::allowed) FUZZ_CHECK(!d.has_exposed, "blocked => exposed null");
  if (d.outcome == browser_outcome::allowed)
    FUZZ_CHECK(d.has_exposed == c.response.has_value(), "allowed: exposed exactly with a response");
  if (d.has_exposed) {
    std::string_view previous;
    for (std::size_t i = 0; i < d.exposed.count; ++i) {
      const std::string_view n = d.exposed.names[i];
      FUZZ_CHECK(is_lower(n), "exposed names are lower-case");
      FUZZ_CHECK(i == 0 || previous < n, "exposed names are sorted and unique");
      FUZZ_CHECK(!is_forbidden_response_header_name(n), "Set-Cookie and Set-Cookie2 are never exposed");
      FUZZ_CHECK(is_cors_safelisted_response_header_name(n) || names_a_header(c.response->headers, n),
                 "exposed names name response headers");
      previous = n;
    }
    if (!d.same_origin) {
      std::size_t seven = 0;
      for (std::string_view n : d.exposed.view()) seven += is_cors_safelisted_response_header_name(n) ? 1 : 0;
      FUZZ_CHECK(seven == 7, "the seven CORS-safelisted response-header names are always exposed");
      if (count_headers(response.headers, "access-control-expose-headers") == 0)
        FUZZ_CHECK(d.exposed.count == 7, "without Access-Control-Expose-Headers only the seven");
    }
  }
  return 0;
}

// The client side of one exchange: Fetch "fetch" (request validation and
// the UA's Accept), "main fetch" (same origin, needs-preflight),
// "CORS-preflight fetch" (the preflight request and its checks), "CORS check",
// and "CORS filtered response" (exposed header names).
#include <array>

#include "browser_internal.hpp"
#include "corsproof/header_list_values.hpp"
#include "corsproof/method.hpp"
#include "corsproof/origin.hpp"

namespace corsproof {

using detail::equals_lower_literal;

std::string_view to_string(browser_error e) noexcept {
  switch (e) {
    case browser_error::none: return "";
    case browser_error::acao_missing: return "acao-missing";
    case browser_error::acao_multiple: return "acao-multiple";
    case browser_error::acao_wildcard_with_credentials: return "acao-wildcard-with-credentials";
    case browser_error::acao_mismatch: return "acao-mismatch";
    case browser_error::acac_not_true: return "acac-not-true";
    case browser_error::preflight_status: return "preflight-status";
    case browser_error::acam_invalid: return "acam-invalid";
    case browser_error::acah_invalid: return "acah-invalid";
    case browser_error::method_not_allowed: return "method-not-allowed";
    case browser_error::authorization_not_allowed: return "authorization-not-allowed";
    case browser_error::header_not_allowed: return "header-not-allowed";
    case browser_error::private_network_not_allowed: return "private-network-not-allowed";
  }
  return "?";
}

std::string_view to_string(browser_outcome o) noexcept {
  switch (o) {
    case browser_outcome::allowed: return "allowed";
    case browser_outcome::blocked_preflight: return "blocked-preflight";
    case browser_outcome::blocked_response: return "blocked-response";
    case browser_outcome::forbidden_request: return "forbidden-request";
  }
  return "?";
}

std::string_view to_string(credentials_mode c) noexcept {
  switch (c) {
    case credentials_mode::omit: return "omit";
    case credentials_mode::same_origin: return "same-origin";
    case credentials_mode::include: return "include";
  }
  return "?";
}

browser_error cors_check(header_list response_headers, std::string_view request_origin,
                         credentials_mode credentials) noexcept {
  constexpr std::string_view acao = "access-control-allow-origin";
  // Fetch "CORS check" step 1: origin = get(`Access-Control-Allow-Origin`)
  // (repeated values joined with ", ").
  const std::size_t n = count_headers(response_headers, acao);
  // Step 2: null -> failure.
  if (n == 0) return browser_error::acao_missing;
  const std::string_view first = trim_tab_or_space(find_header(response_headers, acao)->value);
  const bool include = credentials == credentials_mode::include;
  // Step 3: credentials mode not "include" and origin is `*` -> success.
  if (n == 1 && first == "*" && !include) return browser_error::none;
  // Step 4: origin must be the byte-serialized request origin. A
  // well-formed origin may contain a comma, so the combined value is
  // compared first; only a mismatch is named by its shape.
  if (!combined_value_equals(response_headers, acao, request_origin)) {
    if (n > 1 || first.find(',') != std::string_view::npos) return browser_error::acao_multiple;
    if (first == "*") return browser_error::acao_wildcard_with_credentials;
    return browser_error::acao_mismatch;
  }
  // Step 5: credentials mode not "include" -> success.
  if (!include) return browser_error::none;
  // Steps 6-7: get(`Access-Control-Allow-Credentials`) must be `true`.
  return allow_credentials_is_true(response_headers) ? browser_error::none : browser_error::acac_not_true;
}

namespace {

// The lists of a preflight response are bounded only by corsproof's header
// bounds, so the cursor's own limits are set beyond them.
constexpr list_limits response_list_limits{max_browser_response_headers * max_header_value_bytes,
                                           max_browser_response_headers * max_header_value_bytes};

bool list_contains_exact(header_list headers, std::string_view name, std::string_view item) noexcept {
  token_list_cursor c(headers, name, response_list_limits);
  std::string_view e;
  while (c.next(e))
    if (e == item) return true;
  return false;
}

bool list_contains_ci(header_list headers, std::string_view name, std::string_view item) noexcept {
  token_list_cursor c(headers, name, response_list_limits);
  std::string_view e;
  while (c.next(e))
    if (iequals(e, item)) return true;
  return false;
}

// The part of a request URL its origin comes from: "scheme://host[:port]",
// the authority ending at the first "/", "?" or "#" and its host starting
// after the last "@" (userinfo is not part of the origin). Read once per
// exchange.
struct url_authority {
  bool present = false;          // the URL has "://"
  std::size_t bytes = 0;         // of "scheme://host[:port]": the bound max_url_origin_bytes applies to it
  bool has_credentials = false;  // "@" in the authority (userinfo)
};

url_authority find_url_authority(std::string_view url) noexcept {
  url_authority a;
  const std::size_t sep = url.find("://");
  if (sep == std::string_view::npos) return a;
  const std::string_view rest = url.substr(sep + 3);
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  const std::size_t at = authority.rfind('@');
  a.present = true;
  a.has_credentials = at != std::string_view::npos;
  a.bytes = sep + 3 + (a.has_credentials ? authority.size() - at - 1 : authority.size());
  return a;
}

bool response_within_bounds(const http_response& r) noexcept {
  if (r.headers.size() > max_browser_response_headers) return false;
  for (const auto& h : r.headers)
    if (h.name.size() > max_header_name_bytes || h.value.size() > max_header_value_bytes) return false;
  return true;
}

// Fetch "CORS-preflight fetch" steps 7 onward, after the CORS check and the
// ok-status check, in the protocol's error order.
browser_error preflight_checks(const http_response& r, std::string_view method, header_list request_headers,
                               const header_name_set& unsafe, credentials_mode credentials,
                               bool private_network) noexcept {
  const bool include = credentials == credentials_mode::include;
  // Step 7.1: methods = extract header list values of ACAM; failure -> error.
  if (check_token_list(r.headers, "access-control-allow-methods", response_list_limits).status ==
      list_status::not_a_token)
    return browser_error::acam_invalid;
  // Step 7.2: headerNames = extract header list values of ACAH.
  if (check_token_list(r.headers, "access-control-allow-headers", response_list_limits).status ==
      list_status::not_a_token)
    return browser_error::acah_invalid;
  // Step 7.5: the method must be listed, safelisted, or covered by `*`
  // (only when credentials mode is not "include").
  if (!is_cors_safelisted_method(method) &&
      !list_contains_exact(r.headers, "access-control-allow-methods", method) &&
      !(!include && list_contains_exact(r.headers, "access-control-allow-methods", "*")))
    return browser_error::method_not_allowed;
  // Step 7.6: Authorization must be listed by name, `*` never covers it.
  if (find_header(request_headers, "authorization") != nullptr &&
      !list_contains_ci(r.headers, "access-control-allow-headers", "authorization"))
    return browser_error::authorization_not_allowed;
  // Step 7.7: every CORS-unsafe request-header name, in sorted order.
  const bool star = !include && list_contains_exact(r.headers, "access-control-allow-headers", "*");
  for (std::string_view name : unsafe.view())
    if (!star && !list_contains_ci(r.headers, "access-control-allow-headers", name))
      return browser_error::header_not_allowed;
  // Private Network Access (Chromium extension), checked last.
  if (private_network && !combined_value_equals(r.headers, "access-control-allow-private-network", "true"))
    return browser_error::private_network_not_allowed;
  return browser_error::none;
}

eval_status exposed_names(const http_response& r, credentials_mode credentials, bool same_origin,
                          header_name_set& out, detail::writer& w) noexcept {
  out.count = 0;
  auto add = [&](std::string_view name) noexcept {
    if (is_forbidden_response_header_name(name)) return eval_status::ok;
    return detail::insert_lowercase_sorted(out, max_exposed_header_names, name, w);
  };
  if (same_origin) {
    // Basic filtering: every name but Set-Cookie / Set-Cookie2.
    for (const auto& h : r.headers)
      if (const eval_status s = add(h.name); s != eval_status::ok) return s;
    return eval_status::ok;
  }
  // Fetch "CORS-safelisted response-header name": the seven, always.
  for (std::string_view n : {"cache-control", "content-language", "content-length", "content-type", "expires",
                             "last-modified", "pragma"})
    if (const eval_status s = add(n); s != eval_status::ok) return s;
  // Fetch "main fetch": headerNames = extract header list values of ACEH.
  const list_check aceh = check_token_list(r.headers, "access-control-expose-headers", response_list_limits);
  if (aceh.status != list_status::ok) return eval_status::ok;  // absent or failure: nothing more
  const bool star = credentials != credentials_mode::include &&
                    list_contains_exact(r.headers, "access-control-expose-headers", "*");
  for (const auto& h : r.headers) {
    if (star || list_contains_ci(r.headers, "access-control-expose-headers", h.name))
      if (const eval_status s = add(h.name); s != eval_status::ok) return s;
  }
  return eval_status::ok;
}

}  // namespace

browser_decision evaluate_browser(const browser_exchange& ex, std::span<char> out) noexcept {
  browser_decision d;
  detail::writer w(out);
  const browser_request& req = ex.request;
  auto fail = [&d](eval_status s, std::string_view why) noexcept -> browser_decision& {
    const browser_decision keep_none{};
    d = keep_none;
    d.status = s;
    d.status_detail = why;
    return d;
  };
  auto forbidden = [&d](std::string_view why) noexcept -> browser_decision& {
    d.outcome = browser_outcome::forbidden_request;
    d.detail = why;
    return d;
  };

  // docs/protocol-decisions.md "Browser mode / Request origin": the request's
  // origin is "null" or exactly what the URL Standard's origin serialization
  // produces (a browser never sends anything else); any other text makes the
  // case invalid (bad-case), before anything is judged.
  if (!parse_well_formed_origin(req.origin).ok())
    return fail(eval_status::invalid_input,
                "request.origin is not a serialized origin (scheme://host[:port] as browsers serialize it) or null");

  // docs/protocol-decisions.md "Bounds": every bound is checked before any
  // rule, so the verdict never depends on the order of the inputs.
  if (req.headers.size() > max_browser_request_headers)
    return fail(eval_status::limit_exceeded, "more than 256 request headers");
  for (const auto& h : req.headers)
    if (h.name.size() > max_header_name_bytes || h.value.size() > max_header_value_bytes)
      return fail(eval_status::limit_exceeded, "a request header name over 256 bytes or value over 8192 bytes");
  if ((ex.preflight_response && !response_within_bounds(*ex.preflight_response)) ||
      (ex.response && !response_within_bounds(*ex.response)))
    return fail(eval_status::limit_exceeded,
                "a response has more than 256 headers, a name over 256 bytes or a value over 8192 bytes");
  const url_authority url = find_url_authority(req.url);
  if (url.bytes > max_url_origin_bytes)
    return fail(eval_status::limit_exceeded, "the URL's scheme://host[:port] is longer than 1024 bytes");

  // Fetch "Request constructor" steps 5.2-5.3: the URL must parse and must
  // not include credentials, else TypeError. (write_canonical_origin would
  // spell the text "null" as itself: no "://", no URL.)
  if (!url.present) return forbidden("the URL is not an absolute scheme://host URL");
  if (url.has_credentials) return forbidden("the URL includes credentials (user@)");
  // The URL's origin is compared in a local buffer, never the caller's: the
  // answer never holds it.
  std::array<char, max_origin_bytes + 16> url_origin_buffer;
  const std::size_t url_len = write_canonical_origin(req.url, url_origin_buffer);
  if (url_len == 0) return forbidden("the URL is not an absolute scheme://host URL");
  const std::string_view url_origin(url_origin_buffer.data(), url_len);
  // Steps 25.2-25.3: the method must be a method and not forbidden.
  if (!is_method(req.method)) return forbidden("the method is not a token");
  if (is_forbidden_method(req.method)) return forbidden("the method is forbidden (CONNECT, TRACE, TRACK)");
  const std::string_view method = normalize_method(req.method);

  // Fetch "Headers": validate and normalize each pair; drop forbidden pairs.
  std::array<header_view, max_browser_request_headers + 1> list;
  std::size_t n = 0;
  bool has_accept = false;
  for (const auto& h : req.headers) {
    if (!is_token(h.name)) return forbidden("a request header name is not a token");
    const std::string_view value = trim_http_whitespace(h.value);
    for (char c : value)
      if (c == '\0' || c == '\r' || c == '\n') return forbidden("a request header value contains NUL, CR or LF");
    if (is_forbidden_request_header(h.name, value)) continue;
    if (equals_lower_literal(h.name, "accept")) has_accept = true;
    list[n++] = header_view{h.name, value};
  }
  // Fetch "fetch": the UA appends `Accept: */*` when there is none.
  if (!has_accept) list[n++] = header_view{"Accept", "*/*"};
  const header_list headers(list.data(), n);

  // Same origin (Fetch "main fetch"): no preflight, no CORS check.
  if (url_origin == req.origin) {
    d.same_origin = true;
    if (ex.response) {
      d.has_exposed = true;
      if (const eval_status s = exposed_names(*ex.response, req.credentials, true, d.exposed, w); s != eval_status::ok)
        return fail(s, "more than 128 response header names");
    }
    return d;
  }

  // Fetch "HTTP fetch": a preflight is needed when the method is not
  // CORS-safelisted or there are CORS-unsafe request-header names.
  header_name_set unsafe;
  if (const eval_status s = detail::unsafe_names_into(headers, unsafe, w); s != eval_status::ok)
    return fail(s, "more than 64 CORS-unsafe request-header names");
  d.needs_preflight = !is_cors_safelisted_method(method) || unsafe.count > 0 || req.private_network;

  if (d.needs_preflight) {
    // "CORS-preflight fetch" steps 1-5: the request the browser sends.
    d.preflight_method = method;
    d.preflight_private_network = req.private_network;
    if (unsafe.count > 0) {
      const std::size_t m = w.mark();
      for (std::size_t i = 0; i < unsafe.count; ++i) {
        if (i) w.put(",");  // a bare comma: header-list "combine" is not used
        w.put(unsafe.names[i]);
      }
      d.has_preflight_request_headers = true;
      d.preflight_request_headers = w.since(m);
    }
    if (ex.preflight_response == nullptr)
      return fail(eval_status::missing_input, "a preflight is needed but no preflight_response was given");
    const http_response& pr = *ex.preflight_response;
    // Step 7: the CORS check (with the request's credentials mode), then an
    // ok status (200-299).
    d.preflight_error = cors_check(pr.headers, req.origin, req.credentials);
    if (d.preflight_error == browser_error::none && (pr.status < 200 || pr.status > 299))
      d.preflight_error = browser_error::preflight_status;
    if (d.preflight_error == browser_error::none)
      d.preflight_error = preflight_checks(pr, method, headers, unsafe, req.credentials, req.private_network);
    d.preflight_ok = d.preflight_error == browser_error::none;
    if (!d.preflight_ok) {
      d.outcome = browser_outcome::blocked_preflight;
      return w.overflow() ? fail(eval_status::output_too_small, "output buffer too small") : d;
    }
    // Step 7.8: max-age, 5 when absent or invalid.
    const max_age_value age = extract_max_age(pr.headers);
    d.has_max_age = true;
    d.max_age = age.status == max_age_status::ok ? age.seconds : 5;
  }

  if (ex.response != nullptr) {
    d.cors_check_done = true;
    d.cors_check_error = cors_check(ex.response->headers, req.origin, req.credentials);
    d.cors_check_ok = d.cors_check_error == browser_error::none;
    if (!d.cors_check_ok) {
      d.outcome = browser_outcome::blocked_response;
      return w.overflow() ? fail(eval_status::output_too_small, "output buffer too small") : d;
    }
    d.has_exposed = true;
    if (const eval_status s = exposed_names(*ex.response, req.credentials, false, d.exposed, w); s != eval_status::ok)
      return fail(s, s == eval_status::limit_exceeded ? "more than 128 exposed header names" : "output buffer too small");
  }
  d.outcome = browser_outcome::allowed;
  return w.overflow() ? fail(eval_status::output_too_small, "output buffer too small") : d;
}

}  // namespace corsproof

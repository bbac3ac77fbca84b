// One fetch() through a redirect chain: the Fetch Standard's "main fetch"
// (§4.1), "HTTP fetch" (§4.4), "HTTP-redirect fetch" (§4.5) and
// "CORS-preflight fetch" (§4.8), whatwg/fetch 586cd2a4, run hop after hop
// (the Standard recurses: HTTP-redirect fetch calls main fetch for the next
// hop, and a network error returns through every earlier main fetch; here
// the same order of steps is a loop). The single-exchange rules are
// browser.cpp's (browser_internal.hpp); the cache is preflight_cache.cpp's,
// the URL parser url.cpp's. See corsproof/redirect.hpp.
#include "corsproof/redirect.hpp"

#include <array>

#include "browser_hop.hpp"
#include "browser_internal.hpp"
#include "corsproof/header_list_values.hpp"
#include "corsproof/method.hpp"
#include "corsproof/origin.hpp"

namespace corsproof {

using detail::equals_lower_literal;

std::string_view to_string(redirect_mode m) noexcept {
  switch (m) {
    case redirect_mode::follow: return "follow";
    case redirect_mode::error: return "error";
    case redirect_mode::manual: return "manual";
  }
  return "?";
}

std::string_view to_string(response_tainting t) noexcept {
  return t == response_tainting::basic ? "basic" : "cors";
}

std::string_view to_string(chain_outcome o) noexcept {
  switch (o) {
    case chain_outcome::allowed: return "allowed";
    case chain_outcome::blocked_preflight: return "blocked-preflight";
    case chain_outcome::blocked_response: return "blocked-response";
    case chain_outcome::blocked_redirect: return "blocked-redirect";
    case chain_outcome::opaque_redirect: return "opaque-redirect";
    case chain_outcome::incomplete: return "incomplete";
    case chain_outcome::forbidden_request: return "forbidden-request";
  }
  return "?";
}

std::string_view to_string(redirect_error e) noexcept {
  switch (e) {
    case redirect_error::none: return "";
    case redirect_error::disallowed: return "redirect-disallowed";
    case redirect_error::location_invalid: return "redirect-location-invalid";
    case redirect_error::scheme: return "redirect-scheme";
    case redirect_error::limit: return "redirect-limit";
    case redirect_error::credentials: return "redirect-credentials";
  }
  return "?";
}

std::string_view to_string(cache_verdict v) noexcept {
  switch (v) {
    case cache_verdict::miss: return "miss";
    case cache_verdict::partial: return "partial";
    case cache_verdict::hit: return "hit";
  }
  return "?";
}

std::string_view to_string(needed_input n) noexcept {
  return n == needed_input::response ? "response" : "preflight_response";
}

std::string_view to_string(response_type t) noexcept {
  switch (t) {
    case response_type::basic: return "basic";
    case response_type::cors: return "cors";
    case response_type::opaqueredirect: return "opaqueredirect";
  }
  return "?";
}

bool redirect_rewrites_method(int status, std::string_view method) noexcept {
  return ((status == 301 || status == 302) && method == "POST") ||
         (status == 303 && method != "GET" && method != "HEAD");
}

bool is_request_body_header_name(std::string_view name) noexcept {
  return equals_lower_literal(name, "content-encoding") || equals_lower_literal(name, "content-language") ||
         equals_lower_literal(name, "content-location") || equals_lower_literal(name, "content-type");
}

namespace {

// HTML "same origin" on serialized origins: tuple origins are same origin
// when their serializations are equal; every opaque origin (`null`) met
// here is a fresh one, same origin with nothing.
bool same_origin(std::string_view a, std::string_view b) noexcept { return a != "null" && b != "null" && a == b; }

// The names a redirect deleted (HTTP-redirect fetch steps 12-13), as a set
// over the five possible ones, written in sorted order.
enum removed_bit : unsigned {
  removed_authorization = 1,
  removed_content_encoding = 2,
  removed_content_language = 4,
  removed_content_location = 8,
  removed_content_type = 16,
};
removed_header_names removed_names(unsigned bits) noexcept {
  static constexpr std::array<std::string_view, 5> sorted = {"authorization", "content-encoding", "content-language",
                                                             "content-location", "content-type"};
  removed_header_names r;
  for (std::size_t i = 0; i < sorted.size(); ++i)
    if (bits & (1U << i)) r.names[r.count++] = sorted[i];
  return r;
}
unsigned removed_bit_of(std::string_view name) noexcept {
  if (equals_lower_literal(name, "authorization")) return removed_authorization;
  if (equals_lower_literal(name, "content-encoding")) return removed_content_encoding;
  if (equals_lower_literal(name, "content-language")) return removed_content_language;
  if (equals_lower_literal(name, "content-location")) return removed_content_location;
  if (equals_lower_literal(name, "content-type")) return removed_content_type;
  return 0;
}

// The request as it moves from hop to hop (Fetch §2.2.5 "request": method,
// header list, URL list, response tainting, redirect count; the origin,
// credentials and redirect modes never change).
struct moving_request {
  moving_request() noexcept {}  // NOLINT: `list` deliberately uninitialized ([0, count) is read)
  std::string_view method;
  union {
    header_view list[max_browser_request_headers + 1];
  };
  std::size_t count = 0;
  [[nodiscard]] header_list headers() const noexcept { return {list, count}; }
  // Fetch header list "delete": every header named as `matches` says.
  template <class Matches>
  unsigned delete_headers(Matches matches) noexcept {
    unsigned bits = 0;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < count; ++i) {
      if (matches(list[i].name)) {
        bits |= removed_bit_of(list[i].name);
      } else {
        list[kept++] = list[i];
      }
    }
    count = kept;
    return bits;
  }
};

// A serialized origin of at most a URL's length, in local storage.
struct origin_buffer {
  std::array<char, max_url_bytes + 16> bytes;
  std::string_view view;
};

}  // namespace

void evaluate_chain(const chain_request& cr, std::span<const chain_hop> given_hops, preflight_cache* cache, double now,
                    chain_decision& d, std::span<char> out) noexcept {
  // Only the scalar fields and counts are reset: hop records are written
  // whole as hops are made.
  d.status = eval_status::ok;
  d.status_detail = {};
  d.outcome = chain_outcome::allowed;
  d.detail = {};
  d.needs_preflight = false;
  d.preflight = hop_preflight{};
  d.cors_check_done = d.cors_check_ok = false;
  d.cors_check_error = browser_error::none;
  d.has_exposed = false;
  d.exposed.count = 0;
  d.has_error_hop = d.has_needs = d.has_final = false;
  d.error_hop = 0;
  d.hop_count = 0;

  detail::writer w(out);
  const browser_request& req = cr.request;
  const std::span<const chain_hop> hops = given_hops.first(std::min(given_hops.size(), max_chain_hops));
  auto refuse = [&d](eval_status s, std::string_view why) noexcept {
    d.status = s;
    d.status_detail = why;
    d.hop_count = 0;
  };

  // As evaluate_browser: the request origin first (bad-case), then every
  // bound before any rule.
  if (!parse_well_formed_origin(req.origin).ok())
    return refuse(eval_status::invalid_input, detail::request_origin_not_serialized_message);
  if (const std::string_view why = detail::request_beyond_bounds(req); !why.empty())
    return refuse(eval_status::limit_exceeded, why);
  if (req.url.size() > max_url_bytes) return refuse(eval_status::limit_exceeded, "the URL is longer than 8192 bytes");
  for (const chain_hop& h : hops) {
    if ((h.preflight_response && !response_headers_within_bounds(h.preflight_response->headers)) ||
        (h.response && !response_headers_within_bounds(h.response->headers)))
      return refuse(eval_status::limit_exceeded, detail::response_beyond_bounds_message);
    if (h.has_url && h.url.size() > max_url_bytes)
      return refuse(eval_status::limit_exceeded, "a hop's url is longer than 8192 bytes");
  }

  // The Request constructor and "fetch", as evaluate_browser runs them; a
  // refusal is forbidden-request with no hop made.
  auto forbidden = [&d](std::string_view why) noexcept {
    d.outcome = chain_outcome::forbidden_request;
    d.detail = why;
    d.hop_count = 0;
  };
  origin_buffer origins[2];
  const detail::request_url_origin url_origin = detail::read_request_url_origin(req.url, origins[0].bytes);
  if (url_origin.status != eval_status::ok) return refuse(url_origin.status, url_origin.why);
  if (!url_origin.why.empty()) return forbidden(url_origin.why);
  // Hop 0's origin is v1's "URL origin" (docs/protocol-decisions.md: the
  // URL Standard's for http(s), ws(s) and ftp URLs); the URL Standard parses
  // the URL for the URL list too (Request constructor step 5.1; a URL it
  // refuses is forbidden here, step 5.2).
  origins[0].view = url_origin.origin;
  url_parse_result current = parse_url(req.url, nullptr, w.remaining());
  if (current.status == url_status::too_long) return refuse(eval_status::limit_exceeded, "the URL is longer than 8192 bytes after parsing");
  if (current.status == url_status::output_too_small) return refuse(eval_status::output_too_small, "output buffer too small");
  if (current.status != url_status::ok) return forbidden("the URL does not parse (URL Standard)");
  w.claim(current.url.href.size());
  moving_request r;
  if (const std::string_view why = detail::normalize_request(req, r.method, r.list, r.count); !why.empty())
    return forbidden(why);

  const std::string_view page_origin = req.origin;
  const bool include = req.credentials == credentials_mode::include;
  std::size_t current_origin = 0;  // index into origins
  bool tainted = false;            // Fetch "redirect-taint" is not "same-origin"
  response_tainting tainting = response_tainting::basic;
  std::size_t redirect_count = 0;
  unsigned removed_before_hop = 0;
  bool took_preflight_branch = false;
  std::array<char, max_unsafe_header_names * max_header_name_bytes> unsafe_storage;

  enum class end { response, network_error, opaque_redirect, incomplete };
  end ending = end::response;
  chain_outcome failure = chain_outcome::allowed;
  needed_input needed = needed_input::response;
  const http_response* final_response = nullptr;

  for (;;) {
    // ---- main fetch for hop k ---------------------------------------------------
    const std::size_t k = d.hop_count++;
    chain_hop_record& hop = d.hops[k];
    hop = chain_hop_record{};
    hop.url = current.url.href_without_fragment();
    hop.method = r.method;
    hop.removed_headers = removed_names(removed_before_hop);
    const chain_hop* given = k < hops.size() ? &hops[k] : nullptr;

    // Protocol: a given hops[i].url must be the URL this hop requests (URL
    // equality, fragments excluded), else the case is bad.
    if (given != nullptr && given->has_url) {
      std::array<char, max_url_bytes> expected_buffer;
      const url_parse_result expected = parse_url(given->url, nullptr, expected_buffer);
      if (expected.status == url_status::too_long)
        return refuse(eval_status::limit_exceeded, "a hop's url is longer than 8192 bytes after parsing");
      if (expected.status != url_status::ok || !equal_excluding_fragments(expected.url, current.url))
        return refuse(eval_status::invalid_input, "a hop's url is not the URL the fetch requests");
    }

    // Main fetch step 12: same origin and still basic -> basic (scheme
    // fetch, no CORS); otherwise mode "cors": tainting "cors", through the
    // preflight branch when the method is not CORS-safelisted or there are
    // CORS-unsafe request-header names (or private network, corsproof's
    // extension), the CORS branch otherwise.
    const std::string_view serialized_origin = tainted ? std::string_view("null") : page_origin;
    detail::unsafe_name_list unsafe;
    bool preflight_branch = false;
    if (!(same_origin(origins[current_origin].view, page_origin) && tainting == response_tainting::basic)) {
      tainting = response_tainting::cors;
      detail::writer scratch(unsafe_storage);
      if (const eval_status s = detail::unsafe_names_into(r.headers(), unsafe, scratch); s != eval_status::ok)
        return refuse(s, s == eval_status::limit_exceeded ? "more than 64 CORS-unsafe request-header names"
                                                          : "output buffer too small");
      preflight_branch = !is_cors_safelisted_method(r.method) || unsafe.count > 0 || req.private_network;
    }
    hop.tainting = tainting;
    // HTTP-network-or-cache fetch: credentials when "include", or
    // "same-origin" while basic; "append a request `Origin` header": on a
    // CORS request, and on another method than GET or HEAD.
    hop.credentials_sent =
        include || (req.credentials == credentials_mode::same_origin && tainting == response_tainting::basic);
    if (tainting == response_tainting::cors || (r.method != "GET" && r.method != "HEAD")) {
      hop.has_origin_header = true;
      hop.origin_header = serialized_origin;
    }
    const cache_request cache_key{serialized_origin, current.url.href, include};

    if (preflight_branch) {
      took_preflight_branch = true;
      hop.needs_preflight = true;
      hop_preflight& p = hop.preflight;
      // CORS-preflight fetch steps 3-5: what the preflight asks for.
      p.method = r.method;
      p.private_network = req.private_network;
      if (unsafe.count > 0) {
        const std::size_t mark = w.mark();
        detail::write_request_headers_value(unsafe, w);
        p.has_request_headers = true;
        p.request_headers = w.since(mark);
      }
      // HTTP fetch step 4.1: a preflight unless the cache has a method
      // match (or the method is CORS-safelisted) and a header-name match
      // for every CORS-unsafe name. The Fetch cache keeps no private-network
      // answer: that extension always sends it.
      const bool safelisted = is_cors_safelisted_method(r.method);
      bool method_held = false, header_missing = unsafe.count > 0;
      std::size_t held = 0;
      if (cache != nullptr) {
        method_held = cache->method_match(cache_key, r.method, now);
        if (!safelisted && method_held) ++held;
        header_missing = false;
        for (std::string_view name : unsafe.view()) {
          if (cache->header_name_match(cache_key, name, now)) {
            ++held;
          } else {
            header_missing = true;
          }
        }
      }
      const bool send = (!method_held && !safelisted) || header_missing || req.private_network;
      p.cache = !send ? cache_verdict::hit : held > 0 ? cache_verdict::partial : cache_verdict::miss;
      p.ok = !send;
      if (send) {
        if (given == nullptr || given->preflight_response == nullptr) {
          ending = end::incomplete;
          needed = needed_input::preflight_response;
          break;
        }
        const http_response& pr = *given->preflight_response;
        p.error = detail::judge_preflight_response(pr, serialized_origin, r.method, unsafe, req.credentials,
                                                   req.private_network, p.max_age);
        p.ok = p.error == browser_error::none;
        if (!p.ok) {
          ending = end::network_error;
          failure = chain_outcome::blocked_preflight;
          break;
        }
        p.has_max_age = true;
        // Steps 7.11-7.15: the cache is written.
        if (cache != nullptr && cache->store(cache_key, pr.headers, p.max_age, now) != eval_status::ok)
          return refuse(eval_status::limit_exceeded, "the CORS-preflight cache is full (4096 entries or 4 MiB)");
      }
    }

    // HTTP-network-or-cache fetch: the hop's response.
    if (given == nullptr || given->response == nullptr) {
      ending = end::incomplete;
      needed = needed_input::response;
      break;
    }
    const http_response& response = *given->response;
    hop.has_status = true;
    hop.status = response.status;
    hop.is_redirect = is_redirect_status(response.status);

    // HTTP fetch step 4.4: the CORS check of a CORS response, whatever its
    // status.
    if (tainting == response_tainting::cors) {
      hop.cors_check_done = true;
      hop.cors_check_error = detail::response_cors_check(response, serialized_origin, req.credentials);
      hop.cors_check_ok = hop.cors_check_error == browser_error::none;
      if (!hop.cors_check_ok) {
        ending = end::network_error;
        failure = chain_outcome::blocked_response;
        break;
      }
    }

    if (!hop.is_redirect) {
      final_response = &response;
      break;
    }
    // HTTP fetch step 6.3: the redirect mode.
    if (cr.redirect == redirect_mode::error) {
      hop.redirect.error = redirect_error::disallowed;
      ending = end::network_error;
      failure = chain_outcome::blocked_redirect;
      break;
    }
    if (cr.redirect == redirect_mode::manual) {
      ending = end::opaque_redirect;
      break;
    }

    // ---- HTTP-redirect fetch ------------------------------------------------------
    // Step 3: the location URL given the request's fragment (Fetch
    // "location URL": `Location` is a single-header field, so two of them
    // are failure; absent is null: the 3xx is the response).
    const std::size_t locations = count_headers(response.headers, "location");
    if (locations == 0) {
      final_response = &response;
      break;
    }
    auto redirect_fails = [&](redirect_error e) noexcept {
      hop.redirect.error = e;
      ending = end::network_error;
      failure = chain_outcome::blocked_redirect;
    };
    if (locations > 1) {
      redirect_fails(redirect_error::location_invalid);
      break;
    }
    const std::string_view value = trim_tab_or_space(find_header(response.headers, "location")->value);
    url_parse_result location = parse_url(value, &current.url, w.remaining());
    if (location.status == url_status::too_long)
      return refuse(eval_status::limit_exceeded, "a location URL is longer than 8192 bytes");
    if (location.status == url_status::output_too_small)
      return refuse(eval_status::output_too_small, "output buffer too small");
    if (location.status != url_status::ok) {
      redirect_fails(redirect_error::location_invalid);  // step 5
      break;
    }
    if (current.url.has_fragment) {
      const url_status s = set_fragment_if_none(location.url, current.url.fragment, w.remaining());
      if (s == url_status::too_long) return refuse(eval_status::limit_exceeded, "a location URL is longer than 8192 bytes");
      if (s != url_status::ok) return refuse(eval_status::output_too_small, "output buffer too small");
    }
    w.claim(location.url.href.size());
    hop.redirect.has_location = true;
    hop.redirect.location = location.url.href;
    const std::size_t next_origin = 1 - current_origin;
    origin_buffer& lo = origins[next_origin];
    lo.view = std::string_view(lo.bytes.data(), write_url_origin(location.url, lo.bytes));
    // Step 6: an HTTP(S) scheme.
    if (location.url.scheme != "http" && location.url.scheme != "https") {
      redirect_fails(redirect_error::scheme);
      break;
    }
    // Steps 7-8: the redirect count.
    if (redirect_count == max_redirects) {
      redirect_fails(redirect_error::limit);
      break;
    }
    ++redirect_count;
    // Step 9: mode "cors", credentials in the location, and the location is
    // cross-origin to the request's origin. Step 10: credentials in the
    // location once the tainting is "cors".
    if (location.url.includes_credentials() &&
        (!same_origin(page_origin, lo.view) || tainting == response_tainting::cors)) {
      redirect_fails(redirect_error::credentials);
      break;
    }
    // Step 12: 301/302 POST, 303 non-GET/HEAD: GET, and the request-body
    // headers deleted.
    unsigned removed = 0;
    if (redirect_rewrites_method(response.status, r.method)) {
      r.method = "GET";
      removed |= r.delete_headers([](std::string_view n) noexcept { return is_request_body_header_name(n); });
    }
    // Step 13: a cross-origin redirect deletes Authorization (the CORS
    // non-wildcard request-header name).
    if (!same_origin(origins[current_origin].view, lo.view))
      removed |= r.delete_headers([](std::string_view n) noexcept { return is_cors_non_wildcard_request_header_name(n); });
    // Step 18: append the location to the URL list. Fetch "redirect-taint":
    // the pair (current, location) taints when the location is not same
    // origin with the current URL and the request's origin is not same
    // origin with the current URL; once tainted, always.
    if (!same_origin(lo.view, origins[current_origin].view) && !same_origin(page_origin, origins[current_origin].view))
      tainted = true;
    hop.redirect.followed = true;
    removed_before_hop = removed;
    current = location;
    current_origin = next_origin;
  }

  // ---- the answer -------------------------------------------------------------------
  const std::size_t k = d.hop_count - 1;
  const chain_hop_record& last = d.hops[k];
  switch (ending) {
    case end::response:
      d.outcome = chain_outcome::allowed;
      d.has_final = true;
      d.final_response = chain_final{last.url, redirect_count, final_response->status,
                                     tainting == response_tainting::cors ? response_type::cors : response_type::basic};
      d.has_exposed = true;
      if (const eval_status s = detail::exposed_names(*final_response, req.credentials,
                                                      tainting == response_tainting::basic, d.exposed, w);
          s != eval_status::ok)
        return refuse(s, s == eval_status::limit_exceeded ? "more than 128 exposed header names" : "output buffer too small");
      break;
    case end::opaque_redirect:
      // An opaque-redirect filtered response: status 0, no headers.
      d.outcome = chain_outcome::opaque_redirect;
      d.has_final = true;
      d.final_response = chain_final{last.url, redirect_count, 0, response_type::opaqueredirect};
      d.has_exposed = true;
      break;
    case end::incomplete:
      d.outcome = chain_outcome::incomplete;
      d.detail = needed == needed_input::response ? "a hop's response is not given"
                                                  : "a hop's preflight_response is not given";
      d.has_needs = true;
      d.needs = chain_needs{k, needed, last.url};
      break;
    case end::network_error:
      d.outcome = failure;
      d.detail = failure == chain_outcome::blocked_preflight  ? "the preflight failed"
                 : failure == chain_outcome::blocked_response ? "the CORS check failed"
                                                              : "a redirect step failed";
      d.has_error_hop = true;
      d.error_hop = k;
      // Main fetch step 12: a network error on the preflight branch "clears
      // cache entries using request" — the request as it is when the error
      // returns through that main fetch: its current URL is the last of the
      // chain, its origin serialized over the whole URL list.
      if (took_preflight_branch && cache != nullptr)
        cache->clear_entries(cache_request{tainted ? std::string_view("null") : page_origin, current.url.href, include});
      break;
  }
  // The v1 fields describe the last hop made.
  d.needs_preflight = last.needs_preflight;
  d.preflight = last.preflight;
  d.cors_check_done = last.cors_check_done;
  d.cors_check_ok = last.cors_check_ok;
  d.cors_check_error = last.cors_check_error;
  if (w.overflow()) refuse(eval_status::output_too_small, "output buffer too small");
}

}  // namespace corsproof

// The C API: a thin wrapper that converts C structs to the core's views and
// back. No CORS logic lives here.
#include "corsproof.h"

#include <array>
#include <cmath>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <tuple>

#include "corsproof/audit.hpp"
#include "corsproof/corsproof.hpp"
#include "corsproof/policy_json.hpp"

struct corsproof_policy {
  corsproof::policy compiled;
};

// corsproof.h restates the core's constants for C; they must stay equal.
static_assert(CORSPROOF_SERVER_OUTPUT_CAPACITY == corsproof::server_output_capacity);
static_assert(CORSPROOF_BROWSER_OUTPUT_CAPACITY == corsproof::browser_output_capacity);
static_assert(CORSPROOF_MAX_SERVER_HEADERS == corsproof::max_cors_response_headers);
static_assert(sizeof(corsproof_server_result::headers) / sizeof(corsproof_header) ==
              corsproof::max_cors_response_headers);
static_assert(CORSPROOF_MAX_EXPOSED_HEADERS == corsproof::max_exposed_header_names);
static_assert(sizeof(corsproof_browser_result::exposed) / sizeof(corsproof_header) ==
              corsproof::max_exposed_header_names);
static_assert(sizeof(corsproof_audit_result::findings) / sizeof(corsproof_audit_finding) ==
              CORSPROOF_MAX_AUDIT_FINDINGS);
static_assert(CORSPROOF_NOT_CORS == static_cast<int>(corsproof::request_kind::not_cors));
static_assert(CORSPROOF_ACTUAL == static_cast<int>(corsproof::request_kind::actual));
static_assert(CORSPROOF_PREFLIGHT == static_cast<int>(corsproof::request_kind::preflight));
static_assert(CORSPROOF_CREDENTIALS_OMIT == static_cast<int>(corsproof::credentials_mode::omit));
static_assert(CORSPROOF_CREDENTIALS_SAME_ORIGIN == static_cast<int>(corsproof::credentials_mode::same_origin));
static_assert(CORSPROOF_CREDENTIALS_INCLUDE == static_cast<int>(corsproof::credentials_mode::include));
static_assert(CORSPROOF_SEVERITY_ERROR == static_cast<int>(corsproof::audit::severity::error));
static_assert(CORSPROOF_SEVERITY_WARNING == static_cast<int>(corsproof::audit::severity::warning));
static_assert(CORSPROOF_MAX_CHAIN_HOPS == corsproof::max_chain_hops);
static_assert(CORSPROOF_CHAIN_OUTPUT_CAPACITY == corsproof::chain_output_capacity);
static_assert(CORSPROOF_MAX_REMOVED_HEADERS == std::tuple_size_v<decltype(corsproof::removed_header_names::names)>);
static_assert(CORSPROOF_MAX_CACHE_ENTRIES == corsproof::max_preflight_cache_entries);
static_assert(CORSPROOF_REDIRECT_FOLLOW == static_cast<int>(corsproof::redirect_mode::follow));
static_assert(CORSPROOF_REDIRECT_ERROR == static_cast<int>(corsproof::redirect_mode::error));
static_assert(CORSPROOF_REDIRECT_MANUAL == static_cast<int>(corsproof::redirect_mode::manual));

// A session: the cache, room to list it, and the time of its last fetch.
struct corsproof_session {
  corsproof::preflight_cache cache;
  std::unique_ptr<corsproof::cache_entry_view[]> listing =
      std::make_unique<corsproof::cache_entry_view[]>(corsproof::max_preflight_cache_entries);
  double last_t = 0;
  bool fetched = false;
};

namespace {

using namespace corsproof;

// Bounded copies of a C header array into views (the core's bounds are
// smaller than this, so nothing is lost: a longer array is limit_exceeded).
constexpr std::size_t max_c_headers = 257;

// ok, too many headers (limit_exceeded) or a NULL pointer with a non-zero
// length (bad argument).
enum class views_status { ok, too_many, bad_pointer };

// A (pointer, length) string that is not NULL with a non-zero length.
bool usable(const char* p, std::size_t n) noexcept { return p != nullptr || n == 0; }

views_status to_views(const corsproof_header* in, std::size_t n,
                      std::array<header_view, max_c_headers>& out) noexcept {
  if (in == nullptr && n != 0) return views_status::bad_pointer;
  if (n > out.size()) return views_status::too_many;
  for (std::size_t i = 0; i < n; ++i) {
    if (!usable(in[i].name, in[i].name_len) || !usable(in[i].value, in[i].value_len)) return views_status::bad_pointer;
    out[i] = header_view{std::string_view(in[i].name, in[i].name_len), std::string_view(in[i].value, in[i].value_len)};
  }
  return views_status::ok;
}

corsproof_status from(views_status s) noexcept {
  return s == views_status::too_many ? CORSPROOF_LIMIT_EXCEEDED : CORSPROOF_BAD_ARGUMENT;
}

corsproof_status from(eval_status s) noexcept {
  switch (s) {
    case eval_status::ok: return CORSPROOF_OK;
    case eval_status::output_too_small: return CORSPROOF_OUTPUT_TOO_SMALL;
    case eval_status::limit_exceeded: return CORSPROOF_LIMIT_EXCEEDED;
    case eval_status::missing_input: return CORSPROOF_MISSING_INPUT;
    case eval_status::invalid_input: return CORSPROOF_INVALID_INPUT;
  }
  return CORSPROOF_BAD_ARGUMENT;
}

// The static code strings are NUL-terminated string literals behind the views.
const char* c_str(std::string_view static_text) noexcept { return static_text.data(); }

void write_error(char* error, std::size_t cap, const std::string& message) noexcept {
  if (error == nullptr || cap == 0) return;
  const std::size_t n = message.size() < cap - 1 ? message.size() : cap - 1;
  std::memcpy(error, message.data(), n);
  error[n] = '\0';
}

// Reads an enum a C caller may have stored any int in (reading an
// out-of-range value as the C++ enum type would be undefined).
template <class E>
int enum_bytes(const E& e) noexcept {
  static_assert(sizeof(E) == sizeof(int));
  int v = 0;
  std::memcpy(&v, &e, sizeof v);
  return v;
}

// The views of a C browser request. `views` holds its headers.
corsproof_status to_request(const corsproof_browser_request* request, std::array<header_view, max_c_headers>& views,
                            browser_request& out) noexcept {
  if (request == nullptr || !usable(request->origin, request->origin_len) || !usable(request->url, request->url_len) ||
      !usable(request->method, request->method_len))
    return CORSPROOF_BAD_ARGUMENT;
  const int credentials = enum_bytes(request->credentials);
  if (credentials < CORSPROOF_CREDENTIALS_OMIT || credentials > CORSPROOF_CREDENTIALS_INCLUDE)
    return CORSPROOF_BAD_ARGUMENT;
  if (const views_status v = to_views(request->headers, request->header_count, views); v != views_status::ok)
    return from(v);
  out = browser_request{std::string_view(request->origin, request->origin_len),
                        std::string_view(request->url, request->url_len),
                        std::string_view(request->method, request->method_len),
                        header_list(views.data(), request->header_count),
                        static_cast<credentials_mode>(credentials), request->private_network != 0};
  return CORSPROOF_OK;
}

// Everything a chain call reads, as views (hops past max_chain_hops are
// never reached and are not read).
struct chain_views {
  std::array<header_view, max_c_headers> request_headers;
  std::array<std::array<header_view, max_c_headers>, max_chain_hops> preflight_headers;
  std::array<std::array<header_view, max_c_headers>, max_chain_hops> response_headers;
  std::array<http_response, max_chain_hops> preflights;
  std::array<http_response, max_chain_hops> responses;
  std::array<chain_hop, max_chain_hops> hops;
  chain_request request;
  std::size_t hop_count = 0;
};

corsproof_status to_response(const corsproof_response* in, std::array<header_view, max_c_headers>& views,
                             http_response& out) noexcept {
  if (const views_status v = to_views(in->headers, in->header_count, views); v != views_status::ok) return from(v);
  out = http_response{in->status, header_list(views.data(), in->header_count)};
  return CORSPROOF_OK;
}

corsproof_status to_chain(const corsproof_browser_request* request, corsproof_redirect_mode redirect,
                          const corsproof_hop* hops, std::size_t hop_count, chain_views& v) noexcept {
  if (const corsproof_status s = to_request(request, v.request_headers, v.request.request); s != CORSPROOF_OK) return s;
  const int mode = enum_bytes(redirect);
  if (mode < CORSPROOF_REDIRECT_FOLLOW || mode > CORSPROOF_REDIRECT_MANUAL) return CORSPROOF_BAD_ARGUMENT;
  v.request.redirect = static_cast<redirect_mode>(mode);
  if (hops == nullptr && hop_count != 0) return CORSPROOF_BAD_ARGUMENT;
  v.hop_count = hop_count < max_chain_hops ? hop_count : max_chain_hops;
  for (std::size_t i = 0; i < v.hop_count; ++i) {
    const corsproof_hop& h = hops[i];
    chain_hop& out = v.hops[i];
    out = chain_hop{};
    if (h.url != nullptr) {
      out.has_url = true;
      out.url = std::string_view(h.url, h.url_len);
    } else if (h.url_len != 0) {
      return CORSPROOF_BAD_ARGUMENT;
    }
    if (h.preflight_response != nullptr) {
      if (const corsproof_status s = to_response(h.preflight_response, v.preflight_headers[i], v.preflights[i]);
          s != CORSPROOF_OK)
        return s;
      out.preflight_response = &v.preflights[i];
    }
    if (h.response != nullptr) {
      if (const corsproof_status s = to_response(h.response, v.response_headers[i], v.responses[i]); s != CORSPROOF_OK)
        return s;
      out.response = &v.responses[i];
    }
  }
  return CORSPROOF_OK;
}

const char* data_or_empty(std::string_view s) noexcept { return s.empty() ? "" : s.data(); }

void fill_preflight_summary(const hop_preflight& p, corsproof_browser_result& r) noexcept {
  r.preflight_method = data_or_empty(p.method);
  r.preflight_method_len = p.method.size();
  r.preflight_request_headers = p.has_request_headers ? data_or_empty(p.request_headers) : nullptr;
  r.preflight_request_headers_len = p.has_request_headers ? p.request_headers.size() : 0;
  r.preflight_ok = p.ok ? 1 : 0;
  r.preflight_error = c_str(to_string(p.error));
  r.has_max_age = p.has_max_age ? 1 : 0;
  r.max_age = p.max_age;
}

void fill_chain_result(const chain_decision& d, corsproof_chain_result& r) noexcept {
  corsproof_browser_result& s = r.summary;
  s.outcome = c_str(to_string(d.outcome));
  s.detail = d.detail.empty() ? "" : d.detail.data();
  s.needs_preflight = d.needs_preflight ? 1 : 0;
  fill_preflight_summary(d.preflight, s);
  s.cors_check_done = d.cors_check_done ? 1 : 0;
  s.cors_check_ok = d.cors_check_ok ? 1 : 0;
  s.cors_check_error = c_str(to_string(d.cors_check_error));
  s.has_exposed = d.has_exposed ? 1 : 0;
  s.exposed_count = d.exposed.count;
  for (std::size_t i = 0; i < d.exposed.count; ++i)
    s.exposed[i] = corsproof_header{d.exposed.names[i].data(), d.exposed.names[i].size(), nullptr, 0};
  r.has_error_hop = d.has_error_hop ? 1 : 0;
  r.error_hop = d.error_hop;
  r.has_needs = d.has_needs ? 1 : 0;
  r.needs_hop = d.needs.hop;
  r.needs_what = c_str(to_string(d.needs.what));
  r.needs_url = data_or_empty(d.needs.url);
  r.needs_url_len = d.needs.url.size();
  r.has_final = d.has_final ? 1 : 0;
  r.final_url = data_or_empty(d.final_response.url);
  r.final_url_len = d.final_response.url.size();
  r.final_redirect_count = d.final_response.redirect_count;
  r.final_status = d.final_response.status;
  r.final_type = c_str(to_string(d.final_response.type));
  r.hop_count = d.hop_count;
  for (std::size_t i = 0; i < d.hop_count; ++i) {
    const chain_hop_record& h = d.hops[i];
    corsproof_hop_result& o = r.hops[i];
    o.url = data_or_empty(h.url);
    o.url_len = h.url.size();
    o.method = data_or_empty(h.method);
    o.method_len = h.method.size();
    o.origin_header = h.has_origin_header ? data_or_empty(h.origin_header) : nullptr;
    o.origin_header_len = h.has_origin_header ? h.origin_header.size() : 0;
    o.tainting = c_str(to_string(h.tainting));
    o.credentials_sent = h.credentials_sent ? 1 : 0;
    o.removed_header_count = h.removed_headers.count;
    for (std::size_t k = 0; k < h.removed_headers.count; ++k)
      o.removed_headers[k] =
          corsproof_header{h.removed_headers.names[k].data(), h.removed_headers.names[k].size(), nullptr, 0};
    o.needs_preflight = h.needs_preflight ? 1 : 0;
    o.preflight_method = data_or_empty(h.preflight.method);
    o.preflight_method_len = h.preflight.method.size();
    o.preflight_request_headers = h.preflight.has_request_headers ? data_or_empty(h.preflight.request_headers) : nullptr;
    o.preflight_request_headers_len = h.preflight.has_request_headers ? h.preflight.request_headers.size() : 0;
    o.preflight_ok = h.preflight.ok ? 1 : 0;
    o.preflight_error = c_str(to_string(h.preflight.error));
    o.has_max_age = h.preflight.has_max_age ? 1 : 0;
    o.max_age = h.preflight.max_age;
    o.preflight_private_network = h.preflight.private_network ? 1 : 0;
    o.preflight_cache = c_str(to_string(h.preflight.cache));
    o.has_status = h.has_status ? 1 : 0;
    o.status = h.status;
    o.cors_check_done = h.cors_check_done ? 1 : 0;
    o.cors_check_ok = h.cors_check_ok ? 1 : 0;
    o.cors_check_error = c_str(to_string(h.cors_check_error));
    o.is_redirect = h.is_redirect ? 1 : 0;
    o.redirect_location = h.redirect.has_location ? data_or_empty(h.redirect.location) : nullptr;
    o.redirect_location_len = h.redirect.has_location ? h.redirect.location.size() : 0;
    o.redirect_followed = h.redirect.followed ? 1 : 0;
    o.redirect_error = c_str(to_string(h.redirect.error));
  }
}

// One chain against `cache` at `now`. The views and the decision are large:
// they live in thread-local storage, made on a thread's first call.
struct chain_scratch {
  chain_views views;
  chain_decision decision;
};

chain_scratch* thread_scratch() noexcept {
  thread_local std::unique_ptr<chain_scratch> scratch;
  if (!scratch) scratch.reset(new (std::nothrow) chain_scratch());
  return scratch.get();
}

corsproof_status run_chain(preflight_cache* cache, double now, const corsproof_browser_request* request,
                           corsproof_redirect_mode redirect, const corsproof_hop* hops, std::size_t hop_count,
                           char* buffer, std::size_t buffer_cap, corsproof_chain_result* result) noexcept {
  if (result == nullptr || (buffer == nullptr && buffer_cap != 0)) return CORSPROOF_BAD_ARGUMENT;
  chain_scratch* s = thread_scratch();
  if (s == nullptr) return CORSPROOF_OUT_OF_MEMORY;
  if (const corsproof_status st = to_chain(request, redirect, hops, hop_count, s->views); st != CORSPROOF_OK) return st;
  evaluate_chain(s->views.request, std::span<const chain_hop>(s->views.hops.data(), s->views.hop_count), cache, now,
                 s->decision, std::span<char>(buffer, buffer_cap));
  if (s->decision.status != eval_status::ok) return from(s->decision.status);
  fill_chain_result(s->decision, *result);
  return CORSPROOF_OK;
}

preflight_cache* thread_cache() noexcept {
  thread_local std::unique_ptr<preflight_cache> cache;
  if (!cache) {
    try {
      cache = std::make_unique<preflight_cache>();
    } catch (...) {
      return nullptr;
    }
  }
  return cache.get();
}

}  // namespace

extern "C" {

int corsproof_api_version(void) { return CORSPROOF_API_VERSION; }

corsproof_policy* corsproof_policy_compile(const char* json, size_t json_len, char* error, size_t error_cap) {
  if (json == nullptr) {
    write_error(error, error_cap, "json is NULL");
    return nullptr;
  }
  try {
    policy_json::parse_result parsed = policy_json::parse(std::string_view(json, json_len));
    if (!parsed.ok()) {
      write_error(error, error_cap, parsed.error);
      return nullptr;
    }
    policy_result compiled = compile_policy(*parsed.value);
    if (!compiled.ok()) {
      write_error(error, error_cap, compiled.error);
      return nullptr;
    }
    write_error(error, error_cap, "");
    return new corsproof_policy{std::move(*compiled.value)};
  } catch (const std::bad_alloc&) {
    write_error(error, error_cap, "out of memory");
    return nullptr;
  } catch (...) {
    write_error(error, error_cap, "unexpected error while compiling the policy");
    return nullptr;
  }
}

void corsproof_policy_free(corsproof_policy* p) { delete p; }

corsproof_status corsproof_evaluate_server(const corsproof_policy* p, const char* method, size_t method_len,
                                           const corsproof_header* headers, size_t header_count, char* buffer,
                                           size_t buffer_cap, corsproof_server_result* result) {
  if (p == nullptr || result == nullptr || !usable(method, method_len) || (buffer == nullptr && buffer_cap != 0))
    return CORSPROOF_BAD_ARGUMENT;
  std::array<header_view, max_c_headers> views;
  if (const views_status v = to_views(headers, header_count, views); v != views_status::ok) return from(v);
  const server_request req{std::string_view(method, method_len), header_list(views.data(), header_count)};
  const server_decision d = evaluate_server(p->compiled, req, std::span<char>(buffer, buffer_cap));
  if (d.status != eval_status::ok) return from(d.status);
  result->kind = static_cast<corsproof_request_kind>(d.kind);
  result->kind_name = c_str(to_string(d.kind));
  result->allowed = d.allowed ? 1 : 0;
  result->reason = c_str(to_string(d.reason));
  result->detail = d.detail.empty() ? "" : d.detail.data();
  result->detail_len = d.detail.size();
  result->http_status = d.http_status;
  result->header_count = d.header_count;
  for (std::size_t i = 0; i < d.header_count; ++i) {
    const header_view& h = d.header_storage[i];
    result->headers[i] = corsproof_header{h.name.data(), h.name.size(), h.value.data(), h.value.size()};
  }
  return CORSPROOF_OK;
}

corsproof_status corsproof_evaluate_browser(const corsproof_browser_request* request,
                                            const corsproof_response* preflight_response,
                                            const corsproof_response* response, char* buffer, size_t buffer_cap,
                                            corsproof_browser_result* result) {
  if (request == nullptr || result == nullptr || (buffer == nullptr && buffer_cap != 0) ||
      !usable(request->origin, request->origin_len) || !usable(request->url, request->url_len) ||
      !usable(request->method, request->method_len))
    return CORSPROOF_BAD_ARGUMENT;
  // A C caller may store any int in the enum; reading an out-of-range value
  // as the C++ enum type would be undefined, so read its bytes as an int.
  static_assert(sizeof(corsproof_credentials) == sizeof(int));
  int credentials = 0;
  std::memcpy(&credentials, &request->credentials, sizeof credentials);
  if (credentials < CORSPROOF_CREDENTIALS_OMIT || credentials > CORSPROOF_CREDENTIALS_INCLUDE)
    return CORSPROOF_BAD_ARGUMENT;
  std::array<header_view, max_c_headers> req_views, pre_views, resp_views;
  if (const views_status v = to_views(request->headers, request->header_count, req_views); v != views_status::ok)
    return from(v);
  http_response pre{}, resp{};
  browser_exchange ex;
  ex.request = browser_request{std::string_view(request->origin, request->origin_len),
                               std::string_view(request->url, request->url_len),
                               std::string_view(request->method, request->method_len),
                               header_list(req_views.data(), request->header_count),
                               static_cast<credentials_mode>(credentials), request->private_network != 0};
  if (preflight_response != nullptr) {
    if (const views_status v = to_views(preflight_response->headers, preflight_response->header_count, pre_views);
        v != views_status::ok)
      return from(v);
    pre = http_response{preflight_response->status, header_list(pre_views.data(), preflight_response->header_count)};
    ex.preflight_response = &pre;
  }
  if (response != nullptr) {
    if (const views_status v = to_views(response->headers, response->header_count, resp_views); v != views_status::ok)
      return from(v);
    resp = http_response{response->status, header_list(resp_views.data(), response->header_count)};
    ex.response = &resp;
  }
  const browser_decision d = evaluate_browser(ex, std::span<char>(buffer, buffer_cap));
  if (d.status != eval_status::ok) return from(d.status);
  result->outcome = c_str(to_string(d.outcome));
  result->detail = d.detail.empty() ? "" : d.detail.data();
  result->needs_preflight = d.needs_preflight ? 1 : 0;
  result->preflight_method = d.preflight_method.data();
  result->preflight_method_len = d.preflight_method.size();
  result->preflight_request_headers = d.has_preflight_request_headers ? d.preflight_request_headers.data() : nullptr;
  result->preflight_request_headers_len = d.preflight_request_headers.size();
  result->preflight_ok = d.preflight_ok ? 1 : 0;
  result->preflight_error = c_str(to_string(d.preflight_error));
  result->has_max_age = d.has_max_age ? 1 : 0;
  result->max_age = d.max_age;
  result->cors_check_done = d.cors_check_done ? 1 : 0;
  result->cors_check_ok = d.cors_check_ok ? 1 : 0;
  result->cors_check_error = c_str(to_string(d.cors_check_error));
  result->has_exposed = d.has_exposed ? 1 : 0;
  result->exposed_count = d.exposed.count;
  for (std::size_t i = 0; i < d.exposed.count; ++i)
    result->exposed[i] = corsproof_header{d.exposed.names[i].data(), d.exposed.names[i].size(), nullptr, 0};
  return CORSPROOF_OK;
}

corsproof_status corsproof_audit(const corsproof_policy* p, const char* method, size_t method_len,
                                 const corsproof_header* request_headers, size_t request_header_count,
                                 const corsproof_response* observed, char* buffer, size_t buffer_cap,
                                 corsproof_audit_result* result) {
  if (p == nullptr || observed == nullptr || result == nullptr || !usable(method, method_len) ||
      (buffer == nullptr && buffer_cap != 0))
    return CORSPROOF_BAD_ARGUMENT;
  std::array<header_view, max_c_headers> req_views, obs_views;
  if (const views_status v = to_views(request_headers, request_header_count, req_views); v != views_status::ok)
    return from(v);
  if (const views_status v = to_views(observed->headers, observed->header_count, obs_views); v != views_status::ok)
    return from(v);
  try {
    const audit::audit_result r =
        audit::audit_answer(p->compiled, std::string_view(method, method_len),
                            header_list(req_views.data(), request_header_count), observed->status,
                            header_list(obs_views.data(), observed->header_count));
    if (r.status != eval_status::ok) return from(r.status);
    result->conforms = r.conforms ? 1 : 0;
    result->finding_count = r.findings.size();
    std::size_t needed = 0;
    for (const auto& f : r.findings) needed += f.code.size() + 1 + f.detail.size() + 1;
    result->buffer_needed = needed;
    if (r.findings.size() > CORSPROOF_MAX_AUDIT_FINDINGS || needed > buffer_cap) return CORSPROOF_OUTPUT_TOO_SMALL;
    std::size_t used = 0;
    auto put = [&](const std::string& text) {
      char* at = buffer + used;
      std::memcpy(at, text.data(), text.size());
      at[text.size()] = '\0';
      used += text.size() + 1;
      return static_cast<const char*>(at);
    };
    for (std::size_t i = 0; i < r.findings.size(); ++i) {
      corsproof_audit_finding& out = result->findings[i];
      out.code = put(r.findings[i].code);
      out.severity = r.findings[i].level == audit::severity::error ? CORSPROOF_SEVERITY_ERROR : CORSPROOF_SEVERITY_WARNING;
      out.detail = put(r.findings[i].detail);
      out.detail_len = r.findings[i].detail.size();
    }
    return CORSPROOF_OK;
  } catch (const std::bad_alloc&) {
    return CORSPROOF_OUT_OF_MEMORY;
  }
}

corsproof_status corsproof_evaluate_chain(const corsproof_browser_request* request, corsproof_redirect_mode redirect,
                                          const corsproof_hop* hops, size_t hop_count, char* buffer, size_t buffer_cap,
                                          corsproof_chain_result* result) {
  preflight_cache* cache = thread_cache();
  if (cache == nullptr) return CORSPROOF_OUT_OF_MEMORY;
  cache->clear();  // the protocol's chain case: a cache that starts empty, shared by the hops
  return run_chain(cache, 0, request, redirect, hops, hop_count, buffer, buffer_cap, result);
}

corsproof_session* corsproof_session_create(void) {
  try {
    return new corsproof_session{};
  } catch (...) {
    return nullptr;
  }
}

void corsproof_session_free(corsproof_session* session) { delete session; }

corsproof_status corsproof_session_fetch(corsproof_session* session, double t, const corsproof_browser_request* request,
                                         corsproof_redirect_mode redirect, const corsproof_hop* hops, size_t hop_count,
                                         char* buffer, size_t buffer_cap, corsproof_chain_result* result) {
  if (session == nullptr) return CORSPROOF_BAD_ARGUMENT;
  if (!std::isfinite(t) || t < 0 || (session->fetched && t < session->last_t)) return CORSPROOF_BAD_TIME;
  const corsproof_status s =
      run_chain(&session->cache, t, request, redirect, hops, hop_count, buffer, buffer_cap, result);
  if (s == CORSPROOF_OK || s == CORSPROOF_LIMIT_EXCEEDED) {  // the fetch happened (a full cache: partly)
    session->fetched = true;
    session->last_t = t;
  }
  return s;
}

corsproof_status corsproof_session_cache(const corsproof_session* session, double t, corsproof_cache_entry* entries,
                                         size_t cap, size_t* count) {
  if (session == nullptr || count == nullptr || (entries == nullptr && cap != 0)) return CORSPROOF_BAD_ARGUMENT;
  const std::span<cache_entry_view> views(session->listing.get(), max_preflight_cache_entries);
  const std::size_t live = session->cache.live_entries(t, views);
  *count = live;
  if (live > cap || live > views.size()) return CORSPROOF_OUTPUT_TOO_SMALL;
  for (std::size_t i = 0; i < live; ++i) {
    const cache_entry_view& e = views[i];
    entries[i] = corsproof_cache_entry{data_or_empty(e.origin), e.origin.size(), data_or_empty(e.url), e.url.size(),
                                       e.credentials ? 1 : 0, e.kind == cache_entry_kind::header ? 1 : 0,
                                       data_or_empty(e.value), e.value.size(), e.max_age, e.stored_at};
  }
  return CORSPROOF_OK;
}

}  // extern "C"

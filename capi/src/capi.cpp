// The C API: a thin wrapper that converts C structs to the core's views and
// back. No CORS logic lives here.
#include "corsproof.h"

#include <array>
#include <cstring>
#include <new>
#include <string>

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

}  // extern "C"

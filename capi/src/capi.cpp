// The C API: a thin wrapper that converts C structs to the core's views and
// back. No CORS logic lives here.
#include "corsproof.h"

#include <array>
#include <cstring>
#include <new>
#include <string>

#include "corsproof/corsproof.hpp"
#include "corsproof/policy_json.hpp"

struct corsproof_policy {
  corsproof::policy compiled;
};

namespace {

using namespace corsproof;

// Bounded copies of a C header array into views (the core's bounds are
// smaller than this, so nothing is lost: a longer array is limit_exceeded).
constexpr std::size_t max_c_headers = 257;

bool to_views(const corsproof_header* in, std::size_t n, std::array<header_view, max_c_headers>& out) noexcept {
  if (n > out.size()) return false;
  for (std::size_t i = 0; i < n; ++i)
    out[i] = header_view{std::string_view(in[i].name, in[i].name_len), std::string_view(in[i].value, in[i].value_len)};
  return true;
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
  if (p == nullptr || result == nullptr || (method == nullptr && method_len != 0) ||
      (headers == nullptr && header_count != 0) || (buffer == nullptr && buffer_cap != 0))
    return CORSPROOF_BAD_ARGUMENT;
  std::array<header_view, max_c_headers> views;
  if (!to_views(headers, header_count, views)) return CORSPROOF_LIMIT_EXCEEDED;
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
      (request->headers == nullptr && request->header_count != 0))
    return CORSPROOF_BAD_ARGUMENT;
  // A C caller may store any int in the enum; reading an out-of-range value
  // as the C++ enum type would be undefined, so read its bytes as an int.
  static_assert(sizeof(corsproof_credentials) == sizeof(int));
  int credentials = 0;
  std::memcpy(&credentials, &request->credentials, sizeof credentials);
  if (credentials < CORSPROOF_CREDENTIALS_OMIT || credentials > CORSPROOF_CREDENTIALS_INCLUDE)
    return CORSPROOF_BAD_ARGUMENT;
  std::array<header_view, max_c_headers> req_views, pre_views, resp_views;
  if (!to_views(request->headers, request->header_count, req_views)) return CORSPROOF_LIMIT_EXCEEDED;
  http_response pre{}, resp{};
  browser_exchange ex;
  ex.request = browser_request{std::string_view(request->origin, request->origin_len),
                               std::string_view(request->url, request->url_len),
                               std::string_view(request->method, request->method_len),
                               header_list(req_views.data(), request->header_count),
                               static_cast<credentials_mode>(credentials), request->private_network != 0};
  if (preflight_response != nullptr) {
    if (!to_views(preflight_response->headers, preflight_response->header_count, pre_views))
      return CORSPROOF_LIMIT_EXCEEDED;
    pre = http_response{preflight_response->status, header_list(pre_views.data(), preflight_response->header_count)};
    ex.preflight_response = &pre;
  }
  if (response != nullptr) {
    if (!to_views(response->headers, response->header_count, resp_views)) return CORSPROOF_LIMIT_EXCEEDED;
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

}  // extern "C"

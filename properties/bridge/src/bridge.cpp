// See corsproof_bridge/bridge.hpp.
#include "corsproof_bridge/bridge.hpp"

#include "corsproof/header_comparison.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <memory>

namespace corsproof_bridge {

namespace {

template <typename T>
std::string show_optional(const std::optional<T>& v);

template <>
std::string show_optional(const std::optional<std::string>& v) {
  return v ? quote(*v) : std::string("null");
}
template <>
std::string show_optional(const std::optional<long long>& v) {
  return v ? std::to_string(*v) : std::string("null");
}
template <>
std::string show_optional(const std::optional<int>& v) {
  return v ? std::to_string(*v) : std::string("null");
}

std::string show_names(const std::vector<std::string>& names) {
  std::string out = "[";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) out += ", ";
    out += quote(names[i]);
  }
  return out + "]";
}

}  // namespace

// ---- Inputs ----------------------------------------------------------------------

corsproof::policy_config to_core_config(const Policy& p) {
  corsproof::policy_config c;
  c.allow_origins = p.allow_origins;
  c.allow_methods = p.allow_methods;
  c.allow_headers = p.allow_headers;
  c.expose_headers = p.expose_headers;
  c.allow_credentials = p.allow_credentials;
  if (p.max_age) c.max_age = static_cast<std::int64_t>(*p.max_age);
  c.allow_private_network = p.allow_private_network;
  c.preflight_status = p.preflight_status;
  return c;
}

Policy to_model_policy(const corsproof::policy_config& c) {
  Policy p;
  p.allow_origins = c.allow_origins;
  p.allow_methods = c.allow_methods;
  p.allow_headers = c.allow_headers;
  p.expose_headers = c.expose_headers;
  p.allow_credentials = c.allow_credentials;
  if (c.max_age) p.max_age = static_cast<long long>(*c.max_age);
  p.allow_private_network = c.allow_private_network;
  p.preflight_status = c.preflight_status;
  return p;
}

std::optional<corsproof::credentials_mode> to_core_credentials(std::string_view credentials) {
  if (credentials == "omit") return corsproof::credentials_mode::omit;
  if (credentials == "same-origin") return corsproof::credentials_mode::same_origin;
  if (credentials == "include") return corsproof::credentials_mode::include;
  return std::nullopt;
}

core_headers::core_headers(const std::vector<Header>& headers) {
  views_.reserve(headers.size());
  for (const Header& h : headers) views_.push_back(corsproof::header_view{h.name, h.value});
}

// ---- Running the core ----------------------------------------------------------

core_policy compile(const Policy& policy) {
  corsproof::policy_result r = corsproof::compile_policy(to_core_config(policy));
  core_policy out;
  if (r.ok()) {
    out.value.emplace(std::move(*r.value));
  } else {
    out.error = r.error;
  }
  return out;
}

ServerAnswer to_model_shape(const corsproof::server_decision& d) {
  ServerAnswer a;
  a.kind = std::string(corsproof::to_string(d.kind));
  a.allowed = d.allowed;
  a.reason = std::string(corsproof::to_string(d.reason));
  a.detail = std::string(d.detail);
  if (d.kind == corsproof::request_kind::preflight) a.status = d.http_status;
  for (const corsproof::header_view& h : d.headers()) a.headers.push_back(Header{std::string(h.name), std::string(h.value)});
  return a;
}

core_server_result core_server_answer(const corsproof::policy& policy, const ServerRequest& request) {
  const core_headers headers(request.headers);
  const corsproof::server_request req{request.method, headers.list()};
  // Heap-allocated so that ASan sees every byte past the promised capacity.
  auto buffer = std::make_unique<char[]>(corsproof::server_output_capacity);
  const corsproof::server_decision d =
      corsproof::evaluate_server(policy, req, std::span<char>(buffer.get(), corsproof::server_output_capacity));
  core_server_result out;
  out.status = d.status;
  if (d.status == corsproof::eval_status::ok) out.answer = to_model_shape(d);
  return out;
}

BrowserAnswer to_model_shape(const corsproof::browser_decision& d) {
  BrowserAnswer a;
  a.outcome = std::string(corsproof::to_string(d.outcome));
  a.detail = std::string(d.detail);
  if (d.outcome == corsproof::browser_outcome::forbidden_request || d.same_origin) {
    a.needs_preflight = false;
  } else {
    a.needs_preflight = d.needs_preflight;
    if (d.needs_preflight) {
      corsproof_model::PreflightAnswer p;
      p.method = std::string(d.preflight_method);
      if (d.has_preflight_request_headers) p.request_headers = std::string(d.preflight_request_headers);
      p.ok = d.preflight_ok;
      if (d.preflight_error != corsproof::browser_error::none)
        p.error = std::string(corsproof::to_string(d.preflight_error));
      if (d.has_max_age) p.max_age = static_cast<long long>(d.max_age);
      p.private_network = d.preflight_private_network;
      a.preflight = p;
    }
    if (d.cors_check_done) {
      corsproof_model::CorsCheckAnswer c;
      c.ok = d.cors_check_ok;
      if (d.cors_check_error != corsproof::browser_error::none)
        c.error = std::string(corsproof::to_string(d.cors_check_error));
      a.cors_check = c;
    }
  }
  if (d.has_exposed) {
    std::vector<std::string> names;
    for (std::string_view n : d.exposed.view()) names.emplace_back(n);
    a.exposed_headers = std::move(names);
  }
  return a;
}

core_browser_result core_browser_answer(const BrowserExchange& ex) {
  core_browser_result out;
  const std::optional<corsproof::credentials_mode> credentials = to_core_credentials(ex.request.credentials);
  if (!credentials) {
    out.status = corsproof::eval_status::missing_input;
    out.status_detail = "credentials must be omit, same-origin or include";
    out.answer.outcome = "bad-case";
    return out;
  }
  const core_headers request_headers(ex.request.headers);
  std::optional<core_headers> preflight_headers;
  std::optional<core_headers> response_headers;
  corsproof::http_response preflight;
  corsproof::http_response response;
  corsproof::browser_exchange exchange;
  exchange.request.origin = ex.request.origin;
  exchange.request.url = ex.request.url;
  exchange.request.method = ex.request.method;
  exchange.request.headers = request_headers.list();
  exchange.request.credentials = *credentials;
  exchange.request.private_network = ex.request.private_network;
  if (ex.preflight_response) {
    preflight_headers.emplace(ex.preflight_response->headers);
    preflight.status = ex.preflight_response->status;
    preflight.headers = preflight_headers->list();
    exchange.preflight_response = &preflight;
  }
  if (ex.response) {
    response_headers.emplace(ex.response->headers);
    response.status = ex.response->status;
    response.headers = response_headers->list();
    exchange.response = &response;
  }
  auto buffer = std::make_unique<char[]>(corsproof::browser_output_capacity);
  const corsproof::browser_decision d =
      corsproof::evaluate_browser(exchange, std::span<char>(buffer.get(), corsproof::browser_output_capacity));
  out.status = d.status;
  out.status_detail = std::string(d.status_detail);
  switch (d.status) {
    case corsproof::eval_status::ok:
      out.answer = to_model_shape(d);
      break;
    case corsproof::eval_status::missing_input:
    case corsproof::eval_status::invalid_input:
      out.answer.outcome = "bad-case";
      out.answer.detail = out.status_detail;
      break;
    case corsproof::eval_status::limit_exceeded:
      out.answer.outcome = "too-large";
      out.answer.detail = out.status_detail;
      break;
    case corsproof::eval_status::output_too_small:
      out.answer.outcome = "output-too-small";
      out.answer.detail = out.status_detail;
      break;
  }
  return out;
}

// ---- Semantic comparison -----------------------------------------------------------

bool is_list_valued_header(std::string_view name) {
  return corsproof::header_comparison::is_list_valued_header(name);
}

std::vector<std::string> list_elements(const std::vector<std::string>& values, bool case_sensitive) {
  return corsproof::header_comparison::list_elements(values, case_sensitive);
}

std::optional<std::string> headers_difference(const std::vector<Header>& core, const std::vector<Header>& model) {
  corsproof::header_comparison::header_set c, m;
  for (const Header& h : core) c.add(h.name, h.value);
  for (const Header& h : model) m.add(h.name, h.value);
  return c.difference(m, "core", "model");
}

std::optional<std::string> server_difference(const ServerAnswer& core, const ServerAnswer& model) {
  if (core.kind != model.kind) return "kind: core " + quote(core.kind) + ", model " + quote(model.kind);
  if (core.allowed != model.allowed)
    return std::string("allowed: core ") + (core.allowed ? "true" : "false") + ", model " +
           (model.allowed ? "true" : "false") + " (reasons: core " + quote(core.reason) + ", model " +
           quote(model.reason) + ")";
  if (core.reason != model.reason) return "reason: core " + quote(core.reason) + ", model " + quote(model.reason);
  if (core.reason == "header-not-allowed" && core.detail != model.detail)
    return "detail (first refused header): core " + quote(core.detail) + ", model " + quote(model.detail);
  if (core.status != model.status)
    return "status: core " + show_optional(core.status) + ", model " + show_optional(model.status);
  return headers_difference(core.headers, model.headers);
}

std::optional<std::string> browser_difference(const BrowserAnswer& core, const BrowserAnswer& model) {
  if (core.outcome != model.outcome)
    return "outcome: core " + quote(core.outcome) + ", model " + quote(model.outcome) + " (details: core " +
           quote(core.detail) + ", model " + quote(model.detail) + ")";
  if (core.outcome == "bad-case") return std::nullopt;
  if (core.needs_preflight != model.needs_preflight)
    return std::string("needs_preflight: core ") + (core.needs_preflight ? "true" : "false") + ", model " +
           (model.needs_preflight ? "true" : "false");
  if (core.preflight.has_value() != model.preflight.has_value())
    return std::string("preflight: core ") + (core.preflight ? "present" : "null") + ", model " +
           (model.preflight ? "present" : "null");
  if (core.preflight) {
    const auto& c = *core.preflight;
    const auto& m = *model.preflight;
    if (c.method != m.method) return "preflight.method: core " + quote(c.method) + ", model " + quote(m.method);
    if (c.request_headers != m.request_headers)
      return "preflight.request_headers: core " + show_optional(c.request_headers) + ", model " +
             show_optional(m.request_headers);
    if (c.error != m.error)
      return "preflight.error: core " + show_optional(c.error) + ", model " + show_optional(m.error);
    if (c.ok != m.ok)
      return std::string("preflight.ok: core ") + (c.ok ? "true" : "false") + ", model " + (m.ok ? "true" : "false");
    if (c.max_age != m.max_age)
      return "preflight.max_age: core " + show_optional(c.max_age) + ", model " + show_optional(m.max_age);
    if (c.private_network != m.private_network)
      return std::string("preflight.private_network: core ") + (c.private_network ? "true" : "false") + ", model " +
             (m.private_network ? "true" : "false");
  }
  if (core.cors_check.has_value() != model.cors_check.has_value())
    return std::string("cors_check: core ") + (core.cors_check ? "present" : "null") + ", model " +
           (model.cors_check ? "present" : "null");
  if (core.cors_check) {
    if (core.cors_check->error != model.cors_check->error)
      return "cors_check.error: core " + show_optional(core.cors_check->error) + ", model " +
             show_optional(model.cors_check->error);
    if (core.cors_check->ok != model.cors_check->ok)
      return std::string("cors_check.ok: core ") + (core.cors_check->ok ? "true" : "false") + ", model " +
             (model.cors_check->ok ? "true" : "false");
  }
  if (core.exposed_headers.has_value() != model.exposed_headers.has_value())
    return std::string("exposed_headers: core ") + (core.exposed_headers ? show_names(*core.exposed_headers) : "null") +
           ", model " + (model.exposed_headers ? show_names(*model.exposed_headers) : "null");
  if (core.exposed_headers && *core.exposed_headers != *model.exposed_headers)
    return "exposed_headers: core " + show_names(*core.exposed_headers) + ", model " +
           show_names(*model.exposed_headers);
  return std::nullopt;
}

// ---- Bounds ------------------------------------------------------------------------

bool server_request_beyond_bounds(const ServerRequest& request) {
  return request.headers.size() > corsproof::max_server_request_headers;
}

std::optional<std::string> browser_exchange_beyond_bounds(const BrowserExchange& ex, const BrowserAnswer& model) {
  // "a URL over 8192 bytes, before or after parsing" (the model's URL
  // Standard parser serializes it).
  if (ex.request.url.size() > corsproof::max_url_bytes) return "the URL is longer than 8192 bytes";
  if (const auto parsed = corsproof_model::parse_url(ex.request.url, std::nullopt);
      parsed && parsed->href.size() > corsproof::max_url_bytes)
    return "the URL is longer than 8192 bytes after parsing";
  // "a URL whose scheme://host[:port] part is over 1024 bytes": the
  // authority ends at the first "/", "?" or "#"; userinfo (up to its last
  // "@") is not counted.
  if (const std::size_t sep = ex.request.url.find("://"); sep != std::string::npos) {
    const std::string_view rest = std::string_view(ex.request.url).substr(sep + 3);
    std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
    if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
    if (sep + 3 + authority.size() > corsproof::max_url_origin_bytes)
      return "the URL's scheme://host[:port] is longer than 1024 bytes";
  }
  if (ex.request.headers.size() > corsproof::max_browser_request_headers) return "more than 256 request headers";
  for (const Header& h : ex.request.headers)
    if (h.name.size() > corsproof::max_header_name_bytes || h.value.size() > corsproof::max_header_value_bytes)
      return "a request header name over 256 bytes or value over 8192 bytes";
  for (const auto* r : {&ex.preflight_response, &ex.response}) {
    if (!r->has_value()) continue;
    if ((*r)->headers.size() > corsproof::max_browser_response_headers) return "more than 256 response headers";
    for (const Header& h : (*r)->headers)
      if (h.name.size() > corsproof::max_header_name_bytes || h.value.size() > corsproof::max_header_value_bytes)
        return "a response header name over 256 bytes or value over 8192 bytes";
    std::size_t bytes = 0;
    for (const Header& h : (*r)->headers) bytes += h.name.size() + h.value.size();
    if (bytes > corsproof::max_response_header_bytes) return "a response with over 256 KiB of header names and values";
  }
  std::optional<std::string> sent = model.preflight ? model.preflight->request_headers : std::nullopt;
  if (!model.preflight && model.outcome == "bad-case" && model.needs_preflight) {
    // The model stops before naming the unsafe headers when the preflight
    // response is missing; ask it again with an empty one.
    BrowserExchange probe = ex;
    probe.preflight_response = corsproof_model::Response{};
    const BrowserAnswer a = corsproof_model::browser_answer(probe);
    if (a.preflight) sent = a.preflight->request_headers;
  }
  if (sent) {
    const std::size_t names = static_cast<std::size_t>(std::count(sent->begin(), sent->end(), ',')) + 1;
    if (names > corsproof::max_unsafe_header_names) return "more than 64 CORS-unsafe request-header names";
  }
  if (model.exposed_headers && model.exposed_headers->size() > corsproof::max_exposed_header_names)
    return "more than 128 exposed header names";
  return std::nullopt;
}

// ---- Printing ------------------------------------------------------------------------

std::string quote(std::string_view bytes) {
  std::string out = "\"";
  for (unsigned char c : bytes) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    }
  }
  // Long strings: keep the start and the end, say how long.
  if (out.size() > 300) {
    const std::size_t n = bytes.size();
    out = out.substr(0, 120) + "...<" + std::to_string(n) + " bytes>..." + out.substr(out.size() - 60);
  }
  return out + "\"";
}

std::string show(const std::vector<Header>& headers) {
  std::string out = "[";
  for (std::size_t i = 0; i < headers.size(); ++i) {
    if (i) out += ", ";
    out += "[" + quote(headers[i].name) + ", " + quote(headers[i].value) + "]";
  }
  return out + "]";
}

std::string show(const Policy& p) {
  std::string out = "{allow_origins: " + show_names(p.allow_origins);
  out += ", allow_methods: " + show_names(p.allow_methods);
  out += ", allow_headers: " + show_names(p.allow_headers);
  out += ", expose_headers: " + show_names(p.expose_headers);
  out += std::string(", allow_credentials: ") + (p.allow_credentials ? "true" : "false");
  out += ", max_age: " + show_optional(p.max_age);
  out += std::string(", allow_private_network: ") + (p.allow_private_network ? "true" : "false");
  out += ", preflight_status: " + std::to_string(p.preflight_status) + "}";
  return out;
}

std::string show(const ServerRequest& r) {
  return "{method: " + quote(r.method) + ", headers: " + show(r.headers) + "}";
}

std::string show(const ServerAnswer& a) {
  return "{kind: " + quote(a.kind) + ", allowed: " + (a.allowed ? "true" : "false") + ", reason: " + quote(a.reason) +
         ", detail: " + quote(a.detail) + ", status: " + show_optional(a.status) + ", headers: " + show(a.headers) +
         "}";
}

std::string show(const BrowserExchange& ex) {
  const auto& r = ex.request;
  std::string out = "{request: {origin: " + quote(r.origin) + ", url: " + quote(r.url) + ", method: " +
                    quote(r.method) + ", headers: " + show(r.headers) + ", credentials: " + quote(r.credentials) +
                    ", private_network: " + (r.private_network ? "true" : "false") + "}";
  if (ex.preflight_response)
    out += ", preflight_response: {status: " + std::to_string(ex.preflight_response->status) +
           ", headers: " + show(ex.preflight_response->headers) + "}";
  if (ex.response)
    out += ", response: {status: " + std::to_string(ex.response->status) + ", headers: " + show(ex.response->headers) +
           "}";
  return out + "}";
}

std::string show(const BrowserAnswer& a) {
  std::string out = "{outcome: " + quote(a.outcome) + ", needs_preflight: " + (a.needs_preflight ? "true" : "false");
  if (a.preflight) {
    const auto& p = *a.preflight;
    out += ", preflight: {method: " + quote(p.method) + ", request_headers: " + show_optional(p.request_headers) +
           ", ok: " + (p.ok ? "true" : "false") + ", error: " + show_optional(p.error) +
           ", max_age: " + show_optional(p.max_age) + ", private_network: " + (p.private_network ? "true" : "false") +
           "}";
  } else {
    out += ", preflight: null";
  }
  if (a.cors_check) {
    out += std::string(", cors_check: {ok: ") + (a.cors_check->ok ? "true" : "false") +
           ", error: " + show_optional(a.cors_check->error) + "}";
  } else {
    out += ", cors_check: null";
  }
  out += ", exposed_headers: " + (a.exposed_headers ? show_names(*a.exposed_headers) : std::string("null"));
  out += ", detail: " + quote(a.detail) + "}";
  return out;
}

}  // namespace corsproof_bridge

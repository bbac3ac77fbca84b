// Server decision: W3C CORS 2014 §6.1 (simple/actual requests), §6.2
// (preflight requests), §6.4 (Vary), with the Fetch Standard's "CORS
// protocol" rules for credentials, `*` and Authorization, in the check order
// fixed by docs/protocol.md.
#include "corsproof/server.hpp"

#include <memory>

#include "bytes.hpp"
#include "corsproof/header_list_values.hpp"
#include "corsproof/method.hpp"
#include "corsproof/origin.hpp"
#include "policy_impl.hpp"
#include "token_list_scan.hpp"

namespace corsproof {

std::string_view to_string(request_kind k) noexcept {
  switch (k) {
    case request_kind::not_cors: return "not-cors";
    case request_kind::actual: return "actual";
    case request_kind::preflight: return "preflight";
  }
  return "?";
}

std::string_view to_string(server_reason r) noexcept {
  switch (r) {
    case server_reason::ok: return "ok";
    case server_reason::origin_not_allowed: return "origin-not-allowed";
    case server_reason::method_not_allowed: return "method-not-allowed";
    case server_reason::header_not_allowed: return "header-not-allowed";
    case server_reason::private_network_not_allowed: return "private-network-not-allowed";
    case server_reason::malformed_origin: return "malformed-origin";
    case server_reason::multiple_origins: return "multiple-origins";
    case server_reason::malformed_request_method: return "malformed-request-method";
    case server_reason::malformed_request_headers: return "malformed-request-headers";
  }
  return "?";
}

std::string_view to_string(eval_status s) noexcept {
  switch (s) {
    case eval_status::ok: return "ok";
    case eval_status::output_too_small: return "output buffer too small";
    case eval_status::limit_exceeded: return "input beyond a corsproof bound";
    case eval_status::missing_input: return "missing input";
    case eval_status::invalid_input: return "invalid input";
  }
  return "?";
}

namespace {

constexpr std::string_view acao = "Access-Control-Allow-Origin";
constexpr std::string_view acac = "Access-Control-Allow-Credentials";
constexpr std::string_view acam = "Access-Control-Allow-Methods";
constexpr std::string_view acah = "Access-Control-Allow-Headers";
constexpr std::string_view acapn = "Access-Control-Allow-Private-Network";
constexpr std::string_view acma = "Access-Control-Max-Age";
constexpr std::string_view aceh = "Access-Control-Expose-Headers";
constexpr std::string_view vary = "Vary";
constexpr std::string_view vary_preflight_with_origin =
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";
constexpr std::string_view vary_preflight = "Access-Control-Request-Method, Access-Control-Request-Headers";

// The request headers a server reads (compared byte-case-insensitively).
constexpr detail::ci_literal origin_name("origin");
constexpr detail::ci_literal acrm_name("access-control-request-method");
constexpr detail::ci_literal acrh_name("access-control-request-headers");
constexpr detail::ci_literal acrpn_name("access-control-request-private-network");
constexpr detail::ci_literal authorization_name("authorization");

// The deny messages below spell the bounds out.
static_assert(max_server_request_headers == 256 && max_request_method_bytes == 1024);
static_assert(max_requested_header_names == 64 && max_request_headers_list_bytes == 4096);

class answer {
 public:
  answer(server_decision& d, std::span<char> out) noexcept : d_(d), w_(out) {}
  void add(std::string_view name, std::string_view value) noexcept {
    const std::size_t m = w_.mark();
    w_.put(value);
    d_.header_storage[d_.header_count++] = header_view{name, w_.since(m)};
  }
  std::string_view copy(std::string_view s) noexcept {
    const std::size_t m = w_.mark();
    w_.put(s);
    return w_.since(m);
  }
  detail::writer& writer() noexcept { return w_; }
  // A header whose value is already in the buffer.
  void add_written(std::string_view name, std::string_view value) noexcept {
    d_.header_storage[d_.header_count++] = header_view{name, value};
  }
  server_decision& finish() noexcept {
    if (w_.overflow()) {
      const request_kind k = d_.kind;
      std::construct_at(&d_);  // a fresh decision in place (copying one would read its empty slots)
      d_.kind = k;
      d_.status = eval_status::output_too_small;
      d_.status_detail = "the output buffer cannot hold the answer";
    }
    return d_;
  }

 private:
  server_decision& d_;
  detail::writer w_;
};

// W3C CORS §6.4: what the answer varies on.
std::string_view vary_value(const policy_impl& p, request_kind kind) noexcept {
  const bool depends = !(p.any_origin && !p.credentials);
  if (kind == request_kind::preflight) return depends ? vary_preflight_with_origin : vary_preflight;
  return depends ? std::string_view("Origin") : std::string_view();
}

void add_vary(answer& a, const policy_impl& p, request_kind kind) noexcept {
  if (const std::string_view v = vary_value(p, kind); !v.empty()) a.add(vary, v);
}

// Access-Control-Request-Headers read in one pass into `names` (views into
// the request, with the end of their value), when every element is a token
// and the list is within its bounds. False otherwise: the caller then asks
// token_list_cursor, which says which bound or element failed.
struct requested_name {
  const char* data;
  std::size_t size;
  const char* limit;  // the end of the value it is in
  [[nodiscard]] std::string_view view() const noexcept { return {data, size}; }
};
bool read_requested_names(header_list acrh_headers, requested_name* names, std::size_t& count) noexcept {
  count = 0;
  std::size_t bytes = 0;
  bool within = true;
  // The first and the last header of `acrh_headers` are
  // Access-Control-Request-Headers (evaluate_into found them so); only the
  // ones between need their name checked.
  const std::size_t last = acrh_headers.size() - 1;
  for (std::size_t i = 0; i < acrh_headers.size(); ++i) {
    const header_view& h = acrh_headers[i];
    if (i != 0 && i != last && !acrh_name.matches(h.name)) continue;
    bytes += trim_tab_or_space(h.value).size();
    if (bytes > max_request_headers_list_bytes) return false;
    const auto keep = [&](const char* p, std::size_t n, const char* limit) noexcept {
      if (count == max_requested_header_names) {
        within = false;
        return;
      }
      names[count++] = requested_name{p, n, limit};
    };
    // As browsers send it, else any list.
    const bool tokens =
        detail::scan_browser_shaped_list(h.value, keep) || detail::scan_token_list_value(h.value, keep);
    if (!tokens || !within) return false;
  }
  return true;
}

}  // namespace

void render_static_answers(policy_impl& p) {
  // Byte for byte what evaluate_server would copy header by header: the
  // same total, so an answer fits a buffer exactly when it did before.
  p.preflight_static.clear();
  p.actual_static.clear();
  if (p.credentials) {
    p.preflight_static += "true";
    p.actual_static += "true";
  }
  if (p.has_max_age) p.preflight_static += p.max_age_value;
  p.preflight_static += vary_value(p, request_kind::preflight);
  p.actual_static += p.expose_value;
  p.actual_static += vary_value(p, request_kind::actual);
}

namespace {
// Fills `d` (the caller's return slot: no copy of the ~300-byte decision).
server_decision& evaluate_into(server_decision& d, const policy& pol, const server_request& req,
                               std::span<char> out) noexcept {
  const policy_impl& p = policy_access::impl(pol);
  answer a(d, out);
  if (req.headers.size() > max_server_request_headers) {
    d.status = eval_status::limit_exceeded;
    d.status_detail = "more than 256 request headers";
    return d;
  }

  // One pass: the headers the classification and the checks depend on.
  std::size_t origin_count = 0;
  std::size_t acrm_count = 0;
  const header_view* origin = nullptr;
  const header_view* acrm = nullptr;
  std::size_t acrh_first = req.headers.size(), acrh_last = 0;
  bool private_network_asked = false;
  for (std::size_t i = 0; i < req.headers.size(); ++i) {
    const header_view& h = req.headers[i];
    const std::size_t n = h.name.size();
    if (n == 6) {
      if (origin_name.matches(h.name) && origin_count++ == 0) origin = &h;
    } else if (n == 29) {
      if (acrm_name.matches(h.name) && acrm_count++ == 0) acrm = &h;
    } else if (n == 30) {
      if (acrh_name.matches(h.name)) {
        if (acrh_first == req.headers.size()) acrh_first = i;
        acrh_last = i;
      }
    } else if (n == 38) {
      if (acrpn_name.matches(h.name) && trim_tab_or_space(h.value) == "true") private_network_asked = true;
    }
  }
  const header_list acrh_headers = acrh_first == req.headers.size()
                                       ? header_list()
                                       : req.headers.subspan(acrh_first, acrh_last - acrh_first + 1);

  // W3C §6.1 step 1 / §6.2 step 1: no Origin, outside CORS. A cache must
  // still not reuse this answer for a CORS request when answers vary.
  if (origin_count == 0) {
    d.kind = request_kind::not_cors;
    d.allowed = true;
    add_vary(a, p, d.kind);
    return a.finish();
  }
  d.kind = (req.method == "OPTIONS" && acrm_count >= 1) ? request_kind::preflight : request_kind::actual;

  auto deny = [&](server_reason reason, std::string_view detail_text) noexcept -> server_decision& {
    d.allowed = false;
    d.reason = reason;
    d.detail = a.copy(detail_text);
    if (d.kind == request_kind::preflight) d.http_status = 403;
    add_vary(a, p, d.kind);
    return a.finish();
  };

  // Origin checks (protocol order: multiple, malformed, not allowed).
  if (origin_count > 1) return deny(server_reason::multiple_origins, "more than one Origin header");
  const std::string_view origin_text = trim_tab_or_space(origin->value);
  // W3C §6.1 step 2 / §6.2 step 2: case-sensitive match against the list.
  // An exact entry is a canonical origin, so a hit is well formed as it is.
  // Otherwise the Origin must be what the URL Standard's origin
  // serialization produces (protocol "Policy object"; docs/protocol-decisions.md
  // "Server mode / Origins"), else malformed-origin.
  if (!p.exact_origin_allowed(origin_text)) {
    const origin_parse_result parsed = parse_well_formed_origin(origin_text);
    if (!parsed.ok()) return deny(server_reason::malformed_origin, to_string(parsed.status));
    if (!p.pattern_origin_allowed(origin_text, parsed.origin)) return deny(server_reason::origin_not_allowed, {});
  }

  std::string_view method;
  bool private_network = false;
  requested_name names[max_requested_header_names];  // deliberately uninitialized: only [0, name_count) is read
  std::size_t name_count = 0;
  bool authorization_requested = false;
  if (d.kind == request_kind::preflight) {
    // §6.2 step 3: parse Access-Control-Request-Method (one header, a token).
    if (acrm_count > 1)
      return deny(server_reason::malformed_request_method, "more than one Access-Control-Request-Method header");
    method = trim_tab_or_space(acrm->value);
    if (method.size() > max_request_method_bytes)
      return deny(server_reason::malformed_request_method, "longer than 1024 bytes");
    // A listed method is a token (compile_policy checked it): one lookup
    // answers both questions for the methods a policy expects.
    const bool method_listed = p.method_listed(method);
    if (!method_listed && !is_method(method))
      return deny(server_reason::malformed_request_method, method.empty() ? "empty value" : method);
    // §6.2 step 4: Access-Control-Request-Headers, every header one list,
    // parsed once; the names are kept for the checks and the echo.
    if (!read_requested_names(acrh_headers, names, name_count)) {
      name_count = 0;
      token_list_cursor c(acrh_headers, "access-control-request-headers", request_headers_list_limits);
      std::string_view name;
      while (c.next(name)) names[name_count++] = requested_name{name.data(), name.size(), name.data() + name.size()};
      switch (c.status()) {
        case list_status::ok:
        case list_status::absent: break;
        case list_status::not_a_token: return deny(server_reason::malformed_request_headers, c.bad_element());
        case list_status::too_many_elements:
          return deny(server_reason::malformed_request_headers, "more than 64 requested header names");
        case list_status::too_long:
          return deny(server_reason::malformed_request_headers, "Access-Control-Request-Headers longer than 4096 bytes");
      }
    }
    if (!method_listed && !is_cors_safelisted_method(method) && !p.any_method)
      return deny(server_reason::method_not_allowed, {});
    // One lookup per requested name; `*` and Authorization by flags.
    for (std::size_t i = 0; i < name_count; ++i) {
      const requested_name& name = names[i];
      const bool is_authorization = authorization_name.matches(name.view());
      authorization_requested |= is_authorization;
      const bool wildcard_covers = p.any_header && !is_authorization;
      if (!wildcard_covers && !p.header_lookup.contains(name.data, name.size, name.limit))
        return deny(server_reason::header_not_allowed, name.view());
    }
    // Private Network Access (Chromium extension): checked last.
    private_network = private_network_asked;
    if (private_network && !p.private_network)
      return deny(server_reason::private_network_not_allowed, {});
  }

  // Allowed: §6.1 steps 3-4, §6.2 steps 7-10, in the canonical order. The
  // values that depend only on the policy were rendered with it; the answer's
  // bytes take their room in the buffer at once and are copied unchecked.
  d.allowed = true;
  d.reason = server_reason::ok;
  const bool preflight = d.kind == request_kind::preflight;
  const std::string_view fixed = preflight ? p.preflight_static : p.actual_static;
  const std::string_view acao_value = (p.any_origin && !p.credentials) ? std::string_view("*") : origin_text;
  std::string_view acam_value;
  bool acah_star = false;
  std::size_t acah_bytes = 0;
  if (preflight) {
    acam_value = (p.any_method && !p.credentials) ? std::string_view("*") : method;
    if (name_count > 0) {
      acah_star = p.any_header && !p.credentials && !authorization_requested;
      if (acah_star) {
        acah_bytes = 1;
      } else {
        acah_bytes = 2 * (name_count - 1);  // ", " between names
        for (std::size_t i = 0; i < name_count; ++i) acah_bytes += names[i].size;
      }
    }
  }
  const std::string_view true_value = "true";
  const std::size_t total =
      fixed.size() + acao_value.size() + acam_value.size() + acah_bytes + (private_network ? true_value.size() : 0);
  char* o = a.writer().extend(total);
  if (o == nullptr) return a.finish();
  auto put = [&o](std::string_view v) noexcept {
    detail::writer::copy_bytes(o, v.data(), v.size());
    const std::string_view written(o, v.size());
    o += v.size();
    return written;
  };
  const std::string_view fixed_copy = put(fixed);
  std::size_t at = 0;
  auto take = [&fixed_copy, &at](std::size_t n) noexcept {  // [at, at + n) lies in fixed_copy
    const std::string_view v(fixed_copy.data() + at, n);
    at += n;
    return v;
  };
  // The header views, counted in a local (the decision's count would be
  // reloaded after every byte store into the buffer).
  header_view* const views = d.header_storage.data();
  std::size_t count = 0;
  auto emit = [views, &count](std::string_view name, std::string_view value) noexcept {
    views[count++] = header_view{name, value};
  };
  const std::string_view acac_value = take(p.credentials ? 4 : 0);
  emit(acao, put(acao_value));
  if (p.credentials) emit(acac, acac_value);
  if (preflight) {
    d.http_status = p.preflight_status;
    emit(acam, put(acam_value));
    if (name_count > 0) {
      if (acah_star) {
        emit(acah, put("*"));
      } else {
        char* const first = o;
        for (std::size_t i = 0; i < name_count; ++i) {
          if (i) {
            o[0] = ',';
            o[1] = ' ';
            o += 2;
          }
          detail::writer::copy_bytes(o, names[i].data, names[i].size);
          o += names[i].size;
        }
        emit(acah, std::string_view(first, acah_bytes));
      }
    }
    if (private_network) emit(acapn, put(true_value));
    if (p.has_max_age) emit(acma, take(p.max_age_value.size()));
  } else if (!p.expose_value.empty()) {
    emit(aceh, take(p.expose_value.size()));
  }
  if (at != fixed_copy.size()) emit(vary, std::string_view(fixed_copy.data() + at, fixed_copy.size() - at));
  d.header_count = count;
  return a.finish();
}

}  // namespace

server_decision evaluate_server(const policy& pol, const server_request& req, std::span<char> out) noexcept {
  server_decision d;
  evaluate_into(d, pol, req, out);
  return d;
}

}  // namespace corsproof

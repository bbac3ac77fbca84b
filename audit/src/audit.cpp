// audit/src/audit.cpp — see corsproof/audit.hpp and audit/README.md.
//
// Every CORS rule used here is the core's: evaluate_server says what the
// policy grants; cors_check and evaluate_browser say what a browser does with
// the observed answer; token_list_cursor / check_token_list /
// extract_max_age / allow_credentials_is_true read the observed headers.
// This file compares the two verdicts and words the findings.
#include "corsproof/audit.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "corsproof/browser.hpp"
#include "corsproof/header_list_values.hpp"
#include "corsproof/json_quoted.hpp"
#include "corsproof/method.hpp"
#include "corsproof/origin.hpp"

namespace corsproof::audit {

std::vector<header_view> views(const header_pairs& pairs) {
  std::vector<header_view> v;
  v.reserve(pairs.size());
  for (const auto& [n, val] : pairs) v.push_back(header_view{n, val});
  return v;
}

std::size_t audit_result::error_count() const noexcept { return corsproof::error_count(findings); }

std::size_t audit_result::warning_count() const noexcept { return findings.size() - error_count(); }

std::string render_text(const audit_result& r) { return corsproof::render_text(r.findings); }

namespace {

constexpr std::string_view h_origin = "origin";
constexpr std::string_view h_acrm = "access-control-request-method";
constexpr std::string_view h_acrh = "access-control-request-headers";
constexpr std::string_view h_acrpn = "access-control-request-private-network";
constexpr std::string_view h_acao = "access-control-allow-origin";
constexpr std::string_view h_acac = "access-control-allow-credentials";
constexpr std::string_view h_acam = "access-control-allow-methods";
constexpr std::string_view h_acah = "access-control-allow-headers";
constexpr std::string_view h_acapn = "access-control-allow-private-network";
constexpr std::string_view h_acma = "access-control-max-age";
constexpr std::string_view h_aceh = "access-control-expose-headers";

// The CORS headers an audit looks at, and where they are in a header list:
// each list is read once (names compared case-insensitively) instead of once
// per question.
enum class cors_header : std::uint8_t { origin, acrm, acrh, acao, acac, acma, acapn, count };
constexpr std::array<std::string_view, static_cast<std::size_t>(cors_header::count)> cors_header_names = {
    h_origin, h_acrm, h_acrh, h_acao, h_acac, h_acma, h_acapn};

class header_index {
 public:
  explicit header_index(header_list h) noexcept {
    for (const header_view& e : h) {
      for (std::size_t k = 0; k < cors_header_names.size(); ++k) {
        if (e.name.size() != cors_header_names[k].size() || !iequals(e.name, cors_header_names[k])) continue;
        if (count_[k]++ == 0) first_[k] = &e;
        break;
      }
    }
  }
  // How many headers have this name.
  [[nodiscard]] std::size_t count(cors_header k) const noexcept { return count_[static_cast<std::size_t>(k)]; }
  // The first of them, or nullptr.
  [[nodiscard]] const header_view* first(cors_header k) const noexcept { return first_[static_cast<std::size_t>(k)]; }

 private:
  std::array<std::size_t, cors_header_names.size()> count_{};
  std::array<const header_view*, cors_header_names.size()> first_{};
};

// The observed lists are bounded by the header bounds checked up front.
constexpr list_limits wide_limits{max_browser_response_headers * max_header_value_bytes,
                                  max_browser_response_headers * max_header_value_bytes};

// A value that makes any request-header name CORS-unsafe: '"' is a
// CORS-unsafe request-header byte, so even Accept, Accept-Language,
// Content-Language, Content-Type and Range are not safelisted with it.
constexpr std::string_view unsafe_value = "corsproof\"";

// Every value of `name`, quoted and comma-separated, or "absent".
std::string shown(header_list h, std::string_view name) {
  std::string out;
  for (const auto& e : h) {
    if (!iequals(e.name, name)) continue;
    if (!out.empty()) out += ", ";
    out += json_quoted(trim_tab_or_space(e.value));
  }
  return out.empty() ? std::string("absent") : out;
}

bool list_has(header_list h, std::string_view name, std::string_view item, bool case_insensitive) {
  token_list_cursor c(h, name, wide_limits);
  std::string_view e;
  while (c.next(e))
    if (case_insensitive ? iequals(e, item) : e == item) return true;
  return false;
}

bool vary_covers_origin(header_list h) {
  token_list_cursor c(h, "vary", wide_limits);
  std::string_view e;
  while (c.next(e))
    if (e == "*" || iequals(e, "origin")) return true;
  return false;
}

// The request as the browser side sees it. The views point into the
// request's headers, which outlive the audit.
struct cors_request {
  std::string_view origin;  // the first Origin value, trimmed
  bool has_origin = false;
  std::string_view method;  // preflight: the Access-Control-Request-Method value, trimmed
  std::vector<std::string_view> requested;  // preflight: the requested header names, in order
  bool private_network = false;
  std::vector<std::string> unrealizable;  // why no browser sends this request
};

// Whether `value`, which the cursor read as `names`, is already a browser's
// spelling: every element a name with no whitespace around it, lower case,
// each greater than the one before (so sorted without duplicates), no empty
// element. Then the sorted, lower-cased, deduplicated names joined by ","
// are `value` itself, and the general path below need not build them.
bool spelled_as_browsers_send(std::string_view value, const std::vector<std::string_view>& names) {
  std::size_t at = 0;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string_view n = names[i];
    if (value.size() - at < n.size() || value.substr(at, n.size()) != n) return false;
    for (char ch : n)
      if (ch >= 'A' && ch <= 'Z') return false;
    if (i > 0 && !(names[i - 1] < n)) return false;
    at += n.size();
    if (i + 1 < names.size()) {
      if (at == value.size() || value[at] != ',') return false;
      ++at;
    }
  }
  return !names.empty() && at == value.size();
}

cors_request read_request(request_kind kind, header_list req, const header_index& in) {
  cors_request r;
  const std::size_t origins = in.count(cors_header::origin);
  if (const header_view* o = in.first(cors_header::origin)) {
    r.has_origin = true;
    r.origin = trim_tab_or_space(o->value);
  }
  if (origins > 1) r.unrealizable.emplace_back("it has more than one Origin header");
  // parse_well_formed_origin: parse_serialized_origin then is_canonical, with
  // a fast path for the origins browsers send (most requests).
  const origin_parse_result parsed = parse_well_formed_origin(r.origin);
  if (parsed.status == origin_status::not_canonical) {
    if (!parsed.origin.opaque)
      r.unrealizable.push_back("its Origin " + json_quoted(r.origin) + " is not spelled as browsers serialize origins");
  } else if (!parsed.ok()) {
    r.unrealizable.push_back("its Origin " + json_quoted(r.origin) + " is malformed (" +
                             std::string(corsproof::to_string(parsed.status)) + ")");
  }
  if (kind != request_kind::preflight) return r;

  if (in.count(cors_header::acrm) > 1)
    r.unrealizable.emplace_back("it has more than one Access-Control-Request-Method");
  if (const header_view* m = in.first(cors_header::acrm)) r.method = trim_tab_or_space(m->value);
  if (!is_method(r.method)) {
    r.unrealizable.push_back("its Access-Control-Request-Method " + json_quoted(r.method) + " is not a method");
  } else if (is_forbidden_method(r.method)) {
    r.unrealizable.push_back("its Access-Control-Request-Method " + json_quoted(r.method) + " is a forbidden method");
  } else if (normalize_method(r.method) != r.method) {
    r.unrealizable.push_back("browsers send the method " + json_quoted(r.method) + " as " +
                             json_quoted(normalize_method(r.method)));
  }
  // Access-Control-Request-Headers: the server side's bounds.
  token_list_cursor c(req, h_acrh, request_headers_list_limits);
  r.requested.reserve(max_requested_header_names);
  std::string_view name;
  while (c.next(name)) {
    r.requested.emplace_back(name);
    if (is_forbidden_request_header(name, unsafe_value))
      r.unrealizable.push_back("it requests " + json_quoted(name) +
                               ", a forbidden request-header name scripts cannot set");
  }
  if (c.status() != list_status::ok && c.status() != list_status::absent)
    r.unrealizable.push_back("its Access-Control-Request-Headers is not a list browsers send (" +
                             std::string(to_string(c.status())) + ")");
  // Fetch "CORS-preflight fetch" step 5: a browser sends one
  // Access-Control-Request-Headers, only when there are CORS-unsafe names,
  // holding them as a sorted-lowercase set joined by bare commas ("a,b").
  const std::size_t acrh_count = in.count(cors_header::acrh);
  if (acrh_count > 1) {
    r.unrealizable.emplace_back("it has more than one Access-Control-Request-Headers");
  } else if (acrh_count == 1) {
    const std::string_view value = trim_tab_or_space(in.first(cors_header::acrh)->value);
    if (c.status() == list_status::ok && spelled_as_browsers_send(value, r.requested)) {
      r.private_network = combined_value_equals(req, h_acrpn, "true");
      return r;
    }
    std::vector<std::string> names;
    for (const auto& n : r.requested) {
      std::string l(n);
      for (char& ch : l)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
      names.push_back(std::move(l));
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    std::string spelled;
    for (const auto& n : names) spelled.append(spelled.empty() ? "" : ",").append(n);
    if (value.empty()) {
      r.unrealizable.emplace_back("its Access-Control-Request-Headers is empty (browsers leave it out)");
    } else if (c.status() == list_status::ok && value != spelled) {
      r.unrealizable.push_back("its Access-Control-Request-Headers " + json_quoted(value) +
                               " is not spelled as browsers send it (" + json_quoted(spelled) +
                               ": lower case, sorted, no duplicates, no spaces, no empty elements)");
    }
  }
  r.private_network = combined_value_equals(req, h_acrpn, "true");
  return r;
}

// The core's output buffers, one per thread and purpose, allocated on first
// use and kept (not zero-filled: a fresh 64 KiB buffer per call was most of
// an audit's time, and its allocation most of what was left). Slot 0 holds
// the server's answer for the whole audit; slot 1 each browser evaluation,
// whose views are copied out before the next one.
std::span<char> scratch_output(std::size_t capacity, int slot) {
  thread_local std::array<std::unique_ptr<char[]>, 2> buffers;
  std::unique_ptr<char[]>& b = buffers[static_cast<std::size_t>(slot)];
  if (!b) b = std::make_unique_for_overwrite<char[]>(std::max(server_output_capacity, browser_output_capacity));
  return std::span<char>(b.get(), capacity);
}

struct browser_verdict {
  bool judged = false;
  browser_error error = browser_error::none;
  eval_status status = eval_status::ok;
  std::string why_not;  // !judged: why
  [[nodiscard]] bool accepts() const noexcept { return judged && error == browser_error::none; }
};

// Fetch "CORS check" on an actual response.
browser_verdict judge_actual(const cors_request& r, header_list observed, credentials_mode mode) {
  return browser_verdict{true, cors_check(observed, r.origin, mode), eval_status::ok, {}};
}

// The preflight stage of a browser whose request would make this preflight:
// origin = Origin, method = Access-Control-Request-Method, one header per
// requested name with a value that makes it CORS-unsafe. The private-network
// flag forces the preflight even when the method is safelisted and nothing
// is requested (Fetch's "use-CORS-preflight flag"); its own check runs last
// in the core, so when the real request did not ask for private network
// access, that last error alone is ignored.
//
// The request's Origin is any text a client sent, while the core's browser
// side only takes origins a browser can have (it refuses the rest as a bad
// case). So the exchange is judged in two parts, in Fetch's order
// ("CORS-preflight fetch" step 7: the CORS check, then the ok status, then
// the methods and headers):
//  1. the CORS check, cors_check(), with the Origin exactly as received: it
//     only compares bytes, and a browser that sent this Origin would compare
//     the same bytes;
//  2. everything after it, evaluate_browser() with a stand-in origin that
//     every browser can have. When the CORS check passed, the observed
//     answer has exactly one Access-Control-Allow-Origin ("*" or the Origin
//     itself); it is replaced by the stand-in, which passes that check again
//     (Access-Control-Allow-Credentials is left as it is), so the stand-in's
//     verdict is the verdict of the checks after it. When the CORS check
//     failed, that is the verdict, and evaluate_browser() only says whether
//     a browser would send the request at all (forbidden-request) and
//     whether the exchange is within the core's bounds.
constexpr std::string_view stand_in_origin = "https://corsproof-audit-origin.invalid";
constexpr std::string_view stand_in_url = "https://corsproof-audit.invalid/";

browser_verdict judge_preflight(const cors_request& r, int status, header_list observed, credentials_mode mode,
                                bool drop_authorization = false) {
  const browser_error cors = cors_check(observed, r.origin, mode);
  // Copies of the observed answer and the requested names, on the stack:
  // audit_answer checked the answer's bounds (response_headers_within_bounds) and
  // the cursor that read the names stops at max_requested_header_names.
  slot_array<header_view, max_browser_response_headers> answer;  // [0, observed.size()) written
  slot_array<header_view, max_requested_header_names> headers;  // [0, header_count) written
  // Unreachable as said; refused rather than overrun should that change.
  if (observed.size() > answer.size() || r.requested.size() > headers.size()) {
    browser_verdict beyond;
    beyond.status = eval_status::limit_exceeded;
    beyond.why_not = "more response headers or requested names than corsproof's bounds";
    return beyond;
  }
  std::copy(observed.begin(), observed.end(), answer.begin());
  if (cors == browser_error::none) {
    for (std::size_t i = 0; i < observed.size(); ++i)
      if (iequals(answer[i].name, h_acao)) answer[i].value = stand_in_origin;
  }
  std::size_t header_count = 0;
  for (const std::string_view n : r.requested) {
    if (drop_authorization && iequals(n, "authorization")) continue;
    headers[header_count++] = header_view{n, unsafe_value};
  }
  browser_request req;
  req.origin = stand_in_origin;
  req.url = stand_in_url;
  req.method = r.method;
  req.headers = header_list(headers.data(), header_count);
  req.credentials = mode;
  req.private_network = true;
  const http_response response{status, header_list(answer.data(), observed.size())};
  browser_exchange ex;
  ex.request = req;
  ex.preflight_response = &response;
  const browser_decision d = evaluate_browser(ex, scratch_output(browser_output_capacity, 1));
  browser_verdict v;
  if (d.status != eval_status::ok) {
    v.status = d.status;
    v.why_not = std::string(d.status_detail);
    return v;
  }
  if (d.outcome == browser_outcome::forbidden_request) {
    v.why_not = "a browser refuses to send it: " + std::string(d.detail);
    return v;
  }
  v.judged = true;
  v.error = cors != browser_error::none ? cors : d.preflight_error;
  if (v.error == browser_error::private_network_not_allowed && !r.private_network) v.error = browser_error::none;
  return v;
}

std::string_view mode_name(credentials_mode m) { return m == credentials_mode::include ? "include" : "omit"; }

// Why a browser rejected the answer, in words, with the protocol's code.
std::string rejection(browser_error e, const cors_request& r, int status, header_list obs, credentials_mode mode) {
  const bool include = mode == credentials_mode::include;
  std::string s;
  switch (e) {
    case browser_error::none: return "it accepts the answer";
    case browser_error::acao_missing: s = "the answer has no Access-Control-Allow-Origin"; break;
    case browser_error::acao_multiple:
      s = "Access-Control-Allow-Origin holds more than one value (" + shown(obs, h_acao) + ")";
      break;
    case browser_error::acao_wildcard_with_credentials:
      s = "Access-Control-Allow-Origin is \"*\", which credentialed requests never accept";
      break;
    case browser_error::acao_mismatch:
      s = "Access-Control-Allow-Origin " + shown(obs, h_acao) + " is not the request's origin " + json_quoted(r.origin);
      break;
    case browser_error::acac_not_true:
      s = "Access-Control-Allow-Credentials is " + shown(obs, h_acac) + ", not exactly \"true\"";
      break;
    case browser_error::preflight_status:
      s = "the preflight status " + std::to_string(status) + " is not in 200-299";
      break;
    case browser_error::acam_invalid:
      s = "Access-Control-Allow-Methods " + shown(obs, h_acam) + " is not a valid list of methods";
      break;
    case browser_error::acah_invalid:
      s = "Access-Control-Allow-Headers " + shown(obs, h_acah) + " is not a valid list of header names";
      break;
    case browser_error::method_not_allowed:
      s = "Access-Control-Allow-Methods " + shown(obs, h_acam) + " does not include " + json_quoted(r.method);
      if (include && list_has(obs, h_acam, "*", false)) s += " (with credentials \"*\" is only a literal name)";
      break;
    case browser_error::authorization_not_allowed:
      s = "Access-Control-Allow-Headers " + shown(obs, h_acah) + " does not name Authorization (\"*\" never covers it)";
      break;
    case browser_error::header_not_allowed:
      s = "Access-Control-Allow-Headers " + shown(obs, h_acah) + " does not cover every requested name";
      if (include && list_has(obs, h_acah, "*", false)) s += " (with credentials \"*\" is only a literal name)";
      break;
    case browser_error::private_network_not_allowed:
      s = "the answer lacks Access-Control-Allow-Private-Network: true";
      break;
  }
  return s + " [" + std::string(to_string(e)) + "]";
}

std::string requested_summary(request_kind kind, const cors_request& r, std::string_view method) {
  std::string s = kind == request_kind::preflight ? "the preflight for " + json_quoted(r.method)
                                                  : "the " + json_quoted(method) + " request";
  s += " from " + json_quoted(r.origin);
  if (kind == request_kind::preflight && !r.requested.empty()) {
    s += " with headers ";
    for (std::size_t i = 0; i < r.requested.size(); ++i) s.append(i ? ", " : "").append(r.requested[i]);
  }
  return s;
}

class findings_builder {
 public:
  explicit findings_builder(std::vector<audit_finding>& out) : out_(out) {}
  void add(std::string_view code, severity level, std::string detail) {
    out_.push_back(audit_finding{std::string(code), level, std::move(detail)});
  }

 private:
  std::vector<audit_finding>& out_;
};

void check_duplicates(request_kind kind, header_list obs, const header_index& in, findings_builder& f) {
  struct single {
    cors_header name;
    std::string_view display;
    bool preflight_only;
    std::string_view consequence;
  };
  static constexpr std::array<single, 4> singles{{
      {cors_header::acao, "Access-Control-Allow-Origin", false,
       "browsers join repeated values with \", \" and then reject the answer"},
      {cors_header::acac, "Access-Control-Allow-Credentials", false,
       "browsers read \"true, true\", which is not \"true\", and reject credentialed requests"},
      {cors_header::acma, "Access-Control-Max-Age", true,
       "browsers then ignore it and cache the preflight for 5 s"},
      {cors_header::acapn, "Access-Control-Allow-Private-Network", true,
       "browsers read \"true, true\", which is not \"true\""},
  }};
  for (const auto& s : singles) {
    if (s.preflight_only && kind != request_kind::preflight) continue;
    const std::size_t n = in.count(s.name);
    if (n > 1)
      f.add("duplicate-header", severity::error,
            std::string(s.display) + " appears " + std::to_string(n) + " times (" +
                shown(obs, cors_header_names[static_cast<std::size_t>(s.name)]) + "); " +
                std::string(s.consequence) + "; send it once");
  }
}

void check_expose(const policy& p, credentials_mode mode, header_list obs, findings_builder& f) {
  const bool include = mode == credentials_mode::include;
  const std::span<const std::string> exposed = p.expose_headers();  // "*" only without credentials
  const list_check lc = check_token_list(obs, h_aceh, wide_limits);
  const bool valid = lc.status == list_status::ok || lc.status == list_status::absent;
  const bool observed_star = valid && !include && list_has(obs, h_aceh, "*", false);
  const bool policy_star = !include && std::find(exposed.begin(), exposed.end(), "*") != exposed.end();
  std::vector<std::string> missing;
  if (policy_star && !observed_star) missing.emplace_back("*");
  for (const auto& name : exposed) {
    if (name == "*") continue;
    if (!valid || !(observed_star || list_has(obs, h_aceh, name, true))) missing.push_back(name);
  }
  if (!missing.empty()) {
    std::string names;
    for (const auto& n : missing) names += (names.empty() ? "" : ", ") + n;
    f.add("expose-header-missing", severity::warning,
          "the policy exposes " + names + " but the answer's Access-Control-Expose-Headers is " +
              shown(obs, h_aceh) + (valid ? "" : " (not a valid list, so browsers expose nothing extra)") +
              "; pages cannot read those headers");
  }
  if (!valid || policy_star) return;
  std::vector<std::string> extra;
  if (observed_star) extra.emplace_back("*");
  token_list_cursor c(obs, h_aceh, wide_limits);
  std::string_view e;
  while (c.next(e)) {
    if (e == "*" || is_cors_safelisted_response_header_name(e)) continue;
    const bool listed =
        std::any_of(exposed.begin(), exposed.end(), [&](const std::string& n) { return iequals(n, e); });
    if (!listed) extra.emplace_back(e);
  }
  if (!extra.empty()) {
    std::string names;
    for (const auto& n : extra) names += (names.empty() ? "" : ", ") + n;
    f.add("exposes-unlisted-header", severity::warning,
          "the answer's Access-Control-Expose-Headers lets pages read " + names +
              ", which the policy does not expose; expose only the policy's expose_headers");
  }
}

}  // namespace

audit_result audit_answer(const policy& p, std::string_view method, header_list request_headers, int observed_status,
                          header_list obs) {
  audit_result r;
  findings_builder f(r.findings);

  // 1. What the policy grants.
  const server_decision sd =
      evaluate_server(p, server_request{method, request_headers}, scratch_output(server_output_capacity, 0));
  if (sd.status != eval_status::ok) {
    r.status = sd.status;
    r.error = "request: " + std::string(corsproof::to_string(sd.status)) + " (at most " +
              std::to_string(max_server_request_headers) + " request headers)";
    return r;
  }
  // The browser side's bounds, for actual requests as for preflights (whose
  // replay through evaluate_browser would refuse the answer anyway).
  if (!response_headers_within_bounds(obs)) {
    r.status = eval_status::limit_exceeded;
    r.error = "observed: more than 256 headers, a name over 256 bytes, a value over 8192 bytes or over 256 KiB of "
              "names and values";
    return r;
  }
  r.kind = sd.kind;
  r.policy_allows = sd.allowed;
  r.reason = sd.reason;
  r.reason_detail = std::string(sd.detail);
  r.expected_status = sd.http_status;
  r.expected_headers.reserve(sd.headers().size());
  for (const auto& h : sd.headers()) r.expected_headers.emplace_back(h.name, h.value);

  const credentials_mode mode = p.credentials() ? credentials_mode::include : credentials_mode::omit;

  // 2. Structural checks, whatever the verdicts.
  const header_index observed(obs);
  check_duplicates(sd.kind, obs, observed, f);
  const header_view* const single_acao = observed.count(cors_header::acao) == 1 ? observed.first(cors_header::acao)
                                                                              : nullptr;
  if (single_acao != nullptr && trim_tab_or_space(single_acao->value) == "*" &&
      (allow_credentials_is_true(obs) || p.credentials())) {
    f.add("wildcard-with-credentials", severity::error,
          std::string("the answer has Access-Control-Allow-Origin: *") +
              (allow_credentials_is_true(obs) ? " with Access-Control-Allow-Credentials: true"
                                              : " although the policy allows credentials") +
              "; credentialed browsers reject \"*\": answer with the request's origin and "
              "Access-Control-Allow-Credentials: true");
  }

  if (sd.kind == request_kind::not_cors) {
    if (p.depends_on_origin() && !vary_covers_origin(obs))
      f.add("missing-vary-origin", severity::warning,
            "this answer to a request without Origin has no Vary: Origin although the policy's answers depend on "
            "the origin; a shared cache may serve it to CORS requests; add Vary: Origin");
    r.conforms = r.error_count() == 0;
    return r;
  }

  // 3. What a browser does with the observed answer.
  const cors_request cr = read_request(sd.kind, request_headers, header_index(request_headers));
  auto judge = [&](credentials_mode m) {
    return sd.kind == request_kind::preflight ? judge_preflight(cr, observed_status, obs, m)
                                              : judge_actual(cr, obs, m);
  };
  const browser_verdict in_mode = judge(mode);
  // The verdict in the other credentials mode, judged only when a check
  // below asks for it (an allowed request in mode include never does).
  std::optional<browser_verdict> other_mode;
  const auto verdict_in = [&](credentials_mode m) -> const browser_verdict& {
    if (m == mode) return in_mode;
    if (!other_mode) other_mode = judge(m);
    return *other_mode;
  };
  if (!in_mode.judged && in_mode.status != eval_status::ok) {
    r.status = in_mode.status;
    r.error = "beyond corsproof's browser-side bounds: " + in_mode.why_not;
    r.findings.clear();
    return r;
  }
  r.browser_judged = in_mode.judged;
  r.browser_accepts = in_mode.accepts();
  r.browser_error = in_mode.judged ? std::string(to_string(in_mode.error)) : std::string();

  // Findings about requests no browser sends are warnings: the answer is
  // still compared, but no browser ever makes that exchange.
  const bool realizable = cr.unrealizable.empty();
  const severity verdict_level = realizable ? severity::error : severity::warning;
  // The words findings share, built only for a finding that uses them
  // (most audits have none).
  const auto caveat = [&] {
    return realizable ? std::string() : " (no browser sends this request: " + cr.unrealizable.front() + ")";
  };
  const auto what = [&] { return requested_summary(sd.kind, cr, method); };
  const auto policy_reason = [&] {
    std::string s(corsproof::to_string(sd.reason));
    if (!sd.detail.empty()) s.append(": ").append(sd.detail);
    return s;
  };

  if (in_mode.judged) {
    if (sd.allowed) {
      if (!in_mode.accepts()) {
        const std::string why = rejection(in_mode.error, cr, observed_status, obs, mode);
        f.add("denies-allowed-request", verdict_level,
              "the policy allows " + what() + " but a browser (credentials " + std::string(mode_name(mode)) +
                  ") rejects the answer: " + why + caveat());
        if (sd.kind == request_kind::preflight && in_mode.error == browser_error::method_not_allowed)
          f.add("acam-missing-requested-method", verdict_level,
                "the policy allows the method " + json_quoted(cr.method) + " but " + why +
                    "; echo the requested method (or list it by name)" + caveat());
        if (sd.kind == request_kind::preflight && (in_mode.error == browser_error::header_not_allowed ||
                                                   in_mode.error == browser_error::authorization_not_allowed))
          f.add("acah-missing-requested-header", verdict_level,
                "the policy allows every requested header but " + why +
                    "; echo the requested names (or list them by name)" + caveat());
      }
      if (mode == credentials_mode::omit && verdict_in(credentials_mode::include).accepts()) {
        f.add("grants-denied-request", verdict_level,
              "the policy does not allow credentials but the answer lets a credentialed browser read " + what() +
                  " (Access-Control-Allow-Origin " + shown(obs, h_acao) +
                  " with Access-Control-Allow-Credentials: true); drop Access-Control-Allow-Credentials" + caveat());
      }
    } else {
      // Report the worse leak: credentialed acceptance first.
      const bool include_accepts = verdict_in(credentials_mode::include).accepts();
      const credentials_mode accepting_mode = include_accepts ? credentials_mode::include : credentials_mode::omit;
      const browser_verdict& accepting = verdict_in(accepting_mode);
      if (accepting.accepts()) {
        f.add("grants-denied-request", verdict_level,
              "the policy denies " + what() + " (" + policy_reason() + ") but a browser (credentials " +
                  std::string(mode_name(accepting_mode)) +
                  ") accepts the answer (Access-Control-Allow-Origin " + shown(obs, h_acao) +
                  "); a denial must carry no Access-Control-Allow-* header" + caveat());
      } else if (sd.kind == request_kind::preflight && sd.reason == server_reason::header_not_allowed &&
                 iequals(sd.detail, "authorization") && list_has(obs, h_acah, "*", false) &&
                 !list_has(obs, h_acah, "authorization", true) &&
                 judge_preflight(cr, observed_status, obs, credentials_mode::omit, true).accepts()) {
        // Fetch browsers block this; Chromium lets "*" cover Authorization
        // while its CorsNonWildcardRequestHeadersSupport feature is off.
        f.add("star-covers-authorization", verdict_level,
              "the policy refuses Authorization in " + what() +
                  " (\"*\" never covers it) but the answer allows it with Access-Control-Allow-Headers: *; "
                  "Fetch-conforming browsers block it, Chromium (CorsNonWildcardRequestHeadersSupport off by "
                  "default) lets it through; deny the preflight, and list Authorization by name where it is "
                  "meant to be allowed" +
                  caveat());
      }
    }
  }

  // The server echoed an origin its policy does not list.
  if (!sd.allowed && (sd.reason == server_reason::origin_not_allowed || sd.reason == server_reason::malformed_origin ||
                      sd.reason == server_reason::multiple_origins)) {
    // An Access-Control-Allow-Origin of "*" echoes nothing, even when the
    // (malformed) Origin is "*" too.
    for (const auto& h : obs) {
      if (iequals(h.name, h_acao) && cr.has_origin && trim_tab_or_space(h.value) == cr.origin && cr.origin != "*") {
        f.add("reflects-unlisted-origin", verdict_level,
              "the policy does not allow the origin " + json_quoted(cr.origin) + " (" + policy_reason() +
                  ") yet the answer's Access-Control-Allow-Origin echoes it; check the origin against the list "
                  "before echoing it" +
                  caveat());
        break;
      }
    }
  }

  // 4. Caches: an actual answer whose ACAO depends on the origin must vary.
  if (sd.kind == request_kind::actual) {
    const header_view* const acao = single_acao;
    const bool observed_echo = observed.count(cors_header::acao) > 1 ||
                               (acao != nullptr && trim_tab_or_space(acao->value) != "*");
    if ((p.depends_on_origin() || observed_echo) && !vary_covers_origin(obs)) {
      f.add("missing-vary-origin", severity::error,
            std::string(sd.allowed || acao != nullptr
                            ? "this answer's Access-Control-Allow-Origin depends on the request's origin"
                            : "this denial carries no Access-Control-Allow-Origin while allowed origins get one, "
                              "so the answer depends on the origin") +
                ", but Vary is " + shown(obs, "vary") +
                "; a shared cache can serve it to another origin (or to a request without Origin); add "
                "Vary: Origin");
    }
    if (sd.allowed && in_mode.accepts()) check_expose(p, mode, obs, f);
  }

  // 5. Preflight cache lifetime.
  const std::optional<std::int64_t> max_age = p.max_age();
  if (sd.kind == request_kind::preflight && observed.count(cors_header::acma) == 1) {
    const max_age_value age = extract_max_age(obs);
    if (age.status == max_age_status::invalid) {
      f.add("invalid-max-age", severity::error,
            "Access-Control-Max-Age " + shown(obs, h_acma) +
                " is not delta-seconds (digits only); browsers ignore it and cache the preflight for 5 s; " +
                (max_age ? "send " + std::to_string(*max_age) : std::string("omit the header")));
    } else if (age.status == max_age_status::ok && sd.allowed && in_mode.accepts()) {
      if (!max_age || age.seconds != static_cast<std::uint64_t>(*max_age))
        f.add("max-age-differs", severity::warning,
              "Access-Control-Max-Age is " + shown(obs, h_acma) + " but the policy " +
                  (max_age ? "says " + std::to_string(*max_age)
                           : std::string("sets no max_age (browsers then cache for 5 s)")));
    }
  } else if (sd.kind == request_kind::preflight && observed.count(cors_header::acma) == 0 && max_age && sd.allowed &&
             in_mode.accepts()) {
    f.add("max-age-differs", severity::warning,
          "the answer has no Access-Control-Max-Age (browsers cache the preflight for 5 s) but the policy says " +
              std::to_string(*max_age));
  }

  r.conforms = r.error_count() == 0;
  return r;
}

}  // namespace corsproof::audit

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
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "corsproof/browser.hpp"
#include "corsproof/header_list_values.hpp"
#include "corsproof/json_quoted.hpp"
#include "corsproof/method.hpp"
#include "corsproof/origin.hpp"

namespace corsproof::audit {

using namespace std::string_view_literals;

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
enum class cors_header : std::uint8_t { origin, acrm, acrh, acrpn, acao, acac, acma, acapn, count };
constexpr std::array<header_name_literal, static_cast<std::size_t>(cors_header::count)> cors_header_names = {
    header_name_literal(h_origin), header_name_literal(h_acrm),  header_name_literal(h_acrh),
    header_name_literal(h_acrpn),  header_name_literal(h_acao),  header_name_literal(h_acac),
    header_name_literal(h_acma),   header_name_literal(h_acapn)};
// The names' lengths differ: a name's length says which one it can be.
constexpr std::size_t longest_cors_header = 38;
constexpr std::array<std::uint8_t, longest_cors_header + 1> cors_header_of_length = [] {
  std::array<std::uint8_t, longest_cors_header + 1> t{};
  t.fill(static_cast<std::uint8_t>(cors_header::count));
  for (std::size_t k = 0; k < cors_header_names.size(); ++k) t[cors_header_names[k].size()] = static_cast<std::uint8_t>(k);
  return t;
}();
static_assert([] {
  for (std::size_t k = 0; k < cors_header_names.size(); ++k)
    if (cors_header_names[k].size() > longest_cors_header || cors_header_of_length[cors_header_names[k].size()] != k)
      return false;
  return true;
}(), "the CORS header names must have distinct lengths of at most longest_cors_header");

class header_index {
 public:
  explicit header_index(header_list h) noexcept {
    for (const header_view& e : h) {
      if (e.name.size() > longest_cors_header) continue;
      const std::size_t k = cors_header_of_length[e.name.size()];
      if (k == cors_header_names.size() || !cors_header_names[k].matches(e.name)) continue;
      if (count_[k]++ == 0) first_[k] = &e;
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

// The findings' words are appended to one string each (the finding's detail,
// whose capacity is kept from call to call by the audit_result overload):
// no temporary strings.
void append_number(std::string& s, std::int64_t n) {
  std::array<char, 24> digits;
  const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), n).ptr;
  s.append(digits.data(), static_cast<std::size_t>(end - digits.data()));
}

// `prefix` and the policy's max-age, or `otherwise` when it sets none.
void append_policy_max_age(std::string& s, std::optional<std::int64_t> max_age, std::string_view prefix,
                           std::string_view otherwise) {
  if (!max_age) {
    s.append(otherwise);
    return;
  }
  s.append(prefix);
  append_number(s, *max_age);
}

// Every value of `name`, quoted and comma-separated, or "absent".
void append_shown(std::string& s, header_list h, std::string_view name) {
  bool any = false;
  for (const auto& e : h) {
    if (!iequals(e.name, name)) continue;
    if (any) s.append(", "sv);
    any = true;
    append_json_quoted(s, trim_tab_or_space(e.value));
  }
  if (!any) s.append("absent"sv);
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

// Why no browser sends a request, kept as the pieces of its sentence (views
// into the request's headers, the request itself or constants) and written
// out only when a finding says it.
class unrealizable_reason {
 public:
  struct piece {
    std::string_view text;
    bool quoted = false;  // written as a JSON string literal
  };
  [[nodiscard]] bool empty() const noexcept { return n_ == 0; }
  // Only the first reason is kept: it is the one findings give.
  void note(std::initializer_list<piece> pieces) noexcept {
    if (n_ != 0) return;
    for (const piece& p : pieces)
      if (n_ < pieces_.size()) pieces_[n_++] = p;
  }
  void append_to(std::string& s) const {
    for (std::size_t i = 0; i < n_; ++i) {
      if (pieces_[i].quoted) {
        append_json_quoted(s, pieces_[i].text);
      } else {
        s.append(pieces_[i].text);
      }
    }
  }

 private:
  std::array<piece, 5> pieces_{};
  std::size_t n_ = 0;
};

// The request as the browser side sees it. The views point into the
// request's headers, which outlive the audit, or into `spelled`.
struct cors_request {
  std::string_view origin;  // the first Origin value, trimmed
  bool has_origin = false;
  bool origin_is_browsers = false;  // `origin` is one a browser can have (parse_well_formed_origin)
  std::string_view method;  // preflight: the Access-Control-Request-Method value, trimmed
  // preflight: the requested header names, in order (the cursor that reads
  // them stops at max_requested_header_names)
  slot_array<std::string_view, max_requested_header_names> requested;
  std::size_t requested_count = 0;
  bool private_network = false;
  unrealizable_reason unrealizable;  // why no browser sends this request; empty: browsers can
  std::string spelled;  // the requested names as a browser spells them, when the request does not
  [[nodiscard]] std::span<const std::string_view> names() const noexcept {
    return {requested.data(), requested_count};
  }
};

// Whether `value`, which the cursor read as `names`, is already a browser's
// spelling: every element a name with no whitespace around it, lower case,
// each greater than the one before (so sorted without duplicates), no empty
// element. Then the sorted, lower-cased, deduplicated names joined by ","
// are `value` itself, and the general path below need not build them.
bool spelled_as_browsers_send(std::string_view value, std::span<const std::string_view> names) {
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

// Fills `r` (which stays where it is: the reason's views may point into
// r.spelled).
void read_request(cors_request& r, request_kind kind, header_list req, const header_index& in) {
  const std::size_t origins = in.count(cors_header::origin);
  if (const header_view* o = in.first(cors_header::origin)) {
    r.has_origin = true;
    r.origin = trim_tab_or_space(o->value);
  }
  if (origins > 1) r.unrealizable.note({{"it has more than one Origin header"}});
  // parse_well_formed_origin: parse_serialized_origin then is_canonical, with
  // a fast path for the origins browsers send (most requests).
  const origin_parse_result parsed = parse_well_formed_origin(r.origin);
  r.origin_is_browsers = parsed.ok();
  if (parsed.status == origin_status::not_canonical) {
    if (!parsed.origin.opaque)
      r.unrealizable.note({{"its Origin "}, {r.origin, true}, {" is not spelled as browsers serialize origins"}});
  } else if (!parsed.ok()) {
    r.unrealizable.note(
        {{"its Origin "}, {r.origin, true}, {" is malformed ("}, {corsproof::to_string(parsed.status)}, {")"}});
  }
  if (kind != request_kind::preflight) return;

  if (in.count(cors_header::acrm) > 1) r.unrealizable.note({{"it has more than one Access-Control-Request-Method"}});
  if (const header_view* m = in.first(cors_header::acrm)) r.method = trim_tab_or_space(m->value);
  if (!is_method(r.method)) {
    r.unrealizable.note({{"its Access-Control-Request-Method "}, {r.method, true}, {" is not a method"}});
  } else if (is_forbidden_method(r.method)) {
    r.unrealizable.note({{"its Access-Control-Request-Method "}, {r.method, true}, {" is a forbidden method"}});
  } else if (normalize_method(r.method) != r.method) {
    r.unrealizable.note(
        {{"browsers send the method "}, {r.method, true}, {" as "}, {normalize_method(r.method), true}});
  }
  // Access-Control-Request-Headers: the server side's bounds. A single such
  // header (the index found it) is the cursor's whole list.
  const std::size_t acrh_count = in.count(cors_header::acrh);
  token_list_cursor c(acrh_count == 1 ? header_list(in.first(cors_header::acrh), 1) : req, h_acrh,
                      request_headers_list_limits);
  std::string_view name;
  while (c.next(name) && r.requested_count < r.requested.size()) {  // the cursor stops at 64 names
    r.requested[r.requested_count++] = name;
    if (is_forbidden_request_header(name, unsafe_value))
      r.unrealizable.note(
          {{"it requests "}, {name, true}, {", a forbidden request-header name scripts cannot set"}});
  }
  if (c.status() != list_status::ok && c.status() != list_status::absent)
    r.unrealizable.note({{"its Access-Control-Request-Headers is not a list browsers send ("},
                         {to_string(c.status())},
                         {")"}});
  // Access-Control-Request-Private-Network: only looked for where the index
  // saw one.
  const auto private_network = [&] {
    return in.count(cors_header::acrpn) != 0 && combined_value_equals(req, h_acrpn, "true");
  };
  // Fetch "CORS-preflight fetch" step 5: a browser sends one
  // Access-Control-Request-Headers, only when there are CORS-unsafe names,
  // holding them as a sorted-lowercase set joined by bare commas ("a,b").
  if (acrh_count > 1) {
    r.unrealizable.note({{"it has more than one Access-Control-Request-Headers"}});
  } else if (acrh_count == 1) {
    const std::string_view value = trim_tab_or_space(in.first(cors_header::acrh)->value);
    if (c.status() == list_status::ok && spelled_as_browsers_send(value, r.names())) {
      r.private_network = private_network();
      return;
    }
    // The names sorted as their lower-cased spellings sort, equal ones
    // (ignoring case) dropped, then written lower-cased: views sorted in
    // place and one string, not a string per name.
    slot_array<std::string_view, max_requested_header_names> sorted;
    const std::span<std::string_view> names(sorted.data(), r.requested_count);
    std::copy(r.names().begin(), r.names().end(), names.begin());
    const auto lower = [](char ch) { return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch; };
    std::sort(names.begin(), names.end(), [&](std::string_view a, std::string_view b) {
      return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                          [&](char x, char y) { return lower(x) < lower(y); });
    });
    const auto last = std::unique(names.begin(), names.end(), [](std::string_view a, std::string_view b) {
      return iequals(a, b);
    });
    std::size_t size = 0;
    for (auto n = names.begin(); n != last; ++n) size += n->size() + 1;
    r.spelled.reserve(size);
    for (auto n = names.begin(); n != last; ++n) {
      if (n != names.begin()) r.spelled.push_back(',');
      for (char ch : *n) r.spelled.push_back(lower(ch));
    }
    if (value.empty()) {
      r.unrealizable.note({{"its Access-Control-Request-Headers is empty (browsers leave it out)"}});
    } else if (c.status() == list_status::ok && value != r.spelled) {
      r.unrealizable.note({{"its Access-Control-Request-Headers "},
                           {value, true},
                           {" is not spelled as browsers send it ("},
                           {r.spelled, true},
                           {": lower case, sorted, no duplicates, no spaces, no empty elements)"}});
    }
  }
  r.private_network = private_network();
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
//  2. everything after it, evaluate_browser(), given the observed answer as
//     it is and the Origin as the request's origin when it is one a browser
//     can have (every request a browser sends). Otherwise a stand-in origin
//     that every browser can have takes its place: when the CORS check
//     passed, the answer's Access-Control-Allow-Origin ("*" or the Origin
//     itself, which passed as received, "*" even under credentials when the
//     Origin was "*") is replaced by the stand-in, which passes that check
//     again (Access-Control-Allow-Credentials is left as it is), so the
//     stand-in's verdict is the verdict of the checks after it. (The
//     replaced answer can be up to the stand-in's length longer than the
//     one audit_answer checked against the 256 KiB bound: for such a
//     request alone, an answer within that many bytes of the bound is
//     refused as beyond it.) When the CORS check failed, that is the
//     verdict, and evaluate_browser() only says whether a browser would
//     send the request at all (forbidden-request) and whether the exchange
//     is within the core's bounds.
// The URL is cross-origin with either origin. (Short names under the
// reserved .invalid, RFC 6761 §6.4: the core reads them on every
// evaluation, byte by byte.)
constexpr std::string_view stand_in_origin = "https://o.invalid";
constexpr std::string_view stand_in_url = "https://u.invalid/";
constexpr std::string_view stand_in_url_origin = "https://u.invalid";
constexpr std::string_view other_stand_in_url = "https://v.invalid/";

// `basis`: this request's verdict on this answer in the other credentials
// mode, when it has been judged. Whether a browser sends the request at all
// (forbidden-request) and whether the exchange is within the core's bounds
// do not depend on the mode (evaluate_browser decides both before any check
// of the answer; the answer it is given is the observed one, or for an
// Origin no browser has, the same with its Origin replaced, in either
// mode), so when the CORS check fails, that failure and the basis make the
// verdict without a second evaluate_browser.
browser_verdict judge_preflight(const cors_request& r, int status, header_list observed, credentials_mode mode,
                                const browser_verdict* basis, bool drop_authorization = false) {
  const browser_error cors = cors_check(observed, r.origin, mode);
  if (cors != browser_error::none && basis != nullptr) {
    browser_verdict v;
    v.judged = basis->judged;
    v.status = basis->status;
    v.why_not = basis->why_not;
    if (v.judged) v.error = cors;
    return v;
  }
  // The requested names and, when its Origin is replaced, a copy of the
  // observed answer, on the stack: audit_answer checked the answer's bounds
  // (response_headers_within_bounds) and the cursor that read the names
  // stops at max_requested_header_names.
  slot_array<header_view, max_browser_response_headers> answer;  // [0, observed.size()) written when copied
  slot_array<header_view, max_requested_header_names> headers;  // [0, header_count) written
  // Unreachable as said; refused rather than overrun should that change.
  if (observed.size() > answer.size() || r.requested_count > headers.size()) {
    browser_verdict beyond;
    beyond.status = eval_status::limit_exceeded;
    beyond.why_not = "more response headers or requested names than corsproof's bounds";
    return beyond;
  }
  header_list given = observed;
  if (!r.origin_is_browsers && cors == browser_error::none) {
    std::copy(observed.begin(), observed.end(), answer.begin());
    for (std::size_t i = 0; i < observed.size(); ++i)
      if (answer[i].name.size() == h_acao.size() && iequals(answer[i].name, h_acao)) answer[i].value = stand_in_origin;
    given = header_list(answer.data(), observed.size());
  }
  std::size_t header_count = 0;
  for (const std::string_view n : r.names()) {
    if (drop_authorization && iequals(n, "authorization")) continue;
    headers[header_count++] = header_view{n, unsafe_value};
  }
  browser_request req;
  req.origin = r.origin_is_browsers ? r.origin : stand_in_origin;
  req.url = req.origin == stand_in_url_origin ? other_stand_in_url : stand_in_url;
  req.method = r.method;
  req.headers = header_list(headers.data(), header_count);
  req.credentials = mode;
  req.private_network = true;
  const http_response response{status, given};
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
void append_rejection(std::string& s, browser_error e, const cors_request& r, int status, header_list obs,
                      credentials_mode mode) {
  const bool include = mode == credentials_mode::include;
  switch (e) {
    case browser_error::none: s.append("it accepts the answer"sv); return;
    case browser_error::acao_missing: s.append("the answer has no Access-Control-Allow-Origin"sv); break;
    case browser_error::acao_multiple:
      s.append("Access-Control-Allow-Origin holds more than one value ("sv);
      append_shown(s, obs, h_acao);
      s.append(")"sv);
      break;
    case browser_error::acao_wildcard_with_credentials:
      s.append("Access-Control-Allow-Origin is \"*\", which credentialed requests never accept"sv);
      break;
    case browser_error::acao_mismatch:
      s.append("Access-Control-Allow-Origin "sv);
      append_shown(s, obs, h_acao);
      s.append(" is not the request's origin "sv);
      append_json_quoted(s, r.origin);
      break;
    case browser_error::acac_not_true:
      s.append("Access-Control-Allow-Credentials is "sv);
      append_shown(s, obs, h_acac);
      s.append(", not exactly \"true\""sv);
      break;
    case browser_error::preflight_status:
      s.append("the preflight status "sv);
      append_number(s, status);
      s.append(" is not in 200-299"sv);
      break;
    case browser_error::acam_invalid:
      s.append("Access-Control-Allow-Methods "sv);
      append_shown(s, obs, h_acam);
      s.append(" is not a valid list of methods"sv);
      break;
    case browser_error::acah_invalid:
      s.append("Access-Control-Allow-Headers "sv);
      append_shown(s, obs, h_acah);
      s.append(" is not a valid list of header names"sv);
      break;
    case browser_error::method_not_allowed:
      s.append("Access-Control-Allow-Methods "sv);
      append_shown(s, obs, h_acam);
      s.append(" does not include "sv);
      append_json_quoted(s, r.method);
      if (include && list_has(obs, h_acam, "*", false)) s.append(" (with credentials \"*\" is only a literal name)"sv);
      break;
    case browser_error::authorization_not_allowed:
      s.append("Access-Control-Allow-Headers "sv);
      append_shown(s, obs, h_acah);
      s.append(" does not name Authorization (\"*\" never covers it)"sv);
      break;
    case browser_error::header_not_allowed:
      s.append("Access-Control-Allow-Headers "sv);
      append_shown(s, obs, h_acah);
      s.append(" does not cover every requested name"sv);
      if (include && list_has(obs, h_acah, "*", false)) s.append(" (with credentials \"*\" is only a literal name)"sv);
      break;
    case browser_error::private_network_not_allowed:
      s.append("the answer lacks Access-Control-Allow-Private-Network: true"sv);
      break;
  }
  s.append(" ["sv).append(to_string(e)).append("]"sv);
}

void append_requested_summary(std::string& s, request_kind kind, const cors_request& r, std::string_view method) {
  if (kind == request_kind::preflight) {
    s.append("the preflight for "sv);
    append_json_quoted(s, r.method);
  } else {
    s.append("the "sv);
    append_json_quoted(s, method);
    s.append(" request"sv);
  }
  s.append(" from "sv);
  append_json_quoted(s, r.origin);
  if (kind == request_kind::preflight && r.requested_count != 0) {
    s.append(" with headers "sv);
    for (std::size_t i = 0; i < r.requested_count; ++i) s.append(i ? ", " : "").append(r.requested[i]);
  }
}

// Elements a reused result no longer needs (findings, header pairs), kept
// per thread with their strings' capacity until a later audit needs more:
// a result's vectors shrink and grow from answer to answer, and a dropped
// element would take its strings' memory with it.
template <class T>
std::vector<T>& spare_elements() {
  thread_local std::vector<T> spare;
  return spare;
}

// v.resize(n), the elements it drops kept in spare_elements and the ones it
// adds taken from there first.
template <class T>
void resize_keeping_capacity(std::vector<T>& v, std::size_t n) {
  std::vector<T>& spare = spare_elements<T>();
  while (v.size() > n) {
    spare.push_back(std::move(v.back()));
    v.pop_back();
  }
  while (v.size() < n) {
    if (spare.empty()) {
      v.emplace_back();
    } else {
      v.push_back(std::move(spare.back()));
      spare.pop_back();
    }
  }
}

// The findings of one audit, written into `out`: its elements are reused
// (their strings keep their capacity) and the ones left over are dropped
// when the builder ends.
class findings_builder {
 public:
  explicit findings_builder(std::vector<audit_finding>& out) : out_(out) {}
  findings_builder(const findings_builder&) = delete;
  findings_builder& operator=(const findings_builder&) = delete;
  // Leaves exactly the findings added. Keeping the dropped ones may need
  // memory; a destructor must not throw, so then they are simply dropped.
  ~findings_builder() {
    try {
      finish();
    } catch (...) {
      out_.erase(out_.begin() + static_cast<std::ptrdiff_t>(used_), out_.end());
    }
  }
  // A new finding; its detail, empty, for the caller to write.
  std::string& add(std::string_view code, severity level) {
    if (used_ == out_.size()) resize_keeping_capacity(out_, used_ + 1);
    audit_finding& f = out_[used_++];
    f.code.assign(code);
    f.level = level;
    f.detail.clear();
    return f.detail;
  }
  void clear() noexcept { used_ = 0; }
  [[nodiscard]] std::size_t error_count() const noexcept {
    std::size_t n = 0;
    for (std::size_t i = 0; i < used_; ++i) n += out_[i].level == severity::error ? 1 : 0;
    return n;
  }
  void finish() { resize_keeping_capacity(out_, used_); }

 private:
  std::vector<audit_finding>& out_;
  std::size_t used_ = 0;
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
    if (n > 1) {
      std::string& d = f.add("duplicate-header", severity::error);
      d.append(s.display).append(" appears "sv);
      append_number(d, static_cast<std::int64_t>(n));
      d.append(" times ("sv);
      append_shown(d, obs, cors_header_names[static_cast<std::size_t>(s.name)].text());
      d.append("); "sv).append(s.consequence).append("; send it once"sv);
    }
  }
}

// `names`, joined with ", ".
template <class Names>
void append_names(std::string& s, const Names& names) {
  bool first = true;
  for (const auto& n : names) {
    if (!first) s.append(", "sv);
    first = false;
    s.append(n);
  }
}

void check_expose(const policy& p, credentials_mode mode, header_list obs, findings_builder& f) {
  const bool include = mode == credentials_mode::include;
  const std::span<const std::string> exposed = p.expose_headers();  // "*" only without credentials
  const list_check lc = check_token_list(obs, h_aceh, wide_limits);
  const bool valid = lc.status == list_status::ok || lc.status == list_status::absent;
  const bool observed_star = valid && !include && list_has(obs, h_aceh, "*", false);
  const bool policy_star = !include && std::find(exposed.begin(), exposed.end(), "*") != exposed.end();
  std::vector<std::string_view> missing;
  if (policy_star && !observed_star) missing.emplace_back("*");
  for (const auto& name : exposed) {
    if (name == "*") continue;
    if (!valid || !(observed_star || list_has(obs, h_aceh, name, true))) missing.emplace_back(name);
  }
  if (!missing.empty()) {
    std::string& d = f.add("expose-header-missing", severity::warning);
    d.append("the policy exposes "sv);
    append_names(d, missing);
    d.append(" but the answer's Access-Control-Expose-Headers is "sv);
    append_shown(d, obs, h_aceh);
    d.append(valid ? "" : " (not a valid list, so browsers expose nothing extra)")
        .append("; pages cannot read those headers"sv);
  }
  if (!valid || policy_star) return;
  std::vector<std::string_view> extra;
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
    std::string& d = f.add("exposes-unlisted-header", severity::warning);
    d.append("the answer's Access-Control-Expose-Headers lets pages read "sv);
    append_names(d, extra);
    d.append(", which the policy does not expose; expose only the policy's expose_headers"sv);
  }
}

}  // namespace

void audit_answer(audit_result& r, const policy& p, std::string_view method, header_list request_headers,
                  int observed_status, header_list obs, const audit_options& options) {
  r.status = eval_status::ok;
  r.error.clear();
  r.kind = request_kind::not_cors;
  r.policy_allows = false;
  r.reason = server_reason::ok;
  r.reason_detail.clear();
  r.expected_status = 0;
  r.browser_judged = false;
  r.browser_accepts = false;
  r.browser_error.clear();
  r.conforms = false;
  findings_builder f(r.findings);

  // 1. What the policy grants.
  const server_decision sd =
      evaluate_server(p, server_request{method, request_headers}, scratch_output(server_output_capacity, 0));
  if (sd.status != eval_status::ok) {
    resize_keeping_capacity(r.expected_headers, 0);
    r.status = sd.status;
    r.error.append("request: "sv).append(corsproof::to_string(sd.status)).append(" (at most "sv);
    append_number(r.error, static_cast<std::int64_t>(max_server_request_headers));
    r.error.append(" request headers)"sv);
    return;
  }
  // The browser side's bounds, for actual requests as for preflights (whose
  // replay through evaluate_browser would refuse the answer anyway).
  if (!response_headers_within_bounds(obs)) {
    resize_keeping_capacity(r.expected_headers, 0);
    r.status = eval_status::limit_exceeded;
    r.error.assign(
        "observed: more than 256 headers, a name over 256 bytes, a value over 8192 bytes or over 256 KiB of "
        "names and values");
    return;
  }
  r.kind = sd.kind;
  r.policy_allows = sd.allowed;
  r.reason = sd.reason;
  r.reason_detail.assign(sd.detail);
  r.expected_status = sd.http_status;
  // Assigned pair by pair: the strings keep their capacity.
  const header_list expected = options.expected_headers ? sd.headers() : header_list();
  resize_keeping_capacity(r.expected_headers, expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    r.expected_headers[i].first.assign(expected[i].name);
    r.expected_headers[i].second.assign(expected[i].value);
  }

  const credentials_mode mode = p.credentials() ? credentials_mode::include : credentials_mode::omit;

  // 2. Structural checks, whatever the verdicts.
  const header_index observed(obs);
  check_duplicates(sd.kind, obs, observed, f);
  const header_view* const single_acao = observed.count(cors_header::acao) == 1 ? observed.first(cors_header::acao)
                                                                              : nullptr;
  if (single_acao != nullptr && trim_tab_or_space(single_acao->value) == "*" &&
      (allow_credentials_is_true(obs) || p.credentials())) {
    f.add("wildcard-with-credentials", severity::error)
        .append("the answer has Access-Control-Allow-Origin: *"sv)
        .append(allow_credentials_is_true(obs) ? " with Access-Control-Allow-Credentials: true"
                                               : " although the policy allows credentials")
        .append(
            "; credentialed browsers reject \"*\": answer with the request's origin and "
            "Access-Control-Allow-Credentials: true"sv);
  }

  if (sd.kind == request_kind::not_cors) {
    if (p.depends_on_origin() && !vary_covers_origin(obs))
      f.add("missing-vary-origin", severity::warning)
          .append(
              "this answer to a request without Origin has no Vary: Origin although the policy's answers depend "
              "on the origin; a shared cache may serve it to CORS requests; add Vary: Origin"sv);
    r.conforms = f.error_count() == 0;
    return;
  }

  // 3. What a browser does with the observed answer.
  cors_request cr;
  read_request(cr, sd.kind, request_headers, header_index(request_headers));
  auto judge = [&](credentials_mode m, const browser_verdict* basis) {
    return sd.kind == request_kind::preflight ? judge_preflight(cr, observed_status, obs, m, basis)
                                              : judge_actual(cr, obs, m);
  };
  const browser_verdict in_mode = judge(mode, nullptr);
  // The verdict in the other credentials mode, judged only when a check
  // below asks for it (an allowed request in mode include never does).
  std::optional<browser_verdict> other_mode;
  const auto verdict_in = [&](credentials_mode m) -> const browser_verdict& {
    if (m == mode) return in_mode;
    if (!other_mode) other_mode = judge(m, &in_mode);
    return *other_mode;
  };
  if (!in_mode.judged && in_mode.status != eval_status::ok) {
    r.status = in_mode.status;
    r.error.append("beyond corsproof's browser-side bounds: "sv).append(in_mode.why_not);
    f.clear();
    return;
  }
  r.browser_judged = in_mode.judged;
  r.browser_accepts = in_mode.accepts();
  if (in_mode.judged) r.browser_error.assign(to_string(in_mode.error));

  // Findings about requests no browser sends are warnings: the answer is
  // still compared, but no browser ever makes that exchange.
  const bool realizable = cr.unrealizable.empty();
  const severity verdict_level = realizable ? severity::error : severity::warning;
  // The words findings share, written only into a finding that uses them
  // (most audits have none).
  const auto caveat = [&](std::string& s) {
    if (realizable) return;
    s.append(" (no browser sends this request: "sv);
    cr.unrealizable.append_to(s);
    s.append(")"sv);
  };
  const auto what = [&](std::string& s) { append_requested_summary(s, sd.kind, cr, method); };
  const auto policy_reason = [&](std::string& s) {
    s.append(corsproof::to_string(sd.reason));
    if (!sd.detail.empty()) s.append(": "sv).append(sd.detail);
  };

  if (in_mode.judged) {
    if (sd.allowed) {
      if (!in_mode.accepts()) {
        std::string why;
        append_rejection(why, in_mode.error, cr, observed_status, obs, mode);
        std::string& d = f.add("denies-allowed-request", verdict_level);
        d.append("the policy allows "sv);
        what(d);
        d.append(" but a browser (credentials "sv).append(mode_name(mode)).append(") rejects the answer: "sv);
        d.append(why);
        caveat(d);
        if (sd.kind == request_kind::preflight && in_mode.error == browser_error::method_not_allowed) {
          std::string& m = f.add("acam-missing-requested-method", verdict_level);
          m.append("the policy allows the method "sv);
          append_json_quoted(m, cr.method);
          m.append(" but "sv).append(why).append("; echo the requested method (or list it by name)"sv);
          caveat(m);
        }
        if (sd.kind == request_kind::preflight && (in_mode.error == browser_error::header_not_allowed ||
                                                   in_mode.error == browser_error::authorization_not_allowed)) {
          std::string& h = f.add("acah-missing-requested-header", verdict_level);
          h.append("the policy allows every requested header but "sv)
              .append(why)
              .append("; echo the requested names (or list them by name)"sv);
          caveat(h);
        }
      }
      if (mode == credentials_mode::omit && verdict_in(credentials_mode::include).accepts()) {
        std::string& d = f.add("grants-denied-request", verdict_level);
        d.append("the policy does not allow credentials but the answer lets a credentialed browser read "sv);
        what(d);
        d.append(" (Access-Control-Allow-Origin "sv);
        append_shown(d, obs, h_acao);
        d.append(" with Access-Control-Allow-Credentials: true); drop Access-Control-Allow-Credentials"sv);
        caveat(d);
      }
    } else {
      // Report the worse leak: credentialed acceptance first.
      const bool include_accepts = verdict_in(credentials_mode::include).accepts();
      const credentials_mode accepting_mode = include_accepts ? credentials_mode::include : credentials_mode::omit;
      const browser_verdict& accepting = verdict_in(accepting_mode);
      if (accepting.accepts()) {
        std::string& d = f.add("grants-denied-request", verdict_level);
        d.append("the policy denies "sv);
        what(d);
        d.append(" ("sv);
        policy_reason(d);
        d.append(") but a browser (credentials "sv)
            .append(mode_name(accepting_mode))
            .append(") accepts the answer (Access-Control-Allow-Origin "sv);
        append_shown(d, obs, h_acao);
        d.append("); a denial must carry no Access-Control-Allow-* header"sv);
        caveat(d);
      } else if (sd.kind == request_kind::preflight && sd.reason == server_reason::header_not_allowed &&
                 iequals(sd.detail, "authorization") && list_has(obs, h_acah, "*", false) &&
                 !list_has(obs, h_acah, "authorization", true) &&
                 judge_preflight(cr, observed_status, obs, credentials_mode::omit, nullptr, true).accepts()) {
        // Fetch browsers block this; Chromium lets "*" cover Authorization
        // while its CorsNonWildcardRequestHeadersSupport feature is off.
        std::string& d = f.add("star-covers-authorization", verdict_level);
        d.append("the policy refuses Authorization in "sv);
        what(d);
        d.append(
            " (\"*\" never covers it) but the answer allows it with Access-Control-Allow-Headers: *; "
            "Fetch-conforming browsers block it, Chromium (CorsNonWildcardRequestHeadersSupport off by "
            "default) lets it through; deny the preflight, and list Authorization by name where it is "
            "meant to be allowed"sv);
        caveat(d);
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
        std::string& d = f.add("reflects-unlisted-origin", verdict_level);
        d.append("the policy does not allow the origin "sv);
        append_json_quoted(d, cr.origin);
        d.append(" ("sv);
        policy_reason(d);
        d.append(
            ") yet the answer's Access-Control-Allow-Origin echoes it; check the origin against the list "
            "before echoing it"sv);
        caveat(d);
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
      std::string& d = f.add("missing-vary-origin", severity::error);
      d.append(sd.allowed || acao != nullptr
                   ? "this answer's Access-Control-Allow-Origin depends on the request's origin"
                   : "this denial carries no Access-Control-Allow-Origin while allowed origins get one, "
                     "so the answer depends on the origin")
          .append(", but Vary is "sv);
      append_shown(d, obs, "vary");
      d.append(
          "; a shared cache can serve it to another origin (or to a request without Origin); add "
          "Vary: Origin"sv);
    }
    if (sd.allowed && in_mode.accepts()) check_expose(p, mode, obs, f);
  }

  // 5. Preflight cache lifetime.
  const std::optional<std::int64_t> max_age = p.max_age();
  if (sd.kind == request_kind::preflight && observed.count(cors_header::acma) == 1) {
    const max_age_value age = extract_max_age(obs);
    if (age.status == max_age_status::invalid) {
      std::string& d = f.add("invalid-max-age", severity::error);
      d.append("Access-Control-Max-Age "sv);
      append_shown(d, obs, h_acma);
      d.append(" is not delta-seconds (digits only); browsers ignore it and cache the preflight for 5 s; "sv);
      append_policy_max_age(d, max_age, "send "sv, "omit the header"sv);
    } else if (age.status == max_age_status::ok && sd.allowed && in_mode.accepts()) {
      if (!max_age || age.seconds != static_cast<std::uint64_t>(*max_age)) {
        std::string& d = f.add("max-age-differs", severity::warning);
        d.append("Access-Control-Max-Age is "sv);
        append_shown(d, obs, h_acma);
        d.append(" but the policy "sv);
        append_policy_max_age(d, max_age, "says "sv, "sets no max_age (browsers then cache for 5 s)"sv);
      }
    }
  } else if (sd.kind == request_kind::preflight && observed.count(cors_header::acma) == 0 && max_age && sd.allowed &&
             in_mode.accepts()) {
    std::string& d = f.add("max-age-differs", severity::warning);
    d.append("the answer has no Access-Control-Max-Age (browsers cache the preflight for 5 s) but the policy says "sv);
    append_number(d, *max_age);
  }

  r.conforms = f.error_count() == 0;
}

audit_result audit_answer(const policy& p, std::string_view method, header_list request_headers, int observed_status,
                          header_list obs) {
  audit_result r;
  audit_answer(r, p, method, request_headers, observed_status, obs);
  return r;
}

}  // namespace corsproof::audit

// Shared helpers for the core's table-driven tests. Not a test file itself
// (the glob only picks up *_test.cpp).
//
// Every table row carries `name` (what the row checks) and `spec` (the
// section of the Fetch Standard, RFC, W3C CORS, mimesniff, the oracle
// protocol or docs/protocol-decisions.md that fixes the expectation). Both are
// printed on failure through SCOPED_TRACE and PrintTo.
#pragma once

#include <gtest/gtest.h>

#include <corsproof/corsproof.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Each row type gets a PrintTo that shows its name and spec reference.
#define CORSPROOF_ROW_PRINTER(Row)                                   \
  inline void PrintTo(const Row& r, std::ostream* os) {              \
    *os << r.name << "  [spec: " << r.spec << "]";                   \
  }

namespace corsproof::test {

using pairs = std::vector<std::pair<std::string, std::string>>;

// Owns header names and values and exposes them as a header_list. Copies and
// moves rebuild the views (a moved std::string may move its small buffer).
class header_store {
 public:
  header_store() = default;
  header_store(pairs p) : pairs_(std::move(p)) { rebuild(); }  // NOLINT: implicit on purpose
  header_store(const header_store& o) : pairs_(o.pairs_) { rebuild(); }
  header_store(header_store&& o) noexcept : pairs_(std::move(o.pairs_)) { rebuild(); }
  header_store& operator=(const header_store& o) {
    pairs_ = o.pairs_;
    rebuild();
    return *this;
  }
  header_store& operator=(header_store&& o) noexcept {
    pairs_ = std::move(o.pairs_);
    rebuild();
    return *this;
  }
  [[nodiscard]] header_list list() const noexcept { return {views_.data(), views_.size()}; }
  [[nodiscard]] const pairs& raw() const noexcept { return pairs_; }

 private:
  void rebuild() {
    views_.clear();
    for (const auto& [n, v] : pairs_) views_.push_back(header_view{n, v});
  }
  pairs pairs_;
  std::vector<header_view> views_;
};

inline std::string rep(char c, std::size_t n) { return std::string(n, c); }

// Printable form of bytes: non-printable bytes as \xNN.
inline std::string printable(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  if (s.size() > 80) {
    out = printable(s.substr(0, 40)) + "...(" + std::to_string(s.size()) + " bytes)..." +
          printable(s.substr(s.size() - 20));
    return out;
  }
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7F && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      out += "\\x";
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 0xF]);
    }
  }
  return out;
}

inline pairs to_pairs(header_list l) {
  pairs p;
  for (const auto& h : l) p.emplace_back(std::string(h.name), std::string(h.value));
  return p;
}

inline std::string show(const pairs& p) {
  std::string out = "[";
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (i) out += ", ";
    out += "[\"" + printable(p[i].first) + "\", \"" + printable(p[i].second) + "\"]";
  }
  return out + "]";
}

inline std::vector<std::string> to_strings(std::span<const std::string_view> v) {
  std::vector<std::string> out;
  for (auto s : v) out.emplace_back(s);
  return out;
}

// The row's identity for failure messages.
inline std::string trace_of(std::string_view name, std::string_view spec) {
  return std::string(name) + "  [spec: " + std::string(spec) + "]";
}

// gtest parameter names: index + the row's name reduced to [A-Za-z0-9_].
template <class Row>
std::string row_test_name(const ::testing::TestParamInfo<Row>& info) {
  std::string s = "r" + std::to_string(info.index) + "_";
  for (char c : std::string_view(info.param.name)) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum) s.push_back(c);
    else if (s.back() != '_') s.push_back('_');
    if (s.size() >= 64) break;
  }
  while (s.back() == '_') s.pop_back();
  return s;
}

// ---- policies -----------------------------------------------------------------

inline policy compile_or_die(const policy_config& c) {
  policy_result r = compile_policy(c);
  if (!r.ok()) {
    ADD_FAILURE() << "test policy does not compile: " << r.error;
    policy_config fallback;
    fallback.allow_origins = {"https://fallback.invalid"};
    r = compile_policy(fallback);
  }
  return std::move(*r.value);
}

// A policy_config builder: cfg({"https://app.example"}).creds().max_age(600)
struct cfg {
  policy_config c;
  cfg(std::vector<std::string> origins) { c.allow_origins = std::move(origins); }  // NOLINT: implicit
  cfg& methods(std::vector<std::string> m) { c.allow_methods = std::move(m); return *this; }
  cfg& headers(std::vector<std::string> h) { c.allow_headers = std::move(h); return *this; }
  cfg& expose(std::vector<std::string> e) { c.expose_headers = std::move(e); return *this; }
  cfg& creds(bool on = true) { c.allow_credentials = on; return *this; }
  cfg& max_age(std::int64_t s) { c.max_age = s; return *this; }
  cfg& private_network(bool on = true) { c.allow_private_network = on; return *this; }
  cfg& status(int s) { c.preflight_status = s; return *this; }
  operator policy_config() const { return c; }  // NOLINT: implicit
};

// ---- server evaluations -------------------------------------------------------

struct server_run {
  header_store request;
  std::vector<char> buffer;
  server_decision d{};
};

inline std::unique_ptr<server_run> run_server(const policy& p, const std::string& method, const pairs& request,
                                              std::size_t capacity = server_output_capacity) {
  auto r = std::make_unique<server_run>();
  r->request = header_store(request);
  r->buffer.assign(capacity, '\0');
  const server_request req{method, r->request.list()};
  r->d = evaluate_server(p, req, std::span<char>(r->buffer.data(), r->buffer.size()));
  return r;
}

inline pairs vary_origin() { return {{"Vary", "Origin"}}; }

// One server-mode row: a policy, a request, and the expected decision. The
// expected headers are exact (names, values, order: decisions "The answer").
struct server_row {
  std::string name;
  const char* spec;
  policy_config policy;
  std::string method = "GET";
  pairs request;
  eval_status status = eval_status::ok;
  request_kind kind = request_kind::actual;
  bool allowed = true;
  server_reason reason = server_reason::ok;
  std::optional<std::string> detail;
  int http_status = 0;
  std::optional<pairs> headers;
  std::size_t capacity = server_output_capacity;

  server_row(std::string n, const char* s, policy_config p) : name(std::move(n)), spec(s), policy(std::move(p)) {}
  server_row& req(std::string m, pairs h) {
    method = std::move(m);
    request = std::move(h);
    return *this;
  }
  server_row& allow(request_kind k, int http, pairs h) {
    kind = k;
    allowed = true;
    reason = server_reason::ok;
    http_status = http;
    headers = std::move(h);
    return *this;
  }
  server_row& deny(request_kind k, server_reason why, int http, pairs h) {
    kind = k;
    allowed = false;
    reason = why;
    http_status = http;
    headers = std::move(h);
    return *this;
  }
  server_row& with_detail(std::string d) {
    detail = std::move(d);
    return *this;
  }
  server_row& fails(eval_status s, std::size_t cap = server_output_capacity) {
    status = s;
    capacity = cap;
    return *this;
  }
};
CORSPROOF_ROW_PRINTER(server_row)

inline void check_server_row(const server_row& r) {
  SCOPED_TRACE(trace_of(r.name, r.spec));
  const policy p = compile_or_die(r.policy);
  const auto run = run_server(p, r.method, r.request, r.capacity);
  const server_decision& d = run->d;
  SCOPED_TRACE("request: " + r.method + " " + show(r.request));
  ASSERT_EQ(d.status, r.status);
  if (r.status != eval_status::ok) return;
  EXPECT_EQ(d.kind, r.kind);
  EXPECT_EQ(d.allowed, r.allowed);
  EXPECT_EQ(d.reason, r.reason);
  EXPECT_EQ(d.http_status, r.http_status);
  if (r.detail) {
    EXPECT_EQ(std::string(d.detail), *r.detail);
  }
  if (r.headers) {
    EXPECT_EQ(show(to_pairs(d.headers())), show(*r.headers));
  }
}

// ---- browser exchanges --------------------------------------------------------

// One exchange as the protocol's browser mode gives it. Defaults: a GET from
// https://app.example to https://api.example/data, credentials same-origin,
// no preflight response, no response.
struct exchange_spec {
  std::string origin = "https://app.example";
  std::string url = "https://api.example/data";
  std::string method = "GET";
  pairs headers;
  credentials_mode credentials = credentials_mode::same_origin;
  bool private_network = false;
  std::optional<int> preflight_status;
  pairs preflight_headers;
  std::optional<int> response_status;
  pairs response_headers;

  exchange_spec& with_origin(std::string o) { origin = std::move(o); return *this; }
  exchange_spec& with_url(std::string u) { url = std::move(u); return *this; }
  exchange_spec& with_method(std::string m) { method = std::move(m); return *this; }
  exchange_spec& with_header(std::string n, std::string v) {
    headers.emplace_back(std::move(n), std::move(v));
    return *this;
  }
  exchange_spec& with_headers(pairs p) {
    for (auto& h : p) headers.push_back(std::move(h));
    return *this;
  }
  exchange_spec& with_credentials(credentials_mode c) { credentials = c; return *this; }
  exchange_spec& with_private_network() { private_network = true; return *this; }
  exchange_spec& with_preflight(int status, pairs h) {
    preflight_status = status;
    preflight_headers = std::move(h);
    return *this;
  }
  exchange_spec& with_response(int status, pairs h) {
    response_status = status;
    response_headers = std::move(h);
    return *this;
  }
};

inline exchange_spec exchange() { return exchange_spec{}; }

struct browser_run {
  exchange_spec spec;
  header_store request_headers;
  header_store preflight_headers;
  header_store response_headers;
  http_response preflight{};
  http_response response{};
  browser_exchange ex{};
  std::vector<char> buffer;
  browser_decision d{};
};

// Heap-allocated so that the decision's views (into the buffer and into the
// request strings) stay valid for the run's lifetime.
inline std::unique_ptr<browser_run> run_browser(const exchange_spec& s,
                                                std::size_t capacity = browser_output_capacity) {
  auto r = std::make_unique<browser_run>();
  r->spec = s;
  r->request_headers = header_store(r->spec.headers);
  r->preflight_headers = header_store(r->spec.preflight_headers);
  r->response_headers = header_store(r->spec.response_headers);
  r->ex.request.origin = r->spec.origin;
  r->ex.request.url = r->spec.url;
  r->ex.request.method = r->spec.method;
  r->ex.request.headers = r->request_headers.list();
  r->ex.request.credentials = r->spec.credentials;
  r->ex.request.private_network = r->spec.private_network;
  if (r->spec.preflight_status) {
    r->preflight.status = *r->spec.preflight_status;
    r->preflight.headers = r->preflight_headers.list();
    r->ex.preflight_response = &r->preflight;
  }
  if (r->spec.response_status) {
    r->response.status = *r->spec.response_status;
    r->response.headers = r->response_headers.list();
    r->ex.response = &r->response;
  }
  r->buffer.assign(capacity, '\0');
  r->d = evaluate_browser(r->ex, std::span<char>(r->buffer.data(), r->buffer.size()));
  return r;
}

inline const char* yes_no(bool b) { return b ? "true" : "false"; }

}  // namespace corsproof::test

namespace corsproof {
// Readable enum values in gtest messages.
inline void PrintTo(eval_status s, std::ostream* os) { *os << to_string(s); }
inline void PrintTo(request_kind k, std::ostream* os) { *os << to_string(k); }
inline void PrintTo(server_reason r, std::ostream* os) { *os << to_string(r); }
inline void PrintTo(browser_error e, std::ostream* os) { *os << (e == browser_error::none ? "none" : to_string(e)); }
inline void PrintTo(browser_outcome o, std::ostream* os) { *os << to_string(o); }
inline void PrintTo(credentials_mode c, std::ostream* os) { *os << to_string(c); }
inline void PrintTo(list_status s, std::ostream* os) { *os << to_string(s); }
inline void PrintTo(origin_status s, std::ostream* os) { *os << to_string(s); }
inline void PrintTo(max_age_status s, std::ostream* os) {
  switch (s) {
    case max_age_status::ok: *os << "ok"; break;
    case max_age_status::absent: *os << "absent"; break;
    case max_age_status::repeated: *os << "repeated"; break;
    case max_age_status::invalid: *os << "invalid"; break;
  }
}
inline void PrintTo(origin_entry_kind k, std::ostream* os) {
  static constexpr const char* names[] = {"any", "null", "exact", "wildcard", "regex", "invalid"};
  *os << names[static_cast<int>(k)];
}
inline void PrintTo(host_kind k, std::ostream* os) {
  static constexpr const char* names[] = {"domain", "ipv4", "ipv6"};
  *os << names[static_cast<int>(k)];
}
}  // namespace corsproof


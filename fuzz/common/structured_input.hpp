// fuzz/common/structured_input.hpp — structured cases built from fuzzer bytes.
//
// A case (a policy, a server request, a browser exchange) is read from the
// input with FuzzedDataProvider through small primitives: choice (an integer
// from the end of the input), raw (a string from the front), text (a
// dictionary entry, a raw string, a respelled / repeated / concatenated
// entry), list. Each case type has ONE coding function, templated on the
// direction: `decoder` fills the case from bytes, `encoder` writes the bytes
// that decode to a given case. That is how the hand-picked spec examples in
// corpus/fuzz/ are produced (fuzz/common/make_seeds.cpp) and why they cannot
// drift from what the targets read: make_seeds decodes every seed it writes
// and compares.
//
// The dictionaries hold the spellings that matter to CORS (the protocol's
// examples, header names, methods, list syntax, canonical and non-canonical
// origins), so that most generated cases exercise real decisions and not only
// the "malformed" paths.
#pragma once

#include <FuzzedDataProvider.h>

#include <corsproof/corsproof.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace corsproof_fuzz {

using dict = std::span<const std::string_view>;

struct header {
  std::string name, value;
  bool operator==(const header&) const = default;
};

struct response_case {
  int status = 200;
  std::vector<header> headers;
  bool operator==(const response_case&) const = default;
};

struct server_case {
  corsproof::policy_config policy;
  std::string method;
  std::vector<header> headers;
};

struct browser_case {
  std::string origin, url, method;
  std::vector<header> headers;
  corsproof::credentials_mode credentials = corsproof::credentials_mode::same_origin;
  bool private_network = false;
  std::optional<response_case> preflight_response, response;
  bool operator==(const browser_case&) const = default;
};

bool same_policy(const corsproof::policy_config& a, const corsproof::policy_config& b);
bool same_server_case(const server_case& a, const server_case& b);

// How big generated cases may get. Part of the input format: a seed encoded
// with one shape decodes to something else with another.
struct shape {
  std::size_t max_entries;  // entries per policy list
  std::size_t max_headers;  // header pairs per request / response
  std::size_t max_raw;      // bytes of one raw string
  std::size_t max_repeat;   // repetitions in a repeated entry
};
// A repeated entry stops before this many bytes: enough to cross every
// documented bound (8192-byte values, 16 KiB answers), small enough that
// building the case never dominates a run.
inline constexpr std::size_t max_repeat_bytes = 20000;
// Server and browser cases (and the differential target).
inline constexpr shape case_shape{6, 10, 128, 3000};
// The policy target: lists long enough to cross max_policy_names (256).
inline constexpr shape policy_shape{300, 0, 128, 3000};

// ---- Dictionaries ----------------------------------------------------------

namespace dicts {
extern const dict request_origins;   // Origin header values / browser request origins
extern const dict policy_origins;    // allow_origins entries, valid and not
extern const dict methods;           // methods, with case variants and forbidden ones
extern const dict field_names;       // header field names for policies and lists
extern const dict valid_policy_origins;  // the same, only entries compile_policy accepts
extern const dict valid_methods;
extern const dict valid_field_names;
extern const dict list_values;       // Access-Control-Request-Headers style #lists
extern const dict server_header_names;
extern const dict generic_values;
extern const dict urls;
extern const dict browser_request_header_names;
extern const dict response_header_names;
// Values that make sense for a given header name (request side).
dict request_values_for(std::string_view name);
// Values that make sense for a given response header name (static part).
dict response_values_for(std::string_view name);
}  // namespace dicts

// ---- The two directions ------------------------------------------------------

class decoder {
 public:
  decoder(FuzzedDataProvider& p, const shape& s) noexcept : p_(p), shape_(s) {}
  static constexpr bool decoding = true;
  const shape& limits() const noexcept { return shape_; }
  void choice(std::uint64_t& v, std::uint64_t max) { v = p_.ConsumeIntegralInRange<std::uint64_t>(0, max); }
  void raw(std::string& s, std::size_t max) { s = p_.ConsumeRandomLengthString(max); }
  void text(std::string& s, dict d, int depth = 0);

 private:
  FuzzedDataProvider& p_;
  shape shape_;
};

class encoder {
 public:
  explicit encoder(const shape& s) noexcept : shape_(s) {}
  static constexpr bool decoding = false;
  const shape& limits() const noexcept { return shape_; }
  void choice(std::uint64_t& v, std::uint64_t max);
  void raw(std::string& s, std::size_t max);
  // Encodes `s` as its dictionary index, a raw string, or (too long for a
  // raw string) a dictionary entry repeated.
  void text(std::string& s, dict d, int depth = 0);
  // The input bytes: the front stream, then the integers in reverse.
  [[nodiscard]] std::vector<std::uint8_t> bytes() const;

 private:
  shape shape_;
  std::vector<std::uint8_t> front_;
  std::vector<std::uint8_t> back_;  // in consumption order
};

// ---- Primitives over both directions -------------------------------------------

template <class IO>
void flag(IO& io, bool& b) {
  std::uint64_t v = b ? 1 : 0;
  io.choice(v, 1);
  b = v != 0;
}

template <class IO, class T, class F>
void list(IO& io, std::vector<T>& v, std::size_t max, F&& each) {
  std::uint64_t n = v.size();
  io.choice(n, max);
  v.resize(static_cast<std::size_t>(n));
  for (auto& e : v) each(e);
}

// One of a few typical values, or any value in [lo, hi].
template <class IO, class T>
void number(IO& io, T& value, std::initializer_list<T> typical, T lo, T hi) {
  std::uint64_t sel = typical.size();
  for (std::size_t i = 0; i < typical.size(); ++i)
    if (typical.begin()[i] == value) sel = i;
  io.choice(sel, typical.size());
  if (sel < typical.size()) {
    value = typical.begin()[sel];
    return;
  }
  std::uint64_t offset = static_cast<std::uint64_t>(value) - static_cast<std::uint64_t>(lo);
  io.choice(offset, static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo));
  value = static_cast<T>(static_cast<std::uint64_t>(lo) + offset);
}

// ---- The cases ---------------------------------------------------------------------

// `valid_entries`: draw list entries from dictionaries of valid entries (the
// server, browser and differential targets, which need policies that
// compile); otherwise from dictionaries mixing valid and invalid ones.
template <class IO>
void code_policy(IO& io, corsproof::policy_config& c, bool valid_entries) {
  const std::size_t n = io.limits().max_entries;
  const dict origins = valid_entries ? dicts::valid_policy_origins : dicts::policy_origins;
  const dict methods = valid_entries ? dicts::valid_methods : dicts::methods;
  const dict names = valid_entries ? dicts::valid_field_names : dicts::field_names;
  list(io, c.allow_origins, n, [&](std::string& e) { io.text(e, origins); });
  bool custom_methods = c.allow_methods != std::vector<std::string>{"GET", "HEAD", "POST"};
  flag(io, custom_methods);
  if (custom_methods)
    list(io, c.allow_methods, n, [&](std::string& e) { io.text(e, methods); });
  else
    c.allow_methods = {"GET", "HEAD", "POST"};
  list(io, c.allow_headers, n, [&](std::string& e) { io.text(e, names); });
  list(io, c.expose_headers, n, [&](std::string& e) { io.text(e, names); });
  flag(io, c.allow_credentials);
  bool has_max_age = c.max_age.has_value();
  flag(io, has_max_age);
  if (has_max_age) {
    std::int64_t v = c.max_age.value_or(0);
    number<IO, std::int64_t>(io, v, {600, 0, 7200, 2147483647}, -3, std::int64_t{1} << 32);
    c.max_age = v;
  } else {
    c.max_age.reset();
  }
  flag(io, c.allow_private_network);
  number<IO, int>(io, c.preflight_status, {204, 200}, 0, 999);
}

template <class IO>
void code_headers(IO& io, std::vector<header>& headers, dict names, dict (*values_for)(std::string_view)) {
  list(io, headers, io.limits().max_headers, [&](header& h) {
    io.text(h.name, names);
    io.text(h.value, values_for(h.name));
  });
}

template <class IO>
void code_server_request(IO& io, std::string& method, std::vector<header>& headers) {
  io.text(method, dicts::methods);
  code_headers(io, headers, dicts::server_header_names, &dicts::request_values_for);
}

template <class IO>
void code_server_case(IO& io, server_case& c) {
  code_policy(io, c.policy, true);
  code_server_request(io, c.method, c.headers);
}

// Response header values: the static values for the name, plus what this
// request makes relevant (its origin, its method, its header names).
std::vector<std::string_view> response_value_choices(const browser_case& c, std::string_view name,
                                                     std::string& scratch);

template <class IO>
void code_response(IO& io, const browser_case& c, response_case& r) {
  number<IO, int>(io, r.status, {200, 204, 403, 301}, 0, 999);
  std::string scratch;
  list(io, r.headers, io.limits().max_headers, [&](header& h) {
    io.text(h.name, dicts::response_header_names);
    const std::vector<std::string_view> values = response_value_choices(c, h.name, scratch);
    io.text(h.value, dict(values));
  });
}

template <class IO>
void code_browser_case(IO& io, browser_case& c) {
  io.text(c.origin, dicts::request_origins);
  io.text(c.url, dicts::urls);
  io.text(c.method, dicts::methods);
  code_headers(io, c.headers, dicts::browser_request_header_names, &dicts::request_values_for);
  std::uint64_t cred = static_cast<std::uint64_t>(c.credentials);
  io.choice(cred, 2);
  c.credentials = static_cast<corsproof::credentials_mode>(cred);
  flag(io, c.private_network);
  for (std::optional<response_case>* r : {&c.preflight_response, &c.response}) {
    bool present = r->has_value();
    flag(io, present);
    if (present) {
      if (!r->has_value()) r->emplace();
      code_response(io, c, **r);
    } else {
      r->reset();
    }
  }
}

// compile_policy, with an escaping exception turned into a failed check that
// prints the case (compile_policy reports refusals as values, never throws).
corsproof::policy_result compile_checked(const corsproof::policy_config& config);

// ---- Views for the core --------------------------------------------------------------

std::vector<corsproof::header_view> views(const std::vector<header>& headers);

// ---- Descriptions (printed when a check fails) -------------------------------------

std::string json_quote(std::string_view s);
std::string json_headers(const std::vector<header>& headers);
std::string json_policy(const corsproof::policy_config& p);
// The case as an oracle protocol JSON line (`corsproof eval` reads it).
std::string json_server_case(const server_case& c);
std::string json_browser_case(const browser_case& c);

}  // namespace corsproof_fuzz

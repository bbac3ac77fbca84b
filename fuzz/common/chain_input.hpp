// fuzz/common/chain_input.hpp — protocol v1.1 cases built from fuzzer bytes:
// a redirect chain (mode `browser` with `hops`) or a session of fetches
// sharing a CORS-preflight cache (mode `browser-session`).
//
// The same primitives and the same two directions as structured_input.hpp:
// one coding function per case type, `decoder` fills a case from bytes,
// `encoder` writes the bytes of a given case (the seeds encoded from the
// v1.1 conformance vectors by make_chain_seeds.cpp round-trip through it).
// Every header list is a list of (name, value) pairs drawn from CORS-aware
// dictionaries (any byte string as a raw text), so any vector's case can be
// encoded exactly; the dictionaries make redirects (statuses 301-308 with a
// Location from a vocabulary of references), taint (foreign hops, `null`),
// and preflights that pass and cache (ACAO/ACAC/ACAM/ACAH/max-age values
// echoing the request) the common case.
#pragma once

#include <corsproof/redirect.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "structured_input.hpp"

namespace corsproof_fuzz {

struct hop_case {
  std::optional<std::string> url;  // the hop's expected URL (hops[i].url)
  std::optional<response_case> preflight_response, response;
  bool operator==(const hop_case&) const = default;
};

struct chain_case {
  std::string origin, url, method;
  std::vector<header> headers;
  corsproof::credentials_mode credentials = corsproof::credentials_mode::same_origin;
  bool private_network = false;
  corsproof::redirect_mode redirect = corsproof::redirect_mode::follow;
  std::vector<hop_case> hops;
  bool operator==(const chain_case&) const = default;
};

struct session_fetch_case {
  chain_case fetch;
  std::uint64_t t_ms = 0;  // the fetch's t, in milliseconds (t = t_ms / 1000.0)
  bool operator==(const session_fetch_case&) const = default;
};

struct session_case {
  std::vector<session_fetch_case> fetches;
  bool report_cache = false;
  bool operator==(const session_case&) const = default;
};

// The chain target's input: a mode flag, then one of the two.
struct v11_case {
  bool session = false;
  chain_case chain;      // when !session
  session_case fetches;  // when session
  bool operator==(const v11_case&) const = default;
};

// Part of the input format (see structured_input.hpp's shape).
inline constexpr shape chain_shape{6, 8, 128, 3000};
// 22: one hop past the 21 a chain can use (later hops are ignored).
inline constexpr std::size_t max_case_hops = corsproof::max_chain_hops + 1;
inline constexpr std::size_t max_session_fetches = 8;

namespace chain_dicts {
extern const dict page_origins;
extern const dict urls;           // request URLs and hop URLs
extern const dict locations;      // Location values: references of every kind
extern const dict response_header_names;
}  // namespace chain_dicts

// Response header values for `name` given the request (its origin, method,
// header names) plus the static ones; Location values for Location.
std::vector<std::string_view> chain_response_value_choices(const chain_case& c, std::string_view name,
                                                           std::string& scratch);

template <class IO>
void code_chain_response(IO& io, const chain_case& c, response_case& r, bool preflight) {
  if (preflight)
    number<IO, int>(io, r.status, {204, 200, 302, 500}, 0, 999);
  else
    number<IO, int>(io, r.status, {200, 302, 301, 303, 307, 308, 204, 404, 300}, 0, 999);
  std::string scratch;
  list(io, r.headers, io.limits().max_headers, [&](header& h) {
    io.text(h.name, chain_dicts::response_header_names);
    const std::vector<std::string_view> values = chain_response_value_choices(c, h.name, scratch);
    io.text(h.value, dict(values));
  });
}

template <class IO>
void code_optional_response(IO& io, const chain_case& c, std::optional<response_case>& r, bool preflight) {
  bool present = r.has_value();
  flag(io, present);
  if (present) {
    if (!r) r.emplace();
    code_chain_response(io, c, *r, preflight);
  } else {
    r.reset();
  }
}

template <class IO>
void code_chain_case(IO& io, chain_case& c) {
  io.text(c.origin, chain_dicts::page_origins);
  io.text(c.url, chain_dicts::urls);
  io.text(c.method, dicts::methods);
  code_headers(io, c.headers, dicts::browser_request_header_names, &dicts::request_values_for);
  std::uint64_t v = static_cast<std::uint64_t>(c.credentials);
  io.choice(v, 2);
  c.credentials = static_cast<corsproof::credentials_mode>(v);
  flag(io, c.private_network);
  v = static_cast<std::uint64_t>(c.redirect);
  io.choice(v, 2);
  c.redirect = static_cast<corsproof::redirect_mode>(v);
  list(io, c.hops, max_case_hops, [&](hop_case& h) {
    bool has_url = h.url.has_value();
    flag(io, has_url);
    if (has_url) {
      if (!h.url) h.url.emplace();
      io.text(*h.url, chain_dicts::urls);
    } else {
      h.url.reset();
    }
    code_optional_response(io, c, h.preflight_response, true);
    code_optional_response(io, c, h.response, false);
  });
}

template <class IO>
void code_session_case(IO& io, session_case& s) {
  flag(io, s.report_cache);
  list(io, s.fetches, max_session_fetches, [](session_fetch_case&) {});
  std::uint64_t previous_ms = 0;
  for (std::size_t i = 0; i < s.fetches.size(); ++i) {
    session_fetch_case& f = s.fetches[i];
    // Fetch i repeats fetch `same` (< i), or is new (`same` == i): repeated
    // fetches meet each other's cache entries.
    std::uint64_t same = i;
    io.choice(same, i);
    if (same < i) {
      f.fetch = s.fetches[same].fetch;
    } else {
      code_chain_case(io, f.fetch);
    }
    // t as a step from the previous fetch's, in ms: around the max-age
    // boundaries (5 s default, 1, 600) or anything up to ~50 days.
    std::uint64_t step = f.t_ms - previous_ms;
    number<IO, std::uint64_t>(io, step, {0, 1000, 4999, 5000, 5001, 599999, 600000, 600001, 500, 10000}, 0,
                              std::uint64_t{1} << 32);
    f.t_ms = previous_ms + step;
    previous_ms = f.t_ms;
  }
}

template <class IO>
void code_v11_case(IO& io, v11_case& c) {
  flag(io, c.session);
  if (c.session)
    code_session_case(io, c.fetches);
  else
    code_chain_case(io, c.chain);
}

// The cases as oracle protocol JSON lines (`corsproof eval` reads them).
std::string json_chain_case(const chain_case& c);
std::string json_session_case(const session_case& s);
std::string json_v11_case(const v11_case& c);

}  // namespace corsproof_fuzz

// cli/src/chain_answer.cpp — see chain_answer.hpp.
#include "chain_answer.hpp"

#include <array>
#include <cstdint>

#include "case_reader.hpp"  // format_number

namespace corsproof::cli {

namespace {

void string_or_null(json_writer& out, bool present, std::string_view s) {
  if (present) {
    out.string(s);
  } else {
    out.null();
  }
}

template <class Number>
void number_or_null(json_writer& out, bool present, Number n) {
  if (present) {
    out.number(n);
  } else {
    out.null();
  }
}

// browser_error, redirect_error: `none` is null.
template <class Error>
void error_or_null(json_writer& out, Error e) {
  if (e == Error::none) {
    out.null();
  } else {
    out.plain_string(to_string(e));
  }
}

// The preflight object of section 6 ({"method", "request_headers", "ok",
// "error", "max_age"[, "private_network": true]}), or null when there is no
// preflight; a hop's adds "cache".
void write_preflight(json_writer& out, bool needed, const hop_preflight& p, bool with_cache) {
  if (!needed) {
    out.null();
    return;
  }
  out.begin_object().key("method").string(p.method).key("request_headers");
  string_or_null(out, p.has_request_headers, p.request_headers);
  out.key("ok").boolean(p.ok).key("error");
  error_or_null(out, p.error);
  out.key("max_age");
  number_or_null(out, p.has_max_age, static_cast<std::uint64_t>(p.max_age));
  if (p.private_network) out.key("private_network").boolean(true);
  if (with_cache) out.key("cache").plain_string(to_string(p.cache));
  out.end_object();
}

void write_cors_check(json_writer& out, bool done, bool ok, browser_error error) {
  if (!done) {
    out.null();
    return;
  }
  out.begin_object().key("ok").boolean(ok).key("error");
  error_or_null(out, error);
  out.end_object();
}

void write_exposed_headers(json_writer& out, bool has_exposed, const header_name_set& exposed) {
  if (!has_exposed) {
    out.null();
    return;
  }
  out.strings(exposed.view());
}

void write_hop(json_writer& out, const chain_hop_record& h) {
  out.begin_object().key("url").string(h.url).key("method").string(h.method).key("origin_header");
  string_or_null(out, h.has_origin_header, h.origin_header);
  out.key("tainting").plain_string(to_string(h.tainting)).key("credentials_sent").boolean(h.credentials_sent);
  out.key("removed_headers").strings(h.removed_headers.view()).key("preflight");
  write_preflight(out, h.needs_preflight, h.preflight, true);
  out.key("status");
  number_or_null(out, h.has_status, h.status);
  out.key("cors_check");
  write_cors_check(out, h.cors_check_done, h.cors_check_ok, h.cors_check_error);
  out.key("redirect");
  if (h.is_redirect) {
    out.begin_object().key("location");
    string_or_null(out, h.redirect.has_location, h.redirect.location);
    out.key("followed").boolean(h.redirect.followed).key("error");
    error_or_null(out, h.redirect.error);
    out.end_object();
  } else {
    out.null();
  }
  out.end_object();
}

// needs_preflight, preflight, cors_check, exposed_headers, outcome: how both
// browser answers begin (browser_decision and chain_decision name them alike).
template <class Decision>
void write_exchange_members(json_writer& out, const Decision& d, const hop_preflight& preflight) {
  out.key("needs_preflight").boolean(d.needs_preflight).key("preflight");
  write_preflight(out, d.needs_preflight, preflight, false);
  out.key("cors_check");
  write_cors_check(out, d.cors_check_done, d.cors_check_ok, d.cors_check_error);
  out.key("exposed_headers");
  write_exposed_headers(out, d.has_exposed, d.exposed);
  out.key("outcome").plain_string(to_string(d.outcome));
}

}  // namespace

void write_browser_members(json_writer& out, const browser_decision& d) {
  hop_preflight preflight;
  preflight.method = d.preflight_method;
  preflight.has_request_headers = d.has_preflight_request_headers;
  preflight.request_headers = d.preflight_request_headers;
  preflight.private_network = d.preflight_private_network;
  preflight.ok = d.preflight_ok;
  preflight.error = d.preflight_error;
  preflight.has_max_age = d.has_max_age;
  preflight.max_age = d.max_age;
  write_exchange_members(out, d, preflight);
  if (!d.detail.empty()) out.key("detail").string(d.detail);
}

void write_chain_members(json_writer& out, const chain_decision& d) {
  write_exchange_members(out, d, d.preflight);
  // `detail` as in one-exchange mode: why fetch() refused the request. (The
  // core's short texts for the other outcomes are not part of the answer:
  // error_hop and the hop records say where and why.)
  if (d.outcome == chain_outcome::forbidden_request && !d.detail.empty()) out.key("detail").string(d.detail);
  out.key("error_hop");
  number_or_null(out, d.has_error_hop, static_cast<std::uint64_t>(d.error_hop));
  if (d.has_needs) {
    out.key("needs").begin_object().key("hop").number(static_cast<std::uint64_t>(d.needs.hop));
    out.key("what").plain_string(to_string(d.needs.what)).key("url").string(d.needs.url).end_object();
  }
  out.key("final");
  if (d.has_final) {
    const chain_final& f = d.final_response;
    out.begin_object().key("url").string(f.url);
    out.key("redirect_count").number(static_cast<std::uint64_t>(f.redirect_count));
    out.key("status").number(f.status).key("type").plain_string(to_string(f.type)).end_object();
  } else {
    out.null();
  }
  out.key("hops").begin_array();
  for (const chain_hop_record& h : d.hop_records()) write_hop(out, h);
  out.end_array();
}

void write_cache_after(json_writer& out, std::span<const cache_entry_view> entries) {
  out.key("cache_after").begin_array();
  std::array<char, 32> buf{};
  for (const cache_entry_view& e : entries) {
    out.begin_object().key("origin").string(e.origin).key("url").string(e.url);
    out.key("credentials").boolean(e.credentials);
    out.key(e.kind == cache_entry_kind::method ? "method" : "header").string(e.value);
    out.key("max_age").number(static_cast<std::uint64_t>(e.max_age));
    out.key("stored_at").raw_number(format_number(buf, e.stored_at)).end_object();
  }
  out.end_array();
}

}  // namespace corsproof::cli

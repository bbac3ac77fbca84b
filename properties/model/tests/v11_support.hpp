// Shared helpers of the v1.1 model tests: short constructors for requests,
// responses and hops, and a one-line rendering of a chain answer that covers
// every protocol field (except the free-text `detail`), so that a table row
// states the whole expected answer.
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "corsproof_model/model.hpp"

namespace v11 {

using namespace corsproof_model;
using Headers = std::vector<Header>;

inline const std::string kPage = "https://app.example";  // the page's origin O ("local" in WPT)

// Placeholders used in expected renderings.
inline std::string expand(std::string text) {
  const std::vector<std::pair<std::string, std::string>> table = {
      {"{O}", "https://app.example"},     {"{A}", "https://api.example"}, {"{R2}", "https://app.example:8443"},
      {"{B}", "https://b.example"},
      {"{SAFE}", "[cache-control,content-language,content-length,content-type,expires,last-modified,pragma]"},
  };
  for (const auto& [from, to] : table) {
    std::size_t at = 0;
    while ((at = text.find(from, at)) != std::string::npos) {
      text.replace(at, from.size(), to);
      at += to.size();
    }
  }
  return text;
}

inline Header acao(const std::string& v) { return {"Access-Control-Allow-Origin", v}; }
inline Header acac() { return {"Access-Control-Allow-Credentials", "true"}; }
inline Header acam(const std::string& v) { return {"Access-Control-Allow-Methods", v}; }
inline Header acah(const std::string& v) { return {"Access-Control-Allow-Headers", v}; }
inline Header acma(const std::string& v) { return {"Access-Control-Max-Age", v}; }
inline Header location(const std::string& v) { return {"Location", v}; }

inline Response resp(int status, Headers headers = {}) { return Response{status, std::move(headers)}; }
inline Hop hop(Response response) { return Hop{std::nullopt, std::nullopt, std::move(response)}; }
inline Hop hop(Response preflight, Response response) {
  return Hop{std::nullopt, std::move(preflight), std::move(response)};
}
inline Hop preflight_only(Response preflight) { return Hop{std::nullopt, std::move(preflight), std::nullopt}; }

inline BrowserRequest request(const std::string& method, const std::string& url, Headers headers = {},
                              const std::string& credentials = "same-origin") {
  BrowserRequest r;
  r.origin = kPage;
  r.url = url;
  r.method = method;
  r.headers = std::move(headers);
  r.credentials = credentials;
  return r;
}

inline ChainCase chain(BrowserRequest r, std::vector<Hop> hops, const std::string& redirect = "follow") {
  ChainCase c;
  c.request = std::move(r);
  c.redirect = redirect;
  c.hops = std::move(hops);
  return c;
}

inline std::string list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + items[i];
  return out + "]";
}

inline std::string or_dash(const std::optional<std::string>& v) { return v ? *v : "-"; }

// "[i] METHOD url origin=<value|-> tainting cred=<0|1> removed=<a,b|->
//  pre=<-|(cache ACRM ACRH|- ok|error|pending max_age|-)> status=<n|->
//  cors=<-|ok|error> redirect=<-|(location|- followed|stopped error|-)>"
inline std::string render_hop(std::size_t index, const HopAnswer& h) {
  std::string out = "[" + std::to_string(index) + "] " + h.method + " " + h.url;
  out += " origin=" + or_dash(h.origin_header);
  out += " " + h.tainting;
  out += std::string(" cred=") + (h.credentials_sent ? "1" : "0");
  std::string removed;
  for (std::size_t i = 0; i < h.removed_headers.size(); ++i) removed += (i ? "," : "") + h.removed_headers[i];
  out += " removed=" + (removed.empty() ? std::string("-") : removed);
  if (!h.preflight) {
    out += " pre=-";
  } else {
    const HopPreflightAnswer& p = *h.preflight;
    const std::string verdict = p.ok ? "ok" : (p.error ? *p.error : "pending");
    out += " pre=(" + p.cache + " " + p.method + " " + or_dash(p.request_headers) + " " + verdict + " " +
           (p.max_age ? std::to_string(*p.max_age) : "-") + ")";
  }
  out += " status=" + (h.status ? std::to_string(*h.status) : std::string("-"));
  out += " cors=" + (h.cors_check ? (h.cors_check->ok ? std::string("ok") : or_dash(h.cors_check->error))
                                  : std::string("-"));
  if (!h.redirect) {
    out += " redirect=-";
  } else {
    out += " redirect=(" + or_dash(h.redirect->location) + (h.redirect->followed ? " followed " : " stopped ") +
           or_dash(h.redirect->error) + ")";
  }
  return out;
}

// "<outcome> err=<hop|-> final=<(url status count type)|-> needs=<(hop what url)|->
//  exposed=<[..]|-> | <hop> | <hop> ..."
inline std::string render(const ChainAnswer& a) {
  std::string out = a.outcome;
  out += " err=" + (a.error_hop ? std::to_string(*a.error_hop) : std::string("-"));
  if (a.final_response) {
    const FinalResponseAnswer& f = *a.final_response;
    out += " final=(" + f.url + " " + std::to_string(f.status) + " " + std::to_string(f.redirect_count) + " " +
           f.type + ")";
  } else {
    out += " final=-";
  }
  if (a.needs) {
    out += " needs=(" + std::to_string(a.needs->hop) + " " + a.needs->what + " " + a.needs->url + ")";
  } else {
    out += " needs=-";
  }
  out += " exposed=" + (a.exposed_headers ? list(*a.exposed_headers) : std::string("-"));
  for (std::size_t i = 0; i < a.hops.size(); ++i) out += " | " + render_hop(i, a.hops[i]);
  return out;
}

// Session answers: per fetch, the outcome, each hop's preflight cache verdict
// ("-" when the hop has no preflight) and the live entries after it.
inline std::string render_cache(const std::vector<CacheEntryAnswer>& entries) {
  std::string out;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const CacheEntryAnswer& e = entries[i];
    if (i) out += "; ";
    char stored_at[32];
    std::snprintf(stored_at, sizeof stored_at, "%g", e.stored_at);
    out += e.origin + " " + e.url + " " + (e.credentials ? "1" : "0") + " " +
           (e.method ? "method=" + *e.method : "header=" + or_dash(e.header)) + " " + std::to_string(e.max_age) +
           " " + stored_at;
  }
  return out;
}

inline std::string render_fetch(const SessionFetchAnswer& f) {
  std::string out = f.answer.outcome + " pre=[";
  for (std::size_t i = 0; i < f.answer.hops.size(); ++i) {
    out += (i ? "," : "") + (f.answer.hops[i].preflight ? f.answer.hops[i].preflight->cache : std::string("-"));
  }
  out += "]";
  if (f.cache_after) out += " cache={" + render_cache(*f.cache_after) + "}";
  return out;
}

}  // namespace v11

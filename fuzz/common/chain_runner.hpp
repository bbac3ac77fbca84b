// fuzz/common/chain_runner.hpp — the core on a model chain case or session
// (protocol v1.1), for the fuzz targets that link corsproof_bridge and
// corsproof_model (chain_model_differential, core_model_differential).
//
// The same as corsproof_bridge::core_chain_answer / core_session_answer
// (chain_bridge.hpp), answers converted with the bridge's to_model_shape,
// but with the output buffer, the decision and the CORS-preflight cache
// allocated once per process rather than per call: the bridge's per-call
// chain_output_capacity buffer (value-initialized) and 4 MiB cache cost
// milliseconds per input under ASan. Not thread-safe (a fuzz target runs one
// input at a time).
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <corsproof/corsproof.hpp>
#include <corsproof/preflight_cache.hpp>
#include <corsproof/redirect.hpp>
#include <corsproof_bridge/bridge.hpp>
#include <corsproof_bridge/chain_bridge.hpp>
#include <corsproof_model/model.hpp>

#include "check.hpp"

namespace corsproof_fuzz {

struct core_chain_state {
  std::unique_ptr<char[]> out{new char[corsproof::chain_output_capacity]};
  corsproof::chain_decision decision;
  corsproof::preflight_cache cache;
  std::vector<corsproof::cache_entry_view> entries{cache.max_entries()};
};

inline core_chain_state& chain_state() {
  static core_chain_state s;
  return s;
}

// One chain against the shared cache at time `now`.
inline corsproof_bridge::core_chain_result run_chain(const corsproof_model::ChainCase& chain, double now) {
  using namespace corsproof;
  core_chain_state& st = chain_state();
  corsproof_bridge::core_chain_result out;
  const std::optional<credentials_mode> credentials = corsproof_bridge::to_core_credentials(chain.request.credentials);
  FUZZ_CHECK(credentials.has_value(), "the decoders make only the three credentials modes");
  FUZZ_CHECK(chain.redirect == "follow" || chain.redirect == "error" || chain.redirect == "manual",
             "the decoders make only the three redirect modes");
  const corsproof_bridge::core_headers request_headers(chain.request.headers);
  chain_request request;
  request.request = {chain.request.origin, chain.request.url,  chain.request.method,
                     request_headers.list(), *credentials, chain.request.private_network};
  request.redirect = chain.redirect == "error"    ? redirect_mode::error
                     : chain.redirect == "manual" ? redirect_mode::manual
                                                  : redirect_mode::follow;
  std::vector<corsproof_bridge::core_headers> header_views;
  header_views.reserve(chain.hops.size() * 2);
  std::vector<http_response> responses(chain.hops.size() * 2);
  std::vector<chain_hop> hops(chain.hops.size());
  for (std::size_t i = 0; i < chain.hops.size(); ++i) {
    const corsproof_model::Hop& h = chain.hops[i];
    if (h.url) {
      hops[i].has_url = true;
      hops[i].url = *h.url;
    }
    if (h.preflight_response) {
      header_views.emplace_back(h.preflight_response->headers);
      responses[2 * i] = http_response{h.preflight_response->status, header_views.back().list()};
      hops[i].preflight_response = &responses[2 * i];
    }
    if (h.response) {
      header_views.emplace_back(h.response->headers);
      responses[2 * i + 1] = http_response{h.response->status, header_views.back().list()};
      hops[i].response = &responses[2 * i + 1];
    }
  }
  chain_decision& d = st.decision;
  d = chain_decision{};
  evaluate_chain(request, hops, &st.cache, now, d, std::span<char>(st.out.get(), chain_output_capacity));
  out.status = d.status;
  out.status_detail = std::string(d.status_detail);
  switch (d.status) {
    case eval_status::ok: out.answer = corsproof_bridge::to_model_shape(d); break;
    case eval_status::invalid_input:
    case eval_status::missing_input: out.answer.outcome = "bad-case"; break;
    case eval_status::limit_exceeded: out.answer.outcome = "too-large"; break;
    case eval_status::output_too_small: out.answer.outcome = "output-too-small"; break;
  }
  if (d.status != eval_status::ok) out.answer.detail = out.status_detail;
  return out;
}

// A chain case: an empty cache.
inline corsproof_bridge::core_chain_result run_chain(const corsproof_model::ChainCase& chain) {
  chain_state().cache.clear();
  return run_chain(chain, 0);
}

// A session from an empty cache; its fetches' `t` must not decrease (the
// decoder's never do).
inline corsproof_bridge::core_session_result run_session(const corsproof_model::SessionCase& session) {
  using namespace corsproof;
  core_chain_state& st = chain_state();
  st.cache.clear();
  corsproof_bridge::core_session_result out;
  for (std::size_t i = 0; i < session.fetches.size(); ++i) {
    const corsproof_model::SessionFetch& fetch = session.fetches[i];
    FUZZ_CHECK(i == 0 || fetch.t >= session.fetches[i - 1].t, "the decoder's session times never decrease");
    corsproof_bridge::core_chain_result r = run_chain(fetch.fetch, fetch.t);
    if (r.status != eval_status::ok) {
      out.status = r.status;
      out.answer.outcome = r.answer.outcome;
      out.answer.detail = "fetches[" + std::to_string(i) + "]: " + r.status_detail;
      out.answer.fetches.clear();
      return out;
    }
    corsproof_model::SessionFetchAnswer f;
    f.answer = std::move(r.answer);
    if (session.report_cache) {
      const std::size_t n = st.cache.live_entries(fetch.t, st.entries);
      FUZZ_CHECK(n <= st.entries.size(), "more live cache entries than the cache holds");
      std::vector<corsproof_model::CacheEntryAnswer> listed;
      for (std::size_t j = 0; j < n; ++j) {
        const cache_entry_view& e = st.entries[j];
        corsproof_model::CacheEntryAnswer c;
        c.origin = std::string(e.origin);
        c.url = std::string(e.url);
        c.credentials = e.credentials;
        if (e.kind == cache_entry_kind::method)
          c.method = std::string(e.value);
        else
          c.header = std::string(e.value);
        c.max_age = static_cast<long long>(e.max_age);
        c.stored_at = e.stored_at;
        listed.push_back(std::move(c));
      }
      f.cache_after = std::move(listed);
    }
    out.answer.fetches.push_back(std::move(f));
  }
  return out;
}

}  // namespace corsproof_fuzz

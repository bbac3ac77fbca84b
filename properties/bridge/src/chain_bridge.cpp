// See corsproof_bridge/chain_bridge.hpp.
#include "corsproof_bridge/chain_bridge.hpp"

#include <cstdio>
#include <memory>
#include <vector>

#include "corsproof_bridge/bridge.hpp"

namespace corsproof_bridge {

namespace {

using corsproof_model::CacheEntryAnswer;
using corsproof_model::CorsCheckAnswer;
using corsproof_model::FinalResponseAnswer;
using corsproof_model::HopAnswer;
using corsproof_model::HopPreflightAnswer;
using corsproof_model::NeedsAnswer;
using corsproof_model::PreflightAnswer;
using corsproof_model::RedirectAnswer;

std::optional<corsproof::redirect_mode> to_core_redirect(std::string_view mode) {
  if (mode == "follow") return corsproof::redirect_mode::follow;
  if (mode == "error") return corsproof::redirect_mode::error;
  if (mode == "manual") return corsproof::redirect_mode::manual;
  return std::nullopt;
}

std::optional<std::string> error_of(corsproof::browser_error e) {
  if (e == corsproof::browser_error::none) return std::nullopt;
  return std::string(corsproof::to_string(e));
}

PreflightAnswer preflight_of(const corsproof::hop_preflight& p) {
  PreflightAnswer a;
  a.method = std::string(p.method);
  if (p.has_request_headers) a.request_headers = std::string(p.request_headers);
  a.ok = p.ok;
  a.error = error_of(p.error);
  if (p.has_max_age) a.max_age = static_cast<long long>(p.max_age);
  a.private_network = p.private_network;
  return a;
}

template <class T>
std::string opt(const std::optional<T>& v) {
  if (!v) return "null";
  if constexpr (std::is_same_v<T, std::string>) {
    return quote(*v);
  } else {
    return std::to_string(*v);
  }
}

std::string names(const std::vector<std::string>& list) {
  std::string out = "[";
  for (std::size_t i = 0; i < list.size(); ++i) out += (i ? "," : "") + quote(list[i]);
  return out + "]";
}

std::string show_preflight(const std::optional<PreflightAnswer>& p, const std::string* cache) {
  if (!p) return "null";
  std::string out = "{method:" + quote(p->method) + ",request_headers:" + opt(p->request_headers) +
                    ",ok:" + (p->ok ? "true" : "false") + ",error:" + opt(p->error) + ",max_age:" + opt(p->max_age);
  if (p->private_network) out += ",private_network:true";
  if (cache) out += ",cache:" + *cache;
  return out + "}";
}

std::string show_cors(const std::optional<CorsCheckAnswer>& c) {
  if (!c) return "null";
  return std::string("{ok:") + (c->ok ? "true" : "false") + ",error:" + opt(c->error) + "}";
}

std::string show_hop(const HopAnswer& h) {
  std::string out = "{url:" + quote(h.url) + ",method:" + quote(h.method) + ",origin_header:" + opt(h.origin_header) +
                    ",tainting:" + h.tainting + ",credentials_sent:" + (h.credentials_sent ? "true" : "false") +
                    ",removed_headers:" + names(h.removed_headers) + ",preflight:";
  if (h.preflight) {
    out += show_preflight(std::optional<PreflightAnswer>(static_cast<const PreflightAnswer&>(*h.preflight)),
                          &h.preflight->cache);
  } else {
    out += "null";
  }
  out += ",status:" + opt(h.status) + ",cors_check:" + show_cors(h.cors_check) + ",redirect:";
  if (h.redirect) {
    out += "{location:" + opt(h.redirect->location) + ",followed:" + (h.redirect->followed ? "true" : "false") +
           ",error:" + opt(h.redirect->error) + "}";
  } else {
    out += "null";
  }
  return out + "}";
}

// Field by field; `where` prefixes the message.
struct differ {
  std::optional<std::string> first;
  template <class T>
  void field(const std::string& where, const T& core, const T& model, std::string core_text, std::string model_text) {
    if (!first && !(core == model)) first = where + ": core " + core_text + ", model " + model_text;
  }
  void text(const std::string& where, const std::string& core, const std::string& model) {
    field(where, core, model, quote(core), quote(model));
  }
  template <class T>
  void optional(const std::string& where, const std::optional<T>& core, const std::optional<T>& model) {
    field(where, core, model, opt(core), opt(model));
  }
  void flag(const std::string& where, bool core, bool model) {
    field(where, core, model, core ? "true" : "false", model ? "true" : "false");
  }
  void list(const std::string& where, const std::optional<std::vector<std::string>>& core,
            const std::optional<std::vector<std::string>>& model) {
    field(where, core, model, core ? names(*core) : "null", model ? names(*model) : "null");
  }
  void preflight(const std::string& where, const std::optional<PreflightAnswer>& core,
                 const std::optional<PreflightAnswer>& model) {
    if (first) return;
    if (core.has_value() != model.has_value()) {
      first = where + ": core " + show_preflight(core, nullptr) + ", model " + show_preflight(model, nullptr);
      return;
    }
    if (!core) return;
    text(where + ".method", core->method, model->method);
    optional(where + ".request_headers", core->request_headers, model->request_headers);
    flag(where + ".ok", core->ok, model->ok);
    optional(where + ".error", core->error, model->error);
    optional(where + ".max_age", core->max_age, model->max_age);
    flag(where + ".private_network", core->private_network, model->private_network);
  }
  void cors(const std::string& where, const std::optional<CorsCheckAnswer>& core,
            const std::optional<CorsCheckAnswer>& model) {
    if (first) return;
    if (core.has_value() != model.has_value()) {
      first = where + ": core " + show_cors(core) + ", model " + show_cors(model);
      return;
    }
    if (!core) return;
    flag(where + ".ok", core->ok, model->ok);
    optional(where + ".error", core->error, model->error);
  }
};

bool is_refusal(const std::string& outcome) {
  return outcome == "bad-case" || outcome == "too-large" || outcome == "output-too-small";
}

}  // namespace

ChainAnswer to_model_shape(const corsproof::chain_decision& d) {
  ChainAnswer a;
  a.outcome = std::string(corsproof::to_string(d.outcome));
  a.detail = std::string(d.detail);
  a.needs_preflight = d.needs_preflight;
  if (d.needs_preflight) a.preflight = preflight_of(d.preflight);
  if (d.cors_check_done) a.cors_check = CorsCheckAnswer{d.cors_check_ok, error_of(d.cors_check_error)};
  if (d.has_exposed) {
    std::vector<std::string> exposed;
    for (std::string_view n : d.exposed.view()) exposed.emplace_back(n);
    a.exposed_headers = exposed;
  }
  if (d.has_error_hop) a.error_hop = d.error_hop;
  if (d.has_needs)
    a.needs = NeedsAnswer{d.needs.hop, std::string(corsproof::to_string(d.needs.what)), std::string(d.needs.url)};
  if (d.has_final)
    a.final_response = FinalResponseAnswer{std::string(d.final_response.url),
                                           static_cast<int>(d.final_response.redirect_count), d.final_response.status,
                                           std::string(corsproof::to_string(d.final_response.type))};
  for (const corsproof::chain_hop_record& r : d.hop_records()) {
    HopAnswer h;
    h.url = std::string(r.url);
    h.method = std::string(r.method);
    if (r.has_origin_header) h.origin_header = std::string(r.origin_header);
    h.tainting = std::string(corsproof::to_string(r.tainting));
    h.credentials_sent = r.credentials_sent;
    for (std::string_view n : r.removed_headers.view()) h.removed_headers.emplace_back(n);
    h.needs_preflight = r.needs_preflight;
    if (r.needs_preflight) {
      HopPreflightAnswer p;
      static_cast<PreflightAnswer&>(p) = preflight_of(r.preflight);
      p.cache = std::string(corsproof::to_string(r.preflight.cache));
      h.preflight = p;
    }
    if (r.has_status) h.status = r.status;
    if (r.cors_check_done) h.cors_check = CorsCheckAnswer{r.cors_check_ok, error_of(r.cors_check_error)};
    if (r.is_redirect) {
      RedirectAnswer red;
      if (r.redirect.has_location) red.location = std::string(r.redirect.location);
      red.followed = r.redirect.followed;
      if (r.redirect.error != corsproof::redirect_error::none)
        red.error = std::string(corsproof::to_string(r.redirect.error));
      h.redirect = red;
    }
    a.hops.push_back(std::move(h));
  }
  return a;
}

core_chain_result core_chain_answer(const ChainCase& chain, corsproof::preflight_cache& cache, double now) {
  core_chain_result out;
  const std::optional<corsproof::credentials_mode> credentials = to_core_credentials(chain.request.credentials);
  const std::optional<corsproof::redirect_mode> redirect = to_core_redirect(chain.redirect);
  if (!credentials || !redirect) {
    out.status = corsproof::eval_status::invalid_input;
    out.status_detail = "credentials or redirect is not one of the protocol's values";
    out.answer.outcome = "bad-case";
    return out;
  }
  const core_headers request_headers(chain.request.headers);
  corsproof::chain_request request;
  request.request.origin = chain.request.origin;
  request.request.url = chain.request.url;
  request.request.method = chain.request.method;
  request.request.headers = request_headers.list();
  request.request.credentials = *credentials;
  request.request.private_network = chain.request.private_network;
  request.redirect = *redirect;
  // The views of every hop's headers and responses, kept alive for the call.
  std::vector<core_headers> header_views;
  header_views.reserve(chain.hops.size() * 2);
  std::vector<corsproof::http_response> responses(chain.hops.size() * 2);
  std::vector<corsproof::chain_hop> hops(chain.hops.size());
  for (std::size_t i = 0; i < chain.hops.size(); ++i) {
    const corsproof_model::Hop& h = chain.hops[i];
    if (h.url) {
      hops[i].has_url = true;
      hops[i].url = *h.url;
    }
    if (h.preflight_response) {
      header_views.emplace_back(h.preflight_response->headers);
      responses[2 * i] = corsproof::http_response{h.preflight_response->status, header_views.back().list()};
      hops[i].preflight_response = &responses[2 * i];
    }
    if (h.response) {
      header_views.emplace_back(h.response->headers);
      responses[2 * i + 1] = corsproof::http_response{h.response->status, header_views.back().list()};
      hops[i].response = &responses[2 * i + 1];
    }
  }
  // One decision and one output buffer per thread, reused: allocating and
  // zeroing chain_output_capacity bytes per call was most of the property
  // suite's time on generated chains. Nothing refers to them once
  // to_model_shape below has copied the answer out.
  static thread_local const std::unique_ptr<corsproof::chain_decision> decision =
      std::make_unique<corsproof::chain_decision>();
  static thread_local const std::unique_ptr<char[]> buffer =
      std::make_unique_for_overwrite<char[]>(corsproof::chain_output_capacity);
  std::construct_at(decision.get());  // fresh, in place (a copy would read the empty name slots)
  corsproof::evaluate_chain(request, hops, &cache, now, *decision,
                            std::span<char>(buffer.get(), corsproof::chain_output_capacity));
  out.status = decision->status;
  out.status_detail = std::string(decision->status_detail);
  switch (decision->status) {
    case corsproof::eval_status::ok:
      out.answer = to_model_shape(*decision);
      break;
    case corsproof::eval_status::invalid_input:
    case corsproof::eval_status::missing_input:
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

namespace {

// A fresh cache per chain case: one per thread, cleared (constructing one
// allocates its 4 MiB arena).
corsproof::preflight_cache& cleared_cache() {
  static thread_local corsproof::preflight_cache cache;
  cache.clear();
  return cache;
}

}  // namespace

core_chain_result core_chain_answer(const ChainCase& chain) {
  return core_chain_answer(chain, cleared_cache(), 0);
}

core_session_result core_session_answer(const SessionCase& session) {
  core_session_result out;
  corsproof::preflight_cache& cache = cleared_cache();
  static thread_local std::vector<corsproof::cache_entry_view> entries(cache.max_entries());
  for (std::size_t i = 0; i < session.fetches.size(); ++i) {
    const corsproof_model::SessionFetch& fetch = session.fetches[i];
    if (i > 0 && fetch.t < session.fetches[i - 1].t) {
      out.status = corsproof::eval_status::invalid_input;
      out.answer.outcome = "bad-case";
      out.answer.detail = "fetches[" + std::to_string(i) + "].t decreases";
      out.answer.fetches.clear();
      return out;
    }
    core_chain_result r = core_chain_answer(fetch.fetch, cache, fetch.t);
    if (r.status != corsproof::eval_status::ok || is_refusal(r.answer.outcome)) {
      out.status = r.status;
      out.answer.outcome = r.answer.outcome;
      out.answer.detail = "fetches[" + std::to_string(i) + "]: " + r.status_detail;
      out.answer.fetches.clear();
      return out;
    }
    corsproof_model::SessionFetchAnswer f;
    f.answer = std::move(r.answer);
    if (session.report_cache) {
      const std::size_t n = cache.live_entries(fetch.t, entries);
      std::vector<CacheEntryAnswer> listed;
      for (std::size_t j = 0; j < n && j < entries.size(); ++j) {
        const corsproof::cache_entry_view& e = entries[j];
        CacheEntryAnswer c;
        c.origin = std::string(e.origin);
        c.url = std::string(e.url);
        c.credentials = e.credentials;
        if (e.kind == corsproof::cache_entry_kind::method) {
          c.method = std::string(e.value);
        } else {
          c.header = std::string(e.value);
        }
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

std::optional<std::string> chain_difference(const ChainAnswer& core, const ChainAnswer& model) {
  differ d;
  d.text("outcome", core.outcome, model.outcome);
  if (d.first || core.outcome == "bad-case") return d.first;
  d.flag("needs_preflight", core.needs_preflight, model.needs_preflight);
  d.preflight("preflight", core.preflight, model.preflight);
  d.cors("cors_check", core.cors_check, model.cors_check);
  d.list("exposed_headers", core.exposed_headers, model.exposed_headers);
  d.optional("error_hop", core.error_hop, model.error_hop);
  auto show_needs = [](const std::optional<NeedsAnswer>& n) {
    return n ? "{hop:" + std::to_string(n->hop) + ",what:" + n->what + ",url:" + quote(n->url) + "}"
             : std::string("null");
  };
  d.field("needs", core.needs.has_value(), model.needs.has_value(), show_needs(core.needs), show_needs(model.needs));
  if (core.needs && model.needs) {
    d.field("needs.hop", core.needs->hop, model.needs->hop, show_needs(core.needs), show_needs(model.needs));
    d.text("needs.what", core.needs->what, model.needs->what);
    d.text("needs.url", core.needs->url, model.needs->url);
  }
  auto show_final = [](const std::optional<FinalResponseAnswer>& f) {
    return f ? "{url:" + quote(f->url) + ",redirect_count:" + std::to_string(f->redirect_count) +
                   ",status:" + std::to_string(f->status) + ",type:" + f->type + "}"
             : std::string("null");
  };
  const bool final_equal =
      core.final_response.has_value() == model.final_response.has_value() &&
      (!core.final_response ||
       (core.final_response->url == model.final_response->url &&
        core.final_response->redirect_count == model.final_response->redirect_count &&
        core.final_response->status == model.final_response->status &&
        core.final_response->type == model.final_response->type));
  d.field("final", final_equal, true, show_final(core.final_response), show_final(model.final_response));
  d.field("hops.size", core.hops.size(), model.hops.size(), std::to_string(core.hops.size()),
          std::to_string(model.hops.size()));
  for (std::size_t i = 0; !d.first && i < core.hops.size() && i < model.hops.size(); ++i) {
    const HopAnswer& c = core.hops[i];
    const HopAnswer& m = model.hops[i];
    const std::string at = "hops[" + std::to_string(i) + "]";
    d.text(at + ".url", c.url, m.url);
    d.text(at + ".method", c.method, m.method);
    d.optional(at + ".origin_header", c.origin_header, m.origin_header);
    d.text(at + ".tainting", c.tainting, m.tainting);
    d.flag(at + ".credentials_sent", c.credentials_sent, m.credentials_sent);
    d.field(at + ".removed_headers", c.removed_headers, m.removed_headers, names(c.removed_headers),
            names(m.removed_headers));
    d.flag(at + ".needs_preflight", c.needs_preflight, m.needs_preflight);
    d.preflight(at + ".preflight", c.preflight ? std::optional<PreflightAnswer>(*c.preflight) : std::nullopt,
                m.preflight ? std::optional<PreflightAnswer>(*m.preflight) : std::nullopt);
    if (c.preflight && m.preflight) d.text(at + ".preflight.cache", c.preflight->cache, m.preflight->cache);
    d.optional(at + ".status", c.status, m.status);
    d.cors(at + ".cors_check", c.cors_check, m.cors_check);
    d.field(at + ".redirect", c.redirect.has_value(), m.redirect.has_value(), show_hop(c), show_hop(m));
    if (c.redirect && m.redirect) {
      d.optional(at + ".redirect.location", c.redirect->location, m.redirect->location);
      d.flag(at + ".redirect.followed", c.redirect->followed, m.redirect->followed);
      d.optional(at + ".redirect.error", c.redirect->error, m.redirect->error);
    }
  }
  return d.first;
}

std::optional<std::string> session_difference(const SessionAnswer& core, const SessionAnswer& model) {
  differ d;
  d.text("outcome", core.outcome, model.outcome);
  if (d.first || !core.outcome.empty()) return d.first;
  d.field("fetches.size", core.fetches.size(), model.fetches.size(), std::to_string(core.fetches.size()),
          std::to_string(model.fetches.size()));
  for (std::size_t i = 0; !d.first && i < core.fetches.size() && i < model.fetches.size(); ++i) {
    const std::string at = "fetches[" + std::to_string(i) + "]";
    if (const std::optional<std::string> c = chain_difference(core.fetches[i].answer, model.fetches[i].answer))
      return at + "." + *c;
    const auto& cc = core.fetches[i].cache_after;
    const auto& mc = model.fetches[i].cache_after;
    auto show_cache = [](const std::optional<std::vector<CacheEntryAnswer>>& c) {
      if (!c) return std::string("null");
      std::string out = "[";
      for (const CacheEntryAnswer& e : *c) {
        char stored[40];
        std::snprintf(stored, sizeof stored, "%.17g", e.stored_at);
        out += "{" + quote(e.origin) + "," + quote(e.url) + "," + (e.credentials ? "cred" : "-") + "," +
               (e.method ? "method=" + quote(*e.method) : "header=" + opt(e.header)) + "," +
               std::to_string(e.max_age) + "@" + stored + "}";
      }
      return out + "]";
    };
    bool equal = cc.has_value() == mc.has_value() && (!cc || cc->size() == mc->size());
    for (std::size_t j = 0; equal && cc && j < cc->size(); ++j) {
      const CacheEntryAnswer& a = (*cc)[j];
      const CacheEntryAnswer& b = (*mc)[j];
      equal = a.origin == b.origin && a.url == b.url && a.credentials == b.credentials && a.method == b.method &&
              a.header == b.header && a.max_age == b.max_age && a.stored_at == b.stored_at;
    }
    d.field(at + ".cache_after", equal, true, show_cache(cc), show_cache(mc));
  }
  return d.first;
}

std::string show(const ChainCase& c) {
  std::string out = "{request:{origin:" + quote(c.request.origin) + ",url:" + quote(c.request.url) +
                    ",method:" + quote(c.request.method) + ",headers:" + show(c.request.headers) +
                    ",credentials:" + quote(c.request.credentials) + ",redirect:" + quote(c.redirect);
  if (c.request.private_network) out += ",private_network:true";
  out += "},hops:[";
  for (std::size_t i = 0; i < c.hops.size(); ++i) {
    const corsproof_model::Hop& h = c.hops[i];
    out += i ? ",{" : "{";
    if (h.url) out += "url:" + quote(*h.url) + ",";
    if (h.preflight_response)
      out += "preflight_response:{" + std::to_string(h.preflight_response->status) + "," +
             show(h.preflight_response->headers) + "},";
    if (h.response) out += "response:{" + std::to_string(h.response->status) + "," + show(h.response->headers) + "}";
    out += "}";
  }
  return out + "]}";
}

std::string show(const ChainAnswer& a) {
  std::string out = "{outcome:" + a.outcome + ",needs_preflight:" + (a.needs_preflight ? "true" : "false") +
                    ",preflight:" + show_preflight(a.preflight, nullptr) + ",cors_check:" + show_cors(a.cors_check) +
                    ",exposed_headers:" + (a.exposed_headers ? names(*a.exposed_headers) : "null") +
                    ",error_hop:" + opt(a.error_hop) + ",hops:[";
  for (std::size_t i = 0; i < a.hops.size(); ++i) out += (i ? "," : "") + show_hop(a.hops[i]);
  return out + "]}";
}

}  // namespace corsproof_bridge

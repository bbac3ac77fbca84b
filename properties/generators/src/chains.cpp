// Protocol v1.1 generators: redirect chains and sessions (chains.hpp).
#include "corsproof_generators/chains.hpp"

#include <optional>
#include <utility>

#include "corsproof_generators/generators.hpp"

namespace corsproof_gen {

using corsproof_model::ChainAnswer;
using corsproof_model::ChainCase;
using corsproof_model::Hop;
using corsproof_model::ParsedUrl;
using corsproof_model::SessionCase;

namespace {

rc::Gen<std::vector<Header>> subset(std::vector<Header> all) {
  return rc::gen::map(rc::gen::container<std::vector<bool>>(all.size(), rc::gen::arbitrary<bool>()),
                      [all](const std::vector<bool>& keep) {
                        std::vector<Header> out;
                        for (std::size_t i = 0; i < all.size(); ++i)
                          if (keep[i]) out.push_back(all[i]);
                        return out;
                      });
}

template <class T>
rc::Gen<std::optional<T>> mostly(rc::Gen<T> g, int present, int absent) {
  return rc::gen::weightedOneOf<std::optional<T>>(
      {{present, rc::gen::map(std::move(g), [](T v) { return std::optional<T>(std::move(v)); })},
       {absent, rc::gen::just(std::optional<T>())}});
}

// Access-Control-Max-Age around every boundary a session meets: absent,
// repeated-or-invalid and -1 (the default 5, quirk 4), 0 (never usable), 1,
// 5, 600, 2^31 - 1, 2^31, above 2^31 (reported as 2^31).
rc::Gen<std::string> max_age_value() {
  return rc::gen::weightedElement<std::string>({{3, ""},
                                                {2, "0"},
                                                {2, "1"},
                                                {1, "5"},
                                                {3, "600"},
                                                {1, "2147483647"},
                                                {1, "2147483648"},
                                                {1, "99999999999"},
                                                {1, "-1"},
                                                {1, "x"}});
}

rc::Gen<std::string> request_method() {
  return rc::gen::weightedElement<std::string>(
      {{4, "GET"}, {3, "POST"}, {3, "PUT"}, {1, "DELETE"}, {1, "HEAD"}, {1, "patch"}, {1, "XMETHOD"}, {1, "put"}});
}

rc::Gen<std::vector<Header>> request_headers() {
  return subset({{"Content-Type", "application/json"},
                 {"Authorization", "Basic dTpw"},
                 {"X-A", "1"},
                 {"Content-Language", "en"},
                 {"Content-Encoding", "gzip"},
                 {"Content-Type", "text/plain"}});
}

rc::Gen<std::string> credentials_mode() {
  return rc::gen::elementOf(std::vector<std::string>{"omit", "same-origin", "include"});
}

// Fetch "normalize a method".
std::string normalized(const std::string& m) {
  std::string upper = m;
  for (char& ch : upper)
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
  for (const char* n : {"DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"})
    if (upper == n) return n;
  return m;
}

// Locations a cooperative hop answers: every one a usable http(s) URL
// without userinfo, most of them absolute, weighted towards the page's own
// origin so that chains come back to it.
rc::Gen<std::string> usable_location() {
  return rc::gen::weightedElement<std::string>({{5, "https://app.example/a"},
                                                {5, "https://api.example/y"},
                                                {3, "https://b.example/z"},
                                                {1, "http://app.example/h"},
                                                {1, "https://app.example:8443/p"},
                                                {3, "/r"},
                                                {1, "x?q"},
                                                {1, "../y#frag"},
                                                {1, "//api.example/r"},
                                                {1, "https://API.EXAMPLE:443/r"},
                                                {1, "https://app.example/back#f"}});
}

rc::Gen<std::size_t> hop_count() {
  return rc::gen::weightedOneOf<std::size_t>({{2, rc::gen::just<std::size_t>(0)},
                                              {4, rc::gen::just<std::size_t>(1)},
                                              {6, rc::gen::inRange<std::size_t>(2, 6)},
                                              {4, rc::gen::inRange<std::size_t>(6, 20)},
                                              {3, rc::gen::just<std::size_t>(20)},
                                              {5, rc::gen::just<std::size_t>(21)},
                                              {1, rc::gen::just<std::size_t>(22)}});
}

// What the generator knows of the fetch so far, to answer the next hop
// cooperatively (an approximation of Fetch, good enough to steer; the
// properties judge with the core and the model).
struct steering {
  std::optional<ParsedUrl> current;  // the request's current URL; nullopt: lost track
  bool tainted = false;              // Fetch §2.2.5 redirect-taint is not same-origin
  bool cors = false;                 // response tainting went "cors"
  std::string method;

  // Fetch HTTP-redirect fetch, for a redirect of `status` to `location`.
  void follow(const std::string& page, int status, const std::string& location) {
    if (!current) return;
    std::optional<ParsedUrl> next = corsproof_model::parse_url(location, current->href);
    if (!next || (next->scheme != "http" && next->scheme != "https")) {
      current.reset();
      return;
    }
    if (next->origin != current->origin && page != current->origin) tainted = true;
    if (((status == 301 || status == 302) && method == "POST") ||
        (status == 303 && method != "GET" && method != "HEAD"))
      method = "GET";
    current = std::move(next);
  }
};

bool is_redirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// One hop that lets the fetch go on: on a CORS hop, the ACAO (and ACAC)
// the hop's Origin needs, a passing preflight; a redirect (to one usable
// Location) unless `final`.
Hop cooperative_hop(const ChainCase& c, steering& s, bool final) {
  const std::string& page = c.request.origin;
  const bool include = c.request.credentials == "include";
  if (!(s.current->origin == page && !s.cors)) s.cors = true;
  const std::string origin_value = s.tainted ? "null" : page;
  const std::string acao =
      include ? origin_value : *rc::gen::weightedElement<std::string>({{3, origin_value}, {2, "*"}});
  corsproof_model::Response preflight{204, {{"Access-Control-Allow-Origin", acao}}};
  if (include) preflight.headers.push_back({"Access-Control-Allow-Credentials", "true"});
  preflight.headers.push_back({"Access-Control-Allow-Methods", s.method + ", PUT, XMETHOD"});
  preflight.headers.push_back(
      {"Access-Control-Allow-Headers", "x-a, content-type, authorization, content-language, content-encoding"});
  if (const std::string ma = *max_age_value(); !ma.empty()) preflight.headers.push_back({"Access-Control-Max-Age", ma});
  if (c.request.private_network) preflight.headers.push_back({"Access-Control-Allow-Private-Network", "true"});

  const int status = final ? *rc::gen::weightedElement<int>({{4, 200}, {1, 204}, {1, 404}})
                           : *rc::gen::weightedElement<int>({{2, 301}, {4, 302}, {2, 303}, {3, 307}, {2, 308}});
  corsproof_model::Response response{status, {{"Access-Control-Allow-Origin", acao}}};
  if (include) response.headers.push_back({"Access-Control-Allow-Credentials", "true"});
  if (*rc::gen::weightedElement<bool>({{1, true}, {3, false}}))
    response.headers.push_back({"Access-Control-Expose-Headers", "x-data"});
  if (!final) {
    const std::string location = *usable_location();
    response.headers.push_back({"Location", location});
    s.follow(page, status, location);
  }
  return Hop{std::nullopt, std::move(preflight), std::move(response)};
}

ChainCase chain_with(std::size_t n) {
  ChainCase c;
  const std::string page = *chain_page_origin();
  c.request.origin = page;
  c.request.url = *chain_request_url();
  c.request.method = *request_method();
  c.request.headers = *request_headers();
  c.request.credentials = *credentials_mode();
  c.redirect = *rc::gen::weightedElement<std::string>({{12, "follow"}, {1, "error"}, {1, "manual"}});
  c.request.private_network = *rc::gen::weightedElement<bool>({{19, false}, {1, true}});
  // Percent of hops that cooperate: all of them, most of them, none.
  const int cooperation = *rc::gen::weightedElement<int>({{5, 100}, {3, 90}, {2, 0}});
  steering s;
  s.current = corsproof_model::parse_url(c.request.url);
  s.method = normalized(c.request.method);
  for (std::size_t i = 0; i < n; ++i) {
    const bool last = i + 1 == n;
    if (s.current && *rc::gen::inRange(0, 100) < cooperation) {
      // The last hop is a final response, or a redirect that is then missing
      // its next hop (incomplete) or, as the 21st redirect, over the limit.
      const bool final = last ? *rc::gen::weightedElement<bool>({{n == 21 ? 1 : 3, true}, {1, false}})
                              : *rc::gen::weightedElement<bool>({{1, true}, {40, false}});
      c.hops.push_back(cooperative_hop(c, s, final));
      continue;
    }
    Hop h = *hop_answer(page);
    // Keep track through an arbitrary redirect with one Location.
    std::optional<std::string> location;
    std::size_t locations = 0;
    if (h.response)
      for (const Header& x : h.response->headers)
        if (x.name == "Location") {
          ++locations;
          location = x.value;
        }
    if (h.response && is_redirect(h.response->status) && locations == 1) {
      s.follow(page, h.response->status, *location);
    } else {
      s.current.reset();
    }
    c.hops.push_back(std::move(h));
  }
  return c;
}

}  // namespace

rc::Gen<std::string> chain_page_origin() {
  return rc::gen::weightedElement<std::string>({{8, "https://app.example"}, {1, "null"}, {1, "http://app.example"}});
}

rc::Gen<std::string> chain_request_url() {
  return rc::gen::weightedElement<std::string>(
      {{6, "https://api.example/r"}, {4, "https://app.example/a"}, {2, "https://api.example/x#f"},
       {2, "https://b.example/z"}, {1, "http://app.example/h"}, {1, "https://0x7f.1/r"}, {1, "ws://api.example/r"},
       {1, "https://a b/"}, {1, "https://u@api.example/"}});
}

rc::Gen<std::string> location_value() {
  return rc::gen::weightedOneOf<std::string>(
      {{6, usable_location()},
       {4, rc::gen::weightedElement<std::string>(
               {{4, "/x"}, {2, "https://127.0.0.1/i"}, {1, "data:,x"}, {1, ""}, {1, "mailto:a@b"},
                {1, "https://u:p@api.example/c"}, {1, "https://u@app.example/c"}, {1, "https://exa mple/"},
                {1, "https://\xC3\xA9.example/"}, {1, "\\\\b.example\\k"}, {1, "#only"}, {1, "ftp://b.example/"},
                {1, "HTTPS://APP.EXAMPLE/A"}, {1, " https://b.example/t "}})}});
}

rc::Gen<corsproof_model::Response> chain_response(const std::string& page) {
  return rc::gen::apply(
      [](int status, std::string acao, std::vector<Header> extra, std::vector<std::string> locations) {
        if (!acao.empty()) extra.insert(extra.begin(), {"Access-Control-Allow-Origin", acao});
        for (const std::string& l : locations) extra.push_back({"Location", l});
        return Response{status, std::move(extra)};
      },
      rc::gen::weightedElement<int>({{3, 200}, {1, 204}, {2, 301}, {4, 302}, {2, 303}, {3, 307}, {1, 308}, {1, 300},
                                      {1, 304}, {1, 305}, {1, 306}, {1, 309}, {1, 404}, {1, 500}}),
      rc::gen::weightedElement<std::string>({{4, page}, {3, "*"}, {3, "null"}, {1, ""}, {1, "https://other.example"}}),
      subset({{"Access-Control-Allow-Credentials", "true"},
              {"Access-Control-Expose-Headers", "x-data, *"},
              {"X-Data", "1"},
              {"Set-Cookie", "a=b"}}),
      rc::gen::mapcat(rc::gen::weightedElement<std::size_t>({{1, 0}, {10, 1}, {1, 2}}), [](std::size_t n) {
        return rc::gen::container<std::vector<std::string>>(n, location_value());
      }));
}

rc::Gen<corsproof_model::Response> preflight_answer(const std::string& page) {
  const auto with = [](std::string name, std::string value, std::vector<Header>& h) {
    if (!value.empty()) h.push_back({std::move(name), std::move(value)});
  };
  return rc::gen::apply(
      [with](int status, std::string acao, std::string acam, std::string acah, std::string acma,
             std::vector<Header> extra) {
        std::vector<Header> h;
        with("Access-Control-Allow-Origin", acao, h);
        with("Access-Control-Allow-Methods", acam, h);
        with("Access-Control-Allow-Headers", acah, h);
        with("Access-Control-Max-Age", acma, h);
        h.insert(h.end(), extra.begin(), extra.end());
        return Response{status, std::move(h)};
      },
      rc::gen::weightedElement<int>({{10, 204}, {3, 200}, {1, 302}, {1, 500}}),
      rc::gen::weightedElement<std::string>({{8, page}, {2, "*"}, {3, "null"}, {1, ""}}),
      rc::gen::weightedElement<std::string>({{6, "PUT, DELETE, POST, XMETHOD, patch"}, {2, "*"}, {2, "PUT"},
                                             {1, ""}, {1, "*, PUT"}, {1, "PUT, *"}, {1, "GET"}, {1, "P T"}}),
      rc::gen::weightedElement<std::string>({{6, "x-a, content-type, authorization, content-language, content-encoding"},
                                             {2, "*, authorization"}, {1, "*"}, {1, "x-a"}, {1, ""},
                                             {1, "X-A, Content-Type"}, {1, "x a"}}),
      max_age_value(),
      rc::gen::apply(
          [](bool credentials, bool private_network) {
            std::vector<Header> h;
            if (credentials) h.push_back({"Access-Control-Allow-Credentials", "true"});
            if (private_network) h.push_back({"Access-Control-Allow-Private-Network", "true"});
            return h;
          },
          rc::gen::weightedElement<bool>({{3, true}, {1, false}}), rc::gen::arbitrary<bool>()));
}

rc::Gen<corsproof_model::Hop> hop_answer(const std::string& page) {
  return rc::gen::apply(
      [](std::optional<Response> preflight, std::optional<Response> response) {
        return Hop{std::nullopt, std::move(preflight), std::move(response)};
      },
      mostly(preflight_answer(page), 8, 1), mostly(chain_response(page), 20, 1));
}

rc::Gen<corsproof_model::ChainCase> short_chain_case(rc::Gen<std::string> url) {
  return rc::gen::mapcat(chain_page_origin(), [url](const std::string& page) {
    return rc::gen::apply(
        [page](std::string u, std::string method, std::vector<Header> headers, std::string credentials,
               std::string redirect, bool private_network, std::vector<Hop> hops) {
          ChainCase c;
          c.request.origin = page;
          c.request.url = std::move(u);
          c.request.method = std::move(method);
          c.request.headers = std::move(headers);
          c.request.credentials = std::move(credentials);
          c.request.private_network = private_network;
          c.redirect = std::move(redirect);
          c.hops = std::move(hops);
          return c;
        },
        url, request_method(), request_headers(), credentials_mode(),
        rc::gen::weightedElement<std::string>({{8, "follow"}, {1, "error"}, {1, "manual"}}),
        rc::gen::weightedElement<bool>({{9, false}, {1, true}}),
        rc::gen::mapcat(rc::gen::weightedElement<std::size_t>({{1, 0}, {3, 1}, {4, 2}, {4, 3}, {2, 5}}),
                        [page](std::size_t n) { return rc::gen::container<std::vector<Hop>>(n, hop_answer(page)); }));
  });
}

rc::Gen<corsproof_model::ChainCase> chain_case() {
  return rc::gen::exec([] { return chain_with(*hop_count()); });
}

rc::Gen<corsproof_model::ChainCase> one_hop_chain_case() {
  return rc::gen::weightedOneOf<ChainCase>(
      {{1, rc::gen::exec([] { return chain_with(1); })},
       // The v1 generator's adversarial exchanges as one-hop chains.
       {1, rc::gen::map(browser_exchange(), [](const BrowserExchange& e) {
          ChainCase c;
          c.request = e.request;
          c.hops.push_back(Hop{std::nullopt, e.preflight_response, e.response});
          return c;
        })}});
}

rc::Gen<double> session_time_step() {
  return rc::gen::weightedOneOf<double>(
      {{1, rc::gen::just(0.0)},
       {6, rc::gen::apply(
               [](double max_age, int side, double eps) {
                 const double t = max_age + side * eps;
                 return t < 0 ? 0.0 : t;
               },
               rc::gen::weightedElement<double>(
                   {{2, 0}, {3, 1}, {4, 5}, {3, 600}, {1, 2147483647.0}, {1, 2147483648.0}}),
               rc::gen::element(-1, 0, 1), rc::gen::element(0.001, 0.5))}});
}

rc::Gen<corsproof_model::SessionCase> session_case() {
  return rc::gen::exec([] {
    // Two or three requests, fetched again and again, so that fetches meet
    // each other's cache entries: variants of one fetch (same URL and
    // redirects; another method, other headers, sometimes another
    // credentials mode, page or preflight answer), sometimes an unrelated
    // short chain.
    const auto url = rc::gen::elementOf(std::vector<std::string>{"https://api.example/r", "https://api.example/x#f"});
    const ChainCase base = *rc::gen::weightedOneOf<ChainCase>(
        {{3, rc::gen::exec([] { return chain_with(*rc::gen::weightedElement<std::size_t>({{4, 1}, {2, 2}, {1, 3}})); })},
         {1, short_chain_case(url)}});
    std::vector<ChainCase> pool{base};
    const std::size_t variants = *rc::gen::inRange<std::size_t>(1, 3);
    for (std::size_t i = 0; i < variants; ++i) {
      if (*rc::gen::weightedElement<bool>({{1, true}, {4, false}})) {
        pool.push_back(*short_chain_case(url));
        continue;
      }
      ChainCase v = base;
      v.request.method = *request_method();
      v.request.headers = *request_headers();
      // Sometimes another credentials mode (credentialed and not entries
      // meet) or another page (keys differ, except the tainted `null` ones).
      if (*rc::gen::weightedElement<bool>({{1, true}, {2, false}})) v.request.credentials = *credentials_mode();
      if (*rc::gen::weightedElement<bool>({{1, true}, {5, false}})) v.request.origin = *chain_page_origin();
      for (Hop& h : v.hops)
        if (*rc::gen::weightedElement<bool>({{1, true}, {2, false}})) h.preflight_response = *preflight_answer(v.request.origin);
      pool.push_back(std::move(v));
    }
    const std::size_t n = *rc::gen::inRange<std::size_t>(1, 9);
    SessionCase s;
    s.report_cache = true;
    double t = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (i > 0) t += *session_time_step();
      s.fetches.push_back(corsproof_model::SessionFetch{pool[*rc::gen::inRange<std::size_t>(0, pool.size())], t});
    }
    return s;
  });
}

chain_classes classify(const ChainCase& chain, const ChainAnswer& answer) {
  chain_classes k;
  const std::size_t n = chain.hops.size();
  k.hops = n == 0 ? "0 hops" : n == 1 ? "1 hop" : n <= 5 ? "2-5 hops" : n <= 19 ? "6-19 hops" : std::to_string(n) + " hops";
  const std::string& page = chain.request.origin;
  bool cross_seen = false;
  k.same_origin = !answer.hops.empty();
  for (const corsproof_model::HopAnswer& h : answer.hops) {
    const std::optional<ParsedUrl> u = corsproof_model::parse_url(h.url);
    const bool same = u && page != "null" && u->origin == page;
    if (!same) {
      k.same_origin = false;
      k.cross_origin = true;
      cross_seen = true;
    } else if (cross_seen) {
      k.back_to_origin = true;
    }
    if (page != "null" && h.origin_header == "null") k.tainted = true;
    if (h.redirect && h.redirect->error == "redirect-limit") k.limit = true;
  }
  k.twenty_redirects = answer.final_response && answer.final_response->redirect_count == 20;
  return k;
}

}  // namespace corsproof_gen

// Protocol v1.1, core against the reference model: the URL Standard parser
// (core/src/url.cpp vs properties/model/src/url.cpp), redirect chains
// (corsproof::evaluate_chain vs corsproof_model::chain_answer) and sessions
// sharing a CORS-preflight cache (corsproof::preflight_cache vs
// corsproof_model::session_answer), on
//   * the URL rows below and generated URL references,
//   * the model's own chain and session rows (model/tests/*_rows.hpp),
//   * every v1.1 vector of corpus/conformance/browser/*.jsonl (a chain case:
//     `hops` or `request.redirect`; a session: mode browser-session), read
//     with Boost.JSON; CORSPROOF_V11_VECTORS=<dir> reads another directory.
// Every protocol field is compared except free-text `detail`.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "chain_rows.hpp"
#include "corsproof/url.hpp"
#include "corsproof_bridge/bridge.hpp"
#include "corsproof_bridge/chain_bridge.hpp"
#include "corsproof_model/model.hpp"
#include "session_rows.hpp"

namespace {

// ---- The URL parser ---------------------------------------------------------------

struct core_url {
  corsproof::url_status status = corsproof::url_status::failure;
  std::string href, scheme, origin;
  bool includes_credentials = false;
};

core_url core_parse(const std::string& input, const std::optional<std::string>& base) {
  core_url r;
  std::vector<char> base_buffer(corsproof::max_url_bytes), buffer(corsproof::max_url_bytes);
  corsproof::url_parse_result parsed_base;
  if (base) {
    parsed_base = corsproof::parse_url(*base, nullptr, base_buffer);
    if (parsed_base.status != corsproof::url_status::ok) {
      r.status = parsed_base.status;
      return r;
    }
  }
  const corsproof::url_parse_result p = corsproof::parse_url(input, base ? &parsed_base.url : nullptr, buffer);
  r.status = p.status;
  if (p.status != corsproof::url_status::ok) return r;
  r.href = std::string(p.url.href);
  r.scheme = std::string(p.url.scheme);
  r.includes_credentials = p.url.includes_credentials();
  std::array<char, corsproof::max_url_bytes + 16> origin;
  r.origin = std::string(origin.data(), corsproof::write_url_origin(p.url, origin));
  return r;
}

// nullopt when the core parses `input` against `base` as the model does
// (failure for failure, else href, scheme, includes credentials and origin).
std::optional<std::string> url_difference(const std::string& input, const std::optional<std::string>& base) {
  const std::optional<corsproof_model::ParsedUrl> model = corsproof_model::parse_url(input, base);
  const core_url core = core_parse(input, base);
  const std::string where = "input " + corsproof_bridge::quote(input) + " base " +
                            (base ? corsproof_bridge::quote(*base) : std::string("none")) + ": ";
  if (core.status == corsproof::url_status::too_long) return std::nullopt;  // beyond the documented bound
  if (!model) {
    if (core.status == corsproof::url_status::failure) return std::nullopt;
    return where + "model failure, core " + corsproof_bridge::quote(core.href);
  }
  if (core.status != corsproof::url_status::ok)
    return where + "core " + std::string(corsproof::to_string(core.status)) + ", model " +
           corsproof_bridge::quote(model->href);
  if (core.href != model->href)
    return where + "href: core " + corsproof_bridge::quote(core.href) + ", model " + corsproof_bridge::quote(model->href);
  if (core.scheme != model->scheme) return where + "scheme: core " + core.scheme + ", model " + model->scheme;
  if (core.includes_credentials != model->includes_credentials) return where + "includes credentials differ";
  if (core.origin != model->origin)
    return where + "origin: core " + corsproof_bridge::quote(core.origin) + ", model " +
           corsproof_bridge::quote(model->origin);
  return std::nullopt;
}

const std::vector<std::optional<std::string>>& url_bases() {
  static const std::vector<std::optional<std::string>> bases = {
      std::nullopt,
      "https://api.example/r",
      "https://app.example/d/e/f?q=1#frag",
      "http://example.org/foo/bar",
      "https://user:pw@h.example:8443/a/b/",
      "https://[::1]/x",
      "https://127.0.0.1/",
      "ws://w.example/s?x",
      "file:///C:/demo/x",
      "file://host/share/a",
      "foo://opaque.host/p/q",
      "foo:/p/q",
      "foo://",
      "about:blank",
      "mailto:x@example",
      "blob:https://api.example/uuid",
      "data:text/plain,hi",
  };
  return bases;
}

// References as a Location header may carry them, and absolute URLs of
// every kind of scheme, host and path the Standard treats on its own.
const std::vector<std::string>& url_inputs() {
  static const std::vector<std::string> inputs = {
      "", " ", "\t\n", "x", "y", "/y", "//h.example/y", "///h.example/y", "////y", "\\y", "\\\\h.example\\y",
      "?q", "?", "#", "#f", "#f g", "?q#f", "..", "../", "../y", "../../../../y", "./y", ".", "./", "%2e", "%2E/",
      ".%2e/y", "%2e%2E/y", "/a/./b/../c", "/a/%2e%2e/c", "a/..", "a/../", "/.//x", "https:y", "https:/y",
      "https://h.example", "HTTPS://H.EXAMPLE:443/X", "https://h.example:443/", "http://h.example:80/",
      "http://h.example:8080", "https://h.example:0/", "https://h.example:65535/", "https://h.example:65536/",
      "https://h.example:/", "https://h.example:8x/", "https://h.example: 80/", "https://:80/", "https://@h/",
      "https://u@h.example/", "https://u:p@h.example/", "https://:p@h.example/", "https://u:@h.example/",
      "https://@h.example/", "https://a@b@c/", "https://a:b:c@d/", "https://u%40:p%3A@h/", "https://a b/",
      "https://a%20b/", "https://a%/", "https://%41.example/", "https://%2e/", "https://%25/", "https://a.b.c./",
      "https://.example/", "https://a..b/", "https://xn--/", "https://a.b.c.xn--pokxncvks/", "https://xn--nxasmq6b/",
      "https://\xC3\xA9.example/", "https://%C3%A9.example/", "https://\xE2\x82\xAC/", "https://\xEF\xBC\xA1.com/",
      "https://a\xE3\x80\x82" "b/", "https://\xEF\xBF\xBD/", "https://%FF/", "https://\xFF/", "https://a\xC2\xAD" "b/",
      "https://%EF%BB%BFa/", "https://\xF0\x9F\x98\x80.example/", "https://faß.de/", "https://-x-.example/",
      "https://127.0.0.1/", "https://0x7f.1/", "https://0177.0.0.1/", "https://2130706433/", "https://127.1/",
      "https://1.2.3.4.5/", "https://1.2.3.256/", "https://255.255.255.255/", "https://4294967296/",
      "https://0x100000000/", "https://09/", "https://1.09/", "https://foo.09/", "https://foo.0x/", "https://0x/",
      "https://1.2.3.4./", "https://1.2.3.4../", "https://[::1]/", "https://[::1]:8443/", "https://[0:0::1]/",
      "https://[::ffff:1.2.3.4]/", "https://[1:2:3:4:5:6:7:8]/", "https://[1:2:3:4:5:6:7:8:9]/", "https://[::1/",
      "https://[::1]x/", "https://[:1]/", "https://[1::1::1]/", "https://[::01]/", "https://[www.example]/",
      "https://h.example/a b", "https://h.example/a%20b", "https://h.example/\xC3\xA9", "https://h.example/\xFF\xFE",
      "https://h.example/\xE2\x82", "https://h.example/\xED\xA0\x80", "https://h.example/\xF4\x90\x80\x80",
      "https://h.example/?a b'c\"<>`{}", "https://h.example/#a b'c\"<>`{}", "https://h.example/a'\"<>`{}^|",
      "https://h.example/\x01\x7f", "https://h.example/?\x01\x7f", "https://h.example/#\x01\x7f",
      "  https://h.example/  ", "\x01https://h.example/\x1f", "ht\ttps://h.ex\nample/p\ra", "https://h.example\\a\\b",
      "https:\\\\h.example\\", "https:h.example", "http:h.example", "https:", "http:", "https:?", "https:#",
      "HTTP://h", "data:,x", "data:text/html,<b>", "javascript:alert(1)", "mailto:a@b", "about:blank",
      "blob:https://api.example/uuid", "blob:foo://x", "blob:", "ftp://f.example/", "ws://w.example/",
      "wss://w.example:443/", "file:///etc/passwd", "file://localhost/x", "file://LOCALHOST/x", "file://h/x",
      "file:C:/x", "file:c|/x", "file:/C|/x", "file://C|/x", "file:///C|/x", "file:..", "file:", "file:#f",
      "file:?q", "file:x", "/C:/x", "C|/x", "C|", "c:/x", "foo://h.example/p", "foo://H.Example/P", "foo://h:1/p",
      "foo://h:99999/p", "foo://a b/p", "foo://a%b/p", "foo://\xC3\xA9/p", "foo://[::1]/p", "foo://u:p@h/",
      "foo://@h/", "foo://", "foo:///", "foo:////x", "foo:/.//x", "foo:/a/..//x", "foo:x y?a b#c d",
      "foo:x ?", "foo:x #", "foo:\\x", "foo:/", "a+b.c-d:x", "1a:x", "a1:x", "-a:x", "a@b:x", "invalidurl:",
      "sc://\xC3\xB1", "non-special://test:@test/x", "https://h.example/%zz", "https://h.example/%2", "%",
      "https://h.example/a/%2e%2E/b/./%2E/c/..", "https://h.example/..//x", "https://h.example//x/..",
  };
  return inputs;
}

TEST(Url, CoreParsesAsTheModel) {
  std::size_t checked = 0;
  for (const std::optional<std::string>& base : url_bases()) {
    for (const std::string& input : url_inputs()) {
      const std::optional<std::string> d = url_difference(input, base);
      EXPECT_FALSE(d.has_value()) << *d;
      ++checked;
    }
  }
  EXPECT_EQ(checked, url_bases().size() * url_inputs().size());
}

// Generated references: pieces that steer the parser into every state,
// glued together.
rc::Gen<std::string> url_piece() {
  return rc::gen::oneOf(
      rc::gen::element<std::string>("http:", "https:", "HTTPS:", "file:", "foo:", "ws:", "blob:", "data:", "//",
                                    "/", "\\", "///", ".", "..", "%2e", "%2E.", "?", "#", "@", ":", "::", "[",
                                    "]", "[::1]", "u", "u:p", "h.example", "API.EXAMPLE", "0x7f", "1", "08", "255",
                                    "256", ".1", "80", "443", "65536", "%41", "%zz", "%", "%2", "%C3%A9", "%FF",
                                    "\xC3\xA9", "\xFF", "\xEF\xBC\xA1", " ", "\t", "\n", "\x01", "C:", "C|",
                                    "localhost", "xn--", "'", "\"", "<", "`", "{", "^", "|"),
      rc::gen::map(rc::gen::inRange(0, 256), [](int c) { return std::string(1, static_cast<char>(c)); }));
}

RC_GTEST_PROP(Url, GeneratedReferencesParseAsTheModel, ()) {
  const std::vector<std::string> pieces = *rc::gen::container<std::vector<std::string>>(
      *rc::gen::inRange<std::size_t>(0, 12), url_piece());
  std::string input;
  for (const std::string& p : pieces) input += p;
  const std::optional<std::string> base = *rc::gen::elementOf(url_bases());
  const std::optional<std::string> d = url_difference(input, base);
  if (d) RC_FAIL(*d);
}

// ---- Chains and sessions: the model's rows ------------------------------------------

std::optional<std::string> chain_case_difference(const corsproof_model::ChainCase& c) {
  const corsproof_model::ChainAnswer model = corsproof_model::chain_answer(c);
  const corsproof_bridge::core_chain_result core = corsproof_bridge::core_chain_answer(c);
  if (const std::optional<std::string> d = corsproof_bridge::chain_difference(core.answer, model))
    return *d + "\n  case:  " + corsproof_bridge::show(c) + "\n  core:  " + corsproof_bridge::show(core.answer) +
           " (" + core.status_detail + ")\n  model: " + corsproof_bridge::show(model) + " (" + model.detail + ")";
  return std::nullopt;
}

std::optional<std::string> session_case_difference(const corsproof_model::SessionCase& s) {
  const corsproof_model::SessionAnswer model = corsproof_model::session_answer(s);
  const corsproof_bridge::core_session_result core = corsproof_bridge::core_session_answer(s);
  if (const std::optional<std::string> d = corsproof_bridge::session_difference(core.answer, model)) {
    std::string out = *d + " (core: " + core.answer.detail + "; model: " + model.detail + ")";
    for (std::size_t i = 0; i < s.fetches.size(); ++i)
      out += "\n  fetch " + std::to_string(i) + " t=" + std::to_string(s.fetches[i].t) + ": " +
             corsproof_bridge::show(s.fetches[i].fetch);
    return out;
  }
  return std::nullopt;
}

TEST(ModelRows, ChainsAnswerAsTheModel) {
  std::vector<corsproof_model::ChainCase> cases;
  for (const v11::ChainRow& row : v11::chain_rows()) cases.push_back(row.input);
  for (std::size_t n : {19, 20, 21, 22}) {
    cases.push_back(v11::loop_of(n, "/r"));
    cases.push_back(v11::loop_of(n, ""));
    cases.push_back(v11::loop_of(n, "/r", true));
  }
  corsproof_model::ChainCase twenty = v11::loop_of(20, "/r");
  twenty.hops.push_back(v11::hop(v11::resp(200, {v11::acao(v11::kPage)})));
  cases.push_back(twenty);
  for (const corsproof_model::ChainCase& c : cases) {
    const std::optional<std::string> d = chain_case_difference(c);
    EXPECT_FALSE(d.has_value()) << *d;
  }
  EXPECT_GT(cases.size(), 60U);
}

TEST(ModelRows, SessionsAnswerAsTheModel) {
  std::size_t n = 0;
  for (const v11::SessionRow& row : v11::session_rows()) {
    for (bool report : {false, true}) {
      corsproof_model::SessionCase s;
      s.fetches = row.fetches;
      s.report_cache = report;
      const std::optional<std::string> d = session_case_difference(s);
      EXPECT_FALSE(d.has_value()) << row.name << ": " << *d;
      ++n;
    }
  }
  EXPECT_GT(n, 20U);
}

// ---- Chains and sessions: the vectors -----------------------------------------------

namespace json = boost::json;

std::vector<corsproof_model::Header> read_headers(const json::value& v) {
  std::vector<corsproof_model::Header> headers;
  for (const json::value& pair : v.as_array())
    headers.push_back({std::string(pair.as_array().at(0).as_string()), std::string(pair.as_array().at(1).as_string())});
  return headers;
}

std::optional<corsproof_model::Response> read_response(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  corsproof_model::Response r;
  r.status = static_cast<int>(v->as_object().at("status").as_int64());
  if (const json::value* h = v->as_object().if_contains("headers")) r.headers = read_headers(*h);
  return r;
}

// A chain case's request and hops (or, in the one-exchange shape, the
// top-level preflight_response/response as one hop). Throws on a malformed
// case (those are the oracle's bad-case, not a question for the core).
corsproof_model::ChainCase read_chain(const json::object& o) {
  corsproof_model::ChainCase c;
  const json::object& request = o.at("request").as_object();
  c.request.origin = std::string(request.at("origin").as_string());
  c.request.url = std::string(request.at("url").as_string());
  c.request.method = std::string(request.at("method").as_string());
  if (const json::value* h = request.if_contains("headers")) c.request.headers = read_headers(*h);
  if (const json::value* v = request.if_contains("credentials")) c.request.credentials = std::string(v->as_string());
  if (const json::value* v = request.if_contains("private_network")) c.request.private_network = v->as_bool();
  if (const json::value* v = request.if_contains("redirect")) c.redirect = std::string(v->as_string());
  if (const json::value* hops = o.if_contains("hops")) {
    if (o.contains("response") || o.contains("preflight_response")) throw std::invalid_argument("hops and response");
    for (const json::value& hv : hops->as_array()) {
      const json::object& h = hv.as_object();
      corsproof_model::Hop hop;
      if (const json::value* u = h.if_contains("url")) hop.url = std::string(u->as_string());
      hop.preflight_response = read_response(h, "preflight_response");
      hop.response = read_response(h, "response");
      c.hops.push_back(std::move(hop));
    }
  } else {
    c.hops.push_back(corsproof_model::Hop{std::nullopt, read_response(o, "preflight_response"), read_response(o, "response")});
  }
  return c;
}

struct vector_counts {
  std::size_t chains = 0, sessions = 0, one_hop = 0, malformed = 0;
};

std::filesystem::path vector_directory() {
  if (const char* dir = std::getenv("CORSPROOF_V11_VECTORS")) return dir;
  return std::filesystem::path(CORSPROOF_CORPUS_DIR) / "conformance" / "browser";
}

// Runs `on_chain` / `on_session` over every chain and session case of the
// directory's *.jsonl files; v1 cases (no hops, no request.redirect) go to
// `on_v1`.
template <class Chain, class Session, class V1>
vector_counts for_each_vector(Chain on_chain, Session on_session, V1 on_v1) {
  vector_counts n;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(vector_directory()))
    if (e.path().extension() == ".jsonl") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const std::filesystem::path& file : files) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      const json::object o = json::parse(line).as_object();
      const std::string id = std::string(o.at("id").as_string());
      const json::string& mode = o.at("mode").as_string();
      try {
        if (mode == "browser") {
          const json::object& request = o.at("request").as_object();
          if (o.contains("hops") || request.contains("redirect")) {
            const corsproof_model::ChainCase c = read_chain(o);
            ++n.chains;
            on_chain(id, c);
          } else {
            const corsproof_model::ChainCase c = read_chain(o);
            ++n.one_hop;
            on_v1(id, c);
          }
        } else if (mode == "browser-session") {
          corsproof_model::SessionCase s;
          if (const json::value* r = o.if_contains("report_cache")) s.report_cache = r->as_bool();
          for (const json::value& f : o.at("fetches").as_array()) {
            const json::object& fo = f.as_object();
            s.fetches.push_back(corsproof_model::SessionFetch{read_chain(fo), fo.at("t").to_number<double>()});
          }
          ++n.sessions;
          on_session(id, s);
        }
      } catch (const std::exception&) {
        ++n.malformed;  // a bad-case input shape: the oracle's to refuse
      }
    }
  }
  return n;
}

TEST(Vectors, ChainsAndSessionsAnswerAsTheModel) {
  const vector_counts n = for_each_vector(
      [](const std::string& id, const corsproof_model::ChainCase& c) {
        const std::optional<std::string> d = chain_case_difference(c);
        EXPECT_FALSE(d.has_value()) << id << ": " << *d;
      },
      [](const std::string& id, const corsproof_model::SessionCase& s) {
        const std::optional<std::string> d = session_case_difference(s);
        EXPECT_FALSE(d.has_value()) << id << ": " << *d;
      },
      [](const std::string& id, const corsproof_model::ChainCase& c) {
        // A v1 exchange as a one-hop chain: core against model too.
        const std::optional<std::string> d = chain_case_difference(c);
        EXPECT_FALSE(d.has_value()) << id << " (one hop): " << *d;
      });
  std::printf("v1.1 vectors from %s: %zu chains, %zu sessions, %zu v1 exchanges as one-hop chains, %zu malformed "
              "(skipped)\n",
              vector_directory().c_str(), n.chains, n.sessions, n.one_hop, n.malformed);
  EXPECT_GT(n.chains + n.sessions + n.one_hop, 0U);
}

// A chain of one hop answers as the core's evaluate_browser does for the same
// exchange (protocol v1.1: every v1 case keeps its answer), on every v1
// browser vector: the v1 fields field by field. Where v1 judges a partial
// exchange (no response: the preflight stage only; a needed preflight
// without its response: bad-case), the chain is incomplete and names what it
// needs.
TEST(OneHop, CoreChainAnswersAsCoreBrowser) {
  std::size_t compared = 0, partial = 0;
  const vector_counts n = for_each_vector(
      [](const std::string&, const corsproof_model::ChainCase&) {},
      [](const std::string&, const corsproof_model::SessionCase&) {},
      [&](const std::string& id, const corsproof_model::ChainCase& c) {
        const corsproof_model::BrowserExchange exchange{c.request, c.hops[0].preflight_response, c.hops[0].response};
        const corsproof_bridge::core_browser_result v1 = corsproof_bridge::core_browser_answer(exchange);
        const corsproof_bridge::core_chain_result chain = corsproof_bridge::core_chain_answer(c);
        if (v1.status == corsproof::eval_status::missing_input) {
          ++partial;
          EXPECT_EQ(chain.answer.outcome, "incomplete") << id;
          EXPECT_TRUE(chain.answer.needs && chain.answer.needs->what == "preflight_response") << id;
          return;
        }
        corsproof_model::BrowserAnswer as_v1;
        as_v1.outcome = chain.answer.outcome;
        as_v1.needs_preflight = chain.answer.needs_preflight;
        as_v1.preflight = chain.answer.preflight;
        as_v1.cors_check = chain.answer.cors_check;
        as_v1.exposed_headers = chain.answer.exposed_headers;
        if (!exchange.response && v1.answer.outcome == "allowed") {
          ++partial;
          EXPECT_EQ(chain.answer.outcome, "incomplete") << id;
          EXPECT_TRUE(chain.answer.needs && chain.answer.needs->what == "response") << id;
          as_v1.outcome = "allowed";
        } else {
          ++compared;
        }
        const std::optional<std::string> d = corsproof_bridge::browser_difference(as_v1, v1.answer);
        EXPECT_FALSE(d.has_value()) << id << ": " << *d;
      });
  std::printf("one hop: %zu v1 exchanges compared with evaluate_browser, %zu partial ones\n", compared, partial);
  if (n.one_hop > 0) {
    EXPECT_GT(compared, 0U);
  }
}

// ---- Chains and sessions: generated ----------------------------------------------------
// Pieces that make hops interact: a few origins (the page's, two foreign
// ones, an IPv4 spelling), redirect statuses and Locations of every kind,
// CORS answers right and wrong, preflights that pass, fail and cache.

using corsproof_model::Header;
using corsproof_model::Hop;
using corsproof_model::Response;

const std::vector<std::string> page_origins = {"https://app.example", "null", "http://app.example"};

rc::Gen<std::vector<Header>> subset(std::vector<Header> all) {
  return rc::gen::map(rc::gen::container<std::vector<bool>>(all.size(), rc::gen::arbitrary<bool>()),
                      [all](const std::vector<bool>& keep) {
                        std::vector<Header> out;
                        for (std::size_t i = 0; i < all.size(); ++i)
                          if (keep[i]) out.push_back(all[i]);
                        return out;
                      });
}

rc::Gen<std::string> location_value() {
  return rc::gen::weightedElement<std::string>(
      {{4, "/x"}, {3, "/r"}, {2, "x?q"}, {2, "../y#frag"}, {4, "https://api.example/y"}, {4, "https://app.example/a"},
       {4, "https://b.example/z"}, {2, "//api.example/r"}, {1, "https://API.EXAMPLE:443/r"},
       {1, "http://app.example/h"}, {1, "https://127.0.0.1/i"}, {1, "data:,x"}, {1, ""}, {1, "mailto:a@b"},
       {1, "https://u:p@api.example/c"}, {1, "https://u@app.example/c"}, {1, "https://exa mple/"},
       {1, "https://\xC3\xA9.example/"}, {1, "\\\\b.example\\k"}, {1, "#only"}});
}

rc::Gen<Response> actual_response(const std::string& page) {
  return rc::gen::apply(
      [](int status, std::string acao, std::vector<Header> extra, std::vector<std::string> locations) {
        if (!acao.empty()) extra.insert(extra.begin(), {"Access-Control-Allow-Origin", acao});
        for (const std::string& l : locations) extra.push_back({"Location", l});
        return Response{status, std::move(extra)};
      },
      rc::gen::weightedElement<int>({{3, 200}, {1, 204}, {2, 301}, {4, 302}, {2, 303}, {3, 307}, {1, 308}, {1, 300},
                                      {1, 404}}),
      rc::gen::weightedElement<std::string>({{4, page}, {3, "*"}, {3, "null"}, {1, ""}, {1, "https://other.example"}}),
      subset({{"Access-Control-Allow-Credentials", "true"},
              {"Access-Control-Expose-Headers", "x-data, *"},
              {"X-Data", "1"},
              {"Set-Cookie", "a=b"}}),
      rc::gen::mapcat(rc::gen::weightedElement<std::size_t>({{1, 0}, {10, 1}, {1, 2}}), [](std::size_t n) {
        return rc::gen::container<std::vector<std::string>>(n, location_value());
      }));
}

// A preflight answer: mostly one that lets the request through (its method
// or `*`, its header names or `*` and Authorization, an origin that may be
// the serialized one), sometimes an arbitrary one.
rc::Gen<Response> preflight_answer(const std::string& page) {
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
                                             {1, ""}, {1, "*, PUT"}, {1, "GET"}, {1, "P T"}}),
      rc::gen::weightedElement<std::string>({{6, "x-a, content-type, authorization, content-language, content-encoding"},
                                             {2, "*, authorization"}, {1, "*"}, {1, "x-a"}, {1, ""},
                                             {1, "X-A, Content-Type"}, {1, "x a"}}),
      rc::gen::weightedElement<std::string>({{3, ""}, {2, "0"}, {1, "1"}, {4, "600"}, {1, "-1"}, {1, "x"}}),
      rc::gen::apply(
          [](bool credentials, bool private_network) {
            std::vector<Header> h;
            if (credentials) h.push_back({"Access-Control-Allow-Credentials", "true"});
            if (private_network) h.push_back({"Access-Control-Allow-Private-Network", "true"});
            return h;
          },
          rc::gen::weightedElement<bool>({{3, true}, {1, false}}), rc::gen::arbitrary<bool>()));
}

rc::Gen<Hop> hop_answer(const std::string& page) {
  return rc::gen::apply(
      [](std::optional<Response> preflight, std::optional<Response> response) {
        return Hop{std::nullopt, std::move(preflight), std::move(response)};
      },
      rc::gen::weightedOneOf<std::optional<Response>>(
          {{8, rc::gen::map(preflight_answer(page), [](Response r) { return std::optional<Response>(r); })},
           {1, rc::gen::just(std::optional<Response>())}}),
      rc::gen::weightedOneOf<std::optional<Response>>(
          {{20, rc::gen::map(actual_response(page), [](Response r) { return std::optional<Response>(r); })},
           {1, rc::gen::just(std::optional<Response>())}}));
}

rc::Gen<corsproof_model::ChainCase> chain_case(rc::Gen<std::string> url) {
  return rc::gen::mapcat(rc::gen::weightedElement<std::string>({{8, "https://app.example"}, {1, "null"},
                                                                {1, "http://app.example"}}),
                         [url](const std::string& page) {
    return rc::gen::apply(
        [page](std::string u, std::string method, std::vector<Header> headers, std::string credentials,
               std::string redirect, bool private_network, std::vector<Hop> hops) {
          corsproof_model::ChainCase c;
          c.request.origin = page;
          c.request.url = u;
          c.request.method = method;
          c.request.headers = std::move(headers);
          c.request.credentials = credentials;
          c.request.private_network = private_network;
          c.redirect = redirect;
          c.hops = std::move(hops);
          return c;
        },
        url,
        rc::gen::weightedElement<std::string>(
            {{4, "GET"}, {3, "POST"}, {3, "PUT"}, {1, "DELETE"}, {1, "HEAD"}, {1, "patch"}, {1, "XMETHOD"}}),
        subset({{"Content-Type", "application/json"},
                {"Authorization", "Basic dTpw"},
                {"X-A", "1"},
                {"Content-Language", "en"},
                {"Content-Encoding", "gzip"},
                {"Content-Type", "text/plain"}}),
        rc::gen::elementOf(std::vector<std::string>{"omit", "same-origin", "include"}),
        rc::gen::weightedElement<std::string>({{8, "follow"}, {1, "error"}, {1, "manual"}}),
        rc::gen::weightedElement<bool>({{9, false}, {1, true}}),
        rc::gen::mapcat(rc::gen::weightedElement<std::size_t>({{1, 0}, {3, 1}, {4, 2}, {4, 3}, {2, 5}}),
                        [page](std::size_t n) { return rc::gen::container<std::vector<Hop>>(n, hop_answer(page)); }));
  });
}

rc::Gen<std::string> chain_url() {
  return rc::gen::weightedElement<std::string>(
      {{6, "https://api.example/r"}, {4, "https://app.example/a"}, {2, "https://api.example/x#f"},
       {2, "https://b.example/z"}, {1, "http://app.example/h"}, {1, "https://0x7f.1/r"}, {1, "ws://api.example/r"},
       {1, "https://a b/"}, {1, "https://u@api.example/"}});
}

RC_GTEST_PROP(Generated, ChainsAnswerAsTheModel, ()) {
  const corsproof_model::ChainCase c = *chain_case(chain_url());
  const corsproof_model::ChainAnswer model = corsproof_model::chain_answer(c);
  RC_TAG(model.outcome, model.hops.size() > 1 ? "redirected" : "one hop", model.preflight && model.preflight->error ? *model.preflight->error : std::string("-"));
  const std::optional<std::string> d = chain_case_difference(c);
  if (d) RC_FAIL(*d);
}

RC_GTEST_PROP(Generated, SessionsAnswerAsTheModel, ()) {
  // A few requests, fetched again and again, so that fetches meet each
  // other's cache entries.
  const auto url = rc::gen::elementOf(std::vector<std::string>{"https://api.example/r", "https://api.example/x#f"});
  const std::vector<corsproof_model::ChainCase> pool =
      *rc::gen::container<std::vector<corsproof_model::ChainCase>>(2, chain_case(url));
  const std::size_t n = *rc::gen::inRange<std::size_t>(1, 7);
  corsproof_model::SessionCase s;
  s.report_cache = true;
  double t = 0;
  for (std::size_t i = 0; i < n; ++i) {
    t += *rc::gen::elementOf(std::vector<double>{0, 0, 0.5, 1, 4.999, 5, 10, 600});
    s.fetches.push_back(corsproof_model::SessionFetch{pool[*rc::gen::inRange<std::size_t>(0, pool.size())], t});
  }
  bool hit = false, partial = false;
  for (const corsproof_model::SessionFetchAnswer& f : corsproof_model::session_answer(s).fetches)
    for (const corsproof_model::HopAnswer& h : f.answer.hops)
      if (h.preflight) {
        hit = hit || h.preflight->cache == "hit";
        partial = partial || h.preflight->cache == "partial";
      }
  RC_TAG(hit ? "a cache hit" : "no hit", partial ? "a partial hit" : "no partial");
  const std::optional<std::string> d = session_case_difference(s);
  if (d) RC_FAIL(*d);
}

}  // namespace

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

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "corsproof/url.hpp"
#include "corsproof_bridge/bridge.hpp"
#include "corsproof_model/model.hpp"

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

}  // namespace

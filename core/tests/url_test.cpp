// corsproof/url.hpp: the URL Standard's basic URL parser, serializer and
// origin, row by row, each row naming the state or step of url.bs (6ae8486)
// it pins. Bases are the URLs a redirect chain meets: an http(s) hop URL.
#include <gtest/gtest.h>

#include <array>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "corsproof/url.hpp"

namespace {

using corsproof::url_status;

struct UrlRow {
  std::string spec;
  std::string input;
  std::optional<std::string> base;
  std::optional<std::string> href;  // nullopt: failure
  std::string origin;               // checked when href is given and origin non-empty
};

void PrintTo(const UrlRow& row, std::ostream* os) { *os << row.spec << ": \"" << row.input << "\""; }

const std::string hop = "https://api.example/d/e/f?q=1#frag";

std::vector<UrlRow> rows() {
  return {
      // Step 1.3 and step 3: C0 control or space trimmed, tab/newline removed anywhere.
      {"basic URL parser step 1.3", "  https://h.example/x \x01", std::nullopt, "https://h.example/x", "https://h.example"},
      {"basic URL parser step 3", "ht\ttps://h.ex\nample/p\rq", std::nullopt, "https://h.example/pq", ""},
      // scheme state: lower-cased; special schemes go to special authority slashes.
      {"scheme state", "HTTPS://H.EXAMPLE/X", std::nullopt, "https://h.example/X", "https://h.example"},
      {"special authority ignore slashes state", "https:////h.example/", std::nullopt, "https://h.example/", ""},
      {"special authority slashes state (backslash)", "https:\\\\h.example\\a\\b", std::nullopt,
       "https://h.example/a/b", ""},
      {"scheme state: special relative or authority", "https:y", hop, "https://api.example/d/e/y", ""},
      {"scheme state: other scheme than the base", "http:y", hop, "http://y/", "http://y"},
      // no scheme state / relative state.
      {"no scheme state: no base", "/y", std::nullopt, std::nullopt, ""},
      {"relative state: path", "y", hop, "https://api.example/d/e/y", "https://api.example"},
      {"relative state: empty input keeps the query, not the fragment", "", hop, "https://api.example/d/e/f?q=1", ""},
      {"relative state: query", "?z", hop, "https://api.example/d/e/f?z", ""},
      {"relative state: fragment", "#g", hop, "https://api.example/d/e/f?q=1#g", ""},
      {"relative slash state", "/y", hop, "https://api.example/y", ""},
      {"relative slash state: backslash", "\\y", hop, "https://api.example/y", ""},
      {"relative slash state: authority", "//cdn.example/z", hop, "https://cdn.example/z", "https://cdn.example"},
      {"relative slash state: three slashes", "///cdn.example/z", hop, "https://cdn.example/z", ""},
      // path state: dot segments, percent-encoded dots, shorten.
      {"path state: double-dot", "../y", hop, "https://api.example/d/y", ""},
      {"path state: double-dot above the root", "../../../../y", hop, "https://api.example/y", ""},
      {"path state: %2e%2e is a double-dot segment", "%2e%2E/y", hop, "https://api.example/d/y", ""},
      {"path state: single-dot", "./y", hop, "https://api.example/d/e/y", ""},
      {"path state: trailing double-dot keeps a slash", "/a/b/..", hop, "https://api.example/a/", ""},
      {"path state: empty segments kept", "/a//b", hop, "https://api.example/a//b", ""},
      {"path state: path percent-encode set", "/a b\"<>`{}^?c", hop, "https://api.example/a%20b%22%3C%3E%60%7B%7D%5E?c",
       ""},
      {"path state: UTF-8 percent-encode", "/\xC3\xA9", hop, "https://api.example/%C3%A9", ""},
      {"path state: ill-formed UTF-8 is U+FFFD", "/\xFF", hop, "https://api.example/%EF%BF%BD", ""},
      {"path state: a percent sign stays", "/%zz%", hop, "https://api.example/%zz%", ""},
      // query state: special-query percent-encode set.
      {"query state: special-query set", "?a b'\"<>`", hop, "https://api.example/d/e/f?a%20b%27%22%3C%3E`", ""},
      {"query state: query set for a non-special URL", "foo://h/?a'b", std::nullopt, "foo://h/?a'b", "null"},
      // fragment state: fragment percent-encode set.
      {"fragment state", "#a b\"<>`'", hop, "https://api.example/d/e/f?q=1#a%20b%22%3C%3E%60'", ""},
      // authority state: userinfo.
      {"authority state: username and password", "https://u:p@h.example/", std::nullopt, "https://u:p@h.example/",
       "https://h.example"},
      {"authority state: empty password", "https://u:@h.example/", std::nullopt, "https://u@h.example/", ""},
      {"authority state: a second @ is %40", "https://a@b@c.example/", std::nullopt, "https://a%40b@c.example/", ""},
      {"authority state: userinfo percent-encode set", "https://a:b:c@d.example/", std::nullopt,
       "https://a:b%3Ac@d.example/", ""},
      {"authority state: @ without host", "https://u@/", std::nullopt, std::nullopt, ""},
      // host state and host parser.
      {"host state: empty host of a special URL", "https:///", std::nullopt, std::nullopt, ""},
      {"host parser: domain lower-cased, percent-decoded", "https://EX%41MPLE.com/", std::nullopt,
       "https://example.com/", "https://example.com"},
      {"host parser: forbidden domain code point", "https://a b/", std::nullopt, std::nullopt, ""},
      {"host parser: %25 decodes to a forbidden code point", "https://a%25b/", std::nullopt, std::nullopt, ""},
      {"host parser: an ASCII xn-- label is not checked (url.bs a8d5ca3)", "https://xn--/", std::nullopt,
       "https://xn--/", ""},
      {"host parser: IPv4 in hex and short form", "https://0x7f.1/", std::nullopt, "https://127.0.0.1/",
       "https://127.0.0.1"},
      {"host parser: IPv4 in one number", "https://2130706433/", std::nullopt, "https://127.0.0.1/", ""},
      {"host parser: ends in a number but no IPv4", "https://foo.09/", std::nullopt, std::nullopt, ""},
      {"host parser: IPv4 out of range", "https://1.2.3.256/", std::nullopt, std::nullopt, ""},
      {"host parser: IPv6 compressed", "https://[0:0:0:0:0:0:0:1]:8443/", std::nullopt, "https://[::1]:8443/",
       "https://[::1]:8443"},
      {"host parser: IPv6 unclosed", "https://[::1/", std::nullopt, std::nullopt, ""},
      {"host parser: non-ASCII domain through UTS #46", "https://\xC3\x89.example/", std::nullopt,
       "https://xn--9ca.example/", "https://xn--9ca.example"},
      {"host parser: U+FFFD is disallowed", "https://%FF/", std::nullopt, std::nullopt, ""},
      {"opaque-host parser", "foo://H%41.\xC3\xA9/p", std::nullopt, "foo://H%41.%C3%A9/p", "null"},
      {"opaque-host parser: forbidden host code point", "foo://a<b/", std::nullopt, std::nullopt, ""},
      // port state.
      {"port state: default port is null", "https://h.example:443/", std::nullopt, "https://h.example/",
       "https://h.example"},
      {"port state: other port", "https://h.example:0080/", std::nullopt, "https://h.example:80/",
       "https://h.example:80"},
      {"port state: empty port", "https://h.example:/", std::nullopt, "https://h.example/", ""},
      {"port state: 65536", "https://h.example:65536/", std::nullopt, std::nullopt, ""},
      {"port state: not a digit", "https://h.example:8x/", std::nullopt, std::nullopt, ""},
      // Other schemes: opaque paths and the serializer's "/." (step 3).
      {"opaque path state", "data:,hello world", hop, "data:,hello world", "null"},
      {"opaque path state: space before a query", "mailto:a ?b", std::nullopt, "mailto:a%20?b", "null"},
      {"scheme state: start over when the scheme is no scheme", "a@b:x", hop, "https://api.example/d/e/a@b:x", ""},
      {"URL serializer step 3", "foo:/.//x", std::nullopt, "foo:/.//x", "null"},
      {"path or authority state", "foo://h/x", std::nullopt, "foo://h/x", "null"},
      // file state.
      {"file host state: localhost is the empty host", "file://LOCALHOST/x", std::nullopt, "file:///x", "null"},
      {"path state: Windows drive letter", "file:///C|/x", std::nullopt, "file:///C:/x", "null"},
      {"file state: relative to a file base", "..", "file:///C:/demo/x", "file:///C:/", ""},
      // origin.
      {"origin: ws is a tuple origin", "ws://w.example:80/s", std::nullopt, "ws://w.example/s", "ws://w.example"},
      {"origin: blob takes its inner http(s) URL's", "blob:https://api.example/uuid", std::nullopt,
       "blob:https://api.example/uuid", "https://api.example"},
      {"origin: blob of a non-http URL is opaque", "blob:foo://x/y", std::nullopt, "blob:foo://x/y", "null"},
  };
}

class UrlParse : public ::testing::TestWithParam<UrlRow> {};

TEST_P(UrlParse, AsTheUrlStandardSays) {
  const UrlRow& row = GetParam();
  std::vector<char> base_buffer(corsproof::max_url_bytes), buffer(corsproof::max_url_bytes);
  corsproof::url_parse_result base;
  if (row.base) {
    base = corsproof::parse_url(*row.base, nullptr, base_buffer);
    ASSERT_EQ(base.status, url_status::ok);
  }
  const corsproof::url_parse_result r = corsproof::parse_url(row.input, row.base ? &base.url : nullptr, buffer);
  if (!row.href) {
    EXPECT_EQ(r.status, url_status::failure);
    return;
  }
  ASSERT_EQ(r.status, url_status::ok);
  EXPECT_EQ(r.url.href, *row.href);
  if (!row.origin.empty()) {
    std::array<char, corsproof::max_url_bytes> origin;
    EXPECT_EQ(std::string_view(origin.data(), corsproof::write_url_origin(r.url, origin)), row.origin);
  }
}

INSTANTIATE_TEST_SUITE_P(Rows, UrlParse, ::testing::ValuesIn(rows()));

TEST(UrlRecord, ComponentsViewTheSerialization) {
  std::vector<char> buffer(corsproof::max_url_bytes);
  const corsproof::url_parse_result r = corsproof::parse_url("https://u:p@H.example:8443/a/b?c#d", nullptr, buffer);
  ASSERT_EQ(r.status, url_status::ok);
  EXPECT_EQ(r.url.scheme, "https");
  EXPECT_EQ(r.url.username, "u");
  EXPECT_EQ(r.url.password, "p");
  EXPECT_EQ(r.url.host_type, corsproof::url_host_type::domain);
  EXPECT_EQ(r.url.host, "h.example");
  EXPECT_TRUE(r.url.has_port);
  EXPECT_EQ(r.url.port, 8443);
  EXPECT_EQ(r.url.path, "/a/b");
  EXPECT_EQ(r.url.path_segments, 2U);
  EXPECT_TRUE(r.url.has_query);
  EXPECT_EQ(r.url.query, "c");
  EXPECT_TRUE(r.url.has_fragment);
  EXPECT_EQ(r.url.fragment, "d");
  EXPECT_TRUE(r.url.includes_credentials());
  EXPECT_TRUE(r.url.is_special());
  EXPECT_EQ(r.url.href_without_fragment(), "https://u:p@h.example:8443/a/b?c");
  EXPECT_EQ(r.url.href.data(), buffer.data());
}

TEST(UrlRecord, EqualExcludingFragments) {
  std::vector<char> a(corsproof::max_url_bytes), b(corsproof::max_url_bytes);
  const corsproof::url_parse_result x = corsproof::parse_url("HTTPS://API.example:443/x#one", nullptr, a);
  const corsproof::url_parse_result y = corsproof::parse_url("https://api.example/x", nullptr, b);
  ASSERT_EQ(x.status, url_status::ok);
  ASSERT_EQ(y.status, url_status::ok);
  EXPECT_TRUE(corsproof::equal_excluding_fragments(x.url, y.url));
  EXPECT_NE(x.url.href, y.url.href);
}

// Fetch "location URL" step 4: a location without a fragment inherits the
// request's.
TEST(LocationFragment, InheritedOnlyWhenAbsent) {
  std::vector<char> base_buffer(corsproof::max_url_bytes), buffer(corsproof::max_url_bytes);
  const corsproof::url_parse_result base = corsproof::parse_url(hop, nullptr, base_buffer);
  corsproof::url_parse_result r = corsproof::parse_url("/y", &base.url, buffer);
  ASSERT_EQ(r.status, url_status::ok);
  ASSERT_EQ(corsproof::set_fragment_if_none(r.url, base.url.fragment, buffer), url_status::ok);
  EXPECT_EQ(r.url.href, "https://api.example/y#frag");
  EXPECT_EQ(r.url.fragment, "frag");
  r = corsproof::parse_url("/y#", &base.url, buffer);
  ASSERT_EQ(corsproof::set_fragment_if_none(r.url, base.url.fragment, buffer), url_status::ok);
  EXPECT_EQ(r.url.href, "https://api.example/y#");
}

TEST(UrlBounds, InputAndSerializationAtMost8192Bytes) {
  std::vector<char> buffer(corsproof::max_url_bytes);
  const std::string prefix = "https://h.example/";
  std::string at_bound = prefix + std::string(corsproof::max_url_bytes - prefix.size(), 'a');
  EXPECT_EQ(corsproof::parse_url(at_bound, nullptr, buffer).status, url_status::ok);
  EXPECT_EQ(corsproof::parse_url(at_bound + "a", nullptr, buffer).status, url_status::too_long);
  // 3000 spaces become 9000 bytes of "%20": over the bound after parsing.
  EXPECT_EQ(corsproof::parse_url(prefix + std::string(3000, ' ') + "x", nullptr, buffer).status,
            url_status::too_long);
  // A buffer smaller than the bound and than the URL: output_too_small.
  std::vector<char> small(10);
  EXPECT_EQ(corsproof::parse_url("https://h.example/", nullptr, small).status, url_status::output_too_small);
}

}  // namespace

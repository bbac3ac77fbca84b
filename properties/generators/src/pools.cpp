#include "pools.hpp"

using namespace std::string_literals;

namespace corsproof_gen::pools {

const std::vector<std::string>& common_origins() {
  static const std::vector<std::string> v = {
      "https://app.example",       "https://api.example",        "http://app.example",
      "https://example.com",       "https://www.example.com",    "https://a.example.com",
      "https://x.y.example.com",   "https://example.org",        "https://a.example.org",
      "http://localhost:3000",     "http://localhost",           "https://localhost:8443",
      "http://127.0.0.1:8080",     "https://[::1]",              "http://[2001:db8::1]:8080",
      "https://app.example.evil.test", "https://evilapp.example", "https://app.example.com",
      "https://admin.example.com", "https://app.example.io",     "https://appxexample.io",
      "wss://socket.example",      "chrome-extension://abcdefghijklmnop",
  };
  return v;
}

const std::vector<std::string>& domain_hosts() {
  static const std::vector<std::string> v = {
      "app.example", "api.example", "example.com", "www.example.com", "a.example.com", "x.y.example.com",
      "example.org", "a.example.org", "localhost", "xn--caf-dma.example", "my_host.example", "host~1.example",
      "a-b.example.net", "example", "evil.test", "app.example.evil.test", "evilapp.example", "0.1x", "10.0.1x",
      // Hosts the URL Standard's host parser accepts beyond LDH names:
      // empty labels, other domain code points, an xn-- label that is no
      // valid Punycode (lower-cased only), a trailing dot.
      ".example.com", "a..example.com", "a!b.example.com", "x,y.example", "xn--f.example", "example.com."};
  return v;
}

const std::vector<std::string>& ip_hosts() {
  // As the URL Standard serializes them (IPv4 serializer, IPv6 serializer).
  static const std::vector<std::string> v = {"127.0.0.1", "10.0.0.1", "1.2.3.4", "255.255.255.255", "[::1]",
                                             "[2001:db8::1]", "[::ffff:7f00:1]", "[fe80::1]", "0.0.0.0",
                                             "[1::2:0:0:3:4]", "[1:0:2:3:4:5:6:7]"};
  return v;
}

const std::vector<std::string>& wildcard_entries() {
  static const std::vector<std::string> v = {"https://*.example.com", "https://*.example.org", "http://*.example.com",
                                             "https://*.example.com:8443", "https://*.example", "wss://*.example",
                                             "https://*.com", "https://*.0.1", "https://*.a.example.com",
                                             "chrome-extension://*.ext"};
  return v;
}

const std::vector<std::string>& wildcard_labels() {
  static const std::vector<std::string> v = {"a", "app", "x-y", "a_b", "1", "a.b", "deep.er.sub", "10.0", "0", "-"};
  return v;
}

const std::vector<std::pair<std::string, std::vector<std::string>>>& regex_entries() {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> v = {
      {R"(re:https://[a-z0-9-]+\.example\.org)", {"https://a.example.org", "https://x-1.example.org"}},
      {R"(re:^https://(app|admin)\.example\.com$)", {"https://app.example.com", "https://admin.example.com"}},
      {R"(re:https://app.example.io)", {"https://app.example.io", "https://appxexample.io"}},
      {R"(re:https?://localhost(:[0-9]+)?)", {"http://localhost", "https://localhost:3000", "http://localhost:0"}},
      {R"(re:.*)", {"https://anything.example", "HTTPS://UPPER.EXAMPLE:443"}},
      {R"(re:null|https://n\.example)", {"https://n.example"}},
      {R"(re:(?i)https://case\.example)", {"https://case.example", "HTTPS://CASE.EXAMPLE"}},
      {R"(re:https://[^.]+\.example\.com)", {"https://a.example.com", "https://a_b.example.com"}},
      {R"(re:https://.*\.example\.net)", {"https://a.example.net", "https://a.b.example.net"}},
      {R"(re:https://caf\x{e9}\.example|https://cafe\.example)", {"https://cafe.example"}},
  };
  return v;
}

const std::vector<std::string>& method_tokens() {
  static const std::vector<std::string> v = {
      "GET", "get", "Get", "HEAD", "head", "POST", "post", "PUT", "put", "Put", "DELETE", "delete", "OPTIONS",
      "options", "Options", "PATCH", "patch", "Patch", "Egg", "CHICKEN", "CONNECT", "connect", "TRACE", "trace",
      "Track", "TRACK", "CONNECTX", "TRACES", "*", "M-SEARCH", "PROPFIND", "GETS", "POST_", "p"};
  return v;
}

const std::vector<std::string>& non_token_methods() {
  static const std::vector<std::string> v = {"GET POST"s, ""s, "G(T"s, "GET,PUT"s, "GE\x00T"s, "PUT\t"s, " GET"s, "\"GET\""s,
                                             "GET\r\n"s, "G\xC3\x89T"s, "GET;"s, "P@TCH"s, "{}"s, "GET/1.1"s};
  return v;
}

const std::vector<std::string>& policy_methods() {
  static const std::vector<std::string> v = {"GET",     "PUT",    "PATCH", "patch", "DELETE", "delete",
                                             "put",     "Egg",    "*",     "OPTIONS", "M-SEARCH", "POST",
                                             "Patch",   "HEAD",   "CHICKEN", "options"};
  return v;
}

const std::vector<std::string>& request_header_names() {
  static const std::vector<std::string> v = {
      // CORS-safelisted names
      "Accept", "Accept-Language", "Content-Language", "Content-Type", "Range",
      // ordinary unsafe names
      "Authorization", "User-Agent", "X-Api-Key", "X-Requested-With", "Cache-Control", "DPR", "Save-Data",
      "Last-Event-ID", "If-None-Match", "Priority", "x-test-header1", "X-Test-Header-a", "x-test-header-B", "*",
      "X-Custom", "x_under",
      // forbidden names (dropped silently)
      "Cookie", "Host", "Sec-Fetch-Mode", "sec-ch-ua", "Proxy-Authorization", "Origin",
      "Access-Control-Request-Headers", "Access-Control-Request-Method", "DNT", "Content-Length", "Connection",
      "Keep-Alive", "Referer", "TE", "Via", "Date", "Accept-Charset", "Accept-Encoding", "Set-Cookie",
      // value-dependent forbidden names
      "X-HTTP-Method-Override", "X-Method-Override", "X-HTTP-Method"};
  return v;
}

const std::vector<std::string>& listed_header_names() {
  static const std::vector<std::string> v = {
      "content-type", "Content-Type", "x-api-key", "X-Api-Key", "authorization", "Authorization", "x-requested-with",
      "x-custom", "x-test-header1", "x-test-header-a", "accept", "range", "user-agent", "x_under", "a",
      "cache-control", "if-none-match", "X-CUSTOM", "*"};
  return v;
}

const std::vector<std::string>& expose_names() {
  static const std::vector<std::string> v = {"x-request-id", "X-Custom", "*", "content-length", "set-cookie", "x-a",
                                             "X-B", "Set-Cookie2", "etag", "x-a"};
  return v;
}

const std::vector<std::string>& response_header_names() {
  static const std::vector<std::string> v = {"X-Request-Id", "Set-Cookie", "set-cookie2", "Content-Type", "Cache-Control",
                                             "X-Custom", "x-a", "X-A", "x-b", "Content-Length", "ETag", "*", "Expires",
                                             "Last-Modified", "Pragma", "Content-Language", "Date", "Server",
                                             "Access-Control-Allow-Methods"};
  return v;
}

const std::string& cors_unsafe_bytes() {
  static const std::string v = std::string("\x00\x01\x0A\x0D\x1F\"():<>?@[\\]{}\x7F", 19);
  return v;
}

}  // namespace corsproof_gen::pools

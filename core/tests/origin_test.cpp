// Serialized origins: parse_serialized_origin (every origin_status),
// is_canonical, default_port, write_canonical_origin.
// Sources: docs/protocol-decisions.md "Server mode / Origins" (what is well
// formed), Fetch "Origin header" and digest §12 (how a browser serializes),
// RFC 6454 §7, RFC 3986 §3.1-3.2.3 (scheme, host, port grammar).
#include "test_support.hpp"

namespace corsproof::test {
namespace {

constexpr const char* kWellFormed = "decisions: Server mode/Origins (well-formed request Origin)";
constexpr const char* kSerial = "Fetch \"Origin header\" / digest §12 serialization";
constexpr const char* kDefaults = "decisions: Policy loading (default ports http 80, https 443, ws 80, wss 443, ftp 21)";

// ---- well-formed origins ---------------------------------------------------------------

struct parse_ok_row {
  const char* name;
  const char* spec;
  std::string text;
  bool opaque;
  std::string scheme;
  std::string host;
  std::string port_text;
  std::uint32_t port;
  host_kind kind;
  bool canonical;
};
CORSPROOF_ROW_PRINTER(parse_ok_row)

class OriginParseOk : public ::testing::TestWithParam<parse_ok_row> {};

TEST_P(OriginParseOk, ParsesComponentsAndCanonicality) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  const origin_parse_result p = parse_serialized_origin(r.text);
  ASSERT_EQ(p.status, origin_status::ok) << printable(r.text);
  EXPECT_TRUE(p.ok());
  EXPECT_EQ(p.origin.opaque, r.opaque);
  if (!r.opaque) {
    EXPECT_EQ(std::string(p.origin.scheme), r.scheme);
    EXPECT_EQ(std::string(p.origin.host), r.host);
    EXPECT_EQ(std::string(p.origin.port_text), r.port_text);
    EXPECT_EQ(p.origin.port, r.port);
    EXPECT_EQ(p.origin.kind, r.kind);
  }
  EXPECT_EQ(is_canonical(p.origin), r.canonical) << "is_canonical(" << r.text << ")";
}

INSTANTIATE_TEST_SUITE_P(Rows, OriginParseOk, ::testing::Values(
    parse_ok_row{"https domain", kWellFormed, "https://app.example", false, "https", "app.example", "", 0,
                 host_kind::domain, true},
    parse_ok_row{"http with port", kWellFormed, "http://localhost:8080", false, "http", "localhost", "8080", 8080,
                 host_kind::domain, true},
    parse_ok_row{"null is the opaque origin", "Fetch \"Origin header\": origin-or-null; decisions: null exact bytes",
                 "null", true, "", "", "", 0, host_kind::domain, true},
    parse_ok_row{"dotted IPv4", kWellFormed, "https://127.0.0.1", false, "https", "127.0.0.1", "", 0,
                 host_kind::ipv4, true},
    parse_ok_row{"IPv4 with port", kWellFormed, "http://192.168.0.1:3000", false, "http", "192.168.0.1", "3000",
                 3000, host_kind::ipv4, true},
    parse_ok_row{"bracketed IPv6 loopback", kWellFormed, "https://[::1]", false, "https", "[::1]", "", 0,
                 host_kind::ipv6, true},
    parse_ok_row{"IPv6 with port", kWellFormed, "https://[2001:db8::1]:8443", false, "https", "[2001:db8::1]",
                 "8443", 8443, host_kind::ipv6, true},
    parse_ok_row{"IPv4-mapped IPv6 (dots allowed)", kWellFormed, "https://[::ffff:192.0.2.1]", false, "https",
                 "[::ffff:192.0.2.1]", "", 0, host_kind::ipv6, true},
    parse_ok_row{"IPv6 unspecified ::", kWellFormed, "http://[::]", false, "http", "[::]", "", 0, host_kind::ipv6,
                 true},
    parse_ok_row{"IPv6 of eight pieces", kWellFormed, "http://[1:2:3:4:5:6:7:8]", false, "http",
                 "[1:2:3:4:5:6:7:8]", "", 0, host_kind::ipv6, true},
    parse_ok_row{"IPv6 of seven pieces then ::", kWellFormed, "http://[1:2:3:4:5:6:7::]", false, "http",
                 "[1:2:3:4:5:6:7::]", "", 0, host_kind::ipv6, true},
    parse_ok_row{"IPv6 of six pieces and an IPv4 tail", kWellFormed, "http://[1:2:3:4:5:6:1.2.3.4]", false, "http",
                 "[1:2:3:4:5:6:1.2.3.4]", "", 0, host_kind::ipv6, true},
    parse_ok_row{"port 0 of a scheme without a default port is canonical", kSerial, "chrome-extension://x:0", false,
                 "chrome-extension", "x", "0", 0, host_kind::domain, true},
    parse_ok_row{"dotted quad with a leading zero is a domain spelling (no serialized-ipv4)", kWellFormed,
                 "http://01.2.3.4", false, "http", "01.2.3.4", "", 0, host_kind::domain, true},
    parse_ok_row{"port 0 is a port", kWellFormed, "https://a.example:0", false, "https", "a.example", "0", 0,
                 host_kind::domain, true},
    parse_ok_row{"port 65535 is the largest", kWellFormed, "https://a.example:65535", false, "https", "a.example",
                 "65535", 65535, host_kind::domain, true},
    parse_ok_row{"https :443 is well formed but not canonical", kSerial, "https://a.example:443", false, "https",
                 "a.example", "443", 443, host_kind::domain, false},
    parse_ok_row{"http :80 is not canonical", kSerial, "http://a.example:80", false, "http", "a.example", "80", 80,
                 host_kind::domain, false},
    parse_ok_row{"ws :80 is not canonical", kSerial, "ws://a.example:80", false, "ws", "a.example", "80", 80,
                 host_kind::domain, false},
    parse_ok_row{"wss :443 is not canonical", kSerial, "wss://a.example:443", false, "wss", "a.example", "443", 443,
                 host_kind::domain, false},
    parse_ok_row{"ftp :21 is not canonical", kSerial, "ftp://a.example:21", false, "ftp", "a.example", "21", 21,
                 host_kind::domain, false},
    parse_ok_row{"http :443 is canonical (not http's default)", kSerial, "http://a.example:443", false, "http",
                 "a.example", "443", 443, host_kind::domain, true},
    parse_ok_row{"https :80 is canonical", kSerial, "https://a.example:80", false, "https", "a.example", "80", 80,
                 host_kind::domain, true},
    parse_ok_row{"custom scheme :21 is canonical", kSerial, "custom://a.example:21", false, "custom", "a.example",
                 "21", 21, host_kind::domain, true},
    parse_ok_row{"5-digit port with leading zero is well formed, not canonical", kWellFormed,
                 "https://a.example:08080", false, "https", "a.example", "08080", 8080, host_kind::domain, false},
    parse_ok_row{"leading zeros spelling the default port", kWellFormed, "https://a.example:00443", false, "https",
                 "a.example", "00443", 443, host_kind::domain, false},
    parse_ok_row{"upper-case scheme: well formed, not canonical", kWellFormed, "HTTPS://a.example", false, "HTTPS",
                 "a.example", "", 0, host_kind::domain, false},
    parse_ok_row{"upper-case host: well formed, not canonical", kWellFormed, "https://App.Example", false, "https",
                 "App.Example", "", 0, host_kind::domain, false},
    parse_ok_row{"upper-case IPv6 hex is not canonical (RFC 5952 lower case)", kSerial, "https://[::A]", false,
                 "https", "[::A]", "", 0, host_kind::ipv6, false},
    parse_ok_row{"scheme with + - .", "RFC 3986 §3.1 scheme", "a+b.c-d://host", false, "a+b.c-d", "host", "", 0,
                 host_kind::domain, true},
    parse_ok_row{"chrome-extension scheme", "RFC 3986 §3.1 scheme", "chrome-extension://abcdef", false,
                 "chrome-extension", "abcdef", "", 0, host_kind::domain, true},
    parse_ok_row{"underscore in host", kWellFormed, "https://under_score.example", false, "https",
                 "under_score.example", "", 0, host_kind::domain, true},
    parse_ok_row{"tilde in host", kWellFormed, "https://t~.example", false, "https", "t~.example", "", 0,
                 host_kind::domain, true},
    parse_ok_row{"punycode host", kWellFormed, "https://xn--bcher-kva.example", false, "https",
                 "xn--bcher-kva.example", "", 0, host_kind::domain, true}),
    row_test_name<parse_ok_row>);

// ---- malformed origins: every origin_status ---------------------------------------------------

struct parse_err_row {
  const char* name;
  const char* spec;
  std::string text;
  origin_status status;
};
CORSPROOF_ROW_PRINTER(parse_err_row)

class OriginParseError : public ::testing::TestWithParam<parse_err_row> {};

TEST_P(OriginParseError, RefusesWithStatus) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  const origin_parse_result p = parse_serialized_origin(r.text);
  EXPECT_FALSE(p.ok()) << printable(r.text);
  EXPECT_EQ(p.status, r.status) << printable(r.text);
}

INSTANTIATE_TEST_SUITE_P(Rows, OriginParseError, ::testing::Values(
    parse_err_row{"empty value", kWellFormed, "", origin_status::empty},
    parse_err_row{"1025 bytes", "decisions: longer than 1024 bytes is malformed-origin",
                  "https://" + rep('a', 1017), origin_status::too_long},
    parse_err_row{"no scheme", kWellFormed, "://a.example", origin_status::bad_scheme},
    parse_err_row{"scheme starts with a digit", "RFC 3986 §3.1", "1https://a.example", origin_status::bad_scheme},
    parse_err_row{"space in scheme", kWellFormed, "ht tp://a.example", origin_status::bad_scheme},
    parse_err_row{"underscore in scheme", "RFC 3986 §3.1", "ht_tp://a.example", origin_status::bad_scheme},
    parse_err_row{"untrimmed leading space", kWellFormed, " https://a.example", origin_status::bad_scheme},
    parse_err_row{"one slash", kWellFormed, "https:/a.example", origin_status::missing_separator},
    parse_err_row{"no slashes", kWellFormed, "https:a.example", origin_status::missing_separator},
    parse_err_row{"scheme only", kWellFormed, "https", origin_status::missing_separator},
    parse_err_row{"Null is not null (case-sensitive)", "Fetch \"Origin header\": `null` case-sensitive", "Null",
                  origin_status::missing_separator},
    parse_err_row{"NULL is not null", "Fetch \"Origin header\": `null` case-sensitive", "NULL",
                  origin_status::missing_separator},
    parse_err_row{"user@", kWellFormed, "https://user@a.example", origin_status::has_userinfo},
    parse_err_row{"user:pass@", kWellFormed, "https://user:pass@a.example", origin_status::has_userinfo},
    parse_err_row{"host-looking userinfo", kWellFormed, "https://a.example@evil.example",
                  origin_status::has_userinfo},
    parse_err_row{"empty host", kWellFormed, "https://", origin_status::bad_host},
    parse_err_row{"empty host with port", kWellFormed, "https://:443", origin_status::bad_host},
    parse_err_row{"empty first label", kWellFormed, "https://.a.example", origin_status::bad_host},
    parse_err_row{"space inside host", kWellFormed, "https://a b.example", origin_status::bad_host},
    parse_err_row{"two origins joined with a comma", kWellFormed, "https://a.example,https://b.example",
                  origin_status::bad_host},
    parse_err_row{"percent-encoding in host", kSerial, "https://a%2Eexample", origin_status::bad_host},
    parse_err_row{"unclosed IPv6 bracket", kWellFormed, "https://[::1", origin_status::bad_host},
    parse_err_row{"empty brackets", kWellFormed, "https://[]", origin_status::bad_host},
    parse_err_row{"IPv4 in brackets (no colon)", kWellFormed, "https://[1.2.3.4]", origin_status::bad_host},
    parse_err_row{"IPv6 zone id", kWellFormed, "https://[fe80::1%25eth0]", origin_status::bad_host},
    parse_err_row{"non-hex in IPv6", kWellFormed, "https://[g::1]", origin_status::bad_host},
    parse_err_row{"bracketed host of one piece", kWellFormed, "http://[1]", origin_status::bad_host},
    parse_err_row{"bracketed dot", kWellFormed, "http://[.]", origin_status::bad_host},
    parse_err_row{"bracketed lone colon", kWellFormed, "http://[:]", origin_status::bad_host},
    parse_err_row{"IPv6 of two pieces without ::", kWellFormed, "http://[1:2]", origin_status::bad_host},
    parse_err_row{"IPv6 of nine pieces", kWellFormed, "http://[1:2:3:4:5:6:7:8:9]", origin_status::bad_host},
    parse_err_row{"IPv6 of eight pieces and ::", kWellFormed, "http://[1::2:3:4:5:6:7:8]", origin_status::bad_host},
    parse_err_row{"IPv6 with two ::", kWellFormed, "http://[1::2::3]", origin_status::bad_host},
    parse_err_row{"IPv6 with :::", kWellFormed, "http://[:::]", origin_status::bad_host},
    parse_err_row{"IPv6 with a single leading colon", kWellFormed, "http://[:1::]", origin_status::bad_host},
    parse_err_row{"IPv6 with a single trailing colon", kWellFormed, "http://[::1:]", origin_status::bad_host},
    parse_err_row{"IPv6 piece of five hex digits", kWellFormed, "http://[12345::]", origin_status::bad_host},
    parse_err_row{"IPv6 with an IPv4 tail with a leading zero", kWellFormed, "http://[::1.2.3.04]",
                  origin_status::bad_host},
    parse_err_row{"IPv6 with an IPv4 tail too late", kWellFormed, "http://[1:2:3:4:5:6:7:1.2.3.4]",
                  origin_status::bad_host},
    parse_err_row{"IPv6 with an IPv4 piece not last", kWellFormed, "http://[::1.2.3.4:1]", origin_status::bad_host},
    parse_err_row{"colon without digits", kWellFormed, "https://a.example:", origin_status::bad_port},
    parse_err_row{"port 65536", "decisions: port value at most 65535", "https://a.example:65536",
                  origin_status::bad_port},
    parse_err_row{"port 99999", "decisions: port value at most 65535", "https://a.example:99999",
                  origin_status::bad_port},
    parse_err_row{"6-digit port", "decisions: port = 1 to 5 digits", "https://a.example:000443",
                  origin_status::bad_port},
    parse_err_row{"negative port", kWellFormed, "https://a.example:-1", origin_status::bad_port},
    parse_err_row{"letter in port", kWellFormed, "https://a.example:8o", origin_status::bad_port},
    parse_err_row{"plus sign in port", kWellFormed, "https://a.example:+80", origin_status::bad_port},
    parse_err_row{"IPv6 colon without digits", kWellFormed, "https://[::1]:", origin_status::bad_port},
    parse_err_row{"two ports", kWellFormed, "https://a.example:443:443", origin_status::bad_port},
    parse_err_row{"trailing slash", "decisions: a path, even a lone trailing /, is malformed",
                  "https://a.example/", origin_status::has_path},
    parse_err_row{"path", kWellFormed, "https://a.example/path", origin_status::has_path},
    parse_err_row{"port then slash", kWellFormed, "https://a.example:8443/", origin_status::has_path},
    parse_err_row{"slash then query is a path", kWellFormed, "https://a.example/?x", origin_status::has_path},
    parse_err_row{"empty query", kWellFormed, "https://a.example?", origin_status::has_query},
    parse_err_row{"query", kWellFormed, "https://a.example?x=1", origin_status::has_query},
    parse_err_row{"empty fragment", kWellFormed, "https://a.example#", origin_status::has_fragment},
    parse_err_row{"fragment", kWellFormed, "https://a.example#top", origin_status::has_fragment}),
    row_test_name<parse_err_row>);

TEST(OriginLength, ExactlyMaxBytesIsAccepted) {
  SCOPED_TRACE(trace_of("1024-byte origin", "decisions: Origins (longer than 1024 bytes is malformed)"));
  const std::string text = "https://" + rep('a', max_origin_bytes - 8);
  ASSERT_EQ(text.size(), 1024u);
  EXPECT_EQ(parse_serialized_origin(text).status, origin_status::ok);
}

// ---- default ports -------------------------------------------------------------------------------

struct port_row {
  const char* name;
  const char* spec;
  const char* scheme;
  std::uint32_t port;
};
CORSPROOF_ROW_PRINTER(port_row)

class OriginDefaultPort : public ::testing::TestWithParam<port_row> {};

TEST_P(OriginDefaultPort, Matches) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  EXPECT_EQ(default_port(r.scheme), r.port);
}

INSTANTIATE_TEST_SUITE_P(Rows, OriginDefaultPort, ::testing::Values(
    port_row{"http", kDefaults, "http", 80}, port_row{"https", kDefaults, "https", 443},
    port_row{"ws", kDefaults, "ws", 80}, port_row{"wss", kDefaults, "wss", 443},
    port_row{"ftp", kDefaults, "ftp", 21}, port_row{"gopher has none", kDefaults, "gopher", 0},
    port_row{"file has none", kDefaults, "file", 0}, port_row{"empty", kDefaults, "", 0}),
    row_test_name<port_row>);

// ---- write_canonical_origin -----------------------------------------------------------------------

struct canon_row {
  const char* name;
  const char* spec;
  std::string text;
  std::string canonical;  // "" means: 0 is returned
};
CORSPROOF_ROW_PRINTER(canon_row)

class OriginWriteCanonical : public ::testing::TestWithParam<canon_row> {};

TEST_P(OriginWriteCanonical, Writes) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  char buf[2048];
  const std::size_t n = write_canonical_origin(r.text, buf);
  EXPECT_EQ(n, r.canonical.size()) << printable(r.text);
  if (n != 0) {
    EXPECT_EQ(std::string(buf, n), r.canonical);
  }
}

constexpr const char* kCanon =
    "decisions: Policy loading (canonical: lower-case scheme/host, no default port, no trailing slash, path, "
    "userinfo, query, fragment) and Browser mode/URL origin";

INSTANTIATE_TEST_SUITE_P(Rows, OriginWriteCanonical, ::testing::Values(
    canon_row{"brief example: upper case, default port, trailing slash", kCanon, "https://App.Example:443/",
              "https://app.example"},
    canon_row{"all upper case", kCanon, "HTTPS://APP.EXAMPLE", "https://app.example"},
    canon_row{"port 0 of a scheme without a default port is kept", kCanon, "chrome-extension://X:0/",
              "chrome-extension://x:0"},
    canon_row{"port 00 of a scheme without a default port is 0", kCanon, "chrome-extension://x:00",
              "chrome-extension://x:0"},
    canon_row{"https default port", kCanon, "https://app.example:443", "https://app.example"},
    canon_row{"http default port and path", kCanon, "http://app.example:80/index.html", "http://app.example"},
    canon_row{"ws default port", kCanon, "ws://x.example:80", "ws://x.example"},
    canon_row{"wss default port", kCanon, "wss://x.example:443", "wss://x.example"},
    canon_row{"ftp default port", kCanon, "ftp://x.example:21", "ftp://x.example"},
    canon_row{"non-default port kept, path query fragment dropped", kCanon, "https://app.example:8443/x?y#z",
              "https://app.example:8443"},
    canon_row{"443 is not http's default", kCanon, "http://app.example:443", "http://app.example:443"},
    canon_row{"trailing slash", kCanon, "https://app.example/", "https://app.example"},
    canon_row{"userinfo", kCanon, "https://user:pw@app.example/", "https://app.example"},
    canon_row{"userinfo that looks like a host", "RFC 3986 §3.2.1 (userinfo ends at the last @)",
              "https://app.example:443@evil.example/", "https://evil.example"},
    canon_row{"query without path", kCanon, "https://app.example?q=1", "https://app.example"},
    canon_row{"fragment without path", kCanon, "https://app.example#frag", "https://app.example"},
    canon_row{"leading zeros spelling the default port", kCanon, "https://app.example:0443",
              "https://app.example"},
    canon_row{"leading zeros dropped from a port", kCanon, "https://app.example:08443",
              "https://app.example:8443"},
    canon_row{"upper-case scheme with its default port", kCanon, "HTTPS://app.example:443", "https://app.example"},
    canon_row{"IPv6 lower-cased, default port dropped", "digest §12 (RFC 5952 lower case)", "HTTPS://[::A]:443",
              "https://[::a]"},
    canon_row{"IPv6 with port and path", kCanon, "http://[::1]:8080/x", "http://[::1]:8080"},
    canon_row{"null stays null", "Fetch \"Origin header\"", "null", "null"},
    canon_row{"already canonical", kCanon, "https://app.example", "https://app.example"},
    canon_row{"no scheme", "origin.hpp: 0 without scheme://host", "app.example", ""},
    canon_row{"empty", "origin.hpp: 0 without scheme://host", "", ""},
    canon_row{"relative path", "origin.hpp: 0 without scheme://host", "/relative/path", ""},
    canon_row{"empty scheme", "origin.hpp: 0 without scheme://host", "://x.example", ""},
    canon_row{"empty host", "origin.hpp: 0 without scheme://host", "https://", ""},
    canon_row{"empty host after userinfo", "origin.hpp: 0 without scheme://host", "https://user@/x", ""}),
    row_test_name<canon_row>);

TEST(OriginWriteCanonicalBuffer, ExactFitAndTooSmall) {
  SCOPED_TRACE(trace_of("buffer bounds", "origin.hpp: returns 0 when `out` is too small"));
  char buf[32];
  EXPECT_EQ(write_canonical_origin("HTTPS://A.EXAMPLE:443", std::span<char>(buf, 17)), 17u);
  EXPECT_EQ(std::string(buf, 17), "https://a.example");
  EXPECT_EQ(write_canonical_origin("HTTPS://A.EXAMPLE:443", std::span<char>(buf, 16)), 0u);
  EXPECT_EQ(write_canonical_origin("null", std::span<char>(buf, 3)), 0u);
}

}  // namespace
}  // namespace corsproof::test

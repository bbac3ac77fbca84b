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
constexpr const char* kHost =
    "URL Standard §3.5 host parser (domain parser: forbidden domain code points; ends in a number -> IPv4 "
    "parser), §3.6 host serializer; decisions: Server mode/Origins";

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
    parse_ok_row{"IPv4-mapped IPv6 (dots parse, never serialized)", kHost, "https://[::ffff:192.0.2.1]", false,
                 "https", "[::ffff:192.0.2.1]", "", 0, host_kind::ipv6, false},
    parse_ok_row{"IPv4-mapped IPv6 as serialized", kHost, "https://[::ffff:c000:201]", false, "https",
                 "[::ffff:c000:201]", "", 0, host_kind::ipv6, true},
    parse_ok_row{"IPv6 unspecified ::", kWellFormed, "http://[::]", false, "http", "[::]", "", 0, host_kind::ipv6,
                 true},
    parse_ok_row{"IPv6 of eight pieces", kWellFormed, "http://[1:2:3:4:5:6:7:8]", false, "http",
                 "[1:2:3:4:5:6:7:8]", "", 0, host_kind::ipv6, true},
    parse_ok_row{"IPv6 of seven pieces then :: (one zero piece is never compressed)", kHost,
                 "http://[1:2:3:4:5:6:7::]", false, "http", "[1:2:3:4:5:6:7::]", "", 0, host_kind::ipv6, false},
    parse_ok_row{"IPv6 of six pieces and an IPv4 tail", kHost, "http://[1:2:3:4:5:6:1.2.3.4]", false, "http",
                 "[1:2:3:4:5:6:1.2.3.4]", "", 0, host_kind::ipv6, false},
    parse_ok_row{"IPv6 not compressed", kHost, "http://[0:0:0:0:0:0:0:1]", false, "http", "[0:0:0:0:0:0:0:1]", "",
                 0, host_kind::ipv6, false},
    parse_ok_row{"IPv6 with leading zeros in a piece", kHost, "http://[::01]", false, "http", "[::01]", "", 0,
                 host_kind::ipv6, false},
    parse_ok_row{"IPv6: the first longest zero run is compressed", kHost, "http://[1::2:0:0:3:4]", false, "http",
                 "[1::2:0:0:3:4]", "", 0, host_kind::ipv6, true},
    parse_ok_row{"IPv6: not the first longest zero run", kHost, "http://[1:0:0:2::3:4]", false, "http",
                 "[1:0:0:2::3:4]", "", 0, host_kind::ipv6, false},
    parse_ok_row{"port 0 of a scheme without a default port is canonical", kSerial, "chrome-extension://x:0", false,
                 "chrome-extension", "x", "0", 0, host_kind::domain, true},
    parse_ok_row{"dotted quad with a leading zero: an IPv4 address (octal part), not canonical", kHost,
                 "http://01.2.3.4", false, "http", "01.2.3.4", "", 0, host_kind::ipv4, false},
    parse_ok_row{"IPv4 shorthand 127.1", kHost, "http://127.1:3999", false, "http", "127.1", "3999", 3999,
                 host_kind::ipv4, false},
    parse_ok_row{"IPv4 with a trailing dot", kHost, "https://127.0.0.1.:90", false, "https", "127.0.0.1.", "90", 90,
                 host_kind::ipv4, false},
    parse_ok_row{"IPv4 in hex", kHost, "http://0X7F.1", false, "http", "0X7F.1", "", 0, host_kind::ipv4, false},
    parse_ok_row{"IPv4: a single number", kHost, "http://4294967295", false, "http", "4294967295", "", 0,
                 host_kind::ipv4, false},
    parse_ok_row{"IPv4: 0x alone is 0", kHost, "http://0x", false, "http", "0x", "", 0, host_kind::ipv4, false},
    parse_ok_row{"IPv4: 0.0.0.0", kHost, "http://0.0.0.0", false, "http", "0.0.0.0", "", 0, host_kind::ipv4, true},
    parse_ok_row{"non-special scheme: a dotted quad is not an IP address", kHost, "chrome-extension://1.2.3", false,
                 "chrome-extension", "1.2.3", "", 0, host_kind::domain, true},
    parse_ok_row{"empty first label", kHost, "https://.example.com", false, "https", ".example.com", "", 0,
                 host_kind::domain, true},
    parse_ok_row{"empty inner label", kHost, "https://a..example.com", false, "https", "a..example.com", "", 0,
                 host_kind::domain, true},
    parse_ok_row{"trailing dot", kHost, "https://example.com.", false, "https", "example.com.", "", 0,
                 host_kind::domain, true},
    parse_ok_row{"a comma in a domain", kHost, "https://a,b.example", false, "https", "a,b.example", "", 0,
                 host_kind::domain, true},
    parse_ok_row{"! $ & ' ( ) * + ; = ` { } ~ \" in a domain", kHost, "https://!$&'()*+;=`{}~\".example", false,
                 "https", "!$&'()*+;=`{}~\".example", "", 0, host_kind::domain, true},
    parse_ok_row{"an xn-- label that is no valid Punycode (URL Standard a8d5ca3: lower-cased only)", kHost,
                 "http://xn--f", false, "http", "xn--f", "", 0, host_kind::domain, true},
    parse_ok_row{"an upper-case xn-- label", kHost, "http://XN--f", false, "http", "XN--f", "", 0, host_kind::domain,
                 false},
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
    parse_err_row{"space inside host", kWellFormed, "https://a b.example", origin_status::bad_host},
    parse_err_row{"two origins joined with a comma: the second's \"https:\" is an empty port", kWellFormed,
                  "https://a.example,https://b.example", origin_status::bad_port},
    parse_err_row{"^ is a forbidden domain code point", kHost, "https://a^b.example", origin_status::bad_host},
    parse_err_row{"| is a forbidden domain code point", kHost, "https://a|b.example", origin_status::bad_host},
    parse_err_row{"< is a forbidden domain code point", kHost, "https://a<b.example", origin_status::bad_host},
    parse_err_row{"> is a forbidden domain code point", kHost, "https://a>b.example", origin_status::bad_host},
    parse_err_row{"\\ is a forbidden domain code point", kHost, "https://a\\b.example", origin_status::bad_host},
    parse_err_row{"DEL is a forbidden domain code point", kHost, "https://a\x7f.example", origin_status::bad_host},
    parse_err_row{"a C0 control is a forbidden domain code point", kHost, "https://a\x01.example",
                  origin_status::bad_host},
    parse_err_row{"a byte >= 0x80 never serializes to itself", kHost, "https://caf\xc3\xa9.example",
                  origin_status::bad_host},
    parse_err_row{"non-special scheme keeps RFC 3986 unreserved bytes", kHost, "chrome-extension://a!b",
                  origin_status::bad_host},
    parse_err_row{"ends in a number, not an IPv4 address", kHost, "http://foo.bar.255:6060", origin_status::bad_ipv4},
    parse_err_row{"five IPv4 parts", kHost, "https://127.0.0.1.1", origin_status::bad_ipv4},
    parse_err_row{"IPv4 part above 255", kHost, "http://256.0.0.1", origin_status::bad_ipv4},
    parse_err_row{"IPv4 last part above its room", kHost, "http://1.16777216", origin_status::bad_ipv4},
    parse_err_row{"IPv4 above 2^32 - 1", kHost, "http://4294967296", origin_status::bad_ipv4},
    parse_err_row{"IPv4 octal part with an 8 or 9", kHost, "http://09", origin_status::bad_ipv4},
    parse_err_row{"IPv4 empty inner part", kHost, "http://1..2", origin_status::bad_ipv4},
    parse_err_row{"IPv4: a 1000-digit number", kHost, "http://" + rep('9', 1000), origin_status::bad_ipv4},
    parse_err_row{"file: has an opaque origin", "URL Standard §4.7 origin (file: opaque)", "file://host",
                  origin_status::file_scheme},
    parse_err_row{"FILE: has an opaque origin", "URL Standard §4.7 origin (file: opaque)", "FILE:///x",
                  origin_status::file_scheme},
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

// ---- well formed: parse_serialized_origin, then is_canonical -----------------------------------

struct well_formed_row {
  const char* name;
  const char* spec;
  std::string text;
  origin_status status;
};
CORSPROOF_ROW_PRINTER(well_formed_row)

class OriginWellFormed : public ::testing::TestWithParam<well_formed_row> {};

TEST_P(OriginWellFormed, IsTheSerialization) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  EXPECT_EQ(parse_well_formed_origin(r.text).status, r.status) << printable(r.text);
}

constexpr const char* kSerialized =
    "protocol v1.1: a request Origin is well formed when it is what the URL Standard's origin serialization "
    "produces; decisions: Server mode/Origins";

INSTANTIATE_TEST_SUITE_P(Rows, OriginWellFormed, ::testing::Values(
    well_formed_row{"null", kSerialized, "null", origin_status::ok},
    well_formed_row{"canonical domain", kSerialized, "https://app.example", origin_status::ok},
    well_formed_row{"canonical IPv4", kSerialized, "http://127.0.0.1:3999", origin_status::ok},
    well_formed_row{"canonical IPv6", kSerialized, "http://[2001:4860:4860::8888]:90", origin_status::ok},
    well_formed_row{"empty first label", kSerialized, "https://.example.com", origin_status::ok},
    well_formed_row{"upper-case host", kSerialized, "https://APP.example", origin_status::not_canonical},
    well_formed_row{"upper-case scheme", kSerialized, "HTTPS://app.example", origin_status::not_canonical},
    well_formed_row{"default port", kSerialized, "https://app.example:443", origin_status::not_canonical},
    well_formed_row{"IPv4 shorthand", kSerialized, "http://127.1", origin_status::not_canonical},
    well_formed_row{"IPv6 dotted tail", kSerialized, "http://[::FFFF:1.2.3.4]", origin_status::not_canonical},
    well_formed_row{"IPv6 not compressed", kSerialized, "http://[2001:4860:4860:0000:0000:0000:0000:8888]:90",
                    origin_status::not_canonical},
    well_formed_row{"port with a leading zero", kSerialized, "https://a.example:08443", origin_status::not_canonical},
    well_formed_row{"not an origin at all keeps its reason", kSerialized, "https://a.example/", origin_status::has_path},
    well_formed_row{"file:", kSerialized, "file://host", origin_status::file_scheme}),
    row_test_name<well_formed_row>);

// parse_well_formed_origin reads the common shape in one pass (special
// scheme prefixes, the host 16 bytes a step with the last step overlapping)
// and leaves the rest to parse_serialized_origin + is_canonical: both ways
// must agree on every text, here hosts of 0 to 40 bytes with one byte of
// interest at every position, before and after the 16-byte boundaries.
TEST(OriginWellFormed, TheOnePassShapeAgreesWithTheFullParser) {
  SCOPED_TRACE(trace_of("one pass against the full parser", kSerialized));
  const auto full = [](std::string_view text) {
    origin_parse_result r = parse_serialized_origin(text);
    if (r.ok() && !is_canonical(r.origin)) r.status = origin_status::not_canonical;
    return r;
  };
  std::size_t compared = 0, ok = 0;
  for (const std::string scheme : {"https://", "http://", "wss://", "ws://", "ftp://", "HTTPS://", "httpx://", "ht://"}) {
    for (const std::string port : {"", ":8443", ":443", ":080", ":"}) {
      for (std::size_t n = 0; n <= 40; ++n) {
        for (std::size_t at = 0; at <= n; ++at) {
          for (const char c : {'.', '-', '7', 'A', '_', ':', '/', '%', static_cast<char>(0x80), 'z'}) {
            std::string host;
            for (std::size_t k = 0; k < n; ++k) host.push_back(k % 7 == 3 ? '.' : static_cast<char>('a' + k % 26));
            if (at < n) host[at] = c;
            const std::string text = scheme + host + port;
            const origin_parse_result fast = parse_well_formed_origin(text);
            const origin_parse_result slow = full(text);
            ++compared;
            ASSERT_EQ(fast.status, slow.status) << printable(text);
            if (!fast.ok()) continue;
            ++ok;
            ASSERT_EQ(fast.origin.opaque, slow.origin.opaque) << printable(text);
            ASSERT_EQ(fast.origin.scheme, slow.origin.scheme) << printable(text);
            ASSERT_EQ(fast.origin.host, slow.origin.host) << printable(text);
            ASSERT_EQ(fast.origin.port_text, slow.origin.port_text) << printable(text);
            ASSERT_EQ(fast.origin.port, slow.origin.port) << printable(text);
            ASSERT_EQ(fast.origin.kind, slow.origin.kind) << printable(text);
          }
        }
      }
    }
  }
  EXPECT_GT(ok, compared / 10);  // the shape is common among them, not rare
}

// ---- write_serialization ------------------------------------------------------------------------

struct serialization_row {
  const char* name;
  const char* spec;
  std::string text;
  std::string serialization;
};
CORSPROOF_ROW_PRINTER(serialization_row)

class OriginWriteSerialization : public ::testing::TestWithParam<serialization_row> {};

TEST_P(OriginWriteSerialization, Writes) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  const origin_parse_result p = parse_serialized_origin(r.text);
  ASSERT_TRUE(p.ok()) << printable(r.text) << ": " << to_string(p.status);
  char buf[2048];
  const std::size_t n = write_serialization(p.origin, buf);
  EXPECT_EQ(std::string(buf, n), r.serialization);
  EXPECT_EQ(is_canonical(p.origin), r.serialization == r.text) << printable(r.text);
}

INSTANTIATE_TEST_SUITE_P(Rows, OriginWriteSerialization, ::testing::Values(
    serialization_row{"null", kSerial, "null", "null"},
    serialization_row{"case and default port", kSerial, "HTTPS://App.Example:443", "https://app.example"},
    serialization_row{"port leading zeros", kSerial, "https://a.example:08443", "https://a.example:8443"},
    serialization_row{"port leading zeros spelling the default", kSerial, "https://a.example:00443",
                      "https://a.example"},
    serialization_row{"IPv4 shorthand", kHost, "http://127.1:3999", "http://127.0.0.1:3999"},
    serialization_row{"IPv4 trailing dot", kHost, "https://127.0.0.1.:90", "https://127.0.0.1:90"},
    serialization_row{"IPv4 hex and octal parts", kHost, "http://0X7F.0.010.1", "http://127.0.8.1"},
    serialization_row{"IPv4 single number", kHost, "http://4294967295", "http://255.255.255.255"},
    serialization_row{"IPv4 two parts", kHost, "http://1.16777215", "http://1.255.255.255"},
    serialization_row{"IPv4 0x", kHost, "http://0x", "http://0.0.0.0"},
    serialization_row{"IPv4 canonical", kHost, "http://10.0.0.1", "http://10.0.0.1"},
    serialization_row{"IPv6 not compressed", kHost, "http://[2001:4860:4860:0000:0000:0000:0000:8888]:90",
                      "http://[2001:4860:4860::8888]:90"},
    serialization_row{"IPv6 dotted tail", kHost, "http://[::FFFF:1.2.3.4]", "http://[::ffff:102:304]"},
    serialization_row{"IPv6 loopback in full", kHost, "http://[0:0:0:0:0:0:0:1]", "http://[::1]"},
    serialization_row{"IPv6 all zeros", kHost, "http://[0::0]", "http://[::]"},
    serialization_row{"IPv6 one zero piece is not compressed", kHost, "http://[1:2:3:4:5:6:7::]",
                      "http://[1:2:3:4:5:6:7:0]"},
    serialization_row{"IPv6 first of two equal runs", kHost, "http://[1:0:0:2:0:0:3:4]", "http://[1::2:0:0:3:4]"},
    serialization_row{"IPv6 the longer later run", kHost, "http://[1:0:0:2:0:0:0:3]", "http://[1:0:0:2::3]"},
    serialization_row{"IPv6 trailing run", kHost, "http://[0:0:1:0:0:0:0:0]", "http://[0:0:1::]"},
    serialization_row{"IPv6 leading zeros of pieces", kHost, "http://[00ab:0::00cd]", "http://[ab::cd]"},
    serialization_row{"non-special: lower-cased", kHost, "chrome-extension://ABC:0", "chrome-extension://abc:0"},
    serialization_row{"non-special IPv6 compressed too", kHost, "foo://[0:0::1]", "foo://[::1]"},
    serialization_row{"empty labels kept", kHost, "https://.A..b.", "https://.a..b."}),
    row_test_name<serialization_row>);

TEST(OriginWriteSerializationBuffer, TooSmallWritesNothing) {
  SCOPED_TRACE(trace_of("buffer bounds", "origin.hpp: returns 0 when `out` is too small"));
  const origin_parse_result p = parse_serialized_origin("http://127.1");
  ASSERT_TRUE(p.ok());
  char buf[32];
  EXPECT_EQ(write_serialization(p.origin, std::span<char>(buf, 16)), 16u);
  EXPECT_EQ(std::string(buf, 16), "http://127.0.0.1");
  EXPECT_EQ(write_serialization(p.origin, std::span<char>(buf, 15)), 0u);
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

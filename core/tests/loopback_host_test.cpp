// is_loopback_host: Secure Contexts §3.1 "Is origin potentially
// trustworthy?" steps 4-5 (127.0.0.0/8, ::1/128, localhost and *.localhost),
// with hosts read by the URL Standard's host parser (§3.5: "127.1" is
// 127.0.0.1, "127.999.0.1" is no host). The linter and `audit --http` both
// use it; audit/tests/probe_test.cpp checks that they agree on this table.
#include "test_support.hpp"

namespace corsproof::test {
namespace {

constexpr const char* kIpv4 = "Secure Contexts §3.1 step 4 (127.0.0.0/8); URL Standard §3.5 IPv4 parser";
constexpr const char* kIpv6 = "Secure Contexts §3.1 step 4 (::1/128); URL Standard §3.5 IPv6 parser";
constexpr const char* kName = "Secure Contexts §3.1 step 5 (localhost, localhost., *.localhost, *.localhost.)";
constexpr const char* kNoHost = "URL Standard §3.5 host parser (failure: no host, so no loopback host)";

struct loopback_row {
  const char* name;
  const char* spec;
  std::string host;
  bool loopback;
};
CORSPROOF_ROW_PRINTER(loopback_row)

class LoopbackHost : public ::testing::TestWithParam<loopback_row> {};

TEST_P(LoopbackHost, Decides) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  EXPECT_EQ(is_loopback_host(r.host), r.loopback) << printable(r.host);
}

INSTANTIATE_TEST_SUITE_P(Rows, LoopbackHost, ::testing::Values(
    loopback_row{"127.0.0.1", kIpv4, "127.0.0.1", true},
    loopback_row{"127.1 is 127.0.0.1", kIpv4, "127.1", true},
    loopback_row{"the top of 127/8", kIpv4, "127.255.255.255", true},
    loopback_row{"the bottom of 127/8", kIpv4, "127.0.0.0", true},
    loopback_row{"hex first part", kIpv4, "0x7f.0.0.1", true},
    loopback_row{"octal first part", kIpv4, "0177.0.0.1", true},
    loopback_row{"one number", kIpv4, "2130706433", true},
    loopback_row{"trailing dot", kIpv4, "127.0.0.1.", true},
    loopback_row{"128.0.0.1", kIpv4, "128.0.0.1", false},
    loopback_row{"126.255.255.255", kIpv4, "126.255.255.255", false},
    loopback_row{"0.0.0.0", kIpv4, "0.0.0.0", false},
    loopback_row{"127.999.0.1 is no IPv4 address", kNoHost, "127.999.0.1", false},
    loopback_row{"five parts", kNoHost, "127.0.0.1.1", false},
    loopback_row{"a number too large", kNoHost, "4294967296", false},
    loopback_row{"[::1]", kIpv6, "[::1]", true},
    loopback_row{"[::1] spelled out", kIpv6, "[0:0:0:0:0:0:0:1]", true},
    loopback_row{"[::ffff:127.0.0.1] is IPv4-mapped, not ::1", kIpv6, "[::ffff:127.0.0.1]", false},
    loopback_row{"[::ffff:7f00:1] likewise", kIpv6, "[::ffff:7f00:1]", false},
    loopback_row{"[::]", kIpv6, "[::]", false},
    loopback_row{"[::2]", kIpv6, "[::2]", false},
    loopback_row{"::1 without brackets", kNoHost, "::1", false},
    loopback_row{"an IPv6 zone", kNoHost, "[::1%25lo]", false},
    loopback_row{"unclosed bracket", kNoHost, "[::1", false},
    loopback_row{"localhost", kName, "localhost", true},
    loopback_row{"localhost.", kName, "localhost.", true},
    loopback_row{"LOCALHOST", kName, "LOCALHOST", true},
    loopback_row{"app.localhost", kName, "app.localhost", true},
    loopback_row{"app.localhost.", kName, "app.localhost.", true},
    loopback_row{"localhost..", kName, "localhost..", false},
    loopback_row{"localhost.evil.test", kName, "localhost.evil.test", false},
    loopback_row{"evillocalhost", kName, "evillocalhost", false},
    loopback_row{"127.0.0.1.nip.io is a domain", kName, "127.0.0.1.nip.io", false},
    loopback_row{"percent-encoded localhost is not read", kNoHost, "%6cocalhost", false},
    loopback_row{"a forbidden domain code point", kNoHost, "local host", false},
    loopback_row{"a byte >= 0x80", kNoHost, "localhost\xc3\xa9", false},
    loopback_row{"empty", kNoHost, "", false}),
    row_test_name<loopback_row>);

}  // namespace
}  // namespace corsproof::test

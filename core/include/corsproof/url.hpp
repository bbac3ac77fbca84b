// corsproof/url.hpp — the URL Standard's "basic URL parser" (§4.4), "URL
// serializer" (§4.5), "equal" (§4.6) and "origin" (§4.7), for what the Fetch
// Standard needs in a redirect chain: the request's URL, a `Location` value
// parsed relative to the hop's URL, and a hop URL an author expects.
//
// Hand-written, allocation-free, from whatwg/url url.bs 6ae8486 (with
// a8d5ca3's ASCII-domain rule). Why not a library: Boost.URL (Debian
// libboost-url-dev) parses RFC 3986, and a browser parses the URL Standard,
// which differs exactly where a redirect is judged: backslashes as slashes and
// tab/newline removal in special URLs, IPv4 hosts in any of the parser's
// spellings (`0x7f.1`), host lower-casing and percent-decoding, per-component
// percent-encode sets, dot segments in percent-encoded spelling (`%2e`), the
// file: and opaque-path rules, and "no URL" for inputs RFC 3986 accepts
// (`https://a b/`). Every scheme is parsed and serialized as the Standard
// says (a `Location: data:,x` is reported as written); only http(s) URLs take
// part in the rest of a chain.
//
// Input bytes are read as UTF-8 (Encoding Standard "UTF-8 decode": each
// maximal ill-formed subsequence becomes U+FFFD, so it is percent-encoded as
// %EF%BF%BD). IPv4 and IPv6 hosts go through core/src/host.cpp, ASCII domains
// are only lower-cased and checked (url.bs a8d5ca3).
//
// The exception to zero allocation: a host that is not ASCII after
// percent-decoding needs UTS #46 ("domain to ASCII"), which ICU's uidna
// (Debian libicu-dev) does; ICU allocates inside that call, and ICU is loaded
// (dlopen) and the UTS #46 object opened once, the first time such a host is
// met. An ASCII URL never reaches ICU (tests/zero_allocation_test.cpp counts
// both; tests/icu_on_demand_test.cpp checks ICU is not loaded before). ICU
// missing at run time ends the process (status 127, a message on standard
// error, after the hook a program may set): corsproof/on_demand_library.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace corsproof {

// A URL (the input, and its serialization) is at most this many bytes;
// longer is url_status::too_long (docs/protocol-decisions.md "Redirect
// chains / Bounds"). An output buffer of this size always suffices.
inline constexpr std::size_t max_url_bytes = 8192;

enum class url_status : std::uint8_t {
  ok,
  failure,           // the URL Standard's parser returns failure
  too_long,          // the input or the serialization is over max_url_bytes
  output_too_small,  // the caller's buffer is smaller than the serialization
};
[[nodiscard]] std::string_view to_string(url_status s) noexcept;

// URL Standard §3.1 "host": what url_record::host holds.
enum class url_host_type : std::uint8_t {
  none,    // the host is null (no "//" in the serialization)
  domain,  // a special URL's domain, ASCII, lower case
  ipv4,    // serialized as four decimal numbers
  ipv6,    // serialized compressed, with its brackets
  opaque,  // a non-special URL's host, percent-encoded
  empty,   // the empty host ("file:///x", "foo://")
};

// A parsed URL: views into the serialization, which lives in the caller's
// buffer given to parse_url. Components are as the URL Standard keeps them
// (username and password percent-encoded, host serialized, path the URL path
// serializer's output).
struct url_record {
  std::string_view href;      // the URL serializer's output, fragment included
  std::string_view scheme;    // lower case, without ":"
  std::string_view username;  // "" when none
  std::string_view password;  // "" when none
  url_host_type host_type = url_host_type::none;
  std::string_view host;  // serialized; "" for none or empty
  bool has_port = false;  // false also for a scheme's default port
  std::uint16_t port = 0;
  bool has_opaque_path = false;
  std::string_view path;           // "/a/b", "" for an empty path list, or the opaque path
  std::uint32_t path_segments = 0;  // segments of a path list
  bool has_query = false;
  std::string_view query;  // without "?"
  bool has_fragment = false;
  std::string_view fragment;  // without "#"

  // URL Standard "special scheme": ftp, file, http, https, ws, wss.
  [[nodiscard]] bool is_special() const noexcept;
  // URL Standard "includes credentials": a non-empty username or password.
  [[nodiscard]] bool includes_credentials() const noexcept {
    return !username.empty() || !password.empty();
  }
  // The URL serializer with "exclude fragment" set (Fetch's Response.url).
  [[nodiscard]] std::string_view href_without_fragment() const noexcept {
    return has_fragment ? href.substr(0, href.size() - fragment.size() - 1) : href;
  }
};

struct url_parse_result {
  url_status status = url_status::failure;
  url_record url;  // meaningful when status is ok
};

// URL Standard §4.4 "basic URL parser" with input and an optional base (no
// encoding override, no state override). The serialization is written to
// the start of `out`, and every view of the result points into it. `base`
// (a result of an earlier parse) must not view `out`. Never allocates for an
// input whose hosts are ASCII after percent-decoding (see the top of this
// file), never throws.
[[nodiscard]] url_parse_result parse_url(std::string_view input, const url_record* base,
                                         std::span<char> out) noexcept;

// Fetch "location URL" step 4: a URL without a fragment takes `fragment` (the
// request's current URL's). `url` must be the result of parse_url into `out`;
// the fragment is appended to its serialization there. ok, too_long or
// output_too_small.
[[nodiscard]] url_status set_fragment_if_none(url_record& url, std::string_view fragment,
                                              std::span<char> out) noexcept;

// URL Standard §4.6 "equal" with "exclude fragments" set.
[[nodiscard]] inline bool equal_excluding_fragments(const url_record& a, const url_record& b) noexcept {
  return a.href_without_fragment() == b.href_without_fragment();
}

// URL Standard §4.7 "origin" of a URL, then HTML's "serialization of an
// origin": "scheme://host[:port]" for http, https, ws, wss and ftp; for blob
// the origin of the URL its path parses to, when that is http(s); "null"
// (an opaque origin) for file and every other scheme. Returns the number of
// bytes written to `out`, or 0 when it is too small (max_url_bytes always
// suffices).
[[nodiscard]] std::size_t write_url_origin(const url_record& url, std::span<char> out) noexcept;

}  // namespace corsproof

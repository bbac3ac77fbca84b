// The URL Standard (whatwg/url url.bs 6ae8486): the basic URL parser (§4.4)
// without encoding or state override, the URL serializer (§4.5) and the
// origin of a URL (§4.7). See corsproof/url.hpp for the scope and why it is
// hand-written.
//
// How it stays allocation-free: the input is decoded (Encoding Standard
// "UTF-8 decode") and cleaned (leading/trailing C0 control or space, then
// every ASCII tab or newline, removed) into a stack array; the URL record is
// built directly as its serialization in the caller's buffer, component
// after component, in the order the serializer writes them (scheme, "//",
// userinfo, host, port, path, query, fragment). The parser sets components in
// that same order, so a component is only ever replaced or shortened while it
// is the last one written: the path's "shorten" cuts the end of the buffer,
// a query taken from the base and then replaced is cut before the new one.
// The state machine reads bytes: every special character is ASCII, and a
// code point's UTF-8 percent-encoding is the percent-encoding of its bytes.
#include "corsproof/url.hpp"

#include <unicode/uidna.h>
#include <unicode/uvernum.h>

#include <array>
#include <cstring>

#include "bytes.hpp"
#include "corsproof/on_demand_library.hpp"
#include "corsproof/origin.hpp"
#include "host.hpp"

namespace corsproof {

std::string_view to_string(url_status s) noexcept {
  switch (s) {
    case url_status::ok: return "ok";
    case url_status::failure: return "the URL Standard's parser returns failure";
    case url_status::too_long: return "the URL is longer than 8192 bytes";
    case url_status::output_too_small: return "output buffer too small";
  }
  return "?";
}

namespace {

constexpr int eof = -1;

constexpr bool is_ascii_alpha(int c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_ascii_digit(int c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_ascii_hex_digit(int c) noexcept {
  return is_ascii_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
constexpr int hex_value(int c) noexcept {
  return is_ascii_digit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : c - 'A' + 10;
}

// §3.1 "special scheme".
bool is_special_scheme(std::string_view s) noexcept {
  return s == "http" || s == "https" || s == "ws" || s == "wss" || s == "ftp" || s == "file";
}

// §1.3 (Percent-encoded bytes) percent-encode sets. Every code point above
// U+007E is in all of them (the C0 control percent-encode set holds it), so
// a table over ASCII is enough; bytes >= 0x80 are always encoded.
enum class encode_set : std::uint8_t { c0_control, fragment, query, special_query, path, userinfo };

constexpr bool in_encode_set(encode_set set, unsigned char c) noexcept {
  // C0 control percent-encode set: C0 controls and code points > U+007E.
  if (c < 0x20 || c > 0x7e) return true;
  const bool query = c == ' ' || c == '"' || c == '#' || c == '<' || c == '>';
  const bool path = query || c == '?' || c == '^' || c == '`' || c == '{' || c == '}';
  switch (set) {
    case encode_set::c0_control: return false;
    case encode_set::fragment: return c == ' ' || c == '"' || c == '<' || c == '>' || c == '`';
    case encode_set::query: return query;
    case encode_set::special_query: return query || c == '\'';
    case encode_set::path: return path;
    case encode_set::userinfo:
      return path || c == '/' || c == ':' || c == ';' || c == '=' || c == '@' || (c >= '[' && c <= ']') || c == '|';
  }
  return true;
}

struct encode_table {
  std::array<std::array<bool, 256>, 6> in{};
};
constexpr encode_table make_encode_table() {
  encode_table t;
  for (int s = 0; s < 6; ++s)
    for (int c = 0; c < 256; ++c)
      t.in[static_cast<std::size_t>(s)][static_cast<std::size_t>(c)] =
          in_encode_set(static_cast<encode_set>(s), static_cast<unsigned char>(c));
  return t;
}
constexpr encode_table encode_tables = make_encode_table();

// The URL record under construction, as its serialization in the caller's
// buffer (see the top of this file), with the offsets of its components.
class builder {
 public:
  explicit builder(std::span<char> out) noexcept
      : out_(out.data()), limit_(out.size() < max_url_bytes ? out.size() : max_url_bytes) {}

  [[nodiscard]] bool overflow() const noexcept { return overflow_; }
  [[nodiscard]] std::size_t size() const noexcept { return len_; }
  [[nodiscard]] std::string_view view(std::size_t from, std::size_t to) const noexcept {
    return {out_ + from, to - from};
  }
  [[nodiscard]] std::string_view scheme() const noexcept { return view(0, scheme_end_); }
  [[nodiscard]] bool special() const noexcept { return special_; }
  [[nodiscard]] bool is_file() const noexcept { return scheme() == "file"; }

  void put(char c) noexcept {
    if (len_ >= limit_) {
      overflow_ = true;
      return;
    }
    out_[len_++] = c;
  }
  void put(std::string_view s) noexcept {
    if (s.size() > limit_ - len_) {
      overflow_ = true;
      return;
    }
    if (!s.empty()) std::memcpy(out_ + len_, s.data(), s.size());
    len_ += s.size();
  }
  // §1.3 "UTF-8 percent-encode" of one byte of a code point's UTF-8 encoding.
  void put_encoded(unsigned char c, encode_set set) noexcept {
    if (!encode_tables.in[static_cast<std::size_t>(set)][c]) {
      put(static_cast<char>(c));
      return;
    }
    constexpr char hex[] = "0123456789ABCDEF";
    const char e[3] = {'%', hex[c >> 4], hex[c & 0xf]};
    put(std::string_view(e, 3));
  }

  // The URL's scheme: everything written so far is replaced.
  void set_scheme(std::string_view lower_scheme) noexcept {
    len_ = 0;
    put(lower_scheme);
    scheme_end_ = len_;
    put(':');
    special_ = is_special_scheme(lower_scheme);
    host_type_ = url_host_type::none;
    authority_begin_ = userinfo_end_ = host_begin_ = host_end_ = len_;
    username_end_ = password_begin_ = password_end_ = len_;
    has_port_ = false;
    path_begin_ = len_;
    path_count_ = 0;
    opaque_path_ = false;
    has_query_ = has_fragment_ = false;
  }

  // "//" and an empty userinfo; the host follows.
  void start_authority() noexcept {
    len_ = scheme_end_ + 1;
    put("//");
    authority_begin_ = username_end_ = password_begin_ = password_end_ = userinfo_end_ = len_;
    host_begin_ = host_end_ = path_begin_ = len_;
    host_type_ = url_host_type::empty;  // set properly by set_host
    has_port_ = false;
  }
  // Authority state: append to the username, or to the password (its ":"
  // is written before its first byte).
  void append_userinfo(unsigned char c, bool password) noexcept {
    if (password) {
      if (password_begin_ == username_end_ && password_end_ == username_end_) {
        put(':');
        password_begin_ = password_end_ = len_;
      }
      put_encoded(c, encode_set::userinfo);
      password_end_ = len_;
    } else {
      put_encoded(c, encode_set::userinfo);
      username_end_ = password_begin_ = password_end_ = len_;
    }
    userinfo_end_ = len_;
  }
  [[nodiscard]] bool includes_credentials() const noexcept {
    return username_end_ != authority_begin_ || password_end_ != password_begin_;
  }
  // Cuts back to the end of the userinfo and writes "@" when there is one:
  // the host is written next.
  void begin_host() noexcept {
    len_ = userinfo_end_;
    if (includes_credentials()) put('@');
    host_begin_ = len_;
  }
  void end_host(url_host_type type) noexcept {
    host_type_ = type;
    host_end_ = path_begin_ = len_;
    has_port_ = false;
  }
  void set_empty_host() noexcept {
    start_authority();
    begin_host();
    end_host(url_host_type::empty);
  }
  [[nodiscard]] std::string_view host() const noexcept { return view(host_begin_, host_end_); }
  [[nodiscard]] url_host_type host_type() const noexcept { return host_type_; }
  void set_port(std::uint16_t port) noexcept {
    len_ = host_end_;
    put(':');
    char digits[8];
    std::size_t n = 0;
    unsigned v = port;
    do {
      digits[n++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0);
    while (n > 0) put(digits[--n]);
    has_port_ = true;
    port_ = port;
    path_begin_ = len_;
  }

  // Relative states: "set url's username to base's username, ... host ...,
  // port ..." (a null host leaves the serialization without "//").
  void copy_authority(const url_record& base) noexcept {
    len_ = scheme_end_ + 1;
    if (base.host_type == url_host_type::none) {
      host_type_ = url_host_type::none;
      authority_begin_ = userinfo_end_ = host_begin_ = host_end_ = path_begin_ = len_;
      username_end_ = password_begin_ = password_end_ = len_;
      has_port_ = false;
      return;
    }
    start_authority();
    put(base.username);
    username_end_ = password_begin_ = password_end_ = len_;
    if (!base.password.empty()) {
      put(':');
      password_begin_ = len_;
      put(base.password);
      password_end_ = len_;
    }
    userinfo_end_ = len_;
    copy_host(base);
  }
  // "set url's host to base's host" (file URLs: no userinfo, no port).
  void copy_host(const url_record& base) noexcept {
    begin_host();
    put(base.host);
    end_host(base.host_type);
    if (base.has_port) set_port(base.port);
  }

  // ---- the path ------------------------------------------------------------
  void copy_path(const url_record& base) noexcept {
    len_ = path_begin_;
    put(base.path);
    path_count_ = base.path_segments;
    opaque_path_ = base.has_opaque_path;
  }
  void clear_path() noexcept {
    len_ = path_begin_;
    path_count_ = 0;
  }
  void start_opaque_path() noexcept {
    path_begin_ = len_;
    opaque_path_ = true;
  }
  // A new segment: "/" then its bytes; ends with close_segment or cut_segment.
  void open_segment() noexcept {
    segment_begin_ = len_;
    put('/');
  }
  [[nodiscard]] std::string_view segment() const noexcept { return view(segment_begin_ + 1, len_); }
  void close_segment() noexcept { ++path_count_; }
  void cut_segment() noexcept { len_ = segment_begin_; }
  void append_empty_segment() noexcept {
    put('/');
    ++path_count_;
  }
  [[nodiscard]] std::uint32_t path_count() const noexcept { return path_count_; }
  [[nodiscard]] std::string_view path() const noexcept { return view(path_begin_, len_); }
  // file: "replace the second code point in buffer with U+003A (:)".
  void normalize_drive_letter() noexcept { out_[segment_begin_ + 2] = ':'; }
  // §4.3 "shorten a url's path".
  void shorten() noexcept {
    if (path_count_ == 0) return;
    if (is_file() && path_count_ == 1) {
      const std::string_view first = view(path_begin_ + 1, len_);
      if (first.size() == 2 && is_ascii_alpha(static_cast<unsigned char>(first[0])) && first[1] == ':') return;
    }
    std::size_t i = len_;
    while (i > path_begin_ && out_[i - 1] != '/') --i;
    len_ = i - 1;
    --path_count_;
  }

  // ---- query and fragment -----------------------------------------------------
  void start_query() noexcept {
    put('?');
    has_query_ = true;
    query_begin_ = len_;
  }
  void clear_query() noexcept {
    if (!has_query_) return;
    len_ = query_begin_ - 1;
    has_query_ = false;
  }
  void copy_query(const url_record& base) noexcept {
    if (!base.has_query) return;
    start_query();
    put(base.query);
  }
  void start_fragment() noexcept {
    query_end_ = len_;
    put('#');
    has_fragment_ = true;
    fragment_begin_ = len_;
  }

  // §4.5 step 3 and the record's views.
  void finish(url_record& r) noexcept {
    if (!has_fragment_) query_end_ = len_;
    std::size_t path_end = has_query_ ? query_begin_ - 1 : has_fragment_ ? fragment_begin_ - 1 : len_;
    // "If url's host is null, url does not have an opaque path, url's
    // path's size is greater than 1, and url's path[0] is the empty string,
    // then append U+002F (/) followed by U+002E (.)" before the path.
    if (host_type_ == url_host_type::none && !opaque_path_ && path_count_ > 1 && path_end - path_begin_ >= 2 &&
        out_[path_begin_ + 1] == '/') {
      if (len_ + 2 > limit_) {
        overflow_ = true;
        return;
      }
      std::memmove(out_ + path_begin_ + 2, out_ + path_begin_, len_ - path_begin_);
      out_[path_begin_] = '/';
      out_[path_begin_ + 1] = '.';
      len_ += 2;
      path_begin_ += 2;
      path_end += 2;
      query_begin_ += 2;
      query_end_ += 2;
      fragment_begin_ += 2;
    }
    r.href = view(0, len_);
    r.scheme = view(0, scheme_end_);
    r.username = view(authority_begin_, username_end_);
    r.password = view(password_begin_, password_end_);
    r.host_type = host_type_;
    r.host = host_type_ == url_host_type::none ? std::string_view() : view(host_begin_, host_end_);
    r.has_port = has_port_;
    r.port = port_;
    r.has_opaque_path = opaque_path_;
    r.path = view(path_begin_, path_end);
    r.path_segments = path_count_;
    r.has_query = has_query_;
    r.query = has_query_ ? view(query_begin_, query_end_) : std::string_view();
    r.has_fragment = has_fragment_;
    r.fragment = has_fragment_ ? view(fragment_begin_, len_) : std::string_view();
  }

 private:
  char* out_;
  std::size_t limit_;
  std::size_t len_ = 0;
  bool overflow_ = false;
  bool special_ = false;
  std::size_t scheme_end_ = 0;
  std::size_t authority_begin_ = 0, username_end_ = 0, password_begin_ = 0, password_end_ = 0, userinfo_end_ = 0;
  std::size_t host_begin_ = 0, host_end_ = 0;
  url_host_type host_type_ = url_host_type::none;
  bool has_port_ = false;
  std::uint16_t port_ = 0;
  std::size_t path_begin_ = 0, segment_begin_ = 0;
  std::uint32_t path_count_ = 0;
  bool opaque_path_ = false;
  bool has_query_ = false, has_fragment_ = false;
  std::size_t query_begin_ = 0, query_end_ = 0, fragment_begin_ = 0;
};

// Encoding Standard §4.1.1 "UTF-8 decoder", one step from byte `i`: how many
// bytes it reads and whether they are one well-formed code point (when not,
// they are one maximal ill-formed subsequence, which the decoder replaces
// with a single U+FFFD; a byte outside the expected range starts over and is
// not counted).
struct utf8_step {
  std::size_t length;
  bool well_formed;
};
inline utf8_step utf8_decode_step(std::string_view in, std::size_t i) noexcept {
  const unsigned char b = static_cast<unsigned char>(in[i]);
  if (b < 0x80) return {1, true};
  std::size_t needed = 0;
  unsigned lower = 0x80, upper = 0xBF;
  if (b >= 0xC2 && b <= 0xDF) {
    needed = 1;
  } else if (b >= 0xE0 && b <= 0xEF) {
    needed = 2;
    if (b == 0xE0) lower = 0xA0;
    if (b == 0xED) upper = 0x9F;
  } else if (b >= 0xF0 && b <= 0xF4) {
    needed = 3;
    if (b == 0xF0) lower = 0x90;
    if (b == 0xF4) upper = 0x8F;
  } else {
    return {1, false};
  }
  for (std::size_t k = 1; k <= needed; ++k) {
    if (i + k >= in.size()) return {k, false};
    const unsigned char c = static_cast<unsigned char>(in[i + k]);
    if (c < lower || c > upper) return {k, false};
    lower = 0x80;
    upper = 0xBF;
  }
  return {needed + 1, true};
}

// Encoding Standard §4.1.1 "UTF-8 decoder" (with replacement), re-encoded:
// copies `in` to `out` with each maximal ill-formed subsequence replaced by
// U+FFFD's bytes. Returns the length, or SIZE_MAX when `out` is too small.
std::size_t utf8_decode_with_replacement(std::string_view in, char* out, std::size_t cap) noexcept {
  static constexpr char replacement[3] = {'\xEF', '\xBF', '\xBD'};
  std::size_t n = 0;
  for (std::size_t i = 0; i < in.size();) {
    if (static_cast<unsigned char>(in[i]) < 0x80) {  // ASCII, the common case: one byte, no call
      if (n == cap) return SIZE_MAX;
      out[n++] = in[i++];
      continue;
    }
    const utf8_step step = utf8_decode_step(in, i);
    const char* from = step.well_formed ? in.data() + i : replacement;
    const std::size_t k = step.well_formed ? step.length : sizeof replacement;
    if (k > cap - n) return SIZE_MAX;
    std::memcpy(out + n, from, k);
    n += k;
    i += step.length;
  }
  return n;
}

// True when `s` is well-formed UTF-8 (the Encoding Standard's decoder
// would replace nothing).
bool is_well_formed_utf8(std::string_view s) noexcept {
  for (std::size_t i = 0; i < s.size();) {
    const utf8_step step = utf8_decode_step(s, i);
    if (!step.well_formed) return false;
    i += step.length;
  }
  return true;
}

// ICU is loaded (dlopen) the first time a host that is not ASCII needs it,
// not linked: linked, it was loaded at the start of every corsproof process,
// for a library most runs never call (on the benchmark VM a program linking
// only ICU starts in 6.0 ms and 143 page faults against 2.2 ms and 53; with
// libpsl also loaded on demand, corsproof's start went from 7.2 ms and 250
// page faults to 5.4 ms and 190: bench/README.md). The names are the
// ones the headers give (ICU renames its functions by version: the header's
// uidna_openUTS46 is uidna_openUTS46_72, and the library is libicuuc.so.72).
#define CORSPROOF_ICU_STRING2(x) #x
#define CORSPROOF_ICU_STRING(x) CORSPROOF_ICU_STRING2(x)
constexpr const char* icu_uc_soname = "libicuuc.so." CORSPROOF_ICU_STRING(U_ICU_VERSION_MAJOR_NUM);

struct icu_uts46 {
  decltype(&uidna_nameToASCII_UTF8) name_to_ascii = nullptr;
  UIDNA* idna = nullptr;
};

// UTS #46 ToASCII as the URL Standard's "domain to ASCII" calls it with
// beStrict false: CheckHyphens false, CheckBidi true, CheckJoiners true,
// UseSTD3ASCIIRules false, Transitional_Processing false, VerifyDnsLength
// false. ICU checks hyphens and DNS lengths always and reports them as
// their own error bits, which are ignored here. ICU is loaded and the UTS #46
// object opened once (both allocate: the documented exception of
// corsproof/url.hpp). ICU missing at run time is a broken installation
// (the build found its headers): load_library_or_exit says so and ends the
// process (corsproof/on_demand_library.hpp); answering such hosts as
// failures would be silently wrong.
const icu_uts46& uts46() noexcept {
  static const icu_uts46 loaded = [] {
    icu_uts46 r;
    void* open = nullptr;
    void* name_to_ascii = nullptr;
    const std::array<library_symbol, 2> symbols{{
        {CORSPROOF_ICU_STRING(uidna_openUTS46), &open},
        {CORSPROOF_ICU_STRING(uidna_nameToASCII_UTF8), &name_to_ascii},
    }};
    load_library_or_exit("ICU", icu_uc_soname, "for a URL host that is not ASCII", symbols);
    r.name_to_ascii = reinterpret_cast<decltype(&uidna_nameToASCII_UTF8)>(name_to_ascii);
    UErrorCode status = U_ZERO_ERROR;
    r.idna = reinterpret_cast<decltype(&uidna_openUTS46)>(open)(
        UIDNA_CHECK_BIDI | UIDNA_CHECK_CONTEXTJ | UIDNA_NONTRANSITIONAL_TO_ASCII, &status);
    if (U_FAILURE(status)) r.idna = nullptr;
    return r;
  }();
  return loaded;
}

enum class to_ascii_result : std::uint8_t { ok, failure, too_long };
to_ascii_result domain_to_ascii(std::string_view domain, char* out, std::size_t cap, std::size_t& n) noexcept {
  const icu_uts46& icu = uts46();
  if (icu.idna == nullptr || domain.size() > INT32_MAX) return to_ascii_result::failure;
  UErrorCode status = U_ZERO_ERROR;
  UIDNAInfo info = UIDNA_INFO_INITIALIZER;
  const int32_t length = icu.name_to_ascii(icu.idna, domain.data(), static_cast<int32_t>(domain.size()), out,
                                                static_cast<int32_t>(cap), &info, &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) return to_ascii_result::too_long;
  if (U_FAILURE(status)) return to_ascii_result::failure;
  constexpr uint32_t turned_off = UIDNA_ERROR_EMPTY_LABEL | UIDNA_ERROR_LABEL_TOO_LONG |
                                  UIDNA_ERROR_DOMAIN_NAME_TOO_LONG | UIDNA_ERROR_LEADING_HYPHEN |
                                  UIDNA_ERROR_TRAILING_HYPHEN | UIDNA_ERROR_HYPHEN_3_4;
  if ((info.errors & ~turned_off) != 0) return to_ascii_result::failure;
  n = static_cast<std::size_t>(length);
  return to_ascii_result::ok;
}

// §3.2 "forbidden host code point".
constexpr bool is_forbidden_host_code_point(unsigned char c) noexcept {
  switch (c) {
    case 0x00: case 0x09: case 0x0A: case 0x0D: case ' ': case '#': case '/': case ':': case '<': case '>':
    case '?': case '@': case '[': case '\\': case ']': case '^': case '|':
      return true;
    default:
      return false;
  }
}

// §3.5 "host parser" with input and isOpaque (= not special), writing the
// host serializer's output (§3.6) at the builder's host position.
url_status parse_host(std::string_view input, bool is_opaque, builder& b) noexcept {
  b.begin_host();
  // Step 1: "[" ... "]" is an IPv6 address.
  if (!input.empty() && input.front() == '[') {
    if (input.size() < 2 || input.back() != ']') return url_status::failure;
    const detail::ipv6_parse_result v = detail::ipv6_parse(input.substr(1, input.size() - 2));
    if (!v.ok) return url_status::failure;
    char buf[48];
    detail::writer w(buf);
    w.put("[");
    detail::ipv6_serialize(v.pieces, w);
    w.put("]");
    b.put(w.since(0));
    b.end_host(url_host_type::ipv6);
    return url_status::ok;
  }
  // Step 2: the opaque-host parser: no forbidden host code point, then
  // UTF-8 percent-encode with the C0 control percent-encode set.
  if (is_opaque) {
    for (char c : input)
      if (is_forbidden_host_code_point(static_cast<unsigned char>(c))) return url_status::failure;
    for (char c : input) b.put_encoded(static_cast<unsigned char>(c), encode_set::c0_control);
    b.end_host(input.empty() ? url_host_type::empty : url_host_type::opaque);
    return url_status::ok;
  }
  // Step 5: domain = UTF-8 decode without BOM of the percent-decoding.
  std::array<char, 3 * max_url_bytes> decoded;
  std::size_t n = 0;
  bool ascii = true;
  for (std::size_t i = 0; i < input.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(input[i]);
    if (c == '%' && i + 2 < input.size() && is_ascii_hex_digit(static_cast<unsigned char>(input[i + 1])) &&
        is_ascii_hex_digit(static_cast<unsigned char>(input[i + 2]))) {
      c = static_cast<unsigned char>(hex_value(static_cast<unsigned char>(input[i + 1])) * 16 +
                                     hex_value(static_cast<unsigned char>(input[i + 2])));
      i += 2;
    }
    decoded[n++] = static_cast<char>(c);
    ascii = ascii && c < 0x80;
  }
  std::string_view domain(decoded.data(), n);
  // Step 6: the domain parser (§3.3) with beStrict false.
  std::array<char, max_url_bytes> ascii_domain;
  if (ascii) {
    // Step 5 of the domain parser: an ASCII domain is lower-cased.
    for (std::size_t i = 0; i < n; ++i)
      decoded[i] = static_cast<char>(detail::ascii_lower(static_cast<unsigned char>(decoded[i])));
  } else {
    // Ill-formed UTF-8 decodes to U+FFFD, which UTS #46 disallows.
    if (!is_well_formed_utf8(domain)) return url_status::failure;
    std::size_t m = 0;
    switch (domain_to_ascii(domain, ascii_domain.data(), ascii_domain.size(), m)) {
      case to_ascii_result::ok: break;
      case to_ascii_result::failure: return url_status::failure;
      case to_ascii_result::too_long: return url_status::too_long;
    }
    domain = std::string_view(ascii_domain.data(), m);
  }
  // Domain parser steps 7-8: not empty, no forbidden domain code point.
  if (domain.empty()) return url_status::failure;
  for (char c : domain)
    if (detail::is_forbidden_domain_code_point(static_cast<unsigned char>(c))) return url_status::failure;
  // Host parser step 8: a domain that ends in a number is an IPv4 address.
  if (detail::ends_in_a_number(domain)) {
    const detail::ipv4_parse_result v = detail::ipv4_parse(domain);
    if (!v.ok) return url_status::failure;
    char buf[16];
    detail::writer w(buf);
    detail::ipv4_serialize(v.address, w);
    b.put(w.since(0));
    b.end_host(url_host_type::ipv4);
    return url_status::ok;
  }
  b.put(domain);
  b.end_host(url_host_type::domain);
  return url_status::ok;
}

// §4.1 "Windows drive letter", "normalized", "starts with a Windows drive letter".
bool is_windows_drive_letter(std::string_view s) noexcept {
  return s.size() == 2 && is_ascii_alpha(static_cast<unsigned char>(s[0])) && (s[1] == ':' || s[1] == '|');
}
bool is_normalized_windows_drive_letter(std::string_view s) noexcept {
  return s.size() == 2 && is_ascii_alpha(static_cast<unsigned char>(s[0])) && s[1] == ':';
}
bool starts_with_windows_drive_letter(std::string_view s) noexcept {
  if (s.size() < 2 || !is_windows_drive_letter(s.substr(0, 2))) return false;
  return s.size() == 2 || s[2] == '/' || s[2] == '\\' || s[2] == '?' || s[2] == '#';
}
// §4.1 "single-dot URL path segment", "double-dot URL path segment".
bool is_single_dot(std::string_view s) noexcept { return s == "." || detail::equals_lower_literal(s, "%2e"); }
bool is_double_dot(std::string_view s) noexcept {
  return s == ".." || detail::equals_lower_literal(s, ".%2e") || detail::equals_lower_literal(s, "%2e.") ||
         detail::equals_lower_literal(s, "%2e%2e");
}

// The first segment of a path list's serialization ("/a/b" -> "a").
std::string_view first_segment(std::string_view path) noexcept {
  if (path.empty()) return {};
  const std::string_view rest = path.substr(1);
  return rest.substr(0, rest.find('/'));
}

enum class state : std::uint8_t {
  scheme_start,
  scheme,
  no_scheme,
  special_relative_or_authority,
  path_or_authority,
  relative,
  relative_slash,
  special_authority_slashes,
  special_authority_ignore_slashes,
  authority,
  host,
  port,
  file,
  file_slash,
  file_host,
  path_start,
  path,
  opaque_path,
  query,
  fragment,
};

// The steps several states share, always inlined: the parser's loop keeps
// `st` and the buffer start in registers.
// "If c is U+003F (?), set url's query to the empty string and state to
// query state; if c is U+0023 (#), set url's fragment to the empty string
// and state to fragment state": true when c was one of them.
[[gnu::always_inline]] inline bool query_or_fragment(int c, builder& b, state& st) noexcept {
  if (c == '?') {
    b.clear_query();  // the base's, when it was copied
    b.start_query();
    st = state::query;
    return true;
  }
  if (c == '#') {
    b.start_fragment();
    st = state::fragment;
    return true;
  }
  return false;
}

// "Set state to authority state" after the slashes: the buffer starts after
// the code point at `pointer`.
[[gnu::always_inline]] inline void to_authority(std::ptrdiff_t pointer, builder& b, state& st,
                                                std::ptrdiff_t& buffer_begin) noexcept {
  st = state::authority;
  b.start_authority();
  buffer_begin = pointer + 1;
}

}  // namespace

bool url_record::is_special() const noexcept { return is_special_scheme(scheme); }

url_parse_result parse_url(std::string_view raw, const url_record* base, std::span<char> out) noexcept {
  url_parse_result result;
  auto fail = [&result](url_status s) noexcept {
    result.status = s;
    return result;
  };
  if (raw.size() > max_url_bytes) return fail(url_status::too_long);

  // The input as a scalar value string: UTF-8 decoded (with replacement).
  std::array<char, 3 * max_url_bytes> cleaned;
  std::size_t n = utf8_decode_with_replacement(raw, cleaned.data(), cleaned.size());
  if (n == SIZE_MAX) return fail(url_status::too_long);
  // Step 1.3: remove leading and trailing C0 control or space. Step 3:
  // remove all ASCII tab or newline.
  std::size_t begin = 0, end = n;
  while (begin < end && static_cast<unsigned char>(cleaned[begin]) <= 0x20) ++begin;
  while (end > begin && static_cast<unsigned char>(cleaned[end - 1]) <= 0x20) --end;
  std::size_t m = 0;
  for (std::size_t i = begin; i < end; ++i) {
    const char c = cleaned[i];
    if (c == '\t' || c == '\n' || c == '\r') continue;
    cleaned[m++] = c;
  }
  const std::string_view input(cleaned.data(), m);
  const auto len = static_cast<std::ptrdiff_t>(m);

  builder b(out);
  state st = state::scheme_start;
  std::ptrdiff_t buffer_begin = 0;  // the buffer is input[buffer_begin, pointer) where it is a run of input
  bool at_sign_seen = false, inside_brackets = false, password_token_seen = false;
  bool segment_open = false;
  auto overflowed = [&]() noexcept { return fail(out.size() < max_url_bytes ? url_status::output_too_small : url_status::too_long); };

  std::ptrdiff_t pointer = 0;
  for (;; ++pointer) {
    const int c = pointer < len ? static_cast<unsigned char>(input[static_cast<std::size_t>(pointer)]) : eof;
    auto remaining_starts_with = [&](char x) noexcept {
      return pointer + 1 < len && input[static_cast<std::size_t>(pointer + 1)] == x;
    };
    auto buffer = [&](std::ptrdiff_t to) noexcept {
      return input.substr(static_cast<std::size_t>(buffer_begin), static_cast<std::size_t>(to - buffer_begin));
    };
    auto rest = [&]() noexcept { return input.substr(static_cast<std::size_t>(pointer)); };
    switch (st) {
      case state::scheme_start:
        if (is_ascii_alpha(c)) {
          st = state::scheme;
          buffer_begin = pointer;
        } else {
          st = state::no_scheme;
          --pointer;
        }
        break;

      case state::scheme:
        if (is_ascii_alpha(c) || is_ascii_digit(c) || c == '+' || c == '-' || c == '.') break;
        if (c == ':') {
          char lower[64];
          const std::string_view s = buffer(pointer);
          if (s.size() <= sizeof lower) {
            for (std::size_t i = 0; i < s.size(); ++i)
              lower[i] = static_cast<char>(detail::ascii_lower(static_cast<unsigned char>(s[i])));
            b.set_scheme(std::string_view(lower, s.size()));
          } else {
            // A long scheme: written as it comes, then lower-cased in place.
            b.set_scheme(s);
            for (char& ch : std::span<char>(out.data(), s.size()))
              ch = static_cast<char>(detail::ascii_lower(static_cast<unsigned char>(ch)));
          }
          if (b.overflow()) return overflowed();
          if (b.is_file()) {
            st = state::file;
          } else if (b.special() && base != nullptr && base->scheme == b.scheme()) {
            st = state::special_relative_or_authority;
          } else if (b.special()) {
            st = state::special_authority_slashes;
          } else if (remaining_starts_with('/')) {
            st = state::path_or_authority;
            ++pointer;
          } else {
            b.start_opaque_path();
            st = state::opaque_path;
          }
        } else {
          // Start over from the first code point, in the no scheme state.
          st = state::no_scheme;
          pointer = -1;
        }
        break;

      case state::no_scheme:
        if (base == nullptr || (base->has_opaque_path && c != '#')) return fail(url_status::failure);
        if (base->has_opaque_path && c == '#') {
          b.set_scheme(base->scheme);
          b.start_opaque_path();
          b.copy_path(*base);
          b.copy_query(*base);
          b.start_fragment();
          st = state::fragment;
        } else if (base->scheme != "file") {
          st = state::relative;
          --pointer;
        } else {
          st = state::file;
          --pointer;
        }
        break;

      case state::special_relative_or_authority:
        if (c == '/' && remaining_starts_with('/')) {
          st = state::special_authority_ignore_slashes;
          ++pointer;
        } else {
          st = state::relative;
          --pointer;
        }
        break;

      case state::path_or_authority:
        if (c == '/') {
          to_authority(pointer, b, st, buffer_begin);
        } else {
          st = state::path;
          --pointer;
        }
        break;

      case state::relative:
        b.set_scheme(base->scheme);
        if (c == '/' || (b.special() && c == '\\')) {
          st = state::relative_slash;
        } else {
          b.copy_authority(*base);
          b.copy_path(*base);
          b.copy_query(*base);
          if (!query_or_fragment(c, b, st) && c != eof) {
            b.clear_query();
            b.shorten();
            st = state::path;
            --pointer;
          }
        }
        break;

      case state::relative_slash:
        if (b.special() && (c == '/' || c == '\\')) {
          st = state::special_authority_ignore_slashes;
        } else if (c == '/') {
          to_authority(pointer, b, st, buffer_begin);
        } else {
          b.copy_authority(*base);
          st = state::path;
          --pointer;
        }
        break;

      case state::special_authority_slashes:
        st = state::special_authority_ignore_slashes;
        if (c == '/' && remaining_starts_with('/')) {
          ++pointer;
        } else {
          --pointer;
        }
        break;

      case state::special_authority_ignore_slashes:
        if (c != '/' && c != '\\') {
          --pointer;
          to_authority(pointer, b, st, buffer_begin);
        }
        break;

      case state::authority:
        if (c == '@') {
          // The buffer (after "%40" when an "@" was seen before) goes to the
          // username until the first ":", then to the password.
          if (at_sign_seen)
            for (char x : std::string_view("%40")) b.append_userinfo(static_cast<unsigned char>(x), password_token_seen);
          at_sign_seen = true;
          for (char x : buffer(pointer)) {
            if (x == ':' && !password_token_seen) {
              password_token_seen = true;
              continue;
            }
            b.append_userinfo(static_cast<unsigned char>(x), password_token_seen);
          }
          buffer_begin = pointer + 1;
        } else if (c == eof || c == '/' || c == '?' || c == '#' || (b.special() && c == '\\')) {
          if (at_sign_seen && pointer == buffer_begin) return fail(url_status::failure);
          // "Decrease pointer by buffer's code point length + 1."
          pointer = buffer_begin - 1;
          st = state::host;
          inside_brackets = false;
        }
        break;

      case state::host:
        if (c == ':' && !inside_brackets) {
          if (pointer == buffer_begin) return fail(url_status::failure);
          if (const url_status s = parse_host(buffer(pointer), !b.special(), b); s != url_status::ok) return fail(s);
          st = state::port;
          buffer_begin = pointer + 1;
        } else if (c == eof || c == '/' || c == '?' || c == '#' || (b.special() && c == '\\')) {
          if (b.special() && pointer == buffer_begin) return fail(url_status::failure);
          if (const url_status s = parse_host(buffer(pointer), !b.special(), b); s != url_status::ok) return fail(s);
          st = state::path_start;
          --pointer;
        } else {
          if (c == '[') inside_brackets = true;
          if (c == ']') inside_brackets = false;
        }
        break;

      case state::port:
        if (is_ascii_digit(c)) break;
        if (c == eof || c == '/' || c == '?' || c == '#' || (b.special() && c == '\\')) {
          if (pointer != buffer_begin) {
            std::uint32_t port = 0;
            for (char d : buffer(pointer)) {
              port = port * 10 + static_cast<std::uint32_t>(d - '0');
              if (port > 65535) return fail(url_status::failure);
            }
            // The scheme's default port is null (origin.hpp: 0 = none).
            const std::uint32_t default_port_of_scheme = default_port(b.scheme());
            if (default_port_of_scheme == 0 || port != default_port_of_scheme)
              b.set_port(static_cast<std::uint16_t>(port));
          }
          st = state::path_start;
          --pointer;
        } else {
          return fail(url_status::failure);
        }
        break;

      case state::file:
        b.set_scheme("file");
        b.set_empty_host();
        if (c == '/' || c == '\\') {
          st = state::file_slash;
        } else if (base != nullptr && base->scheme == "file") {
          b.copy_host(*base);
          b.copy_path(*base);
          b.copy_query(*base);
          if (!query_or_fragment(c, b, st) && c != eof) {
            b.clear_query();
            if (!starts_with_windows_drive_letter(rest())) {
              b.shorten();
            } else {
              b.clear_path();
            }
            st = state::path;
            --pointer;
          }
        } else {
          st = state::path;
          --pointer;
        }
        break;

      case state::file_slash:
        if (c == '/' || c == '\\') {
          st = state::file_host;
          buffer_begin = pointer + 1;
        } else {
          if (base != nullptr && base->scheme == "file") {
            b.copy_host(*base);
            const std::string_view first = first_segment(base->path);
            if (!starts_with_windows_drive_letter(rest()) && base->path_segments > 0 &&
                is_normalized_windows_drive_letter(first)) {
              b.open_segment();
              b.put(first);
              b.close_segment();
            }
          }
          st = state::path;
          --pointer;
        }
        break;

      case state::file_host:
        if (c == eof || c == '/' || c == '\\' || c == '?' || c == '#') {
          const std::string_view host_buffer = buffer(pointer);
          --pointer;
          if (is_windows_drive_letter(host_buffer)) {
            // The buffer is kept and used in the path state.
            st = state::path;
            b.open_segment();
            b.put(host_buffer);
            segment_open = true;
          } else if (host_buffer.empty()) {
            st = state::path_start;  // the host stays the empty host
          } else {
            if (const url_status s = parse_host(host_buffer, false, b); s != url_status::ok) return fail(s);
            if (b.host_type() == url_host_type::domain && b.host() == "localhost") {
              b.begin_host();
              b.end_host(url_host_type::empty);
            }
            st = state::path_start;
          }
        }
        break;

      case state::path_start:
        if (b.special()) {
          st = state::path;
          if (c != '/' && c != '\\') --pointer;
        } else if (!query_or_fragment(c, b, st) && c != eof) {
          st = state::path;
          if (c != '/') --pointer;
        }
        break;

      case state::path: {
        const bool slash = c == '/' || (b.special() && c == '\\');
        if (c == eof || slash || c == '?' || c == '#') {
          if (!segment_open) b.open_segment();
          segment_open = false;
          const std::string_view segment = b.segment();
          if (is_double_dot(segment)) {
            b.cut_segment();
            b.shorten();
            if (!slash) b.append_empty_segment();
          } else if (is_single_dot(segment)) {
            b.cut_segment();
            if (!slash) b.append_empty_segment();
          } else {
            if (b.is_file() && b.path_count() == 0 && is_windows_drive_letter(segment)) b.normalize_drive_letter();
            b.close_segment();
          }
          query_or_fragment(c, b, st);
        } else {
          if (!segment_open) {
            b.open_segment();
            segment_open = true;
          }
          b.put_encoded(static_cast<unsigned char>(c), encode_set::path);
        }
        break;
      }

      case state::opaque_path:
        if (query_or_fragment(c, b, st)) break;
        if (c == ' ') {
          if (remaining_starts_with('?') || remaining_starts_with('#')) {
            b.put("%20");
          } else {
            b.put(' ');
          }
        } else if (c != eof) {
          b.put_encoded(static_cast<unsigned char>(c), encode_set::c0_control);
        }
        break;

      case state::query:
        // The buffer's percent-encoding (UTF-8) is done byte by byte as it
        // comes: the same bytes.
        if (c == '#') {
          b.start_fragment();
          st = state::fragment;
        } else if (c != eof) {
          b.put_encoded(static_cast<unsigned char>(c), b.special() ? encode_set::special_query : encode_set::query);
        }
        break;

      case state::fragment:
        if (c != eof) b.put_encoded(static_cast<unsigned char>(c), encode_set::fragment);
        break;
    }
    if (b.overflow()) return overflowed();
    if (pointer >= len) break;
  }

  b.finish(result.url);
  if (b.overflow()) return overflowed();
  result.status = url_status::ok;
  return result;
}

url_status set_fragment_if_none(url_record& url, std::string_view fragment, std::span<char> out) noexcept {
  if (url.has_fragment) return url_status::ok;
  const std::size_t used = url.href.size();
  const std::size_t limit = out.size() < max_url_bytes ? out.size() : max_url_bytes;
  if (used + 1 + fragment.size() > limit)
    return out.size() < max_url_bytes ? url_status::output_too_small : url_status::too_long;
  char* p = out.data() + used;
  *p = '#';
  if (!fragment.empty()) std::memcpy(p + 1, fragment.data(), fragment.size());
  url.has_fragment = true;
  url.fragment = std::string_view(p + 1, fragment.size());
  url.href = std::string_view(out.data(), used + 1 + fragment.size());
  return url_status::ok;
}

std::size_t write_url_origin(const url_record& url, std::span<char> out) noexcept {
  detail::writer w(out);
  const std::string_view s = url.scheme;
  if (s == "http" || s == "https" || s == "ws" || s == "wss" || s == "ftp") {
    // A tuple origin (scheme, host, port): HTML's serialization.
    w.put(s);
    w.put("://");
    w.put(url.host);
    if (url.has_port) {
      w.put(":");
      w.put_uint(url.port);
    }
    return w.overflow() ? 0 : w.mark();
  }
  if (s == "blob") {
    // "Let pathURL be the result of parsing the result of URL path
    // serializing url"; its origin when its scheme is http or https (file:
    // is opaque, see below).
    std::array<char, max_url_bytes> inner;
    const url_parse_result path_url = parse_url(url.path, nullptr, inner);
    if (path_url.status == url_status::ok && (path_url.url.scheme == "http" || path_url.url.scheme == "https"))
      return write_url_origin(path_url.url, out);
  }
  // file: "When in doubt, return a new opaque origin"; every other scheme:
  // an opaque origin.
  w.put("null");
  return w.overflow() ? 0 : w.mark();
}

}  // namespace corsproof

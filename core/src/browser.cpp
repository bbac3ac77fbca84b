// The client side of one exchange: Fetch "fetch" (request validation and
// the UA's Accept), "main fetch" (same origin, needs-preflight),
// "CORS-preflight fetch" (the preflight request and its checks), "CORS check",
// and "CORS filtered response" (exposed header names).
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>

#include "browser_hop.hpp"
#include "browser_internal.hpp"
#include "combined_value.hpp"
#include "corsproof/header_list_values.hpp"
#include "corsproof/method.hpp"
#include "corsproof/origin.hpp"
#include "corsproof/url.hpp"
#include "header_name_table.hpp"
#include "token_list_scan.hpp"

namespace corsproof {

using detail::equals_lower_literal;

std::string_view to_string(browser_error e) noexcept {
  switch (e) {
    case browser_error::none: return "";
    case browser_error::acao_missing: return "acao-missing";
    case browser_error::acao_multiple: return "acao-multiple";
    case browser_error::acao_wildcard_with_credentials: return "acao-wildcard-with-credentials";
    case browser_error::acao_mismatch: return "acao-mismatch";
    case browser_error::acac_not_true: return "acac-not-true";
    case browser_error::preflight_status: return "preflight-status";
    case browser_error::acam_invalid: return "acam-invalid";
    case browser_error::acah_invalid: return "acah-invalid";
    case browser_error::method_not_allowed: return "method-not-allowed";
    case browser_error::authorization_not_allowed: return "authorization-not-allowed";
    case browser_error::header_not_allowed: return "header-not-allowed";
    case browser_error::private_network_not_allowed: return "private-network-not-allowed";
  }
  return "?";
}

std::string_view to_string(browser_outcome o) noexcept {
  switch (o) {
    case browser_outcome::allowed: return "allowed";
    case browser_outcome::blocked_preflight: return "blocked-preflight";
    case browser_outcome::blocked_response: return "blocked-response";
    case browser_outcome::forbidden_request: return "forbidden-request";
  }
  return "?";
}

std::string_view to_string(credentials_mode c) noexcept {
  switch (c) {
    case credentials_mode::omit: return "omit";
    case credentials_mode::same_origin: return "same-origin";
    case credentials_mode::include: return "include";
  }
  return "?";
}

namespace {

// The CORS fields of a response (Fetch "CORS protocol", HTTP responses; the
// private network one from Chromium's Private Network Access). Each header's
// name is classified once per evaluation; the checks then read only their
// own fields, however many headers the response has.
enum class cors_field : std::uint8_t { other, acao, acac, acam, acah, aceh, acma, acapn };

// The names, compared a word at a time (detail::ci_literal, built at compile time).
constexpr detail::ci_literal acma_name("access-control-max-age");
constexpr detail::ci_literal acao_name("access-control-allow-origin");
constexpr detail::ci_literal acam_name("access-control-allow-methods");
constexpr detail::ci_literal acah_name("access-control-allow-headers");
constexpr detail::ci_literal aceh_name("access-control-expose-headers");
constexpr detail::ci_literal acac_name("access-control-allow-credentials");
constexpr detail::ci_literal acapn_name("access-control-allow-private-network");

[[gnu::always_inline]] inline cors_field classify_response_field(std::string_view name) noexcept {
  switch (name.size()) {
    case acma_name.size():
      return acma_name.matches(name) ? cors_field::acma : cors_field::other;
    case acao_name.size():
      return acao_name.matches(name) ? cors_field::acao : cors_field::other;
    case acam_name.size():  // and acah_name
      if (acam_name.matches(name)) return cors_field::acam;
      return acah_name.matches(name) ? cors_field::acah : cors_field::other;
    case aceh_name.size():
      return aceh_name.matches(name) ? cors_field::aceh : cors_field::other;
    case acac_name.size():
      return acac_name.matches(name) ? cors_field::acac : cors_field::other;
    case acapn_name.size():
      return acapn_name.matches(name) ? cors_field::acapn : cors_field::other;
    default:
      return cors_field::other;
  }
}

// A response of at most max_browser_response_headers headers, each name
// classified.
class response_fields {
 public:
  explicit response_fields(header_list headers) noexcept : headers_(headers) {
    for (std::size_t i = 0; i < headers.size(); ++i) {
      const cors_field f = classify_response_field(headers[i].name);
      kind_[i] = f;
      present_ |= 1u << static_cast<unsigned>(f);
    }
  }
  [[nodiscard]] header_list headers() const noexcept { return headers_; }
  [[nodiscard]] bool has(cors_field f) const noexcept { return (present_ >> static_cast<unsigned>(f) & 1u) != 0; }
  [[nodiscard]] bool is(std::size_t i, cors_field f) const noexcept { return kind_[i] == f; }

 private:
  header_list headers_;
  unsigned present_ = 0;
  cors_field kind_[max_browser_response_headers];  // [0, headers_.size()) is set
};

// The same questions about any header list (the public cors_check takes one
// of any length): the name is classified when asked.
class any_fields {
 public:
  explicit any_fields(header_list headers) noexcept : headers_(headers) {}
  [[nodiscard]] header_list headers() const noexcept { return headers_; }
  [[nodiscard]] bool has(cors_field) const noexcept { return true; }
  // Inlined where `f` is a constant, so that only f's name is compared.
  [[nodiscard, gnu::always_inline]] bool is(std::size_t i, cors_field f) const noexcept {
    return classify_response_field(headers_[i].name) == f;
  }

 private:
  header_list headers_;
};

// Fetch "get" (every value of field `f` joined with ", "), trimmed of SP/TAB,
// compared byte-for-byte with `expected`; absent never equals. The joined
// value is compared without being built.
template <class Fields>
bool field_equals(const Fields& r, cors_field f, std::string_view expected) noexcept {
  if (!r.has(f)) return false;
  const header_list h = r.headers();
  detail::combined_value_matcher m(expected);
  for (std::size_t i = 0; i < h.size(); ++i)
    if (r.is(i, f) && !m.feed(h[i].value)) return false;
  return m.equals();
}

// Fetch "CORS check".
template <class Fields>
browser_error cors_check_fields(const Fields& r, std::string_view request_origin, credentials_mode credentials) noexcept {
  // Step 1: origin = get(`Access-Control-Allow-Origin`) (repeated values
  // joined with ", ").
  const header_list h = r.headers();
  std::size_t n = 0;
  std::string_view first;
  if (r.has(cors_field::acao))
    for (std::size_t i = 0; i < h.size(); ++i)
      if (r.is(i, cors_field::acao) && n++ == 0) first = trim_tab_or_space(h[i].value);
  // Step 2: null -> failure.
  if (n == 0) return browser_error::acao_missing;
  const bool include = credentials == credentials_mode::include;
  // Step 3: credentials mode not "include" and origin is `*` -> success.
  if (n == 1 && first == "*" && !include) return browser_error::none;
  // Step 4: origin must be the byte-serialized request origin. A
  // well-formed origin may contain a comma, so the combined value is
  // compared first; only a mismatch is named by its shape.
  if (!(n == 1 ? first == request_origin : field_equals(r, cors_field::acao, request_origin))) {
    if (n > 1 || first.find(',') != std::string_view::npos) return browser_error::acao_multiple;
    if (first == "*") return browser_error::acao_wildcard_with_credentials;
    return browser_error::acao_mismatch;
  }
  // Step 5: credentials mode not "include" -> success.
  if (!include) return browser_error::none;
  // Steps 6-7: get(`Access-Control-Allow-Credentials`) must be `true`.
  return field_equals(r, cors_field::acac, "true") ? browser_error::none : browser_error::acac_not_true;
}

}  // namespace

browser_error cors_check(header_list response_headers, std::string_view request_origin,
                         credentials_mode credentials) noexcept {
  return cors_check_fields(any_fields(response_headers), request_origin, credentials);
}

namespace {

// Fetch "extract header list values" for the #token list in every field `f`
// of a response, each element given to on_element(data, size, limit) once,
// in order. False when the list fails (an element is not a token). Linear
// in the bytes of those fields: a response's lists are parsed once, never
// once per name looked up in them.
// `filter` (see detail::every_element) says which elements inside a block of
// 64 bytes can matter; the others are validated but not reported.
template <class Filter, class OnElement>
bool scan_field_list(const response_fields& r, cors_field f, const Filter& filter, OnElement&& on_element) noexcept {
  if (!r.has(f)) return true;
  const header_list h = r.headers();
  for (std::size_t i = 0; i < h.size(); ++i)
    if (r.is(i, f) && !detail::scan_token_list_value(h[i].value, filter, on_element)) return false;
  return true;
}

bool is_star(const char* p, std::size_t n) noexcept { return n == 1 && *p == '*'; }

// Lengths that occur among a set of names of at most max_header_name_bytes:
// most list elements are ruled out by their length alone.
class length_set {
 public:
  void add(std::size_t n) noexcept {
    if (n > max_header_name_bytes || has(n)) return;
    bits_[n / 64] |= std::uint64_t{1} << (n % 64);
    if (n < 64 && distinct_short_ < max_filtered) short_[distinct_short_] = n;
    if (n < 64) ++distinct_short_;
  }
  [[nodiscard]] bool has(std::size_t n) const noexcept {
    return n <= max_header_name_bytes && (bits_[n / 64] >> (n % 64) & 1) != 0;
  }
  // As a block filter: the elements of one of these lengths, and `*` (a
  // list's wildcard). With many distinct lengths, every element.
  std::uint64_t operator()(const char* p, std::uint64_t starts, std::uint64_t ends) const noexcept {
    if (distinct_short_ > max_filtered) return starts;
    std::uint64_t wanted = detail::star_starts(p, starts, ends);
    for (std::size_t i = 0; i < distinct_short_; ++i) wanted |= detail::starts_of_length(starts, ends, short_[i]);
    return wanted;
  }

 private:
  static constexpr std::size_t max_filtered = 4;
  std::uint64_t bits_[max_header_name_bytes / 64 + 1] = {};
  std::size_t short_[max_filtered] = {};  // the first lengths under 64
  std::size_t distinct_short_ = 0;
};

// The URL a request is made to, as far as its origin: "scheme://host[:port]",
// the authority ending at the first "/", "?" or "#" and its host starting
// after the last "@" (userinfo is not part of the origin). Read once per
// exchange.
struct url_authority {
  bool present = false;          // the URL has "://"
  std::size_t bytes = 0;         // of "scheme://host[:port]": the bound max_url_origin_bytes applies to it
  bool has_credentials = false;  // "@" in the authority (userinfo)
  // "scheme://host" when it is already what write_canonical_origin writes (a
  // lower-case scheme, a host of lower-case letters, digits, "-" and ".", no
  // port): the common case, read without writing it out.
  std::string_view plain_origin;
};

// How find_url_authority reads a byte of the authority.
enum authority_byte : std::uint8_t { other_byte, plain_byte, dot_byte, at_byte, end_byte };
constexpr std::array<std::uint8_t, 256> authority_bytes = [] {
  std::array<std::uint8_t, 256> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[static_cast<std::size_t>(c)] = plain_byte;
  for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = plain_byte;
  t['-'] = plain_byte;
  t['.'] = dot_byte;
  t['@'] = at_byte;
  t['/'] = t['?'] = t['#'] = end_byte;
  return t;
}();

// One pass over the authority: where it ends, its last "@", whether every
// byte is plain, and its dots.
url_authority find_url_authority(std::string_view url) noexcept {
  url_authority a;
  std::size_t sep = 0;  // the first "://"
  for (;; ++sep) {
    const void* colon = std::memchr(url.data() + sep, ':', url.size() - sep);
    if (colon == nullptr) return a;
    sep = static_cast<std::size_t>(static_cast<const char*>(colon) - url.data());
    if (url.size() - sep >= 3 && url[sep + 1] == '/' && url[sep + 2] == '/') break;
  }
  const char* const rest = url.data() + sep + 3;
  const std::size_t rest_size = url.size() - sep - 3;
  constexpr std::size_t none = std::string_view::npos;
  // The plain bytes first, 16 at a time (detail::scan_plain_host); the loop
  // below reads what follows them: nothing, for a plain host followed by a
  // path, a query, a fragment or the end.
  const std::size_t host_start = sep + 3;
  const detail::plain_host_run run = detail::scan_plain_host(url, host_start);
  std::size_t end = run.end - host_start;
  std::size_t last_at = none;
  std::size_t last_dot = run.last_dot == none ? none : run.last_dot - host_start;
  bool plain = true;
  bool double_dot = run.double_dot;
  for (; end < rest_size; ++end) {
    const std::uint8_t k = authority_bytes[static_cast<unsigned char>(rest[end])];
    if (k == end_byte) break;
    plain &= k == plain_byte || k == dot_byte;
    if (k == dot_byte) {
      double_dot |= last_dot != none && last_dot + 1 == end;
      last_dot = end;
    } else if (k == at_byte) {
      last_at = end;
    }
  }
  a.present = true;
  a.has_credentials = last_at != none;
  a.bytes = sep + 3 + (a.has_credentials ? end - last_at - 1 : end);
  // Only for http and https, and only for a host that the URL Standard's host
  // parser leaves as it is: no empty label, and a last label that starts
  // with a letter (so it does not "end in a number" and is never read as
  // IPv4). An ASCII domain is only lower-cased (URL Standard §3.5 with
  // whatwg/url a8d5ca3).
  const std::string_view scheme = url.substr(0, sep);
  if (plain && end > 0 && (scheme == "http" || scheme == "https") && rest[0] != '.' && rest[end - 1] != '.' &&
      !double_dot) {
    const char first = rest[last_dot == none ? 0 : last_dot + 1];
    if (first >= 'a' && first <= 'z') a.plain_origin = url.substr(0, sep + 3 + end);
  }
  return a;
}

// The schemes whose URLs have a tuple origin (URL Standard §4.7): http,
// https, ws, wss, ftp (blob's is its inner URL's, file's is opaque).
bool is_tuple_origin_scheme(std::string_view scheme) noexcept {
  return scheme == "http" || scheme == "https" || scheme == "ws" || scheme == "wss" || scheme == "ftp";
}

// The scheme of a URL the parser refused, lower-cased as the URL Standard's
// scheme state would (leading C0 controls and spaces stripped, tabs and
// newlines removed), into `out`; "" when it is not a scheme of at most 5
// bytes (no tuple-origin scheme is longer).
std::string_view lower_scheme_of(std::string_view url, std::array<char, 5>& out) noexcept {
  std::size_t i = 0;
  while (i < url.size() && static_cast<unsigned char>(url[i]) <= 0x20) ++i;
  std::size_t n = 0;
  for (; i < url.size() && url[i] != ':'; ++i) {
    char c = url[i];
    if (c == '\t' || c == '\n' || c == '\r') continue;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c < 'a' || c > 'z' || n == out.size()) return {};
    out[n++] = c;
  }
  return i < url.size() ? std::string_view(out.data(), n) : std::string_view{};
}

// Fetch "CORS-preflight fetch" steps 7 onward, after the CORS check and the
// ok-status check, in the protocol's error order. Each list is parsed once.
browser_error preflight_checks(const response_fields& r, std::string_view method,
                               const detail::unsafe_name_list& unsafe, credentials_mode credentials,
                               bool private_network) noexcept {
  const bool include = credentials == credentials_mode::include;
  // Step 7.1: methods = extract header list values of ACAM; failure -> error.
  bool method_listed = false;
  bool method_star = false;
  // Only elements as long as the method and starting with its first byte, or `*`.
  const auto method_filter = [&method](const char* p, std::uint64_t starts, std::uint64_t ends) noexcept {
    return (detail::starts_of_length(starts, ends, method.size()) & detail::byte_mask(p, method.front())) |
           detail::star_starts(p, starts, ends);
  };
  if (!scan_field_list(r, cors_field::acam, method_filter, [&](const char* p, std::size_t n, const char*) noexcept {
        if (n == method.size() && std::memcmp(p, method.data(), n) == 0) method_listed = true;
        else if (is_star(p, n)) method_star = true;
      }))
    return browser_error::acam_invalid;
  // Step 7.2: headerNames = extract header list values of ACAH; each
  // element is looked up among the CORS-unsafe names (case-insensitively),
  // in the table built while collecting them.
  length_set lengths;
  for (std::string_view name : unsafe.view()) lengths.add(name.size());
  std::uint64_t listed = 0;  // bit e: the table's entry e is in ACAH
  bool header_star = false;
  if (!scan_field_list(r, cors_field::acah, lengths, [&](const char* p, std::size_t n, const char* limit) noexcept {
        // `*` is also a name (a credentialed request may send a header named `*`).
        if (is_star(p, n)) header_star = true;
        if (lengths.has(n))  // only when there are names (count > 0): the table is valid
          if (const std::uint32_t e = unsafe.table.find(p, n, limit); e != unsafe.table.npos)
            listed |= std::uint64_t{1} << e;
      }))
    return browser_error::acah_invalid;
  // Step 7.5: the method must be listed, safelisted, or covered by `*`
  // (only when credentials mode is not "include").
  if (!is_cors_safelisted_method(method) && !method_listed && !(!include && method_star))
    return browser_error::method_not_allowed;
  // Steps 7.6-7.7: Authorization must be listed by name (`*` never covers
  // it; it is a CORS-unsafe name whenever the request has it), then every
  // name must be listed or covered by `*`. The verdict does not depend on
  // the order the names are visited in: the table's order will do.
  const bool star = !include && header_star;
  bool missing = false;
  for (std::uint32_t e = 0; e < unsafe.count; ++e) {
    if ((listed >> e & 1) != 0) continue;
    if (is_cors_non_wildcard_request_header_name(unsafe.table.name(e))) return browser_error::authorization_not_allowed;
    missing |= !star;
  }
  if (missing) return browser_error::header_not_allowed;
  // Private Network Access (Chromium extension), checked last.
  if (private_network && !field_equals(r, cors_field::acapn, "true"))
    return browser_error::private_network_not_allowed;
  return browser_error::none;
}

// Fetch "extract header list values" for Access-Control-Max-Age: absent,
// repeated (a single-valued field given twice is failure) or the value.
max_age_value max_age_of(const response_fields& r) noexcept {
  if (!r.has(cors_field::acma)) return {max_age_status::absent, 0};
  const header_view* found = nullptr;
  const header_list h = r.headers();
  for (std::size_t i = 0; i < h.size(); ++i) {
    if (!r.is(i, cors_field::acma)) continue;
    if (found != nullptr) return {max_age_status::repeated, 0};
    found = &h[i];
  }
  return parse_delta_seconds(trim_tab_or_space(found->value));
}

// The names of a response's headers, to find list elements and repeated
// names among them (case-insensitively). A few lookups compare with the
// names directly; past that the names are hashed once and every further
// lookup is one probe, so a response's lists cost time linear in their
// bytes whatever they hold.
class response_names {
 public:
  explicit response_names(header_list h) noexcept : h_(h) {}
  // Can an element of this length name a header at all? (Before the names
  // are hashed a lookup compares lengths first anyway: any length may.)
  [[nodiscard]] bool may_name(std::size_t n) const noexcept { return !hashed_ || lengths_.has(n); }
  // The names' lengths, as a block filter: built the first time it is asked
  // for (a list longer than scan_token_list_value's short walk, or hashing).
  [[nodiscard]] const length_set& lengths() noexcept {
    if (!has_lengths_) {
      for (const auto& x : h_) lengths_.add(x.name.size());
      has_lengths_ = true;
    }
    return lengths_;
  }
  // Marks every header whose name is [p, p + n) (`limit`: see scan_token_list_value).
  void mark(const char* p, std::size_t n, const char* limit, bool* marks) noexcept {
    if (!hashed_ && ++lookups_ > direct_lookups) hash();
    if (hashed_) {
      if (const std::uint32_t e = table_.find(p, n, limit); e != table_.npos) listed_[e] = true;
      return;
    }
    const std::string_view name(p, n);
    for (std::size_t i = 0; i < h_.size(); ++i)
      if (h_[i].name.size() == n && detail::iequals_fast(h_[i].name, name)) marks[i] = true;
  }
  // After the marking: what hashed lookups found, onto `marks`.
  void finish(bool* marks) const noexcept {
    if (!hashed_) return;
    for (std::size_t i = 0; i < h_.size(); ++i) marks[i] |= listed_[entry_of_[i]];
  }
  // Is header i's name the name of an earlier header j with taken[j]?
  [[nodiscard]] bool repeats(std::size_t i, const bool* taken, std::size_t taken_count) noexcept {
    if (!hashed_ && taken_count > direct_lookups) hash(taken);
    if (hashed_) return taken_entry_[entry_of_[i]];
    for (std::size_t j = 0; j < i; ++j)
      if (taken[j] && detail::iequals_fast(h_[j].name, h_[i].name)) return true;
    return false;
  }
  void take(std::size_t i) noexcept {
    if (hashed_) taken_entry_[entry_of_[i]] = true;
  }

 private:
  static constexpr std::size_t direct_lookups = 8;
  void hash(const bool* taken = nullptr) noexcept {
    (void)lengths();  // may_name reads them from now on
    table_.reset(h_.size());
    bool added = false;
    for (std::size_t i = 0; i < h_.size(); ++i) entry_of_[i] = table_.insert(h_[i].name, added);
    std::fill_n(listed_, table_.size(), false);
    std::fill_n(taken_entry_, table_.size(), false);
    if (taken != nullptr)
      for (std::size_t i = 0; i < h_.size(); ++i)
        if (taken[i]) taken_entry_[entry_of_[i]] = true;
    hashed_ = true;
  }
  header_list h_;
  bool has_lengths_ = false;
  length_set lengths_;
  std::size_t lookups_ = 0;
  bool hashed_ = false;
  // Set when hashed_ ([0, h_.size()) or [0, table_.size()) only).
  detail::header_name_table<max_browser_response_headers> table_;
  std::uint32_t entry_of_[max_browser_response_headers];
  bool listed_[max_browser_response_headers];
  bool taken_entry_[max_browser_response_headers];
};

// The exposed header names (Fetch "CORS filtered response" and "basic
// filtered response"), a sorted lower-cased set: each distinct name once,
// copied into `w` in the order it first qualifies (so a set beyond
// max_exposed_header_names or a full buffer is reported at the same name
// whatever the sort would do), sorted at the end.
eval_status exposed_names(const response_fields& r, credentials_mode credentials, bool same_origin,
                          header_name_set& out, detail::writer& w) noexcept {
  const header_list h = r.headers();
  out.count = 0;
  if (!same_origin) {
    // Always the seven (Fetch "CORS-safelisted response-header name"),
    // sorted: views into static storage (browser.hpp allows it), never
    // copied into the caller's buffer.
    for (const std::string_view name : detail::cors_safelisted_response_header_names) out.names[out.count++] = name;
    // Fetch "main fetch": headerNames = extract header list values of ACEH;
    // absent: nothing more.
    if (!r.has(cors_field::aceh)) return eval_status::ok;
  }
  // qualifies[i]: header i's name may be read (same origin: every name;
  // otherwise named in ACEH, or any name when ACEH has `*` and credentials
  // are not included).
  bool qualifies[max_browser_response_headers];
  std::fill_n(qualifies, h.size(), same_origin);
  response_names names(h);
  if (!same_origin) {
    bool star = false;
    // The names' lengths filter the elements of long values (built only then).
    const auto of_header_lengths = [&names](const char* p, std::uint64_t starts, std::uint64_t ends) noexcept {
      return names.lengths()(p, starts, ends);
    };
    if (!scan_field_list(r, cors_field::aceh, of_header_lengths, [&](const char* p, std::size_t n, const char* limit) noexcept {
          if (is_star(p, n)) star = true;
          if (names.may_name(n)) names.mark(p, n, limit, qualifies);
        }))
      return eval_status::ok;  // failure: nothing more
    names.finish(qualifies);
    if (star && credentials != credentials_mode::include) std::fill_n(qualifies, h.size(), true);
  }
  // Each qualifying name once, never Set-Cookie / Set-Cookie2, and not one
  // of the seven again.
  bool taken[max_browser_response_headers];
  std::fill_n(taken, h.size(), false);
  std::size_t taken_count = 0;
  const std::size_t before = out.count;
  for (std::size_t i = 0; i < h.size(); ++i) {
    if (!qualifies[i]) continue;
    const std::string_view name = h[i].name;
    if (is_forbidden_response_header_name(name) || (!same_origin && is_cors_safelisted_response_header_name(name)) ||
        names.repeats(i, taken, taken_count))
      continue;
    if (out.count >= max_exposed_header_names) return eval_status::limit_exceeded;
    const std::size_t m = w.mark();
    w.put_lower(name);
    if (w.overflow()) return eval_status::output_too_small;
    out.names[out.count++] = w.since(m);
    taken[i] = true;
    ++taken_count;
    names.take(i);
  }
  // Sorted: a few names join the sorted seven one by one; more are sorted
  // together.
  if (out.count - before > 8 || before == 0) {
    detail::sort_names(out.names.data(), out.count);
  } else {
    for (std::size_t i = before; i < out.count; ++i) {
      const std::string_view x = out.names[i];
      const auto at = std::upper_bound(out.names.begin(), out.names.begin() + static_cast<std::ptrdiff_t>(i), x,
                                       [](std::string_view a, std::string_view b) noexcept {
                                         return detail::bytes_less(a, b);
                                       });
      std::move_backward(at, out.names.begin() + static_cast<std::ptrdiff_t>(i),
                         out.names.begin() + static_cast<std::ptrdiff_t>(i) + 1);
      *at = x;
    }
  }
  return eval_status::ok;
}

// Fetch "NUL, CR or LF" in a header value (Headers "validate": such a value
// throws). 64 bytes a step where the CPU has AVX2 and the value is long
// enough (the values of the worst requests are 8 KiB each), else 16.
bool has_nul_cr_lf(std::string_view v) noexcept {
  const char* const p = v.data();
  const std::size_t n = v.size();
#if defined(CORSPROOF_AVX2_DISPATCH)
  if (n >= 64 && detail::cpu_has_avx2) return detail::has_nul_cr_lf_avx2(p, n);
#endif
#if defined(__SSE2__)
  const auto hit = [](__m128i x) noexcept {
    const __m128i nul = _mm_cmpeq_epi8(x, _mm_setzero_si128());
    const __m128i cr = _mm_cmpeq_epi8(x, _mm_set1_epi8('\r'));
    const __m128i lf = _mm_cmpeq_epi8(x, _mm_set1_epi8('\n'));
    return _mm_movemask_epi8(_mm_or_si128(nul, _mm_or_si128(cr, lf))) != 0;
  };
  if (n >= 16) {
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16)
      if (hit(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)))) return true;
    // The last 16 bytes again, overlapping.
    return i != n && hit(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n - 16)));
  }
  if (n >= 8) {  // the first eight and the last eight (overlapping) as one vector
    std::uint64_t head, last;
    std::memcpy(&head, p, 8);
    std::memcpy(&last, p + n - 8, 8);
    return hit(_mm_set_epi64x(static_cast<long long>(last), static_cast<long long>(head)));
  }
#endif
  for (std::size_t i = 0; i < n; ++i)
    if (p[i] == '\0' || p[i] == '\r' || p[i] == '\n') return true;
  return false;
}

// Storage for up to N header views, left uninitialized (8 KiB of zeroes per
// evaluation otherwise); only [0, size) is read.
template <std::size_t N>
struct header_buffer {
  header_buffer() noexcept {}  // NOLINT: `items` deliberately uninitialized
  union {
    header_view items[N];
  };
};

}  // namespace

// docs/protocol-decisions.md "Bounds", one response.
bool response_headers_within_bounds(header_list headers) noexcept {
  if (headers.size() > max_browser_response_headers) return false;
  std::size_t bytes = 0;  // at most 256 * (256 + 8192): no overflow
  for (const auto& h : headers) {
    if (h.name.size() > max_header_name_bytes || h.value.size() > max_header_value_bytes) return false;
    bytes += h.name.size() + h.value.size();
  }
  return bytes <= max_response_header_bytes;
}

// ---- One exchange, step by step (browser_hop.hpp): evaluate_browser below
// and each hop of a redirect chain (redirect.cpp) run these. -----------------

namespace detail {

std::string_view request_beyond_bounds(const browser_request& req) noexcept {
  if (req.headers.size() > max_browser_request_headers) return "more than 256 request headers";
  for (const auto& h : req.headers)
    if (h.name.size() > max_header_name_bytes || h.value.size() > max_header_value_bytes)
      return "a request header name over 256 bytes or value over 8192 bytes";
  return {};
}

request_url_origin read_request_url_origin(std::string_view url, std::span<char> buffer) noexcept {
  request_url_origin r;
  const url_authority a = find_url_authority(url);
  if (a.bytes > max_url_origin_bytes) {
    r.status = eval_status::limit_exceeded;
    r.why = "the URL's scheme://host[:port] is longer than 1024 bytes";
    return r;
  }
  if (url.size() > max_url_bytes) {
    r.status = eval_status::limit_exceeded;
    r.why = "the URL is longer than 8192 bytes";
    return r;
  }
  // A URL already in canonical form is its own origin, read in the scan above
  // (when it is short enough that its serialization cannot pass
  // max_url_bytes: percent-encoding at most triples a byte).
  if (!a.plain_origin.empty() && !a.has_credentials && url.size() <= (max_url_bytes - 2) / 3) {
    r.origin = a.plain_origin;
    return r;
  }
  // Fetch "Request constructor" step 5.1: the URL Standard's basic URL parser
  // (URL Standard §4.4), whose host parser maps "127.1" to 127.0.0.1,
  // compresses IPv6, percent-decodes and runs domain-to-ASCII.
  std::array<char, max_url_bytes> text;
  const url_parse_result parsed = parse_url(url, nullptr, text);
  if (parsed.status == url_status::too_long) {
    r.status = eval_status::limit_exceeded;
    r.why = "the URL is longer than 8192 bytes after parsing";
    return r;
  }
  // An http(s), ws(s) or ftp URL: its origin is the tuple (scheme, host,
  // port) of URL Standard §4.7. Steps 5.2-5.3: a URL that does not parse, or
  // that includes credentials, makes the constructor throw.
  std::array<char, 5> scheme_bytes;
  const std::string_view scheme =
      parsed.status == url_status::ok ? parsed.url.scheme : lower_scheme_of(url, scheme_bytes);
  if (is_tuple_origin_scheme(scheme)) {
    if (parsed.status != url_status::ok) {
      r.why = "the URL does not parse (URL Standard)";
      return r;
    }
    if (parsed.url.includes_credentials()) {
      r.why = "the URL includes credentials (user@)";
      return r;
    }
    // At most the serialization's length: `buffer` (max_url_bytes + 16) holds it.
    const std::size_t n = write_url_origin(parsed.url, buffer);
    if (n == 0) {
      r.status = eval_status::output_too_small;
      r.why = "output buffer too small";
      return r;
    }
    r.origin = std::string_view(buffer.data(), n);
    return r;
  }
  // Any other scheme (file:, and the non-special schemes, whose URL origin
  // is opaque): docs/protocol-decisions.md "URL origin" keeps the textual
  // rule, so that a chrome-extension://id URL is cross-origin with a page of
  // another id rather than never same origin with anything.
  // (write_canonical_origin would spell the text "null" as itself: no "://",
  // no URL.)
  if (!a.present) {
    r.why = "the URL is not an absolute scheme://host URL";
    return r;
  }
  if (a.has_credentials) {
    r.why = "the URL includes credentials (user@)";
    return r;
  }
  const std::size_t n = write_canonical_origin(url, buffer);
  if (n == 0) {
    r.why = "the URL is not an absolute scheme://host URL";
    return r;
  }
  r.origin = std::string_view(buffer.data(), n);
  return r;
}

std::string_view normalize_request(const browser_request& req, std::string_view& method, header_view* list,
                                   std::size_t& count) noexcept {
  // Steps 25.2-25.3: the method must be a method and not forbidden.
  if (!is_method(req.method)) return "the method is not a token";
  if (is_forbidden_method(req.method)) return "the method is forbidden (CONNECT, TRACE, TRACK)";
  method = normalize_method(req.method);
  // Fetch "Headers": validate and normalize each pair; drop forbidden pairs.
  std::size_t n = 0;
  bool has_accept = false;
  for (const auto& h : req.headers) {
    if (h.name.empty() || !all_tchar(h.name)) return "a request header name is not a token";  // is_token, inline
    const std::string_view value = trim_http_whitespace(h.value);
    if (has_nul_cr_lf(value)) return "a request header value contains NUL, CR or LF";
    if (may_be_forbidden_request_header_name(h.name) && is_forbidden_request_header(h.name, value)) continue;
    if (equals_lower_literal(h.name, "accept")) has_accept = true;
    ::new (&list[n++]) header_view{h.name, value};
  }
  // Fetch "fetch": the UA appends `Accept: */*` when there is none.
  if (!has_accept) ::new (&list[n++]) header_view{"Accept", "*/*"};
  count = n;
  return {};
}

void write_request_headers_value(const unsafe_name_list& unsafe, writer& w) noexcept {
  if (unsafe.count == 0) return;
  // One room for the whole value, then the names and bare commas (header-list
  // "combine" is not used) without a check each.
  std::size_t bytes = unsafe.count - 1;
  for (std::size_t i = 0; i < unsafe.count; ++i) bytes += unsafe.names[i].size();
  char* d = w.extend(bytes);
  if (d == nullptr) return;
  for (std::size_t i = 0; i < unsafe.count; ++i) {
    if (i) *d++ = ',';
    writer::copy_bytes(d, unsafe.names[i].data(), unsafe.names[i].size());
    d += unsafe.names[i].size();
  }
}

browser_error judge_preflight_response(const http_response& pr, std::string_view serialized_origin,
                                       std::string_view method, const unsafe_name_list& unsafe,
                                       credentials_mode credentials, bool private_network,
                                       std::uint64_t& max_age) noexcept {
  const response_fields fields(pr.headers);
  // Step 7: the CORS check (with the request's credentials mode), then an
  // ok status (200-299).
  browser_error e = cors_check_fields(fields, serialized_origin, credentials);
  if (e == browser_error::none && (pr.status < 200 || pr.status > 299)) e = browser_error::preflight_status;
  if (e == browser_error::none) e = preflight_checks(fields, method, unsafe, credentials, private_network);
  if (e != browser_error::none) return e;
  // Step 7.8: max-age, 5 when absent or invalid.
  const max_age_value age = max_age_of(fields);
  max_age = age.status == max_age_status::ok ? age.seconds : 5;
  return e;
}

browser_error response_cors_check(const http_response& response, std::string_view serialized_origin,
                                  credentials_mode credentials) noexcept {
  return cors_check_fields(response_fields(response.headers), serialized_origin, credentials);
}

eval_status exposed_names(const http_response& response, credentials_mode credentials, bool basic,
                          header_name_set& out, writer& w) noexcept {
  return corsproof::exposed_names(response_fields(response.headers), credentials, basic, out, w);
}

}  // namespace detail

namespace {
// Fills `d`, the caller's return slot: every return below hands back `d`
// itself, so the 2 KiB decision is built in place and never copied.
browser_decision& evaluate_into(browser_decision& d, const browser_exchange& ex, std::span<char> out) noexcept {
  detail::writer w(out);
  const browser_request& req = ex.request;
  auto fail = [&d](eval_status s, std::string_view why) noexcept -> browser_decision& {
    std::construct_at(&d);  // a fresh decision in place (copying one would read its empty slots)
    d.status = s;
    d.status_detail = why;
    return d;
  };
  auto forbidden = [&d](std::string_view why) noexcept -> browser_decision& {
    d.outcome = browser_outcome::forbidden_request;
    d.detail = why;
    return d;
  };

  // docs/protocol-decisions.md "Browser mode / Request origin": the request's
  // origin is "null" or exactly what the URL Standard's origin serialization
  // produces (a browser never sends anything else); any other text makes the
  // case invalid (bad-case), before anything is judged.
  if (!parse_well_formed_origin(req.origin).ok())
    return fail(eval_status::invalid_input, detail::request_origin_not_serialized_message);

  // docs/protocol-decisions.md "Bounds": every bound is checked before any
  // rule, so the verdict never depends on the order of the inputs.
  if (const std::string_view why = detail::request_beyond_bounds(req); !why.empty())
    return fail(eval_status::limit_exceeded, why);
  if ((ex.preflight_response && !response_headers_within_bounds(ex.preflight_response->headers)) ||
      (ex.response && !response_headers_within_bounds(ex.response->headers)))
    return fail(eval_status::limit_exceeded, detail::response_beyond_bounds_message);
  // The URL's origin is compared in a local buffer, never the caller's: the
  // answer never holds it.
  std::array<char, max_url_bytes + 16> url_origin_buffer;
  const detail::request_url_origin url = detail::read_request_url_origin(req.url, url_origin_buffer);
  if (url.status != eval_status::ok) return fail(url.status, url.why);
  if (!url.why.empty()) return forbidden(url.why);
  const std::string_view url_origin = url.origin;
  // Fetch "Request constructor" steps 25 and 33, "fetch" step 12.
  header_buffer<max_browser_request_headers + 1> list;
  std::size_t n = 0;
  std::string_view method;
  if (const std::string_view why = detail::normalize_request(req, method, list.items, n); !why.empty())
    return forbidden(why);
  const header_list headers(list.items, n);

  // Same origin (Fetch "main fetch"): no preflight, no CORS check.
  if (url_origin == req.origin) {
    d.same_origin = true;
    if (ex.response) {
      d.has_exposed = true;
      const response_fields fields(ex.response->headers);
      if (const eval_status s = exposed_names(fields, req.credentials, true, d.exposed, w); s != eval_status::ok)
        return fail(s, s == eval_status::limit_exceeded ? "more than 128 response header names"
                                                        : "output buffer too small");
    }
    return d;
  }

  // Fetch "HTTP fetch": a preflight is needed when the method is not
  // CORS-safelisted or there are CORS-unsafe request-header names.
  detail::unsafe_name_list unsafe;
  if (const eval_status s = detail::unsafe_names_into(headers, unsafe, w); s != eval_status::ok)
    return fail(s, s == eval_status::limit_exceeded ? "more than 64 CORS-unsafe request-header names"
                                                    : "output buffer too small");
  d.needs_preflight = !is_cors_safelisted_method(method) || unsafe.count > 0 || req.private_network;

  if (d.needs_preflight) {
    // "CORS-preflight fetch" steps 1-5: the request the browser sends.
    d.preflight_method = method;
    d.preflight_private_network = req.private_network;
    if (unsafe.count > 0) {
      const std::size_t m = w.mark();
      detail::write_request_headers_value(unsafe, w);
      d.has_preflight_request_headers = true;
      d.preflight_request_headers = w.since(m);
    }
    if (ex.preflight_response == nullptr)
      return fail(eval_status::missing_input, "a preflight is needed but no preflight_response was given");
    // Steps 7-7.9: the checks and max-age.
    d.preflight_error = detail::judge_preflight_response(*ex.preflight_response, req.origin, method, unsafe,
                                                         req.credentials, req.private_network, d.max_age);
    d.preflight_ok = d.preflight_error == browser_error::none;
    if (!d.preflight_ok) {
      d.outcome = browser_outcome::blocked_preflight;
      return w.overflow() ? fail(eval_status::output_too_small, "output buffer too small") : d;
    }
    d.has_max_age = true;
  }

  if (ex.response != nullptr) {
    const response_fields fields(ex.response->headers);
    d.cors_check_done = true;
    d.cors_check_error = cors_check_fields(fields, req.origin, req.credentials);
    d.cors_check_ok = d.cors_check_error == browser_error::none;
    if (!d.cors_check_ok) {
      d.outcome = browser_outcome::blocked_response;
      return w.overflow() ? fail(eval_status::output_too_small, "output buffer too small") : d;
    }
    d.has_exposed = true;
    if (const eval_status s = exposed_names(fields, req.credentials, false, d.exposed, w); s != eval_status::ok)
      return fail(s, s == eval_status::limit_exceeded ? "more than 128 exposed header names" : "output buffer too small");
  }
  d.outcome = browser_outcome::allowed;
  return w.overflow() ? fail(eval_status::output_too_small, "output buffer too small") : d;
}
}  // namespace

browser_decision evaluate_browser(const browser_exchange& ex, std::span<char> out) noexcept {
  browser_decision d;
  evaluate_into(d, ex, out);
  return d;
}

}  // namespace corsproof

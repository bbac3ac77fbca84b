// cli/src/case_reader.cpp — see case_reader.hpp. simdjson's On-Demand API
// (libsimdjson-dev 3.0.1): stage 1 (structure and UTF-8, SIMD, chosen at run
// time) runs over the whole line, then the readers below walk it once.
#include "case_reader.hpp"

#include <simdjson.h>

#include "corsproof/policy_json.hpp"

#include <array>
#include <boost/json/parser.hpp>
#include <cstring>
#include <vector>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace corsproof::cli {

namespace od = simdjson::ondemand;
using simdjson::error_code;
using simdjson::SUCCESS;

namespace {

// Boost.JSON's limit (parse_options::max_depth, 32): the whole line nests at
// most 32 arrays and objects; the case object is level 1.
constexpr int max_level = 32;

json_kind kind_of(od::json_type t) noexcept {
  switch (t) {
    case od::json_type::array: return json_kind::array;
    case od::json_type::object: return json_kind::object;
    case od::json_type::number: return json_kind::number;
    case od::json_type::string: return json_kind::string;
    case od::json_type::boolean: return json_kind::boolean;
    case od::json_type::null: return json_kind::null;
  }
  return json_kind::null;
}

std::string_view trim_end(std::string_view s) noexcept {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// Scanning strings in the line. Every string the reader looks at lies in a
// buffer with case_reader::padding readable bytes after the line, so a
// 16-byte load that starts inside the line never leaves the buffer.

// Whether `s` (a string's bytes between its quotes) holds a backslash; most
// strings have none, and are then used as they are in the line.
bool has_backslash(std::string_view s) noexcept {
#if defined(__SSE2__)
  const __m128i backslash = _mm_set1_epi8('\\');
  const char* p = s.data();
  std::size_t n = s.size();
  for (;; p += 16, n -= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, backslash)));
    if (n < 16) return (mask & ((1U << n) - 1U)) != 0;
    if (mask != 0) return true;
  }
#else
  return std::memchr(s.data(), '\\', s.size()) != nullptr;
#endif
}

// The first `"` or `\\` at or after `p` (stage 1 found a closing quote).
const char* quote_or_backslash(const char* p) noexcept {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  for (;; p += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const int mask = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
    if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
  }
#else
  while (*p != '"' && *p != '\\') ++p;
  return p;
#endif
}

}  // namespace

// ---- The reader ------------------------------------------------------------------------

struct case_reader::impl {
  od::parser parser;
  std::vector<char> line;  // the line and SIMDJSON_PADDING bytes, which simdjson may read
  // Numbers are read the way Boost.JSON reads them, by Boost.JSON.
  std::array<unsigned char, 1024> number_bytes{};
  boost::json::parser number_parser{boost::json::storage_ptr(), boost::json::parse_options(), number_bytes.data(),
                                    number_bytes.size()};

  error_code read_case(od::document& doc, case_object& c);
  // `level`: the nesting level an array or object in the member's place has.
  error_code read_string(od::value& v, string_member& m, int level);
  error_code read_bool(od::value& v, bool_member& m, int level);
  error_code read_status(od::value& v, status_member& m, int level);
  error_code read_headers(od::value& v, headers_member& m, int level);
  error_code read_request(od::value& v, request_member& m);
  error_code read_response(od::value& v, response_member& m);
  error_code read_policy(od::value& v, case_object& c);
  // Walks a value the oracle does not use, checking it is JSON. `level`: the
  // nesting level an array or object here has.
  error_code check(od::value& v, int level);

  static error_code key_of(od::field& f, std::string_view& key);
  static error_code string_of(od::value& v, std::string_view& out);
  // `token` is v's raw token (v.raw_json_token()), starting with a quote.
  static error_code string_of(od::value& v, std::string_view token, std::string_view& out);
  // A number token as Boost.JSON reads it: `value` is set when it is an
  // integer that fits an int64 or a uint64.
  error_code number_of(od::value& v, bool& integer, std::int64_t& value, bool& is_unsigned, std::uint64_t& uvalue);
};

// The key of a member, unescaped (only keys with a backslash need unescaping).
error_code case_reader::impl::key_of(od::field& f, std::string_view& key) {
  const char* const start = f.key().raw();  // just after the opening quote; stage 1 found the closing one
  const char* const p = quote_or_backslash(start);
  if (*p == '"') {
    key = std::string_view(start, static_cast<std::size_t>(p - start));
    return SUCCESS;
  }
  return f.unescaped_key().get(key);
}

// A string value: a view into the line when it has no escape, else unescaped
// by simdjson (which checks every escape). Either way the value is consumed:
// simdjson skips a string left alone as if it might be a key, so `"a":"b":"c"`
// would pass unnoticed.
error_code case_reader::impl::string_of(od::value& v, std::string_view& out) {
  return string_of(v, v.raw_json_token(), out);
}

error_code case_reader::impl::string_of(od::value& v, std::string_view raw, std::string_view& out) {
  // "...": stage 1 checked the quotes, UTF-8, and that no control character
  // is left unescaped.
  const std::string_view token = raw.back() == '"' ? raw : trim_end(raw);  // spaces before the next token
  if (token.size() < 2 || token.back() != '"') return simdjson::STRING_ERROR;
  const std::string_view inside = token.substr(1, token.size() - 2);
  if (!has_backslash(inside)) {
    out = inside;
    od::raw_json_string consumed;
    return v.get_raw_json_string().get(consumed);
  }
  return v.get_string().get(out);
}

error_code case_reader::impl::number_of(od::value& v, bool& integer, std::int64_t& value, bool& is_unsigned,
                                        std::uint64_t& uvalue) {
  const std::string_view token = trim_end(v.raw_json_token());
  integer = false;
  is_unsigned = false;
  // The common case without Boost.JSON: 0, or 1 to 18 digits without a leading zero.
  if (!token.empty() && token.size() <= 18 && (token[0] != '0' || token.size() == 1)) {
    std::int64_t n = 0;
    bool digits = true;
    for (char ch : token) {
      if (ch < '0' || ch > '9') {
        digits = false;
        break;
      }
      n = n * 10 + (ch - '0');
    }
    if (digits) {
      integer = true;
      value = n;
      return SUCCESS;
    }
  }
  boost::system::error_code ec;
  number_parser.reset();
  number_parser.write(token.data(), token.size(), ec);
  if (ec) return simdjson::NUMBER_ERROR;
  const boost::json::value n = number_parser.release();
  if (n.is_int64()) {
    integer = true;
    value = n.get_int64();
  } else if (n.is_uint64()) {
    integer = true;
    is_unsigned = true;
    uvalue = n.get_uint64();
  } else if (!n.is_double()) {
    return simdjson::NUMBER_ERROR;  // a token simdjson took for a number that is something else
  }
  return SUCCESS;
}

error_code case_reader::impl::check(od::value& v, int level) {
  od::json_type t{};
  if (error_code e = v.type().get(t); e) return e;
  switch (t) {
    case od::json_type::object: {
      if (level > max_level) return simdjson::DEPTH_ERROR;
      od::object o;
      if (error_code e = v.get_object().get(o); e) return e;
      for (auto member : o) {
        if (error_code e = member.error(); e) return e;
        od::field& f = member.value_unsafe();
        std::string_view key;
        if (error_code e = key_of(f, key); e) return e;
        if (error_code e = check(f.value(), level + 1); e) return e;
      }
      return SUCCESS;
    }
    case od::json_type::array: {
      if (level > max_level) return simdjson::DEPTH_ERROR;
      od::array a;
      if (error_code e = v.get_array().get(a); e) return e;
      for (auto element : a) {
        if (error_code e = element.error(); e) return e;
        if (error_code e = check(element.value_unsafe(), level + 1); e) return e;
      }
      return SUCCESS;
    }
    case od::json_type::string: {
      std::string_view s;
      return string_of(v, s);
    }
    case od::json_type::number: {
      bool integer = false;
      bool is_unsigned = false;
      std::int64_t n = 0;
      std::uint64_t u = 0;
      return number_of(v, integer, n, is_unsigned, u);
    }
    case od::json_type::boolean: {
      bool b = false;
      return v.get_bool().get(b);
    }
    case od::json_type::null: {
      bool is_null = false;
      if (error_code e = v.is_null().get(is_null); e) return e;
      return is_null ? SUCCESS : simdjson::N_ATOM_ERROR;
    }
  }
  return simdjson::INCORRECT_TYPE;
}

// ---- One reader per member type ------------------------------------------------------

error_code case_reader::impl::read_string(od::value& v, string_member& m, int level) {
  od::json_type t{};
  if (error_code e = v.type().get(t); e) return e;
  m.kind = kind_of(t);
  m.value = {};
  if (t == od::json_type::string) return string_of(v, m.value);
  return check(v, level);
}

error_code case_reader::impl::read_bool(od::value& v, bool_member& m, int level) {
  od::json_type t{};
  if (error_code e = v.type().get(t); e) return e;
  m.kind = kind_of(t);
  m.value = false;
  if (t == od::json_type::boolean) return v.get_bool().get(m.value);
  return check(v, level);
}

// In range when Boost.JSON reads an integer 0..999 (an int64 or a uint64).
error_code case_reader::impl::read_status(od::value& v, status_member& m, int level) {
  od::json_type t{};
  if (error_code e = v.type().get(t); e) return e;
  m.kind = kind_of(t);
  m.in_range = false;
  m.value = 0;
  if (t != od::json_type::number) return check(v, level);
  bool integer = false;
  bool is_unsigned = false;
  std::int64_t n = 0;
  std::uint64_t u = 0;
  if (error_code e = number_of(v, integer, n, is_unsigned, u); e) return e;
  if (integer && !is_unsigned && n >= 0 && n <= 999) {
    m.in_range = true;
    m.value = static_cast<int>(n);
  } else if (integer && is_unsigned && u <= 999) {
    m.in_range = true;
    m.value = static_cast<int>(u);
  }
  return SUCCESS;
}

// [[name, value], ...]: every element is read, the pairs up to the first
// element that is not a pair of strings are kept. `level`: the array's.
error_code case_reader::impl::read_headers(od::value& v, headers_member& m, int level) {
  m.reset();
  od::json_type t{};
  if (error_code e = v.type().get(t); e) return e;
  m.kind = kind_of(t);
  if (t != od::json_type::array) return check(v, level);
  od::array a;
  if (error_code e = v.get_array().get(a); e) return e;
  std::size_t index = 0;
  for (auto element : a) {
    if (error_code e = element.error(); e) return e;
    od::value& ev = element.value_unsafe();
    bool pair = false;
    std::array<std::string_view, 2> nv{};
    // The common case first: a raw token starting with `[`, then `"`.
    if (ev.raw_json_token().front() == '[') {
      od::array items;
      if (error_code e = ev.get_array().get(items); e) return e;
      std::size_t n = 0;
      bool strings = true;
      for (auto item : items) {
        if (error_code e = item.error(); e) return e;
        od::value& iv = item.value_unsafe();
        const std::string_view token = iv.raw_json_token();
        if (n < 2 && token.front() == '"') {
          if (error_code e = string_of(iv, token, nv[n]); e) return e;
        } else {
          strings = false;
          if (error_code e = check(iv, level + 2); e) return e;
        }
        ++n;
      }
      pair = strings && n == 2;
    } else if (error_code e = check(ev, level + 1); e) {
      return e;
    }
    if (m.all_pairs) {
      if (pair) {
        m.pairs.push_back(header_view{nv[0], nv[1]});
      } else {
        m.all_pairs = false;
        m.bad_index = index;
      }
    }
    ++index;
  }
  return SUCCESS;
}

// ---- One reader per object --------------------------------------------------------------

error_code case_reader::impl::read_request(od::value& v, request_member& m) {
  m.reset();
  od::json_type t{};
  if (error_code e = v.type().get(t); e) return e;
  m.kind = kind_of(t);
  if (t != od::json_type::object) return check(v, 2);
  od::object o;
  if (error_code e = v.get_object().get(o); e) return e;
  for (auto member : o) {
    if (error_code e = member.error(); e) return e;
    od::field& f = member.value_unsafe();
    std::string_view key;
    if (error_code e = key_of(f, key); e) return e;
    od::value& fv = f.value();
    bool server_knows = false;  // browser mode knows every key read here
    error_code e = SUCCESS;
    if (key == "method") {
      server_knows = true;
      e = read_string(fv, m.method, 3);
    } else if (key == "headers") {
      server_knows = true;
      e = read_headers(fv, m.headers, 3);
    } else if (key == "origin") {
      e = read_string(fv, m.origin, 3);
    } else if (key == "url") {
      e = read_string(fv, m.url, 3);
    } else if (key == "credentials") {
      e = read_string(fv, m.credentials, 3);
    } else if (key == "private_network") {
      e = read_bool(fv, m.private_network, 3);
    } else {
      for (std::size_t s = 0; s < request_shape_count; ++s) {
        if (!m.has_unknown_key[s]) {
          m.has_unknown_key[s] = true;
          m.unknown_key[s] = key;
        }
      }
      e = check(fv, 3);
    }
    if (e) return e;
    const auto server = static_cast<std::size_t>(request_shape::server);
    if (!server_knows && !m.has_unknown_key[server]) {
      m.has_unknown_key[server] = true;
      m.unknown_key[server] = key;
    }
  }
  return SUCCESS;
}

error_code case_reader::impl::read_response(od::value& v, response_member& m) {
  m.reset();
  od::json_type t{};
  if (error_code e = v.type().get(t); e) return e;
  m.kind = kind_of(t);
  if (t != od::json_type::object) return check(v, 2);
  od::object o;
  if (error_code e = v.get_object().get(o); e) return e;
  for (auto member : o) {
    if (error_code e = member.error(); e) return e;
    od::field& f = member.value_unsafe();
    std::string_view key;
    if (error_code e = key_of(f, key); e) return e;
    od::value& fv = f.value();
    error_code e = SUCCESS;
    if (key == "status") {
      e = read_status(fv, m.status, 3);
    } else if (key == "headers") {
      e = read_headers(fv, m.headers, 3);
    } else {
      if (!m.has_unknown_key) {
        m.has_unknown_key = true;
        m.unknown_key = key;
      }
      e = check(fv, 3);
    }
    if (e) return e;
  }
  return SUCCESS;
}

// The policy's text is kept as is (the policy cache's key); Boost.JSON reads
// it when it is not in the cache.
error_code case_reader::impl::read_policy(od::value& v, case_object& c) {
  od::json_type t{};
  if (error_code e = v.type().get(t); e) return e;
  if (c.policy_kind == json_kind::object) c.unchecked_json.push_back(c.policy_json);  // given twice
  c.policy_kind = kind_of(t);
  c.policy_json = {};
  if (t != od::json_type::object) return check(v, 2);
  od::object o;
  if (error_code e = v.get_object().get(o); e) return e;
  return o.raw_json().get(c.policy_json);
}

error_code case_reader::impl::read_case(od::document& doc, case_object& c) {
  od::json_type t{};
  if (error_code e = doc.type().get(t); e) return e;
  c.kind = kind_of(t);
  if (t != od::json_type::object) return SUCCESS;  // not a case: Boost.JSON checks the line
  od::object o;
  if (error_code e = doc.get_object().get(o); e) return e;
  for (auto member : o) {
    if (error_code e = member.error(); e) return e;
    od::field& f = member.value_unsafe();
    std::string_view key;
    if (error_code e = key_of(f, key); e) return e;
    od::value& fv = f.value();
    error_code e = SUCCESS;
    if (key == "id") {
      e = read_string(fv, c.id, 2);
    } else if (key == "mode") {
      e = read_string(fv, c.mode, 2);
    } else if (key == "policy") {
      e = read_policy(fv, c);
    } else if (key == "request") {
      e = read_request(fv, c.request);
    } else if (key == "preflight_response") {
      e = read_response(fv, c.preflight_response);
    } else if (key == "response") {
      e = read_response(fv, c.response);
    } else if (key == "observed") {
      e = read_response(fv, c.observed);
    } else {
      e = check(fv, 2);  // other keys are ignored, but must be JSON
    }
    if (e) return e;
  }
  // Nothing may follow the object.
  const auto at = doc.current_location();
  return at.error() == simdjson::OUT_OF_BOUNDS ? SUCCESS : simdjson::TRAILING_CONTENT;
}

// ---- case_reader ------------------------------------------------------------------------

void response_member::reset() noexcept {
  kind = json_kind::absent;
  has_unknown_key = false;
  unknown_key = {};
  status = status_member{};
  headers.reset();
}

void request_member::reset() noexcept {
  kind = json_kind::absent;
  has_unknown_key = {};
  unknown_key = {};
  origin = url = method = credentials = string_member{};
  private_network = bool_member{};
  headers.reset();
}

void case_object::reset() noexcept {
  kind = json_kind::absent;
  id = mode = string_member{};
  policy_kind = json_kind::absent;
  policy_json = {};
  request.reset();
  preflight_response.reset();
  response.reset();
  observed.reset();
  unchecked_json.clear();
}

case_reader::case_reader() : impl_(std::make_unique<impl>()) {}
case_reader::~case_reader() = default;

static_assert(case_reader::padding >= simdjson::SIMDJSON_PADDING);

bool case_reader::read(std::string_view line, bool padded, case_object& out) {
  impl& m = *impl_;
  out.reset();
  const char* text = line.data();
  if (!padded) {  // simdjson reads up to SIMDJSON_PADDING bytes past the end of the text
    if (m.line.size() < line.size() + padding) m.line.resize(line.size() + padding);
    std::memcpy(m.line.data(), line.data(), line.size());
    std::memset(m.line.data() + line.size(), ' ', padding);
    text = m.line.data();
  }
  od::document doc;
  if (m.parser.iterate(text, line.size(), line.size() + padding).get(doc) != SUCCESS) return false;
  return m.read_case(doc, out) == SUCCESS;
}

// ---- Checking the members ------------------------------------------------------------------

namespace {

// `field` is `name` + `suffix` ("observed" + ".status"): built only here, on
// failure, so that a good case allocates nothing.
bool fail(problem& p, problem_kind kind, std::string_view name, std::string_view suffix = {},
          std::string_view expected = {}) {
  p.kind = kind;
  p.field.assign(name).append(suffix);
  p.expected = expected;
  return false;
}

// A required string member ("request.method").
bool required_string(const string_member& m, std::string_view field, problem& p) {
  if (m.kind == json_kind::absent || m.kind == json_kind::null) return fail(p, problem_kind::required, field, {}, "a string");
  if (m.kind != json_kind::string) return fail(p, problem_kind::wrong_type, field, {}, "a string");
  return true;
}

// An optional header list named `name` + `suffix`: absent or null is no header.
bool header_list_of(const headers_member& m, std::string_view name, std::string_view suffix, header_list& out,
                    problem& p) {
  out = header_list();
  if (m.kind == json_kind::absent || m.kind == json_kind::null) return true;
  if (m.kind != json_kind::array) {
    return fail(p, problem_kind::wrong_type, name, suffix, "an array of [name, value] pairs");
  }
  if (!m.all_pairs) {
    p.index = m.bad_index;
    return fail(p, problem_kind::bad_pair, name, suffix);
  }
  out = header_list(m.pairs.data(), m.pairs.size());
  return true;
}

constexpr std::array<std::string_view, request_shape_count> request_keys = {
    "method, headers",                                             // request_shape::server
    "origin, url, method, headers, credentials, private_network",  // request_shape::browser
};

// `request` is an object with only the keys of `shape`.
bool request_object(const request_member& r, request_shape shape, problem& p) {
  if (r.kind == json_kind::absent) return fail(p, problem_kind::required, "request", {}, "an object");
  if (r.kind != json_kind::object) return fail(p, problem_kind::wrong_type, "request", {}, "an object");
  const auto s = static_cast<std::size_t>(shape);
  if (r.has_unknown_key[s]) {
    p.key = r.unknown_key[s];
    return fail(p, problem_kind::unknown_key, "request", {}, request_keys[s]);
  }
  return true;
}

// {"status", "headers"} named `name` ("observed").
bool response_object(const response_member& m, std::string_view name, http_response& out, problem& p) {
  if (m.kind != json_kind::object) return fail(p, problem_kind::wrong_type, name, {}, "an object");
  if (m.has_unknown_key) {
    p.key = m.unknown_key;
    return fail(p, problem_kind::unknown_key, name, {}, "status, headers");
  }
  if (m.status.kind == json_kind::absent || m.status.kind == json_kind::null) {
    return fail(p, problem_kind::required, name, ".status", "an integer 0..999");
  }
  if (!m.status.in_range) return fail(p, problem_kind::bad_status, name, ".status");
  out.status = m.status.value;
  return header_list_of(m.headers, name, ".headers", out.headers, p);
}

// `request` of server and audit modes.
bool server_request_of(const case_object& c, server_request& request, problem& p) {
  if (c.policy_kind == json_kind::absent) return fail(p, problem_kind::required, "policy", {}, "an object");
  if (c.policy_kind != json_kind::object) return fail(p, problem_kind::wrong_type, "policy", {}, "an object");
  if (!request_object(c.request, request_shape::server, p)) return false;
  if (!required_string(c.request.method, "request.method", p)) return false;
  request.method = c.request.method.value;
  return header_list_of(c.request.headers, "request.headers", {}, request.headers, p);
}

}  // namespace

bool read_id_and_mode(const case_object& c, std::string_view& id, case_mode& mode, problem& p) {
  if (c.kind != json_kind::object) return fail(p, problem_kind::not_a_case, "");
  if (c.id.kind != json_kind::absent) {
    if (c.id.kind != json_kind::string) return fail(p, problem_kind::wrong_type, "id", {}, "a string");
    id = c.id.value;
  }
  if (c.mode.kind == json_kind::absent) {
    return fail(p, problem_kind::required, "mode", {}, R"(one of "server", "browser", "audit")");
  }
  if (c.mode.kind != json_kind::string) return fail(p, problem_kind::wrong_type, "mode", {}, "a string");
  const std::string_view m = c.mode.value;
  if (m == "server") {
    mode = case_mode::server;
  } else if (m == "browser") {
    mode = case_mode::browser;
  } else if (m == "audit") {
    mode = case_mode::audit;
  } else {
    p.text = std::string("mode: unknown mode ")
                 .append(policy_json::quoted(m))
                 .append(R"( (expected "server", "browser" or "audit"))");
    return fail(p, problem_kind::message, "mode");
  }
  return true;
}

bool server_inputs(const case_object& c, server_request& request, problem& p) {
  return server_request_of(c, request, p);
}

bool audit_inputs(const case_object& c, server_request& request, http_response& observed, problem& p) {
  if (!server_request_of(c, request, p)) return false;
  if (c.observed.kind == json_kind::absent) return fail(p, problem_kind::required, "observed", {}, "an object");
  return response_object(c.observed, "observed", observed, p);
}

bool browser_inputs(const case_object& c, browser_exchange& x, http_response& preflight, http_response& response,
                    problem& p) {
  const request_member& r = c.request;
  if (!request_object(r, request_shape::browser, p)) return false;
  browser_request& req = x.request;
  if (!required_string(r.origin, "request.origin", p)) return false;
  req.origin = r.origin.value;
  if (!required_string(r.url, "request.url", p)) return false;
  req.url = r.url.value;
  if (!required_string(r.method, "request.method", p)) return false;
  req.method = r.method.value;
  if (!header_list_of(r.headers, "request.headers", {}, req.headers, p)) return false;
  std::string_view credentials = "same-origin";
  if (r.credentials.kind != json_kind::absent && r.credentials.kind != json_kind::null) {
    if (r.credentials.kind != json_kind::string) {
      return fail(p, problem_kind::wrong_type, "request.credentials", {}, "a string");
    }
    credentials = r.credentials.value;
  }
  if (credentials == "omit") {
    req.credentials = credentials_mode::omit;
  } else if (credentials == "same-origin") {
    req.credentials = credentials_mode::same_origin;
  } else if (credentials == "include") {
    req.credentials = credentials_mode::include;
  } else {
    p.text = std::string(R"(request.credentials: expected "omit", "same-origin" or "include", got )")
                 .append(policy_json::quoted(credentials));
    return fail(p, problem_kind::message, "request.credentials");
  }
  if (r.private_network.kind != json_kind::absent && r.private_network.kind != json_kind::null) {
    if (r.private_network.kind != json_kind::boolean) {
      return fail(p, problem_kind::wrong_type, "request.private_network", {}, "true or false");
    }
    req.private_network = r.private_network.value;
  }
  x.preflight_response = nullptr;
  x.response = nullptr;
  if (c.preflight_response.kind != json_kind::absent && c.preflight_response.kind != json_kind::null) {
    if (!response_object(c.preflight_response, "preflight_response", preflight, p)) return false;
    x.preflight_response = &preflight;
  }
  if (c.response.kind != json_kind::absent && c.response.kind != json_kind::null) {
    if (!response_object(c.response, "response", response, p)) return false;
    x.response = &response;
  }
  return true;
}

}  // namespace corsproof::cli

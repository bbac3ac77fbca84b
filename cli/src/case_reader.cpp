// cli/src/case_reader.cpp — see case_reader.hpp. simdjson's On-Demand API
// (libsimdjson-dev 3.0.1): stage 1 (structure and UTF-8, SIMD, chosen at run
// time) runs over the whole line, then the readers below walk it once.
#include "case_reader.hpp"

#include <simdjson.h>

#include "corsproof/policy_json.hpp"

#include <array>
#include <boost/json/parser.hpp>
#include <charconv>
#include <cmath>
#include <cstring>
#include <iterator>
#include <string>
#include <utility>
#include <vector>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// xxHash (Debian's libxxhash-dev), inlined as the oracle's policy cache uses it.
#define XXH_INLINE_ALL
#include <xxhash.h>

namespace corsproof::cli {

namespace od = simdjson::ondemand;
using simdjson::error_code;
using simdjson::SUCCESS;

namespace {

// Boost.JSON's limit (parse_options::max_depth, 32): the whole line nests at
// most 32 arrays and objects; the case object is level 1.
constexpr int max_level = 32;

// Not an error: what a reader returns to end the walk when the text it read
// ends the line (case_reader::impl::line_read is then set). Every loop hands
// a reader's error_code up unchanged, so it reaches read_case, which takes
// the line as read. simdjson itself never returns this code (it only
// returns codes it names before NUM_ERROR_CODES).
constexpr error_code read_to_the_end = simdjson::NUM_ERROR_CODES;

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

#if defined(__SSE2__)
// Bit i: byte i of the 16 at `p` is `"` or `\`.
int quote_or_backslash_mask(const char* p) noexcept {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  return _mm_movemask_epi8(
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
}
#endif

// The first `"` or `\\` at or after `p` (stage 1 found a closing quote).
const char* quote_or_backslash(const char* p) noexcept {
#if defined(__SSE2__)
  for (;; p += 16)
    if (const int mask = quote_or_backslash_mask(p); mask != 0)
      return p + __builtin_ctz(static_cast<unsigned>(mask));
#else
  while (*p != '"' && *p != '\\') ++p;
  return p;
#endif
}

// The same for text stage 1 has not checked: the first `"` or `\` before
// `end`, else nullptr. Reads up to 15 bytes past `end` (the line's padding).
const char* quote_or_backslash_before(const char* p, const char* end) noexcept {
#if defined(__SSE2__)
  for (; p < end; p += 16) {
    if (const int mask = quote_or_backslash_mask(p); mask != 0) {
      const char* const q = p + __builtin_ctz(static_cast<unsigned>(mask));
      return q < end ? q : nullptr;
    }
  }
  return nullptr;
#else
  for (; p < end; ++p)
    if (*p == '"' || *p == '\\') return p;
  return nullptr;
#endif
}

// Whether a hop element read past max_read_hops has the shape of a hop
// (defined with the checks below).
bool hop_is_good(const hop_member& h);

}  // namespace

// ---- The reader ------------------------------------------------------------------------

// The policy texts of lines read whole, so that a later line giving one of
// them is read without walking it (impl::read_without_the_policy). Found
// by the XXH3 hash of their first key_bytes bytes (the texts shorter than
// that, few, one by one), then compared in full. Texts over max_text_bytes
// are not kept; when max_texts are kept, the next one starts afresh.
class policy_texts {
 public:
  static constexpr std::size_t max_texts = 256;
  static constexpr std::size_t max_text_bytes = 64 * 1024;
  static constexpr std::size_t key_bytes = 64;
  static constexpr std::size_t max_short_texts = 16;

  [[nodiscard]] bool empty() const noexcept { return count_ == 0; }

  // The kept text the bytes at `p` start with, followed by at least one
  // more byte before `end`; empty when none. (Two different JSON objects
  // cannot both start the same bytes: an object ends where its text says.)
  [[nodiscard]] std::string_view at(const char* p, const char* end) const noexcept {
    const std::size_t available = static_cast<std::size_t>(end - p);
    const auto starts = [p, available](const std::string& t) noexcept {
      return t.size() < available && std::memcmp(p, t.data(), t.size()) == 0;
    };
    if (available > key_bytes) {
      const std::uint64_t h = XXH3_64bits(p, key_bytes);
      for (std::size_t i = h & mask;; i = (i + 1) & mask) {
        const slot& s = slots_[i];
        if (s.text == nullptr) break;
        if (s.hash == h && starts(*s.text)) return *s.text;
      }
    }
    for (const std::string* t : short_)
      if (starts(*t)) return *t;
    return {};
  }

  void add(std::string_view text) {
    if (text.empty() || text.size() > max_text_bytes) return;
    const bool is_short = text.size() < key_bytes;
    const std::uint64_t h = is_short ? 0 : XXH3_64bits(text.data(), key_bytes);
    if (is_short) {
      for (const std::string* t : short_)
        if (*t == text) return;
      if (short_.size() == max_short_texts) return;
    } else {
      for (std::size_t i = h & mask; slots_[i].text != nullptr; i = (i + 1) & mask)
        if (slots_[i].hash == h && *slots_[i].text == text) return;
    }
    if (count_ == max_texts) {  // start afresh
      count_ = 0;
      slots_.fill(slot{});
      short_.clear();
    }
    std::string& kept = texts_[count_++];
    kept.assign(text);
    if (is_short) {
      short_.push_back(&kept);
      return;
    }
    std::size_t i = h & mask;
    while (slots_[i].text != nullptr) i = (i + 1) & mask;
    slots_[i] = slot{h, &kept};
  }

 private:
  struct slot {
    std::uint64_t hash = 0;  // XXH3 of the text's first key_bytes bytes
    const std::string* text = nullptr;
  };
  static constexpr std::size_t mask = 2 * max_texts - 1;  // at most half full: probes end at an empty slot
  std::array<std::string, max_texts> texts_;
  std::size_t count_ = 0;
  std::array<slot, 2 * max_texts> slots_{};
  std::vector<const std::string*> short_;  // texts shorter than key_bytes
};

struct case_reader::impl {
  od::parser parser;
  std::vector<char> line;  // the line and SIMDJSON_PADDING bytes, which simdjson may read
  // Numbers are read the way Boost.JSON reads them, by Boost.JSON.
  std::array<unsigned char, 1024> number_bytes{};
  boost::json::parser number_parser{boost::json::storage_ptr(), boost::json::parse_options(), number_bytes.data(),
                                    number_bytes.size()};

  error_code read_case(od::document& doc, case_object& c);
  // The policy objects of lines read whole (their texts, as read_policy
  // keeps them), and the lines read since without walking theirs.
  policy_texts known_policies;
  bool remember_policies = true;
  std::uint64_t policy_text_reused = 0;
  std::vector<char> shortened;  // such a line without its policy member, and padding
  // A line `{` M `"policy":` P `,` R where M is up to seven members
  // `"key":"value",` (key and value without a quote or a backslash) and P is byte for byte
  // one of known_policies: M and R are read as the line `{` M R (the same members in
  // the same order, the policy's place aside) and P is the policy's text,
  // not walked again. P was a complete object in a line that stage 1 and
  // the walk accepted, and it starts outside any string here too, so this
  // line's stage 1 and walk would accept it the same way: the case read is
  // the one the whole line gives. False (out then meaningless) for any other
  // line, or when the shortened line is not read: the caller reads the
  // whole line then, so its answer, error or not, is always the whole
  // line's.
  bool read_without_the_policy(std::string_view text, case_object& out);
  // The loops every reader shares. on_field(key, value) and
  // on_element(value) return an error_code; the first error ends the loop.
  template <class OnField>
  error_code for_each_field(od::object& o, OnField&& on_field);
  template <class OnElement>
  error_code for_each_element(od::array& a, OnElement&& on_element);
  // The value in a member's place: its kind into `kind`; when it is an object
  // (an array), each field (element) to the callback, else checked as JSON.
  // `level`: the object's (array's) own nesting level.
  template <class OnField>
  error_code read_object(od::value& v, json_kind& kind, int level, OnField&& on_field);
  template <class OnElement>
  error_code read_array(od::value& v, json_kind& kind, int level, OnElement&& on_element);
  // An array whose first Member::max_kept elements are read into m.items by
  // read_item(value, item) (reused: their vectors keep their capacity); the
  // others go to read_extra(index, value).
  template <class Member, class ReadItem, class ReadExtra>
  error_code read_bounded_array(od::value& v, Member& m, int level, ReadItem&& read_item, ReadExtra&& read_extra);
  // A key `m` does not know: the first one is remembered, the value checked.
  error_code unknown_field(object_member& m, std::string_view key, od::value& v, int level);
  // `level`: the nesting level an array or object in the member's place has.
  error_code read_string(od::value& v, string_member& m, int level);
  error_code read_bool(od::value& v, bool_member& m, int level);
  error_code read_status(od::value& v, status_member& m, int level);
  error_code read_headers(od::value& v, headers_member& m, int level);
  // read_headers' fast path: the shape generators and most clients write,
  // `[["name","value"],...]` with no whitespace, read from the text at `p`
  // (a `[` outside any string) in one pass: the pairs go to m.pairs and
  // `end` is set just past the closing `]`. On any other text it returns
  // false (m.pairs then holds a prefix, to be cleared). Every byte it looks
  // at is checked against the line's end, or lies in a string up to its
  // closing quote, or in the 64 bytes from a pair's name on that it
  // classifies at once (up to 63 bytes into the padding; a quote found
  // there counts only before the line's end): the quote scans (16-byte
  // loads, up to 15 bytes into the padding) stop only at a `"` or a `\`,
  // and end inside the line because stage 1 refused any line with a string
  // left open.
  bool read_compact_pairs(const char* p, headers_member& m, const char*& end);
  // One string of such a list, its text starting at `s` (just after its
  // opening quote): its closing quote, or nullptr when that is not inside the
  // line or an escape is not JSON; `out` is its value (unescaped by simdjson
  // into `unescaped` when it has an escape).
  [[gnu::always_inline]] const char* compact_string(const char* s, std::string_view& out) {
    const char* const q = quote_or_backslash(s);
    if (*q == '\\') [[unlikely]]
      return compact_escaped_string(s, q, out);
    if (q >= line_end) return nullptr;
    out = std::string_view(s, static_cast<std::size_t>(q - s));
    return q;
  }
  // The same for a string with a backslash, the first at `q`.
  [[gnu::noinline]] const char* compact_escaped_string(const char* s, const char* q, std::string_view& out);
  // For the compact lists' strings with an escape: room for every string of
  // the line unescaped once (none grows) and simdjson's last block store, made
  // ready by the line's first such string (unescape_at is null before it).
  // A string that no longer fits (read again) is not taken from the text.
  std::vector<std::uint8_t> unescaped;
  std::uint8_t* unescape_at = nullptr;
  error_code read_number(od::value& v, number_member& m, int level);
  // `level`: the object's (or array's) own nesting level.
  error_code read_request(od::value& v, request_member& m, int level);
  error_code read_response(od::value& v, response_member& m, int level);
  error_code read_hop(od::value& v, hop_member& m, int level);
  error_code read_hops(od::value& v, hops_member& m, int level);
  error_code read_fetch(od::value& v, fetch_member& m, int level);
  error_code read_fetches(od::value& v, fetches_member& m, int level);
  hop_member scratch_hop;  // hops past max_read_hops are read here
  error_code read_policy(od::value& v, case_object& c);
  // Walks a value the oracle does not use, checking it is JSON. `level`: the
  // nesting level an array or object here has.
  error_code check(od::value& v, int level);

  static error_code key_of(od::field& f, std::string_view& key);
  error_code string_of(od::value& v, std::string_view& out);
  // `token` is v's raw token (v.raw_json_token()), starting with a quote.
  error_code string_of(od::value& v, std::string_view token, std::string_view& out);
  const char* line_end = nullptr;  // the end of the line's text (padding follows)
  std::size_t line_size = 0;
  // Set by read_headers when a compact list ends the line, or when what
  // follows it is read from the text (read_responses_to_the_end): the walk
  // stops there (see read_to_the_end), and read_case takes the line as read.
  bool line_read = false;
  // The start of the member at which read_responses_to_the_end last failed
  // in this line (null: none yet). A later call from before it would read
  // the same members up to the same failure: it is not made, so that a line
  // of many responses that fails at its end is read in linear time (each of
  // its lists used to read all the rest again: 3.8 s for a 1 MiB line).
  const char* responses_failed_at = nullptr;
  // line_end, line_size, unescape_at, line_read and responses_failed_at
  // for a new line of `size` bytes at `text` (padding follows): every
  // reading of a line, whole or without its policy, starts here.
  void start_line(const char* text, std::size_t size) noexcept {
    line_end = text + size;
    line_size = size;
    unescape_at = nullptr;
    line_read = false;
    responses_failed_at = nullptr;
  }
  case_object* reading = nullptr;  // the case read_case fills
  // After a compact list that ends a member of the case (`}` and `,` at `p`
  // on): members `"key":{"status":N,"headers":[...]}` for key
  // preflight_response, response or observed, N 0 to 999 without a leading
  // zero, each list compact, separated by `,`, then the case's `}` and the
  // line's end. True when that is the whole rest of the line: the members
  // are then read as read_response reads them. Otherwise false: the walk
  // goes on, and reads again (read_response resets it first) any member
  // this began to read, all of which come after the list.
  bool read_responses_to_the_end(const char* p);
  // At the `}` that closes a member of the case: whether the rest of the
  // line is the case's `}`, or `,` and what read_responses_to_the_end reads.
  bool rest_after_a_member(const char* close);
  // Its reading, from `p`; `member`: the start of the last member it began.
  bool read_responses_from(const char* p, const char*& member);
  // After the request's compact `headers` list (`,` at `p`): the member
  // `"credentials":"..."`, the request's `}`, then the case's `}` and the
  // line's end, or `,` and the members read_responses_to_the_end reads. True
  // when that is the whole rest of the line: credentials is then read as
  // read_request reads it (a key the server shape does not know). Otherwise
  // false, and the walk reads credentials again (the same value) and goes on.
  bool read_request_to_the_end(const char* p);
  // A number token as Boost.JSON reads it.
  struct json_number {
    bool integer = false;      // an integer that fits an int64 (`value`) or a uint64 (`uvalue`)
    bool is_unsigned = false;  // the uint64 one
    std::int64_t value = 0;
    std::uint64_t uvalue = 0;
    double real = 0;  // the number as a double either way
  };
  error_code number_of(od::value& v, json_number& out);
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

error_code case_reader::impl::number_of(od::value& v, json_number& out) {
  const std::string_view token = trim_end(v.raw_json_token());
  out = json_number{};
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
      out.integer = true;
      out.value = n;
      out.real = static_cast<double>(n);
      return SUCCESS;
    }
  }
  boost::system::error_code ec;
  number_parser.reset();
  number_parser.write(token.data(), token.size(), ec);
  if (ec) return simdjson::NUMBER_ERROR;
  const boost::json::value n = number_parser.release();
  if (n.is_int64()) {
    out.integer = true;
    out.value = n.get_int64();
    out.real = static_cast<double>(out.value);
  } else if (n.is_uint64()) {
    out.integer = true;
    out.is_unsigned = true;
    out.uvalue = n.get_uint64();
    out.real = static_cast<double>(out.uvalue);
  } else if (n.is_double()) {
    out.real = n.get_double();
  } else {
    return simdjson::NUMBER_ERROR;  // a token simdjson took for a number that is something else
  }
  return SUCCESS;
}

// ---- The loops ------------------------------------------------------------------------

template <class OnField>
error_code case_reader::impl::for_each_field(od::object& o, OnField&& on_field) {
  for (auto member : o) {
    if (error_code e = member.error(); e) return e;
    od::field& f = member.value_unsafe();
    std::string_view key;
    if (error_code e = key_of(f, key); e) return e;
    if (error_code e = on_field(key, f.value()); e) return e;
  }
  return SUCCESS;
}

template <class OnElement>
error_code case_reader::impl::for_each_element(od::array& a, OnElement&& on_element) {
  for (auto element : a) {
    if (error_code e = element.error(); e) return e;
    if (error_code e = on_element(element.value_unsafe()); e) return e;
  }
  return SUCCESS;
}

template <class OnField>
error_code case_reader::impl::read_object(od::value& v, json_kind& kind, int level, OnField&& on_field) {
  od::json_type t{};
  if (error_code e = v.type().get(t); e) return e;
  kind = kind_of(t);
  if (t != od::json_type::object) return check(v, level);
  od::object o;
  if (error_code e = v.get_object().get(o); e) return e;
  return for_each_field(o, on_field);
}

template <class OnElement>
error_code case_reader::impl::read_array(od::value& v, json_kind& kind, int level, OnElement&& on_element) {
  od::json_type t{};
  if (error_code e = v.type().get(t); e) return e;
  kind = kind_of(t);
  if (t != od::json_type::array) return check(v, level);
  od::array a;
  if (error_code e = v.get_array().get(a); e) return e;
  return for_each_element(a, on_element);
}

template <class Member, class ReadItem, class ReadExtra>
error_code case_reader::impl::read_bounded_array(od::value& v, Member& m, int level, ReadItem&& read_item,
                                                 ReadExtra&& read_extra) {
  m.reset();
  return read_array(v, m.kind, level, [&](od::value& ev) {
    const std::size_t i = m.count++;
    if (i >= Member::max_kept) return read_extra(i, ev);
    if (i == m.items.size()) m.items.emplace_back();
    return read_item(ev, m.items[i]);
  });
}

error_code case_reader::impl::unknown_field(object_member& m, std::string_view key, od::value& v, int level) {
  m.note_unknown_key(key);
  return check(v, level);
}

error_code case_reader::impl::check(od::value& v, int level) {
  od::json_type t{};
  if (error_code e = v.type().get(t); e) return e;
  const auto check_inside = [&](od::value& inside) { return check(inside, level + 1); };
  switch (t) {
    case od::json_type::object: {
      if (level > max_level) return simdjson::DEPTH_ERROR;
      od::object o;
      if (error_code e = v.get_object().get(o); e) return e;
      return for_each_field(o, [&](std::string_view, od::value& fv) { return check_inside(fv); });
    }
    case od::json_type::array: {
      if (level > max_level) return simdjson::DEPTH_ERROR;
      od::array a;
      if (error_code e = v.get_array().get(a); e) return e;
      return for_each_element(a, check_inside);
    }
    case od::json_type::string: {
      std::string_view s;
      return string_of(v, s);
    }
    case od::json_type::number: {
      json_number n;
      return number_of(v, n);
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

error_code case_reader::impl::read_number(od::value& v, number_member& m, int level) {
  od::json_type t{};
  if (error_code e = v.type().get(t); e) return e;
  m.kind = kind_of(t);
  m.value = 0;
  if (t != od::json_type::number) return check(v, level);
  json_number n;
  if (error_code e = number_of(v, n); e) return e;
  m.value = n.real;
  return SUCCESS;
}

// In range when Boost.JSON reads an integer 0..999 (an int64 or a uint64).
error_code case_reader::impl::read_status(od::value& v, status_member& m, int level) {
  od::json_type t{};
  if (error_code e = v.type().get(t); e) return e;
  m.kind = kind_of(t);
  m.in_range = false;
  m.value = 0;
  if (t != od::json_type::number) return check(v, level);
  json_number n;
  if (error_code e = number_of(v, n); e) return e;
  if (n.integer && !n.is_unsigned && n.value >= 0 && n.value <= 999) {
    m.in_range = true;
    m.value = static_cast<int>(n.value);
  } else if (n.integer && n.is_unsigned && n.uvalue <= 999) {
    m.in_range = true;
    m.value = static_cast<int>(n.uvalue);
  }
  return SUCCESS;
}

const char* case_reader::impl::compact_escaped_string(const char* s, const char* q, std::string_view& out) {
  // The closing quote is the first one not escaped: each backslash takes the
  // byte after it. simdjson unescapes (and checks) the string.
  while (*q == '\\') {
    if (line_end - q < 2) return nullptr;
    q = quote_or_backslash(q + 2);
  }
  if (q >= line_end) return nullptr;
  if (unescape_at == nullptr) {
    if (unescaped.size() < line_size + 2 * padding) unescaped.resize(line_size + 2 * padding);
    unescape_at = unescaped.data();
  }
  // Room for the string unescaped (never longer than its text) and simdjson's
  // last block store. A list can be read more than once in a line (a text
  // path that does not reach the line's end leaves the rest to the walk,
  // which reads the same lists again), so the strings of a line can need
  // more room than the line's length: then the list is left to the walk,
  // which unescapes into simdjson's own buffer.
  if (static_cast<std::size_t>(unescaped.data() + unescaped.size() - unescape_at) <
      static_cast<std::size_t>(q - s) + padding)
    return nullptr;
  std::uint8_t* to = unescape_at;
  if (parser.unescape(od::raw_json_string(reinterpret_cast<const std::uint8_t*>(s)), to).get(out) != SUCCESS)
    return nullptr;
  unescape_at = to;
  return q;
}

bool case_reader::impl::read_compact_pairs(const char* p, headers_member& m, const char*& end) {
  const char* const stop = line_end;
  ++p;  // the `[`
  if (p < stop && *p == ']') {
    end = p + 1;
    return true;
  }
  for (;;) {
    if (stop - p < 2 || p[0] != '[' || p[1] != '"') return false;
    std::string_view name, value;
    const char* value_end = nullptr;
#if defined(__SSE2__)
    {
      // Most pairs lie whole in the 64 bytes from the name on: their
      // `name","value"` quotes are the first three quotes there, with no
      // backslash before the third. All 64 bytes are classified at once
      // (four independent loads), so finding both strings' ends is not two
      // scans one after the other. Anything else: the scans below.
      const char* const s = p + 2;
      std::uint64_t quotes = 0, backslashes = 0;
      for (int k = 0; k < 4; ++k) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + 16 * k));
        quotes |= std::uint64_t{static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('"'))))}
                  << (16 * k);
        backslashes |= std::uint64_t{static_cast<unsigned>(
                           _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))))}
                       << (16 * k);
      }
      const std::uint64_t from_second = quotes & (quotes - 1);
      const std::uint64_t from_third = from_second & (from_second - 1);
      if (from_third != 0) {
        const auto q1 = static_cast<unsigned>(__builtin_ctzll(quotes));
        const auto q2 = static_cast<unsigned>(__builtin_ctzll(from_second));
        const auto q3 = static_cast<unsigned>(__builtin_ctzll(from_third));
        if (q2 == q1 + 2 && s[q1 + 1] == ',' && (backslashes & ((std::uint64_t{1} << q3) - 1)) == 0 &&
            stop - (s + q3) >= 3 && s[q3 + 1] == ']') {
          name = std::string_view(s, q1);
          value = std::string_view(s + q1 + 3, q3 - q1 - 3);
          value_end = s + q3;
        }
      }
    }
    if (value_end == nullptr) {
#endif
      const char* const name_end = compact_string(p + 2, name);
      if (name_end == nullptr || stop - name_end < 4 || name_end[1] != ',' || name_end[2] != '"') return false;
      value_end = compact_string(name_end + 3, value);
      if (value_end == nullptr || stop - value_end < 3 || value_end[1] != ']') return false;  // `"]` and one more byte
#if defined(__SSE2__)
    }
#endif
    m.pairs.push_back(header_view{name, value});
    p = value_end + 2;  // before `stop`, by the checks above
    if (*p == ',') {
      ++p;
      continue;
    }
    if (*p != ']') return false;
    end = p + 1;
    return true;
  }
}

bool case_reader::impl::read_responses_to_the_end(const char* p) {
  if (responses_failed_at != nullptr && p <= responses_failed_at) return false;
  const char* member = p;
  if (read_responses_from(p, member)) return true;
  responses_failed_at = member;
  return false;
}

bool case_reader::impl::read_responses_from(const char* p, const char*& member) {
  const auto starts = [&](const char* at, std::string_view text) {
    return static_cast<std::size_t>(line_end - at) >= text.size() && std::memcmp(at, text.data(), text.size()) == 0;
  };
  const std::array<std::pair<std::string_view, response_member*>, 3> keys{{
      {"\"preflight_response\":{\"status\":", &reading->preflight_response},
      {"\"response\":{\"status\":", &reading->response},
      {"\"observed\":{\"status\":", &reading->observed},
  }};
  for (;;) {
    member = p;
    response_member* m = nullptr;
    for (const auto& [key, target] : keys) {
      if (starts(p, key)) {
        m = target;
        p += key.size();
        break;
      }
    }
    if (m == nullptr) return false;
    // A status as read_status takes it: an integer 0..999, spelled as JSON
    // spells it (no leading zero).
    int status = 0;
    const char* const digits = p;
    while (p < line_end && *p >= '0' && *p <= '9' && p - digits < 3) status = status * 10 + (*p++ - '0');
    static constexpr std::string_view headers_key = ",\"headers\":[";
    if (p == digits || (*digits == '0' && p - digits > 1) || !starts(p, headers_key)) return false;
    // From here on `m` is rewritten; should the rest of the line not be as
    // said, the walk reads it again from its key.
    m->reset();
    m->kind = json_kind::object;
    m->status = status_member{json_kind::number, true, status};
    const char* end = nullptr;
    if (!read_compact_pairs(p + headers_key.size() - 1, m->headers, end)) return false;
    m->headers.kind = json_kind::array;
    if (line_end - end < 2 || end[0] != '}') return false;
    if (end[1] == ',') {
      p = end + 2;
      continue;
    }
    return end[1] == '}' && line_end - end == 2;
  }
}

bool case_reader::impl::rest_after_a_member(const char* close) {
  return line_end - close >= 2 &&
         ((line_end - close == 2 && close[1] == '}') || (close[1] == ',' && read_responses_to_the_end(close + 2)));
}

bool case_reader::impl::read_request_to_the_end(const char* p) {
  static constexpr std::string_view key = "\"credentials\":\"";
  if (static_cast<std::size_t>(line_end - p) < key.size() || std::memcmp(p, key.data(), key.size()) != 0)
    return false;
  std::string_view value;
  const char* const q = compact_string(p + key.size(), value);
  // `"` `}` and then `}` or `,`: three bytes from the closing quote on.
  if (q == nullptr || line_end - q < 3 || q[1] != '}') return false;
  request_member& r = reading->request;
  r.note_unknown_key(request_shape::server, std::string_view(p + 1, key.size() - 4));
  r.credentials = string_member{json_kind::string, value};
  return rest_after_a_member(q + 1);
}

// [[name, value], ...]: every element is read, the pairs up to the first
// element that is not a pair of strings are kept. `level`: the array's.
error_code case_reader::impl::read_headers(od::value& v, headers_member& m, int level) {
  m.reset();
  // The compact shape first: taken from the text, then the array is skipped
  // by simdjson's structural index in one step (which must end where the
  // text did). Anything else: the element by element walk below.
  if (const std::string_view token = v.raw_json_token(); !token.empty() && token.front() == '[') {
    const char* end = nullptr;
    if (read_compact_pairs(token.data(), m, end)) {
      m.kind = json_kind::array;
      // The list of a member of the case, followed by the member's and the
      // case's closing braces and the line's end, or by compact responses
      // and then the case's brace (read_responses_to_the_end): the text
      // read here is all the line has left, so nothing is walked past it
      // (the walk ends with read_to_the_end, which read_case takes as the
      // line read).
      if (level == 3 && end < line_end &&
          ((end[0] == '}' && rest_after_a_member(end)) ||
           (end[0] == ',' && &m == &reading->request.headers && read_request_to_the_end(end + 1)))) {
        line_read = true;
        return read_to_the_end;
      }
      od::array a;
      std::string_view skipped;
      if (error_code e = v.get_array().get(a); e) return e;
      if (error_code e = a.raw_json().get(skipped); e) return e;
      if (trim_end(skipped).size() != static_cast<std::size_t>(end - token.data())) return simdjson::TAPE_ERROR;
      return SUCCESS;
    }
    m.pairs.clear();
  }
  std::size_t index = 0;
  return read_array(v, m.kind, level, [&](od::value& ev) {
    bool pair = false;
    std::array<std::string_view, 2> nv{};
    // The common case first: a raw token starting with `[`, then `"`.
    if (ev.raw_json_token().front() == '[') {
      od::array items;
      if (error_code e = ev.get_array().get(items); e) return e;
      std::size_t n = 0;
      bool strings = true;
      const error_code e = for_each_element(items, [&](od::value& iv) {
        const std::string_view token = iv.raw_json_token();
        const std::size_t k = n++;
        if (k < 2 && token.front() == '"') return string_of(iv, token, nv[k]);
        strings = false;
        return check(iv, level + 2);
      });
      if (e) return e;
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
    return SUCCESS;
  });
}

// ---- One reader per object --------------------------------------------------------------

error_code case_reader::impl::read_request(od::value& v, request_member& m, int level) {
  m.reset();
  return read_object(v, m.kind, level, [&](std::string_view key, od::value& fv) {
    const int in = level + 1;
    if (key == "method") return read_string(fv, m.method, in);
    if (key == "headers") return read_headers(fv, m.headers, in);
    m.note_unknown_key(request_shape::server, key);  // the keys below are browser mode's
    if (key == "origin") return read_string(fv, m.origin, in);
    if (key == "url") return read_string(fv, m.url, in);
    if (key == "credentials") return read_string(fv, m.credentials, in);
    if (key == "private_network") return read_bool(fv, m.private_network, in);
    if (key == "redirect") return read_string(fv, m.redirect, in);
    m.note_unknown_key(request_shape::browser, key);
    return check(fv, in);
  });
}

error_code case_reader::impl::read_response(od::value& v, response_member& m, int level) {
  m.reset();
  return read_object(v, m.kind, level, [&](std::string_view key, od::value& fv) {
    if (key == "status") return read_status(fv, m.status, level + 1);
    if (key == "headers") return read_headers(fv, m.headers, level + 1);
    return unknown_field(m, key, fv, level + 1);
  });
}

error_code case_reader::impl::read_hop(od::value& v, hop_member& m, int level) {
  m.reset();
  return read_object(v, m.kind, level, [&](std::string_view key, od::value& fv) {
    if (key == "url") return read_string(fv, m.url, level + 1);
    if (key == "preflight_response") return read_response(fv, m.preflight_response, level + 1);
    if (key == "response") return read_response(fv, m.response, level + 1);
    return unknown_field(m, key, fv, level + 1);
  });
}

// Hops past max_read_hops are read into a scratch member, kept only when it
// is the first of them with a problem.
error_code case_reader::impl::read_hops(od::value& v, hops_member& m, int level) {
  return read_bounded_array(
      v, m, level, [&](od::value& ev, hop_member& hop) { return read_hop(ev, hop, level + 1); },
      [&](std::size_t i, od::value& ev) {
        if (error_code e = read_hop(ev, scratch_hop, level + 1); e) return e;
        if (!m.has_bad_extra && !hop_is_good(scratch_hop)) {
          m.has_bad_extra = true;
          m.bad_extra_index = i;
          m.bad_extra = scratch_hop;
        }
        return SUCCESS;
      });
}

error_code case_reader::impl::read_fetch(od::value& v, fetch_member& m, int level) {
  m.reset();
  return read_object(v, m.kind, level, [&](std::string_view key, od::value& fv) {
    if (key == "t") return read_number(fv, m.t, level + 1);
    if (key == "request") return read_request(fv, m.request, level + 1);
    if (key == "preflight_response") return read_response(fv, m.preflight_response, level + 1);
    if (key == "response") return read_response(fv, m.response, level + 1);
    if (key == "hops") return read_hops(fv, m.hops, level + 1);
    return unknown_field(m, key, fv, level + 1);
  });
}

// Fetches past max_session_fetches are only counted (the session is then
// too-large) and checked as JSON.
error_code case_reader::impl::read_fetches(od::value& v, fetches_member& m, int level) {
  return read_bounded_array(
      v, m, level, [&](od::value& ev, fetch_member& fetch) { return read_fetch(ev, fetch, level + 1); },
      [&](std::size_t, od::value& ev) { return check(ev, level + 1); });
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
  reading = &c;
  od::object o;
  if (error_code e = doc.get_object().get(o); e) return e;
  const error_code e = for_each_field(o, [&](std::string_view key, od::value& fv) {
    if (key == "id") return read_string(fv, c.id, 2);
    if (key == "mode") return read_string(fv, c.mode, 2);
    if (key == "policy") return read_policy(fv, c);
    if (key == "request") return read_request(fv, c.request, 2);
    if (key == "preflight_response") return read_response(fv, c.preflight_response, 2);
    if (key == "response") return read_response(fv, c.response, 2);
    if (key == "observed") return read_response(fv, c.observed, 2);
    if (key == "hops") return read_hops(fv, c.hops, 2);
    if (key == "fetches") return read_fetches(fv, c.fetches, 2);
    if (key == "report_cache") return read_bool(fv, c.report_cache, 2);
    return check(fv, 2);  // other keys are ignored, but must be JSON
  });
  if (e == read_to_the_end && line_read) return SUCCESS;  // the rest of the line was read from its text
  if (e) return e;
  // Nothing may follow the object.
  const auto at = doc.current_location();
  return at.error() == simdjson::OUT_OF_BOUNDS ? SUCCESS : simdjson::TRAILING_CONTENT;
}

// ---- case_reader ------------------------------------------------------------------------

void response_member::reset() noexcept {
  object_member::reset();
  status = status_member{};
  headers.reset();
}

void request_member::reset() noexcept {
  kind = json_kind::absent;
  has_unknown_key = {};
  unknown_key = {};
  origin = url = method = credentials = redirect = string_member{};
  private_network = bool_member{};
  headers.reset();
}

void hop_member::reset() noexcept {
  object_member::reset();
  url = string_member{};
  preflight_response.reset();
  response.reset();
}

void hops_member::reset() noexcept {
  bounded_array_member::reset();
  has_bad_extra = false;
  bad_extra_index = 0;
}

void fetch_member::reset() noexcept {
  object_member::reset();
  t = number_member{};
  request.reset();
  preflight_response.reset();
  response.reset();
  hops.reset();
}

void fetches_member::reset() noexcept { bounded_array_member::reset(); }

void case_object::reset() noexcept {
  kind = json_kind::absent;
  id = mode = string_member{};
  policy_kind = json_kind::absent;
  policy_json = {};
  request.reset();
  preflight_response.reset();
  response.reset();
  observed.reset();
  hops.reset();
  fetches.reset();
  report_cache = bool_member{};
  unchecked_json.clear();
}

case_reader::case_reader(bool remember_policies) : impl_(std::make_unique<impl>()) {
  impl_->remember_policies = remember_policies;
}
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
  if (!m.known_policies.empty()) {
    if (m.read_without_the_policy(std::string_view(text, line.size()), out)) {
      ++m.policy_text_reused;
      return true;
    }
    out.reset();
  }
  m.start_line(text, line.size());
  od::document doc;
  if (m.parser.iterate(text, line.size(), line.size() + padding).get(doc) != SUCCESS) return false;
  if (m.read_case(doc, out) != SUCCESS) return false;
  // A policy given once is the one the next lines are likely to repeat.
  if (m.remember_policies && out.policy_kind == json_kind::object && out.unchecked_json.empty())
    m.known_policies.add(out.policy_json);
  return true;
}

std::uint64_t case_reader::policy_text_reused() const noexcept { return impl_->policy_text_reused; }

bool case_reader::impl::read_without_the_policy(std::string_view text, case_object& out) {
  // `{`, then the members before the policy. Scans bounded by `end`: the
  // line has not been through stage 1 yet.
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  if (text.size() < 2 || *begin != '{') return false;
  const auto plain_string = [end](const char* p, std::string_view& s) noexcept -> const char* {
    // `p` at an opening quote: just past the closing one.
    if (p >= end || *p != '"') return nullptr;
    const char* const q = quote_or_backslash_before(p + 1, end);
    if (q == nullptr || *q != '"') return nullptr;
    s = std::string_view(p + 1, static_cast<std::size_t>(q - p - 1));
    return q + 1;
  };
  const char* p = begin + 1;
  const char* policy_key = nullptr;
  // At most max_members_before members before the policy: a line with more
  // is read whole, so a line that never names a policy costs a bounded scan.
  constexpr int max_members_before = 7;
  for (int members = 0; members <= max_members_before && policy_key == nullptr; ++members) {
    const char* const key_at = p;
    std::string_view key;
    std::string_view value;
    p = plain_string(p, key);
    if (p == nullptr || p >= end || *p != ':') return false;
    ++p;
    if (key == "policy") {
      policy_key = key_at;
      break;
    }
    p = plain_string(p, value);
    if (p == nullptr || p >= end || *p != ',') return false;
    ++p;
  }
  if (policy_key == nullptr) return false;
  // A known policy, then `,`: the rest of the line starts after it.
  const std::string_view policy = known_policies.at(p, end);
  const std::size_t n = policy.size();
  // `,` and then a key (`"`): with nothing else, `{"policy":{...},}` would
  // shorten to `{}`, JSON where the line is not.
  if (n == 0 || p[n] != ',' || end - (p + n) < 2 || p[n + 1] != '"') return false;
  const char* const rest = p + n + 1;
  const std::size_t head = static_cast<std::size_t>(policy_key - begin);
  const std::size_t tail = static_cast<std::size_t>(end - rest);
  const std::size_t size = head + tail;
  if (shortened.size() < size + padding) shortened.resize(size + padding);
  std::memcpy(shortened.data(), begin, head);
  std::memcpy(shortened.data() + head, rest, tail);
  std::memset(shortened.data() + size, ' ', padding);
  start_line(shortened.data(), size);
  // read_policy's work for the policy, where it stood: before the members
  // that follow it.
  out.policy_kind = json_kind::object;
  out.policy_json = std::string_view(p, n);  // the line's bytes (equal to the stored text)
  od::document doc;
  if (parser.iterate(shortened.data(), size, size + padding).get(doc) != SUCCESS) return false;
  return read_case(doc, out) == SUCCESS;
}

// ---- Checking the members ------------------------------------------------------------------

namespace {

// A field's name, as a message names it ("fetches[2].hops[0].response"):
// steps kept as views and written out only on failure, so that checking a
// good case allocates nothing.
class field_path {
 public:
  field_path() noexcept = default;
  explicit field_path(std::string_view name) noexcept { push(name, false, 0); }
  // A path is made for every member of every case: its unused steps are
  // never cleared, and a copy is a fixed-size block copy (inlined; a copy of
  // the steps there are called memcpy).
  field_path(const field_path& o) noexcept : n_(o.n_) { std::memcpy(steps_, o.steps_, sizeof steps_); }
  field_path& operator=(const field_path&) = delete;
  [[nodiscard]] field_path then(std::string_view name) const {
    field_path p = *this;
    p.push(name, false, 0);
    return p;
  }
  // `name[index]`: the element `index` of the array `name`.
  [[nodiscard]] field_path then(std::string_view name, std::size_t index) const {
    field_path p = *this;
    p.push(name, true, index);
    return p;
  }
  void write(std::string& out) const {
    out.clear();
    for (std::size_t i = 0; i < n_; ++i) {
      if (i != 0) out.push_back('.');
      out.append(steps_[i].name, steps_[i].size);
      if (steps_[i].indexed) out.append("[").append(std::to_string(steps_[i].index)).append("]");
    }
  }

 private:
  // No member initializers: only steps_[0, n_) are written and read.
  struct step {
    const char* name;
    std::size_t size;
    std::size_t index;
    bool indexed;
  };
  void push(std::string_view name, bool indexed, std::size_t index) noexcept {
    if (n_ < std::size(steps_)) steps_[n_++] = step{name.data(), name.size(), index, indexed};
  }
  step steps_[5];
  std::size_t n_ = 0;
};

// `field` is `name` + `suffix` ("observed" + ".status"): built only here, on
// failure, so that a good case allocates nothing.
bool fail(problem& p, problem_kind kind, std::string_view name, std::string_view suffix = {},
          std::string_view expected = {}) {
  p.kind = kind;
  p.field.assign(name).append(suffix);
  p.expected = expected;
  return false;
}

bool fail(problem& p, problem_kind kind, const field_path& name, std::string_view suffix = {},
          std::string_view expected = {}) {
  p.kind = kind;
  name.write(p.field);
  p.field.append(suffix);
  p.expected = expected;
  return false;
}

// A message problem: `text` is the whole message.
bool fail_message(problem& p, std::string text, problem_kind kind = problem_kind::message) {
  p.kind = kind;
  p.text = std::move(text);
  return false;
}

std::string name_of(const field_path& path, std::string_view suffix = {}) {
  std::string s;
  path.write(s);
  return s.append(suffix);
}

bool given(json_kind k) noexcept { return k != json_kind::absent && k != json_kind::null; }

// A required string member ("request.method").
bool required_string(const string_member& m, const field_path& field, problem& p) {
  if (!given(m.kind)) return fail(p, problem_kind::required, field, {}, "a string");
  if (m.kind != json_kind::string) return fail(p, problem_kind::wrong_type, field, {}, "a string");
  return true;
}

// An optional header list named `name` + `suffix`: absent or null is no header.
bool header_list_of(const headers_member& m, const field_path& name, std::string_view suffix, header_list& out,
                    problem& p) {
  out = header_list();
  if (!given(m.kind)) return true;
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
    "method, headers",                                                       // request_shape::server
    "origin, url, method, headers, credentials, private_network, redirect",  // request_shape::browser
};

// `request` (named `name`) is an object with only the keys of `shape`.
bool request_object(const request_member& r, const field_path& name, request_shape shape, problem& p) {
  if (r.kind == json_kind::absent) return fail(p, problem_kind::required, name, {}, "an object");
  if (r.kind != json_kind::object) return fail(p, problem_kind::wrong_type, name, {}, "an object");
  const auto s = static_cast<std::size_t>(shape);
  if (r.has_unknown_key[s]) {
    p.key = r.unknown_key[s];
    return fail(p, problem_kind::unknown_key, name, {}, request_keys[s]);
  }
  return true;
}

// A given member named `name` is an object with only the keys `keys`.
bool known_keys_object(const object_member& m, const field_path& name, std::string_view keys, problem& p) {
  if (m.kind != json_kind::object) return fail(p, problem_kind::wrong_type, name, {}, "an object");
  if (m.has_unknown_key) {
    p.key = m.unknown_key;
    return fail(p, problem_kind::unknown_key, name, {}, keys);
  }
  return true;
}

// {"status", "headers"} named `name` ("observed").
bool response_object(const response_member& m, const field_path& name, http_response& out, problem& p) {
  if (!known_keys_object(m, name, "status, headers", p)) return false;
  if (!given(m.status.kind)) return fail(p, problem_kind::required, name, ".status", "an integer 0..999");
  if (!m.status.in_range) return fail(p, problem_kind::bad_status, name, ".status");
  out.status = m.status.value;
  return header_list_of(m.headers, name, ".headers", out.headers, p);
}

// `request` of server and audit modes.
bool server_request_of(const case_object& c, server_request& request, problem& p) {
  if (c.policy_kind == json_kind::absent) return fail(p, problem_kind::required, "policy", {}, "an object");
  if (c.policy_kind != json_kind::object) return fail(p, problem_kind::wrong_type, "policy", {}, "an object");
  const field_path name("request");
  if (!request_object(c.request, name, request_shape::server, p)) return false;
  if (!required_string(c.request.method, name.then("method"), p)) return false;
  request.method = c.request.method.value;
  return header_list_of(c.request.headers, name, ".headers", request.headers, p);
}

// A browser `request` (named `name`): origin, url, method, headers,
// credentials, private_network. `redirect` is read by redirect_of.
bool browser_request_of(const request_member& r, const field_path& name, browser_request& req, problem& p) {
  if (!request_object(r, name, request_shape::browser, p)) return false;
  if (!required_string(r.origin, name.then("origin"), p)) return false;
  req.origin = r.origin.value;
  if (!required_string(r.url, name.then("url"), p)) return false;
  req.url = r.url.value;
  if (!required_string(r.method, name.then("method"), p)) return false;
  req.method = r.method.value;
  if (!header_list_of(r.headers, name, ".headers", req.headers, p)) return false;
  std::string_view credentials = "same-origin";
  if (given(r.credentials.kind)) {
    if (r.credentials.kind != json_kind::string) {
      return fail(p, problem_kind::wrong_type, name, ".credentials", "a string");
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
    return fail_message(p, name_of(name, R"(.credentials: expected "omit", "same-origin" or "include", got )")
                               .append(policy_json::quoted(credentials)));
  }
  req.private_network = false;
  if (given(r.private_network.kind)) {
    if (r.private_network.kind != json_kind::boolean) {
      return fail(p, problem_kind::wrong_type, name, ".private_network", "true or false");
    }
    req.private_network = r.private_network.value;
  }
  return true;
}

// `request.redirect`: follow (the default), error or manual.
bool redirect_of(const request_member& r, const field_path& name, redirect_input& out, problem& p) {
  out = redirect_input::follow;
  if (!given(r.redirect.kind)) return true;
  if (r.redirect.kind != json_kind::string) return fail(p, problem_kind::wrong_type, name, ".redirect", "a string");
  const std::string_view v = r.redirect.value;
  if (v == "follow") {
    out = redirect_input::follow;
  } else if (v == "error") {
    out = redirect_input::error;
  } else if (v == "manual") {
    out = redirect_input::manual;
  } else {
    return fail_message(p, name_of(name, R"(.redirect: expected "follow", "error" or "manual", got )")
                               .append(policy_json::quoted(v)));
  }
  return true;
}

// One element of `hops` (named `name`, "hops[2]").
bool hop_of(const hop_member& h, const field_path& name, hop_input& out, http_response& preflight,
            http_response& response, problem& p) {
  if (!known_keys_object(h, name, "url, preflight_response, response", p)) return false;
  out = hop_input{};
  if (given(h.url.kind)) {
    if (h.url.kind != json_kind::string) return fail(p, problem_kind::wrong_type, name, ".url", "a string");
    out.has_url = true;
    out.url = h.url.value;
  }
  if (given(h.preflight_response.kind)) {
    if (!response_object(h.preflight_response, name.then("preflight_response"), preflight, p)) return false;
    out.preflight_response = &preflight;
  }
  if (given(h.response.kind)) {
    if (!response_object(h.response, name.then("response"), response, p)) return false;
    out.response = &response;
  }
  return true;
}

bool hop_is_good(const hop_member& h) {
  hop_input out;
  http_response preflight;
  http_response response;
  problem p;
  return hop_of(h, field_path("hops"), out, preflight, response, p);
}

// A chain: `request` (and its `redirect`), then `hops`, or the one-exchange
// `preflight_response`/`response` as hop 0. `base` names the object that
// holds them: the case (empty) or a session's fetch.
bool chain_of(const request_member& r, const response_member& preflight, const response_member& response,
              const hops_member& hops, const field_path& base, chain_input& out, problem& p) {
  const field_path request_name = base.then("request");
  if (!browser_request_of(r, request_name, out.request, p)) return false;
  if (!redirect_of(r, request_name, out.redirect, p)) return false;
  out.hop_count = 0;
  if (!given(hops.kind)) {  // a one-exchange shape: one hop
    hop_input& hop = out.hops[0];
    hop = hop_input{};
    if (given(preflight.kind)) {
      if (!response_object(preflight, base.then("preflight_response"), out.preflight_storage[0], p)) return false;
      hop.preflight_response = &out.preflight_storage[0];
    }
    if (given(response.kind)) {
      if (!response_object(response, base.then("response"), out.response_storage[0], p)) return false;
      hop.response = &out.response_storage[0];
    }
    out.hop_count = 1;
    return true;
  }
  const field_path hops_name = base.then("hops");
  if (given(response.kind) || given(preflight.kind)) {
    return fail_message(p, name_of(hops_name, ": cannot be given together with ")
                               .append(name_of(base.then(given(response.kind) ? "response" : "preflight_response")))
                               .append(" (a chain gives each hop's responses in its element of hops)"));
  }
  if (hops.kind != json_kind::array) {
    return fail(p, problem_kind::wrong_type, hops_name, {}, "an array of hop objects");
  }
  const std::size_t n = hops.kept();
  for (std::size_t i = 0; i < n; ++i) {
    if (!hop_of(hops.items[i], base.then("hops", i), out.hops[i], out.preflight_storage[i], out.response_storage[i],
                p)) {
      return false;
    }
  }
  if (hops.has_bad_extra) {  // a hop past the ones the chain can reach, with a problem
    hop_input unused;
    http_response unused_preflight;
    http_response unused_response;
    if (!hop_of(hops.bad_extra, base.then("hops", hops.bad_extra_index), unused, unused_preflight, unused_response,
                p)) {
      return false;
    }
  }
  out.hop_count = n;
  return true;
}

// A number as messages show it: integers without a fraction, others in the
// shortest form that reads back the same.
std::string number_text(double d) {
  std::array<char, 32> buf{};
  return std::string(format_number(buf, d));
}

}  // namespace

std::string_view format_number(std::array<char, 32>& buf, double d) noexcept {
  if (std::isfinite(d) && std::fabs(d) <= 9007199254740992.0 && d == std::trunc(d)) {
    const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), static_cast<std::int64_t>(d));
    return {buf.data(), static_cast<std::size_t>(r.ptr - buf.data())};
  }
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), d);
  return {buf.data(), static_cast<std::size_t>(r.ptr - buf.data())};
}

bool read_id_and_mode(const case_object& c, std::string_view& id, case_mode& mode, problem& p) {
  if (c.kind != json_kind::object) return fail(p, problem_kind::not_a_case, "");
  if (c.id.kind != json_kind::absent) {
    if (c.id.kind != json_kind::string) return fail(p, problem_kind::wrong_type, "id", {}, "a string");
    id = c.id.value;
  }
  if (c.mode.kind == json_kind::absent) {
    return fail(p, problem_kind::required, "mode", {}, R"(one of "server", "browser", "browser-session", "audit")");
  }
  if (c.mode.kind != json_kind::string) return fail(p, problem_kind::wrong_type, "mode", {}, "a string");
  const std::string_view m = c.mode.value;
  if (m == "server") {
    mode = case_mode::server;
  } else if (m == "browser") {
    mode = case_mode::browser;
  } else if (m == "audit") {
    mode = case_mode::audit;
  } else if (m == "browser-session") {
    mode = case_mode::browser_session;
  } else {
    p.text = std::string("mode: unknown mode ")
                 .append(policy_json::quoted(m))
                 .append(R"( (expected "server", "browser", "browser-session" or "audit"))");
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
  return response_object(c.observed, field_path("observed"), observed, p);
}

bool browser_inputs(const case_object& c, browser_exchange& x, http_response& preflight, http_response& response,
                    problem& p) {
  if (!browser_request_of(c.request, field_path("request"), x.request, p)) return false;
  x.preflight_response = nullptr;
  x.response = nullptr;
  if (given(c.preflight_response.kind)) {
    if (!response_object(c.preflight_response, field_path("preflight_response"), preflight, p)) return false;
    x.preflight_response = &preflight;
  }
  if (given(c.response.kind)) {
    if (!response_object(c.response, field_path("response"), response, p)) return false;
    x.response = &response;
  }
  return true;
}

bool is_chain(const case_object& c) noexcept {
  return given(c.hops.kind) || (c.request.kind == json_kind::object && given(c.request.redirect.kind));
}

bool chain_inputs(const case_object& c, chain_input& out, problem& p) {
  return chain_of(c.request, c.preflight_response, c.response, c.hops, field_path(), out, p);
}

bool fetch_inputs(const case_object& c, std::size_t i, chain_input& out, double& t, problem& p) {
  const fetch_member& f = c.fetches.items[i];
  const field_path name = field_path().then("fetches", i);
  if (!known_keys_object(f, name, "t, request, hops, preflight_response, response", p)) return false;
  if (!given(f.t.kind)) {
    return fail(p, problem_kind::required, name, ".t", "a number (seconds since the session began)");
  }
  if (f.t.kind != json_kind::number) return fail(p, problem_kind::wrong_type, name, ".t", "a number");
  t = f.t.value;
  if (!std::isfinite(t)) return fail_message(p, name_of(name, ".t: not a finite number"));
  if (t < 0) {
    return fail_message(p, name_of(name, ".t: ").append(number_text(t)).append(
                               " is negative (t is the time in seconds since the session began)"));
  }
  return chain_of(f.request, f.preflight_response, f.response, f.hops, name, out, p);
}

bool session_inputs(const case_object& c, chain_input& scratch, bool& report_cache, problem& p) {
  const fetches_member& fs = c.fetches;
  if (!given(fs.kind)) return fail(p, problem_kind::required, "fetches", {}, "an array of fetches");
  if (fs.kind != json_kind::array) return fail(p, problem_kind::wrong_type, "fetches", {}, "an array of fetches");
  report_cache = false;
  if (given(c.report_cache.kind)) {
    if (c.report_cache.kind != json_kind::boolean) {
      return fail(p, problem_kind::wrong_type, "report_cache", {}, "true or false");
    }
    report_cache = c.report_cache.value;
  }
  if (fs.count > max_session_fetches) {
    return fail_message(p,
                        std::string("fetches: ")
                            .append(std::to_string(fs.count))
                            .append(" fetches, more than corsproof's bound of ")
                            .append(std::to_string(max_session_fetches))
                            .append(" per session"),
                        problem_kind::too_large);
  }
  double previous = 0;
  for (std::size_t i = 0; i < fs.count; ++i) {
    double t = 0;
    if (!fetch_inputs(c, i, scratch, t, p)) return false;
    if (i > 0 && t < previous) {
      return fail_message(p, name_of(field_path().then("fetches", i), ".t: ")
                                 .append(number_text(t))
                                 .append(" is earlier than the previous fetch's t, ")
                                 .append(number_text(previous))
                                 .append(" (fetches are given in the order they happen)"));
    }
    previous = t;
  }
  return true;
}

}  // namespace corsproof::cli

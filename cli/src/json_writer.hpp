// cli/src/json_writer.hpp — writes one compact JSON text into a reusable
// buffer, without building a document: the oracle's answers have a fixed
// shape, so they are written field by field.
//
// The output is byte for byte what Boost.JSON's serializer writes for the
// same values (the oracle's answers were Boost.JSON serializations before,
// and stay identical): no whitespace; in strings `"` and `\` are escaped,
// U+0008/09/0A/0C/0D as \b \t \n \f \r, every other byte below 0x20 as
// \u00XX with lower-case hex digits, and every other byte (DEL and all bytes
// >= 0x80, valid UTF-8 or not) is copied as is; integers in decimal.
//
//   json_writer w;
//   w.begin_object().key("id").string(id).key("allowed").boolean(true).end_object();
//   write(w.view());
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string_view>

namespace corsproof::cli {

class json_writer {
 public:
  json_writer() { grow(4096); }

  // Starts a new text; the buffer is kept.
  void clear() noexcept { size_ = 0; }
  [[nodiscard]] std::string_view view() const noexcept { return {buf_.get(), size_}; }
  // Replaces the text (a last-resort answer written by hand; must fit the buffer).
  void assign(std::string_view text) noexcept {
    size_ = text.size() < capacity_ ? text.size() : capacity_;
    std::memcpy(buf_.get(), text.data(), size_);
  }

  json_writer& begin_object() { return punct('{'); }
  json_writer& end_object() { return close('}'); }
  json_writer& begin_array() { return punct('['); }
  json_writer& end_array() { return close(']'); }
  // `name` is one of the oracle's field names: written without escaping.
  // Always inlined, as plain_member: the names are constants, so the copy
  // becomes a few stores (left to the inliner, key was called out of line,
  // with a memcpy call per name, once oracle.cpp grew).
  [[gnu::always_inline]] json_writer& key(std::string_view name) {
    char* p = room(name.size() + 4);
    p = separate(p);
    *p++ = '"';
    std::memcpy(p, name.data(), name.size());
    p += name.size();
    *p++ = '"';
    *p++ = ':';
    size_ = static_cast<std::size_t>(p - buf_.get());
    return *this;
  }
  json_writer& string(std::string_view s);
  // `["a","b",...]`: the same text as begin_array(), string() of each item,
  // end_array(), with one room check for the whole array.
  json_writer& strings(std::span<const std::string_view> items);
  // A string value that is one of the oracle's own words (an enumeration
  // value such as "blocked-preflight" or "header-not-allowed"): written
  // without escaping, as plain_member writes its value.
  [[gnu::always_inline]] json_writer& plain_string(std::string_view value) {
    return put_plain_value(separate(room(value.size() + 2)), value);
  }
  // `["a","b"]`, one element of a header list: the same text as
  // begin_array().string(a).string(b).end_array(), in one step.
  json_writer& pair(std::string_view a, std::string_view b);
  // `"name":"value"` where both are the oracle's own words (field names and
  // enumeration values such as "preflight" or "origin-not-allowed"), written
  // without escaping: key(name).string(value) for strings that need none.
  [[gnu::always_inline]] json_writer& plain_member(std::string_view name, std::string_view value) {
    key(name);
    return put_plain_value(room(value.size() + 2), value);  // just after ':': no separator
  }
  json_writer& boolean(bool b) { return b ? literal("true") : literal("false"); }
  json_writer& null() { return literal("null"); }
  json_writer& number(std::int64_t n);
  json_writer& number(std::uint64_t n);
  json_writer& number(int n) { return number(static_cast<std::int64_t>(n)); }
  // A number already written as JSON (format_number's output): copied as is.
  json_writer& raw_number(std::string_view text) { return literal(text); }

 private:
  // At least `n` more bytes (plus one for a separating comma) past size_.
  char* room(std::size_t n) {
    if (capacity_ - size_ < n + 1) grow(n + 1);
    return buf_.get() + size_;
  }
  void grow(std::size_t n);
  // Writes `s` as a JSON string at `p` (room for 6 * s.size() + 2 bytes)
  // and returns the end.
  static char* put_string(char* p, std::string_view s) noexcept;
  // Writes `["a","b",...]` at `p` (room for 2 + the sum of 6 * size + 3)
  // and returns the end: strings() and pair().
  static char* put_array(char* p, const std::string_view* items, std::size_t n) noexcept;
  // `"value"` at `p` (room for value.size() + 2 bytes) without escaping;
  // the text then ends there.
  [[gnu::always_inline]] json_writer& put_plain_value(char* p, std::string_view value) {
    *p++ = '"';
    std::memcpy(p, value.data(), value.size());
    p += value.size();
    *p++ = '"';
    size_ = static_cast<std::size_t>(p - buf_.get());
    return *this;
  }
  // A comma before a member or an element, unless it is the first one (just
  // after `{` or `[`) or a value (just after `:`).
  char* separate(char* p) const noexcept {
    if (size_ != 0) {
      const char c = p[-1];
      if (c != '{' && c != '[' && c != ':') *p++ = ',';
    }
    return p;
  }
  json_writer& punct(char c) {
    char* p = separate(room(1));
    *p++ = c;
    size_ = static_cast<std::size_t>(p - buf_.get());
    return *this;
  }
  json_writer& close(char c) {
    *room(1) = c;
    ++size_;
    return *this;
  }
  json_writer& literal(std::string_view text) {
    char* p = separate(room(text.size()));
    std::memcpy(p, text.data(), text.size());
    size_ = static_cast<std::size_t>(p + text.size() - buf_.get());
    return *this;
  }

  std::unique_ptr<char[]> buf_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace corsproof::cli

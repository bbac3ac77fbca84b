// Request header names and values, author header lists, and the spellings of
// Access-Control-Request-Headers.
#include <algorithm>

#include "corsproof_generators/generators.hpp"
#include "pools.hpp"

using namespace std::string_literals;

namespace corsproof_gen {

rc::Gen<std::string> request_header_name() {
  return rc::gen::weightedOneOf<std::string>(
      {{20, rc::gen::mapcat(rc::gen::elementOf(pools::request_header_names()), case_variant)},
       {3, token(12)},
       {1, rc::gen::element("Bad Name"s, ""s, "a:b"s, "x-\xC3\xA9"s, "X(Y)"s, "x\ty"s)}});
}

rc::Gen<std::string> listed_header_name() {
  return rc::gen::weightedOneOf<std::string>({{10, rc::gen::mapcat(rc::gen::elementOf(pools::listed_header_names()), case_variant)},
                                              {2, token(10)}});
}

namespace {

const std::string kAcceptBytes = "abcdefghijklmnopqrstuvwxyz/*;=,.+- 0123456789";
const std::string kLanguageBytes = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 *,-.;=";

// A value of `n` bytes that keeps a name's safelisting rule (n at and around
// 128, or around 1024/k for duplicates).
std::string fill_value(const std::string& lname, std::size_t n) {
  if (lname == "content-type") {
    const std::string base = "text/plain;a=";
    return n <= base.size() ? std::string("text/plain").substr(0, std::min<std::size_t>(n, 10)) : base + std::string(n - base.size(), 'b');
  }
  if (lname == "range") {
    const std::string base = "bytes=";
    if (n <= base.size() + 1) return std::string("bytes=0-").substr(0, n);
    // bytes=<digits>- with the start digits filling the rest
    return base + std::string(n - base.size() - 1, '1') + "-";
  }
  if (lname == "accept-language" || lname == "content-language") return std::string(n, 'e');
  return std::string(n, 'a');
}

rc::Gen<std::string> value_for_lowercase_name(const std::string& lname) {
  if (lname == "accept") {
    return rc::gen::weightedOneOf<std::string>(
        {{6, rc::gen::element("*/*"s, "text/html"s, "application/json"s, "text/html, application/xhtml+xml"s, "*"s, ""s,
                              "image/*;q=0.8"s, "\x80\xFF"s, "a\tb"s)},
         {3, rc::gen::mapcat(around(128), [](std::size_t n) { return string_of_length(n, kAcceptBytes); })},
         {2, rc::gen::exec([] {
            std::string v = "text/html";
            v.insert(*rc::gen::inRange<std::size_t>(0, v.size() + 1), 1, *rc::gen::elementOf(pools::cors_unsafe_bytes()));
            return v;
          })}});
  }
  if (lname == "accept-language" || lname == "content-language") {
    return rc::gen::weightedOneOf<std::string>(
        {{6, rc::gen::element("en-US"s, "en-US,en;q=0.9"s, "de-DE, fr;q=0.5"s, "bzh"s, "eu"s, "*"s, ""s, "de_DE"s,
                              "en/US"s, "en:US"s, "en\tUS"s, "fr\xE9"s, "en-US!"s, "x=y;z"s)},
         {3, rc::gen::mapcat(around(128), [](std::size_t n) { return string_of_length(n, kLanguageBytes); })}});
  }
  if (lname == "content-type") {
    return rc::gen::weightedOneOf<std::string>(
        {{8, rc::gen::element("text/plain"s, "TEXT/PLAIN"s, "text/plain;charset=utf-8"s, "text/plain; charset=\"utf-8\""s,
                              "application/x-www-form-urlencoded"s, "multipart/form-data; boundary=----x"s,
                              "application/json"s, "text/plain, application/json"s,
                              "text/plain;charset=utf-8,text/html"s, "text /plain"s, "text/plain;"s,
                              "text/plain;garbage"s, "text/"s, "/plain"s, "text\t/plain"s, "text/plain\t;x=y"s,
                              "text/plain (comment)"s, "text/plain;a=?"s, "text/plain;a=\x7F"s, "Multipart/Form-Data"s,
                              "text/plain\t"s, "text/plain \t"s, "application/csp-report"s, "text/plain;\x80"s,
                              "text/plain ;"s, "te xt/plain"s, "text/pl ain"s, "text/plain,"s)},
         {3, rc::gen::mapcat(around(128), [](std::size_t n) { return rc::gen::just(fill_value("content-type", n)); })}});
  }
  if (lname == "range") {
    return rc::gen::weightedOneOf<std::string>(
        {{8, rc::gen::element("bytes=0-"s, "bytes=0-0"s, "bytes=200-"s, "bytes=-500"s, "bytes=1-0"s, "BYTES=0-1"s,
                              "bytes= 0-1"s, "bytes=0-1,2-3"s, "bytes=01-1"s, "bytes=0-1 "s, "bytes="s, "bytes=-"s,
                              "bytes=99999999999999999999-99999999999999999999"s,
                              "bytes=100000000000000000000-99999999999999999999"s, "bytes=2-10"s, "Bytes=0-"s,
                              "bytes =0-"s, "bytes=0--1"s, "bytes=0-1-"s, "bytes=\t0-"s, "byte=0-"s)},
         {3, rc::gen::mapcat(around(128), [](std::size_t n) { return rc::gen::just(fill_value("range", n)); })}});
  }
  if (lname == "x-http-method-override" || lname == "x-method-override" || lname == "x-http-method") {
    return rc::gen::element("PUT"s, "TRACE"s, "get, Trace"s, "\"trace\""s, "connect ,"s, "Track"s, "DELETE, CONNECTX"s,
                            "trace\t"s, ", ,"s, "\"a,trace\""s, "\"unterminated, trace"s, "PATCH, track"s, "x\"y\",TRACK"s,
                            "\"\\\"\", connect"s);
  }
  if (lname == "authorization") return rc::gen::element("Bearer abc"s, ""s, "Basic dXNlcjpwYXNz"s);
  return rc::gen::weightedOneOf<std::string>({{6, rc::gen::element("1"s, "value"s, ""s, "on"s, "abc123"s, "x y"s)},
                                              {2, random_bytes(16)},
                                              {1, rc::gen::map(around(8192), [](std::size_t n) { return std::string(n, 'v'); })}});
}

}  // namespace

rc::Gen<std::string> request_header_value(const std::string& name) {
  const std::string lname = detail::lower_all(name);
  return rc::gen::exec([lname] {
    std::string v = *value_for_lowercase_name(lname);
    switch (*rc::gen::weightedElement<int>({{20, 0}, {3, 1}, {1, 2}, {1, 3}})) {
      case 1: {  // HTTP whitespace around: Headers normalization strips it
        static const std::string ws = " \t\r\n";
        const auto a = *rc::gen::inRange(0, 3), b = *rc::gen::inRange(0, 3);
        for (int i = 0; i < a; ++i) v.insert(v.begin(), *rc::gen::elementOf(ws));
        for (int i = 0; i < b; ++i) v.push_back(*rc::gen::elementOf(ws));
        break;
      }
      case 2:  // NUL, CR or LF inside: fetch() throws
        v.insert(*rc::gen::inRange<std::size_t>(0, v.size() + 1), 1, *rc::gen::element('\0', '\r', '\n'));
        break;
      case 3: v = *byte_edit(v); break;
      default: break;
    }
    return v;
  });
}

rc::Gen<std::vector<Header>> author_headers() {
  return rc::gen::exec([] {
    std::vector<Header> headers;
    const int mode = *rc::gen::weightedElement<int>({{30, 0}, {4, 1}, {1, 2}, {1, 3}});
    if (mode == 1) {
      // Duplicated safelisted headers around the 1024-byte total.
      const std::string name = *rc::gen::element("Accept"s, "Accept-Language"s, "Content-Language"s, "Content-Type"s);
      const std::size_t len = *rc::gen::element<std::size_t>(64, 100, 127, 128);
      const std::size_t k = 1024 / len;
      const std::size_t copies = *rc::gen::element<std::size_t>(k - 1, k, k + 1);
      const std::string lname = detail::lower_all(name);
      for (std::size_t i = 0; i < copies; ++i) headers.push_back({*case_variant(name), fill_value(lname, len)});
      // The UA's Accept (3 bytes) counts too when the page sets none.
      if (*rc::gen::arbitrary<bool>()) headers.push_back({"Accept", *rc::gen::element("*/*"s, ""s, "a"s)});
    } else if (mode == 2) {
      // Many distinct unsafe names around corsproof's 64-name bound.
      const std::size_t n = *rc::gen::element<std::size_t>(62, 63, 64, 65);
      for (std::size_t i = 0; i < n; ++i) headers.push_back({"x-h" + std::to_string(i), "1"});
    } else if (mode == 3) {
      // Names at and around 256 bytes, values around 8192, pairs around 256.
      switch (*rc::gen::inRange(0, 3)) {
        case 0: headers.push_back({"x-" + std::string(*around(256) - 2, 'n'), "1"}); break;
        case 1: headers.push_back({"X-Big", std::string(*around(8192), 'v')}); break;
        default: {
          const std::size_t n = *around(256);
          for (std::size_t i = 0; i < n; ++i) headers.push_back({"Accept-Language", "en"});
        }
      }
    }
    const auto extra = *rc::gen::inRange(0, mode == 0 ? 5 : 2);
    for (int i = 0; i < extra; ++i) {
      const std::string name = *request_header_name();
      headers.push_back({name, *request_header_value(name)});
    }
    // Sometimes a header given twice, with the same or another value.
    if (!headers.empty() && *rc::gen::weightedElement<bool>({{6, false}, {1, true}})) {
      const Header h = *rc::gen::elementOf(headers);
      headers.push_back({*case_variant(h.name), *rc::gen::oneOf(rc::gen::just(h.value), request_header_value(h.name))});
    }
    return headers;
  });
}

rc::Gen<std::vector<std::string>> acrh_values(const std::vector<std::string>& names) {
  return rc::gen::exec([names] {
    std::vector<std::string> elements;
    for (const std::string& n : names) {
      elements.push_back(*case_variant(n));
      // Empty elements sprinkled in.
      if (*rc::gen::weightedElement<bool>({{8, false}, {1, true}})) elements.push_back("");
    }
    if (*rc::gen::weightedElement<bool>({{8, false}, {1, true}})) elements.insert(elements.begin(), "");
    // Split over 1..3 headers.
    const std::size_t parts = elements.empty() ? 1 : *rc::gen::inRange<std::size_t>(1, std::min<std::size_t>(3, elements.size()) + 1);
    std::vector<std::vector<std::string>> groups(parts);
    for (std::size_t i = 0; i < elements.size(); ++i) groups[i * parts / elements.size()].push_back(elements[i]);
    std::vector<std::string> values;
    for (const auto& g : groups) {
      std::string v;
      for (std::size_t i = 0; i < g.size(); ++i) {
        if (i) v += *rc::gen::element(","s, ", "s, " ,"s, " , "s, ",\t"s);
        v += *ows() + g[i] + *ows();
      }
      values.push_back(v);
    }
    return values;
  });
}

}  // namespace corsproof_gen

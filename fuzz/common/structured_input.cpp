#include "structured_input.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <typeinfo>

#include "check.hpp"

namespace corsproof_fuzz {

namespace dicts {
namespace {

constexpr std::string_view request_origins_a[] = {
    "https://app.example", "https://api.example", "http://app.example", "https://a.example.com",
    "https://b.a.example.com", "https://example.com", "https://x.example.org", "http://localhost:8080",
    "https://app.example:8443", "null", "https://APP.example", "https://app.example:443", "https://app.example/",
    "https://a.example.com:8443", "https://[::1]", "http://127.0.0.1:3000", "https://example.com.evil.test",
    "HTTPS://app.example", "https://user@app.example", "https://app.example?x", "", " https://app.example ",
    "https://app.example, https://api.example", "Null", "https://-.example.com", "https://a_b.example.com",
};

constexpr std::string_view policy_origins_a[] = {
    "*", "null", "https://app.example", "https://*.example.com", "https://*.example.com:8443",
    "re:^https://[a-z0-9-]+\\.example\\.org$", "re:https://app\\.example", "http://localhost:8080",
    "https://app.example:8443", "https://api.example", "http://app.example", "https://App.example",
    "https://app.example:443", "https://app.example/", "https://*.example.com:443", "re:(", "https://*",
    "*.example.com", "https://*.1.2.3.4", "https://*.Example.com", "https://user@app.example", "https://[::1]",
    "re:.*", "re:https://.*", "http://127.0.0.1:3000", "https://app.example:08443", "https://*.[::1]",
    "https://*.example.com/", "ftp://app.example:21", "re:[", "",
};

constexpr std::string_view valid_policy_origins_a[] = {
    "https://app.example", "https://*.example.com", "null", "re:^https://[a-z0-9-]+\\.example\\.org$",
    "http://localhost:8080", "https://app.example:8443", "https://*.example.com:8443", "https://api.example",
    "http://app.example", "re:https://app\\.example", "https://[::1]", "http://127.0.0.1:3000", "*", "re:.*",
};
constexpr std::string_view valid_methods_a[] = {
    "GET", "PUT", "PATCH", "patch", "DELETE", "delete", "OPTIONS", "POST", "*", "QUERY", "put", "X-CUSTOM",
};
constexpr std::string_view valid_field_names_a[] = {
    "content-type", "x-api-key", "Content-Type", "X-Api-Key", "authorization", "*", "x-request-id",
    "X-Request-Id", "x-custom", "x-a", "x-b", "cache-control", "set-cookie", "date",
};

constexpr std::string_view methods_a[] = {
    "GET", "HEAD", "POST", "PUT", "PATCH", "patch", "DELETE", "delete", "OPTIONS", "options",
    "CONNECT", "connect", "TRACE", "TRACK", "get", "post", "put", "Post", "QUERY", "*", "", "GET POST", "X-CUSTOM",
    "GET,", "PROPFIND",
};

constexpr std::string_view field_names_a[] = {
    "content-type", "x-api-key", "Content-Type", "X-Api-Key", "authorization", "Authorization", "*",
    "x-request-id", "X-Request-Id", "cache-control", "set-cookie", "accept", "x-custom", "x-a", "x-b", "",
    "bad name", "x-api-key,", "range", "content-language", "accept-language", "user-agent", "x:y",
};

constexpr std::string_view list_values_a[] = {
    "content-type", "x-api-key", "Content-Type, X-Api-Key", "content-type,x-api-key", "authorization",
    "Authorization, content-type", ",,", " , ", "x-a,x-b", "bad header", "x-api-key;", "", "*", "x-a, , x-b",
    "x-a,\tx-b ", "content-type, authorization, x-api-key", "x-custom", "x-a , x-a", "\x01", "x-request-id",
};

constexpr std::string_view server_header_names_a[] = {
    "Origin", "origin", "Access-Control-Request-Method", "access-control-request-method",
    "Access-Control-Request-Headers", "access-control-request-headers", "Access-Control-Request-Private-Network",
    "Content-Type", "Accept", "Authorization", "Host", "Cookie", "ORIGIN", "X-Api-Key",
};

constexpr std::string_view generic_values_a[] = {
    "", "true", "*", "x", "application/json", "text/plain", "https://app.example", "null", " ", "\t", "a, b",
};

constexpr std::string_view private_network_values_a[] = {"true", " true ", "false", "TRUE", "true, true", ""};

constexpr std::string_view urls_a[] = {
    "https://api.example/x", "https://app.example/path", "https://app.example", "http://app.example:80/",
    "HTTPS://API.example:443/x?y#z", "https://user:pw@api.example/", "api.example/x", "",
    "https://api.example:8443/x", "http://localhost:8080/", "https://[::1]:443/", "https://a.example.com/",
    "null", "https://app.example:443/", "ws://api.example/socket", "https://app.example:0443/",
};

constexpr std::string_view browser_request_header_names_a[] = {
    "Content-Type", "content-type", "Accept", "Accept-Language", "Content-Language", "Range", "Authorization",
    "X-Api-Key", "X-Requested-With", "X-HTTP-Method-Override", "X-Method-Override", "Sec-Fetch-Mode",
    "Proxy-Authorization", "Cookie", "User-Agent", "Origin", "Access-Control-Request-Headers", "Host",
    "x-a", "X-B", "bad name", "Content-Length", "Referer",
};

constexpr std::string_view content_type_values_a[] = {
    "application/json", "text/plain", "text/plain;charset=utf-8", "multipart/form-data; boundary=x",
    "application/x-www-form-urlencoded", "text/plain\x7f", "TEXT/PLAIN", " text/plain ", "text/plain(x)",
    "text/html", "application/x-www-form-urlencoded;a=\"b\"", "text", "",
};
constexpr std::string_view accept_values_a[] = {
    "*/*", "application/json", "text/html(x)", "text/html, application/xhtml+xml;q=0.9", "\"quoted\"", "",
};
constexpr std::string_view language_values_a[] = {
    "en-US,en;q=0.9", "de", "fr@", "en_US", "", "*", "en-US;q=0.5, *;q=0.1",
};
constexpr std::string_view range_values_a[] = {
    "bytes=0-", "bytes=0-100", "bytes=5-1", "bytes=-5", "Bytes=0-1", "bytes=0-1,2-3", "bytes = 0-1", "bytes=00-1",
};
constexpr std::string_view method_override_values_a[] = {
    "GET", "TRACE", "get, connect", "\"connect\"", "PATCH", " track ",
};
constexpr std::string_view authorization_values_a[] = {"Bearer x", "Basic dXNlcjpwdw==", ""};
constexpr std::string_view header_values_with_controls_a[] = {
    "x\r\ny", std::string_view("x\0y", 3), " padded\t", "\n", "v", "\xc3\xa9",
};

constexpr std::string_view response_header_names_a[] = {
    "Access-Control-Allow-Origin", "access-control-allow-origin", "Access-Control-Allow-Credentials",
    "Access-Control-Allow-Methods", "Access-Control-Allow-Headers", "Access-Control-Max-Age",
    "Access-Control-Expose-Headers", "Access-Control-Allow-Private-Network", "Vary", "Content-Type",
    "Set-Cookie", "X-Request-Id", "Cache-Control", "Content-Length", "X-Custom", "set-cookie2", "Date",
};

constexpr std::string_view acao_values_a[] = {"*", "null", "https://app.example", " https://app.example",
                                               "https://app.example, https://api.example", "", "https://APP.example"};
constexpr std::string_view acac_values_a[] = {"true", "True", " true\t", "false", "true, true", ""};
constexpr std::string_view acam_values_a[] = {"*", "GET, PUT", "PUT", "put", "PATCH, DELETE", "GET,,POST",
                                               "PUT;", "", "*, PUT", "OPTIONS"};
constexpr std::string_view acah_values_a[] = {"*", "content-type", "Content-Type, X-Api-Key", "authorization",
                                               "*, authorization", "x-api-key;", "", "x-a,x-b", "X-A , x-b"};
constexpr std::string_view max_age_values_a[] = {"600", "0", "-1", "7200", "99999999999999999999", " 600 ",
                                                  "6e2", "", "2147483648", "2147483647", "+5"};
constexpr std::string_view aceh_values_a[] = {"*", "x-request-id", "X-Request-Id, x-custom", "set-cookie",
                                               "*, x-custom", "bad header", "", "content-type,date"};
constexpr std::string_view acapn_values_a[] = {"true", "false", " true", "TRUE"};

}  // namespace

const dict request_origins{request_origins_a};
const dict policy_origins{policy_origins_a};
const dict methods{methods_a};
const dict valid_policy_origins{valid_policy_origins_a};
const dict valid_methods{valid_methods_a};
const dict valid_field_names{valid_field_names_a};
const dict field_names{field_names_a};
const dict list_values{list_values_a};
const dict server_header_names{server_header_names_a};
const dict generic_values{generic_values_a};
const dict urls{urls_a};
const dict browser_request_header_names{browser_request_header_names_a};
const dict response_header_names{response_header_names_a};

dict request_values_for(std::string_view name) {
  using corsproof::iequals;
  if (iequals(name, "origin")) return request_origins;
  if (iequals(name, "access-control-request-method")) return methods;
  if (iequals(name, "access-control-request-headers")) return list_values;
  if (iequals(name, "access-control-request-private-network")) return private_network_values_a;
  if (iequals(name, "content-type")) return content_type_values_a;
  if (iequals(name, "accept")) return accept_values_a;
  if (iequals(name, "accept-language") || iequals(name, "content-language")) return language_values_a;
  if (iequals(name, "range")) return range_values_a;
  if (iequals(name, "x-http-method-override") || iequals(name, "x-method-override") ||
      iequals(name, "x-http-method"))
    return method_override_values_a;
  if (iequals(name, "authorization")) return authorization_values_a;
  if (iequals(name, "x-a") || iequals(name, "x-b")) return header_values_with_controls_a;
  return generic_values;
}

dict response_values_for(std::string_view name) {
  using corsproof::iequals;
  if (iequals(name, "access-control-allow-origin")) return acao_values_a;
  if (iequals(name, "access-control-allow-credentials")) return acac_values_a;
  if (iequals(name, "access-control-allow-methods")) return acam_values_a;
  if (iequals(name, "access-control-allow-headers")) return acah_values_a;
  if (iequals(name, "access-control-max-age")) return max_age_values_a;
  if (iequals(name, "access-control-expose-headers")) return aceh_values_a;
  if (iequals(name, "access-control-allow-private-network")) return acapn_values_a;
  return generic_values;
}

}  // namespace dicts

// ---- decoder ---------------------------------------------------------------------

namespace {
void respell(std::string& s, std::uint64_t mode) {
  switch (mode) {
    case 0:
      for (char& c : s)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
      break;
    case 1:
      for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      break;
    case 2: s = " \t" + s + "\t "; break;
    default:
      for (char& c : s) {
        if (c >= 'a' && c <= 'z') {
          c = static_cast<char>(c - 32);
          break;
        }
      }
      break;
  }
}
constexpr std::string_view separators[] = {",", ", ", "", " , "};
}  // namespace

void decoder::text(std::string& s, dict d, int depth) {
  std::uint64_t sel = 0;
  choice(sel, d.size() + 3);
  if (sel < d.size()) {
    s.assign(d[sel]);
    return;
  }
  const std::uint64_t last = d.empty() ? 0 : d.size() - 1;
  switch (sel - d.size()) {
    case 0: raw(s, shape_.max_raw); return;
    case 1: {  // a dictionary entry, respelled
      std::uint64_t i = 0, mode = 0;
      choice(i, last);
      choice(mode, 3);
      s.assign(d.empty() ? std::string_view() : d[i]);
      respell(s, mode);
      return;
    }
    case 2: {  // a dictionary entry, repeated (long values and long lists)
      std::uint64_t i = 0, sep = 0, count = 0;
      choice(i, last);
      choice(sep, 3);
      choice(count, shape_.max_repeat - 1);
      const std::string_view e = d.empty() ? std::string_view() : d[i];
      // The entry count + 1 times joined with the separator, stopping before
      // an entry would take the value over max_repeat_bytes (the separator
      // counted for the first entry too): n entries, `size` bytes. Built in
      // one allocation by doubling, a few appends instead of thousands.
      const std::string_view sv = separators[sep];
      const std::size_t a = sv.size(), b = e.size();
      s.clear();
      if (a + b > max_repeat_bytes) return;
      const std::uint64_t n =
          a + b == 0 ? count + 1 : std::min<std::uint64_t>(count + 1, (max_repeat_bytes - b) / (a + b) + 1);
      const std::size_t size = static_cast<std::size_t>(n * b + (n - 1) * a);
      s.reserve(size);
      s.assign(e);
      if (n > 1) {
        s += sv;
        s += e;
        while (s.size() < size) s.append(s, b, std::min(s.size() - b, size - s.size()));
      }
      return;
    }
    default: {  // two texts, concatenated
      if (depth >= 2) {
        s.clear();
        return;
      }
      std::string b;
      text(s, d, depth + 1);
      text(b, d, depth + 1);
      s += b;
      return;
    }
  }
}

// ---- encoder ---------------------------------------------------------------------

void encoder::choice(std::uint64_t& v, std::uint64_t max) {
  if (v > max) {
    std::fprintf(stderr, "encoder: value %llu outside 0..%llu\n", static_cast<unsigned long long>(v),
                 static_cast<unsigned long long>(max));
    std::abort();
  }
  // FuzzedDataProvider::ConsumeIntegralInRange<uint64_t>(0, max) reads one
  // byte per 8 bits of `max`, most significant first, from the end.
  std::size_t n = 0;
  while (n < 8 && (max >> (8 * n)) > 0) ++n;
  for (std::size_t i = 0; i < n; ++i) back_.push_back(static_cast<std::uint8_t>(v >> (8 * (n - 1 - i))));
}

void encoder::raw(std::string& s, std::size_t max) {
  if (s.size() > max) {
    std::fprintf(stderr, "encoder: raw string of %zu bytes over %zu\n", s.size(), max);
    std::abort();
  }
  // FuzzedDataProvider::ConsumeRandomLengthString: "\\" is a backslash,
  // "\" followed by anything else ends the string.
  for (char c : s) {
    front_.push_back(static_cast<std::uint8_t>(c));
    if (c == '\\') front_.push_back('\\');
  }
  if (s.size() < max) {
    front_.push_back('\\');
    front_.push_back('x');
  }
}

void encoder::text(std::string& s, dict d, int) {
  std::uint64_t sel = d.size();
  for (std::size_t i = 0; i < d.size(); ++i)
    if (d[i] == s) {
      sel = i;
      break;
    }
  if (sel == d.size() && s.size() > shape_.max_raw) {
    // Too long for a raw string: a dictionary entry repeated, no separator.
    for (std::uint64_t i = 0; i < d.size(); ++i) {
      const std::string_view e = d[i];
      if (e.empty() || s.size() % e.size() != 0 || s.size() / e.size() > shape_.max_repeat ||
          s.size() > max_repeat_bytes)
        continue;
      bool repeated = true;
      for (std::size_t at = 0; repeated && at < s.size(); at += e.size()) repeated = s.compare(at, e.size(), e) == 0;
      if (!repeated) continue;
      std::uint64_t kind = d.size() + 2, index = i, sep = 2, count = s.size() / e.size() - 1;
      choice(kind, d.size() + 3);
      choice(index, d.size() - 1);
      choice(sep, 3);
      choice(count, shape_.max_repeat - 1);
      return;
    }
  }
  choice(sel, d.size() + 3);
  if (sel == d.size()) raw(s, shape_.max_raw);
}

std::vector<std::uint8_t> encoder::bytes() const {
  std::vector<std::uint8_t> out = front_;
  out.insert(out.end(), back_.rbegin(), back_.rend());
  return out;
}

// ---- the rest --------------------------------------------------------------------

std::vector<std::string_view> response_value_choices(const browser_case& c, std::string_view name,
                                                     std::string& scratch) {
  // Request header names as a list, the way a server would echo them.
  scratch.clear();
  for (const auto& h : c.headers) {
    if (!scratch.empty()) scratch += ", ";
    scratch += h.name;
  }
  std::vector<std::string_view> values{c.origin, c.method, scratch};
  for (const auto& h : c.headers) values.push_back(h.name);
  const dict fixed = dicts::response_values_for(name);
  values.insert(values.end(), fixed.begin(), fixed.end());
  return values;
}

bool same_policy(const corsproof::policy_config& a, const corsproof::policy_config& b) {
  return a.allow_origins == b.allow_origins && a.allow_methods == b.allow_methods &&
         a.allow_headers == b.allow_headers && a.expose_headers == b.expose_headers &&
         a.allow_credentials == b.allow_credentials && a.max_age == b.max_age &&
         a.allow_private_network == b.allow_private_network && a.preflight_status == b.preflight_status;
}

bool same_server_case(const server_case& a, const server_case& b) {
  return same_policy(a.policy, b.policy) && a.method == b.method && a.headers == b.headers;
}

corsproof::policy_result compile_checked(const corsproof::policy_config& config) {
  try {
    return corsproof::compile_policy(config);
  } catch (const std::exception& e) {
    fail(__FILE__, __LINE__, "compile_policy(config) does not throw",
         std::string("compile_policy threw ") + typeid(e).name() + ": " + e.what());
  }
}

std::vector<corsproof::header_view> views(const std::vector<header>& headers) {
  std::vector<corsproof::header_view> v;
  v.reserve(headers.size());
  for (const auto& h : headers) v.push_back({h.name, h.value});
  return v;
}

std::string json_quote(std::string_view s) {
  // Bytes from 0x80 on are copied as they are: exact for UTF-8 text, not
  // valid JSON otherwise (the description is for humans; the fuzz input is
  // the exact reproducer).
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

namespace {
std::string json_strings(const std::vector<std::string>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + json_quote(v[i]);
  return out + "]";
}
std::string json_response(const response_case& r) {
  return "{\"status\": " + std::to_string(r.status) + ", \"headers\": " + json_headers(r.headers) + "}";
}
}  // namespace

std::string json_headers(const std::vector<header>& headers) {
  std::string out = "[";
  for (std::size_t i = 0; i < headers.size(); ++i)
    out += (i ? ", [" : "[") + json_quote(headers[i].name) + ", " + json_quote(headers[i].value) + "]";
  return out + "]";
}

std::string json_policy(const corsproof::policy_config& p) {
  std::string out = "{\"allow_origins\": " + json_strings(p.allow_origins) +
                    ", \"allow_methods\": " + json_strings(p.allow_methods) +
                    ", \"allow_headers\": " + json_strings(p.allow_headers) +
                    ", \"expose_headers\": " + json_strings(p.expose_headers) +
                    ", \"allow_credentials\": " + (p.allow_credentials ? "true" : "false");
  if (p.max_age) out += ", \"max_age\": " + std::to_string(*p.max_age);
  out += ", \"allow_private_network\": ";
  out += p.allow_private_network ? "true" : "false";
  out += ", \"preflight_status\": " + std::to_string(p.preflight_status) + "}";
  return out;
}

std::string json_server_case(const server_case& c) {
  return "{\"mode\": \"server\", \"policy\": " + json_policy(c.policy) + ", \"request\": {\"method\": " +
         json_quote(c.method) + ", \"headers\": " + json_headers(c.headers) + "}}";
}

std::string json_browser_case(const browser_case& c) {
  std::string out = "{\"mode\": \"browser\", \"request\": {\"origin\": " + json_quote(c.origin) +
                    ", \"url\": " + json_quote(c.url) + ", \"method\": " + json_quote(c.method) +
                    ", \"headers\": " + json_headers(c.headers) + ", \"credentials\": \"" +
                    std::string(corsproof::to_string(c.credentials)) + "\"";
  if (c.private_network) out += ", \"private_network\": true";
  out += "}";
  if (c.preflight_response) out += ", \"preflight_response\": " + json_response(*c.preflight_response);
  if (c.response) out += ", \"response\": " + json_response(*c.response);
  return out + "}";
}

}  // namespace corsproof_fuzz

// Bytes, tokens, spelling, origins and methods.
#include <algorithm>

#include "corsproof_generators/generators.hpp"
#include "pools.hpp"

namespace corsproof_gen {

// ---- Bytes, tokens, spelling ------------------------------------------------------

rc::Gen<std::string> random_bytes(std::size_t max_len) {
  return rc::gen::exec([max_len] {
    const auto n = *rc::gen::inRange<std::size_t>(0, max_len + 1);
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s.push_back(static_cast<char>(*rc::gen::arbitrary<unsigned char>()));
    return s;
  });
}

rc::Gen<std::string> token(std::size_t max_len) {
  static const std::string common = "abcdefghijklmnopqrstuvwxyz-";
  static const std::string all = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~";
  return rc::gen::exec([max_len] {
    const auto n = *rc::gen::inRange<std::size_t>(1, max_len + 1);
    const bool exotic = *rc::gen::weightedElement<bool>({{5, false}, {1, true}});
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s.push_back(*rc::gen::elementOf(exotic ? all : common));
    return s;
  });
}

rc::Gen<std::string> case_variant(const std::string& s) {
  return rc::gen::exec([s] {
    std::string out = s;
    switch (*rc::gen::inRange(0, 5)) {
      case 0: return out;  // as is
      case 1:              // all upper
        for (char& c : out) c = detail::upper(c);
        return out;
      case 2:  // all lower
        for (char& c : out) c = detail::lower(c);
        return out;
      default:  // some flipped
        for (char& c : out)
          if (*rc::gen::arbitrary<bool>()) c = detail::flip_case(c);
        return out;
    }
  });
}

rc::Gen<std::string> ows() { return rc::gen::weightedElement<std::string>({{6, ""}, {3, " "}, {1, "\t"}, {1, "  "}, {1, " \t "}}); }

rc::Gen<std::string> padded(const std::string& s) {
  return rc::gen::exec([s] { return *ows() + s + *ows(); });
}

rc::Gen<std::string> byte_edit(const std::string& s) {
  return rc::gen::exec([s] {
    std::string out = s;
    const auto op = *rc::gen::inRange(0, s.empty() ? 1 : 3);
    const auto byte = static_cast<char>(*rc::gen::arbitrary<unsigned char>());
    if (op == 0) {
      out.insert(out.begin() + static_cast<std::ptrdiff_t>(*rc::gen::inRange<std::size_t>(0, s.size() + 1)), byte);
    } else if (op == 1) {
      out[*rc::gen::inRange<std::size_t>(0, s.size())] = byte;
    } else {
      out.erase(*rc::gen::inRange<std::size_t>(0, s.size()), 1);
    }
    return out;
  });
}

rc::Gen<std::string> string_of_length(std::size_t n, const std::string& alphabet) {
  return rc::gen::exec([n, alphabet] {
    // One random byte and a fill: cheap for long strings, still varied.
    std::string out(n, alphabet[*rc::gen::inRange<std::size_t>(0, alphabet.size())]);
    if (n > 0) {
      const auto k = *rc::gen::inRange<std::size_t>(0, std::min<std::size_t>(n, 8) + 1);
      for (std::size_t i = 0; i < k; ++i)
        out[*rc::gen::inRange<std::size_t>(0, n)] = alphabet[*rc::gen::inRange<std::size_t>(0, alphabet.size())];
    }
    return out;
  });
}

rc::Gen<std::size_t> around(std::size_t n) {
  if (n == 0) return rc::gen::element<std::size_t>(0, 1);
  return rc::gen::element<std::size_t>(n - 1, n, n + 1);
}

// ---- Origins ----------------------------------------------------------------------------

namespace {

std::string default_port_of(const std::string& scheme) {
  if (scheme == "http" || scheme == "ws") return "80";
  if (scheme == "https" || scheme == "wss") return "443";
  if (scheme == "ftp") return "21";
  return "";
}

rc::Gen<std::string> scheme() {
  return rc::gen::weightedElement<std::string>({{10, "https"},
                                                {6, "http"},
                                                {1, "wss"},
                                                {1, "ws"},
                                                {1, "ftp"},
                                                {1, "chrome-extension"},
                                                {1, "a+b.c-d"}});
}

rc::Gen<std::string> generated_domain() {
  return rc::gen::exec([] {
    static const std::string label_bytes = "abcdefghijklmnopqrstuvwxyz0123456789-_";
    const auto labels = *rc::gen::inRange(1, 4);
    std::string host;
    for (int i = 0; i < labels; ++i) {
      if (i) host += '.';
      const auto n = *rc::gen::inRange(1, 8);
      for (int j = 0; j < n; ++j) host += *rc::gen::elementOf(label_bytes);
    }
    host += *rc::gen::element<std::string>(".example", ".example.com", ".test", "");
    // A host whose last label is a number is an IPv4 address to the URL
    // Standard (its "ends in a number checker"): keep domains domains.
    const std::string last = host.substr(host.rfind('.') + 1);
    const bool digits = std::all_of(last.begin(), last.end(), [](char c) { return c >= '0' && c <= '9'; });
    const bool hex = last.size() >= 2 && last[0] == '0' && last[1] == 'x' &&
                     std::all_of(last.begin() + 2, last.end(), [](char c) {
                       return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                     });
    if (digits || hex) host += "z";
    return host;
  });
}

rc::Gen<std::string> domain_host() {
  return rc::gen::weightedOneOf<std::string>({{6, rc::gen::elementOf(pools::domain_hosts())}, {2, generated_domain()}});
}

rc::Gen<std::string> any_host() {
  return rc::gen::weightedOneOf<std::string>({{8, domain_host()}, {2, rc::gen::elementOf(pools::ip_hosts())}});
}

rc::Gen<std::string> port_for(const std::string& s) {
  return rc::gen::exec([s] {
    const std::string p = *rc::gen::weightedElement<std::string>(
        {{12, ""}, {2, "8080"}, {2, "8443"}, {1, "1"}, {1, "65535"}, {1, "3000"}, {1, "80"}, {1, "443"}, {1, "21"}});
    return p == default_port_of(s) ? std::string() : p;
  });
}

// docs/protocol-decisions.md "Server mode / Origins": a non-special scheme's
// host keeps RFC 3986 unreserved bytes (or a bracketed IPv6 address).
bool fits_non_special_scheme(const std::string& host) {
  if (!host.empty() && host.front() == '[') return true;
  return std::all_of(host.begin(), host.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
  });
}

rc::Gen<std::string> origin_with(const rc::Gen<std::string>& host_gen) {
  return rc::gen::exec([host_gen] {
    const std::string s = *scheme();
    const std::string port = *port_for(s);
    std::string host = *host_gen;
    if (default_port_of(s).empty() && !fits_non_special_scheme(host)) host = "ext.example";
    return s + "://" + host + (port.empty() ? "" : ":" + port);
  });
}

}  // namespace

rc::Gen<std::string> canonical_origin() {
  return rc::gen::weightedOneOf<std::string>(
      {{6, rc::gen::elementOf(pools::common_origins())}, {4, origin_with(any_host())}});
}

rc::Gen<std::string> canonical_domain_origin() { return origin_with(domain_host()); }

std::string long_origin(std::size_t n) {
  std::string host(n - 8, 'a');
  for (std::size_t i = 60; i + 1 < host.size(); i += 61) host[i] = '.';
  return "https://" + host;
}

rc::Gen<std::string> near_miss_origin(const std::string& origin) {
  return rc::gen::exec([origin]() -> std::string {
    const detail::origin_parts o = detail::split_origin(origin);
    if (!o.ok) return *rc::gen::oneOf(byte_edit(origin), rc::gen::just(origin + "/"), rc::gen::just(std::string("null")));
    const std::string port_part = o.port.empty() ? "" : ":" + o.port;
    switch (*rc::gen::inRange(0, 27)) {
      case 0: return o.scheme + "://" + o.host + *rc::gen::element<std::string>(".evil.test", ".evil", "evil.test") + port_part;
      case 1: return o.scheme + "://" + *rc::gen::element<std::string>("evil", "evil.", "evil-", "x") + o.host + port_part;
      case 2: {
        static const std::vector<std::pair<std::string, std::string>> swaps = {
            {"https", "http"}, {"http", "https"}, {"wss", "ws"}, {"ws", "wss"}, {"ftp", "http"}};
        for (const auto& [a, b] : swaps)
          if (o.scheme == a) return b + "://" + o.host + port_part;
        return "https://" + o.host + port_part;
      }
      case 3: return *case_variant(o.scheme) + "://" + *case_variant(o.host) + port_part;
      case 4: {
        const std::string d = default_port_of(o.scheme);
        return o.scheme + "://" + o.host + ":" + (d.empty() ? "0" : d);
      }
      case 5: return origin + "/";
      case 6: return std::string("null");
      case 7: return o.scheme + "://" + o.host + ":" + *rc::gen::element<std::string>("8080", "1", "65535", "08080", "0");
      case 8: {  // drop the first label, or add one
        const auto dot = o.host.find('.');
        if (dot != std::string::npos && o.host.front() != '[' && *rc::gen::arbitrary<bool>())
          return o.scheme + "://" + o.host.substr(dot + 1) + port_part;
        return o.scheme + "://" + *rc::gen::element<std::string>("sub.", "a.b.", "A.", "x_y.", "~.") + o.host + port_part;
      }
      case 9: return *rc::gen::element<std::string>(" ", "\t", "  ") + origin + *rc::gen::element<std::string>("", " ", "\t");
      case 10: return o.scheme + "://" + *rc::gen::element<std::string>("user@", "u:p@", "@") + o.host + port_part;
      case 11: return origin + *rc::gen::element<std::string>("/x", "?", "?q=1", "#", "#f", "/.");
      case 12: return o.scheme + "://" + o.host + "." + port_part;  // trailing dot
      case 13: {  // a dot replaced: the unescaped-dot regex trap
        std::string h = o.host;
        const auto dot = h.find('.');
        if (dot != std::string::npos) h[dot] = *rc::gen::element('x', '-', '_');
        return o.scheme + "://" + h + port_part;
      }
      case 14: return std::string();
      case 15: return *random_bytes(30);
      case 16: return o.scheme + ":///" + o.host + port_part;
      case 17: return *byte_edit(origin);
      case 18: return origin + *rc::gen::element<std::string>(", ", ",", " ") + origin;
      case 19: return o.scheme + "://" + o.host + port_part + ":" + (o.port.empty() ? "8080" : o.port);
      case 20: return o.scheme + "://" + o.host + ":";
      case 21: return o.scheme + "://" + o.host + ":" + *rc::gen::element<std::string>("65536", "123456", "-1", "80a", "99999");
      case 22: return *rc::gen::element<std::string>("NULL", "Null", "null ", "nul", "null/", "null://x", "\"null\"");
      case 23: return o.scheme + "//" + o.host + port_part;
      case 24: return o.scheme + "://" + o.host + *rc::gen::element<std::string>(" ", "%20", "%2e") + port_part;
      case 25: return o.scheme + "://*." + o.host + port_part;
      default:  // bracketed hosts that are no IPv6 literal, or barely one
        return o.scheme + "://" +
               *rc::gen::element<std::string>("[1]", "[:]", "[::]", "[1:2]", "[.]", "[]", "[::g]", "[::1%25eth0]",
                                              "[::1]]", "[[::1]", "[::FFFF:1.2.3.4]", "[1.2.3.4]") +
               port_part;
    }
  });
}

rc::Gen<std::string> non_canonical_spelling(const std::string& canonical) {
  return rc::gen::exec([canonical]() -> std::string {
    const detail::origin_parts o = detail::split_origin(canonical);
    const std::string port_part = o.port.empty() ? "" : ":" + o.port;
    std::string s;
    do {
      switch (*rc::gen::inRange(0, 9)) {
        case 0: {  // upper case somewhere in the scheme or host
          std::string sc = o.scheme, h = o.host;
          if (*rc::gen::arbitrary<bool>()) sc = detail::upper_all(sc);
          else h = detail::upper_all(h);
          s = sc + "://" + h + port_part;
          break;
        }
        case 1: {  // the default port spelled out (only when there is one and none is given)
          const std::string d = default_port_of(o.scheme);
          if (!d.empty() && o.port.empty()) s = o.scheme + "://" + o.host + ":" + d;
          else if (!o.port.empty()) s = o.scheme + "://" + o.host + ":0" + o.port;
          else s = canonical + "/";
          break;
        }
        case 2:  // leading zeros in the port
          if (o.port.empty() && default_port_of(o.scheme).empty()) s = canonical + "/";
          else s = o.scheme + "://" + o.host + ":0" + (o.port.empty() ? default_port_of(o.scheme) : o.port);
          break;
        case 3: s = canonical + "/"; break;
        case 4: s = canonical + *rc::gen::element<std::string>("/x", "/a/b", "/index.html"); break;
        case 5: s = o.scheme + "://" + *rc::gen::element<std::string>("user@", "u:p@") + o.host + port_part; break;
        case 6: s = canonical + *rc::gen::element<std::string>("?", "?q=1"); break;
        case 7: s = canonical + *rc::gen::element<std::string>("#", "#frag"); break;
        default: s = o.scheme + "://" + o.host + ":" + (o.port.empty() ? "" : "00" + o.port); break;
      }
    } while (s == canonical);
    return s;
  });
}

rc::Gen<std::string> origin_header_value(const std::vector<std::string>& trusted) {
  if (trusted.empty())
    return rc::gen::weightedOneOf<std::string>({{8, canonical_origin()},
                                                {1, rc::gen::just(std::string("null"))},
                                                {1, rc::gen::mapcat(canonical_origin(), near_miss_origin)}});
  return rc::gen::weightedOneOf<std::string>(
      {{10, rc::gen::elementOf(trusted)},
       {6, rc::gen::mapcat(rc::gen::elementOf(trusted), near_miss_origin)},
       {1, rc::gen::just(std::string("null"))},
       {2, canonical_origin()},
       {1, random_bytes(20)},
       {1, rc::gen::map(around(1024), long_origin)}});
}

// ---- Methods ------------------------------------------------------------------------------

rc::Gen<std::string> method_token() {
  return rc::gen::weightedOneOf<std::string>({{20, rc::gen::elementOf(pools::method_tokens())},
                                              {3, rc::gen::mapcat(rc::gen::elementOf(pools::method_tokens()), case_variant)},
                                              {2, token(10)},
                                              {1, rc::gen::map(around(1024), [](std::size_t n) { return std::string(n, 'M'); })}});
}

rc::Gen<std::string> method() {
  return rc::gen::weightedOneOf<std::string>({{20, method_token()},
                                              {2, rc::gen::elementOf(pools::non_token_methods())},
                                              {1, random_bytes(8)}});
}

}  // namespace corsproof_gen

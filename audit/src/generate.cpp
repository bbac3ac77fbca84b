// audit/src/generate.cpp — request_generator: random requests driven by a
// policy (corsproof/generate.hpp). Whether a sample origin is allowed is
// asked of the core (evaluate_server); the domain names in `re:` patterns
// come from the linter's scanner, as in make_probes.
#include "corsproof/generate.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

#include "corsproof/lint.hpp"
#include "corsproof/method.hpp"
#include "corsproof/origin.hpp"
#include "corsproof/server.hpp"

namespace corsproof::audit {

namespace {

bool allows_origin(const policy& p, std::string_view origin) {
  const std::array<header_view, 1> h{{{"Origin", origin}}};
  std::vector<char> buf(server_output_capacity);
  const server_decision d =
      evaluate_server(p, server_request{"GET", header_list(h)}, std::span<char>(buf.data(), buf.size()));
  return d.status == eval_status::ok && d.allowed;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

void add_unique(std::vector<std::string>& v, std::string s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}

// scheme, host, port spelling (":8443" or "") of a serialized origin.
struct parts {
  std::string scheme, host, port;
  [[nodiscard]] std::string text() const { return scheme + "://" + host + port; }
};

std::optional<parts> split(std::string_view origin) {
  const std::size_t sep = origin.find("://");
  if (sep == std::string_view::npos) return std::nullopt;
  parts p;
  p.scheme = std::string(origin.substr(0, sep));
  std::string_view rest = origin.substr(sep + 3);
  // A bracketed IPv6 host holds colons; the port follows the bracket.
  std::size_t colon = std::string_view::npos;
  if (!rest.empty() && rest.front() == '[') {
    const std::size_t close = rest.find(']');
    if (close != std::string_view::npos && close + 1 < rest.size() && rest[close + 1] == ':') colon = close + 1;
  } else {
    colon = rest.rfind(':');
  }
  p.host = std::string(colon == std::string_view::npos ? rest : rest.substr(0, colon));
  if (colon != std::string_view::npos) p.port = std::string(rest.substr(colon));
  return p;
}

// Methods every generator run may use besides the policy's.
constexpr std::array<std::string_view, 8> standard_methods{"GET",    "HEAD",  "POST",  "PUT",
                                                          "DELETE", "PATCH", "PURGE", "CORSPROOF"};
// Actual requests use only these: many HTTP servers answer 400/405/501 to
// other methods before any CORS handling.
constexpr std::array<std::string_view, 6> actual_methods{"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"};
constexpr std::array<std::string_view, 9> malformed_origins{
    "", "https://", "https:app.example", "app.example", "https://app example", "*", "https://a/b",
    "file://", "https://[::1"};
constexpr std::array<std::string_view, 6> unlisted_names{"x-corsproof-unlisted", "x-requested-with", "x-api-key2",
                                                         "if-match", "x-csrf-token", "dnt"};
constexpr std::array<std::string_view, 6> safelisted_names{"accept", "accept-language", "content-language",
                                                           "content-type", "range", "content-type"};
constexpr std::array<std::string_view, 4> forbidden_names{"cookie", "host", "sec-fetch-mode", "proxy-authorization"};
constexpr std::array<std::string_view, 6> non_tokens{"x foo", "x@y", "(x)", "x\"y", "x/y", "é"};
constexpr std::string_view label_chars = "abcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view host_chars = "abcdefghijklmnopqrstuvwxyz0123456789-._";

}  // namespace

policy_samples sample_policy(const policy_config& cfg, const policy& pol, std::string_view url) {
  policy_samples s;
  std::array<char, max_origin_bytes + 16> own{};
  const std::size_t own_len = write_canonical_origin(url, own);
  const std::string own_origin(own.data(), own_len);
  auto keep = [&](std::string o) {
    if (o != own_origin) add_unique(s.allowed_origins, std::move(o));
  };
  for (const std::string& entry : cfg.allow_origins) {
    switch (classify_origin_entry(entry)) {
      case origin_entry_kind::any:
        s.any_origin = true;
        keep("https://corsproof-fuzz.example");
        break;
      case origin_entry_kind::null:
        s.null_listed = true;
        break;
      case origin_entry_kind::exact:
        keep(entry);
        break;
      case origin_entry_kind::wildcard: {
        // scheme://*.suffix[:port] (compile_policy accepted it).
        const std::size_t star = entry.find("://*.");
        if (star == std::string::npos) break;
        auto p = split(entry.substr(0, star + 3) + "app" + entry.substr(star + 4));
        if (!p) break;
        s.wildcards.push_back({p->scheme, p->host.substr(4), p->port});
        keep(p->text());
        break;
      }
      case origin_entry_kind::regex: {
        bool found = false;
        for (const std::string& literal : lint::regex_domain_literals(std::string_view(entry).substr(3))) {
          for (std::string_view scheme : {"https", "http"})
            for (std::string_view port : {"", ":8443", ":3000", ":8080"})
              for (const std::string& host : {literal, "app." + literal, "www." + literal}) {
                const std::string o = std::string(scheme) + "://" + host + std::string(port);
                if (!found && o != own_origin && allows_origin(pol, o)) {
                  keep(o);
                  add_unique(s.regex_samples, o);
                  found = true;
                }
              }
          if (found) break;
        }
        break;
      }
      case origin_entry_kind::invalid:
        break;
    }
  }
  if (s.null_listed) keep("null");
  if (s.allowed_origins.empty()) keep("https://corsproof-fuzz.example");  // e.g. only ["null"]... never empty

  for (const std::string& m : cfg.allow_methods) {
    const std::string n(normalize_method(m));
    if (n == "*") {
      s.any_method = true;
      continue;
    }
    add_unique(s.methods, n);
  }
  for (std::string_view m : {"GET", "HEAD", "POST"}) add_unique(s.methods, std::string(m));
  for (const std::string& h : cfg.allow_headers) {
    if (h == "*") {
      s.any_header = true;
      continue;
    }
    add_unique(s.header_names, lower(h));
  }
  std::sort(s.header_names.begin(), s.header_names.end());
  return s;
}

request_generator::request_generator(const policy_config& cfg, std::string_view url, std::uint64_t seed)
    : rng_(seed) {
  policy_result compiled = compile_policy(cfg);
  if (compiled.ok()) samples_ = sample_policy(cfg, *compiled.value, url);
  std::array<char, max_origin_bytes + 16> own{};
  own_origin_ = std::string(own.data(), write_canonical_origin(url, own));
  if (samples_.allowed_origins.empty()) samples_.allowed_origins.emplace_back("https://corsproof-fuzz.example");
  if (samples_.methods.empty()) samples_.methods = {"GET", "HEAD", "POST"};
}

std::size_t request_generator::pick(std::size_t n) { return n <= 1 ? 0 : static_cast<std::size_t>(rng_() % n); }

bool request_generator::chance(unsigned percent) { return rng_() % 100 < percent; }

std::string request_generator::random_label(std::size_t min_len, std::size_t max_len) {
  const std::size_t len = min_len + pick(max_len - min_len + 1);
  std::string l;
  for (std::size_t i = 0; i < len; ++i) l.push_back(label_chars[pick(label_chars.size())]);
  return l;
}

// A near miss of `base` (an allowed sample), or a value built from it.
std::string request_generator::variant(const std::string& base, std::string& how) {
  if (base == "null") {
    static constexpr std::array<std::string_view, 4> nulls{"Null", "NULL", "null ", "nul"};
    how = "null variant";
    return std::string(nulls[pick(nulls.size())]);
  }
  auto p = split(base);
  if (!p) return base;
  const bool from_regex =
      std::find(samples_.regex_samples.begin(), samples_.regex_samples.end(), base) != samples_.regex_samples.end();
  const policy_samples::wildcard* wild = nullptr;
  for (const auto& w : samples_.wildcards)
    if (p->scheme == w.scheme && p->port == w.port && p->host.size() > w.suffix.size() &&
        p->host.ends_with("." + w.suffix))
      wild = &w;
  // Wildcard entries: subdomain shapes about half the time.
  if (wild != nullptr && chance(50)) {
    const std::string pre = wild->scheme + "://";
    switch (pick(8)) {
      case 0: how = "wildcard: one label"; return pre + random_label(1, 8) + "." + wild->suffix + wild->port;
      case 1:
        how = "wildcard: many labels";
        return pre + random_label(1, 4) + "." + random_label(1, 4) + "." + random_label(1, 4) + "." + wild->suffix +
               wild->port;
      case 2: how = "wildcard: empty label"; return pre + "." + wild->suffix + wild->port;
      case 3: how = "wildcard: bare suffix"; return pre + wild->suffix + wild->port;
      case 4: how = "wildcard: suffix glued to a label"; return pre + random_label(1, 6) + wild->suffix + wild->port;
      case 5: how = "wildcard: label with '_'"; return pre + "a_" + random_label(1, 4) + "." + wild->suffix + wild->port;
      case 6: how = "wildcard: other port"; return pre + "app." + wild->suffix + (wild->port.empty() ? ":8443" : "");
      default:
        how = "wildcard: suffix inside another host";
        return pre + "app." + wild->suffix + "." + random_label(3, 6) + ".test" + wild->port;
    }
  }
  // `re:` samples: strings the pattern nearly matches.
  if (from_regex && chance(40)) {
    std::string s = base;
    switch (pick(5)) {
      case 0: {
        how = "regex: a dot replaced";
        std::vector<std::size_t> dots;
        for (std::size_t i = p->scheme.size() + 3; i < s.size(); ++i)
          if (s[i] == '.') dots.push_back(i);
        if (!dots.empty()) s[dots[pick(dots.size())]] = label_chars[pick(26)];
        return s;
      }
      case 1: how = "regex: text appended"; return s + (chance(50) ? ".evil.test" : "x");
      case 2: how = "regex: text prepended"; return (chance(50) ? "x" : "evil.") + s;
      case 3: how = "regex: label prepended to the host"; return p->scheme + "://evil" + p->host + p->port;
      default: {
        how = "regex: one character inserted";
        const std::size_t at = p->scheme.size() + 3 + pick(p->host.size() + 1);
        s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), host_chars[pick(host_chars.size())]);
        return s;
      }
    }
  }
  std::string host = p->host;
  switch (pick(16)) {
    case 0: {
      how = "letter case";
      std::string t = base;
      std::size_t changed = 0;
      for (std::size_t tries = 0; tries < 1 + pick(4); ++tries) {
        const std::size_t i = pick(t.size());
        if (std::islower(static_cast<unsigned char>(t[i])) != 0) {
          t[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(t[i])));
          ++changed;
        }
      }
      if (changed == 0) t[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(t[0])));
      return t;
    }
    case 1:
      how = "default port spelled out";
      return p->scheme + "://" + host + (p->scheme == "http" ? ":80" : ":443");
    case 2: how = "other scheme"; return (p->scheme == "https" ? "http" : "https") + std::string("://") + host + p->port;
    case 3: how = "trailing dot"; return p->scheme + "://" + host + "." + p->port;
    case 4: {
      how = "one character changed";
      if (!host.empty()) host[pick(host.size())] = host_chars[pick(host_chars.size())];
      return p->scheme + "://" + host + p->port;
    }
    case 5: {
      how = "one character removed";
      if (host.size() > 1) host.erase(pick(host.size()), 1);
      return p->scheme + "://" + host + p->port;
    }
    case 6: how = "suffix bypass"; return p->scheme + "://" + host + "." + random_label(3, 6) + ".test" + p->port;
    case 7: how = "prefix bypass"; return p->scheme + "://" + random_label(1, 6) + host + p->port;
    case 8: how = "subdomain"; return p->scheme + "://" + random_label(1, 6) + "." + host + p->port;
    case 9: how = "hyphenated prefix"; return p->scheme + "://" + random_label(1, 6) + "-" + host + p->port;
    case 10: how = "trailing slash"; return base + "/";
    case 11: how = "other port"; return p->scheme + "://" + host + (p->port == ":8443" ? ":8444" : ":8443");
    case 12: how = "userinfo"; return p->scheme + "://user@" + host + p->port;
    case 13: how = "surrounding whitespace"; return (chance(50) ? " " : "\t") + base + (chance(50) ? " " : "");
    case 14: how = "path"; return base + "/" + random_label(1, 5);
    default: {
      how = "one character inserted";
      host.insert(host.begin() + static_cast<std::ptrdiff_t>(pick(host.size() + 1)), host_chars[pick(host_chars.size())]);
      return p->scheme + "://" + host + p->port;
    }
  }
}

std::string request_generator::origin(std::string& how) {
  const auto& allowed = samples_.allowed_origins;
  const std::string& base = allowed[pick(allowed.size())];
  const unsigned roll = static_cast<unsigned>(pick(100));
  std::string o;
  if (roll < 35) {
    how = "allowed " + base;
    o = base;
  } else if (roll < 80) {
    std::string what;
    o = variant(base, what);
    how = what + " of " + base;
  } else if (roll < 85) {
    std::string what1, what2;
    o = variant(variant(base, what1), what2);
    how = what1 + ", then " + what2 + " of " + base;
  } else if (roll < 90) {
    how = "null";
    o = "null";
  } else if (roll < 95) {
    how = "malformed";
    o = std::string(malformed_origins[pick(malformed_origins.size())]);
  } else {
    how = "unlisted";
    o = (chance(70) ? "https://" : "http://") + random_label(3, 10) + (chance(50) ? ".test" : ".example");
  }
  if (o == own_origin_) o = "https://corsproof-fuzz-other.example";  // same-origin: not a CORS request
  return o;
}

std::string request_generator::request_method(std::string& how) {
  std::vector<std::string> listed;  // listed, not safelisted
  for (const auto& m : samples_.methods)
    if (!is_cors_safelisted_method(m)) listed.push_back(m);
  const unsigned roll = static_cast<unsigned>(pick(100));
  if (roll < 35 && !listed.empty()) {
    how = "listed";
    return listed[pick(listed.size())];
  }
  if (roll < 50) {
    how = "safelisted";
    static constexpr std::array<std::string_view, 3> safe{"GET", "HEAD", "POST"};
    return std::string(safe[pick(safe.size())]);
  }
  if (roll < 65) {
    how = "standard";
    return std::string(standard_methods[pick(standard_methods.size())]);
  }
  const std::string& from = listed.empty() ? samples_.methods[pick(samples_.methods.size())] : listed[pick(listed.size())];
  if (roll < 75) {
    how = "lower case";
    std::string l = lower(from);
    if (chance(30) && l.size() > 1) l[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(l[0])));
    return l;
  }
  if (roll < 85 && from.size() > 1) {
    how = "substring";
    const std::size_t len = 1 + pick(from.size() - 1);
    return from.substr(pick(from.size() - len + 1), len);
  }
  if (roll < 90) {
    how = "superstring";
    return chance(50) ? from + label_chars[pick(26)] : from + "," + samples_.methods[pick(samples_.methods.size())];
  }
  if (roll < 95) {
    how = "not a token";
    // Never empty: HTTP parsers drop an empty field (see next()).
    static constexpr std::array<std::string_view, 5> bad{"P T", "P,T", "(PUT)", "GET PUT", "P\"T"};
    return std::string(bad[pick(bad.size())]);
  }
  how = "other";
  static constexpr std::array<std::string_view, 4> other{"*", "OPTIONS", "TRACE", "CONNECT"};
  return std::string(other[pick(other.size())]);
}

// An Access-Control-Request-Headers value.
std::string request_generator::header_names(std::string& how) {
  const std::size_t n = 1 + pick(chance(70) ? 2 : 5);
  std::vector<std::string> names;
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned roll = static_cast<unsigned>(pick(100));
    if (roll < 45 && !samples_.header_names.empty()) {
      names.push_back(samples_.header_names[pick(samples_.header_names.size())]);
    } else if (roll < 60) {
      names.emplace_back(unlisted_names[pick(unlisted_names.size())]);
    } else if (roll < 70) {
      names.emplace_back("authorization");
    } else if (roll < 80) {
      names.emplace_back(safelisted_names[pick(safelisted_names.size())]);
    } else if (roll < 85) {
      names.emplace_back("*");
    } else if (roll < 90) {
      names.emplace_back(forbidden_names[pick(forbidden_names.size())]);
    } else if (roll < 93) {
      names.emplace_back(non_tokens[pick(non_tokens.size())]);
    } else if (!names.empty()) {
      names.push_back(names[pick(names.size())]);  // a duplicate
    } else {
      names.emplace_back("x-" + random_label(1, 8));
    }
  }
  if (chance(50)) {  // as a browser writes it: lower case, sorted, unique, ","
    how = std::to_string(names.size()) + " names, tidy";
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    std::string v;
    for (const auto& x : names) v += (v.empty() ? "" : ",") + x;
    return v;
  }
  how = std::to_string(names.size()) + " names, untidy";
  std::shuffle(names.begin(), names.end(), rng_);
  std::string v;
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::string x = names[i];
    if (chance(40))
      for (char& c : x)
        if (chance(40)) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (i > 0) {
      static constexpr std::array<std::string_view, 6> seps{",", ", ", " ,", ",\t", " , ", ",,"};
      v += seps[pick(seps.size())];
    }
    v += x;
  }
  if (chance(10)) v = (chance(50) ? "," : " ") + v;
  if (chance(10)) v += chance(50) ? "," : "\t";
  return v;
}

probe request_generator::next() {
  ++count_;
  probe r;
  r.id = "g" + std::to_string(count_);
  std::string how_origin, how_method, how_headers;
  const unsigned roll = static_cast<unsigned>(pick(100));
  if (roll < 4) {  // no Origin
    if (chance(50)) {
      r.method = "GET";
      r.purpose = "no Origin, GET";
    } else {
      r.method = "OPTIONS";
      r.headers.emplace_back("Access-Control-Request-Method", request_method(how_method));
      r.purpose = "no Origin, OPTIONS with Access-Control-Request-Method (" + how_method + ")";
    }
    return r;
  }
  const std::string o = origin(how_origin);
  if (roll < 38) {  // actual request
    r.method = chance(50) ? "GET" : std::string(actual_methods[pick(actual_methods.size())]);
    if (chance(5)) r.method = "OPTIONS";  // an OPTIONS without Access-Control-Request-Method is no preflight
    r.headers.emplace_back("Origin", o);
    if (chance(10)) r.headers.emplace_back("Cookie", "corsproof-fuzz=1");
    if (chance(5)) r.headers.emplace_back("Access-Control-Request-Private-Network", "true");
    r.purpose = "actual " + r.method + "; origin: " + how_origin;
    return r;
  }
  r.method = "OPTIONS";
  r.headers.emplace_back("Origin", o);
  r.headers.emplace_back("Access-Control-Request-Method", request_method(how_method));
  r.purpose = "preflight; origin: " + how_origin + "; method: " + how_method;
  if (chance(55)) {
    const std::string names = header_names(how_headers);
    const unsigned shape = static_cast<unsigned>(pick(100));
    if (shape < 8) {  // split over two headers
      const std::size_t comma = names.find(',');
      r.headers.emplace_back("Access-Control-Request-Headers", names.substr(0, comma));
      r.headers.emplace_back("Access-Control-Request-Headers",
                             comma == std::string::npos ? std::string("x-corsproof-second") : names.substr(comma + 1));
      how_headers += ", over two headers";
    } else if (shape < 11) {
      r.headers.emplace_back("Access-Control-Request-Headers", "");
      how_headers = "empty";
    } else {
      r.headers.emplace_back("Access-Control-Request-Headers", names);
    }
    r.purpose += "; headers: " + how_headers;
  }
  if (chance(8)) {
    r.headers.emplace_back("Access-Control-Request-Private-Network", chance(80) ? "true" : "TRUE");
    r.purpose += "; private network";
  }
  // A repeated Origin (or Access-Control-Request-Method) is never empty:
  // common HTTP parsers (cpp-httplib, which the test server uses) drop a
  // field with an empty value, so the server would not see the request the
  // judge sees.
  auto second_origin = [&]() {
    std::string how2;
    std::string second = chance(50) ? o : origin(how2);
    return second.empty() ? o : second;
  };
  if (roll >= 96) {  // repeated request headers (no browser sends them)
    if (chance(50) && !o.empty()) {
      const std::string second = second_origin();
      r.headers.insert(r.headers.begin() + 1, {"Origin", second});
      r.purpose += "; a second Origin";
    } else {
      std::string how2;
      r.headers.insert(r.headers.begin() + 2, {"Access-Control-Request-Method", request_method(how2)});
      r.purpose += "; a second Access-Control-Request-Method";
    }
  } else if (roll >= 93 && !o.empty()) {  // repeated Origin on an actual-looking request
    r.method = "GET";
    r.headers = {{"Origin", o}, {"Origin", second_origin()}};
    r.purpose = "actual GET with two Origin headers; origin: " + how_origin;
  }
  return r;
}

}  // namespace corsproof::audit

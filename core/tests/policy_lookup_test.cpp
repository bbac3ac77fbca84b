// The compiled policy's lookups against a plain reading of the same rules:
// wildcard patterns indexed by suffix (one probe per "." of the host instead
// of one test per pattern), and the header-name and method sets (one lookup
// per requested name). Random policies and requests from fixed seeds;
// expectations computed the obvious way (every pattern, every listed name).
#include "test_support.hpp"

#include <random>

namespace corsproof::test {
namespace {

constexpr const char* kWildcard =
    "decisions: Server mode / Origins (scheme://*.suffix[:port]: one or more labels of [a-z0-9_-] before the "
    "suffix, same scheme and port)";
constexpr const char* kHeaders = "W3C CORS §6.2 step 6 (header names byte-case-insensitive; decisions: Preflight checks)";
constexpr const char* kMethods = "W3C CORS §6.2 step 5 (methods byte for byte after normalization)";

bool plain_label_run(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  char prev = '.';
  for (char c : s) {
    if (c == '.') {
      if (prev == '.') return false;
    } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
      return false;
    }
    prev = c;
  }
  return true;
}

struct pattern {
  std::string scheme, suffix, port;
};

bool plain_matches(const std::vector<pattern>& patterns, std::string_view scheme, std::string_view host,
                   std::string_view port) {
  for (const pattern& p : patterns) {
    if (p.scheme != scheme || p.port != port) continue;
    const std::string dotted = "." + p.suffix;
    if (host.size() <= dotted.size() || !host.ends_with(dotted)) continue;
    if (plain_label_run(host.substr(0, host.size() - dotted.size()))) return true;
  }
  return false;
}

TEST(PolicyLookup, WildcardIndexAgreesWithEveryPattern) {
  SCOPED_TRACE(trace_of("wildcards found by suffix, as if every pattern were tried", kWildcard));
  std::mt19937 rng(42);
  static constexpr std::string_view labels[] = {"a", "b", "ab", "x-y", "t_1", "example", "com", "co", "uk", "0a"};
  auto random_domain = [&](std::size_t max_labels) {
    std::string d;
    const std::size_t k = 1 + rng() % max_labels;
    for (std::size_t i = 0; i < k; ++i) d += (i ? "." : "") + std::string(labels[rng() % 10]);
    return d;
  };
  for (int round = 0; round < 300; ++round) {
    std::vector<pattern> patterns;
    policy_config c;
    const std::size_t n = 1 + rng() % 12;
    for (std::size_t i = 0; i < n; ++i) {
      pattern p{rng() % 3 ? "https" : "http", random_domain(3), rng() % 4 ? "" : "8443"};
      if (rng() % 8 == 0) p.suffix += ".";
      patterns.push_back(p);
      c.allow_origins.push_back(p.scheme + "://*." + p.suffix + (p.port.empty() ? "" : ":" + p.port));
    }
    const policy compiled = compile_or_die(c);
    for (int q = 0; q < 40; ++q) {
      const std::string scheme = rng() % 3 ? "https" : "http";
      std::string host = random_domain(5);
      if (rng() % 3 == 0) host = "app." + patterns[rng() % n].suffix;
      if (rng() % 10 == 0) host = "." + host;
      const std::string port = rng() % 4 ? "" : "8443";
      const std::string origin = scheme + "://" + host + (port.empty() ? "" : ":" + port);
      if (!parse_well_formed_origin(origin).ok()) continue;
      const auto run = run_server(compiled, "GET", {{"Origin", origin}});
      ASSERT_EQ(run->d.status, eval_status::ok);
      const bool want = plain_matches(patterns, scheme, host, port);
      ASSERT_EQ(run->d.allowed, want) << origin << " against " << show([&] {
        pairs p;
        for (const auto& e : c.allow_origins) p.emplace_back("entry", e);
        return p;
      }());
    }
  }
}

std::string random_name(std::mt19937& rng, std::size_t max_size = 20) {
  static constexpr std::string_view chars = "abcXYZ-_09";
  std::string s;
  const std::size_t n = 1 + rng() % max_size;
  for (std::size_t i = 0; i < n; ++i) s.push_back(chars[rng() % chars.size()]);
  return s;
}

std::string lower(std::string s) {
  for (char& ch : s)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch + 32);
  return s;
}

TEST(PolicyLookup, HeaderAndMethodSetsAgreeWithTheLists) {
  SCOPED_TRACE(trace_of("one lookup per requested name, as if every listed name were compared", kHeaders));
  SCOPED_TRACE(kMethods);
  std::mt19937 rng(7);
  for (int round = 0; round < 300; ++round) {
    policy_config c;
    c.allow_origins = {"https://app.example"};
    c.allow_methods.clear();
    c.allow_headers.clear();
    std::vector<std::string> methods, headers;
    // Every fourth policy lists 17 to 40 methods of at most 8 bytes: more
    // than a name_set compares one by one (8), so they are hashed, while the
    // others mostly take the inline word compare of short names.
    if (round % 4 == 0) {
      for (std::size_t i = 17 + rng() % 24; i > 0; --i) methods.push_back(random_name(rng, 8));
    } else {
      for (std::size_t i = rng() % 20; i > 0; --i) methods.push_back(random_name(rng));
    }
    // Every fourth policy (another quarter) lists at most 8 header names of
    // at most 16 bytes: the set compares them as two words each, no hash.
    if (round % 4 == 1) {
      for (std::size_t i = rng() % 9; i > 0; --i) headers.push_back(random_name(rng, 16));
    } else {
      for (std::size_t i = rng() % 40; i > 0; --i) headers.push_back(random_name(rng));
    }
    c.allow_methods = methods;
    c.allow_headers = headers;
    const policy compiled = compile_or_die(c);
    for (int q = 0; q < 20; ++q) {
      const std::string method = (rng() % 2 && !methods.empty()) ? methods[rng() % methods.size()]
                                                                 : random_name(rng, round % 4 == 0 ? 8 : 20);
      std::vector<std::string> requested;
      std::string acrh;
      for (std::size_t i = rng() % 5; i > 0; --i) {
        std::string r = (rng() % 2 && !headers.empty()) ? headers[rng() % headers.size()] : random_name(rng);
        if (rng() % 2) r = lower(r);
        acrh += (acrh.empty() ? "" : ",") + r;
        requested.push_back(r);
      }
      pairs request{{"Origin", "https://app.example"}, {"Access-Control-Request-Method", method}};
      if (!acrh.empty()) request.emplace_back("Access-Control-Request-Headers", acrh);
      const auto run = run_server(compiled, "OPTIONS", request);
      ASSERT_EQ(run->d.status, eval_status::ok);
      server_reason want = server_reason::ok;
      // The requested method as sent, against the listed ones as loaded.
      bool method_ok = is_cors_safelisted_method(method);
      for (const std::string& m : methods) method_ok |= std::string(normalize_method(m)) == method;
      if (!method_ok) {
        want = server_reason::method_not_allowed;
      } else {
        for (const std::string& r : requested) {
          bool listed = false;
          for (const std::string& h : headers) listed |= lower(h) == lower(r);
          if (!listed) {
            want = server_reason::header_not_allowed;
            break;
          }
        }
      }
      ASSERT_EQ(run->d.reason, want) << method << " / " << acrh;
    }
  }
}

}  // namespace
}  // namespace corsproof::test

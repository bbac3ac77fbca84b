// Policies and server-mode requests.
#include <algorithm>

#include "corsproof_generators/generators.hpp"
#include "pools.hpp"

using namespace std::string_literals;

namespace corsproof_gen {

namespace {

template <typename T>
rc::Gen<std::vector<T>> some_of(const std::vector<T>& pool, int max) {
  return rc::gen::exec([pool, max] {
    const auto n = *rc::gen::inRange(0, max + 1);
    std::vector<T> out;
    for (int i = 0; i < n; ++i) out.push_back(*rc::gen::elementOf(pool));
    return out;
  });
}

template <typename T>
std::vector<T> shuffled(std::vector<T> v) {
  // Fisher-Yates with generated indices (shrinks towards the given order).
  for (std::size_t i = v.size(); i > 1; --i) {
    const auto j = *rc::gen::inRange<std::size_t>(0, i);
    std::swap(v[i - 1], v[j]);
  }
  return v;
}

}  // namespace

rc::Gen<std::string> policy_origin_entry() {
  return rc::gen::weightedOneOf<std::string>(
      {{10, canonical_origin()},
       {4, rc::gen::elementOf(pools::wildcard_entries())},
       {3, rc::gen::map(rc::gen::elementOf(pools::regex_entries()), [](const auto& e) { return e.first; })},
       {1, rc::gen::just("null"s)}});
}

rc::Gen<Policy> policy() {
  return rc::gen::exec([] {
    Policy p;
    if (*rc::gen::weightedElement<bool>({{6, false}, {1, true}})) {
      p.allow_origins = {"*"};
    } else {
      const auto n = *rc::gen::inRange(1, 5);
      for (int i = 0; i < n; ++i) p.allow_origins.push_back(*policy_origin_entry());
      // Rarely, the longest exact entry there can be.
      if (*rc::gen::weightedElement<bool>({{30, false}, {1, true}})) p.allow_origins.push_back(long_origin(1024));
    }
    if (*rc::gen::weightedElement<bool>({{3, true}, {1, false}})) p.allow_methods = *some_of(pools::policy_methods(), 4);
    p.allow_headers = *some_of(pools::listed_header_names(), 4);
    p.expose_headers = *some_of(pools::expose_names(), 3);
    p.allow_credentials = p.allow_origins != std::vector<std::string>{"*"} && *rc::gen::arbitrary<bool>();
    p.max_age = *rc::gen::weightedElement<std::optional<long long>>(
        {{6, std::nullopt}, {1, 0LL}, {1, 5LL}, {1, 600LL}, {1, 7200LL}, {1, 86400LL}, {1, 2147483647LL}});
    p.allow_private_network = *rc::gen::weightedElement<bool>({{3, false}, {1, true}});
    p.preflight_status = *rc::gen::element(204, 200);
    return p;
  });
}

rc::Gen<Policy> any_policy() {
  return rc::gen::exec([] {
    Policy p = *policy();
    const auto corruptions = *rc::gen::inRange(0, 3);
    for (int c = 0; c < corruptions; ++c) {
      switch (*rc::gen::inRange(0, 16)) {
        case 0:  // a non-canonical spelling of an exact origin
          p.allow_origins.push_back(*rc::gen::mapcat(canonical_origin(), non_canonical_spelling));
          break;
        case 1:  // a near miss that may or may not be a valid entry
          p.allow_origins.push_back(*rc::gen::mapcat(canonical_origin(), near_miss_origin));
          break;
        case 2: p.allow_origins.push_back("*"); break;
        case 3:
          p.allow_origins = {"*"};
          p.allow_credentials = true;
          break;
        case 4:
          p.allow_origins.push_back(*rc::gen::element(
              "re:("s, "re:a{1001}"s, "re:https://[a-z"s, "re:"s, "re:\\"s, "re:(?P<n>a)(?P<n>b)"s, "re:\xff"s));
          break;
        case 5:
          p.allow_origins.push_back(*rc::gen::element(
              "https://*example.com"s, "https://*.Example.com"s, "https://*.example.com:443"s, "https://*.1.2.3.4"s,
              "https://*."s, "https://*.*.example.com"s, "*.example.com"s, "https://a.*.example.com"s,
              "https://*.example.com/"s, "HTTPS://*.example.com"s, "https://*.example.com:08443"s, "https://*.[::1]"s,
              "https://*..example.com"s, "https://*.example.com:"s, "https://*.example.com:65536"s,
              "https://*.exa mple.com"s, "https://*"s, "https://*.example.com*"s, "http://*.example.com:80"s,
              "https://*.01.2.3.4"s, "https://*.256.2.3.4"s, "https://*.1.2.3.4.5"s, "https://*.0x7f.0.0.1"s));
          break;
        case 6: p.allow_origins.clear(); break;
        case 7: p.allow_methods.push_back(*rc::gen::elementOf(pools::non_token_methods())); break;
        case 8:
          (*rc::gen::arbitrary<bool>() ? p.allow_headers : p.expose_headers)
              .push_back(*rc::gen::element("Bad Name"s, ""s, "a:b"s, "x,y"s, "x\xC3\xA9"s, " x"s));
          break;
        case 9: {  // names at and around 1024 bytes
          const std::string name(*around(1024), 'n');
          const auto which = *rc::gen::inRange(0, 3);
          (which == 0 ? p.allow_methods : which == 1 ? p.allow_headers : p.expose_headers).push_back(name);
          break;
        }
        case 10: {  // lists at and around 256 entries
          const std::size_t n = *around(256);
          const auto which = *rc::gen::inRange(0, 3);
          auto& list = which == 0 ? p.allow_methods : which == 1 ? p.allow_headers : p.expose_headers;
          list.clear();
          for (std::size_t i = 0; i < n; ++i) list.push_back("x" + std::to_string(i));
          break;
        }
        case 11: p.max_age = *rc::gen::element(-1LL, 2147483648LL, -2147483648LL, 9223372036854775807LL, 2147483647LL, 0LL); break;
        case 12: p.preflight_status = *rc::gen::element(200, 204, 201, 0, 299, 403, -204); break;
        case 13: {  // an origin entry at and around 1024 bytes
          const std::size_t n = *around(1024);
          const std::string prefix = "https://";
          std::string host(n - prefix.size() - 8, 'a');
          for (std::size_t i = 63; i < host.size(); i += 64) host[i] = '.';
          p.allow_origins.push_back(prefix + host + ".example");
          break;
        }
        case 14:
          p.allow_origins.push_back(*rc::gen::element(" https://a.example"s, "https://a.example "s, "https://a.example\t"s,
                                                      "NULL"s, "Null"s, "null "s, "https://"s, "https://:443"s,
                                                      "https://[::1"s, "https://a.example:99999"s, ""s,
                                                      "https://a..example"s, "https://.a.example"s, "file:///x"s,
                                                      "https://a.example:0"s, "ht tps://a.example"s, "1https://a"s));
          break;
        default:
          p.allow_origins.push_back(*random_bytes(20));
          break;
      }
    }
    return p;
  });
}

std::vector<std::string> origins_trusted_by(const Policy& policy) {
  std::vector<std::string> out;
  for (const std::string& e : policy.allow_origins) {
    if (e == "*") {
      for (std::size_t i = 0; i < 8; ++i) out.push_back(pools::common_origins()[i]);
    } else if (e == "null") {
      out.push_back(e);
    } else if (e.rfind("re:", 0) == 0) {
      for (const auto& [pattern, examples] : pools::regex_entries())
        if (pattern == e) out.insert(out.end(), examples.begin(), examples.end());
    } else if (const auto star = e.find("://*."); star != std::string::npos) {
      for (const std::string& label : pools::wildcard_labels())
        out.push_back(e.substr(0, star + 3) + label + e.substr(star + 4));
    } else {
      out.push_back(e);
    }
  }
  return out;
}

rc::Gen<std::vector<std::string>> acrh_at_bounds() {
  return rc::gen::exec([] {
    std::vector<std::string> names;
    if (*rc::gen::arbitrary<bool>()) {
      // 63, 64 or 65 names, well under 4096 bytes.
      const std::size_t n = *rc::gen::element<std::size_t>(63, 64, 65);
      for (std::size_t i = 0; i < n; ++i) names.push_back(*rc::gen::weightedElement<std::string>({{8, "x-h" + std::to_string(i)}, {1, "X-Custom"}}));
      return *acrh_values(names);
    }
    // 4095, 4096 or 4097 bytes across the values: 40 names of 100 bytes,
    // then padding. Where the padding goes (inside the list, or around a
    // value where field parsing strips it) is part of the probe.
    const std::size_t target = *rc::gen::element<std::size_t>(4095, 4096, 4097);
    const int where = *rc::gen::inRange(0, 4);
    std::string v;
    for (int i = 0; i < 40; ++i) {
      if (i) v += ", ";
      std::string name = "x-" + std::to_string(i) + "-";
      name += std::string(100 - name.size(), 'n');
      v += name;
    }
    // 40 * 100 + 39 * 2 = 4078 bytes so far.
    const std::size_t pad = target - v.size();
    std::vector<std::string> values;
    switch (where) {
      case 0: v += std::string(pad, ','); values = {v}; break;           // empty elements
      case 1: v += std::string(pad, ' '); values = {v}; break;           // trailing spaces (trimmed by field parsing)
      case 2: v = std::string(pad, '\t') + v; values = {v}; break;       // leading tabs (trimmed)
      default: {                                                          // split in two headers
        const auto cut = v.find(", x-20-");
        values = {v.substr(0, cut), std::string(pad + 1, ' ') + v.substr(cut + 2) + " "};
        break;
      }
    }
    return values;
  });
}

rc::Gen<ServerRequest> preflight_request(const Policy& policy) {
  return rc::gen::exec([policy] {
    std::vector<std::string> trusted = origins_trusted_by(policy);
    ServerRequest r;
    r.method = "OPTIONS";
    r.headers.push_back({*case_variant("Origin"), *origin_header_value(trusted)});
    std::vector<std::string> methods = policy.allow_methods;
    methods.push_back(*method_token());
    r.headers.push_back({*case_variant("Access-Control-Request-Method"), *rc::gen::elementOf(methods)});
    std::vector<std::string> pool;
    for (const auto& h : policy.allow_headers) pool.push_back(h);
    const auto n = *rc::gen::inRange(0, 5);
    std::vector<std::string> names;
    for (int i = 0; i < n; ++i)
      names.push_back(pool.empty() || *rc::gen::weightedElement<bool>({{1, true}, {2, false}}) ? *listed_header_name()
                                                                                              : *rc::gen::elementOf(pool));
    if (!names.empty())
      for (const std::string& v : *acrh_values(names)) r.headers.push_back({*case_variant("Access-Control-Request-Headers"), v});
    if (*rc::gen::weightedElement<bool>({{5, false}, {1, true}}))
      r.headers.push_back({*case_variant("Access-Control-Request-Private-Network"), "true"});
    return r;
  });
}

rc::Gen<ServerRequest> server_request(const Policy& policy) {
  return rc::gen::exec([policy] {
    const std::vector<std::string> trusted = origins_trusted_by(policy);
    const int kind = *rc::gen::weightedElement<int>({{1, 0}, {4, 1}, {6, 2}});  // not-cors, actual, preflight
    ServerRequest r;
    std::vector<Header> h;
    if (kind == 2) {
      r.method = *rc::gen::weightedElement<std::string>({{20, "OPTIONS"}, {1, "options"}, {1, "Options"}, {1, "OPTIONS "}});
    } else {
      r.method = *method();
    }
    if (kind != 0) {
      const std::string origin = *origin_header_value(trusted);
      h.push_back({*case_variant("Origin"), *padded(origin)});
      if (*rc::gen::weightedElement<bool>({{14, false}, {1, true}}))
        h.push_back({*case_variant("Origin"), *rc::gen::oneOf(rc::gen::just(origin), origin_header_value(trusted))});
    }
    // Access-Control-Request-Method: preflights usually one, sometimes none
    // or two; other requests sometimes carry one too.
    const int acrm = kind == 2 ? *rc::gen::weightedElement<int>({{1, 0}, {16, 1}, {1, 2}})
                               : *rc::gen::weightedElement<int>({{4, 0}, {1, 1}});
    std::vector<std::string> methods = policy.allow_methods;
    for (const char* m : {"GET", "HEAD", "POST"}) methods.push_back(m);
    for (int i = 0; i < acrm; ++i) {
      const std::string m = *rc::gen::weightedOneOf<std::string>(
          {{6, rc::gen::elementOf(methods)}, {3, method_token()}, {1, method()}});
      h.push_back({*case_variant("Access-Control-Request-Method"), *padded(m)});
    }
    // Access-Control-Request-Headers.
    const int acrh = *rc::gen::weightedElement<int>({{3, 0}, {8, 1}, {1, 2}, {1, 3}});
    std::vector<std::string> values;
    if (acrh == 1) {
      std::vector<std::string> names;
      const auto n = *rc::gen::inRange(1, 6);
      for (int i = 0; i < n; ++i)
        names.push_back(!policy.allow_headers.empty() && *rc::gen::weightedElement<bool>({{3, true}, {1, false}})
                            ? *rc::gen::elementOf(policy.allow_headers)
                            : *listed_header_name());
      values = *acrh_values(names);
    } else if (acrh == 2) {
      // A non-token element somewhere.
      std::vector<std::string> names = {*listed_header_name(),
                                        *rc::gen::element("a b"s, "x;y"s, "\"x\""s, "x:"s, "\xC3\xA9"s, "(x)"s, "x/y"s)};
      values = *acrh_values(shuffled(names));
    } else if (acrh == 3) {
      values = *acrh_at_bounds();
    }
    for (const std::string& v : values) h.push_back({*case_variant("Access-Control-Request-Headers"), v});
    if (*rc::gen::weightedElement<bool>({{5, false}, {1, true}})) {
      const auto n = *rc::gen::weightedElement<int>({{6, 1}, {1, 2}});
      for (int i = 0; i < n; ++i)
        h.push_back({*case_variant("Access-Control-Request-Private-Network"),
                     *rc::gen::weightedElement<std::string>({{6, "true"}, {1, " true\t"}, {1, "TRUE"}, {1, "false"}, {1, ""}})});
    }
    // Other request headers, irrelevant to the decision.
    const auto others = *rc::gen::inRange(0, 3);
    for (int i = 0; i < others; ++i) {
      const std::string name = *request_header_name();
      h.push_back({name, *request_header_value(name)});
    }
    // Header order is part of the input (the first Origin, the first
    // refused name), so shuffle the non-list headers a little.
    if (*rc::gen::weightedElement<bool>({{3, false}, {1, true}})) h = shuffled(h);
    // corsproof's 256-header bound.
    if (*rc::gen::weightedElement<bool>({{60, false}, {1, true}})) {
      const std::size_t n = *around(256);
      while (h.size() < n) h.push_back({"X-Filler", "1"});
    }
    r.headers = std::move(h);
    return r;
  });
}

}  // namespace corsproof_gen

// Browser-mode requests, preflight responses and responses.
#include <algorithm>
#include <set>

#include "corsproof_generators/generators.hpp"
#include "pools.hpp"

using namespace std::string_literals;

namespace corsproof_gen {

namespace {

std::string normalized(const std::string& m) {
  for (const char* n : {"DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"})
    if (detail::upper_all(m) == n) return n;
  return m;
}

rc::Gen<std::string> url_for(const std::string& origin) {
  return rc::gen::exec([origin]() -> std::string {
    const std::string path = *rc::gen::element("/"s, "/x"s, "/api/v1?q=1"s, ""s, "#f"s, "/a/b/"s);
    const bool same = *rc::gen::weightedElement<bool>({{4, false}, {1, true}});
    if (same) {
      // The request's own origin, possibly spelled differently in the URL.
      const detail::origin_parts o = detail::split_origin(origin);
      if (!o.ok) return origin + path;
      switch (*rc::gen::inRange(0, 5)) {
        case 0: return origin + path;
        case 1: return detail::upper_all(o.scheme) + "://" + detail::upper_all(o.host) + (o.port.empty() ? "" : ":" + o.port) + path;
        case 2: {
          const std::string d = o.scheme == "https" || o.scheme == "wss" ? "443" : o.scheme == "http" || o.scheme == "ws" ? "80" : "";
          return o.scheme + "://" + o.host + ":" + (o.port.empty() ? d : "0" + o.port) + path;
        }
        case 3: return o.scheme + "://user:pw@" + o.host + (o.port.empty() ? "" : ":" + o.port) + path;
        default: return o.scheme + "://" + o.host + (o.port.empty() ? ":" : ":" + o.port) + path;
      }
    }
    if (*rc::gen::weightedElement<bool>({{30, false}, {1, true}})) {
      return *rc::gen::element("api.example/x"s, "https:///x"s, "https://u@/"s, "null"s, ""s, "https://[::1/x"s,
                               "https://a.example:99999/"s, "https://a.example:8x/"s, "://a.example"s,
                               "https://" + std::string(70000, 'h') + ".example/"s,
                               // scheme://host at and around the 1024-byte bound
                               "https://" + std::string(1024 - 8 - 8, 'h') + ".example/x"s,
                               "https://" + std::string(1024 - 8 - 8 + 1, 'h') + ".example/x"s,
                               "https://" + std::string(1024 - 8 - 8 - 1, 'h') + ".example"s,
                               std::string(2000, 'u'));
    }
    return *rc::gen::weightedOneOf<std::string>({{4, canonical_origin()}, {1, rc::gen::mapcat(rc::gen::just(origin), near_miss_origin)}}) +
           path;
  });
}

// The names a browser would list in Access-Control-Request-Headers for these
// author headers, roughly (lower-cased, forbidden ones left out); the
// generator aims at them, the model and core decide exactly.
std::vector<std::string> probable_unsafe_names(const std::vector<Header>& headers) {
  std::set<std::string> names;
  for (const Header& h : headers) {
    const std::string n = detail::lower_all(h.name);
    if (n == "cookie" || n == "host" || n == "origin" || n.rfind("sec-", 0) == 0 || n.rfind("proxy-", 0) == 0) continue;
    names.insert(n);
  }
  return {names.begin(), names.end()};
}

rc::Gen<std::vector<Header>> allow_origin_headers(const BrowserRequest& r) {
  return rc::gen::exec([r] {
    std::vector<Header> h;
    const std::string name = *case_variant("Access-Control-Allow-Origin");
    switch (*rc::gen::weightedElement<int>({{30, 0}, {8, 1}, {6, 2}, {4, 3}, {2, 4}, {2, 5}, {3, 6}, {2, 7}, {1, 8}})) {
      case 0: h.push_back({name, r.origin}); break;
      case 1: h.push_back({name, "*"}); break;
      case 2: h.push_back({name, *near_miss_origin(r.origin)}); break;
      case 3: break;  // absent
      case 4:
        h.push_back({name, r.origin});
        h.push_back({*case_variant("Access-Control-Allow-Origin"), *rc::gen::element(r.origin, "*"s)});
        break;
      case 5: h.push_back({name, r.origin + *rc::gen::element(", "s, ","s) + r.origin}); break;
      case 6: h.push_back({name, *padded(r.origin)}); break;
      case 7: h.push_back({name, *rc::gen::element("null"s, ""s, " "s, "*, *"s, " * "s)}); break;
      default: h.push_back({name, *random_bytes(12)}); break;
    }
    return h;
  });
}

rc::Gen<std::vector<Header>> allow_credentials_headers() {
  return rc::gen::exec([] {
    std::vector<Header> h;
    const std::string name = *case_variant("Access-Control-Allow-Credentials");
    switch (*rc::gen::weightedElement<int>({{8, 0}, {8, 1}, {2, 2}, {1, 3}})) {
      case 0: break;
      case 1: h.push_back({name, "true"}); break;
      case 2:
        h.push_back({name, *rc::gen::element("True"s, "TRUE"s, " true\t"s, "true, true"s, "false"s, ""s, "\"true\""s, "1"s, "true,"s)});
        break;
      default:
        h.push_back({name, "true"});
        h.push_back({name, *rc::gen::element("true"s, ""s)});
        break;
    }
    return h;
  });
}

rc::Gen<std::string> list_spelling(const std::vector<std::string>& items) {
  return rc::gen::exec([items] {
    std::string v;
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i) v += *rc::gen::element(","s, ", "s, " , "s, ",,"s, ", ,"s, ",\t"s);
      v += items[i];
    }
    if (*rc::gen::weightedElement<bool>({{6, false}, {1, true}})) v = "," + v;
    if (*rc::gen::weightedElement<bool>({{6, false}, {1, true}})) v += ",";
    return v;
  });
}

}  // namespace

rc::Gen<BrowserRequest> browser_request() {
  return rc::gen::exec([] {
    BrowserRequest r;
    r.origin = *rc::gen::weightedOneOf<std::string>({{20, canonical_origin()},
                                                     {3, rc::gen::just("null"s)},
                                                     {1, rc::gen::mapcat(canonical_origin(), near_miss_origin)}});
    r.url = *url_for(r.origin);
    r.method = *rc::gen::weightedOneOf<std::string>({{3, rc::gen::element("GET"s, "POST"s, "HEAD"s, "get"s)}, {5, method()}});
    r.headers = *author_headers();
    r.credentials = *rc::gen::element("omit"s, "same-origin"s, "include"s);
    r.private_network = *rc::gen::weightedElement<bool>({{8, false}, {1, true}});
    return r;
  });
}

rc::Gen<BrowserRequest> browser_request_for(const Policy& policy) {
  return rc::gen::exec([policy] {
    BrowserRequest r;
    const std::vector<std::string> trusted = origins_trusted_by(policy);
    r.origin = trusted.empty() ? *canonical_origin() : *origin_header_value(trusted);
    r.url = *rc::gen::element("https://server.test/resource"s, "https://server.test:8443/"s, "http://server.test/x?y"s);
    std::vector<std::string> methods;
    for (const auto& m : policy.allow_methods)
      if (m != "*") methods.push_back(m);
    std::string m = methods.empty() || *rc::gen::arbitrary<bool>() ? *method_token() : *rc::gen::elementOf(methods);
    const std::string upper = detail::upper_all(m);
    if (upper == "CONNECT" || upper == "TRACE" || upper == "TRACK") m = "PUT";
    r.method = m;
    // Author headers: names the policy lists, safelisted ones, others.
    const auto n = *rc::gen::inRange(0, 5);
    for (int i = 0; i < n; ++i) {
      std::string name;
      if (!policy.allow_headers.empty() && *rc::gen::arbitrary<bool>()) {
        name = *rc::gen::elementOf(policy.allow_headers);
        if (name == "*") name = *listed_header_name();
      } else {
        name = *rc::gen::elementOf(pools::request_header_names());
      }
      name = *case_variant(name);
      std::string value = *request_header_value(name);
      std::string clean;
      for (char c : value)
        if (c != '\0' && c != '\r' && c != '\n') clean += c;
      r.headers.push_back({name, clean});
    }
    if (*rc::gen::weightedElement<bool>({{8, false}, {1, true}})) {
      const auto copies = *rc::gen::element<std::size_t>(8, 9);
      for (std::size_t i = 0; i < copies; ++i) r.headers.push_back({"Accept-Language", std::string(128, 'e')});
    }
    r.credentials = *rc::gen::element("omit"s, "same-origin"s, "include"s);
    r.private_network = *rc::gen::weightedElement<bool>({{6, false}, {1, true}});
    return r;
  });
}

rc::Gen<Response> preflight_response_for(const BrowserRequest& r) {
  return rc::gen::exec([r] {
    Response resp;
    resp.status = *rc::gen::weightedElement<int>({{10, 204}, {10, 200}, {1, 199}, {1, 206}, {1, 299}, {1, 300}, {1, 301},
                                                  {1, 304}, {1, 400}, {1, 403}, {1, 404}, {1, 500}, {1, 0}, {1, 100}});
    std::vector<Header> h = *allow_origin_headers(r);
    for (const Header& x : *allow_credentials_headers()) h.push_back(x);
    const std::string m = normalized(r.method);
    // Access-Control-Allow-Methods
    {
      const std::string name = *case_variant("Access-Control-Allow-Methods");
      switch (*rc::gen::weightedElement<int>({{5, 0}, {7, 1}, {3, 2}, {3, 3}, {2, 4}, {1, 5}, {1, 6}})) {
        case 0: break;
        case 1: h.push_back({name, m}); break;
        case 2: h.push_back({name, "*"}); break;
        case 3: h.push_back({name, *list_spelling({"GET", m, *rc::gen::element("PUT"s, "*"s, "DELETE"s)})}); break;
        case 4: h.push_back({name, *case_variant(m)}); break;
        case 5:
          h.push_back({name, *rc::gen::element("PUT DELETE"s, "\"PUT\""s, "P(T"s, "GET;"s, m + " x"s, "GET, PUT;"s, "\xC3\x89"s)});
          break;
        default:
          h.push_back({name, "GET"});
          h.push_back({*case_variant("Access-Control-Allow-Methods"), *rc::gen::element(m, ""s, "*"s)});
          break;
      }
    }
    // Access-Control-Allow-Headers
    {
      std::vector<std::string> names = probable_unsafe_names(r.headers);
      const std::string name = *case_variant("Access-Control-Allow-Headers");
      switch (*rc::gen::weightedElement<int>({{5, 0}, {7, 1}, {3, 2}, {3, 3}, {1, 4}, {1, 5}, {1, 6}, {1, 7}})) {
        case 0: break;
        case 1: {
          std::vector<std::string> cased;
          for (const auto& n : names) cased.push_back(*case_variant(n));
          h.push_back({name, *list_spelling(cased)});
          break;
        }
        case 2: {  // all but one
          if (!names.empty()) names.erase(names.begin() + static_cast<std::ptrdiff_t>(*rc::gen::inRange<std::size_t>(0, names.size())));
          h.push_back({name, *list_spelling(names)});
          break;
        }
        case 3: h.push_back({name, "*"}); break;
        case 4: h.push_back({name, "*, " + *rc::gen::element("authorization"s, "Authorization"s)}); break;
        case 5: h.push_back({name, *rc::gen::element("a b"s, "x-a;"s, "\"x\""s, "x-a, b c"s, "x-\xC3\xA9"s)}); break;
        case 6: h.push_back({name, ""}); break;
        default: {  // split over two headers
          const auto half = names.size() / 2;
          h.push_back({name, *list_spelling({names.begin(), names.begin() + static_cast<std::ptrdiff_t>(half)})});
          h.push_back({name, *list_spelling({names.begin() + static_cast<std::ptrdiff_t>(half), names.end()})});
          break;
        }
      }
    }
    // Access-Control-Max-Age
    switch (*rc::gen::weightedElement<int>({{10, 0}, {8, 1}, {1, 2}})) {
      case 0: break;
      case 1:
        h.push_back({*case_variant("Access-Control-Max-Age"),
                     *rc::gen::element("0"s, "5"s, "600"s, "7200"s, "86400"s, "2147483647"s, "2147483648"s, "2147483649"s,
                                       "4294967296"s, "18446744073709551616"s, "99999999999999999999999"s, "-1"s, "1.5"s,
                                       "+5"s, "10, 20"s, " 600 "s, ""s, "0005"s, "abc"s, "6 0"s, "\t7\t"s)});
        break;
      default:
        h.push_back({"Access-Control-Max-Age", "600"});
        h.push_back({"access-control-max-age", *rc::gen::element("600"s, "5"s)});
        break;
    }
    // Access-Control-Allow-Private-Network
    if (r.private_network ? *rc::gen::weightedElement<bool>({{4, true}, {1, false}})
                          : *rc::gen::weightedElement<bool>({{10, false}, {1, true}})) {
      h.push_back({*case_variant("Access-Control-Allow-Private-Network"),
                   *rc::gen::weightedElement<std::string>({{6, "true"}, {1, " true "}, {1, "TRUE"}, {1, "true, true"}, {1, ""}})});
      if (*rc::gen::weightedElement<bool>({{10, false}, {1, true}}))
        h.push_back({"Access-Control-Allow-Private-Network", "true"});
    }
    if (*rc::gen::weightedElement<bool>({{6, false}, {1, true}}))
      h.push_back({*rc::gen::elementOf(pools::response_header_names()), *random_bytes(8)});
    // Bounds: many headers, long names or values.
    if (*rc::gen::weightedElement<bool>({{80, false}, {1, true}})) {
      switch (*rc::gen::inRange(0, 3)) {
        case 0: {
          const std::size_t n = *around(256);
          while (h.size() < n) h.push_back({"X-Filler", "1"});
          break;
        }
        case 1: h.push_back({std::string(*around(256), 'n'), "1"}); break;
        default: h.push_back({"X-Big", std::string(*around(8192), 'v')}); break;
      }
    }
    resp.headers = *rc::gen::weightedOneOf<std::vector<Header>>({{5, rc::gen::just(h)}, {1, rc::gen::exec([h] {
      std::vector<Header> s = h;
      for (std::size_t i = s.size(); i > 1; --i) std::swap(s[i - 1], s[*rc::gen::inRange<std::size_t>(0, i)]);
      return s;
    })}});
    return resp;
  });
}

rc::Gen<Response> response_for(const BrowserRequest& r) {
  return rc::gen::exec([r] {
    Response resp;
    resp.status = *rc::gen::weightedElement<int>({{10, 200}, {1, 201}, {1, 204}, {1, 301}, {1, 304}, {1, 404}, {1, 500}, {1, 0}});
    std::vector<Header> h = *allow_origin_headers(r);
    for (const Header& x : *allow_credentials_headers()) h.push_back(x);
    // Other response headers (some exposed below, some not).
    std::vector<std::string> present;
    const auto extra = *rc::gen::inRange(0, 5);
    for (int i = 0; i < extra; ++i) {
      const std::string n = *rc::gen::weightedOneOf<std::string>(
          {{6, rc::gen::elementOf(pools::response_header_names())}, {1, token(8)}});
      h.push_back({n, *rc::gen::element("1"s, "v"s, "a=b"s, ""s)});
      present.push_back(n);
    }
    // Access-Control-Expose-Headers
    {
      const std::string name = *case_variant("Access-Control-Expose-Headers");
      switch (*rc::gen::weightedElement<int>({{4, 0}, {6, 1}, {3, 2}, {1, 3}, {1, 4}, {1, 5}, {1, 6}})) {
        case 0: break;
        case 1: {
          std::vector<std::string> names;
          for (const auto& n : present)
            if (*rc::gen::arbitrary<bool>()) names.push_back(*case_variant(n));
          names.push_back(*rc::gen::elementOf(pools::expose_names()));
          h.push_back({name, *list_spelling(names)});
          break;
        }
        case 2: h.push_back({name, "*"}); break;
        case 3: h.push_back({name, "*, " + (present.empty() ? "x-a"s : present.front())}); break;
        case 4: h.push_back({name, *rc::gen::element("a b"s, "x-a;"s, "not valid"s, "///"s, "x-a, b c"s)}); break;
        case 5: h.push_back({name, *rc::gen::element(" , ,"s, ""s, "set-cookie, x-a"s, "Set-Cookie2"s, "SET-COOKIE"s)}); break;
        default:
          h.push_back({name, present.empty() ? "x-a"s : present.back()});
          h.push_back({name, *rc::gen::element("x-b"s, "*"s)});
          break;
      }
    }
    // Bounds: exposing more than 128 names.
    if (*rc::gen::weightedElement<bool>({{60, false}, {1, true}})) {
      const std::size_t n = *rc::gen::element<std::size_t>(120, 121, 122, 130);
      for (std::size_t i = 0; i < n; ++i) h.push_back({"x-e" + std::to_string(i), "1"});
      h.push_back({"Access-Control-Expose-Headers", "*"});
    }
    resp.headers = std::move(h);
    return resp;
  });
}

rc::Gen<BrowserExchange> browser_exchange() {
  return rc::gen::exec([] {
    BrowserExchange ex;
    ex.request = *browser_request();
    if (*rc::gen::weightedElement<bool>({{12, true}, {1, false}})) ex.preflight_response = *preflight_response_for(ex.request);
    if (*rc::gen::weightedElement<bool>({{5, true}, {1, false}})) ex.response = *response_for(ex.request);
    return ex;
  });
}

}  // namespace corsproof_gen

// ---- Printing --------------------------------------------------------------------

#include "corsproof_bridge/bridge.hpp"

namespace corsproof_model {
void showValue(const Header& h, std::ostream& os) { os << corsproof_bridge::show(std::vector<Header>{h}); }
void showValue(const Policy& p, std::ostream& os) { os << corsproof_bridge::show(p); }
void showValue(const ServerRequest& r, std::ostream& os) { os << corsproof_bridge::show(r); }
void showValue(const ServerAnswer& a, std::ostream& os) { os << corsproof_bridge::show(a); }
void showValue(const BrowserRequest& r, std::ostream& os) {
  BrowserExchange ex;
  ex.request = r;
  os << corsproof_bridge::show(ex);
}
void showValue(const Response& r, std::ostream& os) {
  os << "{status: " << r.status << ", headers: " << corsproof_bridge::show(r.headers) << "}";
}
void showValue(const BrowserExchange& e, std::ostream& os) { os << corsproof_bridge::show(e); }
void showValue(const BrowserAnswer& a, std::ostream& os) { os << corsproof_bridge::show(a); }
}  // namespace corsproof_model

#include "chain_input.hpp"

#include <cstdio>

namespace corsproof_fuzz {

namespace chain_dicts {
namespace {

constexpr std::string_view page_origins_a[] = {
    "https://app.example", "null", "http://app.example", "https://api.example", "https://b.example",
    "https://127.0.0.1", "https://APP.example", "https://app.example:443", "",
};

// Same-origin, cross-origin, another scheme, IPv4 number forms, userinfo,
// fragments, spellings the URL parser normalizes and ones it refuses.
constexpr std::string_view urls_a[] = {
    "https://api.example/r", "https://app.example/a", "https://api.example/x#f", "https://b.example/z",
    "http://app.example/h", "https://0x7f.1/r", "ws://api.example/r", "https://a b/", "https://u@api.example/",
    "HTTPS://API.example:443/x?y#z", "https://api.example/y", "https://api.example/x", "https://127.0.0.1/i",
    "https://app.example/b", "https://api.example/r?q", "https://api.example", "data:,x",
};

constexpr std::string_view locations_a[] = {
    "/x", "/r", "x?q", "../y#frag", "https://api.example/y", "https://app.example/a", "https://b.example/z",
    "//api.example/r", "https://API.EXAMPLE:443/r", "http://app.example/h", "https://127.0.0.1/i", "data:,x", "",
    "mailto:a@b", "https://u:p@api.example/c", "https://u@app.example/c", "https://exa mple/",
    "https://\xC3\xA9.example/", "\\\\b.example\\k", "#only", "https://0x7f.1/r", "ws://api.example/r",
    "https://api.example/x#f", "?q", ".", "https://api.example/r", " /a b/\xC3\xA9 ", "https://app.example/b",
    "http://api.example/r", "https:api.example/s",
};

constexpr std::string_view response_header_names_a[] = {
    "Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Access-Control-Allow-Methods",
    "Access-Control-Allow-Headers", "Access-Control-Max-Age", "Location", "Access-Control-Expose-Headers",
    "Access-Control-Allow-Private-Network", "X-Data", "Set-Cookie", "Content-Type", "location", "Vary",
};

constexpr std::string_view acao_values_a[] = {"*", "null", "https://app.example", "http://app.example", "",
                                               "https://other.example", "https://APP.example",
                                               "https://app.example, https://api.example"};
constexpr std::string_view acac_values_a[] = {"true", "True", "false", ""};
constexpr std::string_view acam_values_a[] = {"PUT, DELETE, POST, XMETHOD, patch", "*", "PUT", "", "*, PUT",
                                               "PUT, *", "GET", "P T", "DELETE", "put"};
constexpr std::string_view acah_values_a[] = {"x-a, content-type, authorization, content-language, content-encoding",
                                               "*, authorization", "*", "x-a", "", "X-A, Content-Type", "x a",
                                               "authorization", "content-type"};
constexpr std::string_view max_age_values_a[] = {"600", "0", "1", "5", "-1", "x", "", "2147483648", "7200",
                                                  "99999999999999999999"};
constexpr std::string_view aceh_values_a[] = {"x-data, *", "x-data", "*", "set-cookie", ""};
constexpr std::string_view acapn_values_a[] = {"true", "false"};
constexpr std::string_view other_values_a[] = {"1", "a=b", "application/json", "Origin", ""};

}  // namespace

const dict page_origins{page_origins_a};
const dict urls{urls_a};
const dict locations{locations_a};
const dict response_header_names{response_header_names_a};

}  // namespace chain_dicts

std::vector<std::string_view> chain_response_value_choices(const chain_case& c, std::string_view name,
                                                           std::string& scratch) {
  using corsproof::iequals;
  namespace d = chain_dicts;
  if (iequals(name, "location")) return {d::locations_a, d::locations_a + std::size(d::locations_a)};
  dict fixed = d::other_values_a;
  std::vector<std::string_view> values;
  if (iequals(name, "access-control-allow-origin")) {
    values.push_back(c.origin);
    fixed = d::acao_values_a;
  } else if (iequals(name, "access-control-allow-methods")) {
    values.push_back(c.method);
    fixed = d::acam_values_a;
  } else if (iequals(name, "access-control-allow-headers") || iequals(name, "access-control-expose-headers")) {
    // The request's header names as a list, the way a server echoes them.
    scratch.clear();
    for (const header& h : c.headers) {
      if (!scratch.empty()) scratch += ", ";
      scratch += h.name;
    }
    values.push_back(scratch);
    fixed = iequals(name, "access-control-allow-headers") ? dict(d::acah_values_a) : dict(d::aceh_values_a);
  } else if (iequals(name, "access-control-allow-credentials")) {
    fixed = d::acac_values_a;
  } else if (iequals(name, "access-control-max-age")) {
    fixed = d::max_age_values_a;
  } else if (iequals(name, "access-control-allow-private-network")) {
    fixed = d::acapn_values_a;
  }
  values.insert(values.end(), fixed.begin(), fixed.end());
  return values;
}

// ---- JSON ----------------------------------------------------------------------------

namespace {

std::string json_response(const response_case& r) {
  return "{\"status\": " + std::to_string(r.status) + ", \"headers\": " + json_headers(r.headers) + "}";
}

std::string json_request_and_hops(const chain_case& c) {
  std::string out = "\"request\": {\"origin\": " + json_quote(c.origin) + ", \"url\": " + json_quote(c.url) +
                    ", \"method\": " + json_quote(c.method) + ", \"headers\": " + json_headers(c.headers) +
                    ", \"credentials\": \"" + std::string(corsproof::to_string(c.credentials)) +
                    "\", \"redirect\": \"" + std::string(corsproof::to_string(c.redirect)) + "\"";
  if (c.private_network) out += ", \"private_network\": true";
  out += "}, \"hops\": [";
  for (std::size_t i = 0; i < c.hops.size(); ++i) {
    const hop_case& h = c.hops[i];
    std::string fields;
    if (h.url) fields += "\"url\": " + json_quote(*h.url);
    if (h.preflight_response)
      fields += (fields.empty() ? "" : ", ") + std::string("\"preflight_response\": ") + json_response(*h.preflight_response);
    if (h.response) fields += (fields.empty() ? "" : ", ") + std::string("\"response\": ") + json_response(*h.response);
    out += (i ? ", {" : "{") + fields + "}";
  }
  return out + "]";
}

std::string json_seconds(std::uint64_t ms) {
  char buf[40];
  if (ms % 1000 == 0)
    std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(ms / 1000));
  else
    std::snprintf(buf, sizeof buf, "%llu.%03llu", static_cast<unsigned long long>(ms / 1000),
                  static_cast<unsigned long long>(ms % 1000));
  return buf;
}

}  // namespace

std::string json_chain_case(const chain_case& c) {
  return "{\"id\": \"fuzz\", \"mode\": \"browser\", " + json_request_and_hops(c) + "}";
}

std::string json_session_case(const session_case& s) {
  std::string out = "{\"id\": \"fuzz\", \"mode\": \"browser-session\", \"report_cache\": ";
  out += s.report_cache ? "true" : "false";
  out += ", \"fetches\": [";
  for (std::size_t i = 0; i < s.fetches.size(); ++i)
    out += (i ? ", {\"t\": " : "{\"t\": ") + json_seconds(s.fetches[i].t_ms) + ", " +
           json_request_and_hops(s.fetches[i].fetch) + "}";
  return out + "]}";
}

std::string json_v11_case(const v11_case& c) {
  return c.session ? json_session_case(c.fetches) : json_chain_case(c.chain);
}

}  // namespace corsproof_fuzz

// audit/src/probes.cpp — make_probes: requests generated from a policy.
// Which sample origins a policy allows is asked of the core (evaluate_server);
// the domain names in `re:` patterns come from the linter's scanner.
#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "corsproof/lint.hpp"
#include "corsproof/method.hpp"
#include "corsproof/origin.hpp"
#include "corsproof/origin_pattern.hpp"
#include "corsproof/probe.hpp"
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

struct sample {
  std::string scheme;
  std::string host;
  std::string port;  // ":8443" or ""
  origin_entry_kind kind = origin_entry_kind::exact;
  std::string wildcard_suffix;  // wildcard entries: "partner.example"
  [[nodiscard]] std::string origin() const { return scheme + "://" + host + port; }
};

std::optional<sample> split(std::string_view origin, origin_entry_kind kind) {
  const origin_parse_result r = parse_serialized_origin(origin);
  if (!r.ok() || r.origin.opaque) return std::nullopt;
  sample s;
  s.scheme = std::string(r.origin.scheme);
  s.host = std::string(r.origin.host);
  if (!r.origin.port_text.empty()) s.port = ":" + std::string(r.origin.port_text);
  s.kind = kind;
  return s;
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

class probe_list {
 public:
  explicit probe_list(std::string own_origin) : own_origin_(std::move(own_origin)) {}

  void add(std::string slug, std::string purpose, std::string method, header_pairs headers) {
    for (const auto& [n, v] : headers)
      if (n == "Origin" && v == own_origin_) return;  // same-origin: not a CORS request
    for (const auto& p : probes_)
      if (p.method == method && p.headers == headers) return;  // already probed
    probes_.push_back(probe{std::move(slug), std::move(purpose), std::move(method), std::move(headers)});
  }

  std::vector<probe> take(std::size_t max) {
    if (probes_.size() > max) probes_.resize(max);
    const std::size_t width = probes_.size() > 99 ? 3 : 2;
    for (std::size_t i = 0; i < probes_.size(); ++i) {
      std::string num = std::to_string(i + 1);
      num.insert(0, static_cast<std::size_t>(width) - std::min<std::size_t>(num.size(), width), '0');
      probes_[i].id = "p" + num + "-" + probes_[i].id;
    }
    return std::move(probes_);
  }

 private:
  std::string own_origin_;
  std::vector<probe> probes_;
};

header_pairs actual_headers(const std::string& origin) { return {{"Origin", origin}}; }

header_pairs preflight_headers(const std::string& origin, const std::string& method,
                               const std::string& requested = {}) {
  header_pairs h{{"Origin", origin}, {"Access-Control-Request-Method", method}};
  if (!requested.empty()) h.emplace_back("Access-Control-Request-Headers", requested);
  return h;
}

}  // namespace

std::vector<probe> make_probes(const policy_config& cfg, std::string_view url, std::size_t max_probes) {
  policy_result compiled = compile_policy(cfg);
  if (!compiled.ok()) return {};
  const policy& pol = *compiled.value;

  std::array<char, max_origin_bytes + 16> own{};
  const std::size_t own_len = write_canonical_origin(url, own);
  probe_list out(std::string(own.data(), own_len));

  // ---- Origins the policy allows: one sample per entry. --------------------
  std::vector<sample> samples;
  auto keep = [&](std::optional<sample> s) {
    if (!s || s->origin() == std::string(own.data(), own_len)) return;
    for (const auto& k : samples)
      if (k.origin() == s->origin()) return;
    samples.push_back(std::move(*s));
  };
  for (const std::string& entry : cfg.allow_origins) {
    switch (classify_origin_entry(entry)) {
      case origin_entry_kind::any:
        keep(split("https://corsproof-probe.example", origin_entry_kind::any));
        break;
      case origin_entry_kind::exact:
        keep(split(entry, origin_entry_kind::exact));
        break;
      case origin_entry_kind::wildcard: {
        const origin_pattern_result pattern = parse_origin_pattern(entry);
        if (!pattern.ok()) break;
        auto s = split(pattern.value->origin_with_label("app"), origin_entry_kind::wildcard);
        if (s) {
          s->wildcard_suffix = pattern.value->suffix;
          keep(std::move(s));
        }
        break;
      }
      case origin_entry_kind::regex: {
        bool found = false;
        for (const std::string& literal : lint::regex_domain_literals(std::string_view(entry).substr(3))) {
          for (std::string_view scheme : {"https", "http"})
            for (std::string_view port : {"", ":8443", ":3000", ":8080"})
              for (const std::string& host : {literal, "app." + literal, "www." + literal}) {
                const std::string o = std::string(scheme) + "://" + host + std::string(port);
                if (!found && allows_origin(pol, o)) {
                  keep(split(o, origin_entry_kind::regex));
                  found = true;
                }
              }
          if (found) break;
        }
        break;
      }
      case origin_entry_kind::null:
      case origin_entry_kind::invalid:
        break;
    }
  }
  const bool null_listed =
      std::find(cfg.allow_origins.begin(), cfg.allow_origins.end(), "null") != cfg.allow_origins.end();
  std::string primary = samples.empty() ? (null_listed ? "null" : "https://corsproof-probe.example")
                                        : samples.front().origin();

  // ---- Methods and headers from the policy. --------------------------------
  auto listed_method = [&](std::string_view m) {
    return std::any_of(cfg.allow_methods.begin(), cfg.allow_methods.end(),
                       [&](const std::string& x) { return normalize_method(x) == m; });
  };
  const bool any_method = listed_method("*");
  std::vector<std::string> unsafe_methods;  // listed, not CORS-safelisted
  for (const auto& m : cfg.allow_methods) {
    const std::string n(normalize_method(m));
    if (n != "*" && !is_cors_safelisted_method(n) &&
        std::find(unsafe_methods.begin(), unsafe_methods.end(), n) == unsafe_methods.end())
      unsafe_methods.push_back(n);
  }
  std::string unlisted_method = "CORSPROOF";
  for (std::string_view m : {"DELETE", "PUT", "PATCH", "PURGE"})
    if (!listed_method(m)) {
      unlisted_method = std::string(m);
      break;
    }
  const std::string main_method =
      !unsafe_methods.empty() ? unsafe_methods.front() : (any_method ? std::string("PUT") : std::string("POST"));

  std::vector<std::string> names;  // listed header names, lower case, sorted, no "*"
  bool any_header = false;
  for (const auto& h : cfg.allow_headers) {
    if (h == "*") {
      any_header = true;
      continue;
    }
    const std::string l = lower(h);
    if (std::find(names.begin(), names.end(), l) == names.end()) names.push_back(l);
  }
  std::sort(names.begin(), names.end());
  std::string browser_list;  // what a browser sends: lower case, sorted, ","
  for (const auto& n : names) browser_list += (browser_list.empty() ? "" : ",") + n;
  std::string untidy_list;  // reversed, capitalized, with spaces
  for (auto it = names.rbegin(); it != names.rend(); ++it) {
    std::string n = *it;
    bool start = true;
    for (char& c : n) {
      if (start) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      start = c == '-';
    }
    untidy_list += (untidy_list.empty() ? "" : " ,  ") + n;
  }

  // ---- The probes, most telling first. -----------------------------------------
  out.add("not-cors", "a request without Origin: no Access-Control-* needed, Vary: Origin when answers vary",
          "GET", {});
  out.add("actual-allowed", "an allowed origin, actual GET", "GET", actual_headers(primary));
  out.add("actual-allowed-cookie", "an allowed origin, actual GET carrying a cookie", "GET",
          header_pairs{{"Origin", primary}, {"Cookie", "corsproof-probe=1"}});
  out.add("preflight-allowed", "an allowed origin, preflight for a listed method and the listed headers",
          "OPTIONS", preflight_headers(primary, main_method, browser_list));

  // Near misses around the first two tuple origins.
  std::vector<std::pair<std::string, std::string>> near;  // (slug, origin)
  auto near_add = [&](std::string slug, std::string origin) {
    // A "near miss" the policy allows (evilapp.partner.example under
    // *.partner.example) is no near miss; the core says which.
    if (!pol.any_origin() && allows_origin(pol, origin)) return;
    for (const auto& n : near)
      if (n.second == origin) return;
    near.emplace_back(std::move(slug), std::move(origin));
  };
  for (std::size_t i = 0; i < samples.size() && i < 2; ++i) {
    const sample& s = samples[i];
    if (s.kind == origin_entry_kind::any) continue;
    const std::string other_scheme = s.scheme == "https" ? "http" : "https";
    near_add("suffix-bypass", s.scheme + "://" + s.host + ".evil.test" + s.port);
    near_add("prefix-bypass", s.scheme + "://evil" + s.host + s.port);
    if (s.kind == origin_entry_kind::exact) near_add("subdomain", s.scheme + "://evil." + s.host + s.port);
    if (s.kind == origin_entry_kind::wildcard) {
      near_add("wildcard-bare-suffix", s.scheme + "://" + s.wildcard_suffix + s.port);
      near_add("wildcard-glued-prefix", s.scheme + "://evil" + s.wildcard_suffix + s.port);
    }
    if (s.kind == origin_entry_kind::regex) {
      const std::string d = lint::registrable_domain(s.host);
      if (!d.empty()) near_add("registrable-prefix-bypass", s.scheme + "://evil" + d + s.port);
    }
    near_add("scheme-swap", other_scheme + "://" + s.host + s.port);
    near_add("upper-case", s.scheme + "://" + upper(s.host) + s.port);
    near_add("trailing-slash", s.origin() + "/");
    near_add("other-port", s.scheme + "://" + s.host + (s.port.empty() ? ":8443" : ""));
  }
  near_add("null", "null");
  near_add("unlisted", "https://corsproof-unlisted.test");

  for (const auto& [slug, origin] : near)
    out.add("actual-" + slug, "near-miss origin " + origin + ", actual GET", "GET", actual_headers(origin));
  for (const auto& [slug, origin] : near)
    if (slug == "suffix-bypass" || slug == "prefix-bypass" || slug == "null" || slug == "unlisted" ||
        slug == "scheme-swap")
      out.add("preflight-" + slug, "near-miss origin " + origin + ", preflight for " + main_method, "OPTIONS",
              preflight_headers(origin, main_method, browser_list));

  // Methods.
  for (std::size_t i = 0; i < unsafe_methods.size() && i < 4; ++i)
    out.add("preflight-method-" + lower(unsafe_methods[i]), "preflight for the listed method " + unsafe_methods[i],
            "OPTIONS", preflight_headers(primary, unsafe_methods[i]));
  out.add("preflight-unlisted-method", "preflight for the unlisted method " + unlisted_method, "OPTIONS",
          preflight_headers(primary, unlisted_method));
  for (const auto& m : unsafe_methods) {
    const std::string l = lower(m);
    if (l != m && normalize_method(l) == l) {  // browsers send "patch" as written
      out.add("preflight-method-case", "preflight for " + l + " (browsers do not upper-case it; " + m + " is listed)",
              "OPTIONS", preflight_headers(primary, l));
      break;
    }
  }
  out.add("preflight-safelisted-method", "preflight for GET with the listed headers", "OPTIONS",
          preflight_headers(primary, "GET", browser_list.empty() ? std::string("x-corsproof-probe") : browser_list));

  // Headers.
  if (!untidy_list.empty())
    out.add("preflight-headers-untidy", "listed headers in another order, case and spacing", "OPTIONS",
            preflight_headers(primary, main_method, untidy_list));
  out.add("preflight-unlisted-header", "preflight for an unlisted header", "OPTIONS",
          preflight_headers(primary, main_method, "x-corsproof-unlisted"));
  // Names a browser asks for only when their values are not safelisted
  // (Content-Type: application/json, an Accept with '"'): servers that let
  // them through whatever the policy says grant what it refuses.
  if (!any_header)
    for (std::string_view n : {"content-type", "accept"})
      if (std::find(names.begin(), names.end(), n) == names.end())
        out.add("preflight-unlisted-" + std::string(n),
                "preflight for " + std::string(n) +
                    ", which the policy does not list (browsers ask when its value is not safelisted)",
                "OPTIONS", preflight_headers(primary, main_method, std::string(n)));
  if (!names.empty())
    out.add("preflight-mixed-headers", "the listed headers plus an unlisted one", "OPTIONS",
            preflight_headers(primary, main_method, browser_list + ",x-corsproof-unlisted"));
  out.add("preflight-authorization", "preflight for Authorization (never covered by \"*\")", "OPTIONS",
          preflight_headers(primary, main_method, "authorization"));
  if (any_header)
    out.add("preflight-any-header", "preflight for an arbitrary header (allow_headers \"*\")", "OPTIONS",
            preflight_headers(primary, main_method, "x-corsproof-anything"));
  if (names.size() >= 2) {
    header_pairs h = preflight_headers(primary, main_method);
    h.emplace_back("Access-Control-Request-Headers", names[0]);
    h.emplace_back("Access-Control-Request-Headers", names[1]);
    out.add("preflight-repeated-acrh", "the listed headers over two Access-Control-Request-Headers headers",
            "OPTIONS", std::move(h));
  }
  {
    header_pairs h = preflight_headers(primary, main_method, browser_list);
    h.emplace_back("Access-Control-Request-Private-Network", "true");
    out.add("preflight-private-network", "preflight asking for private network access", "OPTIONS", std::move(h));
  }

  // The other allowed samples.
  for (std::size_t i = 1; i < samples.size(); ++i) {
    const std::string o = samples[i].origin();
    out.add("actual-allowed-" + std::to_string(i + 1), "allowed origin " + o + ", actual GET", "GET",
            actual_headers(o));
    out.add("preflight-allowed-" + std::to_string(i + 1), "allowed origin " + o + ", preflight", "OPTIONS",
            preflight_headers(o, main_method, browser_list));
  }
  if (null_listed) {
    out.add("actual-null-listed", "the listed origin null, actual GET", "GET", actual_headers("null"));
    out.add("preflight-null-listed", "the listed origin null, preflight", "OPTIONS",
            preflight_headers("null", main_method, browser_list));
  }

  // Other actual methods (actual requests are judged on the origin only).
  out.add("actual-post", "an allowed origin, actual POST", "POST", actual_headers(primary));
  out.add("actual-head", "an allowed origin, actual HEAD", "HEAD", actual_headers(primary));
  out.add("actual-" + lower(main_method), "an allowed origin, actual " + main_method, main_method,
          actual_headers(primary));
  // Only a standard method: many servers answer 400/405 to unknown ones
  // before any CORS handling.
  if (unlisted_method == "DELETE" || unlisted_method == "PUT" || unlisted_method == "PATCH")
    out.add("actual-unlisted-method", "an allowed origin, actual " + unlisted_method + " (judged on the origin)",
            unlisted_method, actual_headers(primary));

  return out.take(max_probes);
}

}  // namespace corsproof::audit

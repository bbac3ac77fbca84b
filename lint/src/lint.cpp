// lint/src/lint.cpp — see corsproof/lint.hpp and lint/README.md.
//
// No CORS rule is re-implemented here: whether an allow_origins entry
// matches an origin is asked of the core (compile_policy + evaluate_server on
// a one-entry policy), entries are classified with classify_origin_entry and
// origins parsed with parse_serialized_origin. This file only decides what is
// dangerous and says so.
#include "corsproof/lint.hpp"

#include <libpsl.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "corsproof/browser.hpp"
#include "corsproof/json_quoted.hpp"
#include "corsproof/method.hpp"
#include "corsproof/on_demand_library.hpp"
#include "corsproof/origin.hpp"
#include "corsproof/origin_pattern.hpp"
#include "corsproof/policy.hpp"
#include "corsproof/server.hpp"
#include "flat_string_set.hpp"

namespace corsproof::lint {

bool has_errors(const std::vector<lint_finding>& findings) noexcept { return error_count(findings) != 0; }

// ---- Public Suffix List ---------------------------------------------------------

namespace {

// libpsl, loaded (dlopen, CORSPROOF_LIBPSL_SONAME: lint/CMakeLists.txt) the
// first time lint asks about a name instead of linked: linked, it and the
// libidn2 and libunistring it links were loaded at the start of every
// corsproof process (about 75 page faults in a program linking only them,
// on the benchmark VM: bench/README.md), for `eval` runs that never lint.
// Missing at run time (the build found it), it is a broken installation:
// load_library_or_exit says so and ends the process
// (corsproof/on_demand_library.hpp); linting without the list would give
// wrong findings.
struct libpsl_functions {
  decltype(&psl_is_public_suffix2) is_public_suffix2 = nullptr;
  decltype(&psl_registrable_domain) registrable_domain = nullptr;
  // psl_builtin(): the list compiled into Debian's libpsl (from the
  // `publicsuffix` package). A static context: never freed.
  const psl_ctx_t* ctx = nullptr;
};

const libpsl_functions& libpsl() {
  static const libpsl_functions loaded = [] {
    libpsl_functions f;
    void* builtin = nullptr;
    void* latest = nullptr;
    void* is_public_suffix2 = nullptr;
    void* registrable_domain = nullptr;
    const std::array<library_symbol, 4> symbols{{
        {"psl_builtin", &builtin},
        {"psl_latest", &latest},
        {"psl_is_public_suffix2", &is_public_suffix2},
        {"psl_registrable_domain", &registrable_domain},
    }};
    load_library_or_exit("libpsl", CORSPROOF_LIBPSL_SONAME, "to lint a policy", symbols);
    f.is_public_suffix2 = reinterpret_cast<decltype(&psl_is_public_suffix2)>(is_public_suffix2);
    f.registrable_domain = reinterpret_cast<decltype(&psl_registrable_domain)>(registrable_domain);
    f.ctx = reinterpret_cast<decltype(&psl_builtin)>(builtin)();
    if (f.ctx == nullptr) f.ctx = reinterpret_cast<decltype(&psl_latest)>(latest)(nullptr);  // built without a built-in list
    return f;
  }();
  return loaded;
}

const psl_ctx_t* psl() { return libpsl().ctx; }

// Shared hosting that the Public Suffix List (as shipped in Debian) does not
// list in its private section. Kept short on purpose; see lint/README.md.
struct extra_hosting {
  std::string_view suffix;
  std::string_view what;
};
constexpr std::array<extra_hosting, 4> extra_shared_hosting{{
    {"cdpn.io", "CodePen, which runs every user's pens on it"},
    {"fiddle.jshell.net", "JSFiddle, which runs every user's fiddles on it"},
    {"ngrok-free.app", "ngrok, whose subdomains are anyone's tunnels"},
    {"csb.app", "CodeSandbox, whose subdomains are anyone's sandboxes"},
}};

// A fully qualified name's trailing dot ("example.com.") names the same DNS
// name: the Public Suffix List and the loopback names are looked up without
// it (one dot only; "a.." keeps its empty label).
std::string_view without_trailing_dot(std::string_view host) noexcept {
  if (host.size() > 1 && host.back() == '.') host.remove_suffix(1);
  return host;
}

// The text of a finding built in one allocation (a long list gets one
// finding per entry).
std::string join(std::initializer_list<std::string_view> parts) {
  std::size_t n = 0;
  for (std::string_view p : parts) n += p.size();
  std::string s;
  s.reserve(n);
  for (std::string_view p : parts) s.append(p);
  return s;
}

bool ends_with_label_suffix(std::string_view host, std::string_view suffix) {
  return host == suffix ||
         (host.size() > suffix.size() && host.ends_with(suffix) && host[host.size() - suffix.size() - 1] == '.');
}

// libpsl's psl_is_public_suffix2 on `name` with `type` (PSL_TYPE_*). libpsl
// takes a C string: a short name is copied on the stack (lint asks about
// every entry of a list of up to 65,536).
bool is_suffix_of_type(const psl_ctx_t* ctx, std::string_view name, int type) {
  std::array<char, 256> small;
  std::string large;
  const char* c_name = small.data();
  if (name.size() < small.size()) {
    std::memcpy(small.data(), name.data(), name.size());
    small[name.size()] = '\0';
  } else {
    large.assign(name);
    c_name = large.c_str();
  }
  return libpsl().is_public_suffix2(ctx, c_name, type) != 0;
}

}  // namespace

bool is_public_suffix(std::string_view domain) {
  const psl_ctx_t* ctx = psl();
  domain = without_trailing_dot(domain);
  if (ctx == nullptr || domain.empty()) return false;
  return is_suffix_of_type(ctx, domain, PSL_TYPE_ANY);
}

namespace {

// What shared_hosting_suffix answered for the parent names of the hosts seen
// so far in one lint run. The entries of a long list share their parents
// ("example.com" under "app1.example.com", "app2.example.com", ...), so each
// parent costs its Public Suffix List lookups once, not once per entry.
class hosting_memo {
 public:
  const std::string* find(std::string_view parent) const {
    const auto it = answers_.find(parent);  // no key string is built to look up
    return it == answers_.end() ? nullptr : &it->second;
  }
  const std::string& store(std::string_view parent, std::string answer) {
    return answers_.insert_or_assign(std::string(parent), std::move(answer)).first->second;
  }

 private:
  struct view_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::string, view_hash, std::equal_to<>> answers_;
};

// Is `name` itself a shared-hosting suffix: a private-section PSL entry, or
// one of extra_shared_hosting? `may_be_private`: false when the caller
// knows libpsl does not take `name` for a public suffix under any rule
// (PSL_TYPE_ANY): a private-section entry is then out of the question, and
// libpsl is not asked again (see lint_host).
bool is_shared_hosting_name(const psl_ctx_t* ctx, std::string_view name, bool may_be_private = true) {
  if (ctx != nullptr && may_be_private && is_suffix_of_type(ctx, name, PSL_TYPE_PRIVATE | PSL_TYPE_NO_STAR_RULE))
    return true;
  for (const auto& e : extra_shared_hosting)
    if (name == e.suffix) return true;
  return false;
}

// Longest first: `name` itself, then each suffix after a dot (the parents'
// answers from `memo` when given). `may_be_private`: of `name` itself, as in
// is_shared_hosting_name.
std::string hosting_suffix_of_name(std::string_view name, hosting_memo* memo, bool may_be_private = true) {
  if (name.empty()) return {};
  if (is_shared_hosting_name(psl(), name, may_be_private)) return std::string(name);
  const std::size_t dot = name.find('.');
  if (dot == std::string_view::npos) return {};
  const std::string_view parent = name.substr(dot + 1);
  if (memo == nullptr) return hosting_suffix_of_name(parent, nullptr);
  if (const std::string* known = memo->find(parent)) return *known;
  return memo->store(parent, hosting_suffix_of_name(parent, memo));
}

std::string shared_hosting_suffix_of(std::string_view host, hosting_memo* memo, bool may_be_private = true) {
  return hosting_suffix_of_name(without_trailing_dot(host), memo, may_be_private);
}

}  // namespace

std::string shared_hosting_suffix(std::string_view host) { return shared_hosting_suffix_of(host, nullptr); }

std::string registrable_domain(std::string_view host) {
  const psl_ctx_t* ctx = psl();
  host = without_trailing_dot(host);
  if (ctx == nullptr || host.empty()) return {};
  const std::string h(host);
  const char* r = libpsl().registrable_domain(ctx, h.c_str());
  return r == nullptr ? std::string() : std::string(r);
}

// ---- The linter ---------------------------------------------------------------

namespace {

std::string_view extra_hosting_description(std::string_view suffix) {
  for (const auto& e : extra_shared_hosting)
    if (e.suffix == suffix) return e.what;
  return {};
}

class collector {
 public:
  // One finding per (code, entry).
  void add(severity level, std::string_view code, std::string_view entry_key, std::string detail) {
    if (in_entry_ && entry_key == entry_) {
      // A finding on the allow_origins entry being linted (begin_entry):
      // it can only repeat one of that entry's own findings.
      for (std::size_t i = entry_first_; i < out_.size(); ++i)
        if (out_[i].code == code) return;
    } else {
      // Any other: a set of every such (code, entry) so far, so that
      // findings on every entry of a long list stay linear.
      key_.assign(code);
      key_.push_back('\0');
      key_.append(entry_key);
      if (!seen_.insert_copy(key_)) return;
    }
    out_.push_back(lint_finding{std::string(code), level, std::move(detail)});
  }
  // The findings that follow are on `entry`, an allow_origins entry that
  // lint_origins lints once (its repeats are skipped) and the only place
  // that adds findings keyed by an origin entry: so a finding on it can
  // repeat only the findings added since this call. Kept out of the set,
  // whose random probes into megabytes grew faster than the list.
  void begin_entry(std::string_view entry) {
    in_entry_ = true;
    entry_ = entry;
    entry_first_ = out_.size();
  }
  void end_entry() { in_entry_ = false; }
  // For a caller that knows the (code, entry) pair is new.
  void add_new(severity level, std::string_view code, std::string detail) {
    out_.push_back(lint_finding{std::string(code), level, std::move(detail)});
  }
  std::vector<lint_finding> take() { return std::move(out_); }
  // Room for `n` findings up front: a long list's findings then grow no
  // vector or table midway (each regrowth copies or rehashes everything).
  void reserve(std::size_t n) { out_.reserve(n); }

 private:
  std::vector<lint_finding> out_;
  // "code NUL entry" of every finding added outside an entry's scope; the
  // keys live in the set's arena, freed at once with the collector.
  flat_string_set seen_;
  std::string key_;  // the key being built, reused
  bool in_entry_ = false;    // between begin_entry and end_entry
  std::string_view entry_;  // the allow_origins entry being linted
  std::size_t entry_first_ = 0;
};

// Does a one-entry policy with `entry` allow `origin`? Asked of the core.
class entry_matcher {
 public:
  explicit entry_matcher(const std::string& entry) {
    policy_config c;
    c.allow_origins = {entry};
    policy_result r = compile_policy(c);
    if (r.ok()) policy_.emplace(std::move(*r.value));
  }
  [[nodiscard]] bool matches(std::string_view origin) const {
    if (!policy_) return false;
    const std::array<header_view, 1> headers{{{"Origin", origin}}};
    std::array<char, 4096> buf{};
    const server_decision d = evaluate_server(*policy_, server_request{"GET", header_list(headers)}, buf);
    return d.status == eval_status::ok && d.allowed;
  }

 private:
  std::optional<policy> policy_;
};

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// What a quick scan of an RE2 pattern finds: dots that match any character
// where a host dot is meant, and the domain names spelled in it.
struct regex_scan {
  struct dot {
    std::string run;     // the literal text around the dot, as a host ("app.example.com")
    std::size_t offset;  // the dot's position in `run`
  };
  std::vector<dot> unescaped_dots;
  std::vector<std::string> domains;  // literal names with at least one dot, lower case
  std::vector<std::string> tlds;     // single labels written after an escaped dot ("\.com")
};

regex_scan scan_regex(std::string_view pat) {
  regex_scan out;
  std::string run;
  bool run_starts_after_dot = false;
  std::vector<std::size_t> pending_dots;  // offsets of unescaped dots in `run`
  std::vector<std::pair<std::string, bool>> runs;
  auto flush = [&] {
    if (!run.empty()) {
      for (std::size_t off : pending_dots)
        if (off < run.size()) out.unescaped_dots.push_back({run, off});
      runs.emplace_back(run, run_starts_after_dot);
    }
    run.clear();
    pending_dots.clear();
    run_starts_after_dot = false;
  };
  auto push = [&](char c) {
    if (run.empty()) run_starts_after_dot = c == '.';
    run.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  };
  const std::size_t n = pat.size();
  for (std::size_t i = 0; i < n; ++i) {
    const char c = pat[i];
    if (c == '[') {  // a character class: never part of a literal
      flush();
      std::size_t j = i + 1;
      if (j < n && pat[j] == '^') ++j;
      if (j < n && pat[j] == ']') ++j;
      for (; j < n && pat[j] != ']'; ++j)
        if (pat[j] == '\\') ++j;
      i = j;
      continue;
    }
    if (c == '\\') {
      if (i + 1 >= n) break;
      const char e = pat[++i];
      if (e == '.' || e == '-') {
        push(e);
      } else {
        flush();  // \d, \w, \b, \/ ...
      }
      continue;
    }
    if (c == '*' || c == '+' || c == '?' || c == '{') {
      // A quantifier makes the previous atom optional or repeated.
      if (!run.empty()) {
        if (!pending_dots.empty() && pending_dots.back() == run.size() - 1) pending_dots.pop_back();
        run.pop_back();
      }
      flush();
      if (c == '{')
        while (i < n && pat[i] != '}') ++i;
      continue;
    }
    if (c == '.') {
      const char next = i + 1 < n ? pat[i + 1] : '\0';
      const char prev = i > 0 ? pat[i - 1] : '\0';
      const bool quantified = next == '*' || next == '+' || next == '?' || next == '{';
      if (!quantified && (is_alnum(prev) || is_alnum(next))) {
        pending_dots.push_back(run.size());
        push('.');
      } else {
        flush();
      }
      continue;
    }
    if (is_alnum(c) || c == '-') {
      push(c);
      continue;
    }
    flush();
  }
  flush();

  for (const auto& [text, after_dot] : runs) {
    std::string_view t = text;
    while (!t.empty() && (t.front() == '.' || t.front() == '-')) t.remove_prefix(1);
    while (!t.empty() && (t.back() == '.' || t.back() == '-')) t.remove_suffix(1);
    if (t.empty()) continue;
    const std::size_t last_dot = t.rfind('.');
    const std::string_view last_label = last_dot == std::string_view::npos ? t : t.substr(last_dot + 1);
    const bool alpha_tld = last_label.size() >= 2 && std::all_of(last_label.begin(), last_label.end(), [](char ch) {
                             return ch >= 'a' && ch <= 'z';
                           });
    if (!alpha_tld) continue;
    std::vector<std::string>& into = last_dot != std::string_view::npos ? out.domains : out.tlds;
    if (last_dot == std::string_view::npos && !after_dot) continue;  // "https", "localhost"
    if (std::find(into.begin(), into.end(), t) == into.end()) into.emplace_back(t);
  }
  return out;
}

std::string escape_dots(std::string_view domain) {
  std::string esc;
  for (char c : domain) {
    if (c == '.') esc += '\\';
    esc += c;
  }
  return esc;
}

bool outside_domain(std::string_view host, std::string_view domain) {
  return !ends_with_label_suffix(host, domain) && registrable_domain(host) != domain;
}

void lint_regex(const std::string& entry, const policy_config& cfg, collector& out) {
  const std::string_view pattern = std::string_view(entry).substr(3);
  const regex_scan scan = scan_regex(pattern);
  const entry_matcher m(entry);

  for (const auto& d : scan.unescaped_dots) {
    std::string example = d.run;
    example[d.offset] = 'x';
    out.add(severity::error, "regex-unescaped-dot", entry,
            "allow_origins entry " + json_quoted(entry) + ": the unescaped \".\" in " + json_quoted(d.run) +
                " matches any character (so " + json_quoted(example) +
                ", a name anyone can register, matches too); escape every host dot as \"\\.\"");
  }

  constexpr std::array<std::string_view, 2> schemes{"https", "http"};
  constexpr std::array<std::string_view, 4> ports{"", ":8443", ":3000", ":8080"};

  // Localhost: does the pattern admit a local development origin?
  for (std::string_view o : {"http://localhost", "http://localhost:3000", "http://localhost:8080",
                             "http://127.0.0.1", "http://127.0.0.1:8080", "https://localhost",
                             "https://localhost:3000"}) {
    if (m.matches(o)) {
      out.add(severity::warning, "localhost-origin-in-policy", entry,
              "allow_origins entry " + json_quoted(entry) + " matches " + std::string(o) +
                  ": any program on a user's machine that serves that origin is trusted; keep local "
                  "development origins out of production policies");
      break;
    }
  }

  // A top-level domain written after an escaped dot ("[a-z]+\.com"): the
  // pattern covers names anyone can register under it.
  for (const auto& tld : scan.tlds) {
    if (tld == "localhost") continue;
    for (std::string_view s : schemes) {
      const std::string probe = std::string(s) + "://corsproofprobe." + tld;
      if (m.matches(probe)) {
        out.add(severity::error, "wildcard-over-public-suffix", entry,
                "allow_origins entry " + json_quoted(entry) + " matches " + probe +
                    ": anyone can register a name under " + json_quoted(tld) +
                    "; match your own registrable domain (\"\\.example\\.com$\") instead");
        break;
      }
    }
  }

  std::vector<std::string> outsiders;
  auto outsider = [&](std::string host, std::string_view domain) {
    if (outside_domain(host, domain) && std::find(outsiders.begin(), outsiders.end(), host) == outsiders.end())
      outsiders.push_back(std::move(host));
  };

  for (const auto& literal : scan.domains) {
    if (literal == "localhost" || literal.ends_with(".localhost")) continue;
    std::string domain = registrable_domain(literal);
    const bool literal_is_suffix = domain.empty();
    if (domain.empty()) domain = literal;

    // Origins inside the intended domain the pattern accepts, to mutate.
    std::vector<std::string> inside;
    std::string https_inside_sample;
    for (std::string_view s : schemes)
      for (std::string_view port : ports)
        for (const std::string& host : {literal, "app." + literal, "www." + literal, "corsproofprobe." + literal}) {
          const std::string o = std::string(s) + "://" + host + std::string(port);
          if (m.matches(o)) {
            inside.push_back(o);
            if (s == "https" && https_inside_sample.empty()) https_inside_sample = o;
          }
        }

    if (literal_is_suffix) {
      for (const auto& o : inside) {
        if (o.find("://corsproofprobe.") != std::string::npos || o.find("://app.") != std::string::npos ||
            o.find("://www.") != std::string::npos) {
          out.add(severity::error, "wildcard-over-public-suffix", entry,
                  "allow_origins entry " + json_quoted(entry) + " matches " + o + ": " + json_quoted(literal) +
                      " is a public suffix (Public Suffix List), so anyone can register a name under it; "
                      "match the exact origins you own instead");
          break;
        }
      }
    } else {
      const std::string hosting = shared_hosting_suffix(literal);
      if (!hosting.empty() && !inside.empty()) {
        out.add(severity::warning, "third-party-hosting-origin", entry,
                "allow_origins entry " + json_quoted(entry) + " matches " + inside.front() + ", on " +
                    json_quoted(hosting) +
                    ", shared hosting where the names belong to the hosting service: whoever holds the name "
                    "later (a deleted project re-created, a dangling DNS record) runs code your API trusts; "
                    "serve the front end from a domain you own");
      }
    }

    if (cfg.allow_credentials) {
      for (const auto& o : inside) {
        if (o.starts_with("http://")) {
          out.add(severity::error, "insecure-scheme-with-credentials", entry,
                  "allow_origins entry " + json_quoted(entry) + " matches " + o +
                      " and allow_credentials is true: a network attacker can inject script into a plain-http "
                      "page and read credentialed responses; require \"^https://\" in the pattern");
          break;
        }
      }
    }

    // Near misses outside the intended registrable domain.
    outsiders.clear();
    outsider(domain + ".evil.test", domain);
    outsider("evil" + domain, domain);
    outsider("evil-" + domain, domain);
    outsider(domain + "evil.test", domain);
    outsider("app." + domain + ".evil.test", domain);
    outsider(literal + ".evil.test", domain);
    outsider(literal + "evil.test", domain);
    outsider("app." + literal + ".evil.test", domain);
    for (const auto& o : inside) {
      const origin_parse_result p = parse_serialized_origin(o);
      if (!p.ok()) continue;
      outsider(std::string(p.origin.host) + ".evil.test", domain);
      outsider(std::string(p.origin.host) + "evil.test", domain);
    }
    outsider("evil.test", domain);
    bool reported = false;
    for (std::string_view s : schemes) {
      for (std::string_view port : ports) {
        for (const auto& host : outsiders) {
          const std::string o = std::string(s) + "://" + host + std::string(port);
          if (!m.matches(o)) continue;
          out.add(severity::error, "regex-too-broad", entry,
                  "allow_origins entry " + json_quoted(entry) + " also matches " + o + ", outside " +
                      json_quoted(domain) +
                      " (anyone can register that name); anchor the host, e.g. \"^https://([a-z0-9-]+\\.)?" +
                      escape_dots(domain) + "$\", and escape every dot");
          reported = true;
          break;
        }
        if (reported) break;
      }
      if (reported) break;
    }
  }

  // No domain spelled out at all: does it accept unrelated origins?
  if (scan.domains.empty() && scan.tlds.empty()) {
    for (std::string_view o : {"https://evil.test", "https://corsproofprobe.example.net", "http://evil.test"}) {
      if (m.matches(o)) {
        out.add(severity::error, "regex-too-broad", entry,
                "allow_origins entry " + json_quoted(entry) + " matches unrelated origins such as " + std::string(o) +
                    "; spell out the origins you trust (\"^https://app\\.example\\.com$\")");
        break;
      }
    }
  }
  if (cfg.allow_credentials) {
    for (std::string_view o : {"http://evil.test", "http://corsproofprobe.example.net"}) {
      if (m.matches(o)) {
        out.add(severity::error, "insecure-scheme-with-credentials", entry,
                "allow_origins entry " + json_quoted(entry) + " matches " + std::string(o) +
                    " and allow_credentials is true: a network attacker can inject script into a plain-http "
                    "page and read credentialed responses; require \"^https://\" in the pattern");
        break;
      }
    }
  }
}

void lint_host(const std::string& entry, std::string_view scheme, std::string_view host, bool wildcard,
               const policy_config& cfg, collector& out, hosting_memo& memo) {
  if (is_loopback_host(host)) {
    out.add(severity::warning, "localhost-origin-in-policy", entry,
            "allow_origins entry " + json_quoted(entry) +
                " trusts a local origin: any program on a user's machine that serves it is trusted; keep local "
                "development origins out of production policies");
    return;  // no PSL or scheme question for loopback
  }
  if (cfg.allow_credentials && scheme == "http") {
    out.add(severity::error, "insecure-scheme-with-credentials", entry,
            join({"allow_origins entry ", json_quoted(entry),
                  " is plain http and allow_credentials is true: a network attacker can inject script into that "
                  "page and read credentialed responses; use the https origin"}));
  }
  if (!host.empty() && host.front() == '[') return;  // IPv6 literal
  if (std::all_of(host.begin(), host.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; })) return;

  if (wildcard) {
    // Both questions about the wildcard's suffix, the wider first: libpsl
    // counts a name a public suffix under PSL_TYPE_ANY whenever it does
    // under PSL_TYPE_PRIVATE | PSL_TYPE_NO_STAR_RULE (ANY looks at the same
    // rule entries, ICANN and private, and adds the implicit `*` rule), so
    // a suffix that is none under ANY is no private-section entry either.
    // One libpsl lookup a wildcard entry instead of two (the test
    // LintBuildingBlocks.PrivateSectionNamesArePublicSuffixesUnderAnyRule
    // checks the implication on every rule of the installed list).
    const bool public_suffix = is_public_suffix(host);
    const std::string hosting = shared_hosting_suffix_of(host, &memo, /*may_be_private=*/public_suffix);
    if (public_suffix) {
      const std::string_view what = extra_hosting_description(hosting);
      out.add(severity::error, "wildcard-over-public-suffix", entry,
              "allow_origins entry " + json_quoted(entry) + " covers every name under " + json_quoted(host) +
                  ", a public suffix" +
                  (what.empty() ? std::string(" (Public Suffix List)") : " (" + std::string(what) + ")") +
                  " where anyone can register a name and publish code; list the exact origins you own");
      return;
    }
    if (!hosting.empty()) {
      const std::string_view what = extra_hosting_description(hosting);
      if (!what.empty() && hosting == without_trailing_dot(host)) {  // "cdpn.io." is "cdpn.io"
        out.add(severity::error, "wildcard-over-public-suffix", entry,
                "allow_origins entry " + json_quoted(entry) + " covers every name under " + json_quoted(host) + " (" +
                    std::string(what) + "); list the exact origins you own");
      } else {
        out.add(severity::warning, "third-party-hosting-origin", entry,
                "allow_origins entry " + json_quoted(entry) + " covers names under " + json_quoted(hosting) +
                    ", shared hosting where the names belong to the hosting service; serve the front end from "
                    "a domain you own");
      }
    }
    return;
  }
  const std::string hosting = shared_hosting_suffix_of(host, &memo);
  if (hosting.empty()) return;
  const std::string_view what = extra_hosting_description(hosting);
  if (hosting == without_trailing_dot(host)) {  // "github.io." is the shared hosting domain too
    out.add(
        severity::error, "third-party-hosting-origin", entry,
        "allow_origins entry " + json_quoted(entry) + " is the shared hosting domain " + json_quoted(host) +
            (what.empty() ? std::string(" (Public Suffix List, private section)") : " (" + std::string(what) + ")") +
            ": every customer of that service can publish code on it; list an origin you own");
  } else {
    out.add(severity::warning, "third-party-hosting-origin", entry,
            "allow_origins entry " + json_quoted(entry) + " is on " + json_quoted(hosting) +
                (what.empty() ? std::string(", shared hosting (Public Suffix List, private section)")
                              : " (" + std::string(what) + ")") +
                ": whoever holds that name later (a deleted project re-created, a dangling DNS record) runs code "
                "your API trusts; serve the front end from a domain you own");
  }
}

// `repeats`: repeats_of(cfg.allow_origins). A repeated entry is skipped: its
// findings are those of its first occurrence (same code, same entry), which
// the collector would drop.
void lint_origins(const policy_config& cfg, const std::vector<bool>& repeats, collector& out) {
  hosting_memo hosting;
  for (std::size_t i = 0; i < cfg.allow_origins.size(); ++i) {
    if (repeats[i]) continue;
    const std::string& entry = cfg.allow_origins[i];
    out.begin_entry(entry);
    switch (classify_origin_entry(entry)) {
      case origin_entry_kind::any:
        out.add(severity::warning, "any-origin", entry,
                "allow_origins is \"*\": every site on the web can read these responses (without cookies); "
                "keep it for public, non-personalised data and list the trusted origins otherwise");
        if (cfg.allow_private_network)
          out.add(severity::error, "private-network-any-origin", entry,
                  "allow_origins \"*\" with allow_private_network: true lets every public web site reach this "
                  "private-network service from a visitor's browser; list the trusted origins");
        break;
      case origin_entry_kind::null:
        if (cfg.allow_credentials) {
          out.add(severity::error, "null-origin-allowed", entry,
                  "allow_origins entry \"null\" with allow_credentials: true lets any site read credentialed "
                  "responses from a sandboxed iframe, a data: URL or a redirect (they all send Origin: null); "
                  "remove \"null\" and list real origins");
        } else {
          out.add(severity::warning, "null-origin-allowed", entry,
                  "allow_origins entry \"null\" lets any site read responses from a sandboxed iframe or a "
                  "data: URL (they all send Origin: null), as if the policy were \"*\"; remove \"null\"");
        }
        if (cfg.allow_private_network)
          out.add(severity::error, "private-network-any-origin", entry,
                  "allow_origins entry \"null\" with allow_private_network: true lets any public web site reach "
                  "this private-network service from a sandboxed iframe; remove \"null\"");
        break;
      case origin_entry_kind::exact: {
        // compile_policy accepted it, so it is well formed: the parser with
        // the fast path for the origins browsers send.
        const origin_parse_result r = parse_well_formed_origin(entry);
        if (r.ok()) lint_host(entry, r.origin.scheme, r.origin.host, false, cfg, out, hosting);
        break;
      }
      case origin_entry_kind::wildcard: {
        const origin_pattern_result p = parse_origin_pattern(entry);
        if (p.ok()) lint_host(entry, p.value->scheme, p.value->suffix, true, cfg, out, hosting);
        break;
      }
      case origin_entry_kind::regex:
        lint_regex(entry, cfg, out);
        break;
      case origin_entry_kind::invalid:
        break;  // compile_policy refused it already
    }
  }
  out.end_entry();
}

// Which entries repeat an earlier one (byte for byte, or ASCII
// case-insensitively for header names). One hash set, so a 65,536-entry list
// costs 65,536 lookups, not 2^31 comparisons.
std::vector<bool> repeats_of(const std::vector<std::string>& list, bool case_insensitive) {
  // Keys are views of the list's entries (for header names, of their
  // lower-cased copies in `lowered`): the set copies no string.
  std::vector<std::string> lowered;
  if (case_insensitive) {
    lowered.reserve(list.size());
    for (const std::string& entry : list) {
      std::string key = entry;
      for (char& c : key) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
      lowered.push_back(std::move(key));
    }
  }
  std::vector<bool> repeats(list.size());
  flat_string_set seen(list.size());
  for (std::size_t i = 0; i < list.size(); ++i)
    repeats[i] = !seen.insert_view(case_insensitive ? std::string_view(lowered[i]) : std::string_view(list[i]));
  return repeats;
}

// Every entry after the first of its kind is one finding.
void lint_duplicates(std::string_view field, const std::vector<std::string>& list, const std::vector<bool>& repeats,
                     collector& out) {
  // One finding per repeated spelling (byte for byte): a set of views of
  // the list's entries. Nothing else adds "duplicate-entry", so the
  // collector's set need not see these.
  flat_string_set reported;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (!repeats[i]) continue;
    const std::string& entry = list[i];
    if (!reported.insert_view(entry)) continue;
    out.add_new(severity::warning, "duplicate-entry",
                join({field, " lists ", json_quoted(entry), " more than once; remove the repetition"}));
  }
}
void lint_duplicates(std::string_view field, const std::vector<std::string>& list, bool case_insensitive,
                     collector& out) {
  lint_duplicates(field, list, repeats_of(list, case_insensitive), out);
}

// Header names that only ever occur in responses, so never in a request a
// script makes: the CORS protocol's response headers (Fetch §3.3.3 "HTTP
// responses"; Access-Control-Allow-Private-Network from Chromium's Private
// Network Access, see docs/protocol-decisions.md) and RFC 9110's
// response-only fields: the response context fields (§10.2: Allow,
// Location, Retry-After, Server), Accept-Ranges (§14.3), the validators (§8.8.2
// Last-Modified, §8.8.3 ETag), the challenges and their info (§11.6.1
// WWW-Authenticate, §11.6.3 Authentication-Info; the Proxy- ones are
// forbidden request-header names and reported as such) and §12.5.5 Vary.
constexpr std::array<std::string_view, 17> response_only_header_names{
    "access-control-allow-origin", "access-control-allow-credentials", "access-control-allow-methods",
    "access-control-allow-headers", "access-control-max-age", "access-control-expose-headers",
    "access-control-allow-private-network", "accept-ranges", "allow", "location", "retry-after", "server",
    "last-modified", "etag", "www-authenticate", "authentication-info", "vary"};

// Header names that only ever occur in requests, so never in a response a
// page could read: the CORS protocol's request headers (Fetch §3.3.2 "HTTP
// requests": Origin, Access-Control-Request-Method, -Headers; -Private-Network
// from Private Network Access) and RFC 9110's request-only fields: Host
// (§7.2), Max-Forwards (§7.6.2), the request context fields (§10.1: Expect,
// From, Referer, TE, User-Agent), the credentials (§11.6.2 Authorization,
// §11.7.2 Proxy-Authorization), content negotiation (§12.5.2
// Accept-Charset, §12.5.4 Accept-Language; Accept and Accept-Encoding may
// also answer a 415, §15.5.16, so they are in neither list), the preconditions
// (§13.1: If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since,
// If-Range) and Range (§14.2); and the request-only names among Fetch's
// forbidden request-header names (Cookie, Cookie2, DNT).
constexpr std::array<std::string_view, 24> request_only_header_names{
    "origin", "access-control-request-method", "access-control-request-headers",
    "access-control-request-private-network", "host", "max-forwards", "expect", "from", "referer", "te",
    "user-agent", "authorization", "proxy-authorization", "accept-charset", "accept-language", "if-match",
    "if-none-match", "if-modified-since", "if-unmodified-since", "if-range", "range", "cookie", "cookie2", "dnt"};

bool in_names(std::string_view name, const auto& names) {
  return std::any_of(names.begin(), names.end(), [&](std::string_view n) { return iequals(n, name); });
}

bool contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

std::vector<std::string> regex_domain_literals(std::string_view pattern) { return scan_regex(pattern).domains; }

std::vector<lint_finding> lint_policy(const policy_config& cfg) {
  const policy_result compiled = compile_policy(cfg);
  if (!compiled.ok()) return {lint_finding{"invalid-policy", severity::error, compiled.error}};

  collector out;
  out.reserve(cfg.allow_origins.size() + cfg.allow_methods.size() + cfg.allow_headers.size() +
              cfg.expose_headers.size());
  const std::vector<bool> origin_repeats = repeats_of(cfg.allow_origins, false);
  lint_origins(cfg, origin_repeats, out);
  lint_duplicates("allow_origins", cfg.allow_origins, origin_repeats, out);

  // Methods.
  for (const std::string& m : cfg.allow_methods) {
    if (m == "*") {
      if (cfg.allow_credentials)
        out.add(severity::warning, "wildcard-any-method-with-credentials", "allow_methods",
                "allow_methods \"*\" with allow_credentials: true accepts every method, DELETE included, on "
                "credentialed requests (the answer echoes the method, since a credentialed browser reads \"*\" "
                "literally); list the methods the API serves");
      continue;
    }
    if (is_forbidden_method(m)) {
      out.add(severity::warning, "forbidden-method-listed", m,
              "allow_methods lists " + json_quoted(m) +
                  ", a method browsers never send (Fetch forbids CONNECT, TRACE, "
                  "TRACK); remove it");
      continue;
    }
    if (normalize_method(m) == m &&
        std::any_of(m.begin(), m.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
      std::string upper = m;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (!contains(cfg.allow_methods, upper))
        out.add(severity::warning, "method-case-mismatch", m,
                "allow_methods lists " + json_quoted(m) + ", which matches only a request method spelled exactly " +
                    json_quoted(m) + " (browsers upper-case only DELETE, GET, HEAD, OPTIONS, POST and PUT); write " +
                    json_quoted(upper));
    }
  }
  lint_duplicates("allow_methods", cfg.allow_methods, false, out);

  // Request headers.
  for (const std::string& h : cfg.allow_headers) {
    if (h == "*") {
      if (cfg.allow_credentials)
        out.add(severity::warning, "wildcard-any-header-with-credentials", "allow_headers",
                "allow_headers \"*\" with allow_credentials: true: a credentialed browser reads \"*\" as a "
                "header literally named \"*\", so a server must echo every requested name instead, and then any "
                "header (one your CSRF defence relies on included) is accepted with cookies; list the header "
                "names the API reads");
      continue;
    }
    if (is_forbidden_request_header(h, "")) {
      out.add(severity::warning, "forbidden-header-listed", h,
              "allow_headers lists " + json_quoted(h) +
                  ", a forbidden request-header name that scripts cannot set, so listing it has no effect; "
                  "remove it");
    } else if (in_names(h, response_only_header_names)) {
      out.add(severity::warning, "response-header-listed", h,
              "allow_headers lists " + json_quoted(h) +
                  ", a response header that no browser sends in a request (allow_headers names the request "
                  "headers scripts may send; the server's answer headers come from the other policy fields); "
                  "remove it");
    }
  }
  lint_duplicates("allow_headers", cfg.allow_headers, true, out);

  // Exposed headers.
  for (const std::string& h : cfg.expose_headers) {
    if (h == "*") {
      if (cfg.allow_credentials)
        out.add(severity::warning, "expose-wildcard-with-credentials", "expose_headers",
                "expose_headers \"*\" with allow_credentials: true exposes nothing: for credentialed requests a "
                "browser reads \"*\" as a header literally named \"*\" (corsproof's answer drops it); list the "
                "header names pages may read");
      continue;
    }
    if (is_forbidden_response_header_name(h)) {
      out.add(severity::warning, "expose-forbidden-header", h,
              "expose_headers lists " + json_quoted(h) +
                  ", which browsers never expose to scripts (Set-Cookie, Set-Cookie2); remove it");
    } else if (in_names(h, request_only_header_names)) {
      out.add(severity::warning, "expose-request-header", h,
              "expose_headers lists " + json_quoted(h) +
                  ", a request header that never occurs in a response, so exposing it has no effect (to let "
                  "scripts send it, list it in allow_headers); remove it");
    }
  }
  lint_duplicates("expose_headers", cfg.expose_headers, true, out);

  // Preflight cache lifetime.
  if (cfg.max_age && *cfg.max_age > 7200) {
    out.add(severity::warning, "max-age-excessive", "max_age",
            "max_age " + std::to_string(*cfg.max_age) +
                " s is more than Chromium honours (it caps preflight caching at 7200 s; Firefox caps at 86400 s" +
                (*cfg.max_age > 86400 ? std::string(", so no browser keeps it that long)") : std::string(")")) +
                ", and a long cache delays the effect of tightening the policy; use at most 7200");
  }
  return out.take();
}

}  // namespace corsproof::lint

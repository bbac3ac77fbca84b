// corsproof_test_server — a tiny HTTP server with the corsproof core behind
// it, for testing `corsproof audit --http` against known answers.
//
//   corsproof_test_server --policy P.json [--port N] [--break MODE] [--lifetime SECONDS]
//                         [--require-header NAME:VALUE]
//   corsproof_test_server [--break MODE] [--lifetime SECONDS] ... P.json
//
// The second form is the adapter interface (docs/adapters.md), for
// `--server-cmd 'corsproof_test_server {policy}'`: the policy path as the
// last argument, exit 2 for a policy file that cannot be read or compiled.
//
// Binds 127.0.0.1 only, on port N (0, the default: an ephemeral port) and
// prints the port number alone on the first line of stdout. Every request,
// whatever its path, gets the core's answer for the policy (evaluate_server):
// preflights the core's status and CORS headers; other requests 200, a small
// text body, `X-Request-Id: 42` and the core's CORS headers.
//
// --break MODE makes it deliberately wrong:
//   reflect-origin        echo any Origin (as if every origin were listed)
//   wildcard-credentials  Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true
//   no-vary               never send Vary
//   ignore-methods        allow every method (as if allow_methods were ["*"])
//   star-authorization    let allow_headers "*" cover Authorization, and answer
//                         Access-Control-Allow-Headers: * whenever Authorization is requested
//   duplicate-acao        send Access-Control-Allow-Origin twice
//   allow-safelisted-names  allow Accept, Accept-Language, Content-Language,
//                         Content-Type and Range in every preflight (as if
//                         they were always listed)
//   case-insensitive-origin  match Origin against the list ignoring letter case,
//                         and echo it as sent
//   substring-method      accept a preflight whose Access-Control-Request-Method
//                         is any substring of the listed methods joined by ","
//                         (as `"GET,PUT".includes(method)` does)
//   suffix-no-boundary    match wildcard entries with "the host ends with the
//                         suffix", without the label boundary (evilexample.com
//                         matches *.example.com)
//   star-lists-with-credentials  answer allowed preflights of a credentialed
//                         policy with Access-Control-Allow-Methods: * and
//                         Access-Control-Allow-Headers: * (literal names then)
//   no-vary-on-denial     send Vary only on allowed answers
//   first-origin          with several Origin headers, use the first
//
// --require-header NAME:VALUE answers 401 (no CORS header) to any request
// without that header (a gateway wanting a token): `audit --http --header`.
//
// Stops by itself after --lifetime seconds (default 60), or on SIGTERM/SIGINT.
#include <httplib.h>
#include <signal.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "corsproof/corsproof.hpp"
#include "corsproof/policy_json.hpp"

namespace {

enum class breakage {
  none,
  reflect_origin,
  wildcard_credentials,
  no_vary,
  ignore_methods,
  star_authorization,
  duplicate_acao,
  allow_safelisted_names,
  case_insensitive_origin,
  substring_method,
  suffix_no_boundary,
  star_lists_with_credentials,
  no_vary_on_denial,
  first_origin
};

std::optional<breakage> parse_break(std::string_view s) {
  if (s == "none") return breakage::none;
  if (s == "reflect-origin") return breakage::reflect_origin;
  if (s == "wildcard-credentials") return breakage::wildcard_credentials;
  if (s == "no-vary") return breakage::no_vary;
  if (s == "ignore-methods") return breakage::ignore_methods;
  if (s == "star-authorization") return breakage::star_authorization;
  if (s == "duplicate-acao") return breakage::duplicate_acao;
  if (s == "allow-safelisted-names") return breakage::allow_safelisted_names;
  if (s == "case-insensitive-origin") return breakage::case_insensitive_origin;
  if (s == "substring-method") return breakage::substring_method;
  if (s == "suffix-no-boundary") return breakage::suffix_no_boundary;
  if (s == "star-lists-with-credentials") return breakage::star_lists_with_credentials;
  if (s == "no-vary-on-denial") return breakage::no_vary_on_denial;
  if (s == "first-origin") return breakage::first_origin;
  return std::nullopt;
}

int usage(const char* why) {
  std::cerr << "corsproof_test_server: " << why
            << "\nusage: corsproof_test_server --policy P.json [--port N] [--break MODE] [--lifetime SECONDS] "
               "[--require-header NAME:VALUE]\n"
               "       corsproof_test_server [OPTION]... P.json   (the adapter interface, docs/adapters.md)\n"
               "MODE: none reflect-origin wildcard-credentials no-vary ignore-methods star-authorization "
               "duplicate-acao allow-safelisted-names case-insensitive-origin substring-method suffix-no-boundary "
               "star-lists-with-credentials no-vary-on-denial first-origin\n";
  return 2;
}

bool parse_int(const char* s, long lo, long hi, long& out) {
  char* end = nullptr;
  const long v = std::strtol(s, &end, 10);
  if (end == s || *end != '\0' || v < lo || v > hi) return false;
  out = v;
  return true;
}

bool is_pseudo_header(const std::string& name) {
  return name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" || name == "LOCAL_PORT";
}

}  // namespace

int main(int argc, char** argv) {
  std::string policy_path;
  long port = 0;
  long lifetime = 60;
  breakage mode = breakage::none;
  std::string required_name, required_value;  // --require-header
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (i + 1 == argc && !a.starts_with("--") && policy_path.empty()) {  // the adapter interface: CMD POLICY_PATH
      policy_path = argv[i];
      continue;
    }
    if (i + 1 >= argc) return usage("missing value after an option");
    if (a == "--policy") {
      policy_path = argv[++i];
    } else if (a == "--port") {
      if (!parse_int(argv[++i], 0, 65535, port)) return usage("--port: 0..65535");
    } else if (a == "--lifetime") {
      if (!parse_int(argv[++i], 1, 86400, lifetime)) return usage("--lifetime: 1..86400 seconds");
    } else if (a == "--require-header") {
      const std::string_view h = argv[++i];
      const std::size_t colon = h.find(':');
      if (colon == std::string_view::npos) return usage("--require-header: NAME:VALUE");
      required_name = std::string(h.substr(0, colon));
      required_value = std::string(corsproof::trim_tab_or_space(h.substr(colon + 1)));
    } else if (a == "--break") {
      const auto b = parse_break(argv[++i]);
      if (!b) return usage("--break: unknown mode");
      mode = *b;
    } else {
      return usage("unknown option");
    }
  }
  if (policy_path.empty()) return usage("--policy is required");

  const auto parsed = corsproof::policy_json::read_file(policy_path);
  if (!parsed.ok()) {
    std::cerr << "corsproof_test_server: " << policy_path << ": " << parsed.error << "\n";
    return 2;
  }
  // The policy the server answers with: the real one, or a bent copy.
  corsproof::policy_config cfg = *parsed.value;
  if (mode == breakage::reflect_origin) cfg.allow_origins = {"re:.*", "null"};
  if (mode == breakage::ignore_methods) cfg.allow_methods = {"*"};
  if (mode == breakage::allow_safelisted_names)
    for (const char* n : {"accept", "accept-language", "content-language", "content-type", "range"})
      if (std::find(cfg.allow_headers.begin(), cfg.allow_headers.end(), n) == cfg.allow_headers.end())
        cfg.allow_headers.emplace_back(n);
  if (mode == breakage::star_authorization) {
    bool star = false;
    for (const auto& h : cfg.allow_headers) star = star || h == "*";
    if (star) cfg.allow_headers.emplace_back("authorization");
  }
  corsproof::policy_result compiled = corsproof::compile_policy(cfg);
  if (!compiled.ok()) {
    std::cerr << "corsproof_test_server: " << policy_path << ": " << compiled.error << "\n";
    return 2;
  }
  const corsproof::policy& pol = *compiled.value;
  // substring-method: the policy a method found in the joined list is answered with.
  corsproof::policy_config any_method_cfg = cfg;
  any_method_cfg.allow_methods = {"*"};
  corsproof::policy_result any_method = corsproof::compile_policy(any_method_cfg);
  std::string joined_methods;
  for (const auto& m : cfg.allow_methods) joined_methods += (joined_methods.empty() ? "" : ",") + m;
  // suffix-no-boundary: the wildcard entries, split (scheme://*.suffix[:port]).
  struct wildcard {
    std::string scheme, suffix, port;
  };
  std::vector<wildcard> wildcards;
  for (const auto& e : cfg.allow_origins) {
    if (corsproof::classify_origin_entry(e) != corsproof::origin_entry_kind::wildcard) continue;
    const std::size_t star = e.find("://*.");
    const std::string rest = e.substr(star + 5);
    const std::size_t colon = rest.find(':');
    wildcards.push_back({e.substr(0, star), rest.substr(0, colon), colon == std::string::npos ? "" : rest.substr(colon)});
  }

  // SIGTERM/SIGINT are taken synchronously by the main thread (sigtimedwait):
  // block them before any thread starts, so every thread inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  httplib::Server server;
  server.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
    // --require-header: like a gateway that wants a token on every request,
    // preflights included, and answers 401 without any CORS header.
    if (!required_name.empty()) {
      bool found = false;
      for (const auto& [name, value] : req.headers)
        found = found || (corsproof::iequals(name, required_name) && value == required_value);
      if (!found) {
        res.status = 401;
        res.set_content("missing " + required_name + "\n", "text/plain");
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    std::vector<corsproof::header_view> headers;
    for (const auto& [name, value] : req.headers)
      if (!is_pseudo_header(name)) headers.push_back(corsproof::header_view{name, value});
    // Broken origin and method checks: the request is evaluated as if it
    // were another (an allowed origin, one Origin, a policy allowing any
    // method), and the answer then echoes the origin as sent.
    const corsproof::policy* use = &pol;
    std::string substitute, echo;
    const std::size_t origins = corsproof::count_headers(corsproof::header_list(headers.data(), headers.size()), "origin");
    const corsproof::header_view* origin_header =
        corsproof::find_header(corsproof::header_list(headers.data(), headers.size()), "origin");
    const std::string_view origin_value =
        origin_header == nullptr ? std::string_view() : corsproof::trim_tab_or_space(origin_header->value);
    if (mode == breakage::case_insensitive_origin && origins == 1) {
      std::string lowered(origin_value);
      for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lowered != origin_value) {
        substitute = lowered;
        echo = std::string(origin_value);
      }
    }
    if (mode == breakage::suffix_no_boundary && origins == 1) {
      for (const auto& w : wildcards) {
        const std::string pre = w.scheme + "://";
        if (!origin_value.starts_with(pre) || !origin_value.ends_with(w.port)) continue;
        const std::string_view host = origin_value.substr(pre.size(), origin_value.size() - pre.size() - w.port.size());
        if (host.find(':') == std::string_view::npos && host.ends_with(w.suffix)) {
          substitute = pre + "app." + w.suffix + w.port;  // an origin the entry allows
          echo = std::string(origin_value);
          break;
        }
      }
    }
    if (!substitute.empty())
      for (auto& h : headers)
        if (corsproof::iequals(h.name, "origin")) h.value = substitute;
    if (mode == breakage::first_origin && origins > 1) {
      bool seen = false;
      std::erase_if(headers, [&seen](const corsproof::header_view& h) {
        if (!corsproof::iequals(h.name, "origin")) return false;
        const bool drop = seen;
        seen = true;
        return drop;
      });
    }
    if (mode == breakage::substring_method && any_method.ok() && req.method == "OPTIONS" && origins > 0) {
      const corsproof::header_view* m =
          corsproof::find_header(corsproof::header_list(headers.data(), headers.size()), "access-control-request-method");
      const std::string_view requested = m == nullptr ? std::string_view() : corsproof::trim_tab_or_space(m->value);
      if (!requested.empty() && joined_methods.find(requested) != std::string::npos) use = &*any_method.value;
    }
    std::vector<char> buf(corsproof::server_output_capacity);
    const corsproof::server_decision d = corsproof::evaluate_server(
        *use, corsproof::server_request{req.method, corsproof::header_list(headers.data(), headers.size())},
        std::span<char>(buf.data(), buf.size()));
    if (d.status != corsproof::eval_status::ok) {
      res.status = 400;
      res.set_content(std::string(corsproof::to_string(d.status)) + "\n", "text/plain");
      return httplib::Server::HandlerResponse::Handled;
    }
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& h : d.headers()) out.emplace_back(h.name, h.value);
    const bool cors = d.kind != corsproof::request_kind::not_cors;
    auto find = [&out](std::string_view name) -> std::pair<std::string, std::string>* {
      for (auto& h : out)
        if (corsproof::iequals(h.first, name)) return &h;
      return nullptr;
    };
    if (!echo.empty())
      if (auto* acao = find("Access-Control-Allow-Origin"); acao != nullptr && acao->second == substitute)
        acao->second = echo;
    switch (mode) {
      case breakage::star_lists_with_credentials:
        if (d.kind == corsproof::request_kind::preflight && d.allowed && pol.credentials()) {
          if (auto* acam = find("Access-Control-Allow-Methods")) acam->second = "*";
          if (auto* acah = find("Access-Control-Allow-Headers")) acah->second = "*";
        }
        break;
      case breakage::no_vary_on_denial:
        if (!d.allowed) std::erase_if(out, [](const auto& h) { return corsproof::iequals(h.first, "Vary"); });
        break;
      case breakage::wildcard_credentials:
        if (cors && d.allowed) {
          if (auto* acao = find("Access-Control-Allow-Origin")) acao->second = "*";
          if (find("Access-Control-Allow-Credentials") == nullptr)
            out.emplace(out.begin() + 1, "Access-Control-Allow-Credentials", "true");
        }
        break;
      case breakage::no_vary:
        std::erase_if(out, [](const auto& h) { return corsproof::iequals(h.first, "Vary"); });
        break;
      case breakage::star_authorization:
        if (d.kind == corsproof::request_kind::preflight && d.allowed) {
          bool authorization = false;
          corsproof::token_list_cursor c(corsproof::header_list(headers.data(), headers.size()),
                                         "access-control-request-headers");
          std::string_view name;
          while (c.next(name)) authorization = authorization || corsproof::iequals(name, "authorization");
          if (auto* acah = find("Access-Control-Allow-Headers"); acah != nullptr && authorization) acah->second = "*";
        }
        break;
      case breakage::duplicate_acao:
        if (auto* acao = find("Access-Control-Allow-Origin")) {
          const auto copy = *acao;
          out.insert(out.begin(), copy);
        }
        break;
      case breakage::none:
      case breakage::reflect_origin:
      case breakage::ignore_methods:
      case breakage::allow_safelisted_names:
      case breakage::case_insensitive_origin:
      case breakage::substring_method:
      case breakage::suffix_no_boundary:
      case breakage::first_origin:
        break;
    }
    for (const auto& [name, value] : out) res.headers.emplace(name, value);
    if (d.kind == corsproof::request_kind::preflight) {
      res.status = d.http_status;
    } else {
      res.status = 200;
      res.headers.emplace("X-Request-Id", "42");
      if (req.method != "HEAD") res.set_content("ok\n", "text/plain");
    }
    return httplib::Server::HandlerResponse::Handled;
  });

  // Keep-alive connections serve any number of requests (cpp-httplib's
  // default is 5), for `corsproof fuzz --concurrency`.
  server.set_keep_alive_max_count(1000000);
  // Headers and body are two writes: without TCP_NODELAY, Nagle's algorithm
  // and the client's delayed ACK add 40 ms to every keep-alive request.
  server.set_tcp_nodelay(true);

  int bound = 0;
  if (port == 0) {
    bound = server.bind_to_any_port("127.0.0.1");
  } else {
    bound = server.bind_to_port("127.0.0.1", static_cast<int>(port)) ? static_cast<int>(port) : -1;
  }
  if (bound <= 0) {
    std::cerr << "corsproof_test_server: cannot bind 127.0.0.1:" << port << "\n";
    return 1;
  }
  std::printf("%d\n", bound);
  std::fflush(stdout);

  std::thread listener([&server] { server.listen_after_bind(); });

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(lifetime);
  while (true) {
    const auto left = deadline - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero()) break;
    const auto ms = std::min<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(left).count(), 1000);
    timespec ts{static_cast<time_t>(ms / 1000), static_cast<long>((ms % 1000) * 1000000)};
    const int sig = sigtimedwait(&stop_signals, nullptr, &ts);
    if (sig == SIGTERM || sig == SIGINT) break;
  }
  server.stop();
  listener.join();
  return 0;
}

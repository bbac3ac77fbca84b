// audit/src/policy_sampling.hpp — (internal) what make_probes (probes.cpp)
// and request_generator (generate.cpp) both ask when they pick sample
// requests for a policy.
#pragma once

#include <array>
#include <cctype>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "corsproof/lint.hpp"
#include "corsproof/server.hpp"

namespace corsproof::audit::detail {

// Whether the core lets `origin` through `p` (a simple GET from it is allowed).
inline bool allows_origin(const policy& p, std::string_view origin) {
  const std::array<header_view, 1> h{{{"Origin", origin}}};
  std::vector<char> buf(server_output_capacity);
  const server_decision d =
      evaluate_server(p, server_request{"GET", header_list(h)}, std::span<char>(buf.data(), buf.size()));
  return d.status == eval_status::ok && d.allowed;
}

// A sample origin for a `re:` entry of allow_origins: the first of
// https/http, no port or :8443/:3000/:8080, and each domain name in the
// pattern bare, with "app." or with "www.", that `p` allows and that is not
// `except`.
inline std::optional<std::string> regex_sample_origin(const policy& p, std::string_view entry,
                                                      std::string_view except = {}) {
  for (const std::string& literal : lint::regex_domain_literals(entry.substr(3)))
    for (std::string_view scheme : {"https", "http"})
      for (std::string_view port : {"", ":8443", ":3000", ":8080"})
        for (const std::string& host : {literal, "app." + literal, "www." + literal}) {
          std::string o = std::string(scheme) + "://" + host + std::string(port);
          if (o != except && allows_origin(p, o)) return o;
        }
  return std::nullopt;
}

// ASCII lower case.
inline std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace corsproof::audit::detail

// audit/src/policy_sampling.hpp — (internal) what make_probes (probes.cpp)
// and request_generator (generate.cpp) both ask when they pick sample
// requests for a policy.
#pragma once

#include <array>
#include <cctype>
#include <span>
#include <string>
#include <string_view>
#include <vector>

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

// ASCII lower case.
inline std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace corsproof::audit::detail

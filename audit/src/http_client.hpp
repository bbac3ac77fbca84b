// audit/src/http_client.hpp — (internal) many requests to one loopback URL
// over a few keep-alive connections, with libcurl's multi interface.
//
// Used by the fuzz loop and by replay. Loopback only, as run_probes: the URL
// is checked with loopback_url_error() before anything is sent, and a
// CURLOPT_PREREQFUNCTION callback aborts any connection whose peer is not a
// loopback address. No proxy, no redirects, http and https only.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "corsproof/fuzz.hpp"
#include "corsproof/probe.hpp"

namespace corsproof::audit::detail {

struct client_options {
  std::size_t concurrency = 4;              // connections (and transfers in flight)
  std::chrono::milliseconds timeout{2000};  // per request, connection included
  std::size_t max_response_body = 1 << 20;
  header_pairs extra_headers;  // sent with every request, after its own
};

// One request's fate.
struct http_answer {
  bool answered = false;  // a status line and headers came back
  failure_kind failure = failure_kind::none;
  std::string error;  // failure != none: libcurl's words
  int status = 0;
  header_pairs headers;  // as received, in order
};

class http_client {
 public:
  // `url` must already have passed loopback_url_error().
  http_client(std::string url, client_options options);
  ~http_client();
  http_client(const http_client&) = delete;
  http_client& operator=(const http_client&) = delete;

  // Sends every request (up to `concurrency` at a time, each on a reused
  // connection when one is free) and returns the answers in request order.
  // When *stop becomes true, transfers in flight are abandoned and the
  // requests not yet answered get failure_kind::interrupted.
  std::vector<http_answer> send_all(const std::vector<const probe*>& requests,
                                    const std::atomic<bool>* stop = nullptr);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace corsproof::audit::detail

// audit/src/curl_request.hpp — (internal) one request as corsproof sends it
// with libcurl, shared by run_probes (http_probe.cpp) and the keep-alive
// client of fuzz and replay (http_client.cpp): the options every transfer
// gets (http and https only, no redirects, no proxy, the timeouts, the
// loopback check of the connection's peer), the method and headers of a
// probe, and what is collected of the response.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "corsproof/probe.hpp"
#include "curl_api.hpp"

namespace corsproof::audit::detail {

// What a transfer collects of its response, by the callbacks
// set_transfer_options installs.
struct response_collector {
  header_pairs headers;  // the last response's (a 1xx response's are dropped), at most 300
  std::size_t body_bytes = 0;
  std::size_t max_body = 0;     // a longer body aborts the transfer
  bool body_too_large = false;
  bool not_loopback = false;  // the connection's peer was not a loopback address: aborted
  std::string peer;           // the connection's peer, a numeric address
  // Ready for a new transfer.
  void reset(std::size_t max_response_body);
  // Why corsproof itself aborted the transfer ("" when it did not).
  [[nodiscard]] std::string abort_reason() const;
};

// Sets the options every corsproof request has on `c` (a fresh or reset
// handle): `url`, http and https only, no redirects, no proxy (whatever the
// environment says), no signals, `timeout` for the whole request and for the
// connection, and `r`'s callbacks (headers, body, the peer check).
void set_transfer_options(CURL* c, const std::string& url, std::chrono::milliseconds timeout, response_collector& r);

// The probe's method on `c`, and its header lines then `extra` appended to
// `list` ("Name;" sends an empty value; a method other than GET, HEAD and
// OPTIONS says its empty body with Content-Length: 0). `no_default_accept`:
// unless the probe or `extra` has an Accept header, libcurl's default
// "Accept: */*" is removed. The caller sets CURLOPT_HTTPHEADER to `list`
// and frees it after the transfer.
void set_probe_request(CURL* c, const probe& p, const header_pairs& extra, bool no_default_accept, curl_slist*& list);

}  // namespace corsproof::audit::detail

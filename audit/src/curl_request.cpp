// audit/src/curl_request.cpp — see curl_request.hpp.
#include "curl_request.hpp"

#include "corsproof/http.hpp"
#include "corsproof/loopback_host.hpp"

namespace corsproof::audit::detail {

namespace {

constexpr std::size_t max_collected_headers = 300;  // beyond the core's 256: the audit then says too-large

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
  auto* r = static_cast<response_collector*>(user);
  std::string_view line(data, size * n);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (line.starts_with("HTTP/")) {  // a new response (after 1xx): start over
    r->headers.clear();
    return size * n;
  }
  if (line.empty()) return size * n;
  if ((line.front() == ' ' || line.front() == '\t') && !r->headers.empty()) {  // obsolete line folding
    r->headers.back().second += " " + std::string(trim_tab_or_space(line));
    return size * n;
  }
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return size * n;
  if (r->headers.size() < max_collected_headers)
    r->headers.emplace_back(std::string(line.substr(0, colon)), std::string(trim_tab_or_space(line.substr(colon + 1))));
  return size * n;
}

std::size_t on_body(char*, std::size_t size, std::size_t n, void* user) {
  auto* r = static_cast<response_collector*>(user);
  r->body_bytes += size * n;
  if (r->body_bytes > r->max_body) {
    r->body_too_large = true;
    return 0;  // aborts the transfer
  }
  return size * n;
}

// The connection's peer as libcurl reports it, a numeric address
// ("127.0.0.1", "::1"): loopback by the core's one rule
// (corsproof/loopback_host.hpp), and only as an address (a peer is never a
// name, so "localhost" here would be refused).
bool is_loopback_peer(const std::string& ip) {
  if (ip.empty() || ip.find_first_not_of("0123456789abcdefABCDEF.:") != std::string::npos) return false;
  return is_loopback_host(ip.find(':') == std::string::npos ? ip : "[" + ip + "]");
}

// Checked before every request (reused connections included).
int on_prereq(void* user, char* primary_ip, char*, int, int) {
  auto* r = static_cast<response_collector*>(user);
  r->peer = primary_ip == nullptr ? std::string() : std::string(primary_ip);
  if (!is_loopback_peer(r->peer)) {
    r->not_loopback = true;
    return CURL_PREREQFUNC_ABORT;
  }
  return CURL_PREREQFUNC_OK;
}

}  // namespace

void response_collector::reset(std::size_t max_response_body) {
  headers.clear();
  body_bytes = 0;
  max_body = max_response_body;
  body_too_large = false;
  not_loopback = false;
  peer.clear();
}

std::string response_collector::abort_reason() const {
  if (not_loopback) return "refused: the connection's peer " + peer + " is not a loopback address";
  if (body_too_large) return "the response body is longer than " + std::to_string(max_body) + " bytes";
  return {};
}

void set_transfer_options(CURL* c, const std::string& url, std::chrono::milliseconds timeout, response_collector& r) {
  const curl_api& api = curl();
  const long timeout_ms = static_cast<long>(timeout.count());
  api.easy_setopt(c, CURLOPT_URL, url.c_str());
  api.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  api.easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  api.easy_setopt(c, CURLOPT_PROXY, "");
  api.easy_setopt(c, CURLOPT_NOPROXY, "*");
  api.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  api.easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
  api.easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  api.easy_setopt(c, CURLOPT_HEADERFUNCTION, &on_header);
  api.easy_setopt(c, CURLOPT_HEADERDATA, &r);
  api.easy_setopt(c, CURLOPT_WRITEFUNCTION, &on_body);
  api.easy_setopt(c, CURLOPT_WRITEDATA, &r);
  api.easy_setopt(c, CURLOPT_PREREQFUNCTION, &on_prereq);
  api.easy_setopt(c, CURLOPT_PREREQDATA, &r);
}

void set_probe_request(CURL* c, const probe& p, const header_pairs& extra, bool no_default_accept, curl_slist*& list) {
  const curl_api& api = curl();
  auto append = [&list, &api](const std::string& line) {
    if (curl_slist* n = api.slist_append(list, line.c_str())) list = n;
  };
  if (p.method == "HEAD") {
    api.easy_setopt(c, CURLOPT_NOBODY, 1L);
  } else if (p.method == "GET") {
    api.easy_setopt(c, CURLOPT_HTTPGET, 1L);
  } else {
    api.easy_setopt(c, CURLOPT_CUSTOMREQUEST, p.method.c_str());
    if (p.method != "OPTIONS") append("Content-Length: 0");  // an empty body, said explicitly
  }
  bool accept = false;
  for (const header_pairs* headers : {&p.headers, &extra}) {
    for (const auto& [name, value] : *headers) {
      append(value.empty() ? name + ";" : name + ": " + value);  // "Name;" sends an empty value
      accept = accept || iequals(name, "accept");
    }
  }
  if (no_default_accept && !accept) append("Accept:");  // the request holds only what it says
}

}  // namespace corsproof::audit::detail

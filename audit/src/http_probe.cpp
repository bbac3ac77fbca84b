// audit/src/http_probe.cpp — run_probes: send each probe with libcurl to a
// loopback server and audit its answer.
//
// Loopback only, enforced twice: loopback_url_error() refuses the URL before
// anything is sent, and a CURLOPT_PREREQFUNCTION callback aborts any
// connection whose peer is not a loopback address (what `localhost`
// actually resolved to included). No proxy (the environment's proxy
// variables are overridden), no redirects, http and https only.
//
// libcurl is loaded with dlopen the first time it is needed, not linked
// (curl_api.hpp says why).

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>

#include "corsproof/loopback_host.hpp"
#include "corsproof/method.hpp"
#include "corsproof/probe.hpp"
#include "curl_api.hpp"

namespace corsproof::audit {

namespace {

// The connection's peer as libcurl reports it, a numeric address
// ("127.0.0.1", "::1"): loopback by the core's one rule
// (corsproof/loopback_host.hpp), and only as an address (a peer is never a
// name, so "localhost" here would be refused).
bool is_loopback_peer(const std::string& ip) {
  if (ip.empty() || ip.find_first_not_of("0123456789abcdefABCDEF.:") != std::string::npos) return false;
  return is_loopback_host(ip.find(':') == std::string::npos ? ip : "[" + ip + "]");
}

using detail::curl;
using detail::curl_api;

struct url_deleter {
  void operator()(CURLU* u) const noexcept { curl().url_cleanup(u); }
};
struct easy_deleter {
  void operator()(CURL* h) const noexcept { curl().easy_cleanup(h); }
};
struct slist_deleter {
  void operator()(curl_slist* l) const noexcept { curl().slist_free_all(l); }
};

std::string url_part(CURLU* u, CURLUPart part) {
  char* p = nullptr;
  if (curl().url_get(u, part, &p, 0) != CURLUE_OK || p == nullptr) return {};
  std::string s(p);
  curl().free(p);
  return s;
}

constexpr std::size_t max_collected_headers = 300;  // beyond the core's 256: the audit then says too-large

struct transfer {
  header_pairs headers;
  std::size_t body_bytes = 0;
  std::size_t max_body = 0;
  bool body_too_large = false;
  bool not_loopback = false;
  std::string peer;
};

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<transfer*>(user);
  std::string_view line(data, size * n);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (line.starts_with("HTTP/")) {  // a new response (after 1xx): start over
    t->headers.clear();
    return size * n;
  }
  if (line.empty()) return size * n;
  if ((line.front() == ' ' || line.front() == '\t') && !t->headers.empty()) {  // obsolete line folding
    t->headers.back().second += " " + std::string(trim_tab_or_space(line));
    return size * n;
  }
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return size * n;
  if (t->headers.size() < max_collected_headers)
    t->headers.emplace_back(std::string(line.substr(0, colon)), std::string(trim_tab_or_space(line.substr(colon + 1))));
  return size * n;
}

std::size_t on_body(char*, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<transfer*>(user);
  t->body_bytes += size * n;
  if (t->body_bytes > t->max_body) {
    t->body_too_large = true;
    return 0;  // aborts the transfer
  }
  return size * n;
}

int on_prereq(void* user, char* primary_ip, char*, int, int) {
  auto* t = static_cast<transfer*>(user);
  t->peer = primary_ip == nullptr ? std::string() : std::string(primary_ip);
  if (!is_loopback_peer(t->peer)) {
    t->not_loopback = true;
    return CURL_PREREQFUNC_ABORT;
  }
  return CURL_PREREQFUNC_OK;
}

probe_outcome send_one(const std::string& url, const probe& pr, const probe_options& opt) {
  probe_outcome out;
  out.request = pr;
  const curl_api& api = curl();
  std::unique_ptr<CURL, easy_deleter> h(api.easy_init());
  if (!h) {
    out.transport_error = "libcurl could not start a transfer";
    return out;
  }
  transfer t;
  t.max_body = opt.max_response_body;
  const long timeout_ms = static_cast<long>(opt.timeout.count());
  CURL* c = h.get();
  api.easy_setopt(c, CURLOPT_URL, url.c_str());
  api.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  api.easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  api.easy_setopt(c, CURLOPT_PROXY, "");
  api.easy_setopt(c, CURLOPT_NOPROXY, "*");
  api.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  api.easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
  api.easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  api.easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
  api.easy_setopt(c, CURLOPT_HEADERFUNCTION, &on_header);
  api.easy_setopt(c, CURLOPT_HEADERDATA, &t);
  api.easy_setopt(c, CURLOPT_WRITEFUNCTION, &on_body);
  api.easy_setopt(c, CURLOPT_WRITEDATA, &t);
  api.easy_setopt(c, CURLOPT_PREREQFUNCTION, &on_prereq);
  api.easy_setopt(c, CURLOPT_PREREQDATA, &t);

  curl_slist* raw = nullptr;
  auto append = [&raw](const std::string& line) {
    if (curl_slist* n = curl().slist_append(raw, line.c_str())) raw = n;
  };
  if (pr.method == "HEAD") {
    api.easy_setopt(c, CURLOPT_NOBODY, 1L);
  } else if (pr.method == "GET") {
    api.easy_setopt(c, CURLOPT_HTTPGET, 1L);
  } else {
    api.easy_setopt(c, CURLOPT_CUSTOMREQUEST, pr.method.c_str());
    if (pr.method != "OPTIONS") append("Content-Length: 0");  // an empty body, said explicitly
  }
  for (const auto& [name, value] : pr.headers)
    append(value.empty() ? name + ";" : name + ": " + value);  // "Name;" sends an empty value
  for (const auto& [name, value] : opt.extra_headers) append(value.empty() ? name + ";" : name + ": " + value);
  std::unique_ptr<curl_slist, slist_deleter> list(raw);
  if (raw != nullptr) api.easy_setopt(c, CURLOPT_HTTPHEADER, raw);

  std::array<char, CURL_ERROR_SIZE> err{};
  api.easy_setopt(c, CURLOPT_ERRORBUFFER, err.data());
  const CURLcode rc = api.easy_perform(c);
  if (rc != CURLE_OK) {
    if (t.not_loopback) {
      out.transport_error = "refused: the connection's peer " + t.peer + " is not a loopback address";
    } else if (t.body_too_large) {
      out.transport_error = "the response body is longer than " + std::to_string(opt.max_response_body) + " bytes";
    } else {
      out.transport_error = std::string(api.easy_strerror(rc));
      if (err[0] != '\0') out.transport_error += ": " + std::string(err.data());
      long connected = 0;
      api.easy_getinfo(c, CURLINFO_NUM_CONNECTS, &connected);
      out.no_connection = rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST ||
                          (rc == CURLE_OPERATION_TIMEDOUT && connected == 0);
    }
    return out;
  }
  long status = 0;
  api.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  out.answered = true;
  out.status = static_cast<int>(status);
  out.headers = std::move(t.headers);
  return out;
}

}  // namespace

std::optional<std::string> loopback_url_error(std::string_view url) {
  if (!curl().error.empty()) return curl().error;
  std::unique_ptr<CURLU, url_deleter> u(curl().url());
  if (!u) return std::string("libcurl could not parse URLs");
  const std::string text(url);
  if (curl().url_set(u.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK)
    return "not an absolute http(s) URL: " + text;
  std::string scheme = url_part(u.get(), CURLUPART_SCHEME);
  for (char& ch : scheme) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (scheme != "http" && scheme != "https") return "only http and https URLs are probed, not " + scheme + ":";
  if (!url_part(u.get(), CURLUPART_ZONEID).empty()) return std::string("IPv6 zone identifiers are refused");
  std::string host = url_part(u.get(), CURLUPART_HOST);
  for (char& ch : host) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (is_loopback_host(host)) return std::nullopt;
  return (host.empty() ? std::string("(no host)") : host) +
         " is not a loopback host; corsproof only probes localhost, *.localhost, 127.0.0.0/8 and [::1]";
}

std::size_t probe_report::failed() const noexcept {
  return static_cast<std::size_t>(
      std::count_if(outcomes.begin(), outcomes.end(), [](const probe_outcome& o) { return !o.answered; }));
}

std::size_t probe_report::errors() const noexcept {
  std::size_t n = 0;
  for (const auto& o : outcomes) {
    if (!o.answered) continue;
    n += o.audit.status == eval_status::ok ? o.audit.error_count() : 1;  // too-large: one error
  }
  return n;
}

std::size_t probe_report::warnings() const noexcept {
  std::size_t n = 0;
  for (const auto& o : outcomes)
    if (o.answered) n += o.audit.warning_count();
  return n;
}

std::size_t probe_report::conforming() const noexcept {
  return static_cast<std::size_t>(std::count_if(outcomes.begin(), outcomes.end(), [](const probe_outcome& o) {
    return o.answered && o.audit.status == eval_status::ok && o.audit.conforms;
  }));
}

bool probe_report::conforms() const noexcept {
  return refused.empty() && unreachable.empty() && failed() == 0 && conforming() == outcomes.size();
}

std::optional<std::string> extra_header_error(std::string_view name) {
  if (!is_token(name)) return "\"" + std::string(name) + "\" is not a header name (a token)";
  for (std::string_view own : {"origin", "access-control-request-method", "access-control-request-headers",
                               "access-control-request-private-network"})
    if (iequals(name, own)) return std::string(name) + " is set by the probes themselves";
  return std::nullopt;
}

probe_report run_probes(std::string_view url, const std::vector<probe>& probes, const policy& p,
                        const probe_options& options) {
  probe_report report;
  report.url = std::string(url);
  if (auto why = loopback_url_error(url)) {
    report.refused = std::move(*why);
    return report;
  }
  report.extra_headers = options.extra_headers;
  const std::size_t n = std::min(probes.size(), options.max_probes);
  report.skipped = probes.size() - n;
  report.outcomes.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    probe_outcome o = send_one(report.url, probes[i], options);
    if (i == 0 && o.no_connection) {
      report.unreachable = "no answer from " + report.url + " (" + o.transport_error +
                           "); is the server running and listening there? Nothing else was sent";
      report.skipped = probes.size();
      return report;
    }
    if (o.answered) {
      header_pairs sent = o.request.headers;
      sent.insert(sent.end(), options.extra_headers.begin(), options.extra_headers.end());
      const std::vector<header_view> req = views(sent);
      const std::vector<header_view> obs = views(o.headers);
      o.audit = audit_answer(p, o.request.method, header_list(req.data(), req.size()), o.status,
                             header_list(obs.data(), obs.size()));
    }
    report.outcomes.push_back(std::move(o));
  }
  return report;
}

}  // namespace corsproof::audit

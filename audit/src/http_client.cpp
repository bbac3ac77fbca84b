// audit/src/http_client.cpp — http_client: libcurl's multi interface, a
// few easy handles whose connections stay open between requests.
#include "http_client.hpp"

#include <array>
#include <utility>

#include "corsproof/http.hpp"
#include "curl_api.hpp"

namespace corsproof::audit::detail {

namespace {

constexpr std::size_t max_collected_headers = 300;  // beyond the core's 256: the audit says too-large

struct transfer {
  std::size_t index = 0;  // in the batch
  header_pairs headers;
  std::size_t body_bytes = 0;
  std::size_t max_body = 0;
  bool body_too_large = false;
  bool not_loopback = false;
  std::string peer;
  curl_slist* list = nullptr;
  std::array<char, CURL_ERROR_SIZE> error{};
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

// The connection's peer, checked before every request (reused connections
// included), with the same predicate as the URL check.
int on_prereq(void* user, char* primary_ip, char*, int, int) {
  auto* t = static_cast<transfer*>(user);
  t->peer = primary_ip == nullptr ? std::string() : std::string(primary_ip);
  const std::string as_url = t->peer.find(':') != std::string::npos ? "http://[" + t->peer + "]/" : "http://" + t->peer + "/";
  if (t->peer.empty() || loopback_url_error(as_url).has_value()) {
    t->not_loopback = true;
    return CURL_PREREQFUNC_ABORT;
  }
  return CURL_PREREQFUNC_OK;
}

failure_kind classify(CURLcode rc) {
  switch (rc) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST: return failure_kind::connection_refused;
    case CURLE_OPERATION_TIMEDOUT: return failure_kind::timeout;
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE: return failure_kind::connection_closed;
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_UNSUPPORTED_PROTOCOL:  // "Received HTTP/0.9 when not allowed"
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM: return failure_kind::garbage;
    default: return failure_kind::other;
  }
}

}  // namespace

struct http_client::impl {
  std::string url;
  client_options options;
  CURLM* multi = nullptr;
  std::vector<CURL*> easy;  // one per connection slot
  std::vector<transfer> slots;

  void setup(CURL* c, transfer& t, const probe& r) {
    curl().easy_reset(c);
    t.headers.clear();
    t.body_bytes = 0;
    t.max_body = options.max_response_body;
    t.body_too_large = false;
    t.not_loopback = false;
    t.peer.clear();
    t.error[0] = '\0';
    const long timeout_ms = static_cast<long>(options.timeout.count());
    curl().easy_setopt(c, CURLOPT_URL, url.c_str());
    curl().easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl().easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl().easy_setopt(c, CURLOPT_PROXY, "");
    curl().easy_setopt(c, CURLOPT_NOPROXY, "*");
    curl().easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl().easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl().easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
    curl().easy_setopt(c, CURLOPT_HEADERFUNCTION, &on_header);
    curl().easy_setopt(c, CURLOPT_HEADERDATA, &t);
    curl().easy_setopt(c, CURLOPT_WRITEFUNCTION, &on_body);
    curl().easy_setopt(c, CURLOPT_WRITEDATA, &t);
    curl().easy_setopt(c, CURLOPT_PREREQFUNCTION, &on_prereq);
    curl().easy_setopt(c, CURLOPT_PREREQDATA, &t);
    curl().easy_setopt(c, CURLOPT_ERRORBUFFER, t.error.data());
    curl().easy_setopt(c, CURLOPT_PRIVATE, &t);
    if (t.list != nullptr) {
      curl().slist_free_all(t.list);
      t.list = nullptr;
    }
    auto append = [&t](const std::string& line) {
      if (curl_slist* n = curl().slist_append(t.list, line.c_str())) t.list = n;
    };
    if (r.method == "HEAD") {
      curl().easy_setopt(c, CURLOPT_NOBODY, 1L);
    } else if (r.method == "GET") {
      curl().easy_setopt(c, CURLOPT_HTTPGET, 1L);
    } else {
      curl().easy_setopt(c, CURLOPT_CUSTOMREQUEST, r.method.c_str());
      if (r.method != "OPTIONS") append("Content-Length: 0");  // an empty body, said explicitly
    }
    // "Name;" sends an empty value; libcurl would drop "Name:".
    for (const auto& [name, value] : r.headers) append(value.empty() ? name + ";" : name + ": " + value);
    for (const auto& [name, value] : options.extra_headers) append(value.empty() ? name + ";" : name + ": " + value);
    bool accept = false;
    for (const auto& h : r.headers) accept = accept || iequals(h.first, "accept");
    for (const auto& h : options.extra_headers) accept = accept || iequals(h.first, "accept");
    if (!accept) append("Accept:");  // no default Accept: the request holds only what it says
    if (t.list != nullptr) curl().easy_setopt(c, CURLOPT_HTTPHEADER, t.list);
  }

  void finish(CURL* c, transfer& t, CURLcode rc, http_answer& out) {
    if (rc != CURLE_OK) {
      if (t.not_loopback) {
        out.failure = failure_kind::not_loopback;
        out.error = "refused: the connection's peer " + t.peer + " is not a loopback address";
      } else if (t.body_too_large) {
        out.failure = failure_kind::too_large;
        out.error = "the response body is longer than " + std::to_string(options.max_response_body) + " bytes";
      } else {
        out.failure = classify(rc);
        out.error = curl().easy_strerror(rc);
        if (t.error[0] != '\0') out.error += ": " + std::string(t.error.data());
      }
      return;
    }
    long status = 0;
    curl().easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    out.answered = true;
    out.status = static_cast<int>(status);
    out.headers = std::move(t.headers);
    if (status >= 500) {
      out.failure = failure_kind::server_error;
      out.error = "status " + std::to_string(status);
    }
  }
};

http_client::http_client(std::string url, client_options options) : impl_(std::make_unique<impl>()) {
  impl_->url = std::move(url);
  impl_->options = std::move(options);
  if (impl_->options.concurrency == 0) impl_->options.concurrency = 1;
  if (!curl().error.empty()) return;  // send_all answers every request with the error
  impl_->multi = curl().multi_init();
  const long c = static_cast<long>(impl_->options.concurrency);
  curl().multi_setopt(impl_->multi, CURLMOPT_MAX_HOST_CONNECTIONS, c);
  curl().multi_setopt(impl_->multi, CURLMOPT_MAXCONNECTS, c);
  impl_->slots.resize(impl_->options.concurrency);
  for (std::size_t i = 0; i < impl_->options.concurrency; ++i) impl_->easy.push_back(curl().easy_init());
}

http_client::~http_client() {
  if (!curl().error.empty()) return;
  for (std::size_t i = 0; i < impl_->easy.size(); ++i) {
    if (impl_->easy[i] != nullptr) {
      curl().multi_remove_handle(impl_->multi, impl_->easy[i]);
      curl().easy_cleanup(impl_->easy[i]);
    }
    if (impl_->slots[i].list != nullptr) curl().slist_free_all(impl_->slots[i].list);
  }
  if (impl_->multi != nullptr) curl().multi_cleanup(impl_->multi);
}

std::vector<http_answer> http_client::send_all(const std::vector<const probe*>& requests,
                                               const std::atomic<bool>* stop) {
  impl& m = *impl_;
  std::vector<http_answer> answers(requests.size());
  if (!curl().error.empty()) {
    for (auto& a : answers) {
      a.failure = failure_kind::other;
      a.error = curl().error;
    }
    return answers;
  }
  std::vector<bool> busy(m.easy.size(), false);
  std::size_t next = 0, done = 0, running_slots = 0;
  auto stopped = [stop] { return stop != nullptr && stop->load(std::memory_order_relaxed); };
  while (done < requests.size()) {
    // Fill the idle slots.
    for (std::size_t s = 0; s < m.easy.size() && next < requests.size() && !stopped(); ++s) {
      if (busy[s] || m.easy[s] == nullptr) continue;
      m.slots[s].index = next;
      m.setup(m.easy[s], m.slots[s], *requests[next]);
      curl().multi_add_handle(m.multi, m.easy[s]);
      busy[s] = true;
      ++running_slots;
      ++next;
    }
    if (stopped()) {
      for (std::size_t s = 0; s < m.easy.size(); ++s)
        if (busy[s]) {
          curl().multi_remove_handle(m.multi, m.easy[s]);
          busy[s] = false;
        }
      for (std::size_t i = 0; i < requests.size(); ++i)
        if (!answers[i].answered && answers[i].failure == failure_kind::none) {
          answers[i].failure = failure_kind::interrupted;
          answers[i].error = "interrupted";
        }
      return answers;
    }
    if (running_slots == 0) break;  // no easy handle at all (out of memory)
    int still = 0;
    curl().multi_perform(m.multi, &still);
    int left = 0;
    bool finished_any = false;
    while (CURLMsg* msg = curl().multi_info_read(m.multi, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* c = msg->easy_handle;
      const CURLcode rc = msg->data.result;
      transfer* t = nullptr;
      curl().easy_getinfo(c, CURLINFO_PRIVATE, &t);
      std::size_t s = 0;
      while (s < m.easy.size() && m.easy[s] != c) ++s;
      m.finish(c, *t, rc, answers[t->index]);
      curl().multi_remove_handle(m.multi, c);
      if (s < busy.size()) busy[s] = false;
      --running_slots;
      ++done;
      finished_any = true;
    }
    if (!finished_any && still > 0) curl().multi_poll(m.multi, nullptr, 0, 100, nullptr);
  }
  for (std::size_t i = 0; i < requests.size(); ++i)
    if (!answers[i].answered && answers[i].failure == failure_kind::none) {
      answers[i].failure = failure_kind::other;
      answers[i].error = "libcurl could not start a transfer";
    }
  return answers;
}

}  // namespace corsproof::audit::detail

namespace corsproof::audit {

std::optional<std::string> live_http_unavailable() {
  if (detail::curl().error.empty()) return std::nullopt;
  return detail::curl().error;
}

}  // namespace corsproof::audit

// audit/tests/live_test.cpp — the live-server machinery without
// corsproof_test_server: run_fuzz against a loopback server that misbehaves
// on purpose (closes connections, answers garbage or 503, never answers),
// and adapter_process with shell commands that exit early, print no port,
// say "not expressible" or ignore SIGTERM.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "corsproof/fuzz.hpp"
#include "corsproof/server_cmd.hpp"

namespace {

using namespace std::chrono_literals;

// A loopback server that picks a behaviour from a hash of each request's
// bytes (so libcurl's retry of the same request meets the same behaviour):
//   0 a plain 200 answer, 1 close without answering, 2 garbage, 3 a 503,
//   4 silence until the client gives up.
class fault_server {
 public:
  fault_server() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    listen(fd_, 64);
    socklen_t len = sizeof a;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    accept_thread_ = std::thread([this] { accept_loop(); });
  }
  ~fault_server() {
    stop_ = true;
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    accept_thread_.join();
    std::lock_guard<std::mutex> lock(m_);
    for (auto& t : workers_) t.join();
  }
  [[nodiscard]] int port() const { return port_; }

 private:
  void accept_loop() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) continue;
      const int c = accept(fd_, nullptr, nullptr);
      if (c < 0) continue;
      std::lock_guard<std::mutex> lock(m_);
      workers_.emplace_back([this, c] { serve(c); });
    }
  }
  void serve(int c) {
    std::string buf;
    char chunk[4096];
    while (!stop_) {
      const std::size_t end = buf.find("\r\n\r\n");
      if (end == std::string::npos) {
        pollfd p{c, POLLIN, 0};
        if (poll(&p, 1, 50) <= 0) continue;
        const ssize_t n = read(c, chunk, sizeof chunk);
        if (n <= 0) break;
        buf.append(chunk, static_cast<std::size_t>(n));
        continue;
      }
      const std::string request = buf.substr(0, end);
      buf.erase(0, end + 4);
      const std::size_t behaviour = std::hash<std::string>{}(request) % 5;
      std::string answer;
      if (behaviour == 0) answer = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nVary: Origin\r\n\r\n";
      if (behaviour == 2) answer = "this is not HTTP\r\n\r\n";
      if (behaviour == 3) answer = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n";
      if (behaviour == 4) {
        for (int i = 0; i < 10 && !stop_; ++i) std::this_thread::sleep_for(50ms);
        break;
      }
      if (!answer.empty() && write(c, answer.data(), answer.size()) < 0) break;
      if (behaviour != 0 && behaviour != 3) break;  // close after garbage, or without answering
    }
    close(c);
  }

  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread accept_thread_;
  std::mutex m_;
  std::vector<std::thread> workers_;
};

corsproof::policy_config policy_config() {
  corsproof::policy_config c;
  c.allow_origins = {"https://app.example.com", "https://*.partner.example"};
  c.allow_methods = {"GET", "PUT"};
  return c;
}

TEST(RunFuzz, EveryFaultIsAFailureKindAndTheRunGoesOn) {
  fault_server server;
  const auto cfg = policy_config();
  const auto pol = corsproof::compile_policy(cfg);
  corsproof::audit::fuzz_options o;
  o.seed = 11;
  o.max_requests = 120;
  o.concurrency = 3;
  o.timeout = 150ms;
  o.shrink_budget = 20;
  const std::string url = "http://127.0.0.1:" + std::to_string(server.port()) + "/";
  const auto r = corsproof::audit::run_fuzz(url, *pol.value, cfg, o);
  EXPECT_TRUE(r.refused.empty());
  EXPECT_TRUE(r.unreachable.empty()) << r.unreachable;
  EXPECT_EQ(r.requests, 120U);
  std::set<corsproof::audit::failure_kind> kinds;
  std::size_t failed = 0;
  for (const auto& f : r.failures) {
    kinds.insert(f.kind);
    failed += f.count;
    EXPECT_FALSE(f.error.empty());
    EXPECT_FALSE(f.first.id.empty());
  }
  using fk = corsproof::audit::failure_kind;
  EXPECT_EQ(kinds, (std::set<fk>{fk::connection_closed, fk::garbage, fk::server_error, fk::timeout}))
      << corsproof::audit::render_fuzz_text(r);
  EXPECT_EQ(r.answered + failed, r.requests);
  EXPECT_GT(r.answered, 0U);  // the plain answers were judged
  EXPECT_FALSE(r.conforms());
  const std::string text = corsproof::audit::render_fuzz_text(r);
  for (const char* k : {"failure connection-closed", "failure garbage", "failure server-error", "failure timeout"})
    EXPECT_NE(text.find(k), std::string::npos) << k << "\n" << text;
}

TEST(RunFuzz, NothingListeningIsUnreachable) {
  // A port that was just free.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  const auto cfg = policy_config();
  const auto pol = corsproof::compile_policy(cfg);
  corsproof::audit::fuzz_options o;
  o.max_requests = 1000;
  const auto r = corsproof::audit::run_fuzz("http://127.0.0.1:" + std::to_string(ntohs(a.sin_port)) + "/",
                                            *pol.value, cfg, o);
  EXPECT_FALSE(r.unreachable.empty());
  EXPECT_LE(r.requests, o.concurrency);
  EXPECT_NE(corsproof::audit::render_fuzz_text(r).find("unreachable: "), std::string::npos);
}

TEST(RunFuzz, RefusesNonLoopbackAndStopsOnTheFlag) {
  const auto cfg = policy_config();
  const auto pol = corsproof::compile_policy(cfg);
  corsproof::audit::fuzz_options o;
  auto r = corsproof::audit::run_fuzz("http://192.0.2.1/", *pol.value, cfg, o);
  EXPECT_FALSE(r.refused.empty());
  EXPECT_EQ(r.requests, 0U);

  fault_server server;
  std::atomic<bool> stop{true};
  o.stop = &stop;
  r = corsproof::audit::run_fuzz("http://127.0.0.1:" + std::to_string(server.port()) + "/", *pol.value, cfg, o);
  EXPECT_TRUE(r.interrupted);
  EXPECT_EQ(r.stopped_by, "interrupt");
  EXPECT_NE(corsproof::audit::render_fuzz_text(r).find("interrupted"), std::string::npos);
}

// ---- adapter_process ----------------------------------------------------------

using corsproof::audit::adapter_process;
using corsproof::audit::adapter_state;

corsproof::audit::adapter_options quick() {
  corsproof::audit::adapter_options o;
  o.startup_timeout = 1500ms;
  o.grace = 500ms;
  return o;
}

TEST(AdapterProcess, ReadsThePortAndStops) {
  adapter_process p(": {policy}; echo 4567; exec sleep 30", "{}", quick());
  ASSERT_EQ(p.state(), adapter_state::running) << p.message();
  EXPECT_EQ(p.port(), 4567);
  EXPECT_EQ(p.url(), "http://127.0.0.1:4567/");
  EXPECT_FALSE(p.exited().has_value());
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(p.stop());  // sleep dies on SIGTERM
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 400ms);
  EXPECT_EQ(p.state(), adapter_state::stopped);
}

TEST(AdapterProcess, WritesThePolicyAndReplacesThePlaceholder) {
  // exit 3 = not expressible; the reason is its standard error: here the policy text itself.
  adapter_process p("cat {policy} >&2; exit 3", R"({"allow_origins":["*"]})", quick());
  EXPECT_EQ(p.state(), adapter_state::not_expressible);
  EXPECT_EQ(p.message(), R"({"allow_origins":["*"]})");
  // Without {policy}, the path is the last argument.
  adapter_process q("sh -c 'cat \"$0\" >&2; exit 3'", "{\"x\":1}", quick());
  EXPECT_EQ(q.state(), adapter_state::not_expressible);
  EXPECT_EQ(q.message(), "{\"x\":1}");
}

TEST(AdapterProcess, ClearErrorsNameTheCommandAndItsStderr) {
  adapter_process a("echo boom >&2; : {policy}; exit 1", "{}", quick());
  EXPECT_EQ(a.state(), adapter_state::failed);
  EXPECT_NE(a.message().find("--server-cmd 'echo boom >&2; : {policy}; exit 1': exited with status 1 before printing its port"),
            std::string::npos)
      << a.message();
  EXPECT_NE(a.message().find("| boom"), std::string::npos) << a.message();

  adapter_process b(": {policy}; echo hello", "{}", quick());
  EXPECT_EQ(b.state(), adapter_state::failed);
  EXPECT_NE(b.message().find("not a port number: \"hello\""), std::string::npos) << b.message();

  const auto t0 = std::chrono::steady_clock::now();
  adapter_process c(": {policy}; echo starting >&2; exec sleep 30", "{}", quick());
  EXPECT_EQ(c.state(), adapter_state::failed);
  EXPECT_NE(c.message().find("printed no port line within 1.5 s"), std::string::npos) << c.message();
  EXPECT_NE(c.message().find("| starting"), std::string::npos) << c.message();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 3s);

  adapter_process d("/nonexistent/adapter {policy}", "{}", quick());
  EXPECT_EQ(d.state(), adapter_state::failed);
  EXPECT_NE(d.message().find("exited with status 127"), std::string::npos) << d.message();
}

TEST(AdapterProcess, SigkillAfterTheGracePeriod) {
  adapter_process p(": {policy}; trap '' TERM; echo 4568; while true; do sleep 0.05; done", "{}", quick());
  ASSERT_EQ(p.state(), adapter_state::running) << p.message();
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_FALSE(p.stop());  // SIGKILL was needed
  const auto took = std::chrono::steady_clock::now() - t0;
  EXPECT_GE(took, 450ms);
  EXPECT_LT(took, 2s);
  EXPECT_TRUE(p.stop());  // idempotent
}

TEST(AdapterProcess, ShellQuote) {
  EXPECT_EQ(corsproof::audit::shell_quote("a b"), "'a b'");
  EXPECT_EQ(corsproof::audit::shell_quote("it's"), "'it'\\''s'");
}

}  // namespace

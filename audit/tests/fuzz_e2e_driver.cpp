// corsproof_fuzz_e2e — end-to-end test of `fuzz --http`: starts
// corsproof_test_server in a --break mode through the adapter interface
// (adapter_process, as --server-cmd does), fuzzes it with a fixed seed
// through the library, stops it, and checks what was found.
//
//   corsproof_fuzz_e2e --server PATH --policy P.json --break MODE --seed N --requests N
//                      [--expect 'SEVERITY CODE KIND' [--minimal 'METHOD|Name: value|...']]...
//                      [--within N] [--expect-clean] [--twice]
//
// --expect: a distinct finding with that severity, code and request kind
//           (actual, preflight) was found;
// --minimal: ... and the preceding --expect's finding shrank to exactly
//           this request (method, then each header "Name: value", in order);
// --within N: each expected finding was first hit by one of the first N
//           generated requests (the budget);
// --expect-clean: no finding and no failure at all, every request answered;
// --twice: run a second time against a fresh server and require the same
//           requests, findings, first hits and minimal requests (determinism).
// Exit 0 when every expectation holds, 1 otherwise, 2 on setup trouble.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "corsproof/fuzz.hpp"
#include "corsproof/policy_json.hpp"
#include "corsproof/server_cmd.hpp"

namespace {

struct expectation {
  std::string key;      // "error grants-denied-request preflight"
  std::string minimal;  // "" or "OPTIONS|Origin: ...|..."
};

std::string key_of(const corsproof::audit::fuzz_finding& f) {
  return std::string(corsproof::audit::to_string(f.level)) + " " + f.code + " " +
         std::string(corsproof::to_string(f.kind));
}

std::string spelled(const corsproof::audit::probe& r) {
  std::string s = r.method;
  for (const auto& [n, v] : r.headers) s += "|" + n + ": " + v;
  return s;
}

std::size_t number(const std::string& id) {  // "g123" -> 123
  return id.size() > 1 ? static_cast<std::size_t>(std::stoul(id.substr(1))) : 0;
}

int usage() {
  std::cerr << "usage: corsproof_fuzz_e2e --server PATH --policy P.json --break MODE --seed N --requests N "
               "[--expect 'SEVERITY CODE KIND' [--minimal 'METHOD|Name: value|...']]... [--within N] "
               "[--expect-clean] [--twice]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string server, policy_path, mode = "none";
  std::uint64_t seed = 1;
  std::size_t requests = 2000, within = 0;
  bool clean = false, twice = false;
  std::vector<expectation> expected;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--expect-clean") clean = true;
    else if (a == "--twice") twice = true;
    else if (i + 1 < argc && a == "--server") server = argv[++i];
    else if (i + 1 < argc && a == "--policy") policy_path = argv[++i];
    else if (i + 1 < argc && a == "--break") mode = argv[++i];
    else if (i + 1 < argc && a == "--seed") seed = std::stoull(argv[++i]);
    else if (i + 1 < argc && a == "--requests") requests = std::stoul(argv[++i]);
    else if (i + 1 < argc && a == "--within") within = std::stoul(argv[++i]);
    else if (i + 1 < argc && a == "--expect") expected.push_back({argv[++i], ""});
    else if (i + 1 < argc && a == "--minimal" && !expected.empty()) expected.back().minimal = argv[++i];
    else return usage();
  }
  if (server.empty() || policy_path.empty()) return usage();
  const auto parsed = corsproof::policy_json::read_file(policy_path);
  if (!parsed.ok()) {
    std::cerr << policy_path << ": " << parsed.error << "\n";
    return 2;
  }
  auto compiled = corsproof::compile_policy(*parsed.value);
  if (!compiled.ok()) return 2;
  std::ifstream in(policy_path);
  std::stringstream text;
  text << in.rdbuf();

  auto run = [&](corsproof::audit::fuzz_report& out) -> bool {
    corsproof::audit::adapter_process p(
        corsproof::audit::shell_quote(server) + " --break " + mode + " --lifetime 60 {policy}", text.str());
    if (p.state() != corsproof::audit::adapter_state::running) {
      std::cerr << p.message() << "\n";
      return false;
    }
    corsproof::audit::fuzz_options o;
    o.seed = seed;
    o.max_requests = requests;
    o.max_time = std::chrono::milliseconds(120000);
    out = corsproof::audit::run_fuzz(p.url(), *compiled.value, *parsed.value, o);
    p.stop();
    return out.refused.empty() && out.unreachable.empty();
  };

  corsproof::audit::fuzz_report report;
  if (!run(report)) {
    std::cerr << "the run did not happen: " << report.refused << report.unreachable << "\n";
    return 2;
  }
  std::cout << "# --break " << mode << " --seed " << seed << "\n" << corsproof::audit::render_fuzz_text(report);

  bool ok = true;
  auto fail = [&ok](const std::string& why) {
    std::cout << "FAIL: " << why << "\n";
    ok = false;
  };
  if (report.requests != requests) fail("sent " + std::to_string(report.requests) + " requests, not " + std::to_string(requests));
  if (clean) {
    if (!report.findings.empty()) fail(std::to_string(report.findings.size()) + " findings against the conforming server");
    if (report.failed() != 0) fail(std::to_string(report.failed()) + " requests without an answer");
  }
  for (const auto& e : expected) {
    const corsproof::audit::fuzz_finding* found = nullptr;
    for (const auto& f : report.findings)
      if (key_of(f) == e.key) found = &f;
    if (found == nullptr) {
      fail("no finding \"" + e.key + "\"");
      continue;
    }
    const std::size_t first = number(found->first.request.id);
    std::cout << "found \"" << e.key << "\" first at request " << first << ", shrunk in " << found->shrink_steps
              << " steps (" << found->shrink_requests << " requests) to: " << spelled(found->minimal.request) << "\n";
    if (within != 0 && first > within)
      fail("\"" + e.key + "\" first found at request " + std::to_string(first) + ", beyond the budget of " +
           std::to_string(within));
    if (!found->shrink_complete) fail("\"" + e.key + "\": shrinking did not finish");
    if (!e.minimal.empty() && spelled(found->minimal.request) != e.minimal)
      fail("\"" + e.key + "\" shrank to\n    " + spelled(found->minimal.request) + "\n  expected\n    " + e.minimal);
  }
  if (twice) {
    corsproof::audit::fuzz_report again;
    if (!run(again)) return 2;
    if (again.requests != report.requests) fail("second run: another number of requests");
    if (again.findings.size() != report.findings.size()) fail("second run: another number of findings");
    for (std::size_t i = 0; i < report.findings.size() && i < again.findings.size(); ++i) {
      const auto& a = report.findings[i];
      const auto& b = again.findings[i];
      if (key_of(a) != key_of(b) || a.hits != b.hits || a.first.request.id != b.first.request.id ||
          spelled(a.minimal.request) != spelled(b.minimal.request) || a.minimal.headers != b.minimal.headers)
        fail("second run: finding " + key_of(a) + " differs (" + spelled(b.minimal.request) + ")");
    }
    if (ok) std::cout << "second run: same requests, findings, first hits and minimal requests\n";
  }
  std::cout << (ok ? "PASS" : "FAIL") << "\n";
  return ok ? 0 : 1;
}

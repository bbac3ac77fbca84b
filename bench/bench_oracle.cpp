// bench_oracle.cpp — the oracle's line handler (cli/src/oracle.hpp) on one
// typical case of each mode, as bench/gen_cases.py writes them: reading the
// case (simdjson On-Demand), the policy cache (a hit: the policy repeats),
// the core, writing the answer. BM_OracleRead is the reading alone. Together
// with BM_ServerPreflight_* they show what share of `corsproof eval`'s time
// per case is JSON. Built when the CLI is (CORSPROOF_CLI=ON).
#include <benchmark/benchmark.h>

#include <string>
#include <string_view>

#include "case_reader.hpp"
#include "common.hpp"
#include "oracle.hpp"

namespace {

using corsproof::cli::answer;
using corsproof::cli::case_object;
using corsproof::cli::case_reader;
using corsproof::cli::oracle;
using corsproof_bench::alloc_meter;

constexpr std::string_view ua =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";

// An allowed credentialed preflight from the "null" origin (server mode).
std::string server_line() {
  return corsproof_bench::cat(
      R"({"id":"s1","mode":"server","policy":{"allow_origins":["https://app.site15.example","http://localhost:3000",)",
      R"("null"],"allow_methods":["GET","HEAD","POST","PUT"],"allow_headers":["content-type","x-api-key",)",
      R"("authorization","x-request-id"],"allow_credentials":true,"max_age":5,"preflight_status":200},)",
      R"("request":{"method":"OPTIONS","headers":[["Host","api.example.com"],["User-Agent",")", ua,
      R"("],["Accept","*/*"],["Accept-Language","en-US,en;q=0.9"],["Accept-Encoding","gzip, deflate, br, zstd"],)",
      R"(["Sec-Fetch-Mode","cors"],["Sec-Fetch-Site","cross-site"],["Sec-Fetch-Dest","empty"],["Origin","null"],)",
      R"(["Access-Control-Request-Method","PUT"],["Access-Control-Request-Headers","content-type,x-api-key"]]}})");
}

// A POST with an API key: preflight (refused: x-api-key not allowed) and response.
std::string browser_line() {
  return corsproof_bench::cat(
      R"({"id":"b1","mode":"browser","request":{"origin":"https://app8.example","url":)",
      R"("https://api.example.com/v1/items/9325?expand=owner","method":"post","headers":[["Accept",)",
      R"("application/json"],["Content-Type","application/json"],["X-Api-Key","k-7563276100"]],"credentials":"omit"},)",
      R"("preflight_response":{"status":204,"headers":[["Date","Tue, 01 Jul 2025 12:00:00 GMT"],["Server","nginx"],)",
      R"(["Access-Control-Allow-Origin","https://app8.example"],["Access-Control-Allow-Methods","*"],)",
      R"(["Access-Control-Allow-Headers","content-type"],["Access-Control-Max-Age","abc"],["Vary",)",
      R"("Origin, Access-Control-Request-Method, Access-Control-Request-Headers"],["Content-Length","0"]]},)",
      R"("response":{"status":200,"headers":[["Date","Tue, 01 Jul 2025 12:00:00 GMT"],["Server","nginx"],)",
      R"(["Access-Control-Allow-Origin","https://app8.example"],["Content-Type","application/json"],)",
      R"(["Content-Length","51103"],["Cache-Control","no-store"],["X-Request-Id","c4647159c324c9859b810e766ec9d286"],)",
      R"(["ETag","\"008a05a6\""],["Vary","Origin"],["Access-Control-Expose-Headers","x-request-id"],)",
      R"(["Set-Cookie","sid=b2221a58; Secure; HttpOnly"]]}})");
}

// A `*` server's answer to a preflight with an unlisted header (audit mode).
std::string audit_line() {
  return corsproof_bench::cat(
      R"({"id":"a2","mode":"audit","policy":{"allow_origins":["*"],"allow_methods":["GET","HEAD","POST","PUT",)",
      R"("DELETE","PATCH"],"allow_headers":["content-type","x-api-key","authorization","x-request-id",)",
      R"("x-csrf-token"],"max_age":3600,"allow_private_network":true},"request":{"method":"OPTIONS","headers":)",
      R"([["Host","api.example.com"],["User-Agent",")", ua,
      R"("],["Accept","*/*"],["Accept-Language","en-US,en;q=0.9"],["Accept-Encoding","gzip, deflate, br, zstd"],)",
      R"(["Sec-Fetch-Mode","cors"],["Sec-Fetch-Site","cross-site"],["Sec-Fetch-Dest","empty"],)",
      R"(["Origin","https://anyone3.example.net"],["Access-Control-Request-Method","PUT"],)",
      R"(["Access-Control-Request-Headers","content-type,x-not-listed-5"]]},"observed":{"status":204,"headers":)",
      R"([["Date","Tue, 01 Jul 2025 12:00:00 GMT"],["Server","nginx"],["Access-Control-Allow-Origin","*"],)",
      R"(["Access-Control-Allow-Methods","GET, HEAD, POST, PUT, DELETE, PATCH"],)",
      R"(["Access-Control-Allow-Headers","content-type"],["Access-Control-Max-Age","3600"],)",
      R"(["Content-Length","0"]]}})");
}

// Protocol 1.1, a redirect chain of 3 hops with one preflight: a JSON POST
// to the page's own origin (basic) is sent on by a 307 to the API (CORS:
// preflighted for its Content-Type), which answers 303 to a CDN (the body
// and Content-Type go, the method becomes GET, the chain is tainted: the
// CDN sees Origin: null and answers `*`).
std::string chain_line() {
  return corsproof_bench::cat(
      R"({"id":"c1","mode":"browser","request":{"origin":"https://app8.example","url":)",
      R"("https://app8.example/upload/9325","method":"POST","headers":[["Accept","application/json"],)",
      R"(["Content-Type","application/json"]],"credentials":"same-origin"},"hops":[)",
      R"({"response":{"status":307,"headers":[["Date","Tue, 01 Jul 2025 12:00:00 GMT"],["Server","nginx"],)",
      R"(["Location","https://api.example.com/v1/upload/9325"],["Content-Length","0"]]}},)",
      R"({"url":"https://api.example.com/v1/upload/9325","preflight_response":{"status":204,"headers":[)",
      R"(["Date","Tue, 01 Jul 2025 12:00:00 GMT"],["Server","nginx"],)",
      R"(["Access-Control-Allow-Origin","https://app8.example"],["Access-Control-Allow-Methods","POST, PUT"],)",
      R"(["Access-Control-Allow-Headers","content-type"],["Access-Control-Max-Age","600"],["Vary",)",
      R"("Origin, Access-Control-Request-Method, Access-Control-Request-Headers"],["Content-Length","0"]]},)",
      R"("response":{"status":303,"headers":[["Date","Tue, 01 Jul 2025 12:00:00 GMT"],["Server","nginx"],)",
      R"(["Access-Control-Allow-Origin","https://app8.example"],["Vary","Origin"],)",
      R"(["Location","https://cdn.example.net/results/9325?sig=c4647159c324"],["Content-Length","0"]]}},)",
      R"({"response":{"status":200,"headers":[["Date","Tue, 01 Jul 2025 12:00:00 GMT"],["Server","cdn"],)",
      R"(["Access-Control-Allow-Origin","*"],["Content-Type","application/json"],["Content-Length","1311"],)",
      R"(["Cache-Control","max-age=60"],["X-Request-Id","c4647159c324c9859b810e766ec9d286"]]}}]})");
}

// The line followed by the padding the line reader guarantees: a view of the
// line into `storage`.
std::string_view padded(const std::string& text, std::string& storage) {
  storage = text + std::string(corsproof::cli::line_padding, ' ');
  return std::string_view(storage.data(), text.size());
}

void answer_bench(benchmark::State& state, const std::string& text, std::string_view expected) {
  std::string storage;
  const std::string_view line = padded(text, storage);
  oracle o;
  const answer first = o.answer_line(line, 1, true);
  if (first.bad() || first.json != expected) {
    state.SkipWithError(("unexpected answer: " + std::string(first.json)).c_str());
    return;
  }
  const alloc_meter meter;
  for (auto _ : state) {
    const answer a = o.answer_line(line, 1, true);
    benchmark::DoNotOptimize(a.json.data());
  }
  meter.report(state);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(line.size()));
}

void BM_OracleAnswer_Server(benchmark::State& state) {
  answer_bench(state, server_line(),
               R"({"id":"s1","kind":"preflight","allowed":true,"reason":"ok","status":200,"headers":[)"
               R"(["Access-Control-Allow-Origin","null"],["Access-Control-Allow-Credentials","true"],)"
               R"(["Access-Control-Allow-Methods","PUT"],["Access-Control-Allow-Headers","content-type, x-api-key"],)"
               R"(["Access-Control-Max-Age","5"],["Vary","Origin, Access-Control-Request-Method, )"
               R"(Access-Control-Request-Headers"]]})");
}
BENCHMARK(BM_OracleAnswer_Server);

void BM_OracleAnswer_Browser(benchmark::State& state) {
  answer_bench(state, browser_line(),
               R"({"id":"b1","needs_preflight":true,"preflight":{"method":"POST","request_headers":)"
               R"("content-type,x-api-key","ok":false,"error":"header-not-allowed","max_age":null},)"
               R"("cors_check":null,"exposed_headers":null,"outcome":"blocked-preflight"})");
}
BENCHMARK(BM_OracleAnswer_Browser);

void BM_OracleAnswer_Audit(benchmark::State& state) {
  answer_bench(state, audit_line(), R"({"id":"a2","conforms":true,"findings":[]})");
}
BENCHMARK(BM_OracleAnswer_Audit);

// Three hop records, the preflight and the cache: the answer is about 1.5 KB.
void BM_OracleAnswer_Chain(benchmark::State& state) {
  answer_bench(state, chain_line(),
    R"({"id":"c1","needs_preflight":false,"preflight":null,"cors_check":{"ok":true,"error":null},)"
    R"("exposed_headers":["cache-control","content-language","content-length","content-type","expires",)"
    R"("last-modified","pragma"],"outcome":"allowed","error_hop":null,)"
    R"("final":{"url":"https://cdn.example.net/results/9325?sig=c4647159c324","redirect_count":2,)"
    R"("status":200,"type":"cors"},"hops":[{"url":"https://app8.example/upload/9325","method":"POST",)"
    R"("origin_header":"https://app8.example","tainting":"basic","credentials_sent":true,)"
    R"("removed_headers":[],"preflight":null,"status":307,"cors_check":null,)"
    R"("redirect":{"location":"https://api.example.com/v1/upload/9325","followed":true,"error":null}},)"
    R"({"url":"https://api.example.com/v1/upload/9325","method":"POST",)"
    R"("origin_header":"https://app8.example","tainting":"cors","credentials_sent":false,)"
    R"("removed_headers":[],"preflight":{"method":"POST","request_headers":"content-type","ok":true,)"
    R"("error":null,"max_age":600,"cache":"miss"},"status":303,"cors_check":{"ok":true,"error":null},)"
    R"("redirect":{"location":"https://cdn.example.net/results/9325?sig=c4647159c324","followed":true,)"
    R"("error":null}},{"url":"https://cdn.example.net/results/9325?sig=c4647159c324","method":"GET",)"
    R"("origin_header":"null","tainting":"cors","credentials_sent":false,)"
    R"("removed_headers":["content-type"],"preflight":null,"status":200,"cors_check":{"ok":true,)"
    R"("error":null},"redirect":null}]})");
}
BENCHMARK(BM_OracleAnswer_Chain);

void read_bench(benchmark::State& state, const std::string& text) {
  std::string storage;
  const std::string_view line = padded(text, storage);
  case_reader reader;
  case_object c;
  if (!reader.read(line, true, c) || c.request.kind != corsproof::cli::json_kind::object) {
    state.SkipWithError("the case was not read");
    return;
  }
  const alloc_meter meter;
  for (auto _ : state) {
    const bool ok = reader.read(line, true, c);
    benchmark::DoNotOptimize(ok);
  }
  meter.report(state);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(line.size()));
}

void BM_OracleRead_Server(benchmark::State& state) { read_bench(state, server_line()); }
BENCHMARK(BM_OracleRead_Server);

void BM_OracleRead_Browser(benchmark::State& state) { read_bench(state, browser_line()); }
BENCHMARK(BM_OracleRead_Browser);

void BM_OracleRead_Chain(benchmark::State& state) { read_bench(state, chain_line()); }
BENCHMARK(BM_OracleRead_Chain);

// A browser case whose request is followed by `n` compact responses (each
// `"response":{"status":0,"headers":[]}`) and then a member no text path
// reads: after every one of those lists the text could run to the line's
// end, and it does not. Each list used to read all the responses after it
// again (quadratic: 1.26 s for 20,000); the reader now remembers where that
// failed. /24000 is 888 KB, near the 1 MiB a line may have; 4x the input
// should take about 4x the time.
std::string many_responses_line(std::size_t n) {
  std::string line =
      R"({"id":"m","mode":"browser","request":{"origin":"https://a.example","url":"https://b.example/",)"
      R"("method":"GET","headers":[]})";
  for (std::size_t i = 0; i < n; ++i) line += R"(,"response":{"status":0,"headers":[]})";
  return line + R"(,"x":1})";
}
void BM_OracleRead_ManyResponses(benchmark::State& state) {
  read_bench(state, many_responses_line(static_cast<std::size_t>(state.range(0))));
}
BENCHMARK(BM_OracleRead_ManyResponses)->Arg(6000)->Arg(24000)->Unit(benchmark::kMicrosecond);

}  // namespace

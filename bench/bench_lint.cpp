// corsproof lint on long policies (lint/): the 65,536-entry policy is the
// bound (max_policy_origins). Linearity: the /65536 policy is four times the
// /16384 one. Lint allocates (findings are strings); `allocs` is reported,
// not a target. BM_CompilePolicy: compile_policy alone on the same policies.
// BM_LintPublicSuffixFloor: libpsl alone, asked what lint must ask it about
// every entry of the same policies.
#include <libpsl.h>

#include <string>
#include <vector>

#include "common.hpp"
#include "corsproof/lint.hpp"
#include "corsproof/origin.hpp"
#include "corsproof/origin_pattern.hpp"

namespace {

using namespace corsproof_bench;

// n distinct exact origins (valid, so every entry is linted).
corsproof::policy_config lint_exact(std::size_t n) { return exact_config(n); }

// n exact origins that are all http:// (one finding each) and repeat every
// origin once (n / 2 duplicate-entry findings).
corsproof::policy_config lint_findings(std::size_t n) {
  corsproof::policy_config c = base_config();
  for (std::size_t i = 0; i < n; ++i) c.allow_origins.push_back(cat("http://app", std::to_string(i / 2), ".example.com"));
  return c;
}

// n wildcard entries.
corsproof::policy_config lint_wildcards(std::size_t n) { return wildcard_config(n); }

template <corsproof::policy_config (*Make)(std::size_t)>
void BM_Lint(benchmark::State& state) {
  const corsproof::policy_config cfg = Make(static_cast<std::size_t>(state.range(0)));
  if (!corsproof::compile_policy(cfg).ok()) {
    state.SkipWithError("the policy does not compile");
    return;
  }
  alloc_meter meter;
  for (auto _ : state) {
    auto findings = corsproof::lint::lint_policy(cfg);
    benchmark::DoNotOptimize(findings);
  }
  meter.report(state);
  state.counters["entries"] = static_cast<double>(cfg.allow_origins.size());
}
BENCHMARK_TEMPLATE(BM_Lint, lint_exact)->Arg(16384)->Arg(65536)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_Lint, lint_findings)->Arg(16384)->Arg(65536)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_Lint, lint_wildcards)->Arg(16384)->Arg(65536)->Unit(benchmark::kMillisecond);

// What lint does first, and cannot skip: compile_policy on the same policy
// (lint reports a policy the core refuses as invalid-policy). At the bound
// this alone is lint's floor; bench/results.py prints it beside the lint
// rows. Compilation allocates (the policy's tables).
template <corsproof::policy_config (*Make)(std::size_t)>
void BM_CompilePolicy(benchmark::State& state) {
  const corsproof::policy_config cfg = Make(static_cast<std::size_t>(state.range(0)));
  alloc_meter meter;
  for (auto _ : state) {
    corsproof::policy_result r = corsproof::compile_policy(cfg);
    if (!r.ok()) {
      state.SkipWithError("the policy does not compile");
      return;
    }
    benchmark::DoNotOptimize(r);
  }
  meter.report(state);
  state.counters["entries"] = static_cast<double>(cfg.allow_origins.size());
}
BENCHMARK_TEMPLATE(BM_CompilePolicy, lint_exact)->Arg(16384)->Arg(65536)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_CompilePolicy, lint_wildcards)->Arg(16384)->Arg(65536)->Unit(benchmark::kMillisecond);

// The other floor under lint's rows: the Public Suffix List. Lint must ask,
// for every distinct host it is given, whether that host is itself a
// shared-hosting suffix (a private-section PSL entry: "third-party-hosting-
// origin"), and for every wildcard entry whether its suffix is a public
// suffix ("wildcard-over-public-suffix"). For a wildcard the second
// question comes first and its "no" answers the first one too (lint_host in
// lint/src/lint.cpp; a lint test checks the implication on the whole list),
// so the private-section question is asked only after a "yes". The parents
// of the hosts ("example.com") are asked once per run and left out here.
// The brief has libpsl answer these (no hand-written PSL), so this row times
// libpsl's psl_is_public_suffix2 on the same hosts, called directly from C
// strings made outside the loop: no corsproof code at all.
template <corsproof::policy_config (*Make)(std::size_t)>
void BM_LintPublicSuffixFloor(benchmark::State& state) {
  const corsproof::policy_config cfg = Make(static_cast<std::size_t>(state.range(0)));
  std::vector<std::string> hosts;
  bool wildcards = false;
  for (const std::string& entry : cfg.allow_origins) {
    if (corsproof::classify_origin_entry(entry) == corsproof::origin_entry_kind::wildcard) {
      const corsproof::origin_pattern_result p = corsproof::parse_origin_pattern(entry);
      if (p.ok()) hosts.emplace_back(p.value->suffix);
      wildcards = true;
    } else {
      const corsproof::origin_parse_result r = corsproof::parse_serialized_origin(entry);
      if (r.ok()) hosts.emplace_back(r.origin.host);
    }
  }
  const psl_ctx_t* psl = psl_builtin();
  if (psl == nullptr || hosts.size() != cfg.allow_origins.size()) {
    state.SkipWithError(psl == nullptr ? "libpsl has no built-in list" : "an entry did not parse");
    return;
  }
  constexpr int private_section = PSL_TYPE_PRIVATE | PSL_TYPE_NO_STAR_RULE;
  std::size_t lookups = 0;
  for (auto _ : state) {
    int answers = 0;
    lookups = 0;
    for (const std::string& h : hosts) {
      ++lookups;
      if (!wildcards) {
        answers += psl_is_public_suffix2(psl, h.c_str(), private_section);
      } else if (psl_is_public_suffix2(psl, h.c_str(), PSL_TYPE_ANY) != 0) {
        ++lookups;
        answers += 1 + psl_is_public_suffix2(psl, h.c_str(), private_section);
      }
    }
    benchmark::DoNotOptimize(answers);
  }
  state.counters["entries"] = static_cast<double>(hosts.size());
  state.counters["lookups"] = static_cast<double>(lookups);
}
BENCHMARK_TEMPLATE(BM_LintPublicSuffixFloor, lint_exact)->Arg(16384)->Arg(65536)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_LintPublicSuffixFloor, lint_wildcards)->Arg(16384)->Arg(65536)->Unit(benchmark::kMillisecond);

}  // namespace

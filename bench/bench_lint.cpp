// corsproof lint on long policies (lint/): the 65,536-entry policy is the
// bound (max_policy_origins). Linearity: the /65536 policy is four times the
// /16384 one. Lint allocates (findings are strings); `allocs` is reported,
// not a target. BM_CompilePolicy: compile_policy alone on the same policies.
#include <string>

#include "common.hpp"
#include "corsproof/lint.hpp"

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

}  // namespace

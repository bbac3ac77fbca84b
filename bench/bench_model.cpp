// The reference model (properties/model, corsproof_model::server_answer) on
// the same preflight workload as BM_ServerPreflight_Exact, so one run of the
// suite gives the core/model ratio. Built only when the corsproof_model
// target exists. The model allocates by design: its `allocs` is reported,
// not a target.
#include <corsproof_bridge/bridge.hpp>
#include <corsproof_model/model.hpp>

#include "common.hpp"

namespace {

using namespace corsproof_bench;

corsproof_model::ServerRequest to_model(const owned_request& r) {
  corsproof_model::ServerRequest m;
  m.method = r.method();
  for (const auto& [n, v] : r.headers().pairs()) m.headers.push_back({n, v});
  return m;
}

void run_model(benchmark::State& state, const corsproof::policy_config& config, const owned_request& r,
               bool allowed, const char* reason) {
  const corsproof_model::Policy p = corsproof_bridge::to_model_policy(config);
  if (auto err = corsproof_model::validate_policy(p)) {
    state.SkipWithError("the model refuses the policy");
    return;
  }
  const corsproof_model::ServerRequest req = to_model(r);
  {
    const corsproof_model::ServerAnswer a = corsproof_model::server_answer(p, req);
    if (a.allowed != allowed || a.reason != reason) {
      state.SkipWithError("unexpected model answer");
      return;
    }
  }
  alloc_meter meter;
  for (auto _ : state) {
    corsproof_model::ServerAnswer a = corsproof_model::server_answer(p, req);
    benchmark::DoNotOptimize(a);
  }
  meter.report(state);
}

// Same policy and request as BM_ServerPreflight_Exact/N.
void BM_ModelServerPreflight_Exact(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto r = preflight(exact_origin(n / 2));
  run_model(state, make_config(policy_kind::exact, n), *r, true, "ok");
}
BENCHMARK(BM_ModelServerPreflight_Exact)->Arg(16)->Arg(4096);

// Same as BM_ServerPreflight_Regex/8.
void BM_ModelServerPreflight_Regex(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto r = preflight(cat("https://app.tenant", std::to_string(n - 1), ".example.org"));
  run_model(state, make_config(policy_kind::regex, n), *r, true, "ok");
}
BENCHMARK(BM_ModelServerPreflight_Regex)->Arg(8);

// Same as BM_ServerPreflight_DeniedHeader.
void BM_ModelServerPreflight_DeniedHeader(benchmark::State& state) {
  const auto r = preflight(exact_origin(8), "PUT", "content-type,x-secret");
  run_model(state, make_config(policy_kind::exact, 16), *r, false, "header-not-allowed");
}
BENCHMARK(BM_ModelServerPreflight_DeniedHeader);

}  // namespace

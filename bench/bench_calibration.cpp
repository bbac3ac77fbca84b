// BM_Calibration_FixedWork: the machine, not corsproof. A fixed amount of
// integer work (a multiply-xorshift mix over 16 KiB that stays in the L1
// cache) that shares no code with corsproof and never changes. Its time
// moves only when the machine's speed does (a VM's neighbours, frequency):
// results.py compare prints its change beside a baseline's, so that a run
// whose every row moved by about as much can be told from a regression.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>

namespace {

void BM_Calibration_FixedWork(benchmark::State& state) {
  static const std::array<std::uint64_t, 2048> data = [] {
    std::array<std::uint64_t, 2048> a{};
    std::uint64_t x = 0x9E3779B97F4A7C15ULL;
    for (std::uint64_t& e : a) {  // xorshift64
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      e = x;
    }
    return a;
  }();
  for (auto _ : state) {
    std::uint64_t h = 0;
    for (const std::uint64_t w : data) {
      h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
      h ^= h >> 31;
    }
    benchmark::DoNotOptimize(h);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(data.size()));
}
BENCHMARK(BM_Calibration_FixedWork);

}  // namespace

// BM_Calibration_FixedWork: the machine, not corsproof. A fixed amount of
// integer work that shares no code with corsproof and never changes: four
// independent mixing lanes over 16 KiB that stays in the L1 cache, so that,
// like corsproof's hot paths, it runs several instructions a cycle. Its time
// moves only when the machine's speed does: results.py compare prints its
// change beside a baseline's, so that a run whose rows all moved can be told
// from a regression. It is a rough guide (bench/README.md, "Running"): in
// the spells of a busy neighbour seen on this project's VMs it moved less
// than corsproof's rows did, and a loop of one dependent multiply after
// another (one instruction a cycle) did not move at all: what a shared core
// slows down most is code that issues many instructions at once.
#include <benchmark/benchmark.h>

#include <array>
#include <bit>
#include <cstddef>
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
    std::uint64_t a = 1, b = 2, c = 3, d = 4;
    for (std::size_t i = 0; i < data.size(); i += 4) {
      a = std::rotl(a ^ data[i], 5) + data[i + 3];
      b = std::rotl(b + data[i + 1], 7) ^ data[i + 2];
      c = (c ^ data[i + 2]) + (c << 3);
      d = std::rotl(d + data[i + 3], 11) ^ data[i];
    }
    benchmark::DoNotOptimize(a);
    benchmark::DoNotOptimize(b);
    benchmark::DoNotOptimize(c);
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(data.size()));
}
BENCHMARK(BM_Calibration_FixedWork);

}  // namespace

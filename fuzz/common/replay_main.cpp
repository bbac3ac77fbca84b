// fuzz/common/replay_main.cpp — runs a fuzz target without libFuzzer.
//
// Linked into every <target>_replay executable (any compiler, any sanitizer):
//
//   <target>_replay FILE_OR_DIR...
//
// Each file (directories: every regular file below them, in sorted order) is
// read into a heap buffer of exactly its size, so ASan sees a read past the
// end as it would under libFuzzer, and passed to LLVMFuzzerTestOneInput.
// Arguments starting with '-' are ignored (libFuzzer flags), so the same
// command line works for both builds. Exits 1 when no input was found: a
// replay test over a missing corpus must not pass silently.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

bool run_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "replay: cannot read %s\n", path.c_str());
    return false;
  }
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Exactly-sized heap copy (a vector may keep spare capacity ASan won't flag).
  std::unique_ptr<std::uint8_t[]> exact(new std::uint8_t[bytes.size() + (bytes.empty() ? 1 : 0)]);
  std::copy(bytes.begin(), bytes.end(), exact.get());
  std::fprintf(stderr, "replay: %s (%zu bytes)\n", path.c_str(), bytes.size());
  LLVMFuzzerTestOneInput(exact.get(), bytes.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t count = 0;
  bool ok = true;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (!arg.empty() && arg[0] == '-') continue;
    const fs::path path(arg);
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<fs::path> files;
      for (const auto& entry : fs::recursive_directory_iterator(path, ec))
        if (entry.is_regular_file()) files.push_back(entry.path());
      std::sort(files.begin(), files.end());
      for (const auto& f : files) count += run_file(f) ? 1 : 0;
    } else if (fs::is_regular_file(path, ec)) {
      count += run_file(path) ? 1 : 0;
    } else {
      std::fprintf(stderr, "replay: no such file or directory: %s\n", arg.c_str());
      ok = false;
    }
  }
  std::fprintf(stderr, "replay: %zu inputs ran without a failed check\n", count);
  if (count == 0) {
    std::fprintf(stderr, "replay: no inputs given (usage: %s FILE_OR_DIR...)\n", argc > 0 ? argv[0] : "replay");
    return 1;
  }
  return ok ? 0 : 1;
}

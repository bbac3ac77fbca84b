// cli/src/fuzz_cmd.hpp — `corsproof fuzz` and `corsproof replay`: their
// options (CLI11) and their runs. main.cpp registers them.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace corsproof::cli {

struct fuzz_command {
  CLI::App* app = nullptr;
  std::string url, server_cmd, policy_path, out_path;
  std::uint64_t seed = 0;
  bool seed_given = false;
  std::size_t requests = 5000;
  double seconds = 60;
  std::size_t concurrency = 4;
  std::size_t shrink_budget = 2000;
  double timeout = 2;
  bool json = false;
  std::vector<std::string> headers;
  [[nodiscard]] int run();
};

void add_fuzz_command(CLI::App& app, fuzz_command& cmd);

struct replay_command {
  CLI::App* app = nullptr;
  std::string server_cmd;
  bool self_test = false;
  bool all_methods = false;
  std::vector<std::string> vectors;
  std::vector<std::string> filters;
  std::size_t concurrency = 2;
  bool json = false;
  bool verbose = false;
  [[nodiscard]] int run();
};

void add_replay_command(CLI::App& app, replay_command& cmd);

// --server-cmd for `corsproof replay --self-test`: corsproof_test_server next
// to this program (the build tree's audit/ or the same directory), or
// $CORSPROOF_TEST_SERVER. "" when none is found.
[[nodiscard]] std::string self_test_server_cmd();

}  // namespace corsproof::cli

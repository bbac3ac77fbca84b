#include "check.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace corsproof_fuzz {

std::string case_context::describe_current() {
  if (current_ == nullptr || current_->call_ == nullptr) return {};
  return current_->call_(current_->object_);
}

void fail(const char* file, int line, const char* condition, std::string_view message) {
  // fwrite, not %s: messages quote input bytes, NUL included.
  std::fprintf(stderr, "\n==== corsproof fuzz check failed ====\n%s:%d: %s\n  ", file, line, condition);
  std::fwrite(message.data(), 1, message.size(), stderr);
  std::fputc('\n', stderr);
  const std::string context = case_context::describe_current();
  if (!context.empty()) {
    std::fputs("---- case ----\n", stderr);
    std::fwrite(context.data(), 1, context.size(), stderr);
    std::fputc('\n', stderr);
  }
  std::fflush(stderr);
  std::abort();
}

bool tolerated(std::string_view issue_id) {
  static const std::string list = [] {
    const char* v = std::getenv("CORSPROOF_FUZZ_TOLERATE");
    return v ? "," + std::string(v) + "," : std::string();
  }();
  return !list.empty() && list.find("," + std::string(issue_id) + ",") != std::string::npos;
}

void fail_known(const char* file, int line, const char* condition, std::string_view issue_id,
                std::string_view message) {
  const std::string m = std::string(message) + "\n  known issue " + std::string(issue_id) +
                        " (fuzz/README.md \"Known issues\"; CORSPROOF_FUZZ_TOLERATE=" + std::string(issue_id) +
                        " skips it)";
  fail(file, line, condition, m);
}

}  // namespace corsproof_fuzz

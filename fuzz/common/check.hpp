// fuzz/common/check.hpp — how a fuzz target states an invariant.
//
// FUZZ_CHECK(cond, "what must hold") aborts with the file, the line, the
// condition and the message, then prints the current case as registered with
// case_context (a protocol JSON line where one exists), so a crash report is
// enough to reproduce the disagreement without the fuzzer.
#pragma once

#include <string>
#include <string_view>

namespace corsproof_fuzz {

[[noreturn]] void fail(const char* file, int line, const char* condition, std::string_view message);

// Known core bugs awaiting a fix (fuzz/README.md "Known issues") have an id.
// FUZZ_CHECK_KNOWN fails like FUZZ_CHECK unless the environment variable
// CORSPROOF_FUZZ_TOLERATE lists the id (comma-separated), so that a long run
// can look for other bugs meanwhile. CI never sets it.
[[nodiscard]] bool tolerated(std::string_view issue_id);
[[noreturn]] void fail_known(const char* file, int line, const char* condition, std::string_view issue_id,
                             std::string_view message);

// Registers a callback that describes the case under test; fail() prints it.
// The description is only computed when a check fails.
class case_context {
 public:
  template <class F>
  explicit case_context(const F& describe) noexcept : previous_(current_) {
    current_ = this;
    object_ = &describe;
    call_ = [](const void* o) { return (*static_cast<const F*>(o))(); };
  }
  ~case_context() { current_ = previous_; }
  case_context(const case_context&) = delete;
  case_context& operator=(const case_context&) = delete;

  // The innermost registered description, or "" when none.
  static std::string describe_current();

 private:
  static inline thread_local case_context* current_ = nullptr;
  case_context* previous_;
  const void* object_ = nullptr;
  std::string (*call_)(const void*) = nullptr;
};

}  // namespace corsproof_fuzz

#define FUZZ_CHECK(cond, message)                                              \
  do {                                                                         \
    if (!(cond)) ::corsproof_fuzz::fail(__FILE__, __LINE__, #cond, (message)); \
  } while (0)

#define FUZZ_CHECK_KNOWN(cond, issue_id, message)                                                \
  do {                                                                                           \
    if (!(cond) && !::corsproof_fuzz::tolerated(issue_id))                                       \
      ::corsproof_fuzz::fail_known(__FILE__, __LINE__, #cond, (issue_id), (message));           \
  } while (0)

// corsproof_e2e_floor — what `corsproof eval FILE` costs before any CORS
// work: the part of a case's time that no change to the core, the policy
// cache or the answer writer can remove. bench/e2e.py runs it beside
// `corsproof eval` on the same file (--floor) and prints both rates.
//
//   corsproof_e2e_floor FILE ANSWER_BYTES > answers
//
// For every line of FILE, what eval does whatever the case says: the line
// reader's read(2)s and line splitting (cli/src/line_reader.hpp), the case
// reader's pass over the whole line (cli/src/case_reader.hpp: simdjson's
// stage 1, then the On-Demand walk that checks every value is JSON and keeps
// the members), and the write(2)s of an answer of ANSWER_BYTES bytes (the
// mean size of eval's answers to this file, newline included; e2e.py
// measures it), 64 KiB at a time as eval writes. No policy is compiled or
// looked up, no decision made, no answer formatted.
//
// Prints "N lines, M not read as cases" on standard error; exits 1 when a
// line was not a JSON object to the case reader (eval would have done more
// work on it than the floor: the file is not one gen_cases.py wrote), 2 on
// bad usage or an I/O error.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <system_error>

#include "case_reader.hpp"
#include "line_reader.hpp"
#include "oracle.hpp"
#include "process_memory.hpp"

namespace {

int usage(const char* why) {
  std::fprintf(stderr,
               "corsproof_e2e_floor: %s\n"
               "usage: corsproof_e2e_floor FILE ANSWER_BYTES\n"
               "  reads and checks every line of FILE as `corsproof eval` does and writes\n"
               "  ANSWER_BYTES bytes per line (newline included) to standard output,\n"
               "  without any CORS work (bench/e2e.py --floor)\n",
               why);
  return 2;
}

// Standard output, written 64 KiB at a time (as `corsproof eval` writes).
class sink {
 public:
  sink() { buffer_.reserve(capacity + max_answer); }
  void put(std::string_view s) {
    buffer_.append(s);
    if (buffer_.size() >= capacity) flush();
  }
  void flush() {
    for (std::size_t done = 0; done < buffer_.size();) {
      const ssize_t n = ::write(1, buffer_.data() + done, buffer_.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw std::system_error(errno, std::generic_category(), "write");
      done += static_cast<std::size_t>(n);
    }
    buffer_.clear();
  }
  static constexpr std::size_t capacity = 64 * 1024;
  static constexpr std::size_t max_answer = 1 << 20;

 private:
  std::string buffer_;
};

}  // namespace

int main(int argc, char** argv) {
  corsproof::cli::keep_freed_memory();  // as main() in cli/src/main.cpp
  if (argc != 3) return usage("expected two arguments");
  std::size_t answer_bytes = 0;
  const std::string_view bytes_arg(argv[2]);
  const auto parsed = std::from_chars(bytes_arg.data(), bytes_arg.data() + bytes_arg.size(), answer_bytes);
  if (parsed.ec != std::errc() || parsed.ptr != bytes_arg.data() + bytes_arg.size() || answer_bytes == 0 ||
      answer_bytes > sink::max_answer)
    return usage("ANSWER_BYTES must be a whole number from 1 to 1048576");
  const int fd = ::open(argv[1], O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    std::fprintf(stderr, "corsproof_e2e_floor: cannot open %s: %s\n", argv[1], std::strerror(errno));
    return 2;
  }
  std::string answer(answer_bytes - 1, 'x');
  answer.push_back('\n');

  try {
    sink out;
    // FILE is a regular file: read as eval reads one (no flush before a read).
    corsproof::cli::line_reader reader(fd, {}, corsproof::cli::regular_file_chunk);
    corsproof::cli::case_reader cases;
    corsproof::cli::case_object c;
    corsproof::cli::input_line l;
    std::size_t lines = 0;
    std::size_t unread = 0;
    while (reader.next(l)) {
      if (!l.too_large && corsproof::cli::is_blank_line(l.text)) continue;
      ++lines;
      // A line that is not a JSON object is answered from Boost.JSON's reading
      // of it: more work than the floor does, so the floor refuses the file.
      if (l.too_large || !cases.read(l.text, /*padded=*/true, c) || c.kind != corsproof::cli::json_kind::object)
        ++unread;
      out.put(answer);
    }
    out.flush();
    std::fprintf(stderr, "%zu lines, %zu not read as cases\n", lines, unread);
    return unread == 0 ? 0 : 1;
  } catch (const std::system_error& e) {
    std::fprintf(stderr, "corsproof_e2e_floor: %s\n", e.what());
    return 2;
  }
}

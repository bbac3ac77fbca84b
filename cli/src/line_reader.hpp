// cli/src/line_reader.hpp — JSON Lines input for the `corsproof` commands.
//
// Reads a file descriptor with read(2) into one buffer and hands out lines as
// views. A line is terminated by LF or by the end of input; a CR just before
// the LF is removed. Lines longer than max_line_bytes are not kept: the
// reader skips to their end and reports their length, so an endless line
// costs no memory. `before_read` runs before every read(2) that may block:
// the caller flushes its output there, so a driver that writes one case and
// waits for the answer never deadlocks, while a file still gets large writes.
//
// Every line handed out is followed in memory by at least line_padding
// readable bytes (of any value), so the oracle reads it in place
// (oracle::answer_line with `padded`).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>

namespace corsproof::cli {

struct input_line {
  std::string_view text;   // without the terminator; empty when too_large
  std::size_t number = 0;  // 1-based
  std::size_t bytes = 0;   // the line's length, terminator excluded
  bool too_large = false;  // longer than max_line_bytes: text was dropped
};

// One read(2) of a regular file: such a read never waits for a writer, so
// eval and check read one in larger steps and flush nothing before each
// (cli/src/main.cpp's reader_for; bench/e2e_floor.cpp reads as eval does).
inline constexpr std::size_t regular_file_chunk = 128 * 1024;

class line_reader {
 public:
  // `fd` is not owned. `chunk` is the size of one read(2).
  explicit line_reader(int fd, std::function<void()> before_read = {}, std::size_t chunk = 64 * 1024);

  // The next line, or false at the end of input. Throws std::system_error
  // when read(2) fails. The view is valid until the next call.
  bool next(input_line& line);

 private:
  // One read(2) into buffer_[end_..]; false at end of input.
  bool fill();
  int fd_;
  std::function<void()> before_read_;
  std::size_t chunk_;
  std::unique_ptr<char[]> buffer_;  // not zero-filled: only what is read is touched
  std::size_t size_ = 0;            // usable bytes; line_padding more are allocated
  std::size_t begin_ = 0;  // the first byte not handed out
  std::size_t scan_ = 0;   // no LF in [begin_, scan_)
  std::size_t end_ = 0;    // the end of the bytes read
  std::size_t number_ = 0;
  bool eof_ = false;
};

}  // namespace corsproof::cli

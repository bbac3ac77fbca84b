// cli/src/line_reader.cpp — see line_reader.hpp.
#include "line_reader.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

#include "oracle.hpp"

namespace corsproof::cli {

line_reader::line_reader(int fd, std::function<void()> before_read, std::size_t chunk)
    : fd_(fd), before_read_(std::move(before_read)), chunk_(chunk == 0 ? 1 : chunk) {
  // Room for a whole line of the maximum size, its CR LF, and one more read,
  // then the padding after the last line.
  size_ = max_line_bytes + 2 + chunk_;
  buffer_ = std::make_unique_for_overwrite<char[]>(size_ + line_padding);
}

bool line_reader::fill() {
  if (eof_) return false;
  if (before_read_) before_read_();
  std::size_t room = size_ - end_;
  if (room > chunk_) room = chunk_;
  for (;;) {
    const ssize_t n = ::read(fd_, buffer_.get() + end_, room);
    if (n > 0) {
      end_ += static_cast<std::size_t>(n);
      return true;
    }
    if (n == 0) {
      eof_ = true;
      return false;
    }
    if (errno != EINTR) throw std::system_error(errno, std::generic_category(), "read");
  }
}

bool line_reader::next(input_line& line) {
  for (;;) {
    if (const void* lf = std::memchr(buffer_.get() + scan_, '\n', end_ - scan_)) {
      const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(lf) - buffer_.get());
      std::size_t stop = at;
      if (stop > begin_ && buffer_[stop - 1] == '\r') --stop;
      line = input_line{std::string_view(buffer_.get() + begin_, stop - begin_), ++number_, stop - begin_, false};
      begin_ = scan_ = at + 1;
      return true;
    }
    scan_ = end_;

    if (end_ - begin_ > max_line_bytes + 1) {
      // Too long to keep even with a CR: count the rest of the line, keep nothing.
      std::size_t bytes = end_ - begin_;
      begin_ = scan_ = end_ = 0;
      for (;;) {
        if (!fill()) break;
        if (const void* lf = std::memchr(buffer_.get(), '\n', end_)) {
          const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(lf) - buffer_.get());
          bytes += at;
          if (at > 0 && buffer_[at - 1] == '\r') --bytes;
          begin_ = scan_ = at + 1;
          break;
        }
        bytes += end_;
        begin_ = scan_ = end_ = 0;
      }
      line = input_line{std::string_view(), ++number_, bytes, true};
      return true;
    }

    if (eof_) {
      if (begin_ == end_) return false;
      // The last line has no terminator.
      std::size_t stop = end_;
      if (buffer_[stop - 1] == '\r') --stop;
      line = input_line{std::string_view(buffer_.get() + begin_, stop - begin_), ++number_, stop - begin_, false};
      begin_ = scan_ = end_;
      return true;
    }

    // Keep the unread bytes at the front before reading more: they are at
    // most one partial line (no LF in them), and reading always into the
    // first chunk_ + one line of the buffer touches only those pages. (Moving
    // only when the room ran out walked every read through the whole 1 MiB,
    // and each first touch of a page is a page fault.)
    if (begin_ > 0) {
      std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
      scan_ -= begin_;
      end_ -= begin_;
      begin_ = 0;
    }
    if (begin_ == end_) begin_ = scan_ = end_ = 0;
    fill();
  }
}

}  // namespace corsproof::cli

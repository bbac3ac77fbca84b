// cli/tests/line_reader_test.cpp — JSON Lines input: terminators, CR LF, a
// last line without LF, lines over the limit, tiny reads.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "line_reader.hpp"
#include "oracle.hpp"

namespace {

using corsproof::cli::input_line;
using corsproof::cli::line_reader;
using corsproof::cli::max_line_bytes;

// A temporary file holding `content`, opened for reading.
class temp_input {
 public:
  explicit temp_input(const std::string& content) {
    char name[] = "/tmp/corsproof-line-reader-XXXXXX";
    fd_ = ::mkstemp(name);
    EXPECT_GE(fd_, 0);
    ::unlink(name);
    std::size_t done = 0;
    while (done < content.size()) {
      const ssize_t n = ::write(fd_, content.data() + done, content.size() - done);
      EXPECT_GT(n, 0);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    ::lseek(fd_, 0, SEEK_SET);
  }
  ~temp_input() { ::close(fd_); }
  temp_input(const temp_input&) = delete;
  temp_input& operator=(const temp_input&) = delete;
  [[nodiscard]] int fd() const { return fd_; }

 private:
  int fd_ = -1;
};

struct seen {
  std::string text;
  std::size_t number;
  std::size_t bytes;
  bool too_large;
  bool operator==(const seen&) const = default;
};

std::vector<seen> read_all(const std::string& content, std::size_t chunk, int* reads = nullptr) {
  temp_input in(content);
  line_reader r(in.fd(), [reads] { if (reads != nullptr) ++*reads; }, chunk);
  std::vector<seen> out;
  input_line l;
  while (r.next(l)) out.push_back({std::string(l.text), l.number, l.bytes, l.too_large});
  return out;
}

TEST(LineReader, SplitsOnLfAndStripsCrBeforeIt) {
  for (std::size_t chunk : {1U, 2U, 3U, 7U, 65536U}) {
    SCOPED_TRACE(chunk);
    const std::vector<seen> lines = read_all("a\nbc\r\n\n\r\nlast\r", chunk);
    const std::vector<seen> want = {
        {"a", 1, 1, false}, {"bc", 2, 2, false}, {"", 3, 0, false}, {"", 4, 0, false}, {"last", 5, 4, false}};
    EXPECT_EQ(lines, want);
  }
}

TEST(LineReader, EmptyInputHasNoLines) { EXPECT_TRUE(read_all("", 16).empty()); }

TEST(LineReader, LastLineWithoutTerminator) {
  const std::vector<seen> lines = read_all("x\ny", 4096);
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_EQ(lines[1], (seen{"y", 2, 1, false}));
}

TEST(LineReader, LineOfExactlyTheLimitIsKept) {
  const std::string big(max_line_bytes, 'a');
  for (std::size_t chunk : {4096U, 65536U}) {
    const std::vector<seen> lines = read_all(big + "\r\nnext\n" + big, chunk);
    ASSERT_EQ(lines.size(), 3U);
    EXPECT_FALSE(lines[0].too_large);
    EXPECT_EQ(lines[0].text.size(), max_line_bytes);
    EXPECT_EQ(lines[1], (seen{"next", 2, 4, false}));
    EXPECT_FALSE(lines[2].too_large);
    EXPECT_EQ(lines[2].bytes, max_line_bytes);
  }
}

TEST(LineReader, LongerLinesAreCountedNotKept) {
  const std::string big(3 * max_line_bytes + 5, 'b');
  for (std::size_t chunk : {4096U, 65536U, 1000000U}) {
    SCOPED_TRACE(chunk);
    const std::vector<seen> lines = read_all("first\n" + big + "\r\nafter\n" + big, chunk);
    const std::vector<seen> want = {{"first", 1, 5, false},
                                    {"", 2, big.size(), true},
                                    {"after", 3, 5, false},
                                    {"", 4, big.size(), true}};
    EXPECT_EQ(lines, want);
  }
  // One byte over the limit.
  const std::vector<seen> lines = read_all(std::string(max_line_bytes + 1, 'c') + "\nz\n", 65536);
  ASSERT_EQ(lines.size(), 2U);
  // Kept by the reader (it could still be followed by CR), refused by the oracle.
  EXPECT_EQ(lines[0].bytes, max_line_bytes + 1);
  EXPECT_EQ(lines[1].text, "z");
}

TEST(LineReader, CallsBeforeReadBeforeEveryRead) {
  int reads = 0;
  const std::vector<seen> lines = read_all("a\nb\nc\n", 2, &reads);
  EXPECT_EQ(lines.size(), 3U);
  EXPECT_GE(reads, 4);  // three chunks of two bytes and the end of input
}

}  // namespace

// Lines of every length from 0 to 300 bytes, twice over, read in chunks that
// end anywhere inside them: the unread part of a line is moved to the front
// of the buffer before each read, and every line comes out whole.
TEST(LineReader, LinesSplitAcrossReadsComeOutWhole) {
  std::string content;
  std::vector<std::string> expected;
  for (int round = 0; round < 2; ++round)
    for (std::size_t n = 0; n <= 300; ++n) {
      std::string line;
      for (std::size_t i = 0; i < n; ++i) line.push_back(static_cast<char>('a' + (n + i) % 26));
      content += line + (n % 3 == 0 ? "\r\n" : "\n");
      expected.push_back(line);
    }
  for (std::size_t chunk : {5U, 97U, 256U, 4096U, 65536U}) {
    SCOPED_TRACE(chunk);
    const std::vector<seen> lines = read_all(content, chunk);
    ASSERT_EQ(lines.size(), expected.size());
    for (std::size_t i = 0; i < lines.size(); ++i)
      ASSERT_EQ(lines[i], (seen{expected[i], i + 1, expected[i].size(), false})) << i;
  }
}

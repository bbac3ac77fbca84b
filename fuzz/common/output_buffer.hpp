// A caller-owned output buffer for the evaluation targets: exactly `size`
// bytes (a 0-byte buffer is a valid caller buffer), pre-filled so that an
// answer that depends on the buffer's previous bytes shows, and a test that
// a view points into it.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <span>
#include <string_view>

namespace corsproof_fuzz {

struct output_buffer {
  explicit output_buffer(std::size_t n, char fill) : size(n), bytes(new char[n == 0 ? 1 : n]) {
    std::memset(bytes.get(), fill, n == 0 ? 1 : n);
  }
  std::span<char> span() const { return {bytes.get(), size}; }
  // True when the view is empty or lies inside the buffer.
  bool holds(std::string_view v) const {
    return v.empty() || (v.data() >= bytes.get() && v.data() + v.size() <= bytes.get() + size);
  }
  std::size_t size;
  std::unique_ptr<char[]> bytes;
};

}  // namespace corsproof_fuzz

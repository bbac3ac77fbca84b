// lint/src/flat_string_set.hpp: the set lint's duplicate checks and its
// one-finding-per-entry rule rely on. It must say "new" exactly once per
// distinct string, whatever the order, through growth past what was
// reserved, and keep its own copies when asked to.
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "../src/flat_string_set.hpp"

namespace corsproof::lint {
namespace {

TEST(FlatStringSet, NewExactlyOncePerDistinctStringThroughGrowth) {
  std::mt19937 rng(3);
  for (std::size_t reserved : {std::size_t{0}, std::size_t{10}, std::size_t{5000}}) {
    std::vector<std::string> strings;
    for (int i = 0; i < 20000; ++i) {
      std::string s(rng() % 6, 'a');
      for (char& c : s) c = static_cast<char>('a' + rng() % 4);  // many repeats, the empty string among them
      strings.push_back(s);
    }
    flat_string_set set(reserved);
    std::set<std::string> model;
    for (const std::string& s : strings)
      ASSERT_EQ(set.insert_view(s), model.insert(s).second) << "'" << s << "', reserved " << reserved;
    EXPECT_EQ(set.size(), model.size());
  }
}

TEST(FlatStringSet, CopiesOutliveTheirSource) {
  flat_string_set set;
  std::string key;
  for (int i = 0; i < 1000; ++i) {
    key = "entry-" + std::to_string(i);
    ASSERT_TRUE(set.insert_copy(key));
  }
  key.assign(64, 'x');  // the source changes: the set compares with its copies
  for (int i = 0; i < 1000; ++i) EXPECT_FALSE(set.insert_copy("entry-" + std::to_string(i))) << i;
  EXPECT_TRUE(set.insert_copy("entry-1000"));
  EXPECT_EQ(set.size(), 1001u);
}

}  // namespace
}  // namespace corsproof::lint

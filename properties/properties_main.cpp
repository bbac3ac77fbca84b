// main() for the RapidCheck property executable: a fixed, CI-sized budget
// unless the caller chose one. RapidCheck reads RC_PARAMS once, lazily, when
// the first property runs, so setting it here (before any test) is enough.
// An explicit RC_PARAMS (even an empty one) always wins.
#include <gtest/gtest.h>

#include <cstdlib>

int main(int argc, char** argv) {
  ::setenv("RC_PARAMS", "max_success=2000 seed=20261122", /*overwrite=*/0);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}

#!/bin/bash -eu
# ClusterFuzzLite runs this inside .clusterfuzzlite/Dockerfile's image: the
# same build as OSS-Fuzz, fuzz/build.sh.
exec bash "$SRC/corsproof/fuzz/build.sh"

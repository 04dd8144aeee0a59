#!/usr/bin/env bash
# Every test: install what is missing, build everything (benchmarks too, so they keep
# compiling), run the unit, golden, handler and real-terraform tests through ctest.
# Tests that need terraform find the provider mirror themselves (STACKGEN_PROVIDER_MIRROR
# overrides) and say loudly when they must skip.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DSTACKGEN_BUILD_TESTS=ON -DSTACKGEN_BUILD_BENCH=ON >/dev/null
cmake --build build -j"$(nproc)"
cd build
ctest --output-on-failure -j"$(nproc)" --timeout 900

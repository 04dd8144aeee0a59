#!/usr/bin/env bash
# The main job: install what is missing, build `stackgen`, synthesize the project's stack.
# Usage: scripts/synth.sh [stackgen synth options, e.g. --context environment=dev]
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DSTACKGEN_BUILD_TESTS=OFF -DSTACKGEN_BUILD_BENCH=OFF >/dev/null
cmake --build build --target stackgen_main lambda_zip -j"$(nproc)"
./build/stackgen synth --verbose "$@"

#!/usr/bin/env bash
# Runs the tests under AddressSanitizer (all of them) and ThreadSanitizer (those that use threads:
# evaluation, batched training, the optimizers, the toolkit's commands), each in its own build folder.
# Usage: Scripts/sanitize.sh [address|thread|all]
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-all}
# The Swift runtime's crash handler reads memory ASan guards; let the sanitizer report instead.
export SWIFT_BACKTRACE=enable=no
# Tells the tests that bound memory with ulimit that the sanitizer needs its address space.
export DIGITS_SANITIZER=$which
export LSAN_OPTIONS=suppressions=$PWD/Scripts/lsan-suppressions.txt
if [ "$which" = address ] || [ "$which" = all ]; then
  echo "sanitize: AddressSanitizer, every test"
  swift test -c release --sanitize=address --scratch-path .build-asan
fi
if [ "$which" = thread ] || [ "$which" = all ]; then
  echo "sanitize: ThreadSanitizer, the tests that use threads"
  # OpenBLAS is not instrumented: TSan checks our threads (Dispatch workers, evaluation) only.
  swift test -c release --sanitize=thread --scratch-path .build-tsan \
    --filter "NetworkTests|OptimizerTests|ToolkitGradientTests|ModelFileVersion2Tests|HostileInputTests|TrainingAccuracyTests"
fi
